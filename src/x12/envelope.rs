//! Envelope pairing: ISA/IEA, GS/GE, ST/SE.
//!
//! The [`EnvelopeWalker`] follows the tokens of a file and tells an
//! [`EnvelopeVisitor`] when envelopes open and close, how many segments,
//! sets and groups each held, which trailers are missing and which
//! segments stand outside any envelope. It judges nothing: the ENV rules
//! do, from these events. Memory is constant: only the open headers are
//! kept.

use crate::diagnostic::SegmentRef;

use super::delimiters::IsaHeader;
use super::tokenizer::{Junk, Segment, Token};

/// A header segment (ISA, GS or ST) kept while its envelope is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub segment: SegmentRef,
    /// The header's elements (1-based: `elements[0]` is element 1).
    pub elements: Vec<String>,
}

impl Opened {
    fn of(seg: &Segment<'_>) -> Self {
        Opened {
            segment: SegmentRef::of(seg),
            elements: seg
                .fields()
                .skip(1)
                .map(|e| String::from_utf8_lossy(e).into_owned())
                .collect(),
        }
    }

    /// Element `n` (1-based), empty when absent.
    pub fn element(&self, n: usize) -> &str {
        n.checked_sub(1)
            .and_then(|i| self.elements.get(i))
            .map_or("", String::as_str)
    }
}

/// Which envelope level a trailer closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Interchange,
    Group,
    Transaction,
}

impl Level {
    pub fn header(self) -> &'static str {
        match self {
            Level::Interchange => "ISA",
            Level::Group => "GS",
            Level::Transaction => "ST",
        }
    }

    pub fn trailer(self) -> &'static str {
        match self {
            Level::Interchange => "IEA",
            Level::Group => "GE",
            Level::Transaction => "SE",
        }
    }
}

/// Control numbers of the envelopes a segment sits in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub interchange: Option<String>,
    pub group: Option<String>,
    pub transaction: Option<String>,
}

/// What the walker reports. Borrowed segments live only for the call.
#[derive(Debug, Clone, Copy)]
pub enum EnvelopeEvent<'e, 'a> {
    /// Bytes that are not X12.
    Junk(&'e Junk<'a>),
    /// An ISA; `header` is `None` when its delimiters could not be read.
    InterchangeStart {
        isa: &'e Segment<'a>,
        header: Option<&'e IsaHeader>,
    },
    InterchangeEnd {
        isa: &'e Opened,
        iea: &'e Segment<'a>,
        groups: u64,
    },
    GroupStart {
        gs: &'e Segment<'a>,
    },
    GroupEnd {
        gs: &'e Opened,
        ge: &'e Segment<'a>,
        transactions: u64,
    },
    TransactionStart {
        st: &'e Segment<'a>,
        gs: Option<&'e Opened>,
    },
    TransactionEnd {
        st: &'e Opened,
        se: &'e Segment<'a>,
        /// Segments from ST to SE inclusive.
        segments: u64,
    },
    /// An envelope closed without its trailer: at `at`, or at the end of
    /// the file when `at` is `None`.
    MissingTrailer {
        level: Level,
        opened: &'e Opened,
        at: Option<&'e Segment<'a>>,
    },
    /// A run of `count` segments that stand outside the envelope they need
    /// (`first` is the first of them); `expected` names what should have
    /// come instead.
    OutOfPlace {
        first: &'e SegmentRef,
        count: u64,
        expected: &'static str,
    },
}

/// Receives envelope events with the context they occur in.
pub trait EnvelopeVisitor {
    /// Every segment, before any event it causes. Called once per segment,
    /// so it is kept apart from the rarer [`EnvelopeEvent`]s.
    fn segment(&mut self, seg: &Segment<'_>, ctx: &Context);
    fn event(&mut self, event: EnvelopeEvent<'_, '_>, ctx: &Context);
}

#[derive(Debug)]
struct OpenInterchange {
    isa: Opened,
    groups: u64,
}

#[derive(Debug)]
struct OpenGroup {
    gs: Opened,
    transactions: u64,
}

#[derive(Debug)]
struct OpenTransaction {
    st: Opened,
    segments: u64,
}

#[derive(Debug)]
struct OutOfPlaceRun {
    first: SegmentRef,
    count: u64,
    expected: &'static str,
}

/// Pairs headers with trailers over a token stream.
#[derive(Debug, Default)]
pub struct EnvelopeWalker {
    interchange: Option<OpenInterchange>,
    group: Option<OpenGroup>,
    transaction: Option<OpenTransaction>,
    run: Option<OutOfPlaceRun>,
    ctx: Context,
}

impl EnvelopeWalker {
    pub fn new() -> Self {
        Self::default()
    }

    /// The control numbers of the envelopes open now.
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    #[inline]
    pub fn token(&mut self, token: &Token<'_>, v: &mut impl EnvelopeVisitor) {
        // The common case first: a data segment inside a transaction set.
        if let Token::Segment(seg) = token
            && let Some(t) = &mut self.transaction
            && !matches!(seg.id(), b"ST" | b"SE" | b"GS" | b"GE" | b"IEA" | b"ISA")
        {
            t.segments += 1;
            v.segment(seg, &self.ctx);
            return;
        }
        self.token_slow(token, v);
    }

    #[inline(never)]
    fn token_slow(&mut self, token: &Token<'_>, v: &mut impl EnvelopeVisitor) {
        match token {
            Token::Junk(j) => {
                self.flush_run(v);
                v.event(EnvelopeEvent::Junk(j), &self.ctx);
            }
            Token::Isa(seg, header) => self.isa(seg, Some(header), v),
            Token::Segment(seg) if seg.id() == b"ISA" => self.isa(seg, None, v),
            Token::Segment(seg) => self.segment(seg, v),
        }
    }

    /// Close whatever is still open at the end of the input.
    pub fn finish(&mut self, v: &mut impl EnvelopeVisitor) {
        self.flush_run(v);
        self.close_transaction(None, v);
        self.close_group(None, v);
        self.close_interchange(None, v);
    }

    fn isa(&mut self, seg: &Segment<'_>, header: Option<&IsaHeader>, v: &mut impl EnvelopeVisitor) {
        self.flush_run(v);
        self.close_transaction(Some(seg), v);
        self.close_group(Some(seg), v);
        self.close_interchange(Some(seg), v);
        let isa = Opened::of(seg);
        self.ctx = Context {
            interchange: Some(isa.element(13).trim().to_string()),
            ..Context::default()
        };
        v.segment(seg, &self.ctx);
        v.event(
            EnvelopeEvent::InterchangeStart { isa: seg, header },
            &self.ctx,
        );
        self.interchange = Some(OpenInterchange { isa, groups: 0 });
    }

    fn segment(&mut self, seg: &Segment<'_>, v: &mut impl EnvelopeVisitor) {
        let id = seg.id();
        match id {
            b"GS" if self.interchange.is_some() => {
                self.flush_run(v);
                self.close_transaction(Some(seg), v);
                self.close_group(Some(seg), v);
                let gs = Opened::of(seg);
                self.ctx.group = Some(gs.element(6).to_string());
                self.ctx.transaction = None;
                if let Some(i) = &mut self.interchange {
                    i.groups += 1;
                }
                v.segment(seg, &self.ctx);
                v.event(EnvelopeEvent::GroupStart { gs: seg }, &self.ctx);
                self.group = Some(OpenGroup {
                    gs,
                    transactions: 0,
                });
            }
            b"ST" if self.group.is_some() => {
                self.flush_run(v);
                self.close_transaction(Some(seg), v);
                let st = Opened::of(seg);
                self.ctx.transaction = Some(st.element(2).to_string());
                if let Some(g) = &mut self.group {
                    g.transactions += 1;
                }
                v.segment(seg, &self.ctx);
                v.event(
                    EnvelopeEvent::TransactionStart {
                        st: seg,
                        gs: self.group.as_ref().map(|g| &g.gs),
                    },
                    &self.ctx,
                );
                self.transaction = Some(OpenTransaction { st, segments: 1 });
            }
            b"SE" if self.transaction.is_some() => {
                v.segment(seg, &self.ctx);
                if let Some(t) = self.transaction.take() {
                    v.event(
                        EnvelopeEvent::TransactionEnd {
                            st: &t.st,
                            se: seg,
                            segments: t.segments + 1,
                        },
                        &self.ctx,
                    );
                }
                self.ctx.transaction = None;
            }
            b"GE" if self.group.is_some() => {
                self.flush_run(v);
                self.close_transaction(Some(seg), v);
                v.segment(seg, &self.ctx);
                if let Some(g) = self.group.take() {
                    v.event(
                        EnvelopeEvent::GroupEnd {
                            gs: &g.gs,
                            ge: seg,
                            transactions: g.transactions,
                        },
                        &self.ctx,
                    );
                }
                self.ctx.group = None;
            }
            b"IEA" if self.interchange.is_some() => {
                self.flush_run(v);
                self.close_transaction(Some(seg), v);
                self.close_group(Some(seg), v);
                v.segment(seg, &self.ctx);
                if let Some(OpenInterchange { isa, groups }) = self.interchange.take() {
                    v.event(
                        EnvelopeEvent::InterchangeEnd {
                            isa: &isa,
                            iea: seg,
                            groups,
                        },
                        &self.ctx,
                    );
                }
                self.ctx = Context::default();
            }
            _ if self.transaction.is_some() => {
                if let Some(t) = &mut self.transaction {
                    t.segments += 1;
                }
                v.segment(seg, &self.ctx);
            }
            _ => {
                v.segment(seg, &self.ctx);
                let expected = if self.group.is_some() {
                    "ST or GE"
                } else if self.interchange.is_some() {
                    "GS or IEA"
                } else {
                    "ISA"
                };
                match &mut self.run {
                    Some(run) if run.expected == expected => run.count += 1,
                    _ => {
                        self.flush_run(v);
                        self.run = Some(OutOfPlaceRun {
                            first: SegmentRef::of(seg),
                            count: 1,
                            expected,
                        });
                    }
                }
            }
        }
    }

    fn flush_run(&mut self, v: &mut impl EnvelopeVisitor) {
        if let Some(run) = self.run.take() {
            v.event(
                EnvelopeEvent::OutOfPlace {
                    first: &run.first,
                    count: run.count,
                    expected: run.expected,
                },
                &self.ctx,
            );
        }
    }

    fn close_transaction(&mut self, at: Option<&Segment<'_>>, v: &mut impl EnvelopeVisitor) {
        if let Some(t) = self.transaction.take() {
            v.event(
                EnvelopeEvent::MissingTrailer {
                    level: Level::Transaction,
                    opened: &t.st,
                    at,
                },
                &self.ctx,
            );
            self.ctx.transaction = None;
        }
    }

    fn close_group(&mut self, at: Option<&Segment<'_>>, v: &mut impl EnvelopeVisitor) {
        if let Some(g) = self.group.take() {
            v.event(
                EnvelopeEvent::MissingTrailer {
                    level: Level::Group,
                    opened: &g.gs,
                    at,
                },
                &self.ctx,
            );
            self.ctx.group = None;
        }
    }

    fn close_interchange(&mut self, at: Option<&Segment<'_>>, v: &mut impl EnvelopeVisitor) {
        if let Some(OpenInterchange { isa, .. }) = self.interchange.take() {
            v.event(
                EnvelopeEvent::MissingTrailer {
                    level: Level::Interchange,
                    opened: &isa,
                    at,
                },
                &self.ctx,
            );
            self.ctx = Context::default();
        }
    }
}
