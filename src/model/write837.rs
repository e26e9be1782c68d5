//! [`ClaimTransaction`] -> the segments of one 837P (005010X222A1) or
//! 837I (005010X223A2) set, ST to SE.
//!
//! Claims that share a billing provider, subscriber or patient level (the
//! same value, HL id included, in consecutive claims) are written under
//! one HL; HL ids, parents and child codes and LX numbers are computed.
//! Typed segments are written in guide order and the segments the model
//! kept go back to their place: those of a loop at their index in it,
//! untyped loops after the typed loops of the same id.

use std::io::Write;
use std::sync::Arc;

use super::claim::{
    BillingProvider, Claim, ClaimKind, ClaimTransaction, Drug, HealthCode, LineAdjudication,
    OtherSubscriber, Patient, PatientInfo, Policy, ServiceLine, Subscriber, hi_class,
};
use super::raw::Extra;
use super::required;
use super::write_common::{
    self as wc, CLAIM_PROVIDERS_I, CLAIM_PROVIDERS_P, COB_PROVIDERS_I, COB_PROVIDERS_P,
    LINE_PROVIDERS_I, LINE_PROVIDERS_P, NameSegment, RefRanks, write_party,
};
use super::write_out::{Kept, NumBuf, Out, other_loops, other_loops_of, prefetch_party, raw_loops};
use crate::prefetch::prefetch_all;
use crate::schema::guide::GuideId;

/// Guide facts of one 837 kind that the writer looks up often.
pub(crate) struct Kind837 {
    kind: ClaimKind,
    claim_refs: RefRanks,
    line_refs: RefRanks,
}

impl Kind837 {
    pub fn new(kind: ClaimKind) -> Self {
        let guide = match kind {
            ClaimKind::Professional => GuideId::X222A1,
            ClaimKind::Institutional => GuideId::X223A2,
        };
        Kind837 {
            kind,
            claim_refs: RefRanks::of(guide, "2300"),
            line_refs: RefRanks::of(guide, "2400"),
        }
    }

    fn professional(&self) -> bool {
        self.kind == ClaimKind::Professional
    }

    fn name(&self) -> &'static str {
        match self.kind {
            ClaimKind::Professional => "an 837P",
            ClaimKind::Institutional => "an 837I",
        }
    }
}

/// One entry of the hierarchy as written: a level, or a claim under the
/// last level opened.
enum Node<'a> {
    Billing {
        level: &'a BillingProvider,
        children: bool,
        /// The first claim under it (named in its problems).
        first: Option<usize>,
    },
    Subscriber {
        level: &'a Subscriber,
        children: bool,
        first: Option<usize>,
    },
    Patient {
        level: &'a Patient,
        first: Option<usize>,
    },
    Claim(usize),
}

/// An optional value, empty when absent.
fn f(v: &Option<super::text::Text>) -> &str {
    v.as_deref().unwrap_or_default()
}

/// Whether two claims' levels are one: the same value, HL id included.
fn same<T: PartialEq>(a: &Arc<T>, b: &Arc<T>) -> bool {
    Arc::ptr_eq(a, b) || **a == **b
}

/// The hierarchy of a set: claims and levels without claims, in order,
/// grouped under the levels they share.
fn plan<'a, W: Write>(out: &mut Out<W>, tx: &'a ClaimTransaction) -> Vec<Node<'a>> {
    let mut nodes: Vec<Node<'a>> = Vec::with_capacity(tx.claims.len() * 2 + 4);
    // The open levels: (node index, value).
    let mut b: Option<(usize, &'a Arc<BillingProvider>)> = None;
    let mut s: Option<(usize, &'a Arc<Subscriber>)> = None;
    let mut p: Option<(usize, &'a Arc<Patient>)> = None;
    let mut levels = tx.levels_without_claims.iter().peekable();
    let set = |nodes: &mut Vec<Node<'a>>, at: usize, claim: usize| match &mut nodes[at] {
        Node::Billing {
            children, first, ..
        }
        | Node::Subscriber {
            children, first, ..
        } => {
            *children = true;
            first.get_or_insert(claim);
        }
        Node::Patient { first, .. } => {
            first.get_or_insert(claim);
        }
        Node::Claim(_) => {}
    };
    for k in 0..=tx.claims.len() {
        while let Some(l) = levels.next_if(|l| l.after_claims <= k as u64 || k == tx.claims.len()) {
            let Some(lb) = &l.billing_provider else {
                out.problem("a level without claims has no billing provider level");
                continue;
            };
            if l.subscriber.is_none() || !b.is_some_and(|(_, cur)| same(cur, lb)) {
                nodes.push(Node::Billing {
                    level: lb,
                    children: false,
                    first: None,
                });
                b = Some((nodes.len() - 1, lb));
                s = None;
                p = None;
            }
            let Some(ls) = &l.subscriber else {
                // A billing provider with nothing under it stays alone.
                b = None;
                continue;
            };
            if let Some((bi, _)) = b
                && let Node::Billing { children, .. } = &mut nodes[bi]
            {
                *children = true;
            }
            if l.patient.is_none() || !s.is_some_and(|(_, cur)| same(cur, ls)) {
                nodes.push(Node::Subscriber {
                    level: ls,
                    children: false,
                    first: None,
                });
                s = Some((nodes.len() - 1, ls));
                p = None;
            }
            let Some(lp) = &l.patient else {
                s = None;
                continue;
            };
            if let Some((si, _)) = s
                && let Node::Subscriber { children, .. } = &mut nodes[si]
            {
                *children = true;
            }
            nodes.push(Node::Patient {
                level: lp,
                first: None,
            });
            p = None;
        }
        let Some(c) = tx.claims.get(k) else {
            break;
        };
        let (Some(cb), Some(cs)) = (&c.billing_provider, &c.subscriber) else {
            claim_ctx(out, c, k);
            if c.billing_provider.is_none() {
                out.problem("billing provider level (2000A) missing");
            }
            if c.subscriber.is_none() {
                out.problem("subscriber level (2000B) missing");
            }
            continue;
        };
        if !b.is_some_and(|(_, cur)| same(cur, cb)) {
            nodes.push(Node::Billing {
                level: cb,
                children: false,
                first: None,
            });
            b = Some((nodes.len() - 1, cb));
            s = None;
            p = None;
        }
        // Claims of the subscriber come before its patients' levels.
        let joins = s.is_some_and(|(si, cur)| {
            same(cur, cs)
                && (c.patient.is_some()
                    || matches!(
                        nodes[si],
                        Node::Subscriber {
                            children: false,
                            ..
                        }
                    ))
        });
        if !joins {
            nodes.push(Node::Subscriber {
                level: cs,
                children: false,
                first: None,
            });
            s = Some((nodes.len() - 1, cs));
            p = None;
        }
        if let Some((bi, _)) = b {
            set(&mut nodes, bi, k);
        }
        match &c.patient {
            None => {
                if let Some((si, _)) = s
                    && let Node::Subscriber { first, .. } = &mut nodes[si]
                {
                    first.get_or_insert(k);
                }
            }
            Some(cp) => {
                if let Some((si, _)) = s {
                    set(&mut nodes, si, k);
                }
                if !p.is_some_and(|(_, cur)| same(cur, cp)) {
                    nodes.push(Node::Patient {
                        level: cp,
                        first: None,
                    });
                    p = Some((nodes.len() - 1, cp));
                }
                if let Some((pi, _)) = p {
                    set(&mut nodes, pi, k);
                }
            }
        }
        nodes.push(Node::Claim(k));
    }
    nodes
}

fn claim_ctx<W: Write>(out: &mut Out<W>, c: &Claim, k: usize) {
    if c.id.is_empty() {
        let mut n = NumBuf::new();
        out.set_ctx("claim", &format!("#{}", n.int(k as u64 + 1)));
    } else {
        out.set_ctx("claim", &c.id);
    }
}

/// Write one 837 set; `st02` is its control number.
pub(crate) fn write_set<W: Write>(
    out: &mut Out<W>,
    g: &Kind837,
    tx: &ClaimTransaction,
    st02: &str,
) {
    out.set_ctx("transaction", st02);
    if tx.kind != g.kind {
        out.problem("claims of two kinds in one set");
    }
    if out.check {
        let mut problems = Vec::new();
        required::claim_transaction(tx, &mut |m| problems.push(m));
        for m in problems {
            out.problem(m);
        }
    }
    out.loop_id = "ST_LOOP";
    let kept = &tx.other_segments;
    {
        let Out {
            w,
            problems,
            ctx,
            loop_id,
            ..
        } = &mut *out;
        let mut s =
            super::write_out::Seg::new(w.set_start(st02), "ST", &tx.extra, problems, ctx, loop_id);
        s.text(1, "837");
        s.text(2, st02);
        s.opt(3, &tx.version);
        s.end();
    }
    let mut k = Kept::new(kept, "ST_LOOP");
    k.before(out);
    k.rest(out);
    out.loop_id = "HEADER";
    let mut k = Kept::new(kept, "HEADER");
    if let Some(h) = &tx.header {
        k.before(out);
        let mut s = out.seg("BHT", &h.extra);
        s.opt(1, &h.structure);
        s.opt(2, &h.purpose);
        s.opt(3, &h.reference);
        s.opt(4, &h.date);
        s.opt(5, &h.time);
        s.opt(6, &h.claim_type);
        s.end();
    }
    k.rest(out);
    if let Some(p) = &tx.submitter {
        write_party(out, p, "1000A", "41", NameSegment::Nm1);
    }
    raw_loops(out, kept, "1000A");
    if let Some(p) = &tx.receiver {
        write_party(out, p, "1000B", "40", NameSegment::Nm1);
    }
    raw_loops(out, kept, "1000B");
    let nodes = plan(out, tx);
    let mut hl = Hl::default();
    for node in &nodes {
        match *node {
            Node::Billing {
                level,
                children,
                first,
            } => {
                level_ctx(out, tx, first, st02);
                billing(out, level, &mut hl, children);
            }
            Node::Subscriber {
                level,
                children,
                first,
            } => {
                level_ctx(out, tx, first, st02);
                subscriber(out, level, &mut hl, children);
            }
            Node::Patient { level, first } => {
                level_ctx(out, tx, first, st02);
                patient(out, level, &mut hl);
            }
            Node::Claim(k) => {
                let c = &tx.claims[k];
                if let Some(next) = tx.claims.get(k + 1) {
                    prefetch_claim(next);
                }
                claim_ctx(out, c, k);
                claim(out, g, c);
            }
        }
    }
    out.set_ctx("transaction", st02);
    out.loop_id = "DETAIL";
    Kept::new(kept, "DETAIL").rest(out);
    other_loops(
        out,
        kept,
        &["ST_LOOP", "HEADER", "DETAIL"],
        &["1000A", "1000B"],
    );
    if let Err(e) = out.w.end_set() {
        out.write_error(e);
    }
}

/// A level's problems are named after the first claim under it.
fn level_ctx<W: Write>(out: &mut Out<W>, tx: &ClaimTransaction, first: Option<usize>, st02: &str) {
    match first.and_then(|k| tx.claims.get(k).map(|c| (k, c))) {
        Some((k, c)) => claim_ctx(out, c, k),
        None => out.set_ctx("transaction", st02),
    }
}

/// HL numbering: the next id and the ids of the open levels.
#[derive(Default)]
struct Hl {
    next: u64,
    billing: u64,
    subscriber: u64,
}

fn hl_segment<W: Write>(
    out: &mut Out<W>,
    extra: &Extra,
    id: u64,
    parent: u64,
    code: &str,
    children: bool,
) {
    let mut s = out.seg("HL", extra);
    s.number(1, id);
    if parent > 0 {
        s.number(2, parent);
    }
    s.text(3, code);
    s.text(4, if children { "1" } else { "0" });
    s.end();
}

fn billing<W: Write>(out: &mut Out<W>, b: &BillingProvider, hl: &mut Hl, children: bool) {
    if out.check {
        let mut problems = Vec::new();
        required::billing(b, &mut |m| problems.push(m));
        for m in problems {
            out.problem(m);
        }
    }
    out.loop_id = "2000A";
    hl.next += 1;
    hl.billing = hl.next;
    let kept = &b.other_segments;
    let mut k = Kept::new(kept, "2000A");
    if !k.opener_kept() {
        k.before(out);
        hl_segment(out, &b.extra, hl.next, 0, "20", children);
    }
    if let Some(v) = &b.specialty {
        wc::prv(out, &mut k, v);
    }
    if let Some(c) = &b.currency {
        wc::cur(out, &mut k, c);
    }
    k.rest(out);
    for (loop_id, party, entity) in [
        ("2010AA", &b.provider, "85"),
        ("2010AB", &b.pay_to, "87"),
        ("2010AC", &b.pay_to_plan, "PE"),
    ] {
        if let Some(p) = party {
            write_party(out, p, loop_id, entity, NameSegment::Nm1);
        }
        raw_loops(out, kept, loop_id);
    }
    other_loops(out, kept, &["2000A"], &["2010AA", "2010AB", "2010AC"]);
}

fn policy<W: Write>(out: &mut Out<W>, p: &Policy) {
    let mut s = out.seg("SBR", &p.extra);
    s.opt(1, &p.payer_responsibility);
    s.opt(2, &p.relationship);
    s.opt(3, &p.group_number);
    s.opt(4, &p.group_name);
    s.opt(5, &p.insurance_type);
    s.opt(6, &p.coordination_of_benefits);
    s.opt(7, &p.condition_response);
    s.opt(8, &p.employment_status);
    s.opt(9, &p.filing_indicator);
    s.end();
}

fn patient_info<W: Write>(out: &mut Out<W>, p: &PatientInfo) {
    let mut s = out.seg("PAT", &p.extra);
    s.opt(1, &p.relationship);
    s.opt(2, &p.location);
    s.opt(3, &p.employment_status);
    s.opt(4, &p.student_status);
    s.opt(5, &p.date_format);
    s.opt(6, &p.death_date);
    s.opt(7, &p.weight_unit);
    s.amount(8, p.weight);
    s.opt(9, &p.pregnant);
    s.end();
}

fn subscriber<W: Write>(out: &mut Out<W>, sub: &Subscriber, hl: &mut Hl, children: bool) {
    if out.check {
        let mut problems = Vec::new();
        required::subscriber(sub, &mut |m| problems.push(m));
        for m in problems {
            out.problem(m);
        }
    }
    out.loop_id = "2000B";
    hl.next += 1;
    hl.subscriber = hl.next;
    let kept = &sub.other_segments;
    let mut k = Kept::new(kept, "2000B");
    if !k.opener_kept() {
        k.before(out);
        hl_segment(out, &sub.extra, hl.next, hl.billing, "22", children);
    }
    if let Some(p) = &sub.policy {
        k.before(out);
        policy(out, p);
    }
    if let Some(p) = &sub.patient_info {
        k.before(out);
        patient_info(out, p);
    }
    k.rest(out);
    for (loop_id, party, entity) in [("2010BA", &sub.member, "IL"), ("2010BB", &sub.payer, "PR")] {
        if let Some(p) = party {
            write_party(out, p, loop_id, entity, NameSegment::Nm1);
        }
        raw_loops(out, kept, loop_id);
    }
    other_loops(out, kept, &["2000B"], &["2010BA", "2010BB"]);
}

fn patient<W: Write>(out: &mut Out<W>, pt: &Patient, hl: &mut Hl) {
    if out.check {
        let mut problems = Vec::new();
        required::patient(pt, &mut |m| problems.push(m));
        for m in problems {
            out.problem(m);
        }
    }
    out.loop_id = "2000C";
    hl.next += 1;
    let kept = &pt.other_segments;
    let mut k = Kept::new(kept, "2000C");
    if !k.opener_kept() {
        k.before(out);
        hl_segment(out, &pt.extra, hl.next, hl.subscriber, "23", false);
    }
    if let Some(p) = &pt.info {
        k.before(out);
        patient_info(out, p);
    }
    k.rest(out);
    if let Some(p) = &pt.name {
        write_party(out, p, "2010CA", "QC", NameSegment::Nm1);
    }
    raw_loops(out, kept, "2010CA");
    other_loops(out, kept, &["2000C"], &["2010CA"]);
}

/// Fields of one kind of 837 that another kind's claim holds.
fn kind_mismatches<W: Write>(out: &mut Out<W>, g: &Kind837, c: &Claim) {
    if g.professional() && c.admission.is_some() {
        out.problem(format!(
            "CL1 (admission) has no place in {} claim",
            g.name()
        ));
    }
    for (n, l) in c.lines.iter().enumerate() {
        let fields: &[(bool, &str)] = if g.professional() {
            &[
                (l.revenue_code.is_some(), "SV201 (revenue_code)"),
                (l.unit_rate.is_some(), "SV206 (unit_rate)"),
                (l.noncovered_charge.is_some(), "SV207 (noncovered_charge)"),
            ]
        } else {
            &[
                (l.place_of_service.is_some(), "SV105 (place_of_service)"),
                (
                    !l.diagnosis_pointers.is_empty(),
                    "SV107 (diagnosis_pointers)",
                ),
                (l.emergency.is_some(), "SV109 (emergency)"),
                (l.epsdt.is_some(), "SV111 (epsdt)"),
                (l.family_planning.is_some(), "SV112 (family_planning)"),
                (l.copay_status.is_some(), "SV115 (copay_status)"),
                (!l.quantities.is_empty(), "QTY (quantities)"),
            ]
        };
        for (present, what) in fields {
            if *present {
                out.problem(format!(
                    "line {}: {what} has no place in {} claim",
                    n + 1,
                    g.name()
                ));
            }
        }
    }
}

fn claim<W: Write>(out: &mut Out<W>, g: &Kind837, c: &Claim) {
    kind_mismatches(out, g, c);
    if out.check {
        let mut problems = Vec::new();
        required::claim(g.kind, c, &mut |m| problems.push(m));
        for m in problems {
            out.problem(m);
        }
    }
    out.loop_id = "2300";
    let kept = &c.other_segments;
    let mut k = Kept::new(kept, "2300");
    if c.related_causes.as_ref().is_some_and(|r| r.codes.len() > 3) {
        out.problem("CLM11 holds at most 3 related-cause codes");
    }
    if !k.opener_kept() {
        k.before(out);
        let mut s = out.seg("CLM", &c.extra);
        s.text(1, &c.id);
        s.amount(2, c.total_charge);
        s.comp(
            5,
            &[
                f(&c.facility_code),
                f(&c.facility_qualifier),
                f(&c.frequency_code),
            ],
        );
        s.opt(6, &c.provider_signature);
        s.opt(7, &c.assignment_participation);
        s.opt(8, &c.benefits_assignment);
        s.opt(9, &c.release_of_information);
        s.opt(10, &c.patient_signature_source);
        if let Some(r) = &c.related_causes {
            let m = |i: usize| r.codes.get(i).map_or("", |t| t.as_str());
            s.comp(
                11,
                &[
                    m(0),
                    m(1),
                    m(2),
                    r.state.as_deref().unwrap_or_default(),
                    r.country.as_deref().unwrap_or_default(),
                ],
            );
        }
        s.opt(12, &c.special_program);
        s.opt(20, &c.delay_reason);
        s.end();
    }
    for d in &c.dates {
        wc::dtp(out, &mut k, d);
    }
    if let Some(a) = &c.admission {
        k.before(out);
        let mut s = out.seg("CL1", &a.extra);
        s.opt(1, &a.admission_type);
        s.opt(2, &a.admission_source);
        s.opt(3, &a.patient_status);
        s.end();
    }
    for a in &c.attachments {
        wc::pwk(out, &mut k, a);
    }
    for a in &c.amounts {
        wc::amt(out, &mut k, a);
    }
    wc::references(
        out,
        &mut k,
        &[
            ("9F", c.referral_number.as_ref()),
            ("G1", c.prior_authorization.as_ref()),
            ("F8", c.original_claim_number.as_ref()),
        ],
        &c.references,
        &g.claim_refs,
    );
    for n in &c.notes {
        wc::nte(out, &mut k, n);
    }
    health_codes(out, &mut k, g.kind, c);
    k.rest(out);
    let (claim_loops, place) = if g.professional() {
        (CLAIM_PROVIDERS_P, "an 837P claim (2310)")
    } else {
        (CLAIM_PROVIDERS_I, "an 837I claim (2310)")
    };
    wc::providers(out, &c.providers, claim_loops, kept, place);
    for o in &c.other_subscribers {
        cob(out, g, o);
        out.loop_id = "2300";
    }
    raw_loops(out, kept, "2320");
    for (n, l) in c.lines.iter().enumerate() {
        line(out, g, l, n as u64 + 1);
    }
    raw_loops(out, kept, "2400");
    out.loop_id = "2300";
    other_loops_of(out, kept, &["2300"], &["2320", "2400"], claim_loops);
}

/// The HI segments: the claim's layout when it has one, else a new HI
/// for each kind of code, at most 12 codes each.
fn health_codes<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, kind: ClaimKind, c: &Claim) {
    let codes = &c.health_codes;
    let mut at = 0;
    let mut layout = c.hi_layout.iter();
    while at < codes.len() {
        let n = match layout.next() {
            Some(&n) => usize::from(n).clamp(1, 12),
            None => {
                let class = hi_class(kind, &codes[at].qualifier);
                codes[at..]
                    .iter()
                    .take(12)
                    .take_while(|h| hi_class(kind, &h.qualifier) == class)
                    .count()
                    .max(1)
            }
        };
        let end = (at + n).min(codes.len());
        k.before(out);
        let none = Extra::default();
        let mut s = out.seg("HI", &none);
        for (i, h) in codes[at..end].iter().enumerate() {
            hi_composite(&mut s, i + 1, h);
        }
        s.end();
        at = end;
    }
    if layout.next().is_some() {
        out.problem("hi_layout has more HI segments than the codes fill");
    }
}

fn hi_composite<W: Write>(s: &mut super::write_out::Seg<'_, W>, p: usize, h: &HealthCode) {
    let mut a = NumBuf::new();
    let mut q = NumBuf::new();
    s.comp(
        p,
        &[
            h.qualifier.as_str(),
            f(&h.code),
            f(&h.date_format),
            f(&h.date),
            h.amount.map_or("", |v| a.amount(v)),
            h.quantity.map_or("", |v| q.amount(v)),
            f(&h.version),
            "",
            f(&h.present_on_admission),
        ],
    );
}

/// 2320: another payer.
fn cob<W: Write>(out: &mut Out<W>, g: &Kind837, o: &OtherSubscriber) {
    out.loop_id = "2320";
    let kept = &o.other_segments;
    let mut k = Kept::new(kept, "2320");
    if let Some(p) = &o.policy
        && !k.opener_kept()
    {
        k.before(out);
        policy(out, p);
    }
    for a in &o.adjustments {
        wc::cas(out, &mut k, a);
    }
    for a in &o.amounts {
        wc::amt(out, &mut k, a);
    }
    if let Some(oi) = &o.other_insurance {
        k.before(out);
        let mut s = out.seg("OI", &oi.extra);
        s.opt(3, &oi.benefits_assignment);
        s.opt(4, &oi.patient_signature_source);
        s.opt(6, &oi.release_of_information);
        s.end();
    }
    if let Some(m) = &o.inpatient {
        wc::mia(out, &mut k, m);
    }
    if let Some(m) = &o.outpatient {
        wc::moa(out, &mut k, m);
    }
    k.rest(out);
    for (loop_id, party, entity) in [("2330A", &o.subscriber, "IL"), ("2330B", &o.payer, "PR")] {
        if let Some(p) = party {
            write_party(out, p, loop_id, entity, NameSegment::Nm1);
        }
        raw_loops(out, kept, loop_id);
    }
    let (loops, place) = if g.professional() {
        (COB_PROVIDERS_P, "an 837P other payer (2330)")
    } else {
        (COB_PROVIDERS_I, "an 837I other payer (2330)")
    };
    wc::providers(out, &o.providers, loops, kept, place);
    out.loop_id = "2320";
    other_loops_of(out, kept, &["2320"], &["2330A", "2330B"], loops);
}

/// 2400: one service line, numbered `number`.
fn line<W: Write>(out: &mut Out<W>, g: &Kind837, l: &ServiceLine, number: u64) {
    out.loop_id = "2400";
    let kept = &l.other_segments;
    let mut k = Kept::new(kept, "2400");
    if !k.opener_kept() {
        k.before(out);
        let mut s = out.seg("LX", &l.extra);
        s.number(1, number);
        s.end();
    }
    if g.professional() {
        if l.procedure.is_some() || l.charge.is_some() || l.units.is_some() {
            k.before(out);
            let mut s = out.seg("SV1", &l.extra);
            if let Some(p) = &l.procedure {
                s.comp(1, &wc::procedure_components(p));
            }
            s.amount(2, l.charge);
            s.opt(3, &l.unit_basis);
            s.amount(4, l.units);
            s.opt(5, &l.place_of_service);
            let d = |i: usize| l.diagnosis_pointers.get(i).map_or("", |t| t.as_str());
            s.comp(7, &[d(0), d(1), d(2), d(3)]);
            s.opt(9, &l.emergency);
            s.opt(11, &l.epsdt);
            s.opt(12, &l.family_planning);
            s.opt(15, &l.copay_status);
            s.end();
            if l.diagnosis_pointers.len() > 4 {
                out.problem("SV107 holds at most 4 diagnosis pointers");
            }
        }
        wc::stray(out, &l.extra, &["LX", "SV1"]);
    } else {
        if l.revenue_code.is_some() || l.charge.is_some() || l.procedure.is_some() {
            k.before(out);
            let mut s = out.seg("SV2", &l.extra);
            s.text(1, f(&l.revenue_code));
            if let Some(p) = &l.procedure {
                s.comp(2, &wc::procedure_components(p));
            }
            s.amount(3, l.charge);
            s.opt(4, &l.unit_basis);
            s.amount(5, l.units);
            s.amount(6, l.unit_rate);
            s.amount(7, l.noncovered_charge);
            s.end();
        }
        wc::stray(out, &l.extra, &["LX", "SV2"]);
    }
    if let Some(p) = &l.procedure {
        wc::check_modifiers(out, p, if g.professional() { "SV101" } else { "SV202" });
    }
    for a in &l.attachments {
        wc::pwk(out, &mut k, a);
    }
    for d in &l.dates {
        wc::dtp(out, &mut k, d);
    }
    for q in &l.quantities {
        wc::qty(out, &mut k, q);
    }
    wc::references(
        out,
        &mut k,
        &[("6R", l.control_number.as_ref())],
        &l.references,
        &g.line_refs,
    );
    for a in &l.amounts {
        wc::amt(out, &mut k, a);
    }
    for n in &l.notes {
        wc::nte(out, &mut k, n);
    }
    k.rest(out);
    if let Some(d) = &l.drug {
        drug(out, d);
        out.loop_id = "2400";
    }
    raw_loops(out, kept, "2410");
    let (loops, place) = if g.professional() {
        (LINE_PROVIDERS_P, "an 837P service line (2420)")
    } else {
        (LINE_PROVIDERS_I, "an 837I service line (2420)")
    };
    wc::providers(out, &l.providers, loops, kept, place);
    for a in &l.adjudications {
        adjudication(out, a);
    }
    raw_loops(out, kept, "2430");
    raw_loops(out, kept, "2440");
    out.loop_id = "2400";
    other_loops_of(out, kept, &["2400"], &["2410", "2430", "2440"], loops);
}

/// 2410: the drug of a line.
fn drug<W: Write>(out: &mut Out<W>, d: &Drug) {
    out.loop_id = "2410";
    let mut k = Kept::new(&d.other_segments, "2410");
    if !k.opener_kept() {
        k.before(out);
        let mut s = out.seg("LIN", &d.extra);
        s.opt(2, &d.qualifier);
        s.opt(3, &d.ndc);
        s.end();
    }
    let ctp_extra = d.extra.iter().any(|(r, _)| r.starts_with("CTP"));
    if d.quantity.is_some() || d.unit.is_some() || ctp_extra {
        k.before(out);
        let mut s = out.seg("CTP", &d.extra);
        s.amount(4, d.quantity);
        s.comp(5, &[d.unit.as_deref().unwrap_or_default()]);
        s.end();
    }
    wc::stray(out, &d.extra, &["LIN", "CTP"]);
    if let Some(r) = &d.reference {
        wc::reference(out, &mut k, r);
    }
    k.rest(out);
    other_loops(out, &d.other_segments, &["2410"], &[]);
}

/// 2430: another payer's adjudication of a line.
fn adjudication<W: Write>(out: &mut Out<W>, a: &LineAdjudication) {
    out.loop_id = "2430";
    let mut k = Kept::new(&a.other_segments, "2430");
    if !k.opener_kept() {
        k.before(out);
        let mut s = out.seg("SVD", &a.extra);
        s.opt(1, &a.payer_id);
        s.amount(2, a.paid);
        if let Some(p) = &a.procedure {
            s.comp(3, &wc::procedure_components(p));
        }
        s.opt(4, &a.revenue_code);
        s.amount(5, a.units);
        s.opt(6, &a.bundled_line);
        s.end();
    }
    for c in &a.adjustments {
        wc::cas(out, &mut k, c);
    }
    for d in &a.dates {
        wc::dtp(out, &mut k, d);
    }
    for m in &a.amounts {
        wc::amt(out, &mut k, m);
    }
    k.rest(out);
    other_loops(out, &a.other_segments, &["2430"], &[]);
}

/// Ask for the next claim's heap parts (its lines, boxed parties, codes)
/// while this one is written (see [`prefetch_party`]).
fn prefetch_claim(c: &Claim) {
    let lines = &c.lines[..c.lines.len().min(4)];
    prefetch_all(lines);
    prefetch_party(&c.providers.rendering);
    prefetch_party(&c.providers.referring);
    prefetch_party(&c.providers.service_facility);
    for l in lines {
        prefetch_party(&l.providers.rendering);
    }
    if let Some(s) = &c.subscriber {
        prefetch_all(std::slice::from_ref(&**s));
        prefetch_party(&s.member);
        prefetch_party(&s.payer);
    }
    prefetch_all(&c.health_codes[..]);
    prefetch_all(&c.dates[..]);
}
