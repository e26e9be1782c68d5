//! Segments of one 835 transaction set -> [`RemittanceTransaction`] and a
//! stream of [`ClaimPayment`]s, the same way as the 837 builder: the loop
//! walker places each segment, the loop's role says what it fills, and a
//! claim payment is handed out when its 2100 loop closes.

use std::io;
use std::sync::Arc;

use super::adjustment::{Adjustment, InpatientAdjudication, OutpatientAdjudication};
use super::build837::{party_segment, push, set_once};
use super::common::{AmountRef, Contact, Currency, DateTime, QuantityRef, Ref, Remark};
use super::cursor::{LoopCursor, Walked};
use super::envelope::read_st;
use super::fields::{Fields, MAX_TYPED_LEN};
use super::party::Party;
use super::raw::OtherSegment;
use super::remit::{
    ClaimPayment, HeaderNumber, HeaderWithoutClaims, Payment, ProviderAdjustment,
    RemittanceTransaction, ServicePayment, Trace,
};
use super::sink::{ModelSink, Problem, TransactionRef};
use crate::schema::guide::GuideId;
use crate::x12::tokenizer::Segment;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The set (ST, SE) and its HEADER, DETAIL and FOOTER wrappers.
    Set,
    Payer,
    Payee,
    HeaderNumber,
    Claim,
    Service,
    Raw,
}

/// Builds one 835 set.
pub(crate) struct Build835 {
    cursor: LoopCursor<Role>,
    tx: RemittanceTransaction,
    head_sent: bool,
    party: Option<Box<Party>>,
    header: Option<Arc<HeaderNumber>>,
    /// Claim payments handed out when the current 2000 loop opened.
    header_mark: u64,
    claim: Option<ClaimPayment>,
    service: Option<ServicePayment>,
    claims_sent: u64,
}

impl Build835 {
    pub fn new(st: &Segment<'_>, walked: Option<Walked<'_>>) -> Self {
        let (control_number, version, extra) = read_st(st);
        let mut b = Build835 {
            cursor: LoopCursor::new(GuideId::X221A1, Role::Set, walked),
            tx: RemittanceTransaction {
                control_number,
                version,
                extra,
                ..RemittanceTransaction::default()
            },
            head_sent: false,
            party: None,
            header: None,
            header_mark: 0,
            claim: None,
            service: None,
            claims_sent: 0,
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
            let role = self.open(self.cursor.opened_id(k));
            self.cursor.enter(k, role);
        }
        let (loop_id, index) = self.cursor.place();
        if placed && self.typed(seg, index) {
            return Ok(());
        }
        let id = seg.id();
        if placed && self.cursor.top() == Role::Set && (id == b"ST" || id == b"SE") {
            return Ok(());
        }
        let other = OtherSegment::of(seg, loop_id, index, !placed);
        let role = self
            .cursor
            .roles()
            .find(|r| *r != Role::Raw)
            .unwrap_or(Role::Set);
        let list = match role {
            Role::Payer | Role::Payee => self.party.as_mut().map(|p| &mut p.other_segments),
            Role::HeaderNumber => self
                .header
                .as_mut()
                .map(|h| &mut Arc::make_mut(h).other_segments),
            Role::Claim => self.claim.as_mut().map(|c| &mut c.other_segments),
            Role::Service => self.service.as_mut().map(|s| &mut s.other_segments),
            Role::Set | Role::Raw => None,
        };
        match list {
            Some(list) => list.push(other),
            None => self.tx.other_segments.push(other),
        }
        if !placed {
            sink.problem(Problem::unexpected(seg, loop_id))?;
        }
        Ok(())
    }

    /// End of the set: close what is open and return the set's values
    /// (its claim payments were handed out).
    pub fn finish<S: ModelSink>(mut self, sink: &mut S) -> io::Result<RemittanceTransaction> {
        self.cursor.finish();
        while let Some(role) = self.cursor.pop_open() {
            self.close(role, sink)?;
        }
        self.send_head(sink)?;
        Ok(self.tx)
    }

    fn send_head<S: ModelSink>(&mut self, sink: &mut S) -> io::Result<()> {
        if !self.head_sent {
            self.head_sent = true;
            sink.transaction_start(TransactionRef::Remittance(&self.tx))?;
        }
        Ok(())
    }

    fn open(&mut self, loop_id: &str) -> Role {
        match loop_id {
            "1000A" | "1000B" => {
                let (taken, role) = if loop_id == "1000A" {
                    (self.tx.payer.is_some(), Role::Payer)
                } else {
                    (self.tx.payee.is_some(), Role::Payee)
                };
                if taken {
                    return Role::Raw;
                }
                self.party = Some(Box::default());
                role
            }
            "2000" => {
                self.header = Some(Arc::default());
                self.header_mark = self.claims_sent;
                Role::HeaderNumber
            }
            "2100" => {
                self.claim = Some(ClaimPayment {
                    header_number: self.header.clone(),
                    ..ClaimPayment::default()
                });
                Role::Claim
            }
            "2110" if self.claim.is_some() => {
                self.service = Some(ServicePayment::default());
                Role::Service
            }
            "HEADER" | "DETAIL" | "FOOTER" => Role::Set,
            _ => Role::Raw,
        }
    }

    fn close<S: ModelSink>(&mut self, role: Role, sink: &mut S) -> io::Result<()> {
        match role {
            Role::Payer => self.tx.payer = self.party.take(),
            Role::Payee => self.tx.payee = self.party.take(),
            Role::HeaderNumber => {
                if let Some(h) = self.header.take()
                    && self.claims_sent == self.header_mark
                {
                    self.tx.headers_without_claims.push(HeaderWithoutClaims {
                        after_claims: self.claims_sent,
                        header_number: h,
                    });
                }
            }
            Role::Claim => {
                if let Some(claim) = self.claim.take() {
                    self.send_head(sink)?;
                    self.claims_sent += 1;
                    sink.claim_payment(claim)?;
                }
            }
            Role::Service => {
                if let (Some(claim), Some(s)) = (self.claim.as_mut(), self.service.take()) {
                    claim.services.push(s);
                }
            }
            Role::Set | Role::Raw => {}
        }
        Ok(())
    }

    fn typed(&mut self, seg: &Segment<'_>, index: u32) -> bool {
        if seg.bytes().len() > MAX_TYPED_LEN {
            return false;
        }
        let mut f = Fields::new(seg);
        let id = f.id();
        match self.cursor.top() {
            Role::Set => {
                let tx = &mut self.tx;
                match id {
                    b"BPR" => set_once(&mut tx.payment, || Payment::read(&mut f)),
                    b"TRN" => set_once(&mut tx.trace, || Trace::read(&mut f)),
                    b"CUR" => set_once(&mut tx.currency, || Currency::read(&mut f)),
                    b"REF" => push(&mut tx.references, Ref::read(&mut f)),
                    b"DTM" => push(&mut tx.dates, DateTime::read(&mut f)),
                    b"PLB" => push(
                        &mut tx.provider_adjustments,
                        ProviderAdjustment::read(&mut f),
                    ),
                    _ => false,
                }
            }
            Role::Payer | Role::Payee => match self.party.as_mut() {
                Some(p) => party_segment(p, &mut f, index),
                None => false,
            },
            Role::HeaderNumber => match (self.header.as_mut(), id) {
                (Some(h), b"LX") if index == 0 => {
                    let h = Arc::make_mut(h);
                    h.number = f.text(1);
                    h.extra = f.extra();
                    true
                }
                _ => false,
            },
            Role::Claim => match self.claim.as_mut() {
                Some(c) => claim_segment(c, &mut f, index),
                None => false,
            },
            Role::Service => match self.service.as_mut() {
                Some(s) => service_segment(s, &mut f, index),
                None => false,
            },
            Role::Raw => false,
        }
    }
}

fn claim_segment(c: &mut ClaimPayment, f: &mut Fields<'_>, index: u32) -> bool {
    match f.id() {
        b"CLP" if index == 0 => {
            c.read_clp(f);
            true
        }
        b"CAS" => push(&mut c.adjustments, Adjustment::read(f)),
        b"NM1" => match c.party_slot(f.raw(1)) {
            Some(slot) => set_once(slot, || {
                let mut p = Box::<Party>::default();
                p.read_nm1(f);
                p
            }),
            None => false,
        },
        b"MIA" => set_once(&mut c.inpatient, || InpatientAdjudication::read(f)),
        b"MOA" => set_once(&mut c.outpatient, || OutpatientAdjudication::read(f)),
        b"REF" => push(&mut c.references, Ref::read(f)),
        b"DTM" => push(&mut c.dates, DateTime::read(f)),
        b"PER" => push(&mut c.contacts, Contact::read(f)),
        b"AMT" => push(&mut c.amounts, AmountRef::read(f)),
        b"QTY" => push(&mut c.quantities, QuantityRef::read(f)),
        _ => false,
    }
}

fn service_segment(s: &mut ServicePayment, f: &mut Fields<'_>, index: u32) -> bool {
    match f.id() {
        b"SVC" if index == 0 => {
            s.read_svc(f);
            true
        }
        b"DTM" => push(&mut s.dates, DateTime::read(f)),
        b"CAS" => push(&mut s.adjustments, Adjustment::read(f)),
        b"REF" => {
            let r = Ref::read(f);
            if r.qualifier == "6R" && s.control_number.is_none() && r.is_simple() {
                s.control_number = r.value;
                true
            } else {
                push(&mut s.references, r)
            }
        }
        b"AMT" => push(&mut s.amounts, AmountRef::read(f)),
        b"QTY" => push(&mut s.quantities, QuantityRef::read(f)),
        b"LQ" => push(&mut s.remarks, Remark::read(f)),
        _ => false,
    }
}
