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

/// One 837P set with a claim: its HI and its lines' SV1s as given.
fn set_with(control: &str, claim: &str, hi: &str, sv1s: &[&str]) -> String {
    let mut body = vec![
        format!("ST*837*{control}*005010X222A1"),
        format!("BHT*0019*00*{control}*20260101*1200*CH"),
        "NM1*41*2*SUBMITTER*****46*S1".into(),
        "PER*IC*DESK*TE*5555550100".into(),
        "NM1*40*2*RECEIVER*****46*R1".into(),
        "HL*1**20*1".into(),
        "NM1*85*2*CLINIC*****XX*1234567893".into(),
        "N3*1 MAIN ST".into(),
        "N4*CITY*NY*12345".into(),
        "REF*EI*123456789".into(),
        "HL*2*1*22*0".into(),
        "SBR*P*18*******MC".into(),
        "NM1*IL*1*DOE*JANE****MI*M1".into(),
        "NM1*PR*2*PAYER*****PI*P1".into(),
        format!("CLM*{claim}*300***11:B:1*Y*A*Y*Y"),
        hi.into(),
    ];
    for (n, sv1) in sv1s.iter().enumerate() {
        body.push(format!("LX*{}", n + 1));
        body.push((*sv1).into());
        body.push("DTP*472*D8*20251215".into());
    }
    body.push(format!("SE*{}*{control}", body.len() + 1));
    body.iter().map(|s| format!("{s}~\n")).collect()
}

/// Repeated SV1 and HI segments (in one set and across sets, short and
/// long) each have their own segment's position, and the same values.
#[test]
fn repeated_segments_keep_their_own_positions() {
    let sv1 = "SV1*HC:90837:95*150*UN*1***1:2";
    // Longer than the segments the syntax rules' clean table keeps.
    let long = "SV1*HC:90837:95::::PSYCHOTHERAPY 60 MINUTES WITH PATIENT*150*UN*1***1:2";
    let hi = "HI*ABK:F329*ABF:F419";
    let input = format!(
        "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       \
         *260101*1200*^*00501*000000001*0*T*:~\n\
         GS*HC*SENDER*RECEIVER*20260101*1200*1*X*005010X222A1~\n\
         {}{}GE*2*1~\nIEA*1*000000001~\n",
        set_with("0001", "C1", hi, &[sv1, sv1]),
        set_with("0002", "C2", hi, &[sv1, long, long]),
    );
    let parsed = parse_bytes(input.as_bytes());
    assert!(!parsed.damaged(), "{:?}", parsed.problems);
    let claims: Vec<Claim> = parsed.document.interchanges[0].groups[0]
        .transactions
        .iter()
        .flat_map(|t| match t {
            Transaction::Claims(tx) => tx.claims.clone(),
            other => panic!("not claims: {other:?}"),
        })
        .collect();
    assert_eq!(claims.len(), 2);
    let input = input.as_bytes();
    let mut sv1_seen = 0;
    let mut long_seen = 0;
    for (k, claim) in claims.iter().enumerate() {
        assert_eq!(claim.health_codes.len(), 2);
        for code in &claim.health_codes {
            assert_eq!(pos(code.at), find(input, "HI*", k), "claim {k}");
        }
        assert_eq!(claim.health_codes[0].code.as_deref(), Some("F329"));
        assert_eq!(claim.health_codes[1].qualifier.as_str(), "ABF");
        for line in &claim.lines {
            let p = line.procedure.as_ref().expect("a procedure");
            assert_eq!(p.code.as_deref(), Some("90837"));
            assert_eq!(p.modifiers, ["95"]);
            assert_eq!(line.charge.map(|c| c.to_string()).as_deref(), Some("150"));
            assert_eq!(line.diagnosis_pointers, ["1", "2"]);
            let expected = if p.description.is_some() {
                long_seen += 1;
                find(input, long, long_seen - 1)
            } else {
                sv1_seen += 1;
                find(input, sv1, sv1_seen - 1)
            };
            assert_eq!(pos(line.service_at), expected);
        }
    }
    assert_eq!((sv1_seen, long_seen), (3, 2));
    assert_eq!(
        claims[1].lines[2]
            .procedure
            .as_ref()
            .unwrap()
            .description
            .as_deref(),
        Some("PSYCHOTHERAPY 60 MINUTES WITH PATIENT")
    );
}
