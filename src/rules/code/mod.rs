//! CODE: external code sets (SNIP 5). Diagnosis codes against the shipped
//! ICD-10-CM release, procedure codes, modifiers, places of service and
//! NPIs by their published formats and lists ([`crate::codesets`]).

pub mod code001_unknown_diagnosis;
pub mod code002_non_billable_diagnosis;
pub mod code003_icd9_qualifier;
pub mod code004_outside_icd10_release;
pub mod code005_procedure_code_format;
pub mod code006_modifier_format;
pub mod code007_place_of_service;
pub mod code008_npi_check_digit;

use crate::model::{Claim, HealthCode};

/// The claim's HI composites with their element number in their HI
/// segment (HI01 is 1): composites of one HI share its position, so the
/// element is the composite's ordinal among neighbours at that position.
pub(crate) fn hi_composites(claim: &Claim) -> impl Iterator<Item = (u8, &HealthCode)> {
    let mut previous: Option<u64> = None;
    let mut element = 0u8;
    claim.health_codes.iter().map(move |h| {
        let here = h.at.is_known().then_some(h.at.segment_index);
        if here.is_some() && here == previous {
            element = element.saturating_add(1);
        } else {
            element = 1;
        }
        previous = here;
        (element, h)
    })
}
