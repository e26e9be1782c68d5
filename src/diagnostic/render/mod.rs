//! Renderers: each turns a run's findings into one output format, one file
//! per format, all fed the same [`RunReport`].

pub mod github;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod sarif;
pub mod text;

use std::io::{self, Write};

use crate::diagnostic::{Severity, Tally};
use crate::validate::FileReport;

/// Everything one `validate` run produced, in input order.
#[derive(Debug, Clone)]
pub struct RunReport {
    pub files: Vec<FileReport>,
    /// `--fail-on`: findings at or above it fail the run (exit 1). Formats
    /// that have a pass/fail notion of their own (JUnit) follow it.
    pub fail_on: Severity,
}

impl Default for RunReport {
    fn default() -> Self {
        RunReport {
            files: Vec::new(),
            fail_on: Severity::Error,
        }
    }
}

impl RunReport {
    /// A report of `files` judged at the default `--fail-on error`.
    pub fn new(files: Vec<FileReport>) -> Self {
        RunReport {
            files,
            ..RunReport::default()
        }
    }

    pub fn tally(&self) -> Tally {
        Tally::of(self.files.iter().flat_map(|f| &f.findings))
    }
}

/// An output format of `claimcheck validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Each finding with its segment and a caret under the element.
    Text,
    /// One JSON document (schemas/findings.schema.json).
    Json,
    /// One JSON finding object per line.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

pub fn render(format: Format, report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text::render(report, out),
        Format::Json => json::render(report, out),
        Format::Jsonl => jsonl::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Github => github::render(report, out),
    }
}

/// Where a finding is as a text editor sees it: 1-based line, and the
/// column when it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextPosition {
    pub line: u64,
    pub column: Option<u64>,
}

impl TextPosition {
    /// The position of `finding` in `file`. A one-line file's findings
    /// carry the segment ordinal as their `line`; editors and CI
    /// annotations need the real line (1) and the column, which there is
    /// the byte offset + 1 (X12 text is ASCII).
    pub fn of(file: &FileReport, finding: &crate::diagnostic::Finding) -> Option<Self> {
        if file.one_line {
            let offset = finding.byte_offset?;
            Some(TextPosition {
                line: 1,
                column: Some(offset + 1),
            })
        } else {
            Some(TextPosition {
                line: finding.line?,
                column: None,
            })
        }
    }
}

/// Where in the file a finding is, in words: `IEA02, segment 9, byte 288`.
pub(crate) fn place_words(finding: &crate::diagnostic::Finding) -> String {
    let mut parts = Vec::new();
    match (&finding.segment_id, &finding.element) {
        (_, Some(el)) => parts.push(el.clone()),
        (Some(seg), None) => parts.push(seg.clone()),
        (None, None) => {}
    }
    if let Some(i) = finding.segment_index {
        parts.push(format!("segment {i}"));
    }
    if let Some(b) = finding.byte_offset {
        parts.push(format!("byte {b}"));
    }
    parts.join(", ")
}
