//! Each BAL rule on its failing fixture: the exact finding (rule,
//! segment, element, line, segment index, message); and no finding at
//! all on the balanced fixtures.

use crate::common;

use claimcheck::validate_bytes;
use common::fixture;

/// (rule, segment id, element, line, segment index, claim id, message)
type Expect = (
    &'static str,
    &'static str,
    &'static str,
    u64,
    u64,
    &'static str,
    &'static str,
);

fn expectations() -> Vec<(&'static str, Vec<Expect>)> {
    vec![
        (
            "BAL001_claim_total",
            vec![(
                "BAL001",
                "CLM",
                "CLM02",
                20,
                19,
                "CC-0001",
                "claim total 250 differs from the sum of its 2 line charge(s) (SV102) 225.00",
            )],
        ),
        (
            "BAL002_service_payment",
            vec![(
                "BAL002",
                "SVC",
                "SVC03",
                16,
                15,
                "CC-0001",
                "service line charge 100 minus paid 75 is 25.00, but its adjustments sum to 15.00",
            )],
        ),
        (
            "BAL003_claim_payment",
            vec![(
                "BAL003",
                "CLP",
                "CLP04",
                13,
                12,
                "CC-0001",
                "claim charge 100 minus paid 75 is 25.00, but the adjustments sum to 30.00 (5.00 at claim level, 25.00 on lines)",
            )],
        ),
        (
            "BAL004_patient_responsibility",
            vec![(
                "BAL004",
                "CLP",
                "CLP05",
                13,
                12,
                "CC-0001",
                "patient responsibility 20 differs from the sum of the PR adjustments 10.00",
            )],
        ),
        (
            "BAL005_payment_total",
            vec![(
                "BAL005",
                "BPR",
                "BPR02",
                4,
                3,
                "",
                "total payment 75 differs from the 1 claim payment(s) 75.00 minus the provider adjustments 30.00 = 45.00",
            )],
        ),
        (
            "BAL006_line_adjudication",
            vec![(
                "BAL006",
                "SVD",
                "SVD02",
                31,
                30,
                "CC-0002",
                "payer PAYER01 paid 80 and adjusted 30.00 on this line, 110.00 in all, but the line charge (SV102) is 120",
            )],
        ),
        (
            "BAL007_other_payer_claim",
            vec![(
                "BAL007",
                "AMT",
                "AMT02",
                24,
                23,
                "CC-0002",
                "other payer PAYER01 paid 60 and adjusted 20.00 on the claim and 30.00 on lines, 110.00 in all, but the claim charge (CLM02) is 120",
            )],
        ),
        (
            "BAL008_claim_paid_from_lines",
            vec![(
                "BAL008",
                "CLP",
                "CLP04",
                13,
                12,
                "CC-0001",
                "claim paid 75, but its 1 service line payment(s) (SVC03) 75.00 minus the claim-level adjustments 50.00 is 25.00; the lines' charges (SVC02) sum to 100.00, the claim charge (CLP03) is 150",
            )],
        ),
        (
            "BAL009_other_payer_paid_from_lines",
            vec![(
                "BAL009",
                "AMT",
                "AMT02",
                24,
                23,
                "CC-0002",
                "other payer PAYER01 paid 150 (AMT*D), but its line payments (SVD02) 90.00 minus its claim-level adjustments 20.00 are 70.00; it adjudicated 1 of the claim's 2 line(s)",
            )],
        ),
    ]
}

#[test]
fn each_bal_rule_fires_exactly_on_its_fixture() {
    for (name, expected) in expectations() {
        let bytes = std::fs::read(fixture(&format!("bal/{name}.x12"))).unwrap();
        let report = validate_bytes(&bytes);
        let got: Vec<Expect> = report
            .findings
            .iter()
            .map(|f| {
                (
                    f.rule,
                    leak(f.segment_id.clone().unwrap_or_default()),
                    leak(f.element.clone().unwrap_or_default()),
                    f.line.unwrap_or(0),
                    f.segment_index.unwrap_or(u64::MAX),
                    leak(f.claim_id.clone().unwrap_or_default()),
                    leak(f.message.clone()),
                )
            })
            .collect();
        assert_eq!(got, expected, "{name}");
        // The finding shows its segment, with the caret under the element.
        for f in &report.findings {
            let source = f.source.as_ref().expect("segment text shown");
            assert!(
                source.text.starts_with(f.segment_id.as_deref().unwrap()),
                "{name}: {source:?}"
            );
            assert_eq!(source.span.is_some(), f.element.is_some(), "{name}");
            assert_eq!(f.transaction.as_deref(), Some("0001"));
            assert_eq!(f.interchange.as_deref(), Some("000000101"));
        }
    }
}

#[test]
fn balanced_files_have_no_findings() {
    for name in [
        "ok_837p_two_lines",
        "ok_837p_cob",
        "ok_837p_cob_two_lines",
        "ok_835_balanced",
        "ok_835_claim_level_adjustment",
        "ok_835_with_provider_adjustment",
    ] {
        let bytes = std::fs::read(fixture(&format!("bal/{name}.x12"))).unwrap();
        let report = validate_bytes(&bytes);
        assert!(report.findings.is_empty(), "{name}: {:#?}", report.findings);
    }
}

/// The rich model samples (every loop the model reads, COB, a reversal,
/// a denial, provider adjustments) balance, and are clean otherwise.
#[test]
fn rich_model_samples_have_no_findings() {
    for name in ["ok_rich_837p", "ok_rich_837i", "ok_rich_835"] {
        for dir in ["model", "syn"] {
            let bytes = std::fs::read(fixture(&format!("{dir}/{name}.x12"))).unwrap();
            let report = validate_bytes(&bytes);
            assert!(
                report.findings.is_empty(),
                "{dir}/{name}: {:#?}",
                report.findings
            );
        }
    }
}

#[test]
fn claim_rules_can_be_left_out() {
    let bytes = std::fs::read(fixture("bal/BAL001_claim_total.x12")).unwrap();
    let options = claimcheck::validate::Options {
        claim_rules: false,
        ..Default::default()
    };
    let report = claimcheck::validate::validate_bytes_with(&bytes, &options);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// `--select ENV,SYN` leaves the claim pass out: no BAL finding, exit 0;
/// by default the same file fails on BAL001.
#[test]
fn the_cli_runs_claim_rules_only_when_selected() {
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_claimcheck"))
            .arg("validate")
            .arg("--no-config")
            .args(extra)
            .arg(fixture("bal/BAL001_claim_total.x12"))
            .output()
            .unwrap()
    };
    let all = run(&[]);
    assert_eq!(all.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&all.stdout).contains("[BAL001]"));
    let syntax_only = run(&["--select", "ENV,SYN"]);
    assert_eq!(syntax_only.status.code(), Some(0), "{syntax_only:?}");
    assert!(!String::from_utf8_lossy(&syntax_only.stdout).contains("[BAL001]"));
}
