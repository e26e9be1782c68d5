//! claimcheck: validate, parse and reconcile X12 5010 health-care claim files.
//!
//! Data flows one way: bytes -> [`x12::tokenizer`] -> [`x12::envelope`] ->
//! [`schema::loops`] (the guide's loop tree, one transaction set at a time)
//! -> [`rules`] -> [`diagnostic::Finding`]s -> [`diagnostic::render`]. Library
//! functions take bytes or a reader, never paths, keep no global state and
//! print nothing; the CLI in [`cli`] is the only part that touches files
//! and terminals.
//!
//! ```
//! let isa = "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       \
//!            *260101*1200*^*00501*000000001*0*T*:~";
//! let file = format!("{isa}GS*HC*SENDER*RECEIVER*20260101*1200*1*X*005010X222A1~\
//!                     ST*837*0001*005010X222A1~SE*2*0001~GE*1*1~IEA*1*000000002~");
//! let report = claimcheck::validate_bytes(file.as_bytes());
//! assert_eq!(report.envelopes.kinds.get("837P"), Some(&1));
//! let codes: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
//! // The set is only ST and SE: the required BHT is missing (reported at
//! // the SE), and IEA02 does not repeat ISA13.
//! assert_eq!(codes, ["SYN002", "ENV008"]);
//! assert_eq!(report.findings[1].element.as_deref(), Some("IEA02"));
//! ```

pub mod ack;
pub mod cli;
pub mod codesets;
pub mod config;
pub mod diagnostic;
pub(crate) mod huge_table;
#[cfg(feature = "x12-types")]
pub mod interop;
pub mod manifest;
pub mod model;
pub(crate) mod prefetch;
pub mod profile;
pub mod rules;
pub mod schema;
pub mod synth;
pub mod validate;
pub mod x12;

pub use validate::{FileReport, validate_bytes, validate_reader};
