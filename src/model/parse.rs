//! Bytes -> model: the tokenizer and envelope walker feed each
//! transaction set to the builder for its kind, and everything goes to a
//! [`ModelSink`] as soon as it is complete.
//!
//! Envelope segments (ISA, GS, ST, SE, GE, IEA) become the envelope values;
//! any segment outside the envelope it needs is kept in the enclosing
//! envelope's `other_segments`; bytes that are not X12 are reported and
//! skipped.

use std::io::{self, Read};
use std::ops::ControlFlow;

use super::build835::Build835;
use super::build837::Build837;
use super::claim::{Claim, ClaimKind};
use super::cursor::Walked;
use super::envelope::{Document, Group, Interchange, OtherTransaction, Transaction, read_st};
use super::raw::{OtherSegment, RawSegment};
use super::remit::ClaimPayment;
use super::sink::{ModelSink, Problem, ProblemKind, TransactionRef};
use super::text::Text;
use crate::schema::guide::GuideId;
use crate::schema::kind::{TransactionKind, kind_of};
use crate::x12::delimiters::Delimiters;
use crate::x12::envelope::{
    Context, EnvelopeEvent, EnvelopeVisitor, EnvelopeWalker, Level, Opened,
};
use crate::x12::tokenizer::{Segment, StreamTokenizer, Token, Tokenizer};

/// A parsed input held in memory, and what could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub document: Document,
    pub problems: Vec<Problem>,
}

impl Parsed {
    /// Whether anything was skipped or could not be placed.
    pub fn damaged(&self) -> bool {
        self.problems.iter().any(|p| p.kind.is_damage())
    }
}

/// Parse an input held in memory into one [`Document`]. For large inputs
/// prefer [`stream_bytes`] / [`stream_reader`], which hand out one claim
/// at a time.
pub fn parse_bytes(input: &[u8]) -> Parsed {
    let mut c = Collector::default();
    // The collector never fails.
    let _ = stream_bytes(input, &mut c);
    c.parsed()
}

/// Parse a reader into one [`Document`].
pub fn parse_reader<R: Read>(reader: R) -> io::Result<Parsed> {
    let mut c = Collector::default();
    stream_reader(reader, &mut c)?;
    Ok(c.parsed())
}

/// Parse an input held in memory, handing the model to `sink` piece by
/// piece. Errors come only from the sink.
pub fn stream_bytes<S: ModelSink>(input: &[u8], sink: &mut S) -> io::Result<()> {
    let mut walker = EnvelopeWalker::new();
    let mut d = Driver::new(sink);
    for token in Tokenizer::new(input) {
        walker.token(&token, &mut d);
        if d.error.is_some() {
            break;
        }
        if let Token::Junk(j) = token {
            d.junk(j.offset, j.line, j.bytes.len());
        }
    }
    walker.finish(&mut d);
    d.finish()
}

/// Parse a reader, holding only a window of it (and the current claim) in
/// memory. Errors come from the reader or the sink.
pub fn stream_reader<R: Read, S: ModelSink>(reader: R, sink: &mut S) -> io::Result<()> {
    let mut walker = EnvelopeWalker::new();
    let mut d = Driver::new(sink);
    let mut tokens = StreamTokenizer::new(reader);
    tokens.for_each_token(|token, _| {
        walker.token(token, &mut d);
        if d.error.is_some() {
            return ControlFlow::Break(());
        }
        if let Token::Junk(j) = token {
            d.junk(j.offset, j.line, j.bytes.len());
        }
        ControlFlow::Continue(())
    })?;
    walker.finish(&mut d);
    d.finish()
}

/// A segment copied out of the input, for the rare segments that must
/// wait for the envelope walker's verdict.
struct Pending {
    index: u64,
    offset: u64,
    line: u64,
    id: String,
    bytes: Vec<u8>,
    delimiters: Delimiters,
}

enum Builder {
    Claims(Box<Build837>),
    Remittance(Box<Build835>),
    Other(OtherTransaction),
}

/// Feeds the envelope walker's segments and events to the builder of
/// each set, and what they build to a [`ModelSink`].
pub(crate) struct Driver<S> {
    sink: S,
    error: Option<io::Error>,
    /// The last segment that was not part of a set's body: an envelope
    /// header or trailer (consumed by its event), or a segment outside its
    /// envelope (kept when the next segment or event comes).
    pending: Option<Pending>,
    interchange: Option<Interchange>,
    group: Option<Group>,
    builder: Option<Builder>,
    /// Interchanges, groups of the open interchange, sets of the open
    /// group: the `index` of segments kept between them.
    interchanges: u32,
    groups: u32,
    sets: u32,
    other_segments: Vec<OtherSegment>,
    /// `None` before the first set; then the kind all sets share, or
    /// `Some(None)` when they differ.
    kind: Option<Option<Text>>,
    /// Junk run being reported (offset, line, bytes), merged across the
    /// pieces a stream hands out.
    junk: Option<(u64, u64, u64)>,
}

impl<S: ModelSink> Driver<S> {
    pub(crate) fn new(sink: S) -> Self {
        Driver {
            sink,
            error: None,
            pending: None,
            interchange: None,
            group: None,
            builder: None,
            interchanges: 0,
            groups: 0,
            sets: 0,
            other_segments: Vec::new(),
            kind: None,
            junk: None,
        }
    }

    fn fail(&mut self, r: io::Result<()>) {
        if let Err(e) = r
            && self.error.is_none()
        {
            self.error = Some(e);
        }
    }

    fn junk(&mut self, offset: u64, line: u64, len: usize) {
        match &mut self.junk {
            Some((start, _, n)) if *start + *n == offset => *n += len as u64,
            _ => {
                self.flush_junk();
                self.junk = Some((offset, line, len as u64));
            }
        }
    }

    fn flush_junk(&mut self) {
        if let Some((offset, line, n)) = self.junk.take() {
            let p = Problem {
                kind: ProblemKind::NotX12,
                message: format!("{n} bytes that are not X12 skipped"),
                byte_offset: offset,
                line,
                segment_index: None,
                segment_id: None,
                loop_id: None,
            };
            let r = self.sink.problem(p);
            self.fail(r);
        }
    }

    /// A pending segment nobody claimed stood outside its envelope: keep
    /// it in the innermost envelope open now.
    fn flush_pending(&mut self) {
        let Some(p) = self.pending.take() else {
            return;
        };
        let (index, list) = if let Some(g) = &mut self.group {
            (self.sets, &mut g.other_segments)
        } else if let Some(i) = &mut self.interchange {
            (self.groups, &mut i.other_segments)
        } else {
            (self.interchanges, &mut self.other_segments)
        };
        list.push(OtherSegment {
            loop_id: None,
            index,
            unexpected: true,
            segment: RawSegment::of(&p.bytes, &p.delimiters),
        });
        let problem = Problem {
            kind: ProblemKind::OutsideEnvelope,
            message: format!(
                "{} stands outside the envelope it needs; kept in other_segments",
                p.id
            ),
            byte_offset: p.offset,
            line: p.line,
            segment_index: Some(p.index),
            segment_id: Some(p.id),
            loop_id: None,
        };
        let r = self.sink.problem(problem);
        self.fail(r);
    }

    /// Take the pending segment when it is `seg` (its event arrived).
    fn consume(&mut self, seg: &Segment<'_>) {
        if self.pending.as_ref().is_some_and(|p| p.index == seg.index) {
            self.pending = None;
        } else {
            self.flush_pending();
        }
    }

    fn start_set(&mut self, st: &Segment<'_>, gs: Option<&Opened>, walked: Option<Walked<'_>>) {
        self.consume(st);
        self.sets += 1;
        let kind = kind_of(st, gs);
        let label = kind.map(|k| Text::new(k.as_str()));
        self.kind = match self.kind.take() {
            None => Some(label.clone()),
            Some(k) if k == label => Some(k),
            Some(_) => Some(None),
        };
        let addresses = self.sink.reads_addresses();
        let lend = self.sink.borrows_claims();
        let builder = match kind {
            Some(TransactionKind::Professional837) => Builder::Claims(Box::new(Build837::new(
                ClaimKind::Professional,
                GuideId::X222A1,
                st,
                walked,
                addresses,
                lend,
            ))),
            Some(TransactionKind::Institutional837) => Builder::Claims(Box::new(Build837::new(
                ClaimKind::Institutional,
                GuideId::X223A2,
                st,
                walked,
                addresses,
                lend,
            ))),
            Some(TransactionKind::Remittance835) => {
                Builder::Remittance(Box::new(Build835::new(st, walked)))
            }
            other => {
                let (control_number, version, extra) = read_st(st);
                let tx = OtherTransaction {
                    kind: label,
                    transaction_set: Text::from_bytes(st.element(1).unwrap_or_default()),
                    control_number,
                    version,
                    extra,
                    segments: Vec::new(),
                };
                let what = other.map_or(
                    "a transaction set of a kind claimcheck does not know",
                    |k| match k {
                        TransactionKind::Ack999 => "a 999 acknowledgment",
                        TransactionKind::ClaimAck277 => "a 277CA acknowledgment",
                        _ => "an 837 dental claim set",
                    },
                );
                let p = Problem::at(
                    ProblemKind::Untyped,
                    st,
                    format!("{what}: no typed model; its segments are kept as they are"),
                );
                let r = self
                    .sink
                    .problem(p)
                    .and_then(|()| self.sink.transaction_start(TransactionRef::Other(&tx)));
                self.fail(r);
                Builder::Other(tx)
            }
        };
        self.builder = Some(builder);
    }

    fn end_set(&mut self, se: Option<&Segment<'_>>, walked: Option<Walked<'_>>) {
        let Some(builder) = self.builder.take() else {
            return;
        };
        let sink = &mut self.sink;
        let r = match builder {
            Builder::Claims(mut b) => se
                .map_or(Ok(()), |se| b.push(se, walked, sink))
                .and_then(|()| b.finish(sink))
                .and_then(|t| sink.transaction_end(Transaction::Claims(Box::new(t)))),
            Builder::Remittance(mut b) => se
                .map_or(Ok(()), |se| b.push(se, walked, sink))
                .and_then(|()| b.finish(sink))
                .and_then(|t| sink.transaction_end(Transaction::Remittance(Box::new(t)))),
            Builder::Other(t) => sink.transaction_end(Transaction::Other(t)),
        };
        self.fail(r);
    }

    fn end_group(&mut self) {
        if let Some(g) = self.group.take() {
            let r = self.sink.group_end(g);
            self.fail(r);
        }
    }

    fn end_interchange(&mut self) {
        if let Some(i) = self.interchange.take() {
            let r = self.sink.interchange_end(i);
            self.fail(r);
        }
    }

    fn finish(mut self) -> io::Result<()> {
        self.close()
    }

    /// The sink, to look at between segments.
    pub(crate) fn sink(&mut self) -> &mut S {
        &mut self.sink
    }

    /// End the input (as [`Driver::finish`]) and give the sink back.
    pub(crate) fn finish_into_sink(mut self) -> (io::Result<()>, S) {
        let r = self.close();
        (r, self.sink)
    }

    fn close(&mut self) -> io::Result<()> {
        self.flush_pending();
        self.flush_junk();
        if self.interchanges == 0 && self.error.is_none() {
            let p = Problem {
                kind: ProblemKind::NotX12,
                message: "no X12 interchange (ISA) in the input".to_string(),
                byte_offset: 0,
                line: 1,
                segment_index: None,
                segment_id: None,
                loop_id: None,
            };
            let r = self.sink.problem(p);
            self.fail(r);
        }
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.sink.finish(Document {
            other_segments: std::mem::take(&mut self.other_segments),
            kind: self.kind.take().flatten(),
            ..Document::default()
        })
    }
}

impl<S: ModelSink> EnvelopeVisitor for Driver<S> {
    #[inline]
    fn segment(&mut self, seg: &Segment<'_>, _ctx: &Context) {
        self.segment_walked(seg, None);
    }

    fn event(&mut self, event: EnvelopeEvent<'_, '_>, _ctx: &Context) {
        self.event_walked(event, None);
    }
}

impl<S: ModelSink> Driver<S> {
    /// A segment, with the placement of a walker that has just placed it
    /// in its set (see [`LoopCursor::push`](super::cursor::LoopCursor)):
    /// validation walks each set once for the guide rules and the model.
    #[inline]
    pub(crate) fn segment_walked(&mut self, seg: &Segment<'_>, walked: Option<Walked<'_>>) {
        if self.error.is_some() {
            return;
        }
        if self.pending.is_some() {
            self.flush_pending();
        }
        self.flush_junk();
        let id = seg.id();
        let envelope = matches!(id, b"ISA" | b"IEA" | b"GS" | b"GE" | b"ST" | b"SE");
        if !envelope && let Some(b) = &mut self.builder {
            let r = match b {
                Builder::Claims(b) => b.push(seg, walked, &mut self.sink),
                Builder::Remittance(b) => b.push(seg, walked, &mut self.sink),
                Builder::Other(t) => {
                    t.segments
                        .push(RawSegment::of(seg.bytes(), &seg.delimiters));
                    Ok(())
                }
            };
            self.fail(r);
            return;
        }
        self.pending = Some(Pending {
            index: seg.index,
            offset: seg.offset,
            line: seg.line,
            id: String::from_utf8_lossy(id).into_owned(),
            bytes: seg.bytes().to_vec(),
            delimiters: seg.delimiters,
        });
    }

    /// An envelope event; `walked` is the placement of its ST or SE (see
    /// [`Driver::segment_walked`]).
    pub(crate) fn event_walked(
        &mut self,
        event: EnvelopeEvent<'_, '_>,
        walked: Option<Walked<'_>>,
    ) {
        if self.error.is_some() {
            return;
        }
        match event {
            EnvelopeEvent::Junk(_) => {}
            EnvelopeEvent::InterchangeStart { isa, header } => {
                self.consume(isa);
                self.interchanges += 1;
                self.groups = 0;
                let d = header.map_or(isa.delimiters, |h| h.delimiters);
                let head: Interchange = Interchange::read(isa, &d);
                let r = self.sink.interchange_start(&head);
                self.fail(r);
                self.interchange = Some(head);
            }
            EnvelopeEvent::GroupStart { gs } => {
                self.consume(gs);
                self.groups += 1;
                self.sets = 0;
                let head: Group = Group::read(gs);
                let r = self.sink.group_start(&head);
                self.fail(r);
                self.group = Some(head);
            }
            EnvelopeEvent::TransactionStart { st, gs } => self.start_set(st, gs, walked),
            EnvelopeEvent::TransactionEnd { se, .. } => {
                self.consume(se);
                self.end_set(Some(se), walked);
            }
            EnvelopeEvent::GroupEnd { ge, .. } => {
                self.consume(ge);
                self.end_group();
            }
            EnvelopeEvent::InterchangeEnd { iea, .. } => {
                self.consume(iea);
                self.end_interchange();
            }
            EnvelopeEvent::MissingTrailer { level, opened, at } => {
                self.flush_pending();
                let (byte_offset, line) = at
                    .map_or((opened.segment.offset, opened.segment.line), |s| {
                        (s.offset, s.line)
                    });
                let p = Problem {
                    kind: ProblemKind::MissingTrailer,
                    message: format!(
                        "{} {} has no {}; closed {}",
                        level.header(),
                        opened.element(match level {
                            Level::Interchange => 13,
                            Level::Group => 6,
                            Level::Transaction => 2,
                        }),
                        level.trailer(),
                        if at.is_some() {
                            "where the next envelope begins"
                        } else {
                            "at the end of the input"
                        }
                    ),
                    byte_offset,
                    line,
                    segment_index: at.map(|s| s.index),
                    segment_id: at.map(|s| String::from_utf8_lossy(s.id()).into_owned()),
                    loop_id: None,
                };
                let r = self.sink.problem(p);
                self.fail(r);
                match level {
                    Level::Transaction => self.end_set(None, None),
                    Level::Group => self.end_group(),
                    Level::Interchange => self.end_interchange(),
                }
            }
            // The segments themselves are kept as they are flushed.
            EnvelopeEvent::OutOfPlace { .. } => {}
        }
    }
}

/// Collects everything a parse hands out into one [`Document`].
#[derive(Default)]
struct Collector {
    interchanges: Vec<Interchange>,
    groups: Vec<Group>,
    transactions: Vec<Transaction>,
    claims: Vec<Claim>,
    payments: Vec<ClaimPayment>,
    problems: Vec<Problem>,
    document: Option<Document>,
}

impl Collector {
    fn parsed(self) -> Parsed {
        let mut document = self.document.unwrap_or_default();
        document.interchanges = self.interchanges;
        Parsed {
            document,
            problems: self.problems,
        }
    }
}

impl ModelSink for Collector {
    fn claim(&mut self, claim: Claim) -> io::Result<()> {
        self.claims.push(claim);
        Ok(())
    }

    fn claim_payment(&mut self, payment: ClaimPayment) -> io::Result<()> {
        self.payments.push(payment);
        Ok(())
    }

    fn transaction_end(&mut self, mut t: Transaction) -> io::Result<()> {
        match &mut t {
            Transaction::Claims(c) => c.claims = std::mem::take(&mut self.claims),
            Transaction::Remittance(r) => r.claims = std::mem::take(&mut self.payments),
            Transaction::Other(_) => {}
        }
        self.transactions.push(t);
        Ok(())
    }

    fn group_end(&mut self, mut g: Group) -> io::Result<()> {
        g.transactions = std::mem::take(&mut self.transactions);
        self.groups.push(g);
        Ok(())
    }

    fn interchange_end(&mut self, mut i: Interchange) -> io::Result<()> {
        i.groups = std::mem::take(&mut self.groups);
        self.interchanges.push(i);
        Ok(())
    }

    fn finish(&mut self, document: Document) -> io::Result<()> {
        self.document = Some(document);
        Ok(())
    }

    fn problem(&mut self, problem: Problem) -> io::Result<()> {
        self.problems.push(problem);
        Ok(())
    }
}
