//! `claimcheck parse` end to end: JSON on stdout, exit codes, what stderr
//! says about damage, closed pipes.

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::common::stderr;

const BIN: &str = env!("CARGO_BIN_EXE_claimcheck");
const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

fn parse(args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("parse")
        .args(args)
        .current_dir(CRATE_DIR)
        .stdin(Stdio::null())
        .output()
        .expect("claimcheck runs")
}

#[test]
fn a_clean_file_prints_its_model_and_exits_0() {
    let out = parse(&["fixtures/env/ok_837p.x12"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["model"], 1);
    assert_eq!(v["kind"], "837P");
    let claim = &v["interchanges"][0]["groups"][0]["transactions"][0]["claims"][0];
    assert_eq!(claim["id"], "CC-0001");
    assert_eq!(claim["total_charge"], "100");
    assert_eq!(claim["lines"][0]["procedure"]["modifiers"][0], "HF");
    // One claim per line: scripts can grep.
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().any(|l| l.starts_with("{\"billing_provider\"")));
}

#[test]
fn a_file_that_cannot_be_read_is_one_error_line_and_exit_2() {
    let out = parse(&["fixtures/no_such_file.x12"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("claimcheck: error: cannot read fixtures/no_such_file.x12"));
}

#[test]
fn input_that_is_not_x12_still_prints_json_and_exits_1() {
    let out = parse(&["fixtures/env/ENV001_not_x12.x12"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["interchanges"], Value::Array(Vec::new()));
    let err = stderr(&out);
    assert!(err.contains("not X12"), "{err}");
}

#[test]
fn segments_the_guide_cannot_place_are_named_and_kept() {
    let out = parse(&["fixtures/syn/SYN001_dtp_after_ref.x12"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("SYN001_dtp_after_ref.x12:26: DTP has no place in loop 2400"),
        "{err}"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"unexpected\":true"), "{text}");
}

#[test]
fn untyped_sets_are_a_note_not_damage() {
    let out = parse(&["fixtures/env/ENV018_834_enrollment.x12"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("note:"), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let set = &v["interchanges"][0]["groups"][0]["transactions"][0];
    assert_eq!(set["transaction_set"], "834");
    assert!(set["segments"].as_array().is_some_and(|s| !s.is_empty()));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let mut child = Command::new(BIN)
        .args(["parse", "-"])
        .current_dir(CRATE_DIR)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = std::fs::read(format!("{CRATE_DIR}/fixtures/model/ok_rich_835.x12")).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "835");
}

/// `| head`: the reader goes away; the tool ends quietly.
#[test]
fn a_closed_pipe_ends_quietly() {
    let mut input = Vec::new();
    let opts = claimcheck::synth::SynthOptions {
        target_bytes: 2_000_000,
        ..Default::default()
    };
    claimcheck::synth::write_837p(&opts, &mut input).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.837");
    std::fs::write(&path, &input).unwrap();
    let mut child = Command::new(BIN)
        .args(["parse", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}
