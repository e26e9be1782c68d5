//! `--format junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure
//! DevOps), in the common shape those read:
//!
//! - `<testsuites>` for the run, one `<testsuite>` per input file (named by
//!   its path), with `tests`, `failures`, `errors` (always 0) and `skipped`
//!   (always 0) counts.
//! - One `<testcase>` per finding, `classname` the file and `name` the rule
//!   code and where it is (`ENV008 IEA02, segment 9, byte 288`). A finding
//!   at or above `--fail-on` is a `<failure>` (`type` the rule code,
//!   `message` the message, the body the details); one below it is a
//!   passing test case whose `<system-out>` holds the details, so that the
//!   report fails exactly when the exit code is 1.
//! - A file without findings gets one passing test case, `no findings`, so
//!   that every file shows in the report.
//!
//! No times or timestamps are written: the output depends only on the
//! findings. Text is XML-escaped, and characters XML 1.0 cannot hold
//! (control bytes from a damaged file) become U+FFFD.

use std::io::{self, Write};

use super::{RunReport, place_words};
use crate::diagnostic::{Finding, Severity};
use crate::validate::FileReport;

pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let failures = failing(report.files.iter().flat_map(|f| &f.findings), report);
    let tests: usize = report.files.iter().map(test_count).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="claimcheck validate" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#
    )?;
    for file in &report.files {
        suite(file, report.fail_on, out)?;
    }
    writeln!(out, "</testsuites>")
}

fn failing<'a>(findings: impl Iterator<Item = &'a Finding>, report: &RunReport) -> usize {
    findings.filter(|f| f.severity >= report.fail_on).count()
}

fn test_count(file: &FileReport) -> usize {
    file.findings.len().max(1)
}

fn suite(file: &FileReport, fail_on: Severity, out: &mut dyn Write) -> io::Result<()> {
    let name = escape_attribute(file.path.as_deref().unwrap_or("<input>"));
    let failures = file
        .findings
        .iter()
        .filter(|f| f.severity >= fail_on)
        .count();
    writeln!(
        out,
        r#"  <testsuite name="{name}" tests="{}" failures="{failures}" errors="0" skipped="0">"#,
        test_count(file)
    )?;
    if file.findings.is_empty() {
        writeln!(
            out,
            r#"    <testcase name="no findings" classname="{name}"/>"#
        )?;
    }
    for finding in &file.findings {
        let place = place_words(finding);
        let case = if place.is_empty() {
            escape_attribute(finding.rule)
        } else {
            escape_attribute(&format!("{} {place}", finding.rule))
        };
        writeln!(out, r#"    <testcase name="{case}" classname="{name}">"#)?;
        let body = escape_text(&details(finding));
        if finding.severity >= fail_on {
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{body}</failure>"#,
                escape_attribute(finding.rule),
                escape_attribute(&finding.message)
            )?;
        } else {
            writeln!(out, "      <system-out>{body}</system-out>")?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")
}

/// The body of a test case: the finding as the text format words it,
/// without the segment text (claim data stays out of CI reports).
fn details(f: &Finding) -> String {
    let mut text = format!("{}[{}]: {}", f.severity, f.rule, f.message);
    let mut at = f.file.clone().unwrap_or_else(|| "<input>".into());
    if let Some(line) = f.line {
        at.push_str(&format!(":{line}"));
    }
    let place = place_words(f);
    if place.is_empty() {
        text.push_str(&format!("\nat {at}"));
    } else {
        text.push_str(&format!("\nat {at} ({place})"));
    }
    for (label, value) in [
        ("interchange", &f.interchange),
        ("group", &f.group),
        ("set", &f.transaction),
        ("loop", &f.loop_id),
        ("claim", &f.claim_id),
        ("service line", &f.service_line),
    ] {
        if let Some(v) = value {
            text.push_str(&format!("\n{label} {v}"));
        }
    }
    for r in &f.related {
        text.push_str(&format!(
            "\nnote: {} (line {}, segment {}): {}",
            r.segment_id, r.line, r.segment_index, r.note
        ));
    }
    if let Some(p) = &f.profile {
        text.push_str(&format!("\nprofile: {}", p.cite()));
    }
    if let Some(help) = &f.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    text
}

/// Whether XML 1.0 can hold `c` at all (even as a character reference).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Element content: `&`, `<` and `>` escaped.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if !xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A double-quoted attribute value: as [`escape_text`], and quotes; tabs
/// and line breaks as character references, which attribute-value
/// normalization would otherwise turn into spaces.
pub fn escape_attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if !xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NASTY: &str = "50% <off> & \"more\": a, 'b'\r\n\u{1}end";

    #[test]
    fn text_escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            escape_text(NASTY),
            "50% &lt;off&gt; &amp; \"more\": a, 'b'\r\n\u{FFFD}end"
        );
        assert_eq!(escape_text("]]>"), "]]&gt;");
    }

    #[test]
    fn attributes_also_escape_quotes_and_line_breaks() {
        assert_eq!(
            escape_attribute(NASTY),
            "50% &lt;off&gt; &amp; &quot;more&quot;: a, &apos;b&apos;&#13;&#10;\u{FFFD}end"
        );
        assert_eq!(escape_attribute("a\tb"), "a&#9;b");
    }

    #[test]
    fn a_failing_and_a_passing_case_of_a_nasty_finding() {
        let rule = crate::rules::registry::find("ENV008").unwrap();
        let mut error = Finding::new(rule, NASTY);
        error.file = Some("a&b.x12".into());
        error.help = None;
        let mut info = error.clone();
        info.severity = Severity::Info;
        let mut file = crate::validate_bytes(b"");
        file.path = Some("a&b.x12".into());
        file.findings = vec![error, info];
        let mut out = Vec::new();
        suite(&file, Severity::Error, &mut out).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert_eq!(
            xml,
            "  <testsuite name=\"a&amp;b.x12\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\">\n\
             \x20   <testcase name=\"ENV008\" classname=\"a&amp;b.x12\">\n\
             \x20     <failure type=\"ENV008\" message=\"50% &lt;off&gt; &amp; &quot;more&quot;: a, &apos;b&apos;&#13;&#10;\u{FFFD}end\">\
             error[ENV008]: 50% &lt;off&gt; &amp; \"more\": a, 'b'\r\n\u{FFFD}end\nat a&amp;b.x12</failure>\n\
             \x20   </testcase>\n\
             \x20   <testcase name=\"ENV008\" classname=\"a&amp;b.x12\">\n\
             \x20     <system-out>info[ENV008]: 50% &lt;off&gt; &amp; \"more\": a, 'b'\r\n\u{FFFD}end\nat a&amp;b.x12</system-out>\n\
             \x20   </testcase>\n\
             \x20 </testsuite>\n"
        );
    }
}
