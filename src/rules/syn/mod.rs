//! SYN: the implementation guide's syntax (SNIP 1–2).
//!
//! [`SyntaxChecks`] follows one transaction set at a time through a
//! [`LoopWalker`] of its guide, which keeps only the open loops, and hands
//! each segment and each structural issue to the rules that judge them.
//! Every finding names its loop, its element reference and the 999 IK3/IK4
//! codes it maps to.

mod clean_values;
pub mod syn001_unexpected_segment;
pub mod syn002_required_segment_missing;
pub mod syn003_segment_repeat_exceeded;
pub mod syn004_loop_repeat_exceeded;
pub mod syn005_required_element_missing;
pub mod syn006_not_used_element;
pub mod syn007_too_many_elements;
pub mod syn008_element_too_short;
pub mod syn009_element_too_long;
pub mod syn010_invalid_character;
pub mod syn011_invalid_date;
pub mod syn012_invalid_time;
pub mod syn013_invalid_code;
pub mod syn014_bad_composite;
pub mod syn015_too_many_repetitions;
pub mod syn016_syntax_note;
pub mod syn017_hl_sequence;
pub mod syn018_hl_parent;
pub mod syn019_lx_sequence;
pub mod syn020_trailing_separators;
pub mod syn021_invalid_pattern;
pub mod syn022_trailing_spaces;

use self::clean_values::{CleanValues, fx_hash, hash_words, same_bytes};
use crate::diagnostic::{AckElementError, AckError, Finding};
use crate::prefetch::prefetch;
use crate::rules::env::env020_segment_syntax::valid_id;
use crate::rules::{Rule, Sink, shown};
use crate::schema::elements::{
    DataType, ElementSpec, SegmentSpec, counted_len, is_date, is_decimal, is_numeric, is_time,
};
use crate::schema::guide::{GuideId, Usage};
use crate::schema::kind::{TransactionKind, kind_of};
use crate::schema::loops::{LoopWalker, Step, StructureIssue};
use crate::x12::delimiters::Delimiters;
use crate::x12::envelope::{Context, Opened};
use crate::x12::tokenizer::Segment;

/// The guide claimcheck validates a transaction kind with.
pub fn guide_for(kind: TransactionKind) -> Option<GuideId> {
    match kind {
        TransactionKind::Professional837 => Some(GuideId::X222A1),
        TransactionKind::Institutional837 => Some(GuideId::X223A2),
        TransactionKind::Remittance835 => Some(GuideId::X221A1),
        TransactionKind::Ack999 => Some(GuideId::X231A1),
        TransactionKind::ClaimAck277 => Some(GuideId::X214),
        TransactionKind::Dental837 => None,
    }
}

/// Where in a transaction set a finding is: the segment, its position in
/// the set (999 IK302, ST = 1), its loop, and the claim and line it
/// belongs to.
pub(crate) struct Here<'s, 'a> {
    pub seg: &'s Segment<'a>,
    pub position: u64,
    pub loop_id: Option<&'static str>,
    pub claim_id: Option<&'s [u8]>,
    pub service_line: Option<&'s [u8]>,
}

impl Here<'_, '_> {
    /// A finding at the segment, with the IK3 code `ik304`.
    #[cold]
    pub fn finding(&self, rule: &'static Rule, ik304: &'static str, message: String) -> Finding {
        let mut f = Finding::new(rule, message).at(self.seg);
        f.loop_id = self.loop_id.map(str::to_string);
        f.claim_id = self.claim_id.map(shown);
        f.service_line = self.service_line.map(shown);
        f.ack999 = Some(Box::new(AckError {
            ik301: shown(self.seg.id()),
            ik302: self.position,
            ik303: self.loop_id.map(str::to_string),
            ik304,
            ik4: None,
        }));
        f
    }

    /// A finding at one element (or component, or repetition) with the
    /// IK4 code `ik403`; `bad` is the offending value, echoed in IK404.
    #[cold]
    pub fn element_finding(
        &self,
        rule: &'static Rule,
        at: &ElementAt<'_>,
        ik403: &'static str,
        bad: Option<&[u8]>,
        message: String,
    ) -> Finding {
        let mut f =
            self.finding(rule, "8", message)
                .element(self.seg, at.position, at.spec.reference());
        if let Some(ack) = &mut f.ack999 {
            ack.ik4 = Some(AckElementError {
                position: at.position as u32,
                component: at.component.map(|c| c as u32),
                repetition: at.repetition.map(|r| r as u32),
                data_element: at.spec.def.data_ele.clone(),
                ik403,
                bad_value: bad.map(|b| shown(&b[..b.len().min(99)])),
            });
        }
        f
    }
}

/// An element value being checked and where it sits.
#[derive(Clone, Copy)]
pub(crate) struct ElementAt<'s> {
    pub spec: &'s ElementSpec,
    /// 1-based element position.
    pub position: usize,
    /// 1-based component position, for a component of a composite.
    pub component: Option<usize>,
    /// 1-based repetition, for a repeating element.
    pub repetition: Option<usize>,
}

impl ElementAt<'_> {
    /// `CLM05-01 (Facility Code Value)`, for messages.
    pub fn named(&self) -> String {
        format!("{} ({})", self.spec.reference(), self.spec.def.name)
    }
}

/// A value for a message: codes, numbers and dates quoted; free text
/// (type AN without a code list) only by its length, so that names and
/// addresses do not spread into logs.
pub(crate) fn quoted(at: &ElementAt<'_>, value: &[u8]) -> String {
    if at.spec.data_type == DataType::An && at.spec.codes.is_none() {
        format!("a value of {} characters", value.len())
    } else {
        format!("'{}'", shown(value))
    }
}

/// Element 1 of a segment that counts (HL01, LX01): when it holds a
/// whole number other than `want`, the finding of `rule` with the message
/// `say(value)`. Empty or non-numeric values are other rules' to report.
pub(crate) fn check_count_element(
    rule: &'static Rule,
    spec: &SegmentSpec,
    want: u64,
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
    say: impl FnOnce(&str) -> String,
) {
    let got = here.seg.element(1).unwrap_or_default();
    if got.is_empty() || got.len() > 18 || !got.iter().all(u8::is_ascii_digit) {
        return;
    }
    if got.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) == want {
        return;
    }
    let Some(es) = spec.elements.first() else {
        return;
    };
    let at = ElementAt {
        spec: es,
        position: 1,
        component: None,
        repetition: None,
    };
    sink.push(here.element_finding(rule, &at, "I12", Some(got), say(&shown(got))));
}

/// ` ('value')` for codes, numbers and dates; nothing for free text.
pub(crate) fn value_note(at: &ElementAt<'_>, value: &[u8]) -> String {
    if at.spec.data_type == DataType::An && at.spec.codes.is_none() {
        String::new()
    } else {
        format!(" ('{}')", shown(value))
    }
}

/// Envelope segments: never part of a set's body, and judged by ENV.
fn is_envelope(id: &[u8]) -> bool {
    matches!(id, b"ISA" | b"IEA" | b"GS" | b"GE" | b"ST")
}

/// State of the transaction set being checked.
struct OpenSet {
    walker: LoopWalker,
    /// The index of the segment the walker placed last, and where.
    last: (u64, Step),
    guide: GuideId,
    /// Position of the last segment pushed (ST = 1).
    position: u64,
    hl: syn017_hl_sequence::HlState,
    hl_parents: syn018_hl_parent::HlParents,
    lx: syn019_lx_sequence::LxState,
    /// CLM01/CLP01 of the current claim, LX01 of the current line
    /// (empty: none), kept as bytes so that no segment allocates.
    claim_id: Vec<u8>,
    service_line: Vec<u8>,
}

/// Runs every SYN rule over the transaction sets of one file.
pub struct SyntaxChecks {
    pub findings: Vec<Finding>,
    open: Option<OpenSet>,
    classes: ByteClasses,
    clean: CleanSegments,
    values: CleanValues,
}

/// Segments whose elements were checked and found clean, by their exact
/// bytes, delimiters and definition. The element checks are a function of
/// those alone, so a segment seen again (a service date, a payer name, a
/// procedure line repeated across claims: more than half of a typical
/// file) needs no second look. Direct-mapped: a slot holds the last clean
/// segment that hashed to it, and a hit compares every byte. Definitions
/// with the same checks share entries (see [`SegmentSpec::checked_as`]).
///
/// The table is larger than the first cache levels, and the first load of
/// a slot is the single costliest instruction of the guide rules: a slot
/// is one cache line (it was two), so a look costs one miss.
///
/// Some definitions almost never repeat a segment (a line's REF*6R
/// control number, a subscriber's NM1, CLM): looking them up costs a
/// hash and a miss, and keeping them pushes out segments that do repeat.
/// Each definition class keeps its own count of looks and hits, and a
/// class that rarely hits is checked without the table (see
/// [`ClassHits`]).
struct CleanSegments {
    slots: Vec<CleanSlot>,
    /// By [`SegmentSpec::checked_as`].
    classes: Vec<ClassHits>,
}

/// What the table answered for segments of one definition class.
#[derive(Clone, Copy, Default)]
struct ClassHits {
    looks: u16,
    hits: u16,
    /// Segments checked without a look since the class was judged not
    /// worth one.
    skipped: u16,
}

/// Looks a class gets before its hits are judged.
const TRIAL_LOOKS: u16 = 32;
/// A class is worth looking up while at least one look in this many is a
/// hit.
const HIT_EVERY: u32 = 16;
/// A class judged not worth a look gets a fresh trial after this many
/// segments, in case its segments begin to repeat.
const RETRIAL_AFTER: u16 = 1024;

/// Where a segment's (or a composite value's) checks stand before they
/// run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lookup {
    /// Found in the table: checked clean before.
    Clean,
    /// To be checked, then kept in this slot if clean.
    CheckAndKeep(usize),
    /// To be checked; not kept (too long, or its class rarely repeats).
    Check,
}

#[derive(Clone)]
#[repr(C, align(64))]
struct CleanSlot {
    /// [`SegmentSpec::checked_as`] of the definition the segment was
    /// checked against (0: empty slot).
    spec: usize,
    delimiters: Delimiters,
    len: u8,
    bytes: [u8; CLEAN_MAX],
}

/// Longest segment the cache keeps: what fills the slot's cache line
/// (99 % of the segments of a generated 837P are this short).
const CLEAN_MAX: usize = 64 - 8 - std::mem::size_of::<Delimiters>() - 1;
const CLEAN_SLOTS: usize = 4096;
const _: () = assert!(std::mem::size_of::<CleanSlot>() == 64);

impl CleanSegments {
    fn new() -> Self {
        CleanSegments {
            slots: vec![
                CleanSlot {
                    spec: 0,
                    delimiters: Delimiters::default(),
                    len: 0,
                    bytes: [0; CLEAN_MAX],
                };
                CLEAN_SLOTS
            ],
            classes: Vec::new(),
        }
    }

    /// The slot `seg` has when it is short enough to keep, its cache line
    /// already asked for: called before the loop walk, which then runs
    /// while the line arrives (waiting for it was the costliest
    /// instruction of the guide rules).
    #[inline]
    fn locate(&self, seg: &Segment<'_>) -> Option<usize> {
        if seg.bytes().len() > CLEAN_MAX {
            return None;
        }
        let i = Self::slot(seg);
        prefetch(&self.slots[i]);
        Some(i)
    }

    /// Whether `seg`, at the slot [`CleanSegments::locate`] gave, was
    /// found clean before, or where to keep it if it is clean now.
    #[inline]
    fn find(&mut self, seg: &Segment<'_>, spec: &SegmentSpec, slot: Option<usize>) -> Lookup {
        let Some(i) = slot else {
            return Lookup::Check;
        };
        if !self.worth_a_look(spec.checked_as) {
            return Lookup::Check;
        }
        if self.holds(i, seg, spec) {
            let class = &mut self.classes[spec.checked_as];
            class.hits = class.hits.saturating_add(1);
            Lookup::Clean
        } else {
            Lookup::CheckAndKeep(i)
        }
    }

    /// Counts a look for the class, unless its segments have rarely been
    /// found: then false, until its next trial.
    #[inline]
    fn worth_a_look(&mut self, class: usize) -> bool {
        if class >= self.classes.len() {
            self.classes.resize(class + 1, ClassHits::default());
        }
        let c = &mut self.classes[class];
        if c.looks >= TRIAL_LOOKS && u32::from(c.hits) * HIT_EVERY < u32::from(c.looks) {
            c.skipped += 1;
            if c.skipped < RETRIAL_AFTER {
                return false;
            }
            *c = ClassHits::default();
        }
        if c.looks == u16::MAX {
            // Older looks count half, and the counts cannot overflow.
            c.looks /= 2;
            c.hits /= 2;
        }
        c.looks += 1;
        true
    }

    /// The slot for a segment short enough to keep: by its bytes alone,
    /// known before the walk finds its definition (a slot keeps the
    /// definition's class and [`CleanSegments::holds`] compares it).
    ///
    /// Three words of the bytes (start, middle, end) and the length
    /// pick it: every segment is placed, also the ones whose class turns
    /// out not worth a look, so the whole-byte hash cost too much here;
    /// segments that share those words only share a slot.
    #[inline]
    fn slot(seg: &Segment<'_>) -> usize {
        let b = seg.bytes();
        let h = if b.len() >= 8 {
            let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
            let mid = b.len() / 2 - 4;
            hash_words([word(0), word(mid), word(b.len() - 8), b.len() as u64])
        } else {
            fx_hash(0, b)
        };
        (h >> 52) as usize % CLEAN_SLOTS
    }

    #[inline]
    fn holds(&self, i: usize, seg: &Segment<'_>, spec: &SegmentSpec) -> bool {
        let slot = &self.slots[i];
        let b = seg.bytes();
        slot.spec == spec.checked_as
            && usize::from(slot.len) == b.len()
            && slot.delimiters == seg.delimiters
            && same_bytes(&slot.bytes[..b.len()], b)
    }

    fn remember(&mut self, i: usize, seg: &Segment<'_>, spec: &SegmentSpec) {
        let b = seg.bytes();
        let slot = &mut self.slots[i];
        slot.spec = spec.checked_as;
        slot.delimiters = seg.delimiters;
        slot.len = b.len() as u8;
        slot.bytes[..b.len()].copy_from_slice(b);
    }
}

impl Default for SyntaxChecks {
    fn default() -> Self {
        SyntaxChecks {
            findings: Vec::new(),
            open: None,
            classes: ByteClasses::new(Delimiters::default()),
            clean: CleanSegments::new(),
            values: CleanValues::new(),
        }
    }
}

impl SyntaxChecks {
    pub fn new() -> Self {
        Self::default()
    }

    /// A transaction set begins. Sets of a kind without a guide are left
    /// to the envelope rules.
    pub fn start(&mut self, st: &Segment<'_>, gs: Option<&Opened>, ctx: &Context) {
        self.open = None;
        let Some(guide) = kind_of(st, gs).and_then(guide_for) else {
            return;
        };
        self.open = Some(OpenSet {
            walker: LoopWalker::new(guide),
            last: (
                u64::MAX,
                Step {
                    spec: None,
                    instance: 0,
                },
            ),
            guide,
            position: 0,
            hl: Default::default(),
            hl_parents: Default::default(),
            lx: Default::default(),
            claim_id: Vec::new(),
            service_line: Vec::new(),
        });
        self.push(st, ctx);
    }

    /// Any segment; those outside a checked set are ignored.
    #[inline]
    pub fn segment(&mut self, seg: &Segment<'_>, ctx: &Context) {
        if self.open.is_some() && !is_envelope(seg.id()) {
            self.push(seg, ctx);
        }
    }

    fn push(&mut self, seg: &Segment<'_>, ctx: &Context) {
        let Some(set) = &mut self.open else { return };
        set.position += 1;
        let slot = self.clean.locate(seg);
        // Placed before the id is judged, so that the model builder can
        // follow this walk for every segment (a malformed id has no place
        // and changes nothing).
        let step = set.walker.push(seg);
        set.last = (seg.index, step);
        // A segment the walker placed has one of the guide's ids, which
        // are all well-formed: only the others are asked.
        if step.spec.is_none() && !valid_id(seg.id()) {
            // Not a segment at all: ENV020 reports it.
            return;
        }
        let mut sink = Sink::new(&mut self.findings, ctx);
        let id = seg.id();
        let is_837 = matches!(set.guide, GuideId::X222A1 | GuideId::X223A2);
        if step.spec.is_some() {
            // Which claim and line later findings belong to. The only LX
            // of an 837 is the service line's (2400).
            match id {
                b"CLM" | b"CLP" => {
                    set.claim_id.clear();
                    set.claim_id
                        .extend_from_slice(seg.element(1).unwrap_or_default());
                    set.service_line.clear();
                }
                b"HL" => {
                    set.claim_id.clear();
                    set.service_line.clear();
                }
                b"LX" if is_837 => {
                    set.service_line.clear();
                    set.service_line
                        .extend_from_slice(seg.element(1).unwrap_or_default());
                }
                _ => {}
            }
        }
        let here = Here {
            seg,
            position: set.position,
            loop_id: set.walker.loop_id(),
            claim_id: Some(set.claim_id.as_slice()).filter(|c| !c.is_empty()),
            service_line: Some(set.service_line.as_slice()).filter(|c| !c.is_empty()),
        };
        for issue in &set.walker.issues {
            report_issue(issue, &here, &mut sink);
        }
        syn020_trailing_separators::check_end(&here, &mut sink);
        let Some(spec) = step.spec else {
            syn020_trailing_separators::check_components(&here, &mut sink);
            syn001_unexpected_segment::check(&here, &set.walker, &mut sink);
            return;
        };
        if id == b"SE" || id == b"ST" {
            // Their elements are the envelope rules' business.
            return;
        }
        if self.classes.delimiters != seg.delimiters {
            self.classes = ByteClasses::new(seg.delimiters);
            self.values.clear();
        }
        let lookup = self.clean.find(seg, spec, slot);
        if lookup != Lookup::Clean {
            let before = sink.len();
            check_elements(spec, &self.classes, &mut self.values, &here, &mut sink);
            if let Lookup::CheckAndKeep(i) = lookup
                && sink.len() == before
            {
                self.clean.remember(i, seg, spec);
            }
        }
        match id {
            b"HL" => {
                set.hl.check(spec, &here, &mut sink);
                let entered = !set.walker.opened.is_empty();
                set.hl_parents
                    .check(spec, &here, set.walker.depth(), entered, &mut sink);
            }
            b"CLM" => set.lx.claim(),
            b"LX" if is_837 => set.lx.check(spec, &here, &mut sink),
            _ => {}
        }
    }

    /// The walker of the open set with where it placed the segment with
    /// this index, when that was the last segment it placed: the model
    /// builder follows it rather than walking the set again.
    #[inline]
    pub(crate) fn walked(&self, index: u64) -> Option<(Step, &LoopWalker)> {
        let set = self.open.as_ref()?;
        (set.last.0 == index).then_some((set.last.1, &set.walker))
    }

    /// The set ended: at its SE (`se`), or without one (`se` is `None`;
    /// what the set lacks is then not reported, ENV014 says why).
    pub fn end(&mut self, se: Option<&Segment<'_>>, ctx: &Context) {
        let Some(mut set) = self.open.take() else {
            return;
        };
        set.walker.finish();
        let Some(se) = se else { return };
        let mut sink = Sink::new(&mut self.findings, ctx);
        let here = Here {
            seg: se,
            position: set.position,
            loop_id: None,
            claim_id: None,
            service_line: None,
        };
        for issue in &set.walker.issues {
            report_issue(issue, &here, &mut sink);
        }
    }
}

fn report_issue(issue: &StructureIssue, here: &Here<'_, '_>, sink: &mut Sink<'_>) {
    match *issue {
        StructureIssue::Missing {
            parent,
            segment,
            loop_def,
        } => syn002_required_segment_missing::report(parent, segment, loop_def, here, sink),
        StructureIssue::SegmentRepeat { def, count, max } => {
            syn003_segment_repeat_exceeded::report(def, count, max, here, sink);
        }
        StructureIssue::LoopRepeat { def, count, max } => {
            syn004_loop_repeat_exceeded::report(def, count, max, here, sink);
        }
    }
}

/// What a scan of one element found besides its bounds.
const HAS_COMPONENT: u8 = 1;
const HAS_REPETITION: u8 = 2;
const HAS_CONTROL: u8 = 4;
/// The element separator: the class that ends an element.
const ELEMENT_END: u8 = 8;

/// The class of every byte under one set of delimiters, so that the
/// element scan does one table load per byte.
struct ByteClasses {
    delimiters: Delimiters,
    class: [u8; 256],
}

impl ByteClasses {
    fn new(d: Delimiters) -> Self {
        let mut class = [0u8; 256];
        for b in (0..0x20).chain(0x7f..0x100) {
            class[b] = HAS_CONTROL;
        }
        if let Some(r) = d.repetition {
            class[usize::from(r)] = HAS_REPETITION;
        }
        class[usize::from(d.component)] = HAS_COMPONENT;
        class[usize::from(d.element)] = ELEMENT_END;
        ByteClasses {
            delimiters: d,
            class,
        }
    }

    #[inline(always)]
    fn of(&self, b: u8) -> u8 {
        self.class[usize::from(b)]
    }
}

/// The elements of a segment with the [`ByteClasses`] flags of each:
/// from the segment's bit masks when it is short (no byte loop over
/// ordinary bytes), else by a scan.
struct Elements<'a, 'c> {
    bytes: &'a [u8],
    classes: &'c ByteClasses,
    /// Index of the separator before the next element.
    at: usize,
    masks: Option<(u64, u64)>,
}

impl<'a> Iterator for Elements<'a, '_> {
    type Item = (&'a [u8], u8);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.bytes;
        if self.at >= bytes.len() {
            return None;
        }
        let start = self.at + 1;
        let (end, flags) = match self.masks {
            Some((separators, special)) if start < 64 => {
                let after = separators & !((1u64 << start) - 1);
                let end = if after == 0 {
                    bytes.len()
                } else {
                    after.trailing_zeros() as usize
                };
                let below_end = if end >= 64 {
                    u64::MAX
                } else {
                    (1u64 << end) - 1
                };
                let inside = special & below_end & !((1u64 << start) - 1);
                let flags = if inside == 0 {
                    0
                } else {
                    bytes[start..end]
                        .iter()
                        .fold(0, |f, &b| f | self.classes.of(b))
                };
                (end, flags)
            }
            _ => {
                let mut j = start;
                let mut flags = 0u8;
                while j < bytes.len() {
                    let c = self.classes.of(bytes[j]);
                    if c != 0 {
                        if c == ELEMENT_END {
                            break;
                        }
                        flags |= c;
                    }
                    j += 1;
                }
                (j, flags)
            }
        };
        self.at = end;
        Some((&bytes[start..end], flags))
    }
}

/// Every element-level rule over one placed segment. The segment is read
/// once, byte by byte, noting for each element whether it holds a
/// component or repetition separator or a control character, so that
/// the common element (a short simple value) costs one pass.
fn check_elements(
    spec: &SegmentSpec,
    classes: &ByteClasses,
    values: &mut CleanValues,
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) {
    let seg = here.seg;
    let d = seg.delimiters;
    let rep = d.repetition.unwrap_or(d.element);
    let bytes = seg.bytes();
    let mut present: u64 = 0;
    let mut date_format: Option<&[u8]> = None;
    let mut count = 0;
    let mut trailing_reported = false;
    let elements = Elements {
        bytes,
        classes,
        at: seg.id().len(),
        masks: seg.element_masks(),
    };
    for (value, flags) in elements {
        if flags & HAS_COMPONENT != 0 && value.last() == Some(&d.component) && !trailing_reported {
            syn020_trailing_separators::report_component(here, count + 1, sink);
            trailing_reported = true;
        }
        let pos = count;
        count += 1;
        let Some(fe) = spec.fast.get(pos) else {
            if !value.is_empty() {
                syn007_too_many_elements::check(spec, pos + 1, value, here, sink);
                break;
            }
            continue;
        };
        if value.is_empty() {
            if fe.required {
                syn005_required_element_missing::report(&element_at(spec, pos), here, sink);
            }
            date_format = None;
            continue;
        }
        if pos < 64 {
            present |= 1 << pos;
        }
        if flags & (HAS_REPETITION | HAS_COMPONENT | HAS_CONTROL) == 0
            && date_format.is_none()
            && !fe.not_used
        {
            // The common case: a plain simple value, judged from the
            // compact definition. Only a value that fails the fast test
            // is looked at again, to say why.
            if !fe.accepts(value) {
                check_value(
                    &element_at(spec, pos),
                    value,
                    flags,
                    d.component,
                    None,
                    here,
                    sink,
                );
            }
        } else {
            let at = element_at(spec, pos);
            if fe.not_used {
                syn006_not_used_element::report(&at, value, here, sink);
            } else if flags & HAS_REPETITION != 0 {
                let reps = syn015_too_many_repetitions::check(&at, value, rep, here, sink);
                for (k, one) in value.split(|&b| b == rep).enumerate() {
                    let at = ElementAt {
                        repetition: (reps > 1).then_some(k + 1),
                        ..at
                    };
                    check_value(&at, one, flags, d.component, date_format, here, sink);
                }
            } else if at.spec.is_composite() && flags & HAS_CONTROL == 0 {
                // A composite's checks depend on its definition, its bytes
                // and the component separator alone: a value found clean
                // before is clean again.
                let lookup = values.find(at.spec, value);
                if lookup != Lookup::Clean {
                    let before = sink.len();
                    check_value(&at, value, flags, d.component, None, here, sink);
                    if let Lookup::CheckAndKeep(i) = lookup
                        && sink.len() == before
                    {
                        values.remember(i, at.spec, value);
                    }
                }
            } else {
                check_value(&at, value, flags, d.component, date_format, here, sink);
            }
        }
        date_format = (fe.date_format && !fe.not_used).then_some(value);
    }
    // Elements after the last one written are empty.
    for i in count..spec.required_end {
        syn005_required_element_missing::check(&element_at(spec, i), here, sink);
    }
    if !spec.syntax.is_empty() {
        syn016_syntax_note::check(spec, present, here, sink);
    }
}

/// Element `pos` (0-based) of a segment, for the full checks.
#[inline]
fn element_at(spec: &SegmentSpec, pos: usize) -> ElementAt<'_> {
    ElementAt {
        spec: &spec.elements[pos],
        position: pos + 1,
        component: None,
        repetition: None,
    }
}

/// One repetition of an element: a composite's components or a simple
/// value. `flags` come from the scan of the whole element.
#[inline]
fn check_value(
    at: &ElementAt<'_>,
    value: &[u8],
    flags: u8,
    component_sep: u8,
    date_format: Option<&[u8]>,
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) {
    let maybe_control = flags & HAS_CONTROL != 0;
    if !at.spec.is_composite() {
        if flags & HAS_COMPONENT != 0 {
            syn014_bad_composite::simple_with_components(at, value, here, sink);
            return;
        }
        check_simple(at, value, maybe_control, date_format, here, sink);
        return;
    }
    let mut n = 0;
    for (j, comp) in value.split(|&b| b == component_sep).enumerate() {
        n = j + 1;
        let Some(cs) = at.spec.components.get(j) else {
            syn014_bad_composite::too_many_components(at, j + 1, value, here, sink);
            return;
        };
        let cat = ElementAt {
            spec: cs,
            component: Some(j + 1),
            ..*at
        };
        if comp.is_empty() {
            syn005_required_element_missing::check(&cat, here, sink);
        } else if cs.usage == Usage::NotUsed {
            syn006_not_used_element::report(&cat, comp, here, sink);
        } else if maybe_control || !simple_ok(cs, comp) {
            check_simple(&cat, comp, maybe_control, None, here, sink);
        }
    }
    for (j, cs) in at
        .spec
        .components
        .iter()
        .enumerate()
        .take(at.spec.required_end)
        .skip(n)
    {
        let cat = ElementAt {
            spec: cs,
            component: Some(j + 1),
            ..*at
        };
        syn005_required_element_missing::check(&cat, here, sink);
    }
}

/// Whether a non-empty simple value with no control character passes
/// every check of [`check_simple`] (without a date format qualifier):
/// the fast test run on every value.
#[inline(always)]
fn simple_ok(es: &ElementSpec, v: &[u8]) -> bool {
    if v.last() == Some(&b' ') {
        return false;
    }
    let len = match es.data_type {
        DataType::Numeric { .. } | DataType::Decimal => {
            let ok = if es.data_type == DataType::Decimal {
                is_decimal(v)
            } else {
                is_numeric(v)
            };
            if !ok {
                return false;
            }
            counted_len(es.data_type, v)
        }
        DataType::Date if !is_date(v, es.max_len == 6) => return false,
        DataType::Time if !is_time(v) => return false,
        _ => v.len(),
    };
    if let Some(p) = es.pattern
        && !p.matches(v)
    {
        return false;
    }
    match es.codes {
        Some(codes) => codes.contains(v),
        None => len >= es.min_len && len <= es.max_len,
    }
}

/// A non-empty simple value: character set, format, code list, length;
/// at most one finding, the most telling one.
#[inline]
fn check_simple(
    at: &ElementAt<'_>,
    value: &[u8],
    maybe_control: bool,
    date_format: Option<&[u8]>,
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) {
    let es = at.spec;
    if syn010_invalid_character::check(at, value, maybe_control, here, sink)
        || syn022_trailing_spaces::check(at, value, here, sink)
    {
        return;
    }
    let bad_format = match es.data_type {
        DataType::Date => syn011_invalid_date::check_date(at, value, here, sink),
        DataType::Time => syn012_invalid_time::check(at, value, here, sink),
        _ => false,
    };
    if bad_format {
        return;
    }
    if let Some(format) = date_format
        && es.def.data_ele.as_deref() == Some("1251")
        && syn011_invalid_date::check_period(at, format, value, here, sink)
    {
        return;
    }
    if let Some(pattern) = es.pattern
        && syn021_invalid_pattern::check(at, pattern, value, here, sink)
    {
        return;
    }
    if let Some(codes) = es.codes {
        syn013_invalid_code::check(at, codes, value, here, sink);
        return;
    }
    if !syn008_element_too_short::check(at, value, here, sink) {
        syn009_element_too_long::check(at, value, here, sink);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(bytes: &[u8]) -> Segment<'_> {
        Segment::from_parts(bytes, Delimiters::default(), 0, 1, 0)
    }

    /// A compiled definition to look segments up under (the 837P BHT).
    fn bht() -> &'static SegmentSpec {
        let mut walker = LoopWalker::new(GuideId::X222A1);
        walker.push(&segment(b"ST*837*0001*005010X222A1"));
        walker
            .push(&segment(b"BHT*0019*00*1*20250101*1200*CH"))
            .spec
            .expect("BHT has a place after ST")
    }

    fn bht_numbered(n: usize) -> Vec<u8> {
        format!("BHT*0019*00*{n}*20250101*1200*CH").into_bytes()
    }

    /// Look `bytes` up, and keep it when the answer says so (as a clean
    /// check would).
    fn look(clean: &mut CleanSegments, spec: &SegmentSpec, bytes: &[u8]) -> Lookup {
        let seg = segment(bytes);
        let lookup = clean.find(&seg, spec, clean.locate(&seg));
        if let Lookup::CheckAndKeep(i) = lookup {
            clean.remember(i, &seg, spec);
        }
        lookup
    }

    #[test]
    fn a_repeated_segment_is_found_clean() {
        let spec = bht();
        let mut clean = CleanSegments::new();
        let bytes = bht_numbered(1);
        assert!(matches!(
            look(&mut clean, spec, &bytes),
            Lookup::CheckAndKeep(_)
        ));
        for _ in 0..3 * usize::from(TRIAL_LOOKS) {
            assert_eq!(look(&mut clean, spec, &bytes), Lookup::Clean);
        }
    }

    #[test]
    fn a_class_that_never_repeats_is_checked_without_the_table_until_its_next_trial() {
        let spec = bht();
        let mut clean = CleanSegments::new();
        for n in 0..usize::from(TRIAL_LOOKS) {
            let got = look(&mut clean, spec, &bht_numbered(n));
            assert!(matches!(got, Lookup::CheckAndKeep(_)), "look {n}: {got:?}");
        }
        // Judged: even a segment kept during the trial is checked again,
        // and nothing more is kept.
        for n in 0..usize::from(RETRIAL_AFTER) - 1 {
            assert_eq!(look(&mut clean, spec, &bht_numbered(n % 4)), Lookup::Check);
        }
        // A fresh trial: the table is looked at again.
        assert_eq!(look(&mut clean, spec, &bht_numbered(0)), Lookup::Clean);
        assert!(matches!(
            look(&mut clean, spec, &bht_numbered(10_000)),
            Lookup::CheckAndKeep(_)
        ));
    }

    #[test]
    fn a_class_with_one_hit_in_sixteen_looks_keeps_its_table() {
        let spec = bht();
        let mut clean = CleanSegments::new();
        let repeated = bht_numbered(0);
        for n in 1..=20 * usize::from(TRIAL_LOOKS) {
            let bytes = if n % 8 == 0 {
                repeated.clone()
            } else {
                bht_numbered(n)
            };
            let got = look(&mut clean, spec, &bytes);
            assert_ne!(got, Lookup::Check, "look {n}");
        }
    }

    #[test]
    fn segments_that_share_a_slot_are_told_apart_by_their_bytes() {
        let spec = bht();
        let mut clean = CleanSegments::new();
        // Same length, start, middle and end words: the same slot.
        let kept = b"BHT*0019*00*1234*20250101*1200*CH".to_vec();
        let mut other = kept.clone();
        other[9] = b'9';
        assert_eq!(
            CleanSegments::slot(&segment(&kept)),
            CleanSegments::slot(&segment(&other))
        );
        assert!(matches!(
            look(&mut clean, spec, &kept),
            Lookup::CheckAndKeep(_)
        ));
        assert!(matches!(
            look(&mut clean, spec, &other),
            Lookup::CheckAndKeep(_)
        ));
        assert_eq!(look(&mut clean, spec, &other), Lookup::Clean);
        assert!(matches!(
            look(&mut clean, spec, &kept),
            Lookup::CheckAndKeep(_)
        ));
    }

    /// Segments that differ in one place only (here a number in the
    /// middle, as control numbers and amounts do) spread over the slots
    /// about as random ones would: 4,096 of them into 4,096 slots fill
    /// about 63 % (1 - 1/e).
    #[test]
    fn segments_that_differ_in_one_place_spread_over_the_slots() {
        for (width, tail) in [(4, "*20250101*1200*CH"), (9, "*CH"), (6, "")] {
            let slots: std::collections::HashSet<usize> = (0..CLEAN_SLOTS)
                .map(|n| {
                    let bytes = format!("BHT*0019*00*{n:0width$}{tail}");
                    CleanSegments::slot(&segment(bytes.as_bytes()))
                })
                .collect();
            assert!(
                slots.len() * 100 >= CLEAN_SLOTS * 58,
                "{} of {CLEAN_SLOTS} slots used (width {width})",
                slots.len()
            );
        }
    }

    #[test]
    fn long_segments_are_never_kept() {
        let spec = bht();
        let mut clean = CleanSegments::new();
        let long = format!("BHT*0019*00*{}*20250101*1200*CH", "9".repeat(CLEAN_MAX));
        assert_eq!(look(&mut clean, spec, long.as_bytes()), Lookup::Check);
        assert_eq!(look(&mut clean, spec, long.as_bytes()), Lookup::Check);
    }
}
