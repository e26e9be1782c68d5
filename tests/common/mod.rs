//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use claimcheck::diagnostic::Finding;

pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    crate_dir().join("fixtures").join(rel)
}

/// The public corpus beside the repository (`../shared/corpus`).
pub fn corpus_dir() -> PathBuf {
    crate_dir().join("../shared/corpus")
}

/// Every corpus file, sorted.
pub fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("../shared/corpus is readable")
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).into_iter().flatten())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Corpus path relative to the corpus folder, as PROVENANCE.md writes it.
pub fn corpus_name(path: &Path) -> String {
    path.strip_prefix(corpus_dir())
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// (rule, segment id, element, line): what rule tests assert exactly.
pub type Brief = (String, String, String, u64);

/// The [`Brief`] of each finding.
pub fn brief(findings: &[Finding]) -> Vec<Brief> {
    findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.segment_id.clone().unwrap_or_default(),
                f.element.clone().unwrap_or_default(),
                f.line.unwrap_or(0),
            )
        })
        .collect()
}

/// The small code files of the tests (tests/data/codesets), one of each
/// kind, as `--codes` would load them.
pub fn test_code_sets() -> claimcheck::codesets::CodeSets {
    use claimcheck::codesets::{CodeFileKind, CodeSets};
    let mut sets = CodeSets::shipped();
    for (kind, file) in [
        (CodeFileKind::Hcpcs, "hcpcs_anweb.txt"),
        (CodeFileKind::Taxonomy, "nucc_taxonomy.csv"),
        (CodeFileKind::Carc, "carc.csv"),
        (CodeFileKind::Rarc, "rarc.txt"),
        (CodeFileKind::Mue, "mue_practitioner.csv"),
    ] {
        let path = crate_dir().join("tests/data/codesets").join(file);
        let bytes = std::fs::read(&path).unwrap();
        sets.load(kind, file, &bytes).unwrap();
    }
    sets
}

/// Validate `bytes` with every rule and the test code files loaded.
pub fn validate_with_test_codes(bytes: &[u8]) -> claimcheck::validate::FileReport {
    let options = claimcheck::validate::Options {
        codes: std::sync::Arc::new(test_code_sets()),
        profiles: std::sync::Arc::new(example_profiles()),
        ..Default::default()
    };
    claimcheck::validate::validate_bytes_with(bytes, &options)
}

/// Run the `claimcheck` binary in `dir` with no standard input.
pub fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("claimcheck runs")
}

/// The exit code of a run.
pub fn code(out: &std::process::Output) -> i32 {
    out.status.code().expect("exited")
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Write `text` to `dir/name`, creating folders; returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// The (rule, `field`) of each finding in the JSON report on a run's
/// standard output (`field` is `message`, `severity` …).
pub fn json_findings(out: &std::process::Output, field: &str) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f[field].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every example profile of `schemas/profiles`, as one run loads them
/// (their payer ids differ, so a fixture picks one by its payer).
pub fn example_profiles() -> claimcheck::profile::Profiles {
    let dir = crate_dir().join("schemas/profiles");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let profiles = paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let name = PathBuf::from("schemas/profiles").join(p.file_name().unwrap());
            claimcheck::profile::Profile::parse(&text, &name).unwrap()
        })
        .collect();
    claimcheck::profile::Profiles::new(profiles).unwrap()
}
