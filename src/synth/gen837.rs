//! What the 837P and 837I writers share: the envelope (ISA/GS/ST and their
//! trailers), the header loops (BHT, 1000A submitter, 1000B receiver) and
//! the 2000A billing provider / 2000B subscriber / 2000C patient hierarchy,
//! plus segment helpers that the 835 writer uses too. What differs, the
//! claim (2300 loop and below), is written by a [`ClaimWriter`].

use std::io::{self, Write};

use super::model::{
    Address, FileFacts, Head, Payer, Person, Provider, Rendering, Stream, Subscriber, claim_id,
    dependent, payer_for_txn,
};
use super::out::Out;
use super::{SynthOptions, SynthStats};

pub(crate) const SUBMITTER_ID: &[u8] = b"SYNSUBMIT01";
pub(crate) const RECEIVER_ID: &[u8] = b"SYNCLEARHSE";

/// Writes an ISA segment. `sender`/`receiver` are padded to 15 characters.
pub(crate) fn write_isa<W: Write>(
    o: &mut Out<W>,
    sender: &[u8],
    receiver: &[u8],
    doy: u16,
    time: u16,
    ctl: u64,
) {
    o.seg(b"ISA*00*          *00*          *ZZ*");
    pad15(o, sender);
    o.raw(b"*ZZ*");
    pad15(o, receiver);
    o.raw(b"*26");
    let (m, d) = super::out::month_day_2026(doy);
    o.num_pad(u64::from(m), 2);
    o.num_pad(u64::from(d), 2);
    o.raw(b"*");
    o.num_pad(u64::from(time), 4);
    o.raw(b"*^*00501*");
    o.num_pad(ctl, 9);
    o.raw(b"*0*T*:");
    o.end();
}

fn pad15<W: Write>(o: &mut Out<W>, v: &[u8]) {
    debug_assert!(v.len() <= 15);
    o.raw(v);
    for _ in v.len()..15 {
        o.raw(b" ");
    }
}

/// The fixed parts of a GS segment.
pub(crate) struct GroupHeader<'a> {
    pub code: &'a [u8],
    pub sender: &'a [u8],
    pub receiver: &'a [u8],
    pub doy: u16,
    pub time: u16,
    pub version: &'a [u8],
}

pub(crate) fn write_gs<W: Write>(o: &mut Out<W>, h: &GroupHeader<'_>, ctl: u64) {
    o.seg(b"GS");
    o.e(h.code);
    o.e(h.sender);
    o.e(h.receiver);
    o.e_date(h.doy);
    o.raw(b"*");
    o.num_pad(u64::from(h.time), 4);
    o.e_num(ctl);
    o.e(b"X");
    o.e(h.version);
    o.end();
}

pub(crate) fn write_n3n4<W: Write>(o: &mut Out<W>, a: &Address) {
    o.seg(b"N3*");
    o.num(a.number);
    o.raw(b" ");
    o.raw(a.street);
    o.raw(b" ");
    o.raw(a.suffix);
    o.end();
    o.seg(b"N4");
    o.e(a.city);
    o.e(a.state);
    o.e(&a.zip);
    o.end();
}

/// `*LAST*FIRST[*M]`: NM103..NM105. Returns whether NM105 was written.
pub(crate) fn write_person_name<W: Write>(o: &mut Out<W>, p: &Person) -> bool {
    o.e(p.last);
    o.e(p.first);
    if let Some(m) = p.middle {
        o.e(&[m]);
        true
    } else {
        false
    }
}

fn write_dmg<W: Write>(o: &mut Out<W>, p: &Person) {
    o.seg(b"DMG*D8*");
    o.num_pad(u64::from(p.dob.0), 4);
    o.num_pad(u64::from(p.dob.1), 2);
    o.num_pad(u64::from(p.dob.2), 2);
    o.e(if p.female { b"F" } else { b"M" });
    o.end();
}

/// Line item control number (REF*6R): claim id + "L" + line number.
pub(crate) fn write_line_id<W: Write>(o: &mut Out<W>, index: u64, line_no: usize) {
    let mut id = [0u8; 12];
    o.raw(claim_id(index, &mut id));
    o.raw(b"L");
    o.num(line_no as u64);
}

/// A claim-level provider loop (2310A attending, 2310B rendering …): the
/// NM1 with `nm1` (e.g. `NM1*82*1`) as its start, the person's name and
/// NPI, then the PRV with `prv` (e.g. `PRV*PE*PXC`) and the taxonomy.
pub(crate) fn write_claim_provider<W: Write>(
    o: &mut Out<W>,
    nm1: &[u8],
    prv: &[u8],
    provider: &Rendering,
) {
    o.seg(nm1);
    let mid = write_person_name(o, &provider.person);
    o.stars(if mid { 2 } else { 3 });
    o.e(b"XX");
    o.e(&provider.npi);
    o.end();
    o.seg(prv);
    o.e(provider.taxonomy);
    o.end();
}

/// The end of an 837 service line, the same in both guides: its date
/// (DTP*472) and its line item control number (REF*6R).
pub(crate) fn write_line_date_and_id<W: Write>(
    o: &mut Out<W>,
    date: u16,
    index: u64,
    line_no: usize,
) {
    o.seg(b"DTP*472*D8");
    o.e_date(date);
    o.end();
    o.seg(b"REF*6R*");
    write_line_id(o, index, line_no);
    o.end();
}

/// SV101 / SV202 / SVC01 composite: HC:CODE[:MOD[:MOD]].
pub(crate) fn write_procedure<W: Write>(
    o: &mut Out<W>,
    code: &[u8],
    modifiers: &[Option<&'static [u8]>],
) {
    o.raw(b"HC:");
    o.raw(code);
    for m in modifiers.iter().flatten() {
        o.c(m);
    }
}

/// `*NAME1 NAME2`: an organization name in two parts.
pub(crate) fn write_org_name<W: Write>(o: &mut Out<W>, p: &Provider) {
    o.e(p.name1);
    o.raw(b" ");
    o.raw(p.name2);
}

/// The part of an 837 that differs between the professional and the
/// institutional guide.
pub(crate) trait ClaimWriter {
    /// GS08 and ST03.
    const VERSION: &'static [u8];

    /// Adjusts billing provider `provider_no` before its 2000A loop is
    /// written (the 837I makes it a facility). The default leaves it as is.
    fn billing_provider(&self, _seed: u64, _provider_no: u64, _p: &mut Provider) {}

    /// Writes claim `head.index`: its 2300 loop and everything below it.
    /// Returns the number of service lines (2400 loops) written.
    fn write_claim<W: Write>(
        &mut self,
        o: &mut Out<W>,
        seed: u64,
        head: &Head,
        facts: &FileFacts,
    ) -> u64;
}

struct Txn {
    st_segments_at_open: u64,
    hl: u64,
    provider_hl: u64,
    subscriber_hl: u64,
    force_new: bool,
    payer: &'static Payer,
}

/// Writes an 837 whose claims come from `claims`. See the module docs of
/// [`super`] for the layout.
pub(crate) fn write<W: Write, C: ClaimWriter>(
    opts: &SynthOptions,
    out: W,
    claims: &mut C,
) -> io::Result<SynthStats> {
    let seed = opts.seed;
    let facts = FileFacts::new(seed);
    let cpt = opts.claims_per_transaction.max(1) as u64;
    let tpg = opts.transactions_per_group.max(1) as u64;
    let mut o = Out::new(out, opts.newlines);
    let mut stats = SynthStats {
        interchanges: 1,
        ..SynthStats::default()
    };

    write_isa(
        &mut o,
        SUBMITTER_ID,
        RECEIVER_ID,
        facts.doy_837,
        facts.time,
        facts.isa13_837,
    );

    let gs = GroupHeader {
        code: b"HC",
        sender: SUBMITTER_ID,
        receiver: RECEIVER_ID,
        doy: facts.doy_837,
        time: facts.time,
        version: C::VERSION,
    };
    let mut stream = Stream::new(seed);
    let mut group_open = false;
    let mut txns_in_group = 0u64;
    let mut txn: Option<Txn> = None;
    let mut claims_in_txn = 0u64;

    loop {
        if !group_open {
            stats.groups += 1;
            write_gs(&mut o, &gs, stats.groups);
            group_open = true;
            txns_in_group = 0;
        }
        if txn.is_none() {
            let payer = payer_for_txn(seed, stats.transactions);
            stats.transactions += 1;
            let at = o.segments;
            o.seg(b"ST*837*");
            o.num_pad(stats.transactions, 4);
            o.e(C::VERSION);
            o.end();
            o.seg(b"BHT*0019*00*B");
            o.num_pad(facts.isa13_837, 9);
            o.num_pad(stats.transactions, 6);
            o.e_date(facts.doy_837);
            o.raw(b"*");
            o.num_pad(u64::from(facts.time), 4);
            o.raw(b"*CH");
            o.end();
            o.seg(b"NM1*41*2*SYNTHETIC BILLING SERVICE*****46*");
            o.raw(SUBMITTER_ID);
            o.end();
            o.seg(b"PER*IC*EDI SUPPORT DESK*TE*5555550100");
            o.end();
            o.seg(b"NM1*40*2*SYNTHETIC CLEARINGHOUSE*****46*");
            o.raw(RECEIVER_ID);
            o.end();
            txn = Some(Txn {
                st_segments_at_open: at,
                hl: 0,
                provider_hl: 0,
                subscriber_hl: 0,
                force_new: true,
                payer,
            });
            claims_in_txn = 0;
        }
        let t = txn.as_mut().expect("transaction is open");

        let head = stream.next_head();

        if head.new_provider || t.force_new {
            let mut p = Provider::new(seed, head.provider);
            claims.billing_provider(seed, head.provider, &mut p);
            t.hl += 1;
            t.provider_hl = t.hl;
            o.seg(b"HL");
            o.e_num(t.hl);
            o.raw(b"**20*1");
            o.end();
            o.seg(b"PRV*BI*PXC");
            o.e(p.taxonomy);
            o.end();
            o.seg(b"NM1*85*2");
            write_org_name(&mut o, &p);
            o.raw(b"*****XX");
            o.e(&p.npi);
            o.end();
            write_n3n4(&mut o, &p.addr);
            o.seg(b"REF*EI");
            o.e(&p.ein);
            o.end();
        }
        if head.new_subscriber || head.new_provider || t.force_new {
            let (hseed, hserial) = opts.household(head.subscriber);
            let s = Subscriber::new(hseed, hserial);
            t.hl += 1;
            t.subscriber_hl = t.hl;
            o.seg(b"HL");
            o.e_num(t.hl);
            o.e_num(t.provider_hl);
            o.raw(if head.dependent { b"*22*1" } else { b"*22*0" });
            o.end();
            o.seg(b"SBR*P");
            o.e(if head.dependent { b"" } else { b"18" });
            match s.group {
                Some(g) => {
                    o.raw(b"*GRP");
                    o.raw(&g);
                    o.stars(5);
                }
                None => o.stars(6),
            }
            o.e(t.payer.filing);
            o.end();
            o.seg(b"NM1*IL*1");
            let mid = write_person_name(&mut o, &s.person);
            o.stars(if mid { 2 } else { 3 });
            o.e(b"MI");
            o.e(&s.member_id);
            o.end();
            if !head.dependent {
                write_n3n4(&mut o, &s.addr);
                write_dmg(&mut o, &s.person);
            }
            o.seg(b"NM1*PR*2");
            o.e(t.payer.name);
            o.raw(b"*****PI");
            o.e(t.payer.id);
            o.end();
            if head.dependent {
                let pat = dependent(hseed, hserial, &s);
                t.hl += 1;
                o.seg(b"HL");
                o.e_num(t.hl);
                o.e_num(t.subscriber_hl);
                o.raw(b"*23*0");
                o.end();
                o.seg(b"PAT*19");
                o.end();
                o.seg(b"NM1*QC*1");
                write_person_name(&mut o, &pat);
                o.end();
                write_n3n4(&mut o, &s.addr);
                write_dmg(&mut o, &pat);
            }
        }
        t.force_new = false;

        stats.service_lines += claims.write_claim(&mut o, seed, &head, &facts);
        stats.claims += 1;
        claims_in_txn += 1;
        o.maybe_flush()?;

        let done = o.bytes() >= opts.target_bytes;
        if claims_in_txn == cpt || done {
            let t = txn.take().expect("transaction is open");
            o.seg(b"SE");
            o.e_num(o.segments - t.st_segments_at_open + 1);
            o.raw(b"*");
            o.num_pad(stats.transactions, 4);
            o.end();
            txns_in_group += 1;
            if txns_in_group == tpg || done {
                o.seg(b"GE");
                o.e_num(txns_in_group);
                o.e_num(stats.groups);
                o.end();
                group_open = false;
            }
        }
        if done {
            break;
        }
    }
    o.seg(b"IEA");
    o.e_num(stats.groups);
    o.raw(b"*");
    o.num_pad(facts.isa13_837, 9);
    o.end();
    stats.segments = o.segments;
    stats.bytes = o.finish()?;
    Ok(stats)
}
