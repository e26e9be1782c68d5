//! `--format json`: one document, `{"version":1,"files":[…],"findings":[…],"summary":{…}}`,
//! as described by `schemas/findings.schema.json`.

use std::io::{self, Write};

use serde::Serialize;

use super::RunReport;
use crate::diagnostic::{Finding, Tally};
use crate::validate::FileReport;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files: &'a [FileReport],
    findings: Vec<&'a Finding>,
    summary: Summary,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: u64,
    #[serde(flatten)]
    tally: Tally,
}

pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let tally = report.tally();
    let doc = Document {
        version: 1,
        files: &report.files,
        findings: report.files.iter().flat_map(|f| &f.findings).collect(),
        summary: Summary {
            files: report.files.len(),
            findings: tally.errors + tally.warnings + tally.infos,
            tally,
        },
    };
    // io::Error::from keeps the error kind, so a closed pipe stays quiet.
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    writeln!(out)
}
