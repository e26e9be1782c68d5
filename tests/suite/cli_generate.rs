//! `claimcheck generate` end to end: X12 from JSON and from CSV, the
//! options, and refusals (exit 2, one line per problem, nothing written).

use std::process::{Command, Output, Stdio};

use crate::common::stderr;

const BIN: &str = env!("CARGO_BIN_EXE_claimcheck");
const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Fixed date and time, so that output does not depend on the clock.
const WHEN: [&str; 4] = ["--date", "20261101", "--time", "0930"];

fn generate(args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("generate")
        .args(args)
        .args(WHEN)
        .current_dir(CRATE_DIR)
        .stdin(Stdio::null())
        .output()
        .expect("claimcheck runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A fixture with `from` replaced by `to` (which must occur), in a
/// temporary directory that lives as long as the returned guard.
fn edited(name: &str, from: &str, to: &str) -> (tempfile::TempDir, String) {
    let text = std::fs::read_to_string(format!("{CRATE_DIR}/fixtures/generate/{name}")).unwrap();
    assert!(text.contains(from), "{name} holds {from:?}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    (dir, path.display().to_string())
}

#[test]
fn json_becomes_x12_on_stdout() {
    let out = generate(&["fixtures/generate/claims_837p.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let x12 = stdout(&out);
    assert!(x12.starts_with("ISA*00*"), "{x12}");
    // The JSON leaves HL ids and LX numbers out: they are computed.
    assert!(x12.contains("~HL*1**20*1~"), "{x12}");
    assert!(x12.contains("~HL*4*3*23*0~"), "{x12}");
    assert!(x12.contains("~LX*2~SV1*HC:90837*150.00*UN*1***1~"), "{x12}");
    assert!(
        x12.ends_with("~SE*56*0001~GE*1*1~IEA*1*000000001~"),
        "{x12}"
    );
    let report = claimcheck::validate_bytes(x12.as_bytes());
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn csv_becomes_x12_in_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.837");
    let out = generate(&[
        "fixtures/generate/lines_837p.csv",
        "--kind",
        "837p",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let x12 = std::fs::read(&path).unwrap();
    let report = claimcheck::validate_bytes(&x12);
    assert_eq!(report.envelopes.kinds.get("837P"), Some(&1));
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn options_set_the_envelope() {
    let out = generate(&[
        "fixtures/generate/lines_837i.csv",
        "--kind",
        "837i",
        "--sender",
        "NEWSENDER",
        "--receiver",
        "NEWRECEIVER",
        "--usage",
        "P",
        "--control-start",
        "42",
        "--delimiters",
        "|!^'",
        "--line-breaks",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let x12 = stdout(&out);
    let lines: Vec<&str> = x12.lines().collect();
    assert_eq!(
        lines[0],
        "ISA|00|          |00|          |ZZ|NEWSENDER      |ZZ|NEWRECEIVER    \
         |261101|0930|^|00501|000000042|0|P|!'"
    );
    assert_eq!(
        lines[1],
        "GS|HC|NEWSENDER|NEWRECEIVER|20261101|0930|42|X|005010X223A2'"
    );
    assert_eq!(lines[2], "ST|837|0042|005010X223A2'");
    assert!(
        x12.contains("\nCLM|IP-2001|440.00|||13!A!1||A|Y|Y'\n"),
        "{x12}"
    );
    assert!(
        x12.ends_with("SE|32|0042'\nGE|1|42'\nIEA|1|000000042'\n"),
        "{x12}"
    );
    let report = claimcheck::validate_bytes(x12.as_bytes());
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn a_claim_without_its_charge_is_refused() {
    let (_dir, path) = edited("claims_837p.json", "\"total_charge\": \"250.00\",", "");
    let out = generate(&[&path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        "claimcheck: error: claim BH-1001: CLM02 (total charge) missing\n"
    );
}

#[test]
fn a_value_with_a_delimiter_is_refused() {
    let (_dir, path) = edited(
        "claims_837p.json",
        "\"name\": \"SAMPLE\"",
        "\"name\": \"SAMPLE*SMITH\"",
    );
    let out = generate(&[&path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        "claimcheck: error: claim BH-1001: 2010BA NM103 value 'SAMPLE*SMITH' contains a delimiter or control character\n"
    );
}

#[test]
fn a_csv_row_without_a_procedure_code_is_refused_and_nothing_is_written() {
    let (dir, path) = edited("lines_837p.csv", ",90832,,80.00,", ",,,80.00,");
    let target = dir.path().join("never.837");
    let out = generate(&[&path, "--kind", "837p", "-o", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "claimcheck: error: row 4: column procedure_code is empty\n"
    );
    assert!(!target.exists());
}

#[test]
fn every_problem_gets_its_own_line() {
    let (_dir, path) = edited(
        "lines_837p.csv",
        ",H0004,HF,100.00,4,2026-09-05,",
        ",H0004,HF,1OO.00,,2026-13-05,",
    );
    let out = generate(&[&path, "--kind", "837p"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "claimcheck: error: row 2: column charge: '1OO.00' is not an amount (like 125.00)\n\
         claimcheck: error: row 2: column units is empty\n\
         claimcheck: error: row 2: column service_date: '2026-13-05' is not a date (YYYY-MM-DD or YYYYMMDD)\n"
    );
}

#[test]
fn a_value_of_the_wrong_kind_names_the_claim_and_the_field() {
    let (_dir, path) = edited(
        "claims_837p.json",
        "\"total_charge\": \"250.00\"",
        "\"total_charge\": 250",
    );
    let out = generate(&[&path]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "claimcheck: error: claim BH-1001: total_charge: invalid type: integer `250`, expected a string\n"
    );
}

#[test]
fn a_csv_needs_its_kind() {
    let out = generate(&["fixtures/generate/lines_837p.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "claimcheck: error: fixtures/generate/lines_837p.csv is a CSV: say what it makes with --kind 837p, 837i or 835\n"
    );
}

#[test]
fn input_that_is_not_json_is_one_line() {
    let out = generate(&["fixtures/generate/lines_837p.csv", "--kind", "835"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .starts_with("claimcheck: error: row 1: column submitter_name is not used in an 835\n")
    );
    let out = generate(&["fixtures/env/ok_837p.x12"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("claimcheck: error: fixtures/env/ok_837p.x12 is not JSON: "),
        "{err}"
    );
}

#[test]
fn parse_then_generate_gives_the_file_back() {
    let parsed = Command::new(BIN)
        .args(["parse", "fixtures/model/ok_rich_837p.x12"])
        .current_dir(CRATE_DIR)
        .output()
        .unwrap();
    assert_eq!(parsed.status.code(), Some(0));
    let mut child = Command::new(BIN)
        .args(["generate", "-"])
        .current_dir(CRATE_DIR)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&parsed.stdout)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let original = std::fs::read(format!("{CRATE_DIR}/fixtures/model/ok_rich_837p.x12")).unwrap();
    let strip = |b: &[u8]| -> Vec<u8> { b.iter().copied().filter(|&c| c != b'\n').collect() };
    assert_eq!(
        String::from_utf8(strip(&out.stdout)).unwrap(),
        String::from_utf8(strip(&original)).unwrap()
    );
}

#[test]
fn bad_options_are_one_line() {
    let out = generate(&["fixtures/generate/claims_837p.json", "--delimiters", "**^~"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "claimcheck: error: --delimiters: delimiter '*' is used twice\n"
    );
}
