//! Each RATE rule on its failing fixtures, validated with the example
//! payer profiles: the exact findings (rule, segment, element, line,
//! claim, message, the profile rule cited); no finding at all on the
//! passing fixtures of `fixtures/rate`; episodes of prior
//! authorizations; and the cross-file rules giving the same answer
//! whatever the split of the claims over files and the number of
//! workers.

use crate::common;

use std::path::Path;
use std::sync::Arc;

use claimcheck::validate::{Options, validate_bytes_with};
use common::{Exact, exact, exact_of, example_profiles, fixture, fixture_bytes};

type Got = Exact;

fn findings_with(bytes: &[u8], profiles: claimcheck::profile::Profiles) -> Vec<Got> {
    let options = Options {
        profiles: Arc::new(profiles),
        ..Default::default()
    };
    validate_bytes_with(bytes, &options)
        .findings
        .iter()
        .map(exact)
        .collect()
}

fn findings(name: &str) -> Vec<Got> {
    findings_with(
        &fixture_bytes(&format!("rate/{name}.x12")),
        example_profiles(),
    )
}

fn got(
    rule: &str,
    element: &str,
    line: u64,
    claim: &str,
    message: &str,
    profile_rule: &str,
) -> Got {
    exact_of(rule, "SV1", element, line, claim, message, profile_rule)
}

#[test]
fn rate001_case_rate_twice_in_a_month() {
    assert_eq!(
        findings("RATE001_case_rate_twice_in_month"),
        vec![got(
            "RATE001",
            "SV101-02",
            31,
            "CC-0002",
            "case rate T2022 (Recovery support navigation, monthly) is billed 2 times for one member in 2026-03; it pays once per calendar-month",
            "case_rate[0]",
        )]
    );
}

#[test]
fn rate002_case_rate_without_its_modifier() {
    assert_eq!(
        findings("RATE002_case_rate_without_modifier"),
        vec![got(
            "RATE002",
            "SV101-03",
            23,
            "CC-0001",
            "case rate T2022 (Recovery support navigation, monthly) is billed without modifier HF; the payer requires it on the case-rate line",
            "case_rate[0].modifiers",
        )]
    );
}

#[test]
fn rate003_daily_rate_with_three_units() {
    assert_eq!(
        findings("RATE003_ccbhc_daily_rate_units"),
        vec![got(
            "RATE003",
            "SV104",
            23,
            "CB-0001",
            "case rate T1040 (CCBHC daily visit rate (PPS-1)) is billed with 3 units; the payer's case rate is 1 unit",
            "case_rate[0].units",
        )]
    );
}

#[test]
fn rate004_weekly_bundle_charged_below_the_rate() {
    let bytes = fixture_bytes("rate/RATE004_otp_bundle_charge.x12");
    let options = Options {
        profiles: Arc::new(example_profiles()),
        ..Default::default()
    };
    let report = validate_bytes_with(&bytes, &options);
    assert_eq!(
        findings("RATE004_otp_bundle_charge"),
        vec![got(
            "RATE004",
            "SV102",
            23,
            "OT-0001",
            "case rate G2067 (Methadone, weekly bundle) is charged 240.00; the payer's rate is 244.37",
            "case_rate[0].rate",
        )]
    );
    let f = &report.findings[0];
    assert_eq!(f.severity, claimcheck::diagnostic::Severity::Warning);
    assert_eq!(f.service_line.as_deref(), Some("1"));
    let profile = f.profile.as_ref().unwrap();
    assert_eq!(
        (profile.file.as_deref(), profile.line),
        (Some("schemas/profiles/otp_weekly_bundle.toml"), Some(15))
    );
}

#[test]
fn rate005_bundled_service_billed_in_a_case_rate_month() {
    let bytes = fixture_bytes("rate/RATE005_bundled_service_billed_in_month.x12");
    assert_eq!(
        findings("RATE005_bundled_service_billed_in_month"),
        vec![got(
            "RATE005",
            "SV102",
            31,
            "CC-0002",
            "H2015 is billed on 2 lines for 90.00 in all in 2026-03, a period for which the member's case rate T2022 (Recovery support navigation, monthly) is billed; the rate covers H2015: report it at $0",
            "case_rate[0].bundles",
        )]
    );
    let options = Options {
        profiles: Arc::new(example_profiles()),
        ..Default::default()
    };
    let related: Vec<(u64, String)> = validate_bytes_with(&bytes, &options).findings[0]
        .related
        .iter()
        .map(|r| (r.line, r.note.clone()))
        .collect();
    assert_eq!(
        related,
        vec![
            (
                23,
                "the case-rate line of the period (claim CC-0001)".to_string()
            ),
            (
                34,
                "the last such line of the period (claim CC-0002)".to_string()
            ),
        ]
    );
}

#[test]
fn rate005_visit_billed_on_a_ccbhc_rate_day() {
    assert_eq!(
        findings("RATE005_ccbhc_visit_billed_same_day"),
        vec![got(
            "RATE005",
            "SV102",
            31,
            "CB-0002",
            "90834 is billed for 120.00 in 2026-03-03, a period for which the member's case rate T1040 (CCBHC daily visit rate (PPS-1)) is billed; the rate covers 90834: report it at $0",
            "case_rate[0].bundles",
        )]
    );
}

#[test]
fn rate006_encounter_line_without_u8() {
    assert_eq!(
        findings("RATE006_encounter_without_u8"),
        vec![got(
            "RATE006",
            "SV101-03",
            26,
            "CC-0001",
            "H2015 is reported at $0 under case rate T2022 (Recovery support navigation, monthly) without the encounter modifier U8",
            "case_rate[0].encounter_modifier",
        )]
    );
}

#[test]
fn rate007_daily_rate_without_a_visit_that_day() {
    assert_eq!(
        findings("RATE007_ccbhc_rate_without_visit"),
        vec![got(
            "RATE007",
            "SV101-02",
            23,
            "CB-0001",
            "case rate T1040 (CCBHC daily visit rate (PPS-1)) is billed for 2026-03-03, but no service it covers is reported for the member in that period",
            "case_rate[0].bundles",
        )]
    );
}

#[test]
fn rate008_weekly_bundles_less_than_7_days_apart() {
    let in_week = "a weekly bundle covers 7 days in a row";
    assert_eq!(
        findings("RATE008_otp_bundles_within_7_days"),
        vec![
            got(
                "RATE008",
                "SV101-02",
                28,
                "OT-0002",
                &format!(
                    "weekly bundle G2068 on 2026-03-05 is 3 days after weekly bundle G2067 on 2026-03-02 for the same member; {in_week}"
                ),
                "G2067-G2075",
            ),
            got(
                "RATE008",
                "SV101-02",
                38,
                "OT-0004",
                &format!(
                    "weekly bundle G2068 on 2026-03-18 is 6 days after weekly bundle G2068 on 2026-03-12 for the same member; {in_week}"
                ),
                "G2067-G2075",
            ),
        ]
    );
}

#[test]
fn rate009_collaborative_care_twice_in_a_month() {
    let once = "it is billed once per calendar month";
    assert_eq!(
        findings("RATE009_collaborative_care_twice_in_month"),
        vec![
            got(
                "RATE009",
                "SV101-02",
                36,
                "CO-0003",
                &format!(
                    "collaborative care management (99492/99493) is billed 2 times for one member in 2026-04; {once}"
                ),
                "99492-99493",
            ),
            got(
                "RATE009",
                "SV104",
                41,
                "CO-0004",
                &format!(
                    "collaborative care management (99492/99493) is billed with 2 units for one member in 2026-05; {once}"
                ),
                "99492-99493",
            ),
        ]
    );
}

#[test]
fn passing_fixtures_give_no_findings_with_or_without_profiles() {
    let mut names: Vec<String> = std::fs::read_dir(fixture("rate"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("ok_"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    for name in names {
        let bytes = fixture_bytes(&format!("rate/{name}"));
        assert_eq!(findings_with(&bytes, example_profiles()), vec![], "{name}");
        assert_eq!(
            findings_with(&bytes, claimcheck::profile::Profiles::empty()),
            vec![],
            "{name}"
        );
    }
}

const EPISODE_PROFILE: &str = "\
[payer]
name = \"Example Episode Plan\"
ids = [\"EXEPI1\"]

[[case_rate]]
name = \"Intensive outpatient, per episode\"
code = \"H0015\"
period = \"episode\"
rate = 1200
bundles = [\"H0004\"]
";

/// An episode is one prior authorization number (REF*G1 of the line,
/// else of the claim); the lines without one are one more episode.
#[test]
fn rate001_episodes_are_prior_authorizations() {
    let profile =
        claimcheck::profile::Profile::parse(EPISODE_PROFILE, Path::new("payers/episode.toml"))
            .unwrap();
    let profiles = claimcheck::profile::Profiles::new(vec![profile]).unwrap();
    let bytes = std::fs::read(common::crate_dir().join("tests/data/rate/episodes.x12")).unwrap();
    let twice = |claim: &str, line: u64, which: &str| {
        got(
            "RATE001",
            "SV101-02",
            line,
            claim,
            &format!(
                "case rate H0015 (Intensive outpatient, per episode) is billed 2 times for one member in the episode of {which}; it pays once per episode"
            ),
            "case_rate[0]",
        )
    };
    assert_eq!(
        findings_with(&bytes, profiles),
        vec![
            // AUTH-A on both claims.
            twice("EP-0002", 33, "one prior authorization number"),
            // AUTH-B on EP-0003's claim and on EP-0004's line.
            twice("EP-0004", 47, "one prior authorization number"),
        ]
    );
}

/// The text report of every failing RATE fixture with the example
/// profiles, as reviewed snapshots: carets, messages and the profile rule
/// each finding cites.
#[test]
fn text_of_every_failing_fixture() {
    use claimcheck::diagnostic::render::{Format, RunReport, render};
    let mut names: Vec<String> = std::fs::read_dir(fixture("rate"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("RATE"))
        .collect();
    names.sort();
    let options = Options {
        profiles: Arc::new(example_profiles()),
        ..Default::default()
    };
    for name in &names {
        let bytes = fixture_bytes(&format!("rate/{name}"));
        let report = validate_bytes_with(&bytes, &options).named(&format!("fixtures/rate/{name}"));
        let mut out = Vec::new();
        render(Format::Text, &RunReport::new(vec![report]), &mut out).unwrap();
        let snap = format!("text_{}", name.trim_end_matches(".x12"));
        insta::assert_snapshot!(snap, String::from_utf8(out).unwrap());
    }
}

// ---- cross-file: the same claims split over two files ----

/// The segments of a fixture split into its parts: the header up to the
/// billing provider loop, then each claim with the subscriber loop it
/// stands under.
struct Parts {
    isa_gs: Vec<String>,
    header: Vec<String>,
    /// (subscriber loop without its HL, claim segments)
    claims: Vec<(Vec<String>, Vec<String>)>,
}

fn parts(text: &str) -> Parts {
    let segments: Vec<String> = text
        .split('~')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let isa_gs = segments[..2].to_vec();
    let mut header = Vec::new();
    let mut claims = Vec::new();
    let mut subscriber: Option<Vec<String>> = None;
    let mut claim: Option<Vec<String>> = None;
    for s in &segments[2..] {
        let id = s.split('*').next().unwrap();
        match id {
            "HL" if s.contains("*22*") => {
                if let Some(c) = claim.take() {
                    claims.push((subscriber.clone().unwrap(), c));
                }
                subscriber = Some(Vec::new());
            }
            "CLM" => {
                if let Some(c) = claim.take() {
                    claims.push((subscriber.clone().unwrap(), c));
                }
                claim = Some(vec![s.clone()]);
            }
            "SE" | "GE" | "IEA" => {
                if let Some(c) = claim.take() {
                    claims.push((subscriber.clone().unwrap(), c));
                }
            }
            _ => match (&mut claim, &mut subscriber) {
                (Some(c), _) => c.push(s.clone()),
                (None, Some(sub)) => sub.push(s.clone()),
                (None, None) => header.push(s.clone()),
            },
        }
    }
    Parts {
        isa_gs,
        header,
        claims,
    }
}

/// One file with the claims `range` of `p`, the envelope counts redone.
fn file_of(p: &Parts, range: std::ops::Range<usize>) -> String {
    let mut body = p.header.clone();
    let mut hl = 1;
    let mut last_subscriber: Option<&Vec<String>> = None;
    for (subscriber, claim) in &p.claims[range] {
        if last_subscriber != Some(subscriber) {
            hl += 1;
            body.push(format!("HL*{hl}*1*22*0"));
            body.extend(subscriber.iter().cloned());
            last_subscriber = Some(subscriber);
        }
        body.extend(claim.iter().cloned());
    }
    body.push(format!("SE*{}*0001", body.len() + 1));
    let mut all = p.isa_gs.clone();
    all.extend(body);
    all.push("GE*1*101".to_string());
    all.push("IEA*1*000000101".to_string());
    all.iter().map(|s| format!("{s}~\n")).collect()
}

fn run_json(dir: &Path, files: &[&str], jobs: &str) -> serde_json::Value {
    let mut args = vec!["validate", "--format", "json", "-j", jobs];
    let profiles: Vec<String> = [
        "ccbhc_pps",
        "managed_care_case_rate",
        "medicaid_ffs",
        "otp_weekly_bundle",
    ]
    .iter()
    .map(|p| {
        common::crate_dir()
            .join(format!("schemas/profiles/{p}.toml"))
            .display()
            .to_string()
    })
    .collect();
    for p in &profiles {
        args.push("--profile");
        args.push(p);
    }
    args.extend(files);
    let out = common::run_in(dir, &args);
    assert!(
        matches!(common::code(&out), 0 | 1),
        "{}",
        common::stderr(&out)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What must not depend on how the claims are split: each finding's
/// rule, severity, claim, line number, segment, element, message and
/// profile rule (positions and file names do).
fn essence(json: &serde_json::Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {} {} {} {} {} related:{}",
                f["rule"],
                f["severity"],
                f["claim_id"],
                f["service_line"],
                f["segment_id"],
                f["element"],
                f["message"],
                f["profile"]["rule"],
                f["related"].as_array().map_or(0, Vec::len),
            )
        })
        .collect()
}

/// For every split of a fixture's claims into a first and a second file
/// (claims keep their order), one worker and two workers give the same
/// report, and its findings are those of the whole fixture in one file.
fn same_answer_split_over_two_files(name: &str, expect_rules: &[&str]) {
    let text = std::fs::read_to_string(fixture(&format!("rate/{name}.x12"))).unwrap();
    let p = parts(&text);
    let n = p.claims.len();
    assert!(n >= 2, "{name}");
    let dir = tempfile::tempdir().unwrap();
    // The whole fixture, rebuilt the same way, as the one-file answer.
    common::write(dir.path(), "whole.x12", &file_of(&p, 0..n));
    let whole = essence(&run_json(dir.path(), &["whole.x12"], "1"));
    let fired: Vec<String> = whole
        .iter()
        .map(|e| e.split(' ').next().unwrap().trim_matches('"').to_string())
        .collect();
    for r in expect_rules {
        assert!(fired.iter().any(|f| f == r), "{name}: {r} not in {whole:?}");
    }
    for k in 1..n {
        common::write(dir.path(), "a.x12", &file_of(&p, 0..k));
        common::write(dir.path(), "b.x12", &file_of(&p, k..n));
        let one = run_json(dir.path(), &["a.x12", "b.x12"], "1");
        for _ in 0..3 {
            let two = run_json(dir.path(), &["a.x12", "b.x12"], "2");
            assert_eq!(
                one, two,
                "{name} split after claim {k}: -j 1 and -j 2 differ"
            );
        }
        assert_eq!(
            essence(&one),
            whole,
            "{name} split after claim {k}: differs from one file"
        );
    }
}

#[test]
fn rate001_across_files() {
    same_answer_split_over_two_files("RATE001_case_rate_twice_in_month", &["RATE001"]);
}

#[test]
fn rate005_across_files() {
    same_answer_split_over_two_files("RATE005_bundled_service_billed_in_month", &["RATE005"]);
    same_answer_split_over_two_files("RATE005_ccbhc_visit_billed_same_day", &["RATE005"]);
}

#[test]
fn rate007_across_files() {
    same_answer_split_over_two_files("RATE007_ccbhc_rate_without_visit", &["RATE007"]);
    same_answer_split_over_two_files("ok_ccbhc_daily_visits", &[]);
}

#[test]
fn rate008_across_files() {
    same_answer_split_over_two_files("RATE008_otp_bundles_within_7_days", &["RATE008"]);
    same_answer_split_over_two_files("ok_otp_weekly_bundles", &[]);
}

#[test]
fn rate009_across_files() {
    same_answer_split_over_two_files("RATE009_collaborative_care_twice_in_month", &["RATE009"]);
    same_answer_split_over_two_files("ok_collaborative_care_monthly", &[]);
}
