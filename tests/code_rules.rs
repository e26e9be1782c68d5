//! Each CODE rule on its failing fixture: the exact finding (rule,
//! segment, element, segment index, line, service line, message); and no
//! finding at all on the passing fixtures of `fixtures/code`.

mod common;

use claimcheck::validate_bytes;
use common::fixture;

/// (rule, segment id, element, segment index, line, service line, message)
type Got = (String, String, String, u64, u64, String, String);

fn findings(name: &str) -> Vec<Got> {
    let bytes = std::fs::read(fixture(&format!("code/{name}.x12"))).unwrap();
    validate_bytes(&bytes)
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.segment_id.clone().unwrap_or_default(),
                f.element.clone().unwrap_or_default(),
                f.segment_index.unwrap_or(u64::MAX),
                f.line.unwrap_or(0),
                f.service_line.clone().unwrap_or_default(),
                f.message.clone(),
            )
        })
        .collect()
}

fn got(rule: &str, seg: &str, element: &str, index: u64, line: &str, message: &str) -> Got {
    (
        rule.to_string(),
        seg.to_string(),
        element.to_string(),
        index,
        index + 1,
        line.to_string(),
        message.to_string(),
    )
}

#[test]
fn passing_fixtures_have_no_findings() {
    for name in ["ok_837p_codes", "ok_837p_header_free_codes"] {
        assert_eq!(findings(name), Vec::<Got>::new(), "{name}");
    }
}

#[test]
fn code001_unknown_diagnosis_points_at_its_composite() {
    assert_eq!(
        findings("CODE001_unknown_diagnosis"),
        [got(
            "CODE001",
            "HI",
            "HI02-02",
            20,
            "",
            "diagnosis code F3299 (ABF) is not in ICD-10-CM FY2026, April 1, 2026 update"
        )]
    );
}

#[test]
fn code002_header_code_is_not_billable() {
    assert_eq!(
        findings("CODE002_header_code"),
        [got(
            "CODE002",
            "HI",
            "HI01-02",
            20,
            "",
            "diagnosis code F32 is a header in ICD-10-CM: it has subcodes and is not billable"
        )]
    );
}

#[test]
fn code003_icd9_qualifiers_are_each_reported() {
    assert_eq!(
        findings("CODE003_icd9_qualifier"),
        [
            got(
                "CODE003",
                "HI",
                "HI01-01",
                20,
                "",
                "qualifier BK names ICD-9-CM; ICD-10-CM diagnoses use ABK"
            ),
            got(
                "CODE003",
                "HI",
                "HI02-01",
                20,
                "",
                "qualifier BF names ICD-9-CM; ICD-10-CM diagnoses use ABF"
            ),
        ]
    );
}

#[test]
fn code004_service_date_outside_the_release_is_a_warning() {
    assert_eq!(
        findings("CODE004_service_date_2024"),
        [got(
            "CODE004",
            "DTP",
            "DTP03",
            23,
            "1",
            "date of service 20240615 is outside ICD-10-CM FY2026, April 1, 2026 update (20251001 to 20260930); its diagnoses were not checked against the release in force then"
        )]
    );
    let bytes = std::fs::read(fixture("code/CODE004_service_date_2024.x12")).unwrap();
    let report = validate_bytes(&bytes);
    assert_eq!(
        report.findings[0].severity,
        claimcheck::diagnostic::Severity::Warning
    );
}

#[test]
fn code005_procedure_code_of_no_known_shape() {
    assert_eq!(
        findings("CODE005_procedure_format"),
        [got(
            "CODE005",
            "SV1",
            "SV101-02",
            22,
            "1",
            "procedure code 9083 is neither a CPT code (5 digits, or 4 digits and F, T, U or M) nor a HCPCS Level II code (a letter A-V and 4 digits)"
        )]
    );
}

#[test]
fn code006_lower_case_modifier() {
    assert_eq!(
        findings("CODE006_modifier_format"),
        [got(
            "CODE006",
            "SV1",
            "SV101-03",
            25,
            "2",
            "modifier ho is not 2 upper-case letters or digits"
        )]
    );
}

#[test]
fn code007_unassigned_place_of_service() {
    assert_eq!(
        findings("CODE007_place_of_service"),
        [got(
            "CODE007",
            "CLM",
            "CLM05-01",
            19,
            "",
            "place of service 28 is not in the CMS place-of-service list"
        )]
    );
}

#[test]
fn code008_npi_with_a_wrong_check_digit() {
    assert_eq!(
        findings("CODE008_npi_check_digit"),
        [got(
            "CODE008",
            "NM1",
            "NM109",
            8,
            "",
            "NPI 1234567890 of the billing provider (NM1*85) ends in check digit 0, expected 3"
        )]
    );
}
