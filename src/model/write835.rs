//! [`RemittanceTransaction`] -> the segments of one 835 (005010X221A1)
//! set, ST to SE.
//!
//! Claim payments that carry the same header number (the same value in
//! consecutive payments) are written in one 2000 loop; payments without
//! one are put in a 2000 loop numbered after the loops before it. Typed
//! segments are written in guide order and kept segments go back to their
//! place, as in the 837 writer.

use std::io::Write;
use std::sync::Arc;

use super::remit::{ClaimPayment, HeaderNumber, RemittanceTransaction, ServicePayment};
use super::required;
use super::write_common::{self as wc, NameSegment, RefRanks, write_party};
use super::write_out::{Kept, NumBuf, Out, Seg, other_loops, prefetch_party, raw_loops};
use crate::prefetch::prefetch_all;
use crate::schema::guide::GuideId;

/// Guide facts the 835 writer looks up.
pub(crate) struct Guide835 {
    service_refs: RefRanks,
}

impl Guide835 {
    pub fn new() -> Self {
        Guide835 {
            service_refs: RefRanks::of(GuideId::X221A1, "2110"),
        }
    }
}

/// NM1 codes of the parties a claim payment holds, in guide order.
const CLAIM_PARTIES: [&str; 7] = ["QC", "IL", "74", "82", "TT", "PR", "GB"];

fn claim_ctx<W: Write>(out: &mut Out<W>, c: &ClaimPayment, k: usize) {
    if c.id.is_empty() {
        let mut n = NumBuf::new();
        out.set_ctx("claim payment", &format!("#{}", n.int(k as u64 + 1)));
    } else {
        out.set_ctx("claim payment", &c.id);
    }
}

/// One 2000 loop as written: its header number (if the model has one)
/// and the claim payments in it.
struct HeaderGroup<'a> {
    header: Option<&'a HeaderNumber>,
    claims: std::ops::Range<usize>,
}

/// Group the claim payments (and the header numbers without claims) into
/// 2000 loops.
fn plan(tx: &RemittanceTransaction) -> Vec<HeaderGroup<'_>> {
    let mut groups: Vec<HeaderGroup<'_>> = Vec::new();
    let mut empty = tx.headers_without_claims.iter().peekable();
    let mut cur: Option<&Option<Arc<HeaderNumber>>> = None;
    for (k, c) in tx.claims.iter().enumerate() {
        let mut flushed = false;
        while let Some(h) = empty.next_if(|h| h.after_claims <= k as u64) {
            groups.push(HeaderGroup {
                header: Some(&h.header_number),
                claims: k..k,
            });
            flushed = true;
        }
        let joins = !flushed
            && cur.is_some_and(|prev| match (prev, &c.header_number) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b) || **a == **b,
                (None, None) => true,
                _ => false,
            });
        match groups.last_mut() {
            Some(g) if joins => g.claims.end = k + 1,
            _ => groups.push(HeaderGroup {
                header: c.header_number.as_deref(),
                claims: k..k + 1,
            }),
        }
        cur = Some(&c.header_number);
    }
    for h in empty {
        let n = tx.claims.len();
        groups.push(HeaderGroup {
            header: Some(&h.header_number),
            claims: n..n,
        });
    }
    groups
}

/// Write one 835 set; `st02` is its control number.
pub(crate) fn write_set<W: Write>(
    out: &mut Out<W>,
    g: &Guide835,
    tx: &RemittanceTransaction,
    st02: &str,
) {
    out.set_ctx("transaction", st02);
    if out.check {
        let mut problems = Vec::new();
        required::remittance_transaction(tx, &mut |m| problems.push(m));
        for m in problems {
            out.problem(m);
        }
    }
    let kept = &tx.other_segments;
    out.loop_id = "ST_LOOP";
    {
        let Out {
            w,
            problems,
            ctx,
            loop_id,
            ..
        } = &mut *out;
        let mut s = Seg::new(w.set_start(st02), "ST", &tx.extra, problems, ctx, loop_id);
        s.text(1, "835");
        s.text(2, st02);
        s.opt(3, &tx.version);
        s.end();
    }
    let mut k = Kept::new(kept, "ST_LOOP");
    k.before(out);
    k.rest(out);
    out.loop_id = "HEADER";
    let mut k = Kept::new(kept, "HEADER");
    if let Some(b) = &tx.payment {
        k.before(out);
        let mut s = out.seg("BPR", &b.extra);
        s.opt(1, &b.handling_code);
        s.amount(2, b.amount);
        s.opt(3, &b.credit_debit);
        s.opt(4, &b.method);
        s.opt(5, &b.format);
        s.opt(6, &b.sender_dfi_qualifier);
        s.opt(7, &b.sender_dfi_id);
        s.opt(8, &b.sender_account_qualifier);
        s.opt(9, &b.sender_account);
        s.opt(10, &b.originator_company_id);
        s.opt(11, &b.originator_supplemental_code);
        s.opt(12, &b.receiver_dfi_qualifier);
        s.opt(13, &b.receiver_dfi_id);
        s.opt(14, &b.receiver_account_qualifier);
        s.opt(15, &b.receiver_account);
        s.opt(16, &b.date);
        s.end();
    }
    if let Some(t) = &tx.trace {
        k.before(out);
        let mut s = out.seg("TRN", &t.extra);
        s.opt(1, &t.trace_type);
        s.opt(2, &t.number);
        s.opt(3, &t.originator);
        s.opt(4, &t.supplemental);
        s.end();
    }
    if let Some(c) = &tx.currency {
        wc::cur(out, &mut k, c);
    }
    for r in &tx.references {
        wc::reference(out, &mut k, r);
    }
    for d in &tx.dates {
        wc::dtm(out, &mut k, d);
    }
    k.rest(out);
    if let Some(p) = &tx.payer {
        write_party(out, p, "1000A", "PR", NameSegment::N1);
    }
    raw_loops(out, kept, "1000A");
    if let Some(p) = &tx.payee {
        write_party(out, p, "1000B", "PE", NameSegment::N1);
    }
    raw_loops(out, kept, "1000B");
    let mut numbers = 0u64;
    for group in plan(tx) {
        numbers += 1;
        out.set_ctx("transaction", st02);
        if let Some(k) = group.claims.clone().next() {
            claim_ctx(out, &tx.claims[k], k);
        }
        header_number(out, group.header, numbers);
        for k in group.claims {
            let c = &tx.claims[k];
            if let Some(next) = tx.claims.get(k + 1) {
                prefetch_payment(next);
            }
            claim_ctx(out, c, k);
            claim(out, g, c);
        }
    }
    out.set_ctx("transaction", st02);
    out.loop_id = "DETAIL";
    Kept::new(kept, "DETAIL").rest(out);
    out.loop_id = "FOOTER";
    let mut k = Kept::new(kept, "FOOTER");
    for p in &tx.provider_adjustments {
        k.before(out);
        let mut s = out.seg("PLB", &p.extra);
        s.opt(1, &p.provider_id);
        s.opt(2, &p.fiscal_period_date);
        for (i, a) in p.adjustments.iter().take(6).enumerate() {
            s.comp(
                3 + 2 * i,
                &[
                    a.reason.as_str(),
                    a.reference.as_deref().unwrap_or_default(),
                ],
            );
            s.amount(4 + 2 * i, a.amount);
        }
        s.end();
        if p.adjustments.len() > 6 {
            out.problem("PLB holds at most 6 adjustments");
        }
    }
    k.rest(out);
    other_loops(
        out,
        kept,
        &["ST_LOOP", "HEADER", "DETAIL", "FOOTER"],
        &["1000A", "1000B"],
    );
    if let Err(e) = out.w.end_set() {
        out.write_error(e);
    }
}

/// The LX of a 2000 loop (numbered `n` when the model has no number) and
/// its kept segments (TS3, TS2).
fn header_number<W: Write>(out: &mut Out<W>, h: Option<&HeaderNumber>, n: u64) {
    out.loop_id = "2000";
    let none = super::raw::Extra::default();
    let (extra, kept) = h.map_or((&none, &[][..]), |h| (&h.extra, &h.other_segments[..]));
    let mut k = Kept::new(kept, "2000");
    if !k.opener_kept() {
        k.before(out);
        let mut s = out.seg("LX", extra);
        match h.and_then(|h| h.number.as_ref()) {
            Some(number) => s.text(1, number),
            None => s.number(1, n),
        }
        s.end();
    }
    k.rest(out);
    other_loops(out, kept, &["2000"], &[]);
}

/// 2100: one claim payment and its service payments.
fn claim<W: Write>(out: &mut Out<W>, g: &Guide835, c: &ClaimPayment) {
    if out.check {
        let mut problems = Vec::new();
        required::claim_payment(c, &mut |m| problems.push(m));
        for m in problems {
            out.problem(m);
        }
    }
    out.loop_id = "2100";
    let kept = &c.other_segments;
    let mut k = Kept::new(kept, "2100");
    if !k.opener_kept() {
        k.before(out);
        let mut s = out.seg("CLP", &c.extra);
        s.text(1, &c.id);
        s.opt(2, &c.status);
        s.amount(3, c.charge);
        s.amount(4, c.paid);
        s.amount(5, c.patient_responsibility);
        s.opt(6, &c.filing_indicator);
        s.opt(7, &c.payer_claim_control_number);
        s.opt(8, &c.facility_code);
        s.opt(9, &c.frequency_code);
        s.opt(11, &c.drg_code);
        s.amount(12, c.drg_weight);
        s.amount(13, c.discharge_fraction);
        s.end();
    }
    for a in &c.adjustments {
        wc::cas(out, &mut k, a);
    }
    for (code, party) in CLAIM_PARTIES.iter().zip([
        &c.patient,
        &c.insured,
        &c.corrected_patient,
        &c.rendering_provider,
        &c.crossover_carrier,
        &c.corrected_payer,
        &c.other_subscriber,
    ]) {
        let Some(p) = party else {
            continue;
        };
        if p.address.is_some()
            || p.demographics.is_some()
            || p.specialty.is_some()
            || !p.references.is_empty()
            || !p.contacts.is_empty()
            || !p.dates.is_empty()
            || !p.other_segments.is_empty()
        {
            out.problem(format!(
                "NM1*{code} of a claim payment holds only the NM1 (its other segments have no place in loop 2100)"
            ));
        }
        if !p.entity.is_empty() && p.entity != *code {
            out.problem(format!(
                "2100 NM101 is '{}' where the field takes '{code}'",
                p.entity
            ));
        }
        k.before(out);
        let mut s = out.seg("NM1", &p.extra);
        s.text(1, code);
        s.opt(2, &p.entity_type);
        s.opt(3, &p.name);
        s.opt(4, &p.first_name);
        s.opt(5, &p.middle_name);
        s.opt(6, &p.prefix);
        s.opt(7, &p.suffix);
        s.opt(8, &p.id_qualifier);
        s.opt(9, &p.id);
        s.end();
    }
    if let Some(m) = &c.inpatient {
        wc::mia(out, &mut k, m);
    }
    if let Some(m) = &c.outpatient {
        wc::moa(out, &mut k, m);
    }
    for r in &c.references {
        wc::reference(out, &mut k, r);
    }
    for d in &c.dates {
        wc::dtm(out, &mut k, d);
    }
    for p in &c.contacts {
        wc::per(out, &mut k, p);
    }
    for a in &c.amounts {
        wc::amt(out, &mut k, a);
    }
    for q in &c.quantities {
        wc::qty(out, &mut k, q);
    }
    k.rest(out);
    for s in &c.services {
        service(out, g, s);
    }
    out.loop_id = "2100";
    raw_loops(out, kept, "2110");
    other_loops(out, kept, &["2100"], &["2110"]);
}

/// 2110: one service payment.
fn service<W: Write>(out: &mut Out<W>, g: &Guide835, s: &ServicePayment) {
    out.loop_id = "2110";
    let mut k = Kept::new(&s.other_segments, "2110");
    if !k.opener_kept() {
        k.before(out);
        let mut seg = out.seg("SVC", &s.extra);
        if let Some(p) = &s.procedure {
            seg.comp(1, &wc::procedure_components(p));
        }
        seg.amount(2, s.charge);
        seg.amount(3, s.paid);
        seg.opt(4, &s.revenue_code);
        seg.amount(5, s.units);
        if let Some(p) = &s.original_procedure {
            seg.comp(6, &wc::procedure_components(p));
        }
        seg.amount(7, s.original_units);
        seg.end();
    }
    for p in s.procedure.iter().chain(&s.original_procedure) {
        wc::check_modifiers(out, p, "SVC01/SVC06");
    }
    for d in &s.dates {
        wc::dtm(out, &mut k, d);
    }
    for a in &s.adjustments {
        wc::cas(out, &mut k, a);
    }
    wc::references(
        out,
        &mut k,
        &[("6R", s.control_number.as_ref())],
        &s.references,
        &g.service_refs,
    );
    for a in &s.amounts {
        wc::amt(out, &mut k, a);
    }
    for q in &s.quantities {
        wc::qty(out, &mut k, q);
    }
    for r in &s.remarks {
        wc::lq(out, &mut k, r);
    }
    k.rest(out);
    other_loops(out, &s.other_segments, &["2110"], &[]);
}

/// Ask for the next claim payment's heap parts (its services, adjustments,
/// parties) while this one is written (see [`prefetch_party`]).
fn prefetch_payment(c: &ClaimPayment) {
    let services = &c.services[..c.services.len().min(4)];
    prefetch_all(services);
    for s in services {
        prefetch_all(&s.adjustments[..]);
    }
    prefetch_all(&c.adjustments[..]);
    prefetch_party(&c.patient);
    prefetch_party(&c.insured);
    prefetch_party(&c.rendering_provider);
}
