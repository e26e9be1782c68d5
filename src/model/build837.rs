//! Segments of one 837 transaction set -> [`ClaimTransaction`] and a
//! stream of [`Claim`]s.
//!
//! The guide's loop walker (through [`LoopCursor`]) says which loop each
//! segment is in; the role of that loop says which typed value it fills.
//! A claim is handed to the sink when its 2300 loop closes, so only the
//! current claim and its hierarchy levels are in memory. A segment with no
//! typed field (or whose field is already filled, or that the guide has
//! no place for) is kept in the nearest typed level's `other_segments`.

use std::io;
use std::sync::Arc;

use super::adjustment::{Adjustment, InpatientAdjudication, OutpatientAdjudication};
use super::at::At;
use super::claim::{
    Admission, BeginHierarchy, BillingProvider, Claim, ClaimKind, ClaimTransaction, Drug,
    HealthCode, LevelWithoutClaims, LineAdjudication, OtherInsurance, OtherSubscriber, Patient,
    PatientInfo, Policy, ServiceLine, Subscriber, is_default_hi_layout, read_hl,
};
use super::common::{AmountRef, Attachment, Contact, Currency, DateRef, Note, QuantityRef, Ref};
use super::cursor::{LoopCursor, Walked};
use super::envelope::read_st;
use super::fields::{Fields, MAX_TYPED_LEN};
use super::party::{Demographics, Party, ProviderInfo, Providers};
use super::raw::OtherSegment;
use super::sink::{ModelSink, Problem, TransactionRef};
use super::text::Text;
use crate::schema::guide::GuideId;
use crate::x12::tokenizer::Segment;

/// Where a party (NM1 loop) goes when its loop closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartyAt {
    Submitter,
    Receiver,
    BillingName,
    PayTo,
    PayToPlan,
    Member,
    Payer,
    PatientName,
    ClaimProvider,
    CobSubscriber,
    CobPayer,
    CobProvider,
    LineProvider,
}

/// What a loop instance fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The set itself (ST, SE) and the header/detail wrappers.
    Set,
    Party(PartyAt),
    Billing,
    Subscriber,
    Patient,
    Claim,
    Cob,
    Line,
    Drug,
    LineAdjudication,
    /// A loop the model does not type: its segments are kept whole.
    Raw,
}

/// Builds one 837 set.
pub(crate) struct Build837 {
    cursor: LoopCursor<Role>,
    kind: ClaimKind,
    tx: ClaimTransaction,
    head_sent: bool,
    billing: Option<Arc<BillingProvider>>,
    subscriber: Option<Arc<Subscriber>>,
    patient: Option<Arc<Patient>>,
    party: Option<Box<Party>>,
    /// The open claim when `in_claim`; else empty, its lists' storage kept
    /// for the next one when the sink borrows claims.
    claim: Claim,
    /// The open claim's lines are the first `open_lines` of `claim.lines`;
    /// the ones after them were emptied for reuse (when the sink borrows
    /// claims), so that a line is reused where it is, not moved (776 bytes).
    open_lines: usize,
    in_claim: bool,
    /// The sink borrows claims ([`ModelSink::borrows_claims`]).
    lend: bool,
    spare: Spare,
    /// HI segment sizes of the current claim.
    hi_sizes: Vec<u8>,
    /// An other-payer loop, line, drug or line adjudication is open: it
    /// is the last of its list in the claim (or line), built in place.
    in_cob: bool,
    in_line: bool,
    in_drug: bool,
    in_adjudication: bool,
    /// The sink reads addresses and contacts ([`ModelSink::reads_addresses`]).
    addresses: bool,
    claims_sent: u64,
    /// Claims and levels without claims handed out so far, and that count
    /// when the current 2000A, 2000B and 2000C opened.
    emitted: u64,
    marks: [u64; 3],
}

impl Build837 {
    pub fn new(
        kind: ClaimKind,
        guide: GuideId,
        st: &Segment<'_>,
        walked: Option<Walked<'_>>,
        addresses: bool,
        lend: bool,
    ) -> Self {
        let (control_number, version, extra) = read_st(st);
        let mut b = Build837 {
            cursor: LoopCursor::new(guide, Role::Set, walked),
            kind,
            tx: ClaimTransaction {
                kind,
                control_number,
                version,
                extra,
                ..ClaimTransaction::default()
            },
            head_sent: false,
            billing: None,
            subscriber: None,
            patient: None,
            party: None,
            claim: Claim::default(),
            open_lines: 0,
            in_claim: false,
            lend,
            spare: Spare::default(),
            hi_sizes: Vec::new(),
            in_cob: false,
            in_line: false,
            in_drug: false,
            in_adjudication: false,
            addresses,
            claims_sent: 0,
            emitted: 0,
            marks: [0; 3],
        };
        b.cursor.push(st, walked);
        b.cursor.place();
        b
    }

    /// Place the next segment of the set (SE included); `walked` as in
    /// [`LoopCursor::push`].
    pub fn push<S: ModelSink>(
        &mut self,
        seg: &Segment<'_>,
        walked: Option<Walked<'_>>,
        sink: &mut S,
    ) -> io::Result<()> {
        let placed = self.cursor.push(seg, walked);
        while let Some(role) = self.cursor.pop_closed() {
            self.close(role, sink)?;
        }
        for k in 0..self.cursor.opened() {
            let role = self.open(self.cursor.opened_id(k), seg);
            self.cursor.enter(k, role);
        }
        let (loop_id, index) = self.cursor.place();
        if placed && self.typed(seg, index) {
            return Ok(());
        }
        let id = seg.id();
        if placed && self.cursor.top() == Role::Set && (id == b"ST" || id == b"SE") {
            // Envelope values live in the envelope; SE's counts are
            // computed by a writer.
            return Ok(());
        }
        self.keep(seg, loop_id, index, !placed, sink)
    }

    /// End of the set: close what is open and return the set's header and
    /// trailer values (its claims were handed out).
    pub fn finish<S: ModelSink>(mut self, sink: &mut S) -> io::Result<ClaimTransaction> {
        self.cursor.finish();
        while let Some(role) = self.cursor.pop_open() {
            self.close(role, sink)?;
        }
        self.send_head(sink)?;
        Ok(self.tx)
    }

    fn open_claim(&mut self) -> Option<&mut Claim> {
        self.in_claim.then_some(&mut self.claim)
    }

    fn cob(&mut self) -> Option<&mut OtherSubscriber> {
        if self.in_claim && self.in_cob {
            self.claim.other_subscribers.last_mut()
        } else {
            None
        }
    }

    fn line(&mut self) -> Option<&mut ServiceLine> {
        if self.in_claim && self.in_line {
            self.claim.lines[..self.open_lines].last_mut()
        } else {
            None
        }
    }

    fn drug(&mut self) -> Option<&mut Drug> {
        let in_drug = self.in_drug;
        self.line()
            .and_then(|l| l.drug.as_deref_mut())
            .filter(|_| in_drug)
    }

    fn adjudication(&mut self) -> Option<&mut LineAdjudication> {
        let open = self.in_adjudication;
        self.line()
            .and_then(|l| l.adjudications.last_mut())
            .filter(|_| open)
    }

    fn send_head<S: ModelSink>(&mut self, sink: &mut S) -> io::Result<()> {
        if !self.head_sent {
            self.head_sent = true;
            sink.transaction_start(TransactionRef::Claims(&self.tx))?;
        }
        Ok(())
    }

    fn party(&mut self, at: PartyAt, free: bool) -> Role {
        if free {
            self.party = Some(self.spare.parties.pop().unwrap_or_default());
            Role::Party(at)
        } else {
            Role::Raw
        }
    }

    /// A provider loop (2310x, 2330x, 2420x): typed when its NM101 names a
    /// role whose place in the claim, other payer or line is free.
    fn provider(&mut self, at: PartyAt, seg: &Segment<'_>) -> Role {
        let entity = seg.element(1).unwrap_or_default();
        let providers = match at {
            PartyAt::ClaimProvider => self.open_claim().map(|c| &mut c.providers),
            PartyAt::CobProvider => self.cob().map(|c| &mut c.providers),
            _ => self.line().map(|l| &mut l.providers),
        };
        let free = providers
            .and_then(|p| p.slot(entity))
            .is_some_and(|s| s.is_none());
        self.party(at, free)
    }

    fn open(&mut self, loop_id: &str, seg: &Segment<'_>) -> Role {
        match loop_id {
            "1000A" => {
                let free = self.tx.submitter.is_none();
                self.party(PartyAt::Submitter, free)
            }
            "1000B" => {
                let free = self.tx.receiver.is_none();
                self.party(PartyAt::Receiver, free)
            }
            "2000A" => {
                self.billing = Some(Arc::default());
                self.subscriber = None;
                self.patient = None;
                self.marks[0] = self.emitted;
                Role::Billing
            }
            "2010AA" | "2010AB" | "2010AC" => {
                let (at, free) = match (&self.billing, loop_id) {
                    (Some(b), "2010AA") => (PartyAt::BillingName, b.provider.is_none()),
                    (Some(b), "2010AB") => (PartyAt::PayTo, b.pay_to.is_none()),
                    (Some(b), _) => (PartyAt::PayToPlan, b.pay_to_plan.is_none()),
                    (None, _) => (PartyAt::BillingName, false),
                };
                self.party(at, free)
            }
            "2000B" => {
                // The emptied claim may still share the last subscriber
                // and patient levels (see "2300"): let go of them, so that
                // their storage can be reused when nothing else holds it.
                self.claim.subscriber = None;
                self.claim.patient = None;
                let last = self.subscriber.take();
                self.subscriber = Some(self.spare.subscriber(last, At::of(seg)));
                if let Some(p) = self.patient.take() {
                    self.spare.patient = Some(p);
                }
                self.marks[1] = self.emitted;
                Role::Subscriber
            }
            "2010BA" | "2010BB" => {
                let (at, free) = match (&self.subscriber, loop_id) {
                    (Some(s), "2010BA") => (PartyAt::Member, s.member.is_none()),
                    (Some(s), _) => (PartyAt::Payer, s.payer.is_none()),
                    (None, _) => (PartyAt::Member, false),
                };
                self.party(at, free)
            }
            "2000C" => {
                self.claim.patient = None;
                let last = self.patient.take();
                self.patient = Some(self.spare.patient(last, At::of(seg)));
                self.marks[2] = self.emitted;
                Role::Patient
            }
            "2010CA" => {
                let free = self.patient.as_ref().is_some_and(|p| p.name.is_none());
                self.party(PartyAt::PatientName, free)
            }
            "2300" => {
                // The claim is empty here: a new builder's, taken by the
                // sink, or emptied when the last one was lent (which keeps
                // its levels: most claims share the last one's billing
                // level, many its subscriber, and then they are not cloned
                // again).
                share(&mut self.claim.billing_provider, &self.billing);
                share(&mut self.claim.subscriber, &self.subscriber);
                share(&mut self.claim.patient, &self.patient);
                self.in_claim = true;
                self.hi_sizes.clear();
                self.in_cob = false;
                self.in_line = false;
                Role::Claim
            }
            "2320" if self.in_claim => {
                self.claim
                    .other_subscribers
                    .push(OtherSubscriber::default());
                self.in_cob = true;
                Role::Cob
            }
            "2330A" | "2330B" => {
                let (at, free) = match (self.cob().map(|c| &*c), loop_id) {
                    (Some(c), "2330A") => (PartyAt::CobSubscriber, c.subscriber.is_none()),
                    (Some(c), _) => (PartyAt::CobPayer, c.payer.is_none()),
                    (None, _) => (PartyAt::CobPayer, false),
                };
                self.party(at, free)
            }
            "2400" if self.in_claim => {
                // The next emptied line, or a new one.
                if self.open_lines == self.claim.lines.len() {
                    self.claim.lines.push(ServiceLine::default());
                }
                self.open_lines += 1;
                self.in_line = true;
                Role::Line
            }
            "2410" if self.line().is_some_and(|l| l.drug.is_none()) => {
                if let Some(l) = self.line() {
                    l.drug = Some(Box::default());
                }
                self.in_drug = true;
                Role::Drug
            }
            "2430" if self.in_line => {
                if let Some(l) = self.line() {
                    l.adjudications.push(LineAdjudication::default());
                }
                self.in_adjudication = true;
                Role::LineAdjudication
            }
            id if id.starts_with("2310") => self.provider(PartyAt::ClaimProvider, seg),
            id if id.starts_with("2330") => self.provider(PartyAt::CobProvider, seg),
            id if id.starts_with("2420") => self.provider(PartyAt::LineProvider, seg),
            "HEADER" | "DETAIL" => Role::Set,
            _ => Role::Raw,
        }
    }

    fn close<S: ModelSink>(&mut self, role: Role, sink: &mut S) -> io::Result<()> {
        match role {
            Role::Party(at) => {
                if let Some(p) = self.party.take() {
                    self.attach(at, p);
                }
            }
            Role::Billing => self.level_done(0, sink)?,
            Role::Subscriber => self.level_done(1, sink)?,
            Role::Patient => self.level_done(2, sink)?,
            Role::Claim if self.in_claim => {
                self.in_claim = false;
                let claim = &mut self.claim;
                if !is_default_hi_layout(self.kind, &claim.health_codes, &self.hi_sizes) {
                    claim.hi_layout = std::mem::take(&mut self.hi_sizes);
                }
                self.send_head(sink)?;
                self.claims_sent += 1;
                self.emitted += 1;
                let open_lines = std::mem::take(&mut self.open_lines);
                if self.lend {
                    let sent = lend_open_lines(&mut self.claim, open_lines, |c| sink.claim_ref(c));
                    self.spare.empty_claim(&mut self.claim, open_lines);
                    sent?;
                } else {
                    self.claim.lines.truncate(open_lines);
                    sink.claim(std::mem::take(&mut self.claim))?;
                }
            }
            Role::Cob => self.in_cob = false,
            Role::Line => self.in_line = false,
            Role::Drug => self.in_drug = false,
            Role::LineAdjudication => self.in_adjudication = false,
            Role::Claim | Role::Set | Role::Raw => {}
        }
        Ok(())
    }

    /// A hierarchy level closed: when nothing was handed out under it,
    /// record it so that it is not lost.
    fn level_done<S: ModelSink>(&mut self, depth: usize, sink: &mut S) -> io::Result<()> {
        if self.emitted != self.marks[depth] {
            return Ok(());
        }
        self.send_head(sink)?;
        self.emitted += 1;
        self.tx.levels_without_claims.push(LevelWithoutClaims {
            after_claims: self.claims_sent,
            billing_provider: self.billing.clone(),
            subscriber: if depth >= 1 {
                self.subscriber.clone()
            } else {
                None
            },
            patient: if depth >= 2 {
                self.patient.clone()
            } else {
                None
            },
        });
        Ok(())
    }

    /// Put a finished party in its place (checked free when it opened).
    fn attach(&mut self, at: PartyAt, p: Box<Party>) {
        let entity = p.entity.clone();
        let place: Option<&mut Option<Box<Party>>> = match at {
            PartyAt::Submitter => Some(&mut self.tx.submitter),
            PartyAt::Receiver => Some(&mut self.tx.receiver),
            PartyAt::BillingName => self
                .billing
                .as_mut()
                .map(|b| &mut Arc::make_mut(b).provider),
            PartyAt::PayTo => self.billing.as_mut().map(|b| &mut Arc::make_mut(b).pay_to),
            PartyAt::PayToPlan => self
                .billing
                .as_mut()
                .map(|b| &mut Arc::make_mut(b).pay_to_plan),
            PartyAt::Member => self
                .subscriber
                .as_mut()
                .map(|s| &mut Arc::make_mut(s).member),
            PartyAt::Payer => self
                .subscriber
                .as_mut()
                .map(|s| &mut Arc::make_mut(s).payer),
            PartyAt::PatientName => self.patient.as_mut().map(|p| &mut Arc::make_mut(p).name),
            PartyAt::ClaimProvider => self
                .open_claim()
                .and_then(|c| c.providers.slot(entity.as_bytes())),
            PartyAt::CobSubscriber => self.cob().map(|c| &mut c.subscriber),
            PartyAt::CobPayer => self.cob().map(|c| &mut c.payer),
            PartyAt::CobProvider => self.cob().and_then(|c| c.providers.slot(entity.as_bytes())),
            PartyAt::LineProvider => self
                .line()
                .and_then(|l| l.providers.slot(entity.as_bytes())),
        };
        if let Some(place) = place {
            *place = Some(p);
        }
    }

    /// Read a placed segment into the typed value of its loop; false when
    /// it has no typed field there (or the field is taken).
    fn typed(&mut self, seg: &Segment<'_>, index: u32) -> bool {
        if !self.addresses
            && self.party.is_some()
            && matches!(self.cursor.top(), Role::Party(_))
            && matches!(seg.id(), b"N3" | b"N4" | b"PER")
        {
            // Skipped, not kept: the sink does not read them.
            return true;
        }
        if seg.bytes().len() > MAX_TYPED_LEN {
            return false;
        }
        let mut f = Fields::new(seg);
        let id = f.id();
        match self.cursor.top() {
            Role::Set => match id {
                b"BHT" if self.tx.header.is_none() => {
                    self.tx.header = Some(BeginHierarchy::read(&mut f));
                    true
                }
                _ => false,
            },
            Role::Party(_) => match self.party.as_mut() {
                Some(p) => party_segment(p, &mut f, index),
                None => false,
            },
            Role::Billing => {
                let Some(b) = self.billing.as_mut() else {
                    return false;
                };
                let b = Arc::make_mut(b);
                match id {
                    b"HL" if index == 0 => {
                        (b.hl, b.extra) = read_hl(&mut f);
                        true
                    }
                    b"PRV" => set_once(&mut b.specialty, || ProviderInfo::read(&mut f)),
                    b"CUR" => set_once(&mut b.currency, || Currency::read(&mut f)),
                    _ => false,
                }
            }
            Role::Subscriber => {
                let Some(s) = self.subscriber.as_mut() else {
                    return false;
                };
                let s = Arc::make_mut(s);
                match id {
                    b"HL" if index == 0 => {
                        (s.hl, s.extra) = read_hl(&mut f);
                        true
                    }
                    b"SBR" if s.policy.is_none() => {
                        s.policy = Some(Policy::read(&mut f));
                        s.at = f.at();
                        true
                    }
                    b"PAT" => set_once(&mut s.patient_info, || PatientInfo::read(&mut f)),
                    _ => false,
                }
            }
            Role::Patient => {
                let Some(p) = self.patient.as_mut() else {
                    return false;
                };
                let p = Arc::make_mut(p);
                match id {
                    b"HL" if index == 0 => {
                        (p.hl, p.extra) = read_hl(&mut f);
                        true
                    }
                    b"PAT" if p.info.is_none() => {
                        p.info = Some(PatientInfo::read(&mut f));
                        p.at = f.at();
                        true
                    }
                    _ => false,
                }
            }
            Role::Claim if self.in_claim => {
                claim_segment(&mut self.claim, &mut self.hi_sizes, &mut f, index)
            }
            Role::Claim => false,
            Role::Cob => match self.cob() {
                Some(c) => cob_segment(c, &mut f, index),
                None => false,
            },
            // `self.line()` spelt out: the spare modifier lists are borrowed
            // beside the line.
            Role::Line if self.in_claim && self.in_line => {
                match self.claim.lines[..self.open_lines].last_mut() {
                    Some(l) => line_segment(l, &mut f, index, &mut self.spare.modifiers),
                    None => false,
                }
            }
            Role::Line => false,
            Role::Drug => match self.drug() {
                Some(d) => match id {
                    b"LIN" if index == 0 => {
                        d.read_lin(&mut f);
                        true
                    }
                    b"CTP" if d.quantity.is_none() && d.unit.is_none() => {
                        d.read_ctp(&mut f);
                        true
                    }
                    b"REF" => set_once(&mut d.reference, || Ref::read(&mut f)),
                    _ => false,
                },
                None => false,
            },
            Role::LineAdjudication => match self.adjudication() {
                Some(a) => match id {
                    b"SVD" if index == 0 => {
                        a.read_svd(&mut f);
                        true
                    }
                    b"CAS" => push(&mut a.adjustments, Adjustment::read(&mut f)),
                    b"DTP" => push(&mut a.dates, DateRef::read(&mut f)),
                    b"AMT" => push(&mut a.amounts, AmountRef::read(&mut f)),
                    _ => false,
                },
                None => false,
            },
            Role::Raw => false,
        }
    }

    /// Keep a segment whole in the nearest typed level.
    fn keep<S: ModelSink>(
        &mut self,
        seg: &Segment<'_>,
        loop_id: &'static str,
        index: u32,
        unexpected: bool,
        sink: &mut S,
    ) -> io::Result<()> {
        let other = OtherSegment::of(seg, loop_id, index, unexpected);
        let role = self
            .cursor
            .roles()
            .find(|r| *r != Role::Raw)
            .unwrap_or(Role::Set);
        let list = match role {
            Role::Party(_) => self.party.as_mut().map(|p| &mut p.other_segments),
            Role::Billing => self
                .billing
                .as_mut()
                .map(|b| &mut Arc::make_mut(b).other_segments),
            Role::Subscriber => self
                .subscriber
                .as_mut()
                .map(|s| &mut Arc::make_mut(s).other_segments),
            Role::Patient => self
                .patient
                .as_mut()
                .map(|p| &mut Arc::make_mut(p).other_segments),
            Role::Claim => self.open_claim().map(|c| &mut c.other_segments),
            Role::Cob => self.cob().map(|c| &mut c.other_segments),
            Role::Line => self.line().map(|l| &mut l.other_segments),
            Role::Drug => self.drug().map(|d| &mut d.other_segments),
            Role::LineAdjudication => self.adjudication().map(|a| &mut a.other_segments),
            Role::Set | Role::Raw => None,
        };
        match list {
            Some(list) => list.push(other),
            None => self.tx.other_segments.push(other),
        }
        if unexpected {
            sink.problem(Problem::unexpected(seg, loop_id))?;
        }
        Ok(())
    }
}

/// Spare values kept at most: a claim may have hundreds of lines, and
/// memory stays flat.
const MAX_SPARE: usize = 64;

/// Storage of lent claims and of hierarchy levels nothing else holds,
/// emptied for reuse, so that most claims allocate nothing for their
/// lines, dates, codes, modifiers, parties and levels.
#[derive(Default)]
struct Spare {
    /// Boxed: the boxes themselves are what is reused.
    #[allow(clippy::vec_box)]
    parties: Vec<Box<Party>>,
    modifiers: Vec<Vec<Text>>,
    /// The last patient level, kept from one subscriber to the next.
    patient: Option<Arc<Patient>>,
}

/// Point `kept` at `now`'s level; when it already does, nothing changes
/// (cloning an `Arc` and dropping one are atomic updates).
fn share<T>(kept: &mut Option<Arc<T>>, now: &Option<Arc<T>>) {
    let same = match (&*kept, now) {
        (Some(kept), Some(now)) => Arc::ptr_eq(kept, now),
        (None, None) => true,
        _ => false,
    };
    if !same {
        kept.clone_from(now);
    }
}

/// Hand `claim` to `f` with its first `open` lines as its lines; the
/// emptied ones after them stay where they are for the next claims.
fn lend_open_lines<R>(claim: &mut Claim, open: usize, f: impl FnOnce(&Claim) -> R) -> R {
    let all = claim.lines.len();
    assert!(open <= all, "open lines beyond the list");
    // SAFETY: a shorter length only hides values (should `f` panic, they
    // leak, which is safe).
    unsafe { claim.lines.set_len(open) };
    let value = f(claim);
    // SAFETY: lines `open..all` were initialized before, and `f` could
    // not touch the list through a shared reference (`Vec` has no
    // interior mutability), so they still are.
    unsafe { claim.lines.set_len(all) };
    value
}

/// Destructure `$value` (a `&mut $ty`) naming every field once: those in
/// `reset` go back to their default, those in `clear` are emptied with
/// their storage kept, and the `keep` ones are returned for the caller. A
/// field left out is a compile error, so a new field cannot be forgotten.
macro_rules! empty_fields {
    ($value:expr => $ty:ident {
        reset: [$($reset:ident),* $(,)?],
        clear: [$($clear:ident),* $(,)?] $(,)?
    }) => {{
        let $ty { $($reset,)* $($clear,)* } = $value;
        $( *$reset = Default::default(); )*
        $( $clear.clear(); )*
    }};
    ($value:expr => $ty:ident {
        reset: [$($reset:ident),* $(,)?],
        clear: [$($clear:ident),* $(,)?],
        keep: [$($keep:ident),* $(,)?] $(,)?
    }) => {{
        let $ty { $($reset,)* $($clear,)* $($keep,)* } = $value;
        $( *$reset = Default::default(); )*
        $( $clear.clear(); )*
        ($($keep,)*)
    }};
}

// The values are emptied field by field: building a default value and
// moving it in copies it (a claim or line is 776 bytes) two or three
// times.
impl Spare {
    /// Empty `c` as `Claim::default()` would, keeping its lists' storage
    /// (in it, or here for providers) and up to [`MAX_SPARE`] of its
    /// lines, emptied, in `c.lines` (its first `open_lines` are the ones
    /// to empty; the rest were emptied before), but not its billing,
    /// subscriber and patient levels: the next claim often shares them,
    /// and keeping them saves the atomic updates of dropping and cloning
    /// them (the builder sets them at the next CLM, and lets go of them
    /// when a new subscriber or patient level opens).
    fn empty_claim(&mut self, c: &mut Claim, open_lines: usize) {
        let (_billing, _subscriber, _patient, providers, lines) = empty_fields!(c => Claim {
            reset: [
                id,
                total_charge,
                facility_code,
                facility_qualifier,
                frequency_code,
                provider_signature,
                assignment_participation,
                benefits_assignment,
                release_of_information,
                patient_signature_source,
                related_causes,
                special_program,
                delay_reason,
                extra,
                admission,
                prior_authorization,
                referral_number,
                original_claim_number,
                at,
            ],
            clear: [
                dates,
                attachments,
                amounts,
                references,
                notes,
                health_codes,
                hi_layout,
                other_subscribers,
                other_segments,
            ],
            keep: [billing_provider, subscriber, patient, providers, lines],
        });
        self.keep_parties(providers);
        // Emptied where they are: moving each line out and in again
        // copied its 776 bytes two to five times.
        lines.truncate(MAX_SPARE);
        for line in lines.iter_mut().take(open_lines) {
            self.empty_line(line);
        }
    }

    fn empty_line(&mut self, l: &mut ServiceLine) {
        let (procedure, providers) = empty_fields!(l => ServiceLine {
            reset: [
                number,
                revenue_code,
                charge,
                unit_basis,
                units,
                place_of_service,
                emergency,
                epsdt,
                family_planning,
                copay_status,
                unit_rate,
                noncovered_charge,
                extra,
                control_number,
                drug,
                at,
                service_at,
            ],
            clear: [
                diagnosis_pointers,
                attachments,
                dates,
                quantities,
                references,
                amounts,
                notes,
                adjudications,
                other_segments,
            ],
            keep: [procedure, providers],
        });
        if let Some(p) = procedure.take()
            && p.modifiers.capacity() > 0
            && self.modifiers.len() < MAX_SPARE
        {
            self.modifiers.push(p.modifiers);
        }
        self.keep_parties(providers);
    }

    fn keep_parties(&mut self, providers: &mut Providers) {
        // Most places are empty; the call is for the few that are not.
        for place in providers.places() {
            if place.is_some() {
                self.keep_party(place.take());
            }
        }
    }

    fn keep_party(&mut self, p: Option<Box<Party>>) {
        let Some(mut p) = p else { return };
        if self.parties.len() >= MAX_SPARE {
            return;
        }
        empty_fields!(&mut *p => Party {
            reset: [
                entity,
                entity_type,
                name,
                first_name,
                middle_name,
                prefix,
                suffix,
                id_qualifier,
                id,
                extra,
                address,
                demographics,
                specialty,
                at,
            ],
            clear: [references, contacts, dates, other_segments],
        });
        self.parties.push(p);
    }

    /// A new subscriber level, in the storage of the last one when nothing
    /// else holds it (its claims were lent and emptied).
    fn subscriber(&mut self, last: Option<Arc<Subscriber>>, hl_at: At) -> Arc<Subscriber> {
        if let Some(mut last) = last
            && let Some(s) = Arc::get_mut(&mut last)
        {
            let (member, payer, opened) = empty_fields!(s => Subscriber {
                reset: [hl, policy, patient_info, extra, at],
                clear: [other_segments],
                keep: [member, payer, opened_at],
            });
            self.keep_party(member.take());
            self.keep_party(payer.take());
            *opened = hl_at;
            return last;
        }
        Arc::new(Subscriber {
            opened_at: hl_at,
            ..Subscriber::default()
        })
    }

    /// A new patient level, as [`Spare::subscriber`].
    fn patient(&mut self, last: Option<Arc<Patient>>, hl_at: At) -> Arc<Patient> {
        if let Some(mut last) = last.or_else(|| self.patient.take())
            && let Some(p) = Arc::get_mut(&mut last)
        {
            let (name, opened) = empty_fields!(p => Patient {
                reset: [hl, info, extra, at],
                clear: [other_segments],
                keep: [name, opened_at],
            });
            self.keep_party(name.take());
            *opened = hl_at;
            return last;
        }
        Arc::new(Patient {
            opened_at: hl_at,
            ..Patient::default()
        })
    }
}

/// Fill `slot` when it is empty; false when it was taken.
pub(crate) fn set_once<T>(slot: &mut Option<T>, read: impl FnOnce() -> T) -> bool {
    if slot.is_some() {
        return false;
    }
    *slot = Some(read());
    true
}

pub(crate) fn push<T>(list: &mut Vec<T>, item: T) -> bool {
    list.push(item);
    true
}

/// A segment of a party's (NM1 or N1) loop.
pub(crate) fn party_segment(p: &mut Party, f: &mut Fields<'_>, index: u32) -> bool {
    match f.id() {
        b"NM1" if index == 0 => {
            p.read_nm1(f);
            true
        }
        b"N1" if index == 0 => {
            p.read_n1(f);
            true
        }
        b"N3" => {
            if p.address
                .as_ref()
                .is_some_and(|a| a.has_street() || a.has_city())
            {
                return false;
            }
            p.address.get_or_insert_with(Box::default).read_n3(f);
            true
        }
        b"N4" => {
            if p.address.as_ref().is_some_and(|a| a.has_city()) {
                return false;
            }
            p.address.get_or_insert_with(Box::default).read_n4(f);
            true
        }
        b"DMG" => set_once(&mut p.demographics, || Box::new(Demographics::read(f))),
        b"PRV" => set_once(&mut p.specialty, || ProviderInfo::read(f)),
        b"REF" => push(&mut p.references, Ref::read(f)),
        b"PER" => push(&mut p.contacts, Contact::read(f)),
        b"DTP" => push(&mut p.dates, DateRef::read(f)),
        _ => false,
    }
}

/// Put a REF in a named field when it is simple and the field is free,
/// else in `references`.
fn reference(named: &mut Option<Text>, references: &mut Vec<Ref>, r: Ref) -> bool {
    if named.is_none() && r.is_simple() {
        *named = r.value;
    } else {
        references.push(r);
    }
    true
}

fn claim_segment(c: &mut Claim, hi_sizes: &mut Vec<u8>, f: &mut Fields<'_>, index: u32) -> bool {
    match f.id() {
        b"CLM" if index == 0 => {
            c.read_clm(f);
            true
        }
        b"DTP" => push(&mut c.dates, DateRef::read(f)),
        b"CL1" => set_once(&mut c.admission, || Box::new(Admission::read(f))),
        b"PWK" => push(&mut c.attachments, Attachment::read(f)),
        b"AMT" => push(&mut c.amounts, AmountRef::read(f)),
        b"NTE" => push(&mut c.notes, Note::read(f)),
        b"REF" => {
            let r = Ref::read(f);
            let named = match r.qualifier.as_str() {
                "G1" => &mut c.prior_authorization,
                "9F" => &mut c.referral_number,
                "F8" => &mut c.original_claim_number,
                _ => return push(&mut c.references, r),
            };
            reference(named, &mut c.references, r)
        }
        b"HI" => {
            let count = (1..=12).rev().find(|&i| !f.raw(i).is_empty()).unwrap_or(0);
            // Only a full, regular HI is typed: no gaps, at most 12.
            if count == 0 || (1..=count).any(|i| f.raw(i).is_empty()) || !f.raw(13).is_empty() {
                return false;
            }
            let read = HealthCode::read_hi(f, count, &mut c.health_codes);
            if read {
                hi_sizes.push(count as u8);
            }
            read
        }
        _ => false,
    }
}

fn cob_segment(c: &mut OtherSubscriber, f: &mut Fields<'_>, index: u32) -> bool {
    match f.id() {
        b"SBR" if index == 0 && c.policy.is_none() => {
            c.policy = Some(Policy::read(f));
            c.at = f.at();
            true
        }
        b"CAS" => push(&mut c.adjustments, Adjustment::read(f)),
        b"AMT" => push(&mut c.amounts, AmountRef::read(f)),
        b"OI" => set_once(&mut c.other_insurance, || OtherInsurance::read(f)),
        b"MIA" => set_once(&mut c.inpatient, || InpatientAdjudication::read(f)),
        b"MOA" => set_once(&mut c.outpatient, || OutpatientAdjudication::read(f)),
        _ => false,
    }
}

/// A segment of a service line; `modifiers`: spare lists for the
/// procedure's.
fn line_segment(
    l: &mut ServiceLine,
    f: &mut Fields<'_>,
    index: u32,
    modifiers: &mut Vec<Vec<Text>>,
) -> bool {
    match f.id() {
        b"LX" if index == 0 => {
            l.read_lx(f);
            true
        }
        b"SV1" if l.procedure.is_none() && l.charge.is_none() => {
            l.read_sv1(f, modifiers.pop().unwrap_or_default());
            true
        }
        b"SV2" if l.revenue_code.is_none() && l.charge.is_none() => {
            l.read_sv2(f, modifiers.pop().unwrap_or_default());
            true
        }
        b"PWK" => push(&mut l.attachments, Attachment::read(f)),
        b"DTP" => push(&mut l.dates, DateRef::read(f)),
        b"QTY" => push(&mut l.quantities, QuantityRef::read(f)),
        b"REF" => {
            // Asked of the bytes: the same question of the text was a
            // `memcmp` call per line.
            let control_number = f.raw(1) == b"6R";
            let r = Ref::read(f);
            if control_number {
                reference(&mut l.control_number, &mut l.references, r)
            } else {
                push(&mut l.references, r)
            }
        }
        b"AMT" => push(&mut l.amounts, AmountRef::read(f)),
        b"NTE" => push(&mut l.notes, Note::read(f)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::lend_open_lines;
    use crate::model::{Claim, ServiceLine};

    /// The borrower sees the open lines only; afterwards the list holds
    /// every line again, each one as it was.
    #[test]
    fn lend_open_lines_lends_the_open_lines_and_keeps_the_rest() {
        let mut claim = Claim::default();
        for n in 1..=3 {
            claim.lines.push(ServiceLine {
                number: Some(n.to_string().as_str().into()),
                ..ServiceLine::default()
            });
        }
        let seen = lend_open_lines(&mut claim, 1, |c| {
            c.lines.iter().map(|l| l.number.clone()).collect::<Vec<_>>()
        });
        assert_eq!(seen, [Some("1".into())]);
        let numbers: Vec<_> = claim.lines.iter().map(|l| l.number.clone()).collect();
        assert_eq!(
            numbers,
            [Some("1".into()), Some("2".into()), Some("3".into())]
        );
        assert!(lend_open_lines(&mut claim, 0, |c| c.lines.is_empty()));
        assert_eq!(claim.lines.len(), 3);
    }
}
