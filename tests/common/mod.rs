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
