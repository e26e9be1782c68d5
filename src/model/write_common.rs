//! Segments the 837 and 835 writers share: parties (NM1/N1 loops),
//! references, dates, amounts, quantities, notes, attachments, contacts,
//! adjustments, procedure composites; the provider loops of each guide;
//! and the guide order of REF qualifiers, used where the model keeps some
//! REFs in named fields and the rest in a list.

use std::io::Write;

use super::adjustment::{Adjustment, InpatientAdjudication, OutpatientAdjudication};
use super::common::{
    AmountRef, Attachment, Contact, Currency, DateRef, DateTime, Note, Procedure, QuantityRef, Ref,
    Remark,
};
use super::party::{Party, ProviderInfo, Providers};
use super::text::Text;
use super::write_out::{Kept, Out, stray_extras};
use crate::schema::guide::{GuideId, Node};

/// Provider loops of one place, in guide order: the loop id and the
/// NM101 codes it takes, in the order they are written.
pub(crate) type ProviderLoops = &'static [(&'static str, &'static [&'static str])];

pub(crate) const CLAIM_PROVIDERS_P: ProviderLoops = &[
    ("2310A", &["DN", "P3"]),
    ("2310B", &["82"]),
    ("2310C", &["77"]),
    ("2310D", &["DQ"]),
    ("2310E", &["PW"]),
    ("2310F", &["45"]),
];
pub(crate) const CLAIM_PROVIDERS_I: ProviderLoops = &[
    ("2310A", &["71"]),
    ("2310B", &["72"]),
    ("2310C", &["ZZ"]),
    ("2310D", &["82"]),
    ("2310E", &["77"]),
    ("2310F", &["DN"]),
];
pub(crate) const COB_PROVIDERS_P: ProviderLoops = &[
    ("2330C", &["DN", "P3"]),
    ("2330D", &["82"]),
    ("2330E", &["77"]),
    ("2330F", &["DQ"]),
    ("2330G", &["85"]),
];
pub(crate) const COB_PROVIDERS_I: ProviderLoops = &[
    ("2330C", &["71"]),
    ("2330D", &["72"]),
    ("2330E", &["ZZ"]),
    ("2330F", &["77"]),
    ("2330G", &["82"]),
    ("2330H", &["DN"]),
    ("2330I", &["85"]),
];
pub(crate) const LINE_PROVIDERS_P: ProviderLoops = &[
    ("2420A", &["82"]),
    ("2420B", &["QB"]),
    ("2420C", &["77"]),
    ("2420D", &["DQ"]),
    ("2420E", &["DK"]),
    ("2420F", &["DN", "P3"]),
    ("2420G", &["PW"]),
    ("2420H", &["45"]),
];
pub(crate) const LINE_PROVIDERS_I: ProviderLoops = &[
    ("2420A", &["72"]),
    ("2420B", &["ZZ"]),
    ("2420C", &["82"]),
    ("2420D", &["DN"]),
];

/// Every provider role of [`Providers`]: NM101 code, name, party.
pub(crate) fn provider_slots(p: &Providers) -> [(&'static str, &'static str, Option<&Party>); 13] {
    [
        ("DN", "referring", p.referring.as_deref()),
        ("P3", "primary_care", p.primary_care.as_deref()),
        ("71", "attending", p.attending.as_deref()),
        ("72", "operating", p.operating.as_deref()),
        ("ZZ", "other_operating", p.other_operating.as_deref()),
        ("82", "rendering", p.rendering.as_deref()),
        ("QB", "purchased_service", p.purchased_service.as_deref()),
        ("77", "service_facility", p.service_facility.as_deref()),
        ("DQ", "supervising", p.supervising.as_deref()),
        ("DK", "ordering", p.ordering.as_deref()),
        ("85", "billing", p.billing.as_deref()),
        ("PW", "ambulance_pickup", p.ambulance_pickup.as_deref()),
        ("45", "ambulance_dropoff", p.ambulance_dropoff.as_deref()),
    ]
}

/// The provider of role `code`.
pub(crate) fn provider<'p>(p: &'p Providers, code: &str) -> Option<&'p Party> {
    match code {
        "DN" => p.referring.as_deref(),
        "P3" => p.primary_care.as_deref(),
        "71" => p.attending.as_deref(),
        "72" => p.operating.as_deref(),
        "ZZ" => p.other_operating.as_deref(),
        "82" => p.rendering.as_deref(),
        "QB" => p.purchased_service.as_deref(),
        "77" => p.service_facility.as_deref(),
        "DQ" => p.supervising.as_deref(),
        "DK" => p.ordering.as_deref(),
        "85" => p.billing.as_deref(),
        "PW" => p.ambulance_pickup.as_deref(),
        "45" => p.ambulance_dropoff.as_deref(),
        _ => None,
    }
}

/// Write the provider loops of `loops` in guide order, each followed by
/// the untyped instances of the same loop kept in `kept`; report roles
/// the place has no loop for.
pub(crate) fn providers<W: Write>(
    out: &mut Out<W>,
    p: &Providers,
    loops: ProviderLoops,
    kept: &[super::raw::OtherSegment],
    place: &str,
) {
    let empty = p.is_empty();
    if empty && kept.is_empty() {
        return;
    }
    if !empty {
        for (code, name, party) in provider_slots(p) {
            if party.is_some() && !loops.iter().any(|(_, codes)| codes.contains(&code)) {
                out.problem(format!(
                    "{name} provider (NM1*{code}) has no place in {place}"
                ));
            }
        }
    }
    for &(loop_id, codes) in loops {
        if !empty {
            for code in codes {
                if let Some(party) = provider(p, code) {
                    write_party(out, party, loop_id, code, NameSegment::Nm1);
                }
            }
        }
        super::write_out::raw_loops(out, kept, loop_id);
    }
}

/// Which segment names a party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameSegment {
    Nm1,
    /// The 835 payer and payee.
    N1,
}

/// A party's loop: its name segment, address, demographics, specialty,
/// dates, references and contacts, with its kept segments in place.
/// `entity` is the NM101/N101 code the loop takes.
pub(crate) fn write_party<W: Write>(
    out: &mut Out<W>,
    p: &Party,
    loop_id: &'static str,
    entity: &str,
    form: NameSegment,
) {
    out.loop_id = loop_id;
    if !p.entity.is_empty() && p.entity != entity {
        out.problem(format!(
            "{loop_id} {}101 is '{}' where the loop takes '{entity}'",
            if form == NameSegment::N1 { "N1" } else { "NM1" },
            p.entity
        ));
    }
    let mut k = Kept::new(&p.other_segments, loop_id);
    if !k.opener_kept() {
        k.before(out);
        let entity = if p.entity.is_empty() {
            entity
        } else {
            &p.entity
        };
        match form {
            NameSegment::Nm1 => {
                let mut s = out.seg("NM1", &p.extra);
                s.text(1, entity);
                s.opt(2, &p.entity_type);
                s.opt(3, &p.name);
                s.opt(4, &p.first_name);
                s.opt(5, &p.middle_name);
                s.opt(6, &p.prefix);
                s.opt(7, &p.suffix);
                s.opt(8, &p.id_qualifier);
                s.opt(9, &p.id);
                s.end();
                stray(out, &p.extra, &["NM1"]);
            }
            NameSegment::N1 => {
                let unused = [
                    ("NM102", &p.entity_type),
                    ("NM104", &p.first_name),
                    ("NM105", &p.middle_name),
                    ("NM106", &p.prefix),
                    ("NM107", &p.suffix),
                ];
                for (what, v) in unused {
                    if v.is_some() {
                        out.problem(format!("{loop_id} N1 has no place for {what}"));
                    }
                }
                let mut s = out.seg("N1", &p.extra);
                s.text(1, entity);
                s.opt(2, &p.name);
                s.opt(3, &p.id_qualifier);
                s.opt(4, &p.id);
                s.end();
                stray(out, &p.extra, &["N1"]);
            }
        }
    }
    if let Some(a) = &p.address {
        let has = |id: &str| a.extra.iter().any(|(r, _)| r.starts_with(id));
        if a.has_street() || has("N3") {
            k.before(out);
            let mut s = out.seg("N3", &a.extra);
            s.opt(1, &a.line1);
            s.opt(2, &a.line2);
            s.end();
        }
        if a.has_city() || has("N4") {
            k.before(out);
            let mut s = out.seg("N4", &a.extra);
            s.opt(1, &a.city);
            s.opt(2, &a.state);
            s.opt(3, &a.postal_code);
            s.opt(4, &a.country);
            s.opt(7, &a.subdivision);
            s.end();
        }
        stray(out, &a.extra, &["N3", "N4"]);
    }
    if let Some(d) = &p.demographics {
        k.before(out);
        let mut s = out.seg("DMG", &d.extra);
        s.opt(1, &d.format);
        s.opt(2, &d.birth_date);
        s.opt(3, &d.gender);
        s.end();
    }
    if let Some(v) = &p.specialty {
        prv(out, &mut k, v);
    }
    for d in &p.dates {
        dtp(out, &mut k, d);
    }
    for r in &p.references {
        reference(out, &mut k, r);
    }
    for c in &p.contacts {
        per(out, &mut k, c);
    }
    k.rest(out);
    super::write_out::other_loops(out, &p.other_segments, &[loop_id], &[]);
}

/// Report extra element references that name none of `ids`.
pub(crate) fn stray<W: Write>(out: &mut Out<W>, extra: &super::raw::Extra, ids: &[&str]) {
    if extra.is_empty() {
        return;
    }
    let stray: Vec<String> = stray_extras(extra, ids).map(|t| t.to_string()).collect();
    for r in stray {
        out.problem(format!(
            "extra element {r} names no element of {}",
            ids.join(" or ")
        ));
    }
}

pub(crate) fn prv<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, v: &ProviderInfo) {
    k.before(out);
    let mut s = out.seg("PRV", &v.extra);
    s.text(1, &v.code);
    s.opt(2, &v.qualifier);
    s.opt(3, &v.taxonomy);
    s.end();
}

pub(crate) fn dtp<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, d: &DateRef) {
    k.before(out);
    let mut s = out.seg("DTP", &d.extra);
    s.text(1, &d.qualifier);
    s.opt(2, &d.format);
    s.opt(3, &d.value);
    s.end();
}

pub(crate) fn dtm<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, d: &DateTime) {
    k.before(out);
    let mut s = out.seg("DTM", &d.extra);
    s.text(1, &d.qualifier);
    s.opt(2, &d.date);
    s.opt(3, &d.time);
    s.opt(4, &d.time_code);
    s.opt(5, &d.period_format);
    s.opt(6, &d.period);
    s.end();
}

pub(crate) fn reference<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, r: &Ref) {
    k.before(out);
    let mut s = out.seg("REF", &r.extra);
    s.text(1, &r.qualifier);
    s.opt(2, &r.value);
    s.opt(3, &r.description);
    if let Some(c) = &r.reference {
        s.comp(4, c);
    }
    s.end();
}

/// A REF the model holds in a named field: qualifier and number only.
pub(crate) fn named_reference<W: Write>(
    out: &mut Out<W>,
    k: &mut Kept<'_>,
    qualifier: &str,
    value: &Text,
) {
    k.before(out);
    let none = super::raw::Extra::default();
    let mut s = out.seg("REF", &none);
    s.text(1, qualifier);
    s.text(2, value);
    s.end();
}

/// The REFs of one loop instance: those in named fields (`named`,
/// qualifier and value) put among the `list` at their guide position, the
/// list kept in its order.
pub(crate) fn references<W: Write>(
    out: &mut Out<W>,
    k: &mut Kept<'_>,
    named: &[(&'static str, Option<&Text>)],
    list: &[Ref],
    ranks: &RefRanks,
) {
    let present = named.iter().filter(|(_, v)| v.is_some()).count();
    if present == 0 {
        for r in list {
            reference(out, k, r);
        }
        return;
    }
    // The common case (a claim's prior authorization, a line's control
    // number alone) needs no ordering.
    if present == 1 && list.is_empty() {
        for &(q, v) in named {
            if let Some(v) = v {
                named_reference(out, k, q, v);
            }
        }
        return;
    }
    let mut pending: Vec<(usize, &str, &Text)> = named
        .iter()
        .filter_map(|&(q, v)| v.map(|v| (ranks.rank(q), q, v)))
        .collect();
    // Stable: named fields of one rank keep their given order.
    pending.sort_by_key(|&(rank, _, _)| rank);
    let mut next = 0;
    for r in list {
        let rank = ranks.rank(&r.qualifier);
        while let Some(&(nr, q, v)) = pending.get(next) {
            if nr > rank {
                break;
            }
            named_reference(out, k, q, v);
            next += 1;
        }
        reference(out, k, r);
    }
    for &(_, q, v) in &pending[next..] {
        named_reference(out, k, q, v);
    }
}

pub(crate) fn amt<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, a: &AmountRef) {
    k.before(out);
    let mut s = out.seg("AMT", &a.extra);
    s.text(1, &a.qualifier);
    s.amount(2, a.amount);
    s.opt(3, &a.credit_debit);
    s.end();
}

pub(crate) fn qty<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, q: &QuantityRef) {
    k.before(out);
    let mut s = out.seg("QTY", &q.extra);
    s.text(1, &q.qualifier);
    s.amount(2, q.quantity);
    s.end();
}

pub(crate) fn nte<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, n: &Note) {
    k.before(out);
    let mut s = out.seg("NTE", &n.extra);
    s.opt(1, &n.code);
    s.opt(2, &n.text);
    s.end();
}

pub(crate) fn pwk<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, a: &Attachment) {
    k.before(out);
    let mut s = out.seg("PWK", &a.extra);
    s.text(1, &a.report_type);
    s.opt(2, &a.transmission);
    s.opt(5, &a.id_qualifier);
    s.opt(6, &a.id);
    s.opt(7, &a.description);
    s.end();
}

pub(crate) fn per<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, c: &Contact) {
    k.before(out);
    let mut s = out.seg("PER", &c.extra);
    s.text(1, &c.function);
    s.opt(2, &c.name);
    for (i, n) in c.numbers.iter().take(3).enumerate() {
        s.text(3 + 2 * i, &n.qualifier);
        s.opt(4 + 2 * i, &n.number);
    }
    s.end();
    if c.numbers.len() > 3 {
        out.problem(format!(
            "{} PER holds at most 3 contact numbers, not {}",
            out.loop_id,
            c.numbers.len()
        ));
    }
}

pub(crate) fn cur<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, c: &Currency) {
    k.before(out);
    let mut s = out.seg("CUR", &c.extra);
    s.text(1, &c.entity);
    s.opt(2, &c.code);
    s.end();
}

pub(crate) fn lq<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, r: &Remark) {
    k.before(out);
    let mut s = out.seg("LQ", &r.extra);
    s.text(1, &r.qualifier);
    s.opt(2, &r.code);
    s.end();
}

pub(crate) fn cas<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, a: &Adjustment) {
    k.before(out);
    let mut s = out.seg("CAS", &a.extra);
    s.text(1, &a.group);
    for (i, r) in a.reasons.iter().take(6).enumerate() {
        s.text(2 + 3 * i, &r.carc);
        s.amount(3 + 3 * i, r.amount);
        s.amount(4 + 3 * i, r.quantity);
    }
    s.end();
    if a.reasons.len() > 6 {
        out.problem(format!(
            "{} CAS*{} holds at most 6 adjustments, not {}",
            out.loop_id,
            a.group,
            a.reasons.len()
        ));
    }
}

pub(crate) fn mia<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, m: &InpatientAdjudication) {
    k.before(out);
    let mut s = out.seg("MIA", &m.extra);
    s.amount(1, m.covered_days_or_visits);
    s.amount(2, m.pps_operating_outlier_amount);
    s.amount(3, m.lifetime_psychiatric_days);
    s.amount(4, m.drg_amount);
    s.opt(5, &m.remark_code);
    s.amount(6, m.disproportionate_share_amount);
    s.amount(7, m.msp_pass_through_amount);
    s.amount(8, m.pps_capital_amount);
    s.amount(9, m.pps_capital_fsp_drg_amount);
    s.amount(10, m.pps_capital_hsp_drg_amount);
    s.amount(11, m.pps_capital_dsh_drg_amount);
    s.amount(12, m.old_capital_amount);
    s.amount(13, m.pps_capital_ime_amount);
    s.amount(14, m.pps_operating_hospital_specific_drg_amount);
    s.amount(15, m.cost_report_day_count);
    s.amount(16, m.pps_operating_federal_specific_drg_amount);
    s.amount(17, m.pps_capital_outlier_amount);
    s.amount(18, m.indirect_teaching_amount);
    s.amount(19, m.nonpayable_professional_component_amount);
    for (i, r) in m.remark_codes.iter().take(4).enumerate() {
        s.text(20 + i, r);
    }
    s.amount(24, m.pps_capital_exception_amount);
    s.end();
    if m.remark_codes.len() > 4 {
        out.problem("MIA holds at most 4 remark codes in MIA20-MIA23");
    }
}

pub(crate) fn moa<W: Write>(out: &mut Out<W>, k: &mut Kept<'_>, m: &OutpatientAdjudication) {
    k.before(out);
    let mut s = out.seg("MOA", &m.extra);
    s.amount(1, m.reimbursement_rate);
    s.amount(2, m.hcpcs_payable_amount);
    for (i, r) in m.remark_codes.iter().take(5).enumerate() {
        s.text(3 + i, r);
    }
    s.amount(8, m.esrd_payment_amount);
    s.amount(9, m.nonpayable_professional_component_amount);
    s.end();
    if m.remark_codes.len() > 5 {
        out.problem("MOA holds at most 5 remark codes in MOA03-MOA07");
    }
}

/// A procedure composite's components: qualifier, code, up to four
/// modifiers in position, description.
pub(crate) fn procedure_components(p: &Procedure) -> [&str; 7] {
    let m = |i: usize| p.modifiers.get(i).map_or("", |t| t.as_str());
    [
        &p.qualifier,
        p.code.as_deref().unwrap_or_default(),
        m(0),
        m(1),
        m(2),
        m(3),
        p.description.as_deref().unwrap_or_default(),
    ]
}

/// Report a procedure with more modifiers than the composite holds.
pub(crate) fn check_modifiers<W: Write>(out: &mut Out<W>, p: &Procedure, element: &str) {
    if p.modifiers.len() > 4 {
        out.problem(format!(
            "{element} holds at most 4 modifiers, not {}",
            p.modifiers.len()
        ));
    }
}

/// Where each REF qualifier stands among the REF segments of a loop in
/// one guide: the position of the first REF definition whose qualifier
/// codes hold it (a definition without codes takes any qualifier).
pub(crate) struct RefRanks {
    defs: Vec<(usize, Option<&'static [String]>)>,
}

impl RefRanks {
    pub fn of(guide: GuideId, loop_id: &str) -> RefRanks {
        let defs = guide
            .guide()
            .find_loop(loop_id)
            .map(|l| {
                l.children
                    .iter()
                    .enumerate()
                    .filter_map(|(i, c)| match c {
                        Node::Segment(s) if s.id == "REF" => Some((
                            i,
                            s.elements
                                .first()
                                .and_then(|e| e.codes.as_deref())
                                .filter(|c| !c.is_empty()),
                        )),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        RefRanks { defs }
    }

    /// The position for qualifier `q`; unknown qualifiers come last.
    pub fn rank(&self, q: &str) -> usize {
        self.defs
            .iter()
            .find(|(_, codes)| codes.is_none_or(|c| c.iter().any(|x| x == q)))
            .map_or(usize::MAX, |&(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::guide::LoopDef;

    /// The NM101 codes each provider loop of `parent` takes, from the
    /// guide.
    fn guide_loops(guide: GuideId, parent: &str, prefix: &str) -> Vec<(String, Vec<String>)> {
        let g = guide.guide();
        let p: &LoopDef = g.find_loop(parent).unwrap();
        p.children
            .iter()
            .filter_map(|c| match c {
                Node::Loop(l) if l.id.starts_with(prefix) => {
                    let Some(Node::Segment(nm1)) = l.children.first() else {
                        return None;
                    };
                    let codes = nm1.elements[0].codes.clone().unwrap_or_default();
                    Some((l.id.clone(), codes))
                }
                _ => None,
            })
            .collect()
    }

    fn table(t: ProviderLoops) -> Vec<(String, Vec<String>)> {
        t.iter()
            .map(|(l, codes)| {
                let mut c: Vec<String> = codes.iter().map(|s| s.to_string()).collect();
                c.sort();
                (l.to_string(), c)
            })
            .collect()
    }

    fn sorted(mut v: Vec<(String, Vec<String>)>) -> Vec<(String, Vec<String>)> {
        for (_, c) in &mut v {
            c.sort();
        }
        v
    }

    #[test]
    fn provider_tables_match_the_guides() {
        let p = GuideId::X222A1;
        let i = GuideId::X223A2;
        assert_eq!(
            table(CLAIM_PROVIDERS_P),
            sorted(guide_loops(p, "2300", "2310"))
        );
        assert_eq!(
            table(CLAIM_PROVIDERS_I),
            sorted(guide_loops(i, "2300", "2310"))
        );
        let cob = |g| {
            sorted(guide_loops(g, "2320", "2330"))
                .into_iter()
                .filter(|(l, _)| l != "2330A" && l != "2330B")
                .collect::<Vec<_>>()
        };
        assert_eq!(table(COB_PROVIDERS_P), cob(p));
        assert_eq!(table(COB_PROVIDERS_I), cob(i));
        assert_eq!(
            table(LINE_PROVIDERS_P),
            sorted(guide_loops(p, "2400", "2420"))
        );
        assert_eq!(
            table(LINE_PROVIDERS_I),
            sorted(guide_loops(i, "2400", "2420"))
        );
    }

    #[test]
    fn ref_ranks_follow_the_guide() {
        let r = RefRanks::of(GuideId::X222A1, "2300");
        assert!(r.rank("9F") < r.rank("G1"));
        assert!(r.rank("G1") < r.rank("F8"));
        assert!(r.rank("F8") < r.rank("EA"));
        assert_eq!(r.rank("ZZZ"), usize::MAX);
        let r = RefRanks::of(GuideId::X221A1, "2110");
        assert!(r.rank("1S") < r.rank("6R"));
        assert!(r.rank("6R") < r.rank("0B"));
        assert!(r.rank("0B") < r.rank("0K"));
    }
}
