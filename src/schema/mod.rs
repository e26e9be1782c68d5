//! Implementation-guide knowledge: which guide a transaction set follows
//! and what that guide defines.

pub mod elements;
pub mod guide;
pub mod kind;
pub mod loops;
