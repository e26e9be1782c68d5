//! `--format jsonl`: one finding per line, the same object as in the
//! `findings` array of `--format json` (`#/$defs/finding` in
//! `schemas/findings.schema.json`). Nothing else is printed, so a clean run
//! prints nothing and every line can be parsed on its own.

use std::io::{self, Write};

use super::RunReport;

pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    for finding in report.files.iter().flat_map(|f| &f.findings) {
        // io::Error::from keeps the error kind, so a closed pipe stays quiet.
        serde_json::to_writer(&mut *out, finding).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
