//! Rendered output of every ENV fixture, and of each output format on a
//! few fixtures, as reviewed snapshots (insta): a change of message or
//! layout shows up as a snapshot diff. Machine formats are also checked
//! against their schemas (ours for json/jsonl, the official SARIF 2.1.0
//! one) and, for JUnit, parsed as XML.

use crate::common;

use std::path::{Path, PathBuf};

use claimcheck::diagnostic::Severity;
use claimcheck::diagnostic::render::{Format, RunReport, render};
use claimcheck::validate_bytes;
use common::fixture;
use serde_json::Value;

fn rendered(format: Format, names: &[&str]) -> String {
    let files = names
        .iter()
        .map(|name| {
            let path = format!("fixtures/env/{name}");
            validate_bytes(&std::fs::read(fixture(&format!("env/{name}"))).unwrap()).named(&path)
        })
        .collect();
    let mut out = Vec::new();
    render(format, &RunReport::new(files), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn text_of_every_env_fixture() {
    let mut names: Vec<String> = std::fs::read_dir(fixture("env"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".x12"))
        .collect();
    names.sort();
    for name in &names {
        let snap = name.trim_end_matches(".x12").to_string();
        insta::assert_snapshot!(snap, rendered(Format::Text, &[name]));
    }
}

#[test]
fn json_of_a_failing_and_a_passing_fixture() {
    insta::assert_snapshot!(
        "json_iea02_and_ok",
        rendered(Format::Json, &["ENV008_iea02.x12", "ok_837p.x12"])
    );
}

/// The JSON output of every fixture (and of all corpus files at once)
/// conforms to schemas/findings.schema.json.
#[test]
fn json_output_matches_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::crate_dir().join("schemas/findings.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let mut files: Vec<_> = std::fs::read_dir(fixture("env"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.extend(fixture_files("syn"));
    files.extend(common::corpus_files());
    files.sort();
    let report = report_of(&files);
    let doc: serde_json::Value = serde_json::from_slice(&output(Format::Json, &report)).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(doc["findings"].as_array().unwrap().len() > 50);
    // The schema is strict enough to catch a stray field.
    let mut bad = doc.clone();
    bad["findings"][0]["unexpected"] = serde_json::json!(1);
    assert!(!validator.is_valid(&bad));
}

/// The `.x12` files of a fixture folder, sorted.
fn fixture_files(family: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture(family))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "x12"))
        .collect();
    files.sort();
    files
}

/// Validate `paths`, each named by its path as given.
fn report_of(paths: &[PathBuf]) -> RunReport {
    RunReport::new(
        paths
            .iter()
            .map(|p| validate_bytes(&std::fs::read(p).unwrap()).named(&p.display().to_string()))
            .collect(),
    )
}

fn output(format: Format, report: &RunReport) -> Vec<u8> {
    let mut out = Vec::new();
    render(format, report, &mut out).unwrap();
    out
}

/// The fixtures every format is shown on: a failing ENV fixture (with a
/// related segment), a failing SYN fixture (an element), a warning below
/// the default --fail-on, and a clean file; named as `fixtures/...`.
const SHOWCASE: [&str; 4] = [
    "env/ENV008_iea02.x12",
    "syn/SYN013_date_qualifier.x12",
    "env/ENV019_no_final_terminator.x12",
    "env/ok_837p.x12",
];

fn showcase() -> RunReport {
    RunReport::new(
        SHOWCASE
            .iter()
            .map(|rel| {
                validate_bytes(&std::fs::read(fixture(rel)).unwrap())
                    .named(&format!("fixtures/{rel}"))
            })
            .collect(),
    )
}

fn showcase_text(format: Format) -> String {
    String::from_utf8(output(format, &showcase())).unwrap()
}

#[test]
fn jsonl_of_the_showcase() {
    insta::assert_snapshot!("jsonl_showcase", showcase_text(Format::Jsonl));
}

#[test]
fn github_of_the_showcase() {
    insta::assert_snapshot!("github_showcase", showcase_text(Format::Github));
}

#[test]
fn junit_of_the_showcase() {
    insta::assert_snapshot!("junit_showcase", showcase_text(Format::Junit));
}

/// The SARIF log with each rule's documentation replaced by a marker
/// (after checking it is the registry's), so that a documentation edit
/// does not show up as a SARIF snapshot diff.
fn sarif_without_docs(report: &RunReport) -> Value {
    let mut log: Value = serde_json::from_slice(&output(Format::Sarif, report)).unwrap();
    for rule in log["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap()
    {
        let code = rule["id"].as_str().unwrap().to_string();
        let doc = claimcheck::rules::registry::find(&code).unwrap().doc;
        assert_eq!(rule["fullDescription"]["text"], doc);
        assert_eq!(rule["help"]["markdown"], doc);
        rule["fullDescription"]["text"] = format!("<doc of {code}>").into();
        rule["help"]["markdown"] = format!("<doc of {code}>").into();
    }
    log
}

#[test]
fn sarif_of_the_showcase() {
    let log = sarif_without_docs(&showcase());
    insta::assert_snapshot!(
        "sarif_showcase",
        serde_json::to_string_pretty(&log).unwrap()
    );
}

#[test]
fn github_points_one_line_files_at_line_1_and_a_column() {
    // ENV008_iea02 written on one line: the IEA02 finding is on line 1, at
    // the column of its byte.
    let bytes: Vec<u8> = std::fs::read(fixture("env/ENV008_iea02.x12"))
        .unwrap()
        .into_iter()
        .filter(|&b| b != b'\n' && b != b'\r')
        .collect();
    let file = validate_bytes(&bytes).named("one-line.x12");
    let f = &file.findings[0];
    assert_eq!(f.rule, "ENV008");
    let offset = f.byte_offset.unwrap();
    assert_eq!(&bytes[offset as usize..offset as usize + 9], b"000000102");
    assert_eq!(f.byte_length, Some(9));
    let report = RunReport::new(vec![file]);
    let text = String::from_utf8(output(Format::Github, &report)).unwrap();
    assert!(
        text.starts_with(&format!(
            "::error file=one-line.x12,line=1,col={},title=ENV008::",
            offset + 1
        )),
        "{text}"
    );
    let log: Value = serde_json::from_slice(&output(Format::Sarif, &report)).unwrap();
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        region,
        &serde_json::json!({
            "startLine": 1,
            "startColumn": offset + 1,
            "endColumn": offset + 10,
            "byteOffset": offset,
            "byteLength": 9,
        })
    );
}

/// Every finding line of `--format jsonl` is the finding object of the
/// schema, the same as in `--format json`, for every fixture and corpus
/// file.
#[test]
fn jsonl_lines_match_the_finding_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::crate_dir().join("schemas/findings.schema.json")).unwrap(),
    )
    .unwrap();
    let finding_schema = serde_json::json!({
        "$schema": schema["$schema"],
        "$defs": schema["$defs"],
        "$ref": "#/$defs/finding",
    });
    let validator = jsonschema::validator_for(&finding_schema).expect("the schema compiles");
    let mut files = fixture_files("env");
    files.extend(fixture_files("syn"));
    files.extend(common::corpus_files());
    let report = report_of(&files);
    let jsonl = String::from_utf8(output(Format::Jsonl, &report)).unwrap();
    let json: Value = serde_json::from_slice(&output(Format::Json, &report)).unwrap();
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() > 50);
    assert_eq!(&lines, json["findings"].as_array().unwrap());
    for line in &lines {
        let errors: Vec<String> = validator.iter_errors(line).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{line}: {errors:#?}");
    }
    let mut bad = lines[0].clone();
    bad["severity"] = "fatal".into();
    assert!(!validator.is_valid(&bad));
    // A clean run prints nothing.
    let clean = report_of(&[fixture("env/ok_837p.x12")]);
    assert!(output(Format::Jsonl, &clean).is_empty());
}

/// Where the official SARIF 2.1.0 schema is: `CLAIMCHECK_SARIF_SCHEMA`
/// (CI sets it with scripts/fetch_sarif_schema.sh). Without it the test is
/// skipped locally, and fails in CI.
fn sarif_schema_path() -> Option<PathBuf> {
    match std::env::var_os("CLAIMCHECK_SARIF_SCHEMA") {
        Some(path) => Some(PathBuf::from(path)),
        None if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!(
                "CI=true but CLAIMCHECK_SARIF_SCHEMA is not set (see scripts/fetch_sarif_schema.sh)"
            )
        }
        None => {
            eprintln!(
                "skipped: set CLAIMCHECK_SARIF_SCHEMA to the SARIF 2.1.0 schema \
                 (scripts/fetch_sarif_schema.sh fetches it)"
            );
            None
        }
    }
}

fn sarif_validator(path: &Path) -> jsonschema::Validator {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read the SARIF schema {}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["id"],
        claimcheck::diagnostic::render::sarif::SCHEMA_URI,
        "the schema is the OASIS SARIF 2.1.0 one"
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// The SARIF log of every fixture and corpus file (and the showcase)
/// conforms to the official SARIF 2.1.0 schema.
#[test]
fn sarif_output_matches_the_official_schema() {
    let Some(path) = sarif_schema_path() else {
        return;
    };
    let validator = sarif_validator(&path);
    let mut files = fixture_files("env");
    files.extend(fixture_files("syn"));
    files.extend(common::corpus_files());
    for report in [report_of(&files), showcase(), RunReport::default()] {
        let log: Value = serde_json::from_slice(&output(Format::Sarif, &report)).unwrap();
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // The schema is strict enough to catch a wrong level or a stray field.
    let log: Value = serde_json::from_slice(&output(Format::Sarif, &showcase())).unwrap();
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&bad));
    let mut bad = log;
    bad["runs"][0]["results"][0]["segment"] = "ISA*00".into();
    assert!(!validator.is_valid(&bad));
}

/// No segment text reaches the machine formats: a value that occurs only
/// inside segments (the submitter's name in NM1) is in none of them.
#[test]
fn machine_formats_carry_no_segment_text() {
    let report = showcase();
    let text = String::from_utf8(output(Format::Text, &report)).unwrap();
    // The text format shows segments: this is the value to look for.
    let marker = "ISA*00*";
    assert!(text.contains(marker));
    for format in [
        Format::Json,
        Format::Jsonl,
        Format::Sarif,
        Format::Junit,
        Format::Github,
    ] {
        let out = String::from_utf8(output(format, &report)).unwrap();
        assert!(!out.contains(marker), "{format:?} holds segment text");
    }
}

/// The JUnit report is well-formed XML in the shape GitLab and Jenkins
/// read, its counts agree with its test cases, and it fails exactly on the
/// findings at or above --fail-on.
#[test]
fn junit_is_well_formed_and_counts_agree() {
    let mut files = fixture_files("env");
    files.extend(fixture_files("syn"));
    for fail_on in [Severity::Error, Severity::Warning] {
        let mut report = report_of(&files);
        report.fail_on = fail_on;
        let xml = String::from_utf8(output(Format::Junit, &report)).unwrap();
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let count = |node: roxmltree::Node, attr: &str| -> usize {
            node.attribute(attr).unwrap().parse().unwrap()
        };
        let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert_eq!(suites.len(), files.len());
        let (mut tests, mut failures) = (0, 0);
        for (suite, path) in suites.iter().zip(&files) {
            assert_eq!(suite.tag_name().name(), "testsuite");
            assert_eq!(
                suite.attribute("name"),
                Some(path.display().to_string().as_str())
            );
            let cases: Vec<_> = suite.children().filter(|n| n.is_element()).collect();
            assert!(!cases.is_empty());
            let failed = cases
                .iter()
                .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
                .count();
            for case in &cases {
                assert_eq!(case.tag_name().name(), "testcase");
                assert!(case.attribute("name").is_some_and(|n| !n.is_empty()));
                assert_eq!(case.attribute("classname"), suite.attribute("name"));
                if let Some(failure) = case.children().find(|n| n.has_tag_name("failure")) {
                    assert!(failure.attribute("message").is_some_and(|m| !m.is_empty()));
                    assert!(failure.attribute("type").is_some());
                }
            }
            assert_eq!(count(*suite, "tests"), cases.len());
            assert_eq!(count(*suite, "failures"), failed);
            assert_eq!(count(*suite, "errors"), 0);
            tests += cases.len();
            failures += failed;
        }
        assert_eq!(count(root, "tests"), tests);
        assert_eq!(count(root, "failures"), failures);
        let expected = report
            .files
            .iter()
            .flat_map(|f| &f.findings)
            .filter(|f| f.severity >= fail_on)
            .count();
        assert_eq!(failures, expected);
        assert!(failures > 20);
    }
}
