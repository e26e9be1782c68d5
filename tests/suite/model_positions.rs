//! Every typed value that a rule may point at carries the position of its
//! segment (`At`): segment index, line and byte offset as they are in the
//! file. The expected positions are found here by scanning the fixture's
//! bytes, not taken from the parser.

use crate::common;

use claimcheck::model::{
    At, Claim, ClaimPayment, ClaimTransaction, RemittanceTransaction, Transaction, parse_bytes,
};
use common::fixture;

/// `(segment_index, line, byte_offset)` of the `nth` (0-based) segment of
/// `input` whose text starts with `start` (segments end with `~`; line
/// breaks after a terminator belong to no segment).
fn find(input: &[u8], start: &str, nth: usize) -> (u64, u64, u64) {
    let mut offset = 0;
    let mut found = 0;
    for (index, piece) in input.split(|&b| b == b'~').enumerate() {
        let lead = piece.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let at = offset + lead;
        if piece[lead..].starts_with(start.as_bytes()) {
            if found == nth {
                let line = 1 + input[..at].iter().filter(|&&b| b == b'\n').count();
                return (index as u64, line as u64, at as u64);
            }
            found += 1;
        }
        offset += piece.len() + 1;
    }
    panic!("no segment {nth} starting with {start:?}");
}

fn pos(at: At) -> (u64, u64, u64) {
    (at.segment_index, at.line, at.byte_offset)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

fn claims(input: &[u8]) -> (ClaimTransaction, Vec<Claim>) {
    let parsed = parse_bytes(input);
    assert!(!parsed.damaged(), "{:?}", parsed.problems);
    let tx = parsed.document.interchanges[0].groups[0].transactions[0].clone();
    match tx {
        Transaction::Claims(tx) => {
            let claims = tx.claims.clone();
            (*tx, claims)
        }
        other => panic!("not claims: {other:?}"),
    }
}

fn remittance(input: &[u8]) -> (RemittanceTransaction, Vec<ClaimPayment>) {
    let parsed = parse_bytes(input);
    assert!(!parsed.damaged(), "{:?}", parsed.problems);
    let tx = parsed.document.interchanges[0].groups[0].transactions[0].clone();
    match tx {
        Transaction::Remittance(tx) => {
            let claims = tx.claims.clone();
            (*tx, claims)
        }
        other => panic!("not a remittance: {other:?}"),
    }
}

#[test]
fn the_position_finder_counts_like_the_file_reads() {
    // ok_rich_837p.x12 has one segment per line; its CLM is on line 30.
    let input = read("model/ok_rich_837p.x12");
    let (index, line, offset) = find(&input, "CLM*", 0);
    assert_eq!((index, line), (29, 30));
    assert!(input[offset as usize..].starts_with(b"CLM*CC-0002*"));
    assert_eq!(input[offset as usize - 1], b'\n');
}

#[test]
fn professional_claim_values_point_at_their_segments() {
    let input = read("model/ok_rich_837p.x12");
    let at = |start: &str, nth: usize| find(&input, start, nth);
    let (tx, claims) = claims(&input);
    let claim = &claims[0];

    assert_eq!(
        pos(tx.submitter.as_ref().unwrap().at),
        at("NM1*41*", 0),
        "submitter NM1"
    );
    assert_eq!(pos(claim.at), at("CLM*CC-0002*", 0), "CLM");
    let billing = claim.billing_provider.as_ref().unwrap();
    assert_eq!(
        pos(billing.provider.as_ref().unwrap().at),
        at("NM1*85*", 0),
        "billing provider NM1"
    );
    assert_eq!(
        pos(billing.provider.as_ref().unwrap().references[0].at),
        at("REF*EI*", 0),
        "billing provider REF"
    );
    let subscriber = claim.subscriber.as_ref().unwrap();
    assert_eq!(pos(subscriber.at), at("SBR*P*", 0), "subscriber SBR");
    assert_eq!(
        pos(subscriber.member.as_ref().unwrap().at),
        at("NM1*IL*", 0),
        "subscriber NM1"
    );
    assert_eq!(
        pos(claim.patient.as_ref().unwrap().at),
        at("PAT*", 0),
        "patient PAT"
    );
    assert_eq!(pos(claim.dates[0].at), at("DTP*431*", 0), "claim DTP");
    assert_eq!(pos(claim.references[0].at), at("REF*EA*", 0), "claim REF");
    assert_eq!(claim.health_codes.len(), 3);
    for h in &claim.health_codes {
        assert_eq!(pos(h.at), at("HI*", 0), "HI of {}", h.qualifier);
    }
    let cob = &claim.other_subscribers[0];
    assert_eq!(pos(cob.at), at("SBR*S*", 0), "2320 SBR");
    assert_eq!(pos(cob.adjustments[0].at), at("CAS*", 0), "claim CAS");
    assert_eq!(pos(cob.amounts[0].at), at("AMT*D*", 0), "2320 AMT");
    assert_eq!(
        pos(cob.payer.as_ref().unwrap().at),
        at("NM1*PR*", 1),
        "2330B NM1"
    );

    let line = &claim.lines[0];
    assert_eq!(pos(line.at), at("LX*1", 0), "LX");
    assert_eq!(pos(line.service_at), at("SV1*", 0), "SV1");
    assert_eq!(pos(line.dates[0].at), at("DTP*472*", 0), "line DTP");
    let adjudication = &line.adjudications[0];
    assert_eq!(pos(adjudication.at), at("SVD*", 0), "SVD");
    assert_eq!(
        pos(adjudication.adjustments[0].at),
        at("CAS*", 1),
        "line CAS"
    );
    assert_eq!(pos(adjudication.dates[0].at), at("DTP*573*", 0), "SVD DTP");

    let line = &claim.lines[1];
    assert_eq!(pos(line.at), at("LX*2", 0), "second LX");
    assert_eq!(pos(line.service_at), at("SV1*", 1), "second SV1");
    assert_eq!(pos(line.drug.as_ref().unwrap().at), at("LIN*", 0), "LIN");
    assert_eq!(
        pos(line.adjudications[0].adjustments[0].at),
        at("CAS*", 2),
        "second line CAS"
    );
}

#[test]
fn institutional_claim_values_point_at_their_segments() {
    let input = read("model/ok_rich_837i.x12");
    let at = |start: &str, nth: usize| find(&input, start, nth);
    let (_, claims) = claims(&input);
    let claim = &claims[0];

    assert_eq!(pos(claim.at), at("CLM*", 0), "CLM");
    assert_eq!(
        pos(claim.subscriber.as_ref().unwrap().at),
        at("SBR*", 0),
        "SBR"
    );
    assert_eq!(pos(claim.dates[1].at), at("DTP*435*", 0), "DTP*435");
    // Seven HI segments; the fourth holds the fourth and fifth composite.
    let hi: Vec<_> = claim.health_codes.iter().map(|h| pos(h.at)).collect();
    let want: Vec<_> = [0, 1, 2, 3, 3, 4, 5, 6]
        .into_iter()
        .map(|k| at("HI*", k))
        .collect();
    assert_eq!(hi, want, "HI");
    assert_eq!(pos(claim.lines[1].at), at("LX*2", 0), "LX");
    assert_eq!(pos(claim.lines[1].service_at), at("SV2*", 1), "SV2");
    assert_eq!(
        pos(claim.lines[1].dates[0].at),
        at("DTP*472*", 1),
        "line DTP"
    );
}

#[test]
fn remittance_values_point_at_their_segments() {
    let input = read("model/ok_rich_835.x12");
    let at = |start: &str, nth: usize| find(&input, start, nth);
    let (tx, payments) = remittance(&input);

    assert_eq!(pos(tx.payment.as_ref().unwrap().at), at("BPR*", 0), "BPR");
    assert_eq!(pos(tx.trace.as_ref().unwrap().at), at("TRN*", 0), "TRN");
    assert_eq!(pos(tx.references[0].at), at("REF*EV*", 0), "REF");
    assert_eq!(pos(tx.payer.as_ref().unwrap().at), at("N1*PR*", 0), "N1*PR");
    assert_eq!(pos(tx.payee.as_ref().unwrap().at), at("N1*PE*", 0), "N1*PE");
    assert_eq!(pos(tx.provider_adjustments[0].at), at("PLB*", 0), "PLB");

    let first = &payments[0];
    assert_eq!(pos(first.at), at("CLP*", 0), "CLP");
    assert_eq!(pos(first.adjustments[0].at), at("CAS*", 0), "claim CAS");
    assert_eq!(
        pos(first.patient.as_ref().unwrap().at),
        at("NM1*QC*", 0),
        "NM1*QC"
    );
    assert_eq!(pos(first.amounts[0].at), at("AMT*AU*", 0), "claim AMT");
    assert_eq!(pos(first.services[0].at), at("SVC*", 0), "SVC");
    assert_eq!(
        pos(first.services[0].amounts[0].at),
        at("AMT*B6*", 0),
        "line AMT"
    );
    assert_eq!(
        pos(first.services[0].adjustments[1].at),
        at("CAS*CO*151*", 0),
        "line CAS"
    );
    assert_eq!(pos(first.services[1].at), at("SVC*", 1), "second SVC");
    assert_eq!(
        pos(first.services[1].adjustments[1].at),
        at("CAS*", 4),
        "second line's second CAS"
    );

    let third = &payments[2];
    assert_eq!(pos(third.at), at("CLP*", 2), "third CLP");
    assert_eq!(pos(third.services[0].at), at("SVC*", 3), "third SVC");
}

#[test]
fn values_built_in_code_are_nowhere() {
    let input = read("model/ok_rich_835.x12");
    let (_, payments) = remittance(&input);
    let json = serde_json::to_string(&payments[0]).unwrap();
    assert!(!json.contains("\"at\""), "positions are not in the JSON");
    let back: ClaimPayment = serde_json::from_str(&json).unwrap();
    assert!(!back.at.is_known());
    assert!(!back.services[0].adjustments[0].at.is_known());
    // Equality ignores positions.
    assert_eq!(back, payments[0]);
}
