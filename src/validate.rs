//! Validate one input: tokens -> envelope walker -> rules -> findings.
//!
//! Works on bytes or a reader, keeps no global state and prints nothing,
//! so the same functions serve the CLI, tests and embedders.

use std::io::{self, Read};

use serde::Serialize;

use crate::diagnostic::{Finding, Tally};
use crate::rules::env::{EnvelopeChecks, EnvelopeSummary};
use crate::x12::envelope::EnvelopeWalker;
use crate::x12::tokenizer::{StreamTokenizer, Tokenizer};

/// What validating one input found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// Display name of the input (path, or `-` for stdin); set by the caller.
    pub path: Option<String>,
    pub bytes: u64,
    #[serde(flatten)]
    pub envelopes: EnvelopeSummary,
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

impl FileReport {
    pub fn tally(&self) -> Tally {
        Tally::of(&self.findings)
    }

    /// Name the input: sets `path` here and `file` on every finding.
    pub fn named(mut self, path: &str) -> Self {
        self.path = Some(path.to_string());
        for f in &mut self.findings {
            f.file = Some(path.to_string());
        }
        self
    }
}

/// Validate an input held in memory.
pub fn validate_bytes(input: &[u8]) -> FileReport {
    let mut walker = EnvelopeWalker::new();
    let mut checks = EnvelopeChecks::new();
    let mut tokens = Tokenizer::new(input);
    for token in tokens.by_ref() {
        walker.token(&token, &mut checks);
    }
    finish(walker, checks, input.len() as u64, tokens.on_one_line())
}

/// Validate a reader, holding only a window of it in memory.
/// `progress` is told the number of bytes consumed from time to time.
pub fn validate_reader<R: Read>(
    reader: R,
    mut progress: impl FnMut(u64),
) -> io::Result<FileReport> {
    let mut walker = EnvelopeWalker::new();
    let mut checks = EnvelopeChecks::new();
    let mut tokens = StreamTokenizer::new(reader);
    let mut n: u32 = 0;
    while let Some(token) = tokens.next_token()? {
        walker.token(&token, &mut checks);
        n = n.wrapping_add(1);
        if n.is_multiple_of(65_536) {
            progress(tokens.consumed());
        }
    }
    let bytes = tokens.consumed();
    progress(bytes);
    Ok(finish(walker, checks, bytes, tokens.on_one_line()))
}

fn finish(
    mut walker: EnvelopeWalker,
    mut checks: EnvelopeChecks,
    bytes: u64,
    one_line: bool,
) -> FileReport {
    walker.finish(&mut checks);
    checks.finish();
    let mut findings = checks.findings;
    if one_line {
        // One-line files: the segment ordinal is the useful "line".
        for f in &mut findings {
            if let Some(i) = f.segment_index {
                f.line = Some(i + 1);
            }
            for r in &mut f.related {
                r.line = r.segment_index + 1;
            }
        }
    }
    findings.sort_by_key(|f| f.byte_offset.unwrap_or(u64::MAX));
    FileReport {
        path: None,
        bytes,
        envelopes: checks.summary,
        findings,
    }
}
