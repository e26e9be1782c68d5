//! Renderers: each turns a run's findings into one output format.

pub mod json;
pub mod text;

use std::io::{self, Write};

use crate::diagnostic::Tally;
use crate::validate::FileReport;

/// Everything one `validate` run produced, in input order.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    pub files: Vec<FileReport>,
}

impl RunReport {
    pub fn tally(&self) -> Tally {
        Tally::of(self.files.iter().flat_map(|f| &f.findings))
    }
}

/// An output format of `claimcheck validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn render(format: Format, report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text::render(report, out),
        Format::Json => json::render(report, out),
    }
}
