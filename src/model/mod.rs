//! The typed model: claims (837P, 837I) and remittances (835) built from
//! the guide's loop tree, and their JSON form.
//!
//! [`parse_bytes`] and [`parse_reader`] return a whole [`Document`];
//! [`stream_bytes`] and [`stream_reader`] hand a [`ModelSink`] one claim
//! (or claim payment) at a time, so a file of any size is parsed with
//! flat memory. [`JsonWriter`] is the sink that writes the JSON form.
//!
//! Nothing is lost: segments the typed fields do not hold are kept whole
//! in the `other_segments` of the level they belong to (with their loop
//! and position), elements they do not hold in the segment's `extra`, and
//! each claim carries its billing provider, subscriber and patient levels
//! with their HL ids, so that a writer can produce the file again.
//! Amounts are [`Amount`]s: exact decimals that print as written.

mod adjustment;
mod amount;
mod at;
mod build835;
mod build837;
mod claim;
mod common;
mod csv_lines;
mod cursor;
mod envelope;
pub(crate) mod fields;
mod generate;
mod json;
mod parse;
mod party;
mod raw;
mod remit;
mod required;
mod schema;
mod sink;
mod text;
mod write835;
mod write837;
mod write_common;
mod write_out;

pub use adjustment::{Adjustment, AdjustmentReason, InpatientAdjudication, OutpatientAdjudication};
pub use amount::Amount;
pub use at::At;
pub use claim::{
    Admission, BeginHierarchy, BillingProvider, Claim, ClaimKind, ClaimTransaction, Drug,
    HealthCode, LevelWithoutClaims, LineAdjudication, OtherInsurance, OtherSubscriber, Patient,
    PatientInfo, Policy, RelatedCauses, ServiceLine, Subscriber, is_diagnosis_qualifier,
};
pub use common::{
    AmountRef, Attachment, Contact, ContactNumber, Currency, DateRef, DateTime, Note, Procedure,
    QuantityRef, Ref, Remark,
};
pub use csv_lines::{CsvKind, document_from_csv};
pub use envelope::{
    ClaimFileTransaction, Delimiters, Document, Group, Interchange, MODEL_VERSION,
    OtherTransaction, RemittanceFileTransaction, Transaction,
};
pub(crate) use generate::check_delimiters;
pub use generate::{GenerateOptions, generate};
pub use json::JsonWriter;
pub(crate) use parse::Driver;
pub use parse::{Parsed, parse_bytes, parse_reader, stream_bytes, stream_reader};
pub use party::{Address, Demographics, Party, ProviderInfo, Providers};
pub use raw::{Element, Extra, OtherSegment, RawSegment, Repeated, Value};
pub use remit::{
    ClaimPayment, HeaderNumber, HeaderWithoutClaims, Payment, ProviderAdjustment,
    ProviderAdjustmentItem, RemittanceKind, RemittanceTransaction, ServicePayment, Trace,
};
pub use schema::{claim_schema, remittance_schema};
pub use sink::{ModelSink, Problem, ProblemKind, TransactionRef};
pub use text::Text;
pub use write_out::GenerateProblem;
