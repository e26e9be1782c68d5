//! SIT: situational rules (SNIP 4). What the guides require, or forbid,
//! only in some situations: a segment needed because of another's value,
//! dates that must agree, ids that must not repeat.

pub mod sit001_original_claim_number;
pub mod sit002_duplicate_claim_id;
pub mod sit003_future_service_date;
