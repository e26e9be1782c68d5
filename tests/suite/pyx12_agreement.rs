//! Agreement with the reference validator pyx12 4.0.0 on the public corpus.
//!
//! pyx12's findings are recorded in `tests/data/pyx12_corpus_errors.json`
//! by `scripts/pyx12_errors.py` (CI checks the record is current with the
//! pyx12 it installs, see `pyx12_record_is_current`). On every corpus file
//! pyx12 can read:
//! - claimcheck's verdict (any error or none) equals pyx12's, except for
//!   the files listed in `tests/corpus_verdicts.md` with the reason;
//! - for at least 90% of pyx12's errors, claimcheck reports an error on the
//!   same segment.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use claimcheck::diagnostic::Severity;
use claimcheck::validate_bytes;
use claimcheck::x12::tokenizer::{Token, Tokenizer};
use common::{corpus_dir, crate_dir};
use serde_json::Value;

fn record() -> Value {
    let text = std::fs::read_to_string(crate_dir().join("tests/data/pyx12_corpus_errors.json"))
        .expect("the pyx12 record is readable");
    serde_json::from_str(&text).expect("the pyx12 record is JSON")
}

/// Files whose verdicts differ, as listed in `tests/corpus_verdicts.md`
/// (the first backquoted name of each table row).
fn listed_disagreements() -> BTreeSet<String> {
    let text = std::fs::read_to_string(crate_dir().join("tests/corpus_verdicts.md"))
        .expect("tests/corpus_verdicts.md is readable");
    text.lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| l.split('`').nth(1).map(str::to_string))
        .collect()
}

/// Segment ids of a file by 0-based ordinal, as claimcheck tokenizes it.
fn segment_ids(bytes: &[u8]) -> Vec<String> {
    Tokenizer::new(bytes)
        .filter_map(|t| match t {
            Token::Segment(s) | Token::Isa(s, _) => {
                Some(String::from_utf8_lossy(s.id()).into_owned())
            }
            Token::Junk(_) => None,
        })
        .collect()
}

/// The 0-based segment index a pyx12 error is about. pyx12 logs
/// "Line:N" as the segment ordinal (ISA = 1); for trailer errors (SE, GE,
/// IEA) it logs the line of the header, so the trailer is the first
/// segment with that id from there on (or the header, when the trailer
/// is missing).
fn pyx12_index(error: &Value, ids: &[String]) -> Option<usize> {
    let line = error["line"].as_u64()? as usize;
    let at = line.checked_sub(1)?;
    match error["segment"].as_str() {
        Some(trailer @ ("SE" | "GE" | "IEA"))
            if ids.get(at).map(String::as_str) != Some(trailer) =>
        {
            // A trailer that never comes: the header carries the finding.
            Some(
                ids.iter()
                    .skip(at)
                    .position(|id| id == trailer)
                    .map_or(at, |p| p + at),
            )
        }
        _ => Some(at),
    }
}

struct Outcome {
    verdict_pyx12: bool,
    verdict_ours: bool,
    pyx12_errors: usize,
    same_segment: usize,
    /// pyx12's messages with no claimcheck error on their segment.
    unmatched: Vec<String>,
}

fn compare() -> BTreeMap<String, Outcome> {
    let rec = record();
    let mut out = BTreeMap::new();
    for (name, file) in rec["files"].as_object().unwrap() {
        if file["validated"] != Value::Bool(true) {
            continue;
        }
        let bytes = std::fs::read(corpus_dir().join(name)).expect("corpus file is readable");
        let ids = segment_ids(&bytes);
        let report = validate_bytes(&bytes);
        let ours: BTreeSet<u64> = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .filter_map(|f| f.segment_index)
            .collect();
        let errors = file["errors"].as_array().unwrap();
        let (matched, unmatched): (Vec<&Value>, Vec<&Value>) = errors
            .iter()
            .partition(|e| pyx12_index(e, &ids).is_some_and(|i| ours.contains(&(i as u64))));
        out.insert(
            name.clone(),
            Outcome {
                verdict_pyx12: !errors.is_empty(),
                verdict_ours: report.tally().errors > 0,
                pyx12_errors: errors.len(),
                same_segment: matched.len(),
                unmatched: unmatched
                    .iter()
                    .map(|e| {
                        format!(
                            "line {} {}: {}",
                            e["line"],
                            e["segment"].as_str().unwrap_or("?"),
                            e["message"].as_str().unwrap_or("")
                        )
                    })
                    .collect(),
            },
        );
    }
    out
}

#[test]
fn verdicts_agree_with_pyx12_or_are_explained() {
    let outcomes = compare();
    assert!(outcomes.len() >= 20, "{} files compared", outcomes.len());
    let listed = listed_disagreements();
    let mut problems = Vec::new();
    for (name, o) in &outcomes {
        let differs = o.verdict_pyx12 != o.verdict_ours;
        let say = |b: bool| if b { "errors" } else { "clean" };
        if differs && !listed.contains(name) {
            problems.push(format!(
                "{name}: pyx12 {} but claimcheck {}, and tests/corpus_verdicts.md does not explain it",
                say(o.verdict_pyx12),
                say(o.verdict_ours)
            ));
        }
        if !differs && listed.contains(name) {
            problems.push(format!(
                "{name}: listed in tests/corpus_verdicts.md but the verdicts now agree"
            ));
        }
    }
    for name in &listed {
        if !outcomes.contains_key(name) {
            problems.push(format!(
                "{name}: listed in tests/corpus_verdicts.md but not a file pyx12 validates"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn most_pyx12_errors_have_a_claimcheck_error_on_the_same_segment() {
    let outcomes = compare();
    let total: usize = outcomes.values().map(|o| o.pyx12_errors).sum();
    let same: usize = outcomes.values().map(|o| o.same_segment).sum();
    let table: Vec<String> = outcomes
        .iter()
        .filter(|(_, o)| o.same_segment < o.pyx12_errors)
        .map(|(n, o)| {
            format!(
                "  {n}: {}/{}\n    {}",
                o.same_segment,
                o.pyx12_errors,
                o.unmatched.join("\n    ")
            )
        })
        .collect();
    let share = same as f64 / total as f64;
    eprintln!(
        "pyx12 errors with a claimcheck error on the same segment: {same}/{total} = {:.2}%\n{}",
        share * 100.0,
        table.join("\n")
    );
    assert!(total > 9000, "the record holds {total} pyx12 errors");
    assert!(share >= 0.90, "{same}/{total}");
}

/// The record was made with the pyx12 that CI installs: rerun pyx12 on
/// the corpus and compare. Needs `python3` with pyx12 4.0.0 (installed
/// by `.ci/run`); skipped with a note when pyx12 is not installed.
#[test]
fn pyx12_record_is_current() {
    let probe = Command::new("python3")
        .args(["-c", "import pyx12.x12n_document"])
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("pyx12 is not installed: record not rechecked");
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install pyx12 (see .ci/run)"
        );
        return;
    }
    let out = Command::new("python3")
        .arg(crate_dir().join("scripts/pyx12_errors.py"))
        .arg("--check")
        .arg("--corpus")
        .arg(corpus_dir())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "scripts/pyx12_errors.py --check failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
