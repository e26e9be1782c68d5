//! `--format text`: each finding with the segment it points at and a caret
//! under the element, then a summary per file and for the run.

use std::io::{self, Write};

use super::RunReport;
use crate::diagnostic::{Finding, Tally};
use crate::validate::FileReport;

pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        for f in &file.findings {
            finding(f, out)?;
        }
        file_line(file, out)?;
    }
    let t = report.tally();
    writeln!(out, "{} in {} file(s)", counts(&t), report.files.len())
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn counts(t: &Tally) -> String {
    format!(
        "{}, {}, {}",
        plural(t.errors, "error"),
        plural(t.warnings, "warning"),
        plural(t.infos, "info")
    )
}

fn file_line(file: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    let env = &file.envelopes;
    let kinds: Vec<String> = env.kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let kinds = if kinds.is_empty() {
        "no transaction sets".to_string()
    } else {
        kinds.join(", ")
    };
    writeln!(
        out,
        "{}: {} ({}, {}, {}; {} bytes): {}",
        file.path.as_deref().unwrap_or("<input>"),
        kinds,
        plural(env.interchanges, "interchange"),
        plural(env.groups, "group"),
        plural(env.transactions, "transaction set"),
        file.bytes,
        counts(&file.tally())
    )
}

/// Text is shown as it is, except control bytes, which would garble a
/// terminal.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '·' } else { c })
        .collect()
}

fn finding(f: &Finding, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}[{}]: {}", f.severity, f.rule, f.message)?;
    let mut place = f.file.clone().unwrap_or_else(|| "<input>".into());
    if let Some(line) = f.line {
        place.push_str(&format!(":{line}"));
    }
    let mut details = Vec::new();
    if let Some(seg) = f.segment_index {
        details.push(format!("segment {seg}"));
    }
    if let Some(el) = &f.element {
        details.push(el.clone());
    }
    if let Some(b) = f.byte_offset {
        details.push(format!("byte {b}"));
    }
    for (label, v) in [
        ("interchange", &f.interchange),
        ("group", &f.group),
        ("set", &f.transaction),
    ] {
        if let Some(v) = v {
            details.push(format!("{label} {v}"));
        }
    }
    writeln!(out, "  --> {place} ({})", details.join(", "))?;
    if let Some(src) = &f.source {
        let gutter = f.line.map(|l| l.to_string()).unwrap_or_default();
        let pad = " ".repeat(gutter.len());
        writeln!(out, "{pad} |")?;
        writeln!(out, "{gutter} | {}", printable(&src.text))?;
        if let Some((column, width)) = src.span {
            writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(column),
                "^".repeat(width.max(1))
            )?;
        }
    }
    for r in &f.related {
        writeln!(
            out,
            "   = note: {} (line {}): {}",
            r.segment_id, r.line, r.note
        )?;
        if let Some(text) = &r.source {
            writeln!(out, "           {}", printable(text))?;
        }
    }
    if let Some(p) = &f.profile {
        writeln!(out, "   = profile: {}", p.cite())?;
    }
    if let Some(help) = &f.help {
        writeln!(out, "   = help: {help}")?;
    }
    writeln!(out)
}
