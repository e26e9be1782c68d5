//! UNIT rules: the exact findings of each failing fixture, none on the
//! passing ones, and the same findings whether the services of a member's
//! day come in one file or in two (counted across the run).
//!
//! Fixtures are validated with the example profiles, the test code files
//! and the test manifest (`common::TEST_MANIFEST`, the documented minutes
//! of the fixtures' services) loaded.

use crate::common;

use std::sync::Arc;

use claimcheck::diagnostic::Finding;
use claimcheck::validate::{Options, finish_run, validate_bytes_in_run, validate_bytes_with};
use common::{
    Exact, code, exact, exact_of as e, example_profiles, fixture, fixture_bytes, run_in,
    test_code_sets, test_manifest, validate_with_test_codes, write,
};

/// The [`Exact`] of each UNIT finding.
fn unit_exact(findings: &[Finding]) -> Vec<Exact> {
    findings
        .iter()
        .filter(|f| f.rule.starts_with("UNIT"))
        .map(exact)
        .collect()
}

fn unit_findings(name: &str) -> Vec<Finding> {
    let bytes = fixture_bytes(&format!("unit/{name}"));
    validate_with_test_codes(&bytes)
        .findings
        .into_iter()
        .filter(|f| f.rule.starts_with("UNIT"))
        .collect()
}

fn options() -> Options {
    Options {
        codes: Arc::new(test_code_sets()),
        profiles: Arc::new(example_profiles()),
        manifest: Arc::new(test_manifest()),
        ..Default::default()
    }
}

/// A service line: code, charge, unit basis, units, date.
type Line = (&'static str, &'static str, &'static str, &'static str, u32);

/// A synthetic 837P of one member of one payer, one claim per entry
/// (CLM02 the sum of its lines' charges).
fn claims_837(payer: &str, member: &str, claims: &[(&str, &[Line])]) -> String {
    let name = match payer {
        "EXHP1" => "EXAMPLE HEALTH PLAN",
        _ => "STATE MEDICAID",
    };
    let mut body = vec![
        "ST*837*0001*005010X222A1".to_string(),
        "BHT*0019*00*BATCH0101*20260315*1030*CH".to_string(),
        "NM1*41*2*NORTHWIND BEHAVIORAL HEALTH*****46*CCSUB01".to_string(),
        "PER*IC*BILLING DESK*TE*5555550100".to_string(),
        format!("NM1*40*2*{name}*****46*{payer}"),
        "HL*1**20*1".to_string(),
        "NM1*85*2*NORTHWIND BEHAVIORAL HEALTH*****XX*1234567893".to_string(),
        "N3*100 HARBOR WAY".to_string(),
        "N4*BOSTON*MA*021090001".to_string(),
        "REF*EI*990000001".to_string(),
        "HL*2*1*22*0".to_string(),
        "SBR*P*18*******MC".to_string(),
        format!("NM1*IL*1*SAMPLE*ALEX****MI*{member}"),
        "N3*1 TEST LANE".to_string(),
        "N4*BOSTON*MA*021090002".to_string(),
        "DMG*D8*19900101*U".to_string(),
        format!("NM1*PR*2*{name}*****PI*{payer}"),
    ];
    for (id, lines) in claims {
        let total: rust_decimal::Decimal = lines
            .iter()
            .map(|l| l.1.parse::<rust_decimal::Decimal>().unwrap())
            .sum();
        body.push(format!("CLM*{id}*{total}***11:B:1*Y*A*Y*Y"));
        body.push("HI*ABK:F1120".to_string());
        for (i, (code, charge, basis, units, date)) in lines.iter().enumerate() {
            body.push(format!("LX*{}", i + 1));
            body.push(format!("SV1*HC:{code}*{charge}*{basis}*{units}***1"));
            body.push(format!("DTP*472*D8*{date}"));
        }
    }
    body.push(format!("SE*{}*0001", body.len() + 1));
    let mut text = String::from(
        "ISA*00*          *00*          *ZZ*CLAIMCHECKSUB  *ZZ*BHPAYER        *260315*1030*^*00501*000000101*0*T*:~\n\
         GS*HC*CLAIMCHECKSUB*BHPAYER*20260315*1030*101*X*005010X222A1~\n",
    );
    for s in body {
        text.push_str(&s);
        text.push_str("~\n");
    }
    text.push_str("GE*1*101~\nIEA*1*000000101~\n");
    text
}

#[test]
fn unit001_psychotherapy_codes_need_their_minutes() {
    let found = unit_findings("UNIT001_psychotherapy_code_over_minutes.x12");
    assert_eq!(
        unit_exact(&found),
        [
            e(
                "UNIT001",
                "SV1",
                "SV101-02",
                23,
                "CC-0101",
                "90837 billed for a 45-minute session; 45 minutes support 90834 (38-52 minutes)",
                "90837"
            ),
            e(
                "UNIT001",
                "SV1",
                "SV104",
                31,
                "CC-0102",
                "2 units of 90840 billed for a crisis session of 80 minutes (90839 and 90840 together); 80 minutes support 1 unit of 90840 (the first at 75 minutes, one more each further 30)",
                "90840"
            ),
            e(
                "UNIT001",
                "SV1",
                "SV101-02",
                36,
                "CC-0103",
                "90846 (family psychotherapy, 50 minutes) needs at least 26 minutes, the session had 20",
                "90846"
            ),
        ]
    );
    let cited = found[0].profile.as_ref().unwrap();
    assert_eq!((cited.file.as_deref(), cited.line), (None, None));
    assert_eq!(cited.payer, "CPT psychotherapy times");
    assert_eq!(found[0].service_line.as_deref(), Some("1"));
    assert_eq!(found[1].service_line.as_deref(), Some("2"));
}

#[test]
fn unit001_short_sessions_name_the_code_their_minutes_support() {
    let text = claims_837(
        "SKMCD",
        "SYNU01001",
        &[
            ("CC-1001", &[("90839", "200", "MJ", "25", 20260310)]),
            ("CC-1002", &[("90832", "90", "MJ", "12", 20260311)]),
            ("CC-1003", &[("90838", "90", "MJ", "40", 20260312)]),
        ],
    );
    let found = validate_bytes_with(text.as_bytes(), &options()).findings;
    let messages: Vec<(&str, &str)> = found
        .iter()
        .filter(|f| f.rule == "UNIT001")
        .map(|f| (f.claim_id.as_deref().unwrap(), f.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "CC-1001",
                "90839 (crisis psychotherapy) needs at least 30 minutes, the session had 25; 25 minutes support 90832 (16-37 minutes)"
            ),
            (
                "CC-1002",
                "90832 billed for a 12-minute session; 12 minutes support no psychotherapy code (16 minutes at least)"
            ),
            (
                "CC-1003",
                "90838 billed for a 40-minute session; 40 minutes support 90836 (38-52 minutes)"
            ),
        ]
    );
}

#[test]
fn unit002_units_are_whole() {
    let found = unit_findings("UNIT002_h0004_half_unit.x12");
    assert_eq!(
        unit_exact(&found),
        [e(
            "UNIT002",
            "SV1",
            "SV104",
            23,
            "CC-0201",
            "2.5 units of H0004 billed; units must be whole numbers (the payer counts H0004 in 15-minute units)",
            "units.H0004"
        )]
    );
    let cited = found[0].profile.as_ref().unwrap();
    assert_eq!(
        cited.file.as_deref(),
        Some("schemas/profiles/medicaid_ffs.toml")
    );
    assert!(cited.line.is_some());
}

#[test]
fn unit003_midpoint_units_within_the_line_minutes() {
    let found = unit_findings("UNIT003_h0004_units_over_minutes.x12");
    assert_eq!(
        unit_exact(&found),
        [e(
            "UNIT003",
            "SV1",
            "SV104",
            23,
            "CC-0301",
            "4 units of H0004 billed for 50 minutes; under midpoint rounding (15 minutes a unit) they make 3 units",
            "units.H0004.rounding"
        )]
    );
}

#[test]
fn unit003_eight_minute_rule_pools_the_day() {
    let found = unit_findings("UNIT003_eight_minute_day_over_minutes.x12");
    assert_eq!(
        unit_exact(&found),
        [e(
            "UNIT003",
            "SV1",
            "SV104",
            28,
            "CC-0303",
            "4 units of H0004 and H2015 billed for one member on 2026-03-10 across 2 lines for 40 minutes; the day's minutes together make 3 units under the 8-minute rule (15 minutes a unit)",
            "units.H2015.rounding"
        )]
    );
    assert_eq!(found[0].related.len(), 1);
    assert_eq!(found[0].related[0].line, 23);
    let cited = found[0].profile.as_ref().unwrap();
    assert_eq!(
        cited.file.as_deref(),
        Some("schemas/profiles/managed_care_case_rate.toml")
    );
}

#[test]
fn unit003_a_day_with_unknown_minutes_is_not_judged() {
    // SYNU00302's day, plus a third line without documented minutes.
    let text = claims_837(
        "EXHP1",
        "SYNU00302",
        &[(
            "CC-1101",
            &[
                ("H0004", "40", "UN", "2", 20260310),
                ("H2015", "40", "UN", "2", 20260310),
                ("T1017", "20", "UN", "1", 20260310),
            ],
        )],
    );
    let found = validate_bytes_with(text.as_bytes(), &options()).findings;
    assert_eq!(unit_exact(&found), []);
}

#[test]
fn unit005_add_ons_need_their_primary() {
    let found = unit_findings("UNIT005_add_on_without_primary.x12");
    assert_eq!(
        unit_exact(&found),
        [
            e(
                "UNIT005",
                "SV1",
                "SV101-02",
                23,
                "CC-0501",
                "add-on code 90785 billed for one member on 2026-03-10 without its primary code that day: a psychiatric evaluation or psychotherapy code (90791, 90792, 90832-90838, 90853)",
                "90785"
            ),
            e(
                "UNIT005",
                "SV1",
                "SV101-02",
                31,
                "CC-0502",
                "add-on code 90833 billed for one member on 2026-03-11 without its primary code that day: an evaluation and management visit (99202-99205, 99211-99215, 99221-99223, 99231-99239, 99242-99245, 99252-99255, 99281-99285, 99304-99310, 99341-99350)",
                "90833"
            ),
        ]
    );
    assert_eq!(found[0].profile.as_ref().unwrap().payer, "CPT add-on codes");
}

#[test]
fn unit005_voided_primary_does_not_count() {
    let mut text = claims_837(
        "SKMCD",
        "SYNU01201",
        &[
            ("CC-1201", &[("90839", "200", "UN", "1", 20260310)]),
            ("CC-1202", &[("90840", "80", "UN", "1", 20260310)]),
        ],
    );
    // With its primary on another claim of the day: no finding.
    assert_eq!(
        unit_exact(&validate_bytes_with(text.as_bytes(), &options()).findings),
        []
    );
    // The primary's claim voided (frequency 8, with the payer's number).
    text = text.replacen(
        "CLM*CC-1201*200***11:B:1*Y*A*Y*Y~\n",
        "CLM*CC-1201*200***11:B:8*Y*A*Y*Y~\nREF*F8*PAYER1201~\n",
        1,
    );
    text = text.replace("SE*28*0001", "SE*29*0001");
    let found = validate_bytes_with(text.as_bytes(), &options()).findings;
    let unit: Vec<_> = unit_exact(&found).into_iter().map(|f| (f.0, f.4)).collect();
    assert_eq!(unit, [("UNIT005".to_string(), "CC-1202".to_string())]);
}

#[test]
fn unit006_unit_basis_fits_the_code() {
    let found = unit_findings("UNIT006_billed_in_minutes.x12");
    assert_eq!(
        unit_exact(&found),
        [
            e(
                "UNIT006",
                "SV1",
                "SV103",
                23,
                "CC-0601",
                "H0004 is billed in minutes (MJ) but the payer counts it in units (UN); 38 minutes make 3 units under midpoint rounding (15 minutes a unit)",
                "units.H0004"
            ),
            e(
                "UNIT006",
                "SV1",
                "SV103",
                28,
                "CC-0602",
                "90834 is billed in minutes (MJ) but the payer counts it in units (UN); 45 minutes support 90834 (38-52 minutes)",
                "units.90834"
            ),
            e(
                "UNIT006",
                "SV1",
                "SV104",
                33,
                "CC-0603",
                "60 units of 90837 billed; it is one unit per session, and 60 looks like the session's minutes",
                "90837"
            ),
            e(
                "UNIT004",
                "SV1",
                "SV104",
                33,
                "CC-0603",
                "60 units of 90837 billed for one member on 2026-03-12 on one line; the most is 1 a day",
                "units.90837.max_units_per_day"
            ),
        ]
    );
}

#[test]
fn unit006_session_codes_without_a_profile() {
    // A payer no profile lists: the session codes still count per session.
    let text = claims_837(
        "SKMCD",
        "SYNU01301",
        &[("CC-1301", &[("90834", "150", "MJ", "45", 20260310)])],
    )
    .replace("*SKMCD~", "*NOPROFILE~");
    let found = validate_bytes_with(text.as_bytes(), &options()).findings;
    assert_eq!(
        unit_exact(&found),
        [e(
            "UNIT006",
            "SV1",
            "SV103",
            23,
            "CC-1301",
            "90834 is billed in minutes (MJ) but is one unit (UN) per session; 45 minutes support 90834 (38-52 minutes)",
            "90834"
        )]
    );
}

#[test]
fn passing_fixtures_give_no_unit_finding() {
    let mut n = 0;
    for entry in std::fs::read_dir(fixture("unit")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !name.starts_with("ok_") {
            continue;
        }
        n += 1;
        assert_eq!(unit_exact(&unit_findings(&name)), [], "{name}");
    }
    assert!(n >= 3, "only {n} passing fixtures");
}

/// The UNIT findings of a run of the `claimcheck` binary over `files` in
/// `dir` with `jobs` workers: (file, rule, claim, line, message).
fn cli_unit_findings(dir: &std::path::Path, files: &[&str], jobs: &str) -> Vec<[String; 5]> {
    let crate_dir = common::crate_dir();
    let profile = crate_dir.join("schemas/profiles/medicaid_ffs.toml");
    let mut args = vec![
        "validate",
        "--format",
        "json",
        "--profile",
        profile.to_str().unwrap(),
        "-j",
        jobs,
    ];
    args.extend_from_slice(files);
    let out = run_in(dir, &args);
    assert!(code(&out) <= 1, "{}", common::stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("UNIT"))
        .map(|f| {
            [
                f["file"].as_str().unwrap_or_default().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["claim_id"].as_str().unwrap_or_default().to_string(),
                f["line"].to_string(),
                f["message"].as_str().unwrap().to_string(),
            ]
        })
        .collect()
}

#[test]
fn unit004_and_unit005_count_across_files_whatever_the_workers() {
    let dir = tempfile::tempdir().unwrap();
    // UNIT004: 6 + 4 units of H0004 (at most 8) on one day, one claim
    // in each file. UNIT005: 90785 in the first file, its primary 90834
    // in the second; and 90840 in the second with no 90839 anywhere.
    write(
        dir.path(),
        "a.x12",
        &claims_837(
            "SKMCD",
            "SYNU01401",
            &[(
                "CC-1401",
                &[
                    ("H0004", "120", "UN", "6", 20260310),
                    ("90785", "25", "UN", "1", 20260310),
                ],
            )],
        ),
    );
    write(
        dir.path(),
        "b.x12",
        &claims_837(
            "SKMCD",
            "SYNU01401",
            &[(
                "CC-1402",
                &[
                    ("H0004", "80", "UN", "4", 20260310),
                    ("90834", "150", "UN", "1", 20260310),
                    ("90840", "80", "UN", "1", 20260310),
                ],
            )],
        ),
    );
    let one = cli_unit_findings(dir.path(), &["a.x12", "b.x12"], "1");
    let two = cli_unit_findings(dir.path(), &["a.x12", "b.x12"], "2");
    assert_eq!(one, two);
    let s = |x: &str| x.to_string();
    assert_eq!(
        one,
        [
            [
                s("b.x12"),
                s("UNIT004"),
                s("CC-1402"),
                s("23"),
                s(
                    "10 units of H0004 billed for one member on 2026-03-10 across 2 lines; the most is 8 a day"
                ),
            ],
            [
                s("b.x12"),
                s("UNIT005"),
                s("CC-1402"),
                s("29"),
                s(
                    "add-on code 90840 billed for one member on 2026-03-10 without its primary code that day: crisis psychotherapy 90839"
                ),
            ],
        ]
    );
    // Each file alone: no daily maximum passed, and 90785 has no primary.
    let alone = cli_unit_findings(dir.path(), &["a.x12"], "1");
    let rules: Vec<&str> = alone.iter().map(|f| f[1].as_str()).collect();
    assert_eq!(rules, ["UNIT005"]);
}

/// The primary code of an add-on may be in an input that counts nothing
/// else (no profile, no add-on of its own): it still answers the add-on
/// of another input, in either order and with one or two workers.
#[test]
fn unit005_finds_the_primary_in_an_input_that_counts_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let add_on = [("CC-1501", &[("90785", "25", "UN", "1", 20260310)][..])];
    let primary = [("CC-1502", &[("90834", "150", "UN", "1", 20260310)][..])];
    write(
        dir.path(),
        "add_on.x12",
        &claims_837("SKMCD", "SYNU01501", &add_on),
    );
    write(
        dir.path(),
        "primary.x12",
        &claims_837("SKMCD", "SYNU01501", &primary),
    );
    let unit = |files: &[&str], jobs: &str| -> Vec<(String, String)> {
        let mut args = vec!["validate", "--format", "json", "-j", jobs];
        args.extend_from_slice(files);
        let out = run_in(dir.path(), &args);
        assert!(code(&out) <= 1, "{}", common::stderr(&out));
        common::json_findings(&out, "claim_id")
            .into_iter()
            .filter(|(rule, _)| rule.starts_with("UNIT"))
            .collect()
    };
    for jobs in ["1", "2"] {
        assert_eq!(unit(&["add_on.x12", "primary.x12"], jobs), [], "-j {jobs}");
        assert_eq!(unit(&["primary.x12", "add_on.x12"], jobs), [], "-j {jobs}");
    }
    // Alone, the add-on has no primary.
    assert_eq!(
        unit(&["add_on.x12"], "1"),
        [("UNIT005".to_string(), "CC-1501".to_string())]
    );
}

#[test]
fn unit003_eight_minute_day_counts_across_files() {
    let first = claims_837(
        "EXHP1",
        "SYNU00302",
        &[("CC-0302", &[("H0004", "40", "UN", "2", 20260310)])],
    );
    let second = claims_837(
        "EXHP1",
        "SYNU00302",
        &[("CC-0303", &[("H2015", "40", "UN", "2", 20260310)])],
    );
    let options = options();
    let mut reports = vec![
        validate_bytes_in_run(first.as_bytes(), &options).named("a.x12"),
        validate_bytes_in_run(second.as_bytes(), &options).named("b.x12"),
    ];
    finish_run(&mut reports, &options, |_, _| {});
    assert_eq!(unit_exact(&reports[0].findings), []);
    let found = &reports[1].findings;
    assert_eq!(
        unit_exact(found),
        [e(
            "UNIT003",
            "SV1",
            "SV104",
            23,
            "CC-0303",
            "4 units of H0004 and H2015 billed for one member on 2026-03-10 across 2 lines for 40 minutes; the day's minutes together make 3 units under the 8-minute rule (15 minutes a unit)",
            "units.H2015.rounding"
        )]
    );
    assert!(
        found[0].related[0].note.contains("in a.x12"),
        "{:?}",
        found[0].related
    );
}

/// The text rendering of each UNIT fixture's UNIT findings, as reviewed
/// snapshots: a change of message, caret or cited profile rule shows up
/// as a diff.
#[test]
fn text_of_every_unit_fixture() {
    use claimcheck::diagnostic::render::{Format, RunReport, render};
    let mut names: Vec<String> = std::fs::read_dir(fixture("unit"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".x12") && !n.starts_with("ok_"))
        .collect();
    names.sort();
    for name in &names {
        let bytes = fixture_bytes(&format!("unit/{name}"));
        let mut report = validate_with_test_codes(&bytes).named(&format!("fixtures/unit/{name}"));
        report.findings.retain(|f| f.rule.starts_with("UNIT"));
        let mut out = Vec::new();
        render(Format::Text, &RunReport::new(vec![report]), &mut out).unwrap();
        let snap = name.trim_end_matches(".x12").to_string();
        insta::assert_snapshot!(snap, String::from_utf8(out).unwrap());
    }
}
