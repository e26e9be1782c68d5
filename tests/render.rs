//! Rendered output of every ENV fixture, as reviewed snapshots (insta):
//! a change of message or layout shows up as a snapshot diff.

mod common;

use claimcheck::diagnostic::render::{Format, RunReport, render};
use claimcheck::validate_bytes;
use common::fixture;

fn rendered(format: Format, names: &[&str]) -> String {
    let files = names
        .iter()
        .map(|name| {
            let path = format!("fixtures/env/{name}");
            validate_bytes(&std::fs::read(fixture(&format!("env/{name}"))).unwrap()).named(&path)
        })
        .collect();
    let mut out = Vec::new();
    render(format, &RunReport { files }, &mut out).unwrap();
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
    files.extend(common::corpus_files());
    files.sort();
    let report = RunReport {
        files: files
            .iter()
            .map(|p| validate_bytes(&std::fs::read(p).unwrap()).named(&p.display().to_string()))
            .collect(),
    };
    let mut out = Vec::new();
    render(Format::Json, &report, &mut out).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(doc["findings"].as_array().unwrap().len() > 50);
    // The schema is strict enough to catch a stray field.
    let mut bad = doc.clone();
    bad["findings"][0]["unexpected"] = serde_json::json!(1);
    assert!(!validator.is_valid(&bad));
}
