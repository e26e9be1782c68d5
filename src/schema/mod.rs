//! Implementation-guide knowledge. For now: which guide a transaction set
//! follows.

pub mod kind;
