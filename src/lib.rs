//! claimcheck: validate, parse and reconcile X12 5010 health-care claim files.
//!
//! Data flows one way: bytes -> [`x12::tokenizer`] -> [`x12::envelope`] ->
//! [`rules`] -> [`diagnostic::Finding`]s -> [`diagnostic::render`]. Library
//! functions take bytes or a reader, never paths, keep no global state and
//! print nothing; the CLI in [`cli`] is the only part that touches files
//! and terminals.

pub mod cli;
pub mod diagnostic;
pub mod rules;
pub mod schema;
pub mod synth;
pub mod validate;
pub mod x12;

pub use validate::{FileReport, validate_bytes, validate_reader};
