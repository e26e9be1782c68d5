//! Findings: what a rule reports, where it points, and how bad it is.
//!
//! A [`Finding`] is plain data. Renderers in [`render`] turn a list of them
//! into text or JSON; nothing here prints.

pub mod render;

use serde::Serialize;

use crate::rules::Rule;
use crate::x12::tokenizer::Segment;

/// How bad a finding is. Ordered so that `Error > Warning > Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity '{other}' (expected error, warning or info)"
            )),
        }
    }
}

/// Another segment involved in a finding (the ISA whose ISA13 the IEA02
/// should echo, the ST a missing SE belongs to).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub segment_index: u64,
    pub segment_id: String,
    pub line: u64,
    pub byte_offset: u64,
    /// Length of the segment in bytes (for SARIF's byte range; 0 when
    /// unknown); not serialized, not part of the JSON format.
    #[serde(skip)]
    pub byte_length: u64,
    pub note: String,
    /// The segment's text, for the text renderer; never serialized so that
    /// claim data does not spread into logs through JSON output.
    #[serde(skip)]
    pub source: Option<String>,
}

/// One problem found in a file. Field names and meaning are the JSON wire
/// format documented in `schemas/findings.schema.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub snip: Option<u8>,
    pub message: String,
    pub file: Option<String>,
    /// ISA13 of the interchange the finding is in.
    pub interchange: Option<String>,
    /// GS06 of the functional group.
    pub group: Option<String>,
    /// ST02 of the transaction set.
    pub transaction: Option<String>,
    /// 0-based ordinal of the segment in the file (ISA of the first
    /// interchange is 0).
    pub segment_index: Option<u64>,
    pub segment_id: Option<String>,
    /// Element reference such as `ISA13` or `CLM05-01`.
    pub element: Option<String>,
    pub byte_offset: Option<u64>,
    /// Length in bytes of what `byte_offset` points at (the element, else
    /// the segment without its terminator), for renderers that mark a
    /// byte range (SARIF). Not serialized: not part of the JSON format.
    #[serde(skip)]
    pub byte_length: Option<u64>,
    /// 1-based line; the segment ordinal (index + 1) when the file has no
    /// line breaks.
    pub line: Option<u64>,
    #[serde(rename = "loop")]
    pub loop_id: Option<String>,
    pub claim_id: Option<String>,
    pub service_line: Option<String>,
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// The 999 error codes the finding maps to, for guide (SYN) findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ack999: Option<Box<AckError>>,
    /// The payer profile rule that applied, for profile-driven findings
    /// (UNIT, RATE): a biller sees which policy the finding comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<Box<ProfileRule>>,
    /// The offending segment's text and the byte range of the element in
    /// it, for the text renderer's caret. Not serialized.
    #[serde(skip)]
    pub source: Option<SourceSnippet>,
}

/// Which rule of which payer profile a finding applied: the profile file,
/// the payer it names, the key (`units.H0004.max_units_per_day`,
/// `case_rate[0]`) and the line of that key's table. Built-in code rules
/// (the CMS opioid-treatment and collaborative-care limits) name no file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileRule {
    /// The profile's file as named to the run; `null` for built-in rules.
    pub file: Option<String>,
    /// The profile's `payer.name`, or what the built-in rule is.
    pub payer: String,
    /// The key of the rule that applied.
    pub rule: String,
    /// The 1-based line of its table in the file; `null` for built-in rules.
    pub line: Option<usize>,
}

impl ProfileRule {
    /// `medicaid_ffs.toml:27 units.H0004.max_units_per_day (Example State Medicaid)`.
    pub fn cite(&self) -> String {
        let mut text = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = self.write_cite(&mut text);
        String::from_utf8(text).unwrap_or_default()
    }

    /// [`ProfileRule::cite`] written to `out` (renderers write it for every
    /// finding of a profile).
    pub fn write_cite(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(out, "{file}:{line} {} ({})", self.rule, self.payer),
            (Some(file), None) => write!(out, "{file} {} ({})", self.rule, self.payer),
            _ => write!(out, "{} ({})", self.rule, self.payer),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSnippet {
    pub text: String,
    /// Column and width, in characters of `text`, to underline.
    pub span: Option<(usize, usize)>,
}

/// Longest segment text kept for display; longer text is cut.
const SNIPPET_MAX: usize = 240;

fn snippet_text(bytes: &[u8]) -> String {
    let cut = &bytes[..bytes.len().min(SNIPPET_MAX)];
    String::from_utf8_lossy(cut).into_owned()
}

impl Finding {
    /// A finding of `rule` with its default severity and SNIP level.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Finding {
            rule: rule.code,
            severity: rule.severity,
            snip: rule.snip,
            message: message.into(),
            file: None,
            interchange: None,
            group: None,
            transaction: None,
            segment_index: None,
            segment_id: None,
            element: None,
            byte_offset: None,
            byte_length: None,
            line: None,
            loop_id: None,
            claim_id: None,
            service_line: None,
            help: if rule.help.is_empty() {
                None
            } else {
                Some(rule.help.to_string())
            },
            related: Vec::new(),
            ack999: None,
            profile: None,
            source: None,
        }
    }

    /// Point the finding at a whole segment.
    pub fn at(mut self, seg: &Segment<'_>) -> Self {
        self.segment_index = Some(seg.index);
        self.segment_id = Some(String::from_utf8_lossy(seg.id()).into_owned());
        self.byte_offset = Some(seg.offset);
        self.byte_length = Some(seg.bytes().len() as u64);
        self.line = Some(seg.line);
        self.source = Some(SourceSnippet {
            text: snippet_text(seg.bytes()),
            span: None,
        });
        self
    }

    /// Point the finding at a segment seen earlier.
    pub fn at_ref(mut self, seg: &SegmentRef) -> Self {
        self.segment_index = Some(seg.index);
        self.segment_id = Some(seg.id.clone());
        self.byte_offset = Some(seg.offset);
        self.byte_length = Some(seg.len);
        self.line = Some(seg.line);
        self.source = Some(SourceSnippet {
            text: seg.text.clone(),
            span: None,
        });
        self
    }

    /// Point the finding at a byte offset and line only (bytes that are
    /// not a segment).
    pub fn at_offset(mut self, offset: u64, line: u64) -> Self {
        self.byte_offset = Some(offset);
        self.byte_length = None;
        self.line = Some(line);
        self
    }

    /// Point the finding at element `n` (1-based) of the segment it is at;
    /// `reference` is how the element is named (`ISA13`, `CLM05-01`).
    /// Moves the byte offset to the element's first byte.
    pub fn element(mut self, seg: &Segment<'_>, n: usize, reference: impl Into<String>) -> Self {
        self.element = Some(reference.into());
        self.caret(seg, n);
        self
    }

    /// Show `seg`'s text, with a caret under element `n` when `n > 0`,
    /// for a finding already pointed at `seg` (a claim rule's finding,
    /// whose segment text is looked up after the claim was read).
    pub fn show(&mut self, seg: &Segment<'_>, n: usize) {
        self.byte_length = Some(seg.bytes().len() as u64);
        self.source = Some(SourceSnippet {
            text: snippet_text(seg.bytes()),
            span: None,
        });
        if n > 0 {
            self.caret(seg, n);
        }
    }

    /// Move the byte offset to element `n` and underline it in the
    /// source text.
    fn caret(&mut self, seg: &Segment<'_>, n: usize) {
        if let Some((start, end)) = seg.element_span(n) {
            self.byte_offset = Some(seg.offset + start as u64);
            self.byte_length = Some((end - start) as u64);
            if let Some(src) = &mut self.source {
                // Columns in characters of the (lossily decoded) text, so
                // that invalid UTF-8 before the element cannot skew them.
                let bytes = seg.bytes();
                let shown_end = bytes.len().min(SNIPPET_MAX);
                let column = String::from_utf8_lossy(&bytes[..start.min(shown_end)])
                    .chars()
                    .count();
                let width =
                    String::from_utf8_lossy(&bytes[start.min(shown_end)..end.min(shown_end)])
                        .chars()
                        .count();
                src.span = Some((column, width));
            }
        }
    }

    /// Add another segment that explains the finding.
    pub fn related(mut self, seg: &SegmentRef, note: impl Into<String>) -> Self {
        self.related.push(Related {
            segment_index: seg.index,
            segment_id: seg.id.clone(),
            line: seg.line,
            byte_offset: seg.offset,
            byte_length: seg.len,
            note: note.into(),
            source: Some(seg.text.clone()),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// How a finding is reported in a 999 acknowledgment: an IK3 segment
/// error, with an IK4 element error when one element is at fault. Only
/// the codes are serialized; the positions and the bad value serve the
/// 999 writer (the value is claim data, kept out of JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AckError {
    /// IK301: the segment id in error (for a missing segment, the one
    /// that is missing).
    #[serde(skip)]
    pub ik301: String,
    /// IK302: position of the segment in the set, ST = 1.
    #[serde(skip)]
    pub ik302: u64,
    /// IK303: the loop id.
    #[serde(skip)]
    pub ik303: Option<String>,
    /// IK304: segment syntax error code.
    pub ik304: &'static str,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub ik4: Option<AckElementError>,
}

/// The IK4 part of an [`AckError`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AckElementError {
    /// IK401-1: element position.
    #[serde(skip)]
    pub position: u32,
    /// IK401-2: component position.
    #[serde(skip)]
    pub component: Option<u32>,
    /// IK401-3: repetition.
    #[serde(skip)]
    pub repetition: Option<u32>,
    /// IK402: data element reference number.
    #[serde(skip)]
    pub data_element: Option<String>,
    /// IK403: element syntax error code.
    pub ik403: &'static str,
    /// IK404: a copy of the bad value (at most 99 characters).
    #[serde(skip)]
    pub bad_value: Option<String>,
}

/// An owned reference to a segment seen earlier, kept so that a later
/// finding can point back at it (the tokenizer's buffers do not live that
/// long).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentRef {
    pub index: u64,
    pub id: String,
    pub line: u64,
    pub offset: u64,
    /// Length of the segment in bytes, without its terminator.
    pub len: u64,
    pub text: String,
}

impl SegmentRef {
    pub fn of(seg: &Segment<'_>) -> Self {
        SegmentRef {
            index: seg.index,
            id: String::from_utf8_lossy(seg.id()).into_owned(),
            line: seg.line,
            offset: seg.offset,
            len: seg.bytes().len() as u64,
            text: snippet_text(seg.bytes()),
        }
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
}

impl Tally {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut t = Tally::default();
        for f in findings {
            t.add(f.severity);
        }
        t
    }

    /// Whether any finding is at or above `level`.
    pub fn reaches(&self, level: Severity) -> bool {
        match level {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Info => self.errors + self.warnings + self.infos > 0,
        }
    }
}
