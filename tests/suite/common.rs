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

/// (rule, segment id, element, line, claim id, message, the profile rule
/// cited or empty): what the claim rule tests (UNIT, RATE, SIT) assert.
pub type Exact = (String, String, String, u64, String, String, String);

/// The [`Exact`] of a finding.
pub fn exact(f: &Finding) -> Exact {
    (
        f.rule.to_string(),
        f.segment_id.clone().unwrap_or_default(),
        f.element.clone().unwrap_or_default(),
        f.line.unwrap_or(0),
        f.claim_id.clone().unwrap_or_default(),
        f.message.clone(),
        f.profile
            .as_ref()
            .map(|p| p.rule.clone())
            .unwrap_or_default(),
    )
}

/// An [`Exact`] written out.
pub fn exact_of(
    rule: &str,
    segment: &str,
    element: &str,
    line: u64,
    claim: &str,
    message: &str,
    profile_rule: &str,
) -> Exact {
    (
        rule.to_string(),
        segment.to_string(),
        element.to_string(),
        line,
        claim.to_string(),
        message.to_string(),
        profile_rule.to_string(),
    )
}

/// The bytes of a fixture (`unit/UNIT001_….x12`).
pub fn fixture_bytes(rel: &str) -> Vec<u8> {
    std::fs::read(fixture(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// `text` written with `|`, `>` and `!` for the element separator, the
/// component separator and the segment terminator (`*`, `:` and `~`),
/// for files whose interchanges use different delimiters.
pub fn redelimited(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '*' => '|',
            ':' => '>',
            '~' => '!',
            c => c,
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
        manifest: std::sync::Arc::new(test_manifest()),
        ..Default::default()
    };
    claimcheck::validate::validate_bytes_with(bytes, &options)
}

/// The documented minutes of the UNIT fixtures' services, as a
/// documentation manifest gives them: (member id, date, procedure,
/// minutes). Each fixture has a member of its own (`SYNU00nnn`).
pub const TEST_MANIFEST: &[(&str, u32, &str, u32)] = &[
    // UNIT001: 90837 for 45 minutes, a crisis session of 80 minutes with
    // two units of 90840, family psychotherapy for 20 minutes.
    ("SYNU00101", 20260310, "90837", 45),
    ("SYNU00101", 20260311, "90839", 80),
    ("SYNU00101", 20260312, "90846", 20),
    // UNIT003: 4 units of H0004 for 50 minutes (midpoint: 3).
    ("SYNU00301", 20260310, "H0004", 50),
    // UNIT003: 2 + 2 units for 20 + 20 minutes (8-minute rule: 3).
    ("SYNU00302", 20260310, "H0004", 20),
    ("SYNU00302", 20260310, "H2015", 20),
    // ok: every code within its minutes.
    ("SYNU00901", 20260310, "90834", 45),
    ("SYNU00901", 20260311, "90833", 20),
    ("SYNU00901", 20260312, "90839", 60),
    ("SYNU00901", 20260312, "90840", 30),
    ("SYNU00901", 20260313, "H0004", 50),
    ("SYNU00902", 20260310, "H0004", 20),
    ("SYNU00902", 20260310, "H2015", 20),
];

/// [`TEST_MANIFEST`] as a run's manifest.
pub fn test_manifest() -> claimcheck::manifest::Manifest {
    let rows = TEST_MANIFEST
        .iter()
        .enumerate()
        .map(
            |(i, &(member, date, procedure, minutes))| claimcheck::manifest::ManifestRow {
                member_id: Some(member.to_string()),
                service_date: Some(date),
                procedure: Some(procedure.to_string()),
                minutes: Some(minutes),
                line: i + 2,
                ..Default::default()
            },
        )
        .collect();
    claimcheck::manifest::Manifest::from_rows(Some("manifest.csv".to_string()), rows)
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

/// `validate --format json claims ARGS…` in `dir`, which must run with
/// nothing on stderr: its exit code and the (rule, message) of each
/// finding.
pub fn validate_claims(dir: &Path, args: &[&str]) -> (i32, Vec<(String, String)>) {
    let mut all = vec!["validate", "--format", "json", "claims"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "{args:?} exited {:?}",
        out.status.code()
    );
    (code(&out), json_findings(&out, "message"))
}

/// `validate claims ARGS…` in `dir`, which must fail with exit code 2,
/// nothing on stdout and exactly one line on stderr: that line.
pub fn fails(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["validate", "claims"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    assert_eq!(code(&out), 2, "{args:?}");
    assert_eq!(out.stdout, b"", "{args:?}");
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err:?}");
    err.trim_end().to_string()
}

/// Copy files of the crate (`from`, relative to it) into `dir` (`to`),
/// creating folders.
pub fn copy_into(dir: &Path, files: &[(&str, &str)]) {
    for (from, to) in files {
        let to = dir.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(crate_dir().join(from), to).unwrap();
    }
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
