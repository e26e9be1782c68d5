//! `--format github`: one GitHub Actions workflow command per finding, so
//! that a workflow step running `claimcheck validate` annotates the files:
//!
//! ```text
//! ::error file=claims/day1.x12,line=10,title=ENV008::IEA02 '000000001' differs from ISA13 '000000286'%0A…
//! ```
//!
//! Errors become `::error`, warnings `::warning`, infos `::notice`. The
//! message holds the finding's message, where it is in words (element,
//! segment ordinal, byte offset) and the help line. A one-line file's
//! findings point at line 1 and the column of their byte. Values are
//! escaped as the Actions runner unescapes them: in the message `%`, CR
//! and LF; in properties also `:` and `,`.

use std::io::{self, Write};

use super::{RunReport, TextPosition, place_words};
use crate::diagnostic::{Finding, Severity};
use crate::validate::FileReport;

pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        for finding in &file.findings {
            writeln!(out, "{}", command(file, finding))?;
        }
    }
    Ok(())
}

fn command_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The workflow command for one finding of `file`.
fn command(file: &FileReport, finding: &Finding) -> String {
    let mut properties = Vec::new();
    // Findings from stdin have no file to annotate.
    if let Some(path) = finding.file.as_deref().filter(|p| *p != "-") {
        properties.push(format!("file={}", escape_property(path)));
    }
    if let Some(pos) = TextPosition::of(file, finding) {
        properties.push(format!("line={}", pos.line));
        if let Some(column) = pos.column {
            properties.push(format!("col={column}"));
        }
    }
    properties.push(format!("title={}", escape_property(finding.rule)));
    let mut message = finding.message.clone();
    let place = place_words(finding);
    if !place.is_empty() {
        message.push_str(&format!("\n({place})"));
    }
    if let Some(p) = &finding.profile {
        message.push_str(&format!("\nprofile: {}", p.cite()));
    }
    if let Some(help) = &finding.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    format!(
        "::{} {}::{}",
        command_name(finding.severity),
        properties.join(","),
        escape_data(&message)
    )
}

/// A command's message: `%`, CR and LF escaped, so that the command stays
/// one line and the runner gives back the text as it was.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// A command property value: as [`escape_data`], and also `:` and `,`,
/// which would end the value.
pub fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in escape_data(s).chars() {
        match c {
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_cr_and_lf_only() {
        assert_eq!(
            escape_data("100% of a:b, <c> & \"d\"\r\nnext\nline"),
            "100%25 of a:b, <c> & \"d\"%0D%0Anext%0Aline"
        );
        // The percent is escaped first, so an escape-looking text survives.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(
            escape_property("C:\\claims\\a,b%.x12\n"),
            "C%3A\\claims\\a%2Cb%25.x12%0A"
        );
        assert_eq!(escape_property("title=x::y"), "title=x%3A%3Ay");
    }

    fn nasty_finding() -> Finding {
        let rule = crate::rules::registry::find("ENV008").unwrap();
        let mut f = Finding::new(rule, "50% off: a, b\r\nline <2> & 'q' \"x\"");
        f.file = Some("dir,with:odd/100%.x12".into());
        f.line = Some(7);
        f.segment_index = Some(6);
        f.segment_id = Some("IEA".into());
        f.element = Some("IEA02".into());
        f.byte_offset = Some(120);
        f.help = None;
        f
    }

    #[test]
    fn a_nasty_finding_is_one_command_line() {
        let mut file = crate::validate_bytes(b"ISA*00~\nIEA*1*1~\n");
        file.one_line = false;
        assert_eq!(
            command(&file, &nasty_finding()),
            "::error file=dir%2Cwith%3Aodd/100%25.x12,line=7,title=ENV008::\
             50%25 off: a, b%0D%0Aline <2> & 'q' \"x\"%0A(IEA02, segment 6, byte 120)"
        );
    }

    #[test]
    fn one_line_files_point_at_line_1_and_the_byte_column() {
        let mut file = crate::validate_bytes(b"");
        file.one_line = true;
        let mut f = nasty_finding();
        f.file = Some("-".into());
        f.severity = Severity::Info;
        let line = command(&file, &f);
        assert!(
            line.starts_with("::notice line=1,col=121,title=ENV008::50%25"),
            "{line}"
        );
    }
}
