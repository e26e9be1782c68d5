//! CODE: external code sets (SNIP 5). Diagnosis codes against the shipped
//! ICD-10-CM release, procedure codes, modifiers, places of service, NPIs,
//! taxonomy codes, CARCs and RARCs by their published formats and lists
//! ([`crate::codesets`]); HCPCS Level II, taxonomy, CARC and RARC codes
//! also against the files the user loads.

pub mod code001_unknown_diagnosis;
pub mod code002_non_billable_diagnosis;
pub mod code003_icd9_qualifier;
pub mod code004_outside_icd10_release;
pub mod code005_procedure_code_format;
pub mod code006_modifier_format;
pub mod code007_place_of_service;
pub mod code008_npi_check_digit;
pub mod code009_taxonomy_code;
pub mod code010_adjustment_reason_code;
pub mod code011_remark_code;
pub mod code012_unknown_hcpcs;

use crate::model::{Claim, ClaimKind, HealthCode, ServiceLine};
use crate::rules::claim_checks::Place;

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

/// The 837 loop of a provider name by entity code, claim (2310x) or line
/// (2420x) level.
pub(crate) fn loop_of(kind: ClaimKind, line: bool, entity: &str) -> &'static str {
    match (kind, line, entity) {
        (ClaimKind::Professional, false, "DN" | "P3") => "2310A",
        (ClaimKind::Professional, false, "82") => "2310B",
        (ClaimKind::Professional, false, "77") => "2310C",
        (ClaimKind::Professional, false, "DQ") => "2310D",
        (ClaimKind::Professional, false, "PW") => "2310E",
        (ClaimKind::Professional, false, "45") => "2310F",
        (ClaimKind::Professional, true, "82") => "2420A",
        (ClaimKind::Professional, true, "QB") => "2420B",
        (ClaimKind::Professional, true, "77") => "2420C",
        (ClaimKind::Professional, true, "DQ") => "2420D",
        (ClaimKind::Professional, true, "DK") => "2420E",
        (ClaimKind::Professional, true, "DN" | "P3") => "2420F",
        (ClaimKind::Professional, true, "PW") => "2420G",
        (ClaimKind::Professional, true, "45") => "2420H",
        (ClaimKind::Institutional, false, "71") => "2310A",
        (ClaimKind::Institutional, false, "72") => "2310B",
        (ClaimKind::Institutional, false, "ZZ") => "2310C",
        (ClaimKind::Institutional, false, "82") => "2310D",
        (ClaimKind::Institutional, false, "77") => "2310E",
        (ClaimKind::Institutional, false, "DN") => "2310F",
        (ClaimKind::Institutional, true, "72") => "2420A",
        (ClaimKind::Institutional, true, "ZZ") => "2420B",
        (ClaimKind::Institutional, true, "82") => "2420C",
        (ClaimKind::Institutional, true, "DN") => "2420D",
        (_, false, _) => "2310",
        (_, true, _) => "2420",
    }
}

/// How a message names a provider: `the billing provider (NM1*85)`.
pub(crate) fn entity_name(entity: &str) -> String {
    let name = match entity {
        "85" => "the billing provider",
        "82" => "the rendering provider",
        "DN" => "the referring provider",
        "P3" => "the primary care provider",
        "71" => "the attending provider",
        "72" => "the operating provider",
        "ZZ" => "the other operating provider",
        "77" => "the service facility",
        "DQ" => "the supervising provider",
        "DK" => "the ordering provider",
        "QB" => "the purchased service provider",
        _ => return format!("NM1*{entity}"),
    };
    format!("{name} (NM1*{entity})")
}

/// The service lines whose procedure is a HCPCS/CPT code (qualifier `HC`),
/// with the code and the place of SV101-02 (837P) or SV202-02 (837I).
pub(crate) fn hc_procedures(
    claim: &Claim,
    kind: ClaimKind,
) -> impl Iterator<Item = (&ServiceLine, &[u8], Place)> {
    let (segment, element) = match kind {
        ClaimKind::Professional => ("SV1", 1),
        ClaimKind::Institutional => ("SV2", 2),
    };
    claim.lines.iter().filter_map(move |line| {
        let p = line.procedure.as_ref()?;
        let code = p.code.as_ref()?;
        (p.qualifier.as_str() == "HC").then(|| {
            (
                line,
                code.as_str().as_bytes(),
                Place::new(line.service_at, segment, element, "2400").component(2),
            )
        })
    })
}
