//! The documentation manifest loader (`claimcheck::manifest::load`): CSV
//! and JSON, rows named by claim and line or by member, date and
//! procedure, minutes given or taken from start and end times, and every
//! problem as `FILE:LINE: COLUMN: MESSAGE`. The files are in
//! tests/data/manifest and fixtures/manifest (synthetic ids only).

use crate::common;

use claimcheck::manifest::load::{Format, parse};
use claimcheck::manifest::{Manifest, ManifestRow};
use proptest::prelude::*;
use serde_json::Value;

fn data(name: &str) -> Vec<u8> {
    std::fs::read(common::crate_dir().join("tests/data/manifest").join(name)).unwrap()
}

fn example(ext: &str) -> Vec<u8> {
    std::fs::read(
        common::crate_dir()
            .join("fixtures/manifest")
            .join(format!("example_manifest.{ext}")),
    )
    .unwrap()
}

fn load(name: &str, bytes: &[u8]) -> Manifest {
    parse(name, bytes).unwrap_or_else(|e| panic!("{name}: {:?}", messages(&e)))
}

fn messages(errors: &[claimcheck::codesets::loaders::LoadError]) -> Vec<String> {
    errors.iter().map(ToString::to_string).collect()
}

/// The error lines of a manifest that must not load.
fn errors(name: &str, bytes: &[u8]) -> Vec<String> {
    match parse(name, bytes) {
        Ok(m) => panic!("{name} loaded {} rows", m.rows().len()),
        Err(e) => messages(&e),
    }
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn csv_rows_by_claim_and_line() {
    // A BOM, CRLF line ends, a blank line, headers in another case and
    // padded, an extra column, quoted fields with a comma, a quote and a
    // line break.
    let m = load("by_line.csv", &data("by_line.csv"));
    assert_eq!(m.path.as_deref(), Some("by_line.csv"));
    assert_eq!(
        m.rows(),
        [
            ManifestRow {
                claim_id: s("CC-0101"),
                line_id: s("1"),
                minutes: Some(53),
                rendering_credential: s("LICSW, \"senior\""),
                note_signed: Some(true),
                line: 2,
                ..Default::default()
            },
            ManifestRow {
                claim_id: s("CC-0101"),
                line_id: s("2"),
                rendering_credential: s("LADC\r\nMAC"),
                note_signed: Some(false),
                line: 4,
                ..Default::default()
            },
            ManifestRow {
                claim_id: s("CC-0102"),
                line_id: s("1"),
                minutes: Some(0),
                line: 6,
                ..Default::default()
            },
        ]
    );
    let row = m
        .row_for("CC-0101", Some("1"), None, None, "H0004")
        .unwrap();
    assert_eq!(row.line, 2);
    assert!(
        m.row_for("CC-0101", Some("3"), None, None, "H0004")
            .is_none()
    );
}

#[test]
fn json_rows_by_member_date_and_procedure_with_minutes_from_times() {
    let m = load("by_service.json", &data("by_service.json"));
    assert_eq!(
        m.rows(),
        [
            ManifestRow {
                member_id: s("SYN000101"),
                service_date: Some(20260310),
                procedure: s("H0004"),
                // 9:05 to 09:58.
                minutes: Some(53),
                start_time: s("9:05"),
                end_time: s("09:58"),
                line: 2,
                ..Default::default()
            },
            ManifestRow {
                member_id: s("SYN000101"),
                service_date: Some(20260311),
                procedure: s("H0004"),
                // Given minutes win over the times (an hour).
                minutes: Some(20),
                start_time: s("10:00"),
                end_time: s("11:00"),
                note_signed: Some(true),
                auth_units: Some(48),
                line: 10,
                ..Default::default()
            },
            ManifestRow {
                claim_id: s("5001"),
                line_id: s("2"),
                minutes: Some(0),
                note_signed: Some(false),
                gad7_score: Some(21),
                line: 12,
                ..Default::default()
            },
        ]
    );
    let row = m
        .row_for("CLM9", None, Some("SYN000101"), Some(20260310), "H0004")
        .unwrap();
    assert_eq!(row.minutes, Some(53));
    assert!(
        m.row_for("CLM9", None, Some("SYN000101"), Some(20260312), "H0004")
            .is_none()
    );
}

#[test]
fn the_example_manifests_hold_the_same_rows() {
    let csv = load("example_manifest.csv", &example("csv"));
    let json = load("example_manifest.json", &example("json"));
    let strip = |m: &Manifest| -> Vec<ManifestRow> {
        m.rows()
            .iter()
            .map(|r| ManifestRow {
                line: 0,
                ..r.clone()
            })
            .collect()
    };
    assert_eq!(strip(&csv), strip(&json));
    assert_eq!(csv.rows().len(), 3);
    let r = &csv.rows()[1];
    assert_eq!(
        (r.minutes, r.auth_from, r.auth_through, r.auth_units),
        (Some(50), Some(20260101), Some(20260630), Some(48))
    );
    assert_eq!(
        csv.rows()[2].rendering_credential,
        s("CPRS, peer specialist")
    );
    assert_eq!(csv.rows()[0].phq9_score, Some(14));
}

#[test]
fn every_csv_problem_is_one_line_with_file_line_and_column() {
    assert_eq!(
        errors("bad.csv", &data("bad.csv")),
        [
            "bad.csv:2: minutes: '1.5' is not a whole number of minutes",
            "bad.csv:3: minutes: '-3' is not a whole number of minutes",
            "bad.csv:4: end_time: 09:30 is before start_time 10:00 (a service may not cross midnight)",
            "bad.csv:5: start_time: '9:60' is not a time (HH:MM, 24-hour)",
            "bad.csv:5: end_time: empty, but start_time is given and minutes is empty",
            "bad.csv:6: end_time: empty, but start_time is given and minutes is empty",
            "bad.csv:7: service_date: '2026-02-30' is not a date (YYYY-MM-DD)",
            "bad.csv:8: service_date: '03/10/2026' is not a date (YYYY-MM-DD)",
            "bad.csv:8: procedure: 'H04' is not a procedure code (5 letters or digits)",
            "bad.csv:9: line_id: empty: a row needs claim_id and line_id, or member_id, service_date and procedure",
            "bad.csv:10: procedure: empty: a row needs claim_id and line_id, or member_id, service_date and procedure",
            "bad.csv:11: note_signed: 'maybe' is not yes or no",
            "bad.csv:11: signed_date: '2026-13-01' is not a date (YYYY-MM-DD)",
            "bad.csv:11: auth_units: 'x' is not a whole number of units",
            "bad.csv:11: phq9_score: 28 is more than 27",
            "bad.csv:11: gad7_score: 22 is more than 21",
            "bad.csv:13: line_id: claim 'CC-1' line '7' repeats the row on line 12",
            "bad.csv:14: 15 fields, but the header names 13 (an unquoted comma?)",
        ]
    );
}

#[test]
fn every_json_problem_is_one_line_with_file_line_and_key() {
    assert_eq!(
        errors("bad.json", &data("bad.json")),
        [
            "bad.json:2: minutes: '20.5' is not a whole number of minutes",
            "bad.json:3: line_id: expected a string, found an array",
            "bad.json:4: expected an object, found a number",
            "bad.json:5: minutes: expected a whole number of minutes, found a boolean",
            "bad.json:5: start_time: expected a string, found an object",
            "bad.json:5: note_signed: '1' is not yes or no",
            "bad.json:7: minutes: '-1' is not a whole number of minutes",
            "bad.json:7: auth_from: '2026-1-1' is not a date (YYYY-MM-DD)",
        ]
    );
}

#[test]
fn whole_file_problems() {
    let one = |name: &str, text: &[u8]| -> String {
        let e = errors(name, text);
        assert_eq!(e.len(), 1, "{e:?}");
        e[0].clone()
    };
    assert_eq!(one("e.csv", b""), "e.csv:0: no header row");
    assert_eq!(
        one("e.csv", b"\xef\xbb\xbf\r\n\n"),
        "e.csv:0: no header row"
    );
    assert_eq!(
        one("h.csv", b"claim_id,line_id,minutes\n\n"),
        "h.csv:0: no rows in the file"
    );
    assert_eq!(one("e.json", b" [ ] "), "e.json:0: no rows in the file");
    assert_eq!(
        one("h.csv", b"\nclaim_id,minutes,procedure\nA,1,H0004\n"),
        "h.csv:2: the header has neither claim_id and line_id nor member_id, service_date and procedure"
    );
    assert_eq!(
        one("d.csv", b"claim_id,line_id,Minutes, minutes\nA,1,2,3\n"),
        "d.csv:1: minutes: the header names this column twice"
    );
    assert_eq!(
        one("o.json", b"{\"claim_id\": \"A\", \"line_id\": \"1\"}"),
        "o.json:1: expected an array of objects, found an object"
    );
    assert_eq!(
        one("s.json", b"[\n{\"claim_id\": \"A\",}\n]"),
        "s.json:2: invalid JSON: trailing comma at line 2 column 18"
    );
    assert_eq!(
        one("u.csv", b"claim_id,line_id,minutes\nA,\xff,3\n"),
        "u.csv:2: not UTF-8 text"
    );
}

#[test]
fn the_form_is_chosen_by_extension_else_by_the_first_byte() {
    let json = b" \n[{\"claim_id\": \"A\", \"line_id\": \"1\", \"minutes\": 5}]";
    let csv = b"claim_id,line_id,minutes\nA,1,5\n";
    assert_eq!(Format::of("docs.txt", json), Format::Json);
    assert_eq!(Format::of("docs.txt", csv), Format::Csv);
    for (name, bytes) in [("docs.txt", &json[..]), ("docs", &csv[..])] {
        assert_eq!(load(name, bytes).rows()[0].minutes, Some(5), "{name}");
    }
    // The extension wins over the content.
    assert_eq!(
        errors("docs.json", csv)[0],
        "docs.json:1: invalid JSON: expected value at line 1 column 1"
    );
}

fn schema() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(common::crate_dir().join("schemas/manifest.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, bytes: &[u8]) -> Vec<String> {
    let value: Value = serde_json::from_slice(bytes).unwrap();
    validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_json_schema_accepts_the_examples_and_refuses_bad_rows() {
    let v = schema();
    assert_eq!(schema_errors(&v, &example("json")), Vec::<String>::new());
    assert_eq!(
        schema_errors(&v, &data("by_service.json")),
        Vec::<String>::new()
    );
    // Each row of bad.json breaks the schema too.
    let bad: Value = serde_json::from_slice(&data("bad.json")).unwrap();
    for (i, row) in bad.as_array().unwrap().iter().enumerate() {
        let one = serde_json::to_vec(&[row]).unwrap();
        assert!(!schema_errors(&v, &one).is_empty(), "row {i}: {row}");
    }
    // A row naming no service.
    assert!(!schema_errors(&v, br#"[{"minutes": 5, "claim_id": "A"}]"#).is_empty());
    assert!(!schema_errors(&v, br#"[{"claim_id": "A", "line_id": null}]"#).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any bytes load or give errors, each one line; never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        name in prop::sample::select(vec!["m.csv", "m.json", "m"]),
    ) {
        if let Err(e) = parse(name, &bytes) {
            prop_assert!(!e.is_empty());
            for line in messages(&e) {
                prop_assert!(!line.contains('\n'), "{line:?}");
            }
        }
    }

    /// Text made of the manifest's own pieces reaches past the header.
    #[test]
    fn manifest_like_text_never_panics(
        body in "[a-z0-9_:,\"\\-\\[\\]{} \n\r]{0,300}",
        json in any::<bool>(),
    ) {
        let text = if json {
            format!("[{{\"claim_id\": \"A\", \"line_id\": {body}")
        } else {
            format!("claim_id,line_id,member_id,service_date,procedure,minutes,start_time,end_time\n{body}")
        };
        let _ = parse(if json { "m.json" } else { "m.csv" }, text.as_bytes());
    }
}
