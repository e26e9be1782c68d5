//! The 835 (005010X221A1) writer: remits exactly the claims of the 837P
//! written with the same options, in the same order.

use std::io::{self, Write};

use super::gen837::{
    GroupHeader, write_gs, write_isa, write_line_id, write_n3n4, write_org_name, write_person_name,
    write_procedure,
};
use super::model::{
    Adjudication, Claim, Denial, FileFacts, PLACES, Person, Provider, Stream, Subscriber, claim_id,
    dependent, payer_for_txn,
};
use super::out::Out;
use super::{SynthOptions, SynthStats};

const PAYEE_RECEIVER_ID: &[u8] = b"SYNSUBMIT01";

pub(crate) fn write<W: Write>(opts: &SynthOptions, out: W) -> io::Result<SynthStats> {
    // How many claims did the 837P with these options hold? Replaying it into
    // a sink costs time but no memory.
    let total_claims = super::gen837p::write(opts, io::sink())?.claims;

    let seed = opts.seed;
    let facts = FileFacts::new(seed);
    let cpt = opts.claims_per_transaction.max(1) as u64;
    let tpg = opts.transactions_per_group.max(1) as u64;
    let mut o = Out::new(out, opts.newlines);
    let mut stats = SynthStats {
        interchanges: 1,
        ..SynthStats::default()
    };
    let payer_sender_id = b"SYNPAYER835";

    write_isa(
        &mut o,
        payer_sender_id,
        PAYEE_RECEIVER_ID,
        facts.doy_835,
        facts.time,
        facts.isa13_835,
    );

    let gs = GroupHeader {
        code: b"HP",
        sender: payer_sender_id,
        receiver: PAYEE_RECEIVER_ID,
        doy: facts.doy_835,
        time: facts.time,
        version: b"005010X221A1",
    };
    let mut stream = Stream::new(seed);
    let mut claim = Claim::default();
    // The current subscriber household and its dependent.
    let mut cached: Option<(u64, Subscriber, Person)> = None;
    let mut done = 0u64;
    let mut txns_in_group = 0u64;
    while done < total_claims {
        if txns_in_group == 0 {
            stats.groups += 1;
            write_gs(&mut o, &gs, stats.groups);
        }
        let txn = stats.transactions;
        stats.transactions += 1;
        let n = cpt.min(total_claims - done);
        let payer = payer_for_txn(seed, txn);

        // Pass 1: the payment total and the payee (first claim's provider).
        let mut replay = stream.clone();
        let mut total_paid = 0u64;
        let mut payee_no = 0;
        for k in 0..n {
            let head = replay.next_head();
            if k == 0 {
                payee_no = head.provider;
            }
            claim.generate(seed, head.index, facts.doy_837);
            total_paid += Adjudication::compute(seed, &claim).paid;
        }
        let payee = Provider::new(seed, payee_no);

        let at = o.segments;
        o.seg(b"ST*835*");
        o.num_pad(stats.transactions, 4);
        o.end();
        if total_paid > 0 {
            o.seg(b"BPR*I");
            o.e_amt(total_paid);
            o.raw(b"*C*CHK");
        } else {
            o.seg(b"BPR*H*0*C*NON");
        }
        o.stars(11);
        o.e_date(facts.doy_835);
        o.end();
        o.seg(b"TRN*1*");
        o.num(facts.check_base + txn);
        o.raw(b"*1");
        o.raw(payer.ein);
        o.end();
        o.seg(b"DTM*405");
        o.e_date(facts.doy_835);
        o.end();
        o.seg(b"N1*PR");
        o.e(payer.name);
        o.end();
        o.seg(b"N3");
        o.e(payer.street);
        o.end();
        o.seg(b"N4");
        o.e(payer.city);
        o.e(payer.state);
        o.e(payer.zip);
        o.end();
        o.seg(b"PER*BL*EDI TECHNICAL SUPPORT*TE*5555550199");
        o.end();
        o.seg(b"N1*PE");
        write_org_name(&mut o, &payee);
        o.raw(b"*XX");
        o.e(&payee.npi);
        o.end();
        write_n3n4(&mut o, &payee.addr);
        o.seg(b"REF*TJ");
        o.e(&payee.ein);
        o.end();
        o.seg(b"LX*1");
        o.end();

        // Pass 2: the claims.
        for _ in 0..n {
            let head = stream.next_head();
            claim.generate(seed, head.index, facts.doy_837);
            let adj = Adjudication::compute(seed, &claim);
            let mut id = [0u8; 12];
            o.seg(b"CLP");
            o.e(claim_id(claim.index, &mut id));
            o.raw(b"*1");
            o.e_amt(claim.total);
            o.e_amt(adj.paid);
            if adj.patient_resp > 0 {
                o.e_amt(adj.patient_resp);
            } else {
                o.raw(b"*");
            }
            o.e(payer.filing);
            o.raw(b"*P");
            o.num_pad(claim.index + 1, 11);
            o.e(PLACES[claim.place as usize]);
            o.raw(b"*1");
            o.end();
            if cached.as_ref().is_none_or(|c| c.0 != head.subscriber) {
                let (hseed, hserial) = opts.household(head.subscriber);
                let sub = Subscriber::new(hseed, hserial);
                let pat = dependent(hseed, hserial, &sub);
                cached = Some((head.subscriber, sub, pat));
            }
            let (_, sub, pat) = cached.as_ref().expect("subscriber cached");
            if head.dependent {
                o.seg(b"NM1*QC*1");
                write_person_name(&mut o, pat);
                o.end();
                o.seg(b"NM1*IL*1");
                let mid = write_person_name(&mut o, &sub.person);
                o.stars(if mid { 2 } else { 3 });
                o.e(b"MI");
                o.e(&sub.member_id);
                o.end();
            } else {
                o.seg(b"NM1*QC*1");
                let mid = write_person_name(&mut o, &sub.person);
                o.stars(if mid { 2 } else { 3 });
                o.e(b"MI");
                o.e(&sub.member_id);
                o.end();
            }
            o.seg(b"DTM*050");
            o.e_date(facts.doy_837);
            o.end();
            for (k, (line, pay)) in claim.lines().iter().zip(adj.lines.iter()).enumerate() {
                o.seg(b"SVC*");
                write_procedure(&mut o, line.procedure().code, &line.modifiers);
                o.e_amt(line.charge);
                o.e_amt(pay.paid);
                o.raw(b"*");
                o.e_num(line.units);
                o.end();
                o.seg(b"DTM*472");
                o.e_date(line.date);
                o.end();
                match pay.denial {
                    Some(d) => {
                        o.seg(match d {
                            Denial::NoAuth => b"CAS*CO*197",
                            Denial::MissingInfo => b"CAS*CO*16",
                        });
                        o.e_amt(pay.contractual);
                        o.end();
                    }
                    None => {
                        if pay.contractual > 0 {
                            o.seg(b"CAS*CO*45");
                            o.e_amt(pay.contractual);
                            o.end();
                        }
                        if pay.coinsurance > 0 {
                            o.seg(b"CAS*PR*2");
                            o.e_amt(pay.coinsurance);
                            o.end();
                        }
                    }
                }
                o.seg(b"REF*6R*");
                write_line_id(&mut o, claim.index, k + 1);
                o.end();
                if pay.denial.is_none() {
                    o.seg(b"AMT*B6");
                    o.e_amt(pay.allowed);
                    o.end();
                }
                if pay.denial == Some(Denial::MissingInfo) {
                    o.seg(b"LQ*HE*N290");
                    o.end();
                }
            }
            stats.claims += 1;
            stats.service_lines += u64::from(claim.n_lines);
            o.maybe_flush()?;
        }
        done += n;

        o.seg(b"SE");
        o.e_num(o.segments - at + 1);
        o.raw(b"*");
        o.num_pad(stats.transactions, 4);
        o.end();
        txns_in_group += 1;
        if txns_in_group == tpg || done == total_claims {
            o.seg(b"GE");
            o.e_num(txns_in_group);
            o.e_num(stats.groups);
            o.end();
            txns_in_group = 0;
        }
    }
    o.seg(b"IEA");
    o.e_num(stats.groups);
    o.raw(b"*");
    o.num_pad(facts.isa13_835, 9);
    o.end();
    stats.segments = o.segments;
    stats.bytes = o.finish()?;
    Ok(stats)
}
