//! Each SIT rule on its failing fixture: the exact finding (rule,
//! segment, element, line, claim, message); and no finding at all on the
//! passing fixtures of `fixtures/sit`.

use crate::common;

use claimcheck::validate_bytes;
use common::{Exact, exact, exact_of, fixture, fixture_bytes};

type Got = Exact;

fn findings(name: &str) -> Vec<Got> {
    let bytes = fixture_bytes(&format!("sit/{name}.x12"));
    validate_bytes(&bytes).findings.iter().map(exact).collect()
}

/// A SIT finding (SIT rules cite no profile).
fn one(rule: &str, seg: &str, element: &str, line: u64, claim: &str, message: &str) -> Vec<Got> {
    vec![exact_of(rule, seg, element, line, claim, message, "")]
}

#[test]
fn sit001_replacement_without_ref_f8() {
    assert_eq!(
        findings("SIT001_replacement_without_ref_f8"),
        one(
            "SIT001",
            "CLM",
            "CLM05-03",
            20,
            "CC-0001",
            "claim frequency 7 makes this a replacement of a prior claim, but the claim has no REF*F8 (payer claim control number of that claim)"
        )
    );
}

#[test]
fn sit002_same_claim_id_twice() {
    let bytes = fixture_bytes("sit/SIT002_same_claim_id_twice.x12");
    let report = validate_bytes(&bytes);
    assert_eq!(
        findings("SIT002_same_claim_id_twice"),
        one(
            "SIT002",
            "CLM",
            "CLM01",
            25,
            "CC-0001",
            "claim id CC-0001 is already used by an earlier claim (its CLM is segment 20 of the file)"
        )
    );
    let related = &report.findings[0].related;
    assert_eq!(related.len(), 1);
    assert_eq!(
        (related[0].segment_id.as_str(), related[0].line),
        ("CLM", 20)
    );
}

#[test]
fn passing_fixtures_have_no_findings() {
    let mut names: Vec<String> = std::fs::read_dir(fixture("sit"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("ok_") && n.ends_with(".x12"))
        .map(|n| n.trim_end_matches(".x12").to_string())
        .collect();
    names.sort();
    assert_eq!(names.len(), 10, "{names:?}");
    for name in &names {
        assert_eq!(findings(name), Vec::<Got>::new(), "{name}");
    }
}

#[test]
fn sit003_service_date_in_the_future() {
    let got = findings("SIT003_service_date_in_2099");
    assert_eq!(got.len(), 1, "{got:#?}");
    let (rule, seg, element, line, claim, message, _) = &got[0];
    assert_eq!(
        (
            rule.as_str(),
            seg.as_str(),
            element.as_str(),
            *line,
            claim.as_str()
        ),
        ("SIT003", "DTP", "DTP03", 24, "CC-0001")
    );
    assert!(
        message.starts_with("date of service 20990310 is after today (20"),
        "{message}"
    );
}

#[test]
fn sit004_rendering_provider_is_the_billing_provider() {
    assert_eq!(
        findings("SIT004_rendering_is_billing"),
        one(
            "SIT004",
            "NM1",
            "NM109",
            22,
            "CC-0001",
            "rendering provider NPI 1234567893 is the billing provider's NPI (2010AA); the guide says to omit 2310B when they are the same"
        )
    );
}

#[test]
fn sit005_patient_level_under_a_self_subscriber() {
    assert_eq!(
        findings("SIT005_patient_level_for_self"),
        one(
            "SIT005",
            "PAT",
            "",
            21,
            "CC-0001",
            "patient level (2000C) under a subscriber whose SBR02 is 18 (the subscriber is the patient): send 2000C only for a dependent"
        )
    );
}

/// Two patient levels without a PAT, under two self subscribers: one
/// finding for each level, at its HL. Levels were told apart by their
/// address, and the second level, allocated where the first had been,
/// passed for it (found by the `validate` fuzz target: the two front ends
/// disagreed).
#[test]
fn sit005_each_patient_level_without_pat_at_its_hl() {
    let message = "patient level (2000C) under a subscriber whose SBR02 is 18 (the subscriber is the patient): send 2000C only for a dependent";
    let missing_pat = "required segment PAT (Patient Information) is missing from loop 2000C (Patient Hierarchical Level)";
    assert_eq!(
        findings("SIT005_patient_levels_without_pat"),
        vec![
            exact_of("SIT005", "HL", "", 20, "CC-0001", message, ""),
            exact_of("SYN002", "NM1", "", 21, "", missing_pat, ""),
            exact_of("SIT005", "HL", "", 37, "CC-0002", message, ""),
            exact_of("SYN002", "NM1", "", 38, "", missing_pat, ""),
        ]
    );
}

/// Two claims stand under the level: one finding, on the first.
#[test]
fn sit006_no_patient_level_reported_once_per_subscriber() {
    assert_eq!(
        findings("SIT006_no_patient_level"),
        one(
            "SIT006",
            "SBR",
            "SBR02",
            14,
            "CC-0001",
            "SBR02 is empty (the subscriber is not the patient) but claim CC-0001 has no patient level (2000C)"
        )
    );
}

#[test]
fn sit007_line_date_after_the_statement_period() {
    let bytes = fixture_bytes("sit/SIT007_line_after_statement.x12");
    assert_eq!(
        validate_bytes(&bytes).findings[0].service_line.as_deref(),
        Some("1")
    );
    assert_eq!(
        findings("SIT007_line_after_statement"),
        one(
            "SIT007",
            "DTP",
            "DTP03",
            27,
            "CC-0001",
            "line date of service 20260309 is outside the statement period 20260301-20260305 (DTP*434)"
        )
    );
}

#[test]
fn sit008_inpatient_claim_without_admission_date() {
    assert_eq!(
        findings("SIT008_inpatient_without_admission"),
        one(
            "SIT008",
            "CLM",
            "CLM05-01",
            20,
            "CC-0001",
            "facility type 11 is an inpatient bill, but the claim has no admission date and hour (DTP*435)"
        )
    );
}

#[test]
fn sit009_diagnosis_pointer_past_the_diagnoses() {
    assert_eq!(
        findings("SIT009_pointer_past_diagnoses"),
        one(
            "SIT009",
            "SV1",
            "SV107-02",
            23,
            "CC-0001",
            "diagnosis pointer 3 points past the claim's 2 diagnosis code(s)"
        )
    );
}

#[test]
fn sit010_secondary_payer_without_other_subscriber() {
    assert_eq!(
        findings("SIT010_secondary_without_2320"),
        one(
            "SIT010",
            "SBR",
            "SBR01",
            14,
            "CC-0001",
            "SBR01 S sends claim CC-0001 to a secondary payer, but the claim has no other-subscriber loop (2320) for the payer before it"
        )
    );
}

#[test]
fn sit011_reversal_with_positive_amounts() {
    let got = findings("SIT011_reversal_positive");
    let want: Vec<Got> = [
        ("CLP03", "charge 100"),
        ("CLP04", "payment 75"),
    ]
    .iter()
    .flat_map(|(element, what)| {
        one(
            "SIT011",
            "CLP",
            element,
            13,
            "CC-0001",
            &format!(
                "reversal (CLP02 = 22) has a positive {what}; a reversal negates the amounts of the payment it reverses"
            ),
        )
    })
    .collect();
    assert_eq!(got, want);
}

#[test]
fn sit012_duplicate_service_line() {
    let bytes = fixture_bytes("sit/SIT012_duplicate_line.x12");
    let report = validate_bytes(&bytes);
    assert_eq!(
        findings("SIT012_duplicate_line"),
        one(
            "SIT012",
            "SV1",
            "",
            26,
            "CC-0001",
            "line 2 repeats line 1 (procedure 90837, same modifiers, service date and units)"
        )
    );
    let f = &report.findings[0];
    assert_eq!(f.service_line.as_deref(), Some("2"));
    assert_eq!(
        (f.related[0].segment_id.as_str(), f.related[0].line),
        ("SV1", 23)
    );
}

/// Two claims stand under the level: one finding, on the first.
#[test]
fn sit013_self_subscriber_without_demographics_reported_once() {
    assert_eq!(
        findings("SIT013_subscriber_without_dmg"),
        one(
            "SIT013",
            "NM1",
            "",
            15,
            "CC-0001",
            "the subscriber is the patient (SBR02 = 18) but the subscriber name loop (2010BA) has no DMG (birth date, gender)"
        )
    );
}

#[test]
fn sit014_auto_accident_without_accident_date() {
    assert_eq!(
        findings("SIT014_auto_accident_without_date"),
        one(
            "SIT014",
            "CLM",
            "CLM11-01",
            20,
            "CC-0001",
            "related cause AA says the claim follows an auto accident, but the claim has no accident date (DTP*439)"
        )
    );
}
