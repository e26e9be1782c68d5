//! ENV: interchange, group and transaction-set envelopes (SNIP 1).
//!
//! [`EnvelopeChecks`] receives the envelope walker's events and hands each
//! to the rules that judge it.

pub mod env001_not_x12;
pub mod env002_isa_layout;
pub mod env003_envelope_code_value;
pub mod env004_envelope_date_time;
pub mod env005_isa_version;
pub mod env006_control_number_format;
pub mod env007_delimiters;
pub mod env008_interchange_control_mismatch;
pub mod env009_group_count;
pub mod env010_group_control_mismatch;
pub mod env011_transaction_count;
pub mod env012_transaction_control_mismatch;
pub mod env013_segment_count;
pub mod env014_missing_trailer;
pub mod env015_out_of_place;
pub mod env016_version_mismatch;
pub mod env017_functional_group_mismatch;
pub mod env018_unsupported_transaction;
pub mod env019_unterminated_segment;
pub mod env020_segment_syntax;
pub mod env021_duplicate_control_number;
pub mod env022_empty_envelope;
pub mod env023_group_sender_receiver;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::Finding;
use crate::rules::Sink;
use crate::rules::{Rule, shown};
use crate::schema::kind::TransactionKind;
use crate::x12::envelope::Opened;
use crate::x12::envelope::{Context, EnvelopeEvent, EnvelopeVisitor};
use crate::x12::tokenizer::{JunkKind, Segment};

/// What the envelopes of one file held.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EnvelopeSummary {
    pub interchanges: u64,
    pub groups: u64,
    pub transactions: u64,
    /// Transaction sets by detected kind (`837P`, `835` …); sets of a kind
    /// claimcheck does not know are counted under `other`.
    pub kinds: BTreeMap<String, u64>,
}

impl EnvelopeSummary {
    /// The kind most transaction sets have, if any set was seen.
    pub fn main_kind(&self) -> Option<&str> {
        self.kinds
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(k, _)| k.as_str())
    }
}

/// Runs every ENV rule over the events of one file.
#[derive(Debug, Default)]
pub struct EnvelopeChecks {
    pub findings: Vec<Finding>,
    pub summary: EnvelopeSummary,
    saw_event: bool,
    /// Consecutive junk pieces are one finding: its index and byte count.
    junk_run: Option<(usize, u64, JunkKind)>,
    controls: env021_duplicate_control_number::SeenControls,
}

impl EnvelopeChecks {
    pub fn new() -> Self {
        Self::default()
    }

    /// Findings that only the end of the input reveals.
    pub fn finish(&mut self) {
        if !self.saw_event {
            let ctx = Context::default();
            let mut sink = Sink::new(&mut self.findings, &ctx);
            env001_not_x12::check_empty(&mut sink);
        }
    }
}

impl EnvelopeVisitor for EnvelopeChecks {
    #[inline]
    fn segment(&mut self, seg: &Segment<'_>, ctx: &Context) {
        self.saw_event = true;
        self.junk_run = None;
        if !seg.terminated || !env020_segment_syntax::valid_id(seg.id()) {
            let mut sink = Sink::new(&mut self.findings, ctx);
            env019_unterminated_segment::check(seg, &mut sink);
            env020_segment_syntax::check(seg, &mut sink);
        }
    }

    fn event(&mut self, event: EnvelopeEvent<'_, '_>, ctx: &Context) {
        self.saw_event = true;
        if let EnvelopeEvent::Junk(j) = &event {
            if let Some((idx, total, kind)) = &mut self.junk_run
                && *kind == j.kind
            {
                *total += j.bytes.len() as u64;
                let f = &mut self.findings[*idx];
                match j.kind {
                    JunkKind::NotInterchange => env001_not_x12::extend(f, *total),
                    JunkKind::OversizeSegment => env020_segment_syntax::extend(f, *total),
                }
                return;
            }
            self.junk_run = Some((self.findings.len(), j.bytes.len() as u64, j.kind));
        } else {
            self.junk_run = None;
        }
        let mut sink = Sink::new(&mut self.findings, ctx);
        match event {
            EnvelopeEvent::Junk(j) => match j.kind {
                JunkKind::NotInterchange => env001_not_x12::check(j, &mut sink),
                JunkKind::OversizeSegment => env020_segment_syntax::check_oversize(j, &mut sink),
            },
            EnvelopeEvent::InterchangeStart { isa, header } => {
                self.summary.interchanges += 1;
                env002_isa_layout::check(isa, header, &mut sink);
                env003_envelope_code_value::check_isa(isa, &mut sink);
                env004_envelope_date_time::check_isa(isa, &mut sink);
                env005_isa_version::check(isa, &mut sink);
                env006_control_number_format::check_isa(isa, &mut sink);
                env007_delimiters::check(isa, header, &mut sink);
                self.controls.check_isa(isa, &mut sink);
            }
            EnvelopeEvent::InterchangeEnd { isa, iea, groups } => {
                env008_interchange_control_mismatch::check(isa, iea, &mut sink);
                env009_group_count::check(iea, groups, &mut sink);
                env022_empty_envelope::check_interchange(iea, groups, &mut sink);
            }
            EnvelopeEvent::GroupStart { gs } => {
                self.summary.groups += 1;
                env003_envelope_code_value::check_gs(gs, &mut sink);
                env004_envelope_date_time::check_gs(gs, &mut sink);
                env006_control_number_format::check_gs(gs, &mut sink);
                env023_group_sender_receiver::check_gs(gs, &mut sink);
                self.controls.check_gs(gs, &mut sink);
            }
            EnvelopeEvent::GroupEnd {
                gs,
                ge,
                transactions,
            } => {
                env010_group_control_mismatch::check(gs, ge, &mut sink);
                env011_transaction_count::check(ge, transactions, &mut sink);
                env022_empty_envelope::check_group(ge, transactions, &mut sink);
            }
            EnvelopeEvent::TransactionStart { st, gs } => {
                self.summary.transactions += 1;
                let kind = env018_unsupported_transaction::check(st, gs, &mut sink);
                let key = kind.map_or("other", TransactionKind::as_str);
                *self.summary.kinds.entry(key.to_string()).or_default() += 1;
                env006_control_number_format::check_st(st, &mut sink);
                if let Some(gs) = gs {
                    env016_version_mismatch::check(st, gs, &mut sink);
                    env017_functional_group_mismatch::check(st, gs, &mut sink);
                }
                self.controls.check_st(st, &mut sink);
            }
            EnvelopeEvent::TransactionEnd { st, se, segments } => {
                env012_transaction_control_mismatch::check(st, se, &mut sink);
                env013_segment_count::check(se, segments, &mut sink);
            }
            EnvelopeEvent::MissingTrailer { level, opened, at } => {
                env014_missing_trailer::check(level, opened, at, &mut sink);
            }
            EnvelopeEvent::OutOfPlace {
                first,
                count,
                expected,
            } => env015_out_of_place::check(first, count, expected, &mut sink),
        }
    }
}

/// A trailer element that must repeat a header's control number
/// (IEA02/ISA13, GE02/GS06, SE02/ST02).
pub(crate) struct Echo {
    pub header_element: usize,
    pub header_ref: &'static str,
    pub trailer_element: usize,
    pub trailer_ref: &'static str,
}

impl Echo {
    pub(crate) fn check(
        &self,
        rule: &'static Rule,
        header: &Opened,
        trailer: &Segment<'_>,
        sink: &mut Sink<'_>,
    ) {
        let want = header.element(self.header_element);
        let got = trailer.element(self.trailer_element).unwrap_or_default();
        if got != want.as_bytes() {
            sink.push(
                Finding::new(
                    rule,
                    format!(
                        "{} '{}' differs from {} '{want}'",
                        self.trailer_ref,
                        shown(got),
                        self.header_ref
                    ),
                )
                .at(trailer)
                .element(trailer, self.trailer_element, self.trailer_ref)
                .related(&header.segment, format!("{} is set here", self.header_ref)),
            );
        }
    }
}

/// A trailer's count (IEA01, GE01, SE01: always element 1) against what
/// was counted; `counted` says what was found, for the message.
pub(crate) fn check_count(
    rule: &'static Rule,
    trailer: &Segment<'_>,
    reference: &str,
    actual: u64,
    counted: impl FnOnce() -> String,
    sink: &mut Sink<'_>,
) {
    let raw = trailer.element(1).unwrap_or_default();
    if digits(raw) != Some(actual) {
        sink.push(
            Finding::new(
                rule,
                format!("{reference} is '{}' but {}", shown(raw), counted()),
            )
            .at(trailer)
            .element(trailer, 1, reference),
        );
    }
}

/// The value of an all-digit field, `None` for anything else.
pub(crate) fn digits(field: &[u8]) -> Option<u64> {
    if field.is_empty() || field.len() > 18 || !field.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(field.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')))
}
