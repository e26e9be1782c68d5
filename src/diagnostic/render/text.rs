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
fn printable(s: &str, out: &mut dyn Write) -> io::Result<()> {
    if !s.chars().any(char::is_control) {
        return out.write_all(s.as_bytes());
    }
    let shown: String = s
        .chars()
        .map(|c| if c.is_control() { '·' } else { c })
        .collect();
    out.write_all(shown.as_bytes())
}

/// `n` times `byte`.
fn repeat(byte: u8, n: usize, out: &mut dyn Write) -> io::Result<()> {
    const CHUNK: usize = 64;
    let chunk = [byte; CHUNK];
    let mut left = n;
    while left > 0 {
        let k = left.min(CHUNK);
        out.write_all(&chunk[..k])?;
        left -= k;
    }
    Ok(())
}

/// Written straight to `out`, with no text built per finding: a run can
/// have hundreds of thousands of them.
fn finding(f: &Finding, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}[{}]: {}", f.severity, f.rule, f.message)?;
    out.write_all(b"  --> ")?;
    out.write_all(f.file.as_deref().unwrap_or("<input>").as_bytes())?;
    if let Some(line) = f.line {
        write!(out, ":{line}")?;
    }
    out.write_all(b" (")?;
    let mut first = true;
    let mut sep = |out: &mut dyn Write| {
        let s: &[u8] = if first { b"" } else { b", " };
        first = false;
        out.write_all(s)
    };
    if let Some(seg) = f.segment_index {
        sep(out)?;
        write!(out, "segment {seg}")?;
    }
    if let Some(el) = &f.element {
        sep(out)?;
        out.write_all(el.as_bytes())?;
    }
    if let Some(b) = f.byte_offset {
        sep(out)?;
        write!(out, "byte {b}")?;
    }
    for (label, v) in [
        ("interchange", &f.interchange),
        ("group", &f.group),
        ("set", &f.transaction),
    ] {
        if let Some(v) = v {
            sep(out)?;
            write!(out, "{label} {v}")?;
        }
    }
    out.write_all(b")\n")?;
    if let Some(src) = &f.source {
        // The gutter is as wide as the line number.
        let width = f
            .line
            .map_or(0, |l| l.checked_ilog10().unwrap_or(0) as usize + 1);
        repeat(b' ', width, out)?;
        out.write_all(b" |\n")?;
        if let Some(line) = f.line {
            write!(out, "{line}")?;
        }
        out.write_all(b" | ")?;
        printable(&src.text, out)?;
        out.write_all(b"\n")?;
        if let Some((column, caret)) = src.span {
            repeat(b' ', width, out)?;
            out.write_all(b" | ")?;
            repeat(b' ', column, out)?;
            repeat(b'^', caret.max(1), out)?;
            out.write_all(b"\n")?;
        }
    }
    for r in &f.related {
        writeln!(
            out,
            "   = note: {} (line {}): {}",
            r.segment_id, r.line, r.note
        )?;
        if let Some(text) = &r.source {
            out.write_all(b"           ")?;
            printable(text, out)?;
            out.write_all(b"\n")?;
        }
    }
    if let Some(p) = &f.profile {
        out.write_all(b"   = profile: ")?;
        p.write_cite(out)?;
        out.write_all(b"\n")?;
    }
    if let Some(help) = &f.help {
        writeln!(out, "   = help: {help}")?;
    }
    writeln!(out)
}
