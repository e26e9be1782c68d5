//! Conversions between claimcheck's model and other crates' X12 types.
//! Each sits behind a cargo feature named after the crate, off by default:
//!
//! - [`x12_types`] (feature `x12-types`): the 835 model and the crates.io
//!   crate `x12-types`' v005010 `_835`.

pub mod x12_types;
