//! Each CODE rule on its failing fixture: the exact finding (rule,
//! segment, element, segment index, line, service line, message); and no
//! finding at all on the passing fixtures of `fixtures/code`. The rules
//! that check against a loaded list (CODE009-CODE012) run with and
//! without the test code files of tests/data/codesets.

use crate::common;

use claimcheck::diagnostic::Finding;
use claimcheck::validate_bytes;
use common::{fixture, validate_with_test_codes};

/// (rule, segment id, element, segment index, line, service line, message)
type Got = (String, String, String, u64, u64, String, String);

fn findings(name: &str) -> Vec<Got> {
    let bytes = std::fs::read(fixture(&format!("code/{name}.x12"))).unwrap();
    got_of(&validate_bytes(&bytes).findings)
}

/// The findings with the test code files loaded.
fn findings_loaded(name: &str) -> Vec<Got> {
    let bytes = std::fs::read(fixture(&format!("code/{name}.x12"))).unwrap();
    got_of(&validate_with_test_codes(&bytes).findings)
}

fn got_of(findings: &[Finding]) -> Vec<Got> {
    findings
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
    for name in [
        "ok_837p_codes",
        "ok_837p_header_free_codes",
        "ok_837p_provider_codes",
        "ok_835_remittance_codes",
    ] {
        assert_eq!(findings(name), Vec::<Got>::new(), "{name}");
        assert_eq!(findings_loaded(name), Vec::<Got>::new(), "{name} (loaded)");
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

/// A range (RD8) is outside the release when either end is: the first
/// end outside it is named. A one-day date inside it is not a finding.
#[test]
fn code004_a_range_is_judged_by_each_end() {
    let bytes = std::fs::read(fixture("code/CODE004_service_date_2024.x12")).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    for (dtp, outside) in [
        ("DTP*472*RD8*20260301-20240615", Some("20240615")),
        ("DTP*472*RD8*20240601-20260301", Some("20240601")),
        ("DTP*472*RD8*20260301-20260315", None),
        ("DTP*472*D8*20260301", None),
    ] {
        let changed = text.replace("DTP*472*D8*20240615", dtp);
        let report = validate_bytes(changed.as_bytes());
        let code004: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == "CODE004")
            .map(|f| f.message.split(' ').nth(3).unwrap_or_default().to_string())
            .collect();
        assert_eq!(code004, outside.into_iter().collect::<Vec<_>>(), "{dtp}");
    }
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

const TAXONOMY_SHAPE: &str = "is not a taxonomy code (9 upper-case letters or digits and X)";

#[test]
fn code009_malformed_taxonomy_codes_with_or_without_a_list() {
    let want = [
        got(
            "CODE009",
            "PRV",
            "PRV03",
            8,
            "",
            &format!("taxonomy code 101YM080X of the billing provider (NM1*85) {TAXONOMY_SHAPE}"),
        ),
        got(
            "CODE009",
            "PRV",
            "PRV03",
            26,
            "1",
            &format!(
                "taxonomy code 2084p0800X of the rendering provider (NM1*82) {TAXONOMY_SHAPE}"
            ),
        ),
    ];
    assert_eq!(findings("CODE009_taxonomy_format"), want);
    // A malformed code is reported once, not again as unknown.
    assert_eq!(findings_loaded("CODE009_taxonomy_format"), want);
}

#[test]
fn code009_taxonomy_code_missing_from_the_loaded_list() {
    assert_eq!(findings("CODE009_unknown_taxonomy"), Vec::<Got>::new());
    assert_eq!(
        findings_loaded("CODE009_unknown_taxonomy"),
        [got(
            "CODE009",
            "PRV",
            "PRV03",
            8,
            "",
            "taxonomy code 101YM0801X of the billing provider (NM1*85) is not in the loaded NUCC taxonomy file"
        )]
    );
}

const CARC_SHAPE: &str = "is not a claim adjustment reason code (1 to 3 digits, or A, B, D, P, W or Y and 1 or 2 digits)";

#[test]
fn code010_malformed_reason_codes_in_835_cas() {
    let want = [
        got(
            "CODE010",
            "CAS",
            "CAS02",
            16,
            "",
            &format!("reason code N362 (group CO) {CARC_SHAPE}"),
        ),
        got(
            "CODE010",
            "CAS",
            "CAS05",
            17,
            "",
            &format!("reason code 0 (group PR) {CARC_SHAPE}"),
        ),
    ];
    assert_eq!(findings("CODE010_reason_code_format"), want);
    assert_eq!(findings_loaded("CODE010_reason_code_format"), want);
}

#[test]
fn code010_malformed_reason_codes_in_837_other_payer_cas() {
    let want = [
        got(
            "CODE010",
            "CAS",
            "CAS02",
            22,
            "",
            &format!("reason code A (group PR) {CARC_SHAPE}"),
        ),
        got(
            "CODE010",
            "CAS",
            "CAS02",
            31,
            "1",
            &format!("reason code 045 (group CO) {CARC_SHAPE}"),
        ),
    ];
    assert_eq!(findings("CODE010_cob_reason_code_format"), want);
    let bytes = std::fs::read(fixture("code/CODE010_cob_reason_code_format.x12")).unwrap();
    let loops: Vec<Option<String>> = validate_bytes(&bytes)
        .findings
        .iter()
        .map(|f| f.loop_id.clone())
        .collect();
    assert_eq!(loops, [Some("2320".into()), Some("2430".into())]);
}

#[test]
fn code010_reason_code_missing_from_the_loaded_list() {
    assert_eq!(findings("CODE010_unknown_carc"), Vec::<Got>::new());
    assert_eq!(
        findings_loaded("CODE010_unknown_carc"),
        [got(
            "CODE010",
            "CAS",
            "CAS02",
            16,
            "",
            "reason code 97 (group CO) is not in the loaded CARC list"
        )]
    );
}

const RARC_SHAPE: &str = "is not a remittance advice remark code (M, MA or N and 1 to 4 digits)";

#[test]
fn code011_malformed_remark_codes_in_moa_and_lq_he_but_not_lq_rx() {
    let want = [
        got(
            "CODE011",
            "MOA",
            "MOA04",
            14,
            "",
            &format!("remark code 45 {RARC_SHAPE}"),
        ),
        got(
            "CODE011",
            "LQ",
            "LQ02",
            20,
            "",
            &format!("remark code N36A {RARC_SHAPE}"),
        ),
    ];
    assert_eq!(findings("CODE011_remark_code_format"), want);
    assert_eq!(findings_loaded("CODE011_remark_code_format"), want);
}

#[test]
fn code011_malformed_remark_code_in_837_other_payer_moa() {
    assert_eq!(
        findings("CODE011_cob_remark_code_format"),
        [got(
            "CODE011",
            "MOA",
            "MOA04",
            25,
            "",
            &format!("remark code B7 {RARC_SHAPE}")
        )]
    );
}

#[test]
fn code011_remark_code_missing_from_the_loaded_list() {
    assert_eq!(findings("CODE011_unknown_rarc"), Vec::<Got>::new());
    assert_eq!(
        findings_loaded("CODE011_unknown_rarc"),
        [got(
            "CODE011",
            "LQ",
            "LQ02",
            19,
            "",
            "remark code N9999 is not in the loaded RARC list"
        )]
    );
}

#[test]
fn code012_hcpcs_code_missing_from_the_loaded_file() {
    // Without a file nothing can be said: H0005 has the HCPCS shape.
    assert_eq!(findings("CODE012_unknown_hcpcs"), Vec::<Got>::new());
    // 90834 (line 1) is not in the file either, but it is CPT and left
    // alone; H0005 is not in the file.
    assert_eq!(
        findings_loaded("CODE012_unknown_hcpcs"),
        [got(
            "CODE012",
            "SV1",
            "SV101-02",
            25,
            "2",
            "procedure code H0005 is not in the loaded HCPCS Level II file"
        )]
    );
}
