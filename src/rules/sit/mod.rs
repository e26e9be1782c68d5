//! SIT: situational rules (SNIP 4). What the guides require, or forbid,
//! only in some situations: a segment needed because of another's value,
//! dates that must agree, ids that must not repeat.

pub mod sit001_original_claim_number;
pub mod sit002_duplicate_claim_id;
pub mod sit003_future_service_date;
pub mod sit004_rendering_same_as_billing;
pub mod sit005_patient_level_for_self;
pub mod sit006_dependent_without_patient_level;
pub mod sit007_line_date_outside_statement;
pub mod sit008_admission_date_hour;
pub mod sit009_diagnosis_pointer;
pub mod sit010_other_payer_missing;
pub mod sit011_reversal_amounts;
pub mod sit012_duplicate_service_line;
pub mod sit013_subscriber_demographics;
pub mod sit014_accident_date;
