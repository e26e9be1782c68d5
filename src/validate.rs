//! Validate one input: tokens -> envelope walker -> rules -> findings.
//!
//! Works on bytes or a reader, keeps no global state and prints nothing,
//! so the same functions serve the CLI, tests and embedders.

use std::io::{self, Read, Seek};
use std::ops::ControlFlow;
use std::sync::Arc;

use serde::Serialize;

use crate::codesets::CodeSets;
use crate::diagnostic::{Finding, Tally};
use crate::manifest::Manifest;
use crate::model::Driver;
use crate::profile::Profiles;
use crate::rules::claim_checks::{ClaimChecks, ClaimSettings};
use crate::rules::env::{EnvelopeChecks, EnvelopeSummary};
use crate::rules::ledger::{Ledger, RunContext, join};
use crate::rules::selection::Selection;
use crate::rules::syn::SyntaxChecks;
use crate::x12::delimiters::Delimiters;
use crate::x12::envelope::{Context, EnvelopeEvent, EnvelopeVisitor, EnvelopeWalker, Level};
use crate::x12::recent::RecentSegments;
use crate::x12::segment_at::{ForwardReader, input_delimiters, segment_bytes_at};
use crate::x12::tokenizer::{Segment, StreamTokenizer, Tokenizer};

/// What validating one input found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// Display name of the input (path, or `-` for stdin); set by the caller.
    pub path: Option<String>,
    pub bytes: u64,
    #[serde(flatten)]
    pub envelopes: EnvelopeSummary,
    /// The input is written on one line, so its findings' `line` is the
    /// segment ordinal, not a text line (renderers for editors and CI
    /// annotations then point at line 1).
    #[serde(skip)]
    pub one_line: bool,
    #[serde(skip)]
    pub findings: Vec<Finding>,
    /// The envelope structure, in file order: what a 999 acknowledgment
    /// needs to name every interchange, group and set it answers.
    #[serde(skip)]
    pub interchanges: Vec<InterchangeEnvelope>,
    /// The counts the run's cross-file rules (UNIT, RATE) need, until
    /// [`finish_run`] turns them into findings.
    #[serde(skip)]
    pub(crate) ledger: PendingLedger,
    /// The delimiters in force from each segment index on (recorded when
    /// the claim rules ran), for [`FileReport::show_sources`].
    #[serde(skip)]
    pub(crate) delimiters: Vec<(u64, Delimiters)>,
}

/// A file's [`Ledger`] while its run is not finished. Not part of the
/// report's value: reports compare equal whatever it holds.
#[derive(Clone, Default)]
pub(crate) struct PendingLedger(Option<Box<Ledger>>);

impl PartialEq for PendingLedger {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for PendingLedger {}

impl std::fmt::Debug for PendingLedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "PendingLedger(..)"
        } else {
            "PendingLedger(None)"
        })
    }
}

impl FileReport {
    pub fn tally(&self) -> Tally {
        Tally::of(&self.findings)
    }

    /// Name the input: sets `path` here and `file` on every finding.
    pub fn named(mut self, path: &str) -> Self {
        self.path = Some(path.to_string());
        for f in &mut self.findings {
            f.file = Some(path.to_string());
        }
        self
    }
}

/// One interchange (ISA … IEA) of the input: the header values a 999
/// echoes and where the envelope lies. Segment indexes are 0-based
/// ordinals in the file, as in [`Finding::segment_index`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterchangeEnvelope {
    /// Interchange sender qualifier and id (ISA06 keeps its padding).
    pub isa05: String,
    pub isa06: String,
    /// Interchange receiver qualifier and id.
    pub isa07: String,
    pub isa08: String,
    /// Interchange control number.
    pub isa13: String,
    /// Usage indicator (`P`, `T`).
    pub isa15: String,
    /// Index of the ISA.
    pub start: u64,
    /// Index of the IEA, or of the last segment before the interchange
    /// was cut off.
    pub end: u64,
    /// No IEA closed the interchange.
    pub trailer_missing: bool,
    pub groups: Vec<GroupEnvelope>,
}

/// One functional group (GS … GE).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupEnvelope {
    /// Functional identifier code (`HC`, `HP`).
    pub gs01: String,
    /// Application sender's and receiver's codes.
    pub gs02: String,
    pub gs03: String,
    /// Group control number.
    pub gs06: String,
    /// Version / release / industry identifier (`005010X222A1`).
    pub gs08: String,
    /// GE01, the number of sets the trailer declares; `None` without a GE.
    pub ge01: Option<String>,
    /// Index of the GS.
    pub start: u64,
    /// Index of the GE, or of the last segment of a group cut off.
    pub end: u64,
    /// No GE closed the group.
    pub trailer_missing: bool,
    pub sets: Vec<SetEnvelope>,
}

/// One transaction set (ST … SE).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetEnvelope {
    /// Transaction set identifier (`837`).
    pub st01: String,
    /// Transaction set control number.
    pub st02: String,
    /// Implementation convention reference; `None` when absent or empty.
    pub st03: Option<String>,
    /// Index of the ST.
    pub start: u64,
    /// Index of the SE, or of the last segment of a set cut off.
    pub end: u64,
    /// No SE closed the set.
    pub trailer_missing: bool,
}

fn element_text(seg: &Segment<'_>, n: usize) -> String {
    String::from_utf8_lossy(seg.element(n).unwrap_or_default()).into_owned()
}

/// Records the envelope structure from the walker's events: a few short
/// strings per set, no segment text.
#[derive(Debug, Default)]
struct EnvelopeCollector {
    interchanges: Vec<InterchangeEnvelope>,
    /// Index of the last segment seen: where a set cut off ends.
    last: u64,
}

impl EnvelopeCollector {
    fn group(&mut self) -> Option<&mut GroupEnvelope> {
        self.interchanges.last_mut()?.groups.last_mut()
    }

    fn set(&mut self) -> Option<&mut SetEnvelope> {
        self.group()?.sets.last_mut()
    }

    fn event(&mut self, event: &EnvelopeEvent<'_, '_>) {
        let last = self.last;
        match *event {
            EnvelopeEvent::InterchangeStart { isa, .. } => {
                self.interchanges.push(InterchangeEnvelope {
                    isa05: element_text(isa, 5),
                    isa06: element_text(isa, 6),
                    isa07: element_text(isa, 7),
                    isa08: element_text(isa, 8),
                    isa13: element_text(isa, 13),
                    isa15: element_text(isa, 15),
                    start: isa.index,
                    end: isa.index,
                    trailer_missing: false,
                    groups: Vec::new(),
                });
            }
            EnvelopeEvent::GroupStart { gs } => {
                if let Some(i) = self.interchanges.last_mut() {
                    i.groups.push(GroupEnvelope {
                        gs01: element_text(gs, 1),
                        gs02: element_text(gs, 2),
                        gs03: element_text(gs, 3),
                        gs06: element_text(gs, 6),
                        gs08: element_text(gs, 8),
                        ge01: None,
                        start: gs.index,
                        end: gs.index,
                        trailer_missing: false,
                        sets: Vec::new(),
                    });
                }
            }
            EnvelopeEvent::TransactionStart { st, .. } => {
                if let Some(g) = self.group() {
                    g.sets.push(SetEnvelope {
                        st01: element_text(st, 1),
                        st02: element_text(st, 2),
                        st03: Some(element_text(st, 3)).filter(|v| !v.is_empty()),
                        start: st.index,
                        end: st.index,
                        trailer_missing: false,
                    });
                }
            }
            EnvelopeEvent::TransactionEnd { se, .. } => {
                if let Some(s) = self.set() {
                    s.end = se.index;
                }
            }
            EnvelopeEvent::GroupEnd { ge, .. } => {
                if let Some(g) = self.group() {
                    g.end = ge.index;
                    g.ge01 = Some(element_text(ge, 1));
                }
            }
            EnvelopeEvent::InterchangeEnd { iea, .. } => {
                if let Some(i) = self.interchanges.last_mut() {
                    i.end = iea.index;
                }
            }
            EnvelopeEvent::MissingTrailer { level, .. } => match level {
                Level::Transaction => {
                    if let Some(s) = self.set() {
                        s.end = last;
                        s.trailer_missing = true;
                    }
                }
                Level::Group => {
                    if let Some(g) = self.group() {
                        g.end = last;
                        g.trailer_missing = true;
                    }
                }
                Level::Interchange => {
                    if let Some(i) = self.interchanges.last_mut() {
                        i.end = last;
                        i.trailer_missing = true;
                    }
                }
            },
            EnvelopeEvent::Junk(_) | EnvelopeEvent::OutOfPlace { .. } => {}
        }
    }
}

/// How a run validates: which checks run, what "today" is, which code
/// files are loaded, and the payer profiles.
#[derive(Debug, Clone)]
pub struct Options {
    /// Run the rules that look at whole claims and claim payments
    /// (balancing, situational and code-set rules, SNIP 3–5). They need
    /// the typed model, built in the same pass; without them only the
    /// envelope and guide rules (SNIP 1–2) run.
    pub claim_rules: bool,
    /// Today as `CCYYMMDD` (dates of service may not be later).
    pub today: u32,
    /// The run's payer profiles, shared by every file and thread.
    pub profiles: Arc<Profiles>,
    /// The code sets the CODE rules check against: the shipped ones and
    /// the files the user loaded. Read once per run and shared by every
    /// input (and worker thread).
    pub codes: Arc<CodeSets>,
    /// The documentation manifest (minutes of services), if any.
    pub manifest: Arc<Manifest>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            claim_rules: true,
            today: today_utc(),
            profiles: Arc::default(),
            codes: Arc::new(CodeSets::shipped()),
            manifest: Arc::default(),
        }
    }
}

impl Options {
    /// Every check the selection needs: the claim pass runs only when a
    /// rule beyond the envelope and guide families (ENV, SYN) is
    /// selected, so `--select ENV,SYN` costs no model building.
    pub fn for_selection(selection: &Selection) -> Options {
        Options {
            claim_rules: selection
                .rules()
                .any(|r| !r.code.starts_with("ENV") && !r.code.starts_with("SYN")),
            ..Options::default()
        }
    }
}

/// Today's date (UTC) as `CCYYMMDD`.
pub fn today_utc() -> u32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    (y as u32) * 10_000 + m * 100 + d
}

/// The proleptic Gregorian date of a day count since 1970-01-01
/// (H. Hinnant's well-known civil-from-days arithmetic).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Every check that runs while the file streams past: the envelope rules
/// and the guide (SYN) rules, one transaction set at a time; the claim
/// rules on the typed model built alongside; and the envelope structure,
/// for acknowledgments.
struct Checks {
    env: EnvelopeChecks,
    syn: SyntaxChecks,
    envelopes: EnvelopeCollector,
    claims: Option<ClaimPass>,
}

/// The model builder feeding the claim rules, and what their findings
/// need to show the text of their segment. A claim rule runs when its
/// claim is complete, after its segments streamed past.
struct ClaimPass {
    model: Driver<ClaimChecks>,
    /// Copies of the recent segments, for an input that cannot be read
    /// again (standard input, a pipe). `None`: the segments are read back
    /// from the input when it is done, which saves copying every segment
    /// (a few per cent of the run).
    recent: Option<RecentSegments>,
    /// The delimiters in force from each segment index on, to read
    /// segments back with (each interchange sets its own).
    delimiters: Vec<(u64, Delimiters)>,
}

impl ClaimPass {
    // Inlined, as is the test of `show_findings`: both run for every
    // segment and rarely do anything.
    #[inline]
    fn keep(&mut self, seg: &Segment<'_>) {
        if let Some(recent) = &mut self.recent {
            recent.push(seg);
        }
        if self
            .delimiters
            .last()
            .is_none_or(|&(_, d)| d != seg.delimiters)
        {
            self.delimiters.push((seg.index, seg.delimiters));
        }
    }

    /// Show the segment text of the findings made since the last call
    /// (the claim just completed is still among the recent segments).
    #[inline]
    fn show_findings(&mut self) {
        if !self.model.sink().carets.is_empty() {
            self.show_new_findings();
        }
    }

    fn show_new_findings(&mut self) {
        let checks = self.model.sink();
        let Some(recent) = &self.recent else {
            // Their text is read back at the end.
            checks.carets.clear();
            return;
        };
        for c in checks.carets.drain(..) {
            if let Some(seg) = recent.get(c.segment_index) {
                checks.findings[c.finding].show(&seg, usize::from(c.element));
            }
        }
    }
}

impl Checks {
    /// `read_back`: the input can be read again once it is done, so claim
    /// findings take their segment text from it then.
    fn new(options: &Options, read_back: bool) -> Self {
        Checks {
            env: EnvelopeChecks::default(),
            syn: SyntaxChecks::default(),
            envelopes: EnvelopeCollector::default(),
            claims: options.claim_rules.then(|| ClaimPass {
                model: Driver::new(ClaimChecks::new(ClaimSettings {
                    today: options.today,
                    codes: Arc::clone(&options.codes),
                    profiles: Arc::clone(&options.profiles),
                    manifest: Arc::clone(&options.manifest),
                })),
                recent: (!read_back).then(RecentSegments::default),
                delimiters: Vec::new(),
            }),
        }
    }
}

impl EnvelopeVisitor for Checks {
    #[inline]
    fn segment(&mut self, seg: &Segment<'_>, ctx: &Context) {
        self.envelopes.last = seg.index;
        self.env.segment(seg, ctx);
        self.syn.segment(seg, ctx);
        if let Some(c) = &mut self.claims {
            if seg.id() == b"CLM" {
                c.model
                    .sink()
                    .claim_started(seg.element(1).unwrap_or_default());
            }
            c.keep(seg);
            c.model.segment_walked(seg, self.syn.walked(seg.index));
            c.show_findings();
        }
    }

    fn event(&mut self, event: EnvelopeEvent<'_, '_>, ctx: &Context) {
        self.envelopes.event(&event);
        self.env.event(event, ctx);
        // The builder follows the guide rules' walk of each set: it starts
        // after the walker placed the ST, and ends before the walker is
        // dropped, while the SE's placement is at hand.
        let starts = matches!(event, EnvelopeEvent::TransactionStart { .. });
        if !starts {
            self.claim_event(event);
        }
        match event {
            EnvelopeEvent::TransactionStart { st, gs } => self.syn.start(st, gs, ctx),
            EnvelopeEvent::TransactionEnd { se, .. } => self.syn.end(Some(se), ctx),
            EnvelopeEvent::MissingTrailer {
                level: Level::Transaction,
                ..
            } => self.syn.end(None, ctx),
            _ => {}
        }
        if starts {
            self.claim_event(event);
        }
    }
}

impl Checks {
    fn claim_event(&mut self, event: EnvelopeEvent<'_, '_>) {
        let Some(c) = &mut self.claims else { return };
        let walked = match event {
            EnvelopeEvent::TransactionStart { st: s, .. }
            | EnvelopeEvent::TransactionEnd { se: s, .. } => self.syn.walked(s.index),
            _ => None,
        };
        c.model.event_walked(event, walked);
        c.show_findings();
    }
}

/// Validate an input held in memory, with every rule.
pub fn validate_bytes(input: &[u8]) -> FileReport {
    validate_bytes_with(input, &Options::default())
}

/// Validate an input held in memory.
pub fn validate_bytes_with(input: &[u8], options: &Options) -> FileReport {
    let mut report = validate_bytes_in_run(input, options);
    let delimiters = std::mem::take(&mut report.delimiters);
    finish_run(std::slice::from_mut(&mut report), options, |_, found| {
        // Reading from memory cannot fail.
        let _ = show_sources_by(&mut io::Cursor::new(input), found, &delimiters);
    });
    report.delimiters = delimiters;
    report
}

/// Validate an input held in memory as one of several in a run: the
/// cross-file counts wait in the report for [`finish_run`].
pub fn validate_bytes_in_run(input: &[u8], options: &Options) -> FileReport {
    let mut walker = EnvelopeWalker::new();
    let mut checks = Checks::new(options, true);
    let mut tokens = Tokenizer::new(input);
    for token in tokens.by_ref() {
        walker.token(&token, &mut checks);
    }
    let one_line = tokens.on_one_line();
    finish(
        walker,
        checks,
        input.len() as u64,
        one_line,
        |found, changes| {
            // Reading from memory cannot fail.
            let _ = show_sources_by(&mut io::Cursor::new(input), found, changes);
        },
    )
}

/// Validate a reader with every rule, holding only a window of it in
/// memory. `progress` is told the number of bytes consumed from time to
/// time.
pub fn validate_reader<R: Read>(reader: R, progress: impl FnMut(u64)) -> io::Result<FileReport> {
    validate_reader_with(reader, &Options::default(), progress)
}

/// Validate a reader, holding only a window of it in memory.
pub fn validate_reader_with<R: Read>(
    reader: R,
    options: &Options,
    progress: impl FnMut(u64),
) -> io::Result<FileReport> {
    let mut report = validate_reader_in_run(reader, options, progress)?;
    finish_run(std::slice::from_mut(&mut report), options, |_, _| {});
    Ok(report)
}

/// Validate a reader as one of several inputs of a run: the cross-file
/// counts wait in the report for [`finish_run`].
pub fn validate_reader_in_run<R: Read>(
    reader: R,
    options: &Options,
    progress: impl FnMut(u64),
) -> io::Result<FileReport> {
    let checks = Checks::new(options, false);
    let (walker, checks, tokens) = stream(reader, checks, progress)?;
    let (bytes, one_line) = (tokens.consumed(), tokens.on_one_line());
    Ok(finish(walker, checks, bytes, one_line, |_, _| {}))
}

/// [`validate_reader_in_run`] for an input that can be read again from its
/// start (a file): instead of keeping a copy of each segment while it
/// streams past, the few segments that claim findings show are read back
/// at the end. The input must be at its start (offset 0).
pub fn validate_seekable_in_run<R: Read + Seek>(
    reader: R,
    options: &Options,
    progress: impl FnMut(u64),
) -> io::Result<FileReport> {
    let checks = Checks::new(options, true);
    let (walker, checks, tokens) = stream(reader, checks, progress)?;
    let (bytes, one_line) = (tokens.consumed(), tokens.on_one_line());
    let mut input = tokens.into_inner();
    Ok(finish(walker, checks, bytes, one_line, |found, changes| {
        // A file that cannot be read again just shows no text.
        let _ = show_sources_by(&mut input, found, changes);
    }))
}

fn stream<R: Read>(
    reader: R,
    mut checks: Checks,
    mut progress: impl FnMut(u64),
) -> io::Result<(EnvelopeWalker, Checks, StreamTokenizer<R>)> {
    let mut walker = EnvelopeWalker::new();
    let mut tokens = StreamTokenizer::new(reader);
    let mut n: u32 = 0;
    tokens.for_each_token(|token, consumed| {
        walker.token(token, &mut checks);
        n = n.wrapping_add(1);
        if n.is_multiple_of(65_536) {
            progress(consumed);
        }
        ControlFlow::Continue(())
    })?;
    progress(tokens.consumed());
    Ok((walker, checks, tokens))
}

/// `read_back` gives the claim findings their segment text when the
/// checks did not keep copies of the segments (see [`ClaimPass`]),
/// before the findings are sorted by the position of their element.
fn finish(
    mut walker: EnvelopeWalker,
    mut checks: Checks,
    bytes: u64,
    one_line: bool,
    read_back: impl FnOnce(&mut [Finding], &[(u64, Delimiters)]),
) -> FileReport {
    walker.finish(&mut checks);
    checks.env.finish();
    let mut findings = checks.env.findings;
    findings.append(&mut checks.syn.findings);
    let mut ledger = PendingLedger::default();
    let mut delimiters = Vec::new();
    if let Some(mut c) = checks.claims.take() {
        c.show_findings();
        // The claim sink never fails.
        let (_, mut claim_checks) = c.model.finish_into_sink();
        if c.recent.is_none() {
            read_back(&mut claim_checks.findings, &c.delimiters);
        }
        delimiters = c.delimiters;
        findings.append(&mut claim_checks.findings);
        if !claim_checks.ledger.is_empty() {
            ledger = PendingLedger(Some(Box::new(claim_checks.ledger)));
        }
    }
    if one_line {
        // One-line files: the segment ordinal is the useful "line".
        for f in &mut findings {
            if let Some(i) = f.segment_index {
                f.line = Some(i + 1);
            }
            for r in &mut f.related {
                r.line = r.segment_index + 1;
            }
        }
    }
    findings.sort_by_key(|f| f.byte_offset.unwrap_or(u64::MAX));
    FileReport {
        path: None,
        bytes,
        envelopes: checks.env.summary,
        one_line,
        findings,
        interchanges: checks.envelopes.interchanges,
        ledger,
        delimiters,
    }
}

/// Give the findings that have a position but no segment text (those
/// made at the end of a run, after the input streamed past) the text of
/// their segment and the caret under their element, reading the segment
/// back from `input`.
pub fn show_sources<R: Read + Seek>(input: &mut R, findings: &mut [Finding]) -> io::Result<()> {
    // The first interchange's delimiters serve for the whole input.
    let mut input = ForwardReader::new(input)?;
    let Some(delimiters) = input_delimiters(&mut input)? else {
        return Ok(());
    };
    show_sources_in(&mut input, findings, |_| delimiters)
}

/// [`show_sources`] with the delimiters each segment was read with:
/// `changes` holds the delimiters in force from each segment index on
/// (when empty, the first interchange's serve).
fn show_sources_by<R: Read + Seek>(
    input: &mut R,
    findings: &mut [Finding],
    changes: &[(u64, Delimiters)],
) -> io::Result<()> {
    if changes.is_empty() {
        return show_sources(input, findings);
    }
    let mut input = ForwardReader::new(input)?;
    show_sources_in(&mut input, findings, |index| {
        let after = changes.partition_point(|&(from, _)| from <= index);
        after.checked_sub(1).map_or(changes[0].1, |i| changes[i].1)
    })
}

fn show_sources_in<R: Read + Seek>(
    input: &mut ForwardReader<R>,
    findings: &mut [Finding],
    delimiters_at: impl Fn(u64) -> Delimiters,
) -> io::Result<()> {
    let mut wanted: Vec<&mut Finding> = findings
        .iter_mut()
        .filter(|f| f.source.is_none() && f.byte_offset.is_some() && f.segment_id.is_some())
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    // In file order, so that each read ahead serves the segments after it.
    wanted.sort_by_key(|f| f.byte_offset);
    let mut buf = Vec::new();
    for f in wanted {
        let offset = f.byte_offset.unwrap_or_default();
        let index = f.segment_index.unwrap_or_default();
        let delimiters = delimiters_at(index);
        segment_bytes_at(input, offset, delimiters, &mut buf)?;
        let id = f.segment_id.as_deref().unwrap_or_default();
        // Only when the segment read back is the one the finding names.
        if !buf.starts_with(id.as_bytes()) || buf.get(id.len()) != Some(&delimiters.element) {
            continue;
        }
        let element = f
            .element
            .as_deref()
            .and_then(|e| e.strip_prefix(id))
            .and_then(|e| e.get(..2))
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        let seg = Segment::from_parts(&buf, delimiters, offset, f.line.unwrap_or_default(), index);
        f.show(&seg, element);
    }
    Ok(())
}

/// Finish a run: the rules that count across files (units per day, case
/// rates per period) see every input's counts, merged in the order of
/// `reports`, and add their findings to the reports they point into.
/// `keep` gets each report's position and new findings first (the CLI
/// applies the selection there, and shows their segments with
/// [`show_sources`]). Validating one input with [`validate_bytes_with`] or
/// [`validate_reader_with`] finishes its run of one; the `_in_run`
/// variants leave that to the caller, who finishes all inputs together
/// (here, or input by input with a [`RunLedger`]).
pub fn finish_run(
    reports: &mut [FileReport],
    options: &Options,
    mut keep: impl FnMut(usize, &mut Vec<Finding>),
) {
    let mut run = RunLedger::default();
    for (i, r) in reports.iter_mut().enumerate() {
        run.add(i, r);
    }
    let found = run.findings(reports, options);
    for (i, (report, mut found)) in reports.iter_mut().zip(found).enumerate() {
        if found.is_empty() {
            continue;
        }
        keep(i, &mut found);
        report.add_run_findings(found);
    }
}

/// The cross-file counts of a run, merged report by report as each input
/// is done, so that a caller validating inputs in parallel can merge the
/// early ones while later ones are still read, instead of all at the end.
/// [`finish_run`] in steps: [`RunLedger::add`] every report in run order,
/// take the [`RunLedger::findings`], and give each report its own with
/// [`FileReport::add_run_findings`].
///
/// Inside a rayon pool (the CLI's workers) the merges and the end-of-run
/// rules split their work over the pool's threads; elsewhere they run on
/// the caller's thread.
#[derive(Default)]
pub struct RunLedger {
    counts: Option<Ledger>,
    /// The position the next report must have.
    next: usize,
}

impl RunLedger {
    /// Take the counts of the report at position `index` of the reports
    /// later given to [`RunLedger::findings`]. Reports come in run order:
    /// `index` is 0 first, then one more each time.
    ///
    /// # Panics
    /// When `index` is not the next position.
    pub fn add(&mut self, index: usize, report: &mut FileReport) {
        assert_eq!(index, self.next, "reports are added in run order");
        self.next += 1;
        if let Some(l) = report.ledger.0.take() {
            self.counts
                .get_or_insert_with(Ledger::default)
                .merge(*l, index as u32);
        }
    }

    /// The findings of the run's counts, one list per report of
    /// `reports` (every report added, in the same order), each in the
    /// order the rules made them.
    pub fn findings(self, reports: &[FileReport], options: &Options) -> Vec<Vec<Finding>> {
        let mut by_file: Vec<Vec<Finding>> = vec![Vec::new(); reports.len()];
        let Some(run) = self.counts else {
            return by_file;
        };
        let files: Vec<String> = reports
            .iter()
            .enumerate()
            .map(|(i, r)| r.path.clone().unwrap_or_else(|| format!("input {}", i + 1)))
            .collect();
        let context = RunContext {
            profiles: &options.profiles,
            codes: &options.codes,
            files: &files,
            claims: &run.claims,
        };
        let found = run.findings(&context);
        // The counts are done with: free them (on another worker when
        // there is one) while the findings go to their files.
        join(
            move || drop(run),
            || {
                for (file, f) in found.into_iter().flatten() {
                    if let Some(v) = by_file.get_mut(file as usize) {
                        v.push(f);
                    }
                }
            },
        );
        by_file
    }
}

impl FileReport {
    /// [`show_sources`] for findings of this report's input (its share of
    /// the run findings), with the delimiters each segment was read with.
    pub fn show_sources<R: Read + Seek>(
        &self,
        input: &mut R,
        findings: &mut [Finding],
    ) -> io::Result<()> {
        show_sources_by(input, findings, &self.delimiters)
    }

    /// Add findings made at the end of the run (this report's list from
    /// [`RunLedger::findings`]): they take the report's path, and their
    /// place among its findings by byte offset.
    pub fn add_run_findings(&mut self, mut found: Vec<Finding>) {
        for f in &mut found {
            f.file.clone_from(&self.path);
            if self.one_line {
                if let Some(i) = f.segment_index {
                    f.line = Some(i + 1);
                }
                for r in &mut f.related {
                    r.line = r.segment_index + 1;
                }
            }
        }
        self.findings.append(&mut found);
        self.findings.sort_by(|a, b| {
            a.byte_offset
                .unwrap_or(u64::MAX)
                .cmp(&b.byte_offset.unwrap_or(u64::MAX))
        });
    }
}
