//! Files generated from JSON (the form `claimcheck parse` prints) and from
//! CSVs of service lines are clean: no finding from claimcheck's own
//! validation, no error from the reference validator pyx12 4.0.0 (when it
//! is installed; CI installs it) — for an 837P (005010X222A1), an 837I
//! (005010X223A2) and an 835 (005010X221A1) each.

use crate::common;

use std::process::Command;

use claimcheck::model::{CsvKind, Document, GenerateOptions, document_from_csv, generate};
use claimcheck::validate_bytes;
use common::{crate_dir, fixture};
use serde_json::Value;

fn options() -> GenerateOptions {
    GenerateOptions {
        date: Some("20261101".into()),
        time: Some("0930".into()),
        // The CSV of remittances names no trading partners.
        sender_id: None,
        receiver_id: None,
        line_breaks: true,
        ..GenerateOptions::default()
    }
}

fn from_json(name: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(fixture(&format!("generate/{name}"))).unwrap();
    let doc: Document = serde_json::from_str(&text).unwrap();
    generate(&doc, &options()).unwrap_or_else(|p| panic!("{name}: {p:?}"))
}

fn from_csv(name: &str, kind: CsvKind) -> Vec<u8> {
    let mut o = options();
    if kind == CsvKind::Remittance {
        o.sender_id = Some("SKMA1".into());
        o.receiver_id = Some("1234567893".into());
    }
    let file = std::fs::File::open(fixture(&format!("generate/{name}"))).unwrap();
    let doc = document_from_csv(file, kind, &o).unwrap_or_else(|p| panic!("{name}: {p:?}"));
    generate(&doc, &o).unwrap_or_else(|p| panic!("{name}: {p:?}"))
}

/// Every generated file: its kind, where it came from, its bytes.
fn generated() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    vec![
        ("837P", "claims_837p.json", from_json("claims_837p.json")),
        ("837I", "claims_837i.json", from_json("claims_837i.json")),
        ("835", "remits_835.json", from_json("remits_835.json")),
        (
            "837P",
            "lines_837p.csv",
            from_csv("lines_837p.csv", CsvKind::Professional),
        ),
        (
            "837I",
            "lines_837i.csv",
            from_csv("lines_837i.csv", CsvKind::Institutional),
        ),
        (
            "835",
            "remits_835.csv",
            from_csv("remits_835.csv", CsvKind::Remittance),
        ),
    ]
}

#[test]
fn generated_files_have_no_claimcheck_findings() {
    for (kind, source, bytes) in generated() {
        let report = validate_bytes(&bytes);
        assert_eq!(report.envelopes.kinds.get(kind), Some(&1), "{source}");
        let findings: Vec<String> = report
            .findings
            .iter()
            .map(|f| format!("{} {}", f.rule, f.message))
            .collect();
        assert!(findings.is_empty(), "{source}: {findings:#?}");
    }
}

/// The JSON fixtures are the model of the files their CSVs make (with HL
/// ids and line numbers left out): both ways give the same bytes.
#[test]
fn json_and_csv_make_the_same_files() {
    let all = generated();
    for (json, csv) in [(0, 3), (1, 4), (2, 5)] {
        assert_eq!(
            String::from_utf8_lossy(&all[json].2),
            String::from_utf8_lossy(&all[csv].2),
            "{} and {}",
            all[json].1,
            all[csv].1
        );
    }
}

#[test]
fn generated_files_pass_pyx12() {
    let probe = Command::new("python3")
        .args(["-c", "import pyx12.x12n_document"])
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("pyx12 is not installed: generated files not checked with it");
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install pyx12 (see .ci/run)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (kind, source, bytes) in generated() {
        let path = dir.path().join(format!("{source}.x12"));
        std::fs::write(&path, &bytes).unwrap();
        let out = Command::new("python3")
            .arg(crate_dir().join("scripts/pyx12_errors.py"))
            .arg("--worker")
            .arg(&path)
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        if v["validated"] != Value::Bool(true)
            || v["errors"].as_array().is_none_or(|e| !e.is_empty())
        {
            failures.push(format!("{kind} from {source}: {v}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
