//! Counting across the inputs of a run: each input's counts wait in its
//! report until `finish_run` merges them in input order, so the findings
//! are the same however the inputs are split and whichever finished
//! first; the findings made then still show their segment and caret.

use crate::common;

use std::sync::Arc;

use claimcheck::validate::{
    FileReport, Options, RunLedger, finish_run, show_sources, validate_bytes_in_run,
};
use common::{example_profiles, fixture};

fn options() -> Options {
    Options {
        profiles: Arc::new(example_profiles()),
        ..Options::default()
    }
}

/// The 837 of `fixture` cut into two files after its first claim: the
/// second keeps the envelope and the levels above the claim.
fn split(text: &str) -> (String, String) {
    let second_clm = text.match_indices("CLM*").nth(1).unwrap().0;
    let first_clm = text.find("CLM*").unwrap();
    let trailer = text.find("SE*").unwrap();
    let head = &text[..first_clm];
    let tail = &text[trailer..];
    (
        format!("{}{}", &text[..second_clm], tail),
        format!("{head}{}", &text[second_clm..]),
    )
}

/// (file index, rule, claim, line, related note) of each finding of the run.
fn run(files: &[&str]) -> Vec<(usize, String, String, u64, Vec<String>)> {
    let options = options();
    let mut reports: Vec<_> = files
        .iter()
        .map(|f| validate_bytes_in_run(f.as_bytes(), &options))
        .collect();
    finish_run(&mut reports, &options, |_, _| {});
    reports
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.findings
                .iter()
                .filter(|f| f.rule.starts_with("RATE") || f.rule.starts_with("UNIT"))
                .map(move |f| {
                    (
                        i,
                        f.rule.to_string(),
                        f.claim_id.clone().unwrap_or_default(),
                        f.line.unwrap_or(0),
                        f.related.iter().map(|r| r.note.clone()).collect(),
                    )
                })
        })
        .collect()
}

#[test]
fn a_count_over_two_files_finds_what_one_file_finds() {
    for name in [
        "rate/RATE001_case_rate_twice_in_month.x12",
        "unit/UNIT004_h0004_over_daily_max.x12",
    ] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let whole = run(&[&text]);
        assert_eq!(whole.len(), 1, "{name}: {whole:?}");
        let (a, b) = split(&text);
        let parts = run(&[&a, &b]);
        assert_eq!(parts.len(), 1, "{name}: {parts:?}");
        // The second claim is in the second file, and names the first
        // claim in the first file ("input 1": the reports are unnamed).
        let (file, rule, claim, _, related) = &parts[0];
        assert_eq!(
            (*file, rule, claim),
            (1, &whole[0].1, &"CC-0002".to_string())
        );
        assert_eq!(related.len(), 1);
        assert!(
            related[0].ends_with("(claim CC-0001, in input 1)"),
            "{related:?}"
        );
        // Given the other way round, the finding moves to the later input.
        let swapped = run(&[&b, &a]);
        assert_eq!(swapped.len(), 1);
        assert_eq!((swapped[0].0, swapped[0].2.as_str()), (1, "CC-0001"));
        // Neither part alone has the count over its limit.
        let rule = &whole[0].1;
        let alone = [run(&[&a]), run(&[&b])].concat();
        assert!(alone.iter().all(|f| &f.1 != rule), "{name}: {alone:?}");
    }
}

#[test]
fn findings_of_the_run_show_their_segment_with_a_caret() {
    let text = std::fs::read(fixture("rate/RATE001_case_rate_twice_in_month.x12")).unwrap();
    let options = options();
    let mut reports = vec![validate_bytes_in_run(&text, &options)];
    let mut shown = Vec::new();
    finish_run(&mut reports, &options, |_, found| {
        show_sources(&mut std::io::Cursor::new(&text), found).unwrap();
        shown = found.clone();
    });
    assert_eq!(shown.len(), 1);
    let f = &shown[0];
    let source = f.source.as_ref().unwrap();
    assert_eq!(source.text, "SV1*HC:T2022:HF*410*UN*1***1");
    // The caret is under SV101 and the offset moved to it.
    assert_eq!(source.span, Some((4, 11)));
    let sv1 = text.windows(4).rposition(|w| w == b"SV1*").unwrap() as u64;
    assert_eq!(f.byte_offset, Some(sv1 + 4));
    // validate_bytes_with does the same for its single input.
    let single = claimcheck::validate::validate_bytes_with(&text, &options);
    let rate = single
        .findings
        .iter()
        .find(|f| f.rule == "RATE001")
        .unwrap();
    assert_eq!(rate.source, f.source.clone());
}

/// A run finding in an interchange written in other delimiters than the
/// first one's is read back in its own: by `validate_bytes_with` and by
/// the report, as the CLI does.
#[test]
fn findings_of_the_run_show_their_segment_in_its_own_delimiters() {
    let first = std::fs::read_to_string(fixture("env/ok_837p.x12")).unwrap();
    let second = common::redelimited(
        &std::fs::read_to_string(fixture("rate/RATE001_case_rate_twice_in_month.x12")).unwrap(),
    );
    let text = format!("{first}{second}").into_bytes();
    let options = options();
    let want = |f: &claimcheck::diagnostic::Finding| {
        let source = f.source.as_ref().expect("segment text");
        assert_eq!(source.text, "SV1|HC>T2022>HF|410|UN|1|||1");
        assert_eq!(source.span, Some((4, 11)));
    };
    let single = claimcheck::validate::validate_bytes_with(&text, &options);
    want(
        single
            .findings
            .iter()
            .find(|f| f.rule == "RATE001")
            .unwrap(),
    );

    let mut report = validate_bytes_in_run(&text, &options);
    let mut run = RunLedger::default();
    run.add(0, &mut report);
    let mut found = run.findings(std::slice::from_ref(&report), &options);
    report
        .show_sources(&mut std::io::Cursor::new(&text), &mut found[0])
        .unwrap();
    assert_eq!(found[0].len(), 1);
    want(&found[0][0]);
}

/// The reports of `files` finished by a [`RunLedger`] fed input by input
/// on a pool of two workers (where the merges and the end-of-run rules
/// split their work), as the CLI does.
fn run_in_steps(files: &[&str], options: &Options) -> Vec<FileReport> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    pool.install(|| {
        let mut ledger = RunLedger::default();
        let mut reports = Vec::new();
        for f in files {
            let mut report = validate_bytes_in_run(f.as_bytes(), options);
            ledger.add(reports.len(), &mut report);
            reports.push(report);
        }
        let found = ledger.findings(&reports, options);
        for (report, found) in reports.iter_mut().zip(found) {
            report.add_run_findings(found);
        }
        reports
    })
}

#[test]
fn a_run_finished_in_steps_on_workers_equals_finish_run() {
    let options = options();
    let rate =
        std::fs::read_to_string(fixture("rate/RATE001_case_rate_twice_in_month.x12")).unwrap();
    let unit = std::fs::read_to_string(fixture("unit/UNIT004_h0004_over_daily_max.x12")).unwrap();
    let (a, b) = split(&rate);
    let (c, d) = split(&unit);
    let files = [a.as_str(), c.as_str(), b.as_str(), d.as_str()];
    let mut whole: Vec<_> = files
        .iter()
        .map(|f| validate_bytes_in_run(f.as_bytes(), &options))
        .collect();
    finish_run(&mut whole, &options, |_, _| {});
    let steps = run_in_steps(&files, &options);
    assert_eq!(steps, whole);
    // The run's findings are there: one RATE001 and one UNIT004, in the
    // later file of each pair.
    let rules: Vec<(usize, &str)> = steps
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.findings.iter().map(move |f| (i, f.rule)))
        .filter(|(_, rule)| *rule == "RATE001" || *rule == "UNIT004")
        .collect();
    assert_eq!(rules, [(2, "RATE001"), (3, "UNIT004")]);
}

#[test]
#[should_panic(expected = "run order")]
fn a_run_ledger_takes_reports_in_run_order_only() {
    let options = options();
    let text =
        std::fs::read_to_string(fixture("rate/RATE001_case_rate_twice_in_month.x12")).unwrap();
    let mut report = validate_bytes_in_run(text.as_bytes(), &options);
    RunLedger::default().add(1, &mut report);
}
