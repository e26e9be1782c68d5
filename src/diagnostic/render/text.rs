//! `--format text`: each finding with the segment it points at and a caret
//! under the element, then a summary per file and for the run.

use std::io::{self, Write};

use rayon::prelude::*;

use super::RunReport;
use crate::diagnostic::{Finding, Tally};
use crate::validate::FileReport;

pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        findings(&file.findings, out)?;
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

/// Findings per piece rendered on one worker.
const PIECE: usize = 256;

/// On a rayon pool's workers (the CLI renders there), pieces of the list
/// are rendered apart at once, a few at a time so that little text waits
/// in memory, and written in order; elsewhere one by one.
fn findings(list: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    if rayon::current_thread_index().is_none() || list.len() < 2 * PIECE {
        return list.iter().try_for_each(|f| finding(f, out));
    }
    for window in list.chunks(PIECE * 4 * rayon::current_num_threads()) {
        let texts: Vec<Vec<u8>> = window
            .par_chunks(PIECE)
            .map(|piece| {
                let mut text = Vec::new();
                // Writing into a Vec cannot fail.
                let _ = piece.iter().try_for_each(|f| finding(f, &mut text));
                text
            })
            .collect();
        for text in texts {
            out.write_all(&text)?;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceSnippet;
    use crate::rules::rate::rate006_encounter_modifier::RULE;

    fn shown(f: &Finding) -> String {
        let mut out = Vec::new();
        finding(f, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn sample() -> Finding {
        let mut f = Finding::new(&RULE, "bad");
        f.help = None;
        f.line = Some(12);
        f.segment_index = Some(11);
        f.byte_offset = Some(340);
        f.source = Some(SourceSnippet {
            text: "NM1*85*2\r".into(),
            span: Some((4, 2)),
        });
        f
    }

    #[test]
    fn a_finding_shows_its_place_segment_and_caret_with_control_bytes_masked() {
        assert_eq!(
            shown(&sample()),
            "error[RATE006]: bad\n  --> <input>:12 (segment 11, byte 340)\n   |\n\
             12 | NM1*85*2·\n   |     ^^\n\n"
        );
    }

    #[test]
    fn findings_rendered_in_pieces_on_workers_come_out_in_order() {
        let list: Vec<Finding> = (0..3 * PIECE as u64 + 7)
            .map(|i| {
                let mut f = sample();
                f.line = Some(i);
                f
            })
            .collect();
        let mut one_by_one = Vec::new();
        findings(&list, &mut one_by_one).unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let mut pieces = Vec::new();
        pool.install(|| findings(&list, &mut pieces)).unwrap();
        assert_eq!(
            String::from_utf8(pieces).unwrap(),
            String::from_utf8(one_by_one).unwrap()
        );
    }
}
