//! Each SIT rule on its failing fixture: the exact finding (rule,
//! segment, element, line, claim, message); and no finding at all on the
//! passing fixtures of `fixtures/sit`.

mod common;

use claimcheck::validate_bytes;
use common::fixture;

/// (rule, segment id, element, line, claim id, message)
type Got = (String, String, String, u64, String, String);

fn findings(name: &str) -> Vec<Got> {
    let bytes = std::fs::read(fixture(&format!("sit/{name}.x12"))).unwrap();
    validate_bytes(&bytes)
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.segment_id.clone().unwrap_or_default(),
                f.element.clone().unwrap_or_default(),
                f.line.unwrap_or(0),
                f.claim_id.clone().unwrap_or_default(),
                f.message.clone(),
            )
        })
        .collect()
}

fn one(rule: &str, seg: &str, element: &str, line: u64, claim: &str, message: &str) -> Vec<Got> {
    vec![(
        rule.to_string(),
        seg.to_string(),
        element.to_string(),
        line,
        claim.to_string(),
        message.to_string(),
    )]
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
    let bytes = std::fs::read(fixture("sit/SIT002_same_claim_id_twice.x12")).unwrap();
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
    for name in ["ok_replacement_with_ref_f8", "ok_two_claims"] {
        assert_eq!(findings(name), Vec::<Got>::new(), "{name}");
    }
}

#[test]
fn sit003_service_date_in_the_future() {
    let got = findings("SIT003_service_date_in_2099");
    assert_eq!(got.len(), 1, "{got:#?}");
    let (rule, seg, element, line, claim, message) = &got[0];
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
