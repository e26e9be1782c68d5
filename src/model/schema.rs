//! JSON Schemas (draft 2020-12) of the model's JSON form, generated from
//! the types, so that `schemas/claim.schema.json` and
//! `schemas/remittance.schema.json` cannot drift from what `parse` writes
//! (a test compares the files with these).

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use super::envelope::{ClaimFileTransaction, Document, RemittanceFileTransaction};

fn schema_of<T: JsonSchema>(id: &str, title: &str, description: &str) -> Schema {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("$id".into(), id.into());
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    schema
}

/// The schema of `claimcheck parse` output for a file of 837 claims.
pub fn claim_schema() -> Schema {
    schema_of::<Document<ClaimFileTransaction>>(
        "https://example.invalid/claimcheck/schemas/claim.schema.json",
        "claimcheck parse: 837 claims",
        "The typed model of an X12 file of 837P (005010X222A1) or 837I (005010X223A2) claims, as `claimcheck parse` prints it. Amounts are exact decimals in strings. Segments the typed fields do not hold are kept in `other_segments` and `extra`.",
    )
}

/// The schema of `claimcheck parse` output for a file of 835 remittances.
pub fn remittance_schema() -> Schema {
    schema_of::<Document<RemittanceFileTransaction>>(
        "https://example.invalid/claimcheck/schemas/remittance.schema.json",
        "claimcheck parse: 835 remittances",
        "The typed model of an X12 file of 835 (005010X221A1) remittances, as `claimcheck parse` prints it. Amounts are exact decimals in strings. Segments the typed fields do not hold are kept in `other_segments` and `extra`.",
    )
}
