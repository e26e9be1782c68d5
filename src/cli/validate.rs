//! `claimcheck validate`

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::codes::{load_code_sets, parse_code_file};
use super::config::SettingsArgs;
use super::inputs::{Input, expand};
use super::manifest::load_manifest;
use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, error_line, write_stdout};
use crate::ack::{Ack999Options, UtcTime, write_999};
use crate::config::{CodeFileRef, parse_fail_on};
use crate::diagnostic::Severity;
use crate::diagnostic::render::{Format, RunReport, render};
use crate::rules::selection::Selection;
use crate::validate::{
    FileReport, Options, RunLedger, validate_reader_in_run, validate_seekable_in_run,
};

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files, directories (searched recursively) or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit with 1 when a finding is at or above this severity (default:
    /// the configuration's `fail-on`, else error).
    #[arg(long, value_name = "SEVERITY", value_parser = parse_fail_on)]
    pub fail_on: Option<Severity>,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<usize>,
    /// Write a 999 acknowledgment for every input interchange into DIR
    /// (created if missing), named `<input stem>.<ISA13>.999`.
    #[arg(long = "ack999", value_name = "DIR")]
    pub ack999: Option<PathBuf>,
    /// Payer profile TOML (repeatable), on top of the configuration's
    /// `profiles`; matched to claims and remittances by payer id.
    #[arg(long = "profile", value_name = "FILE")]
    pub profiles: Vec<PathBuf>,
    /// Load a code file: KIND is hcpcs (CMS HCPCS Level II annual file),
    /// taxonomy (NUCC CSV), carc, rarc (CSV code,description) or mue (CMS
    /// MUE CSV); repeatable, and replaces the configuration's file of the
    /// same kind. Codes missing from a loaded list become findings.
    #[arg(long = "codes", value_name = "KIND=FILE", value_parser = parse_code_file)]
    pub codes: Vec<CodeFileRef>,
    /// Documentation manifest from the EHR (CSV or JSON, one row per
    /// service): minutes, notes, authorizations. Replaces the
    /// configuration's `manifest`; at most one per run.
    #[arg(long = "manifest", visible_alias = "docs", value_name = "FILE")]
    pub manifest: Vec<PathBuf>,
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// Inputs at least this large in total get a progress bar (on a TTY).
const PROGRESS_MIN_BYTES: u64 = 64 << 20;

/// Validate one input and keep the selected findings, at their selected
/// severities.
fn validate_one(
    input: &Input,
    selection: &Selection,
    options: &Options,
    bar: &ProgressBar,
) -> Result<FileReport, String> {
    let name = input.display();
    let mut seen = 0u64;
    let progress = |consumed: u64| {
        bar.inc(consumed.saturating_sub(seen));
        seen = consumed;
    };
    let result = match input {
        Input::Stdin => validate_reader_in_run(io::stdin().lock(), options, progress),
        Input::File(path) => {
            let file = File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
            // A regular file can be read again for its findings' text; a
            // named pipe or a device cannot.
            if file.metadata().is_ok_and(|m| m.is_file()) {
                validate_seekable_in_run(file, options, progress)
            } else {
                validate_reader_in_run(file, options, progress)
            }
        }
    };
    let mut report = result.map_err(|e| format!("cannot read {name}: {e}"))?;
    selection.apply(&mut report.findings);
    Ok(report.named(&name))
}

/// Write the 999s of every report into `dir`, numbering them from 1 in
/// input order; a name already written in this run gets a `-2`, `-3` …
/// suffix. Returns the errors.
fn write_acks(dir: &Path, reports: &[FileReport]) -> Vec<String> {
    let mut options = Ack999Options::at(UtcTime::now());
    let mut used = HashSet::new();
    let mut errors = Vec::new();
    for report in reports {
        let files = write_999(report, &options);
        options.control_number += files.len() as u64;
        for file in files {
            let mut name = file.name.clone();
            let mut n = 1;
            while !used.insert(name.clone()) {
                n += 1;
                let base = file.name.strip_suffix(".999").unwrap_or(&file.name);
                name = format!("{base}-{n}.999");
            }
            let path = dir.join(&name);
            if let Err(e) = fs::write(&path, &file.text) {
                errors.push(format!("cannot write {}: {e}", path.display()));
            }
        }
    }
    errors
}

pub fn run(args: ValidateArgs) -> u8 {
    let settings = match args.settings.resolve(args.fail_on) {
        Ok(settings) => settings,
        Err(e) => {
            error_line(&e);
            return EXIT_ERROR;
        }
    };
    // Bad profiles stop the run before any input is read.
    let profiles = match super::profile::load(settings.profiles.iter().chain(&args.profiles)) {
        Ok(profiles) => Arc::new(profiles),
        Err(e) => {
            error_line(&e);
            return EXIT_ERROR;
        }
    };
    // Code files are read once, before any input, and shared by every
    // worker.
    let codes = match load_code_sets(settings.codes.iter().chain(&args.codes)) {
        Ok(codes) => Arc::new(codes),
        Err(e) => {
            error_line(&e);
            return EXIT_ERROR;
        }
    };
    // So is the documentation manifest.
    let manifest = match load_manifest(settings.manifest.as_ref(), &args.manifest) {
        Ok(manifest) => Arc::new(manifest),
        Err(e) => {
            error_line(&e);
            return EXIT_ERROR;
        }
    };
    let options = Options {
        profiles,
        codes,
        manifest,
        ..Options::for_selection(&settings.selection)
    };
    if let Some(dir) = &args.ack999
        && let Err(e) = fs::create_dir_all(dir)
    {
        error_line(&format!("cannot create {}: {e}", dir.display()));
        return EXIT_ERROR;
    }
    let (inputs, mut errors) = expand(&args.paths);
    if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        error_line("stdin (-) can be given only once");
        return EXIT_ERROR;
    }
    let total: u64 = inputs
        .iter()
        .filter_map(|i| match i {
            Input::File(p) => p.metadata().ok().map(|m| m.len()),
            Input::Stdin => None,
        })
        .sum();
    let bar = if io::stderr().is_terminal() && total >= PROGRESS_MIN_BYTES {
        let bar = ProgressBar::new(total);
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            error_line(&format!("cannot start worker threads: {e}"));
            return EXIT_ERROR;
        }
    };
    let mut report = RunReport {
        fail_on: settings.fail_on,
        ..RunReport::default()
    };
    // The path of each report, to read segments back from.
    let mut shown: Vec<Option<&Path>> = Vec::new();
    let mut run = RunLedger::default();
    // Each input's result, taken in input order as soon as it and every
    // earlier input are done: the cross-file counts (units per day, case
    // rates per period) of the first inputs are merged while the workers
    // still read the later ones. An input that cannot be read has no
    // report, so later reports' positions do not count it.
    let mut take = |r: Result<FileReport, String>, i: usize| match r {
        Ok(mut file) => {
            run.add(report.files.len(), &mut file);
            report.files.push(file);
            shown.push(match &inputs[i] {
                Input::File(p) => Some(p.as_path()),
                Input::Stdin => None,
            });
        }
        Err(e) => errors.push(e),
    };
    let (done, results) = mpsc::channel();
    // FIFO: the workers start the inputs in order, so the earliest finish
    // first and can be merged early.
    pool.in_place_scope_fifo(|scope| {
        for (i, input) in inputs.iter().enumerate() {
            let done = done.clone();
            let (selection, options, bar) = (&settings.selection, &options, &bar);
            scope.spawn_fifo(move |_| {
                // The receiver only goes away once every input is in.
                let _ = done.send((i, validate_one(input, selection, options, bar)));
            });
        }
        drop(done);
        let mut waiting: Vec<Option<Result<FileReport, String>>> =
            inputs.iter().map(|_| None).collect();
        let (mut next, mut back) = (0, 0);
        for (i, r) in results {
            waiting[i] = Some(r);
            back += 1;
            let mut take_ready = || {
                while let Some(r) = waiting.get_mut(next).and_then(Option::take) {
                    take(r, next);
                    next += 1;
                }
            };
            if back < inputs.len() {
                // Here, beside the workers still reading.
                take_ready();
            } else {
                // The workers are free: the last merges share them.
                pool.install(take_ready);
            }
        }
    });
    bar.finish_and_clear();
    // The end-of-run rules, and the files' share of their findings, take
    // the pool's workers.
    pool.install(|| {
        let found = run.findings(&report.files, &options);
        report
            .files
            .par_iter_mut()
            .zip(found)
            .zip(&shown)
            .for_each(|((file, mut found), path)| {
                if found.is_empty() {
                    return;
                }
                settings.selection.apply(&mut found);
                // The segments of these findings are read back for the
                // caret; a file that cannot be read again just shows none.
                if let Some(path) = path
                    && let Ok(mut input) = File::open(path)
                {
                    let _ = file.show_sources(&mut input, &mut found);
                }
                file.add_run_findings(found);
            });
    });
    if let Some(dir) = &args.ack999 {
        errors.extend(write_acks(dir, &report.files));
    }
    for e in &errors {
        error_line(e);
    }
    // On the pool: the text renderer shares the findings out to the workers.
    if let Err(e) = pool.install(|| write_stdout(|out| render(args.format, &report, out))) {
        error_line(&e);
        return EXIT_ERROR;
    }
    let code = if !errors.is_empty() {
        EXIT_ERROR
    } else if report.tally().reaches(settings.fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    // The process ends next (this is the binary's command): freeing every
    // finding one by one would only delay the exit.
    std::mem::forget(report);
    code
}
