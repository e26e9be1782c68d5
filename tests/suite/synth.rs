//! Tests of the synthetic 837P / 837I / 835 generator (`claimcheck::synth`), using
//! only a small self-contained segment splitter, plus an external check with
//! pyx12's `x12valid` when it is installed.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::Command;

use claimcheck::diagnostic::Severity;
use claimcheck::synth::{
    SynthOptions, SynthStats, npi_check_digit, write_835, write_837i, write_837p,
};
use claimcheck::validate_bytes;

fn gen837(opts: &SynthOptions) -> (Vec<u8>, SynthStats) {
    let mut v = Vec::new();
    let s = write_837p(opts, &mut v).expect("837p");
    assert_eq!(s.bytes, v.len() as u64, "stats.bytes matches output");
    (v, s)
}

fn gen837i(opts: &SynthOptions) -> (Vec<u8>, SynthStats) {
    let mut v = Vec::new();
    let s = write_837i(opts, &mut v).expect("837i");
    assert_eq!(s.bytes, v.len() as u64, "stats.bytes matches output");
    (v, s)
}

fn gen835(opts: &SynthOptions) -> (Vec<u8>, SynthStats) {
    let mut v = Vec::new();
    let s = write_835(opts, &mut v).expect("835");
    assert_eq!(s.bytes, v.len() as u64, "stats.bytes matches output");
    (v, s)
}

fn opts(seed: u64, target: u64) -> SynthOptions {
    SynthOptions {
        seed,
        target_bytes: target,
        ..SynthOptions::default()
    }
}

/// Splits into segments (each a Vec of elements), checking terminators.
fn segments(data: &[u8], newlines: bool) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(data).expect("ASCII output");
    assert!(text.is_ascii());
    if newlines {
        assert!(text.ends_with("~\n"), "file ends with ~\\n");
        for line in text.lines() {
            assert!(
                line.ends_with('~'),
                "segment line does not end with '~': {line:?}"
            );
            assert_eq!(
                line.matches('~').count(),
                1,
                "one segment per line: {line:?}"
            );
        }
    } else {
        assert!(!text.contains('\n'));
        assert!(text.ends_with('~'));
    }
    let body = text.replace('\n', "");
    let body = body.strip_suffix('~').expect("ends with ~");
    body.split('~')
        .map(|s| {
            assert!(!s.is_empty(), "empty segment");
            assert!(!s.ends_with('*'), "trailing empty element in {s:?}");
            s.split('*').map(str::to_owned).collect()
        })
        .collect()
}

/// Parses an X12 R value into cents; at most two decimals.
fn cents(s: &str) -> i64 {
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    assert!(frac.len() <= 2, "more than two decimals: {s}");
    assert!(
        !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()),
        "bad amount {s}"
    );
    assert!(frac.bytes().all(|b| b.is_ascii_digit()), "bad amount {s}");
    let mut f: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().unwrap()
    };
    if frac.len() == 1 {
        f *= 10;
    }
    whole.parse::<i64>().unwrap() * 100 + f
}

fn el(seg: &[String], i: usize) -> &str {
    seg.get(i).map(String::as_str).unwrap_or("")
}

fn npi_ok(npi: &str) -> bool {
    let b = npi.as_bytes();
    if b.len() != 10 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let first9: [u8; 9] = b[..9].try_into().unwrap();
    npi_check_digit(&first9) == b[9] - b'0'
}

/// A date CCYYMMDD in 2026 before November.
fn check_date(d: &str) {
    assert_eq!(d.len(), 8, "date {d}");
    assert!(d.starts_with("2026"), "date not in 2026: {d}");
    let m: u32 = d[4..6].parse().unwrap();
    let day: u32 = d[6..8].parse().unwrap();
    assert!((1..=10).contains(&m), "date not before November: {d}");
    assert!((1..=31).contains(&day), "bad day: {d}");
}

/// Envelope checks shared by both kinds; returns per-ST segment slices.
fn check_envelope(
    segs: &[Vec<String>],
    st01: &str,
    gs01: &str,
    version: &str,
) -> Vec<(usize, usize)> {
    let isa = &segs[0];
    assert_eq!(isa[0], "ISA");
    assert_eq!(isa.len(), 17);
    assert_eq!(isa.join("*").len(), 105, "ISA is fixed width");
    assert_eq!(isa[2], " ".repeat(10));
    assert_eq!(isa[4], " ".repeat(10));
    assert_eq!(isa[6].len(), 15);
    assert_eq!(isa[8].len(), 15);
    assert_eq!(isa[11], "^");
    assert_eq!(isa[12], "00501");
    assert_eq!(isa[13].len(), 9);
    assert_eq!(isa[15], "T");
    assert_eq!(isa[16], ":");
    assert!(isa[9].starts_with("26"));
    check_date(&format!("20{}", isa[9]));
    let iea = segs.last().unwrap();
    assert_eq!(iea[0], "IEA");
    assert_eq!(iea[2], isa[13], "IEA02 = ISA13");

    let mut groups = 0;
    let mut txns = Vec::new();
    let mut i = 1;
    let mut st_ids = HashSet::new();
    while i < segs.len() - 1 {
        let gs = &segs[i];
        assert_eq!(gs[0], "GS", "segment {i}");
        assert_eq!(gs[1], gs01);
        assert_eq!(gs[8], version);
        check_date(&gs[4]);
        groups += 1;
        i += 1;
        let mut n_st = 0;
        while segs[i][0] == "ST" {
            let st = &segs[i];
            assert_eq!(st[1], st01);
            assert!(st_ids.insert(st[2].clone()), "ST02 unique");
            let start = i;
            while segs[i][0] != "SE" {
                i += 1;
            }
            let se = &segs[i];
            assert_eq!(se[2], st[2], "SE02 = ST02");
            assert_eq!(
                se[1].parse::<usize>().unwrap(),
                i - start + 1,
                "SE01 counts ST..SE"
            );
            txns.push((start, i));
            n_st += 1;
            i += 1;
        }
        let ge = &segs[i];
        assert_eq!(ge[0], "GE");
        assert_eq!(ge[1].parse::<usize>().unwrap(), n_st, "GE01");
        assert_eq!(ge[2], gs[6], "GE02 = GS06");
        i += 1;
    }
    assert_eq!(iea[1].parse::<usize>().unwrap(), groups, "IEA01");
    txns
}

/// Checks the HL hierarchy of one ST..SE: HL01 sequential, each HL02 names
/// an earlier HL of the level above (none for 2000A), and HL04 = 1 exactly
/// when some HL names this one as parent.
fn check_hierarchy(txn: &[Vec<String>]) {
    // (id, parent, level, child flag).
    let mut hls: Vec<(u64, Option<u64>, String, String)> = Vec::new();
    for seg in txn.iter().filter(|s| s[0] == "HL") {
        let id: u64 = seg[1].parse().unwrap();
        assert_eq!(id, hls.len() as u64 + 1, "HL01 sequential");
        let parent = if seg[2].is_empty() {
            None
        } else {
            Some(seg[2].parse().unwrap())
        };
        let want_parent_level = match seg[3].as_str() {
            "20" => None,
            "22" => Some("20"),
            "23" => Some("22"),
            other => panic!("HL03 {other}"),
        };
        match (parent, want_parent_level) {
            (None, None) => {}
            (Some(p), Some(lvl)) => {
                assert!(p < id);
                assert_eq!(hls[p as usize - 1].2, lvl, "HL02 parent level");
            }
            _ => panic!("HL02 wrong for {seg:?}"),
        }
        hls.push((id, parent, seg[3].clone(), seg[4].clone()));
    }
    assert!(!hls.is_empty(), "ST without HL");
    for (id, _, level, flag) in &hls {
        let has_child = hls.iter().any(|h| h.1 == Some(*id));
        assert_eq!(flag == "1", has_child, "HL04 of HL {id} ({level})");
    }
}

/// Checks what every 837 ST..SE starts with (ST03, BHT, 1000A, 1000B) and
/// its HL hierarchy.
fn check_837_header(txn: &[Vec<String>], version: &str) {
    assert_eq!(txn[0][3], version, "ST03");
    assert_eq!(txn[1][0], "BHT");
    assert_eq!(txn[1][1], "0019");
    assert_eq!(txn[1][6], "CH");
    check_date(&txn[1][4]);
    assert_eq!(txn[2][..2], ["NM1", "41"]);
    assert_eq!(txn[3][..2], ["PER", "IC"]);
    assert_eq!(txn[4][..2], ["NM1", "40"]);
    check_hierarchy(txn);
}

/// (claim id, [(procedure composite, charge, units, line id)]) per claim.
type Remit = Vec<(String, Vec<(String, i64, String, String)>)>;

fn check_837(data: &[u8], newlines: bool, stats: &SynthStats) -> (Remit, Vec<usize>) {
    let segs = segments(data, newlines);
    assert_eq!(segs.len() as u64, stats.segments);
    let txns = check_envelope(&segs, "837", "HC", "005010X222A1");
    assert_eq!(txns.len() as u64, stats.transactions);
    let mut claims: Remit = Vec::new();
    let mut per_txn = Vec::new();
    let mut claim_ids = HashSet::new();
    let mut line_ids = HashSet::new();
    let mut npis = 0;
    for &(start, end) in &txns {
        check_837_header(&segs[start..=end], "005010X222A1");
        let claims_before = claims.len();
        let mut cur_total: Option<i64> = None;
        let mut sum = 0;
        let mut lx_expected = 1;
        for seg in &segs[start..=end] {
            match seg[0].as_str() {
                "CLM" => {
                    if let Some(t) = cur_total {
                        assert_eq!(t, sum, "CLM02 = sum of SV102");
                    }
                    assert!(claim_ids.insert(seg[1].clone()), "CLM01 unique");
                    cur_total = Some(cents(&seg[2]));
                    sum = 0;
                    lx_expected = 1;
                    let clm05: Vec<&str> = seg[5].split(':').collect();
                    assert!(["11", "53", "02", "10", "57"].contains(&clm05[0]));
                    assert_eq!(&clm05[1..], ["B", "1"]);
                    assert_eq!(seg[6..10], ["Y", "A", "Y", "Y"]);
                    claims.push((seg[1].clone(), Vec::new()));
                }
                "LX" => {
                    assert_eq!(seg[1], lx_expected.to_string(), "LX numbered from 1");
                    lx_expected += 1;
                }
                "SV1" => {
                    let c = cents(&seg[2]);
                    sum += c;
                    assert_eq!(seg[3], "UN");
                    assert!(seg[1].starts_with("HC:"));
                    claims.last_mut().unwrap().1.push((
                        seg[1].clone(),
                        c,
                        seg[4].clone(),
                        String::new(),
                    ));
                }
                "REF" if seg[1] == "6R" => {
                    assert!(line_ids.insert(seg[2].clone()), "REF*6R unique");
                    claims.last_mut().unwrap().1.last_mut().unwrap().3 = seg[2].clone();
                }
                "DTP" => {
                    assert_eq!(seg[2], "D8");
                    check_date(&seg[3]);
                }
                "NM1" if el(seg, 8) == "XX" => {
                    assert!(npi_ok(&seg[9]), "NPI check digit: {seg:?}");
                    npis += 1;
                }
                "HI" => {
                    assert!(seg[1].starts_with("ABK:"));
                    for e in &seg[2..] {
                        assert!(e.starts_with("ABF:"));
                    }
                }
                _ => {}
            }
        }
        if let Some(t) = cur_total {
            assert_eq!(t, sum, "CLM02 = sum of SV102");
        }
        per_txn.push(claims.len() - claims_before);
    }
    assert!(npis > 0);
    assert_eq!(claims.len() as u64, stats.claims);
    assert_eq!(
        claims.iter().map(|c| c.1.len() as u64).sum::<u64>(),
        stats.service_lines
    );
    (claims, per_txn)
}

fn check_835(data: &[u8], newlines: bool, stats: &SynthStats) -> (Remit, Vec<usize>) {
    let segs = segments(data, newlines);
    assert_eq!(segs.len() as u64, stats.segments);
    let txns = check_envelope(&segs, "835", "HP", "005010X221A1");
    assert_eq!(txns.len() as u64, stats.transactions);
    let mut claims: Remit = Vec::new();
    let mut per_txn = Vec::new();
    let mut denied = 0;
    for &(start, end) in &txns {
        assert_eq!(segs[start].len(), 3, "835 ST has no ST03");
        let bpr = &segs[start + 1];
        assert_eq!(bpr[0], "BPR");
        check_date(&bpr[16]);
        let bpr02 = cents(&bpr[2]);
        assert_eq!(bpr[1], if bpr02 == 0 { "H" } else { "I" });
        assert_eq!(segs[start + 2][..2], ["TRN", "1"]);
        let claims_before = claims.len();
        let mut sum_clp04 = 0;
        // Per claim: charge, paid, patient resp, sum of all CAS, sum SVC03, sum PR.
        let mut open: Option<(i64, i64, i64, i64, i64, i64)> = None;
        let close = |c: Option<(i64, i64, i64, i64, i64, i64)>| {
            if let Some((charge, paid, resp, cas, svc_paid, pr)) = c {
                assert_eq!(charge - paid, cas, "CLP03 - CLP04 = sum of CAS");
                assert_eq!(paid, svc_paid, "CLP04 = sum of SVC03");
                assert_eq!(resp, pr, "CLP05 = patient responsibility");
            }
        };
        // Per line: charge - paid - CAS.
        let mut line_open: Option<i64> = None;
        let mut seen_npi = false;
        for seg in &segs[start..=end] {
            match seg[0].as_str() {
                "N1" if seg[1] == "PE" => {
                    assert_eq!(seg[3], "XX");
                    assert!(npi_ok(&seg[4]), "payee NPI {seg:?}");
                    seen_npi = true;
                }
                "CLP" => {
                    if let Some(l) = line_open.take() {
                        assert_eq!(l, 0, "SVC02 - SVC03 = sum of line CAS");
                    }
                    close(open.take());
                    assert_eq!(seg[2], "1");
                    let paid = cents(&seg[4]);
                    sum_clp04 += paid;
                    let resp = if seg[5].is_empty() { 0 } else { cents(&seg[5]) };
                    open = Some((cents(&seg[3]), paid, resp, 0, 0, 0));
                    claims.push((seg[1].clone(), Vec::new()));
                }
                "SVC" => {
                    if let Some(l) = line_open.take() {
                        assert_eq!(l, 0, "SVC02 - SVC03 = sum of line CAS");
                    }
                    let (c, p) = (cents(&seg[2]), cents(&seg[3]));
                    if p == 0 {
                        denied += 1;
                    }
                    line_open = Some(c - p);
                    open.as_mut().unwrap().4 += p;
                    claims.last_mut().unwrap().1.push((
                        seg[1].clone(),
                        c,
                        seg[5].clone(),
                        String::new(),
                    ));
                }
                "CAS" => {
                    let mut k = 3;
                    while k < seg.len() {
                        let a = cents(&seg[k]);
                        let o = open.as_mut().unwrap();
                        o.3 += a;
                        if seg[1] == "PR" {
                            o.5 += a;
                        }
                        if let Some(l) = line_open.as_mut() {
                            *l -= a;
                        }
                        k += 3;
                    }
                }
                "REF" if seg[1] == "6R" => {
                    claims.last_mut().unwrap().1.last_mut().unwrap().3 = seg[2].clone();
                }
                "DTM" => check_date(&seg[2]),
                "SE" => {
                    if let Some(l) = line_open.take() {
                        assert_eq!(l, 0, "SVC02 - SVC03 = sum of line CAS");
                    }
                    close(open.take());
                }
                _ => {}
            }
        }
        assert!(seen_npi);
        assert_eq!(bpr02, sum_clp04, "BPR02 = sum of CLP04");
        per_txn.push(claims.len() - claims_before);
    }
    assert!(denied > 0, "some denied lines for variety");
    assert_eq!(claims.len() as u64, stats.claims);
    (claims, per_txn)
}

/// (claim id, [(revenue code, procedure composite, charge, units, line id)])
/// per 837I claim.
type InstClaims = Vec<(String, Vec<(String, String, i64, String, String)>)>;

/// Facility type (CLM05-1) and the billing provider taxonomies that go with it.
const FACILITY_TYPES: &[(&str, &[&str])] = &[
    ("76", &["261QM0801X"]),
    ("89", &["324500000X", "261QR0405X"]),
    ("13", &["283Q00000X"]),
];

/// Checks an 837I: envelope, header, hierarchy, and each claim's segments,
/// order, dates and totals. Returns the claims.
fn check_837i(data: &[u8], newlines: bool, stats: &SynthStats) -> InstClaims {
    let segs = segments(data, newlines);
    assert_eq!(segs.len() as u64, stats.segments);
    let txns = check_envelope(&segs, "837", "HC", "005010X223A2");
    assert_eq!(txns.len() as u64, stats.transactions);
    let mut claims: InstClaims = Vec::new();
    let mut claim_ids = HashSet::new();
    let mut line_ids = HashSet::new();
    let mut seen_types = HashSet::new();
    let mut reasons_for_visit = 0;
    for &(start, end) in &txns {
        let txn = &segs[start..=end];
        check_837_header(txn, "005010X223A2");
        let mut taxonomy = "";
        let mut i = 5;
        while i < txn.len() - 1 {
            let seg = &txn[i];
            match seg[0].as_str() {
                "PRV" => {
                    assert_eq!(seg[1..3], ["BI", "PXC"]);
                    taxonomy = &seg[3];
                }
                "NM1" if el(seg, 8) == "XX" => {
                    assert!(npi_ok(&seg[9]), "NPI check digit: {seg:?}");
                }
                _ => {}
            }
            if seg[0] != "CLM" {
                i += 1;
                continue;
            }
            // One claim: CLM up to the next HL or SE.
            let mut j = i + 1;
            while !["CLM", "HL", "SE"].contains(&txn[j][0].as_str()) {
                j += 1;
            }
            let claim = &txn[i..j];
            i = j;

            assert!(claim_ids.insert(seg[1].clone()), "CLM01 unique");
            let clm05: Vec<&str> = seg[5].split(':').collect();
            assert_eq!(clm05.len(), 3, "CLM05 {seg:?}");
            assert_eq!(clm05[1..], ["A", "1"]);
            let (ftype, taxonomies) = FACILITY_TYPES
                .iter()
                .find(|(t, _)| *t == clm05[0])
                .unwrap_or_else(|| panic!("facility type {seg:?}"));
            assert!(
                taxonomies.contains(&taxonomy),
                "billing taxonomy {taxonomy} for type {ftype}"
            );
            seen_types.insert(*ftype);
            assert_eq!(seg[3..5], ["", ""]);
            assert_eq!(seg[6..], ["", "A", "Y", "Y"], "CLM06..CLM09");

            let dtp = &claim[1];
            assert_eq!(dtp[..3], ["DTP", "434", "RD8"]);
            let (from, through) = dtp[3].split_once('-').expect("RD8 range");
            check_date(from);
            check_date(through);
            assert!(from <= through, "statement period {from}-{through}");

            let cl1 = &claim[2];
            assert_eq!(cl1[0], "CL1");
            assert!(["2", "3"].contains(&cl1[1].as_str()), "CL101 {cl1:?}");
            assert!(["1", "2"].contains(&cl1[2].as_str()), "CL102 {cl1:?}");
            assert_eq!(cl1[3], "01", "CL103");
            assert_eq!(cl1.len(), 4);

            let mut k = 3;
            if claim[k][..2] == ["REF", "G1"] {
                assert!(claim[k][2].starts_with("PA"));
                k += 1;
            }
            let principal = claim[k][1].strip_prefix("ABK:").expect("HI*ABK first");
            assert_eq!(claim[k].len(), 2, "one principal diagnosis");
            assert!(principal.starts_with('F'), "ICD-10-CM F code: {principal}");
            k += 1;
            if claim[k][0] == "HI" && claim[k][1].starts_with("APR:") {
                // Only on hospital outpatient bills of urgent visits.
                assert_eq!(*ftype, "13");
                assert_eq!(cl1[1], "2");
                assert_eq!(claim[k][1], format!("APR:{principal}"));
                reasons_for_visit += 1;
                k += 1;
            } else {
                assert!(!(*ftype == "13" && cl1[1] == "2"), "HI*APR missing");
            }
            if claim[k][0] == "HI" {
                assert!((2..=3).contains(&claim[k].len()), "1 or 2 other diagnoses");
                for e in &claim[k][1..] {
                    let code = e.strip_prefix("ABF:").expect("HI*ABF");
                    assert!(code.starts_with('F') && code != principal, "{e}");
                }
                k += 1;
            }
            assert_eq!(claim[k][..3], ["NM1", "71", "1"], "2310A attending");
            assert_eq!(claim[k][8], "XX");
            assert!(npi_ok(&claim[k][9]), "attending NPI {:?}", claim[k]);
            assert_eq!(claim[k + 1][..3], ["PRV", "AT", "PXC"]);
            k += 2;

            let lines = &claim[k..];
            assert!(
                !lines.is_empty() && lines.len().is_multiple_of(4),
                "2400 loops"
            );
            let mut sum = 0;
            let mut out = Vec::new();
            for (n, line) in lines.chunks(4).enumerate() {
                assert_eq!(line[0], ["LX".to_string(), (n + 1).to_string()]);
                let sv2 = &line[1];
                assert_eq!(sv2[0], "SV2");
                assert_eq!(sv2.len(), 6, "{sv2:?}");
                let rev = &sv2[1];
                assert!(
                    rev.len() == 4 && rev.starts_with('0') && rev.parse::<u32>().is_ok(),
                    "revenue code {rev}"
                );
                assert!(sv2[2].starts_with("HC:"), "{sv2:?}");
                let charge = cents(&sv2[3]);
                assert!(charge > 0);
                sum += charge;
                assert_eq!(sv2[4], "UN");
                assert!(sv2[5].parse::<u32>().unwrap() >= 1);
                assert_eq!(line[2][..3], ["DTP", "472", "D8"]);
                let date = line[2][3].as_str();
                check_date(date);
                assert!(
                    from <= date && date <= through,
                    "line date in statement period"
                );
                assert_eq!(line[3][..2], ["REF", "6R"]);
                assert!(line_ids.insert(line[3][2].clone()), "REF*6R unique");
                out.push((
                    rev.clone(),
                    sv2[2].clone(),
                    charge,
                    sv2[5].clone(),
                    line[3][2].clone(),
                ));
            }
            assert_eq!(cents(&seg[2]), sum, "CLM02 = sum of SV203");
            claims.push((seg[1].clone(), out));
        }
    }
    if stats.claims >= 200 {
        assert_eq!(
            seen_types.len(),
            FACILITY_TYPES.len(),
            "every facility type"
        );
        assert!(reasons_for_visit > 0, "some HI*APR");
    }
    assert_eq!(claims.len() as u64, stats.claims);
    assert_eq!(
        claims.iter().map(|c| c.1.len() as u64).sum::<u64>(),
        stats.service_lines
    );
    claims
}

#[test]
fn npi_check_digit_known_value() {
    // CMS's published example NPI 1234567893.
    assert_eq!(npi_check_digit(b"123456789"), 3);
    assert!(npi_ok("1234567893"));
    assert!(!npi_ok("1234567894"));
}

#[test]
fn deterministic_and_seed_dependent() {
    let a = opts(42, 120_000);
    assert_eq!(gen837(&a).0, gen837(&a).0);
    assert_eq!(gen835(&a).0, gen835(&a).0);
    let b = opts(43, 120_000);
    assert_ne!(gen837(&a).0, gen837(&b).0);
    assert_ne!(gen835(&a).0, gen835(&b).0);
}

#[test]
fn size_target_is_met() {
    for (seed, target) in [
        (1, 0),
        (2, 5_000),
        (3, 64_000),
        (4, 300_000),
        (5, 1_000_000),
    ] {
        let o = SynthOptions {
            claims_per_transaction: 200,
            ..opts(seed, target)
        };
        let (data, stats) = gen837(&o);
        let len = data.len() as u64;
        assert!(len >= target, "{len} < {target}");
        assert!(stats.claims >= 1);
        // Over by at most one claim plus trailers: less than one transaction
        // (plus the envelope, for a tiny target).
        let segs = segments(&data, true);
        let txns = check_envelope(&segs, "837", "HC", "005010X222A1");
        let largest_txn: u64 = txns
            .iter()
            .map(|&(s, e)| {
                segs[s..=e]
                    .iter()
                    .map(|g| g.join("*").len() as u64 + 2)
                    .sum()
            })
            .max()
            .unwrap();
        let envelope = (data.len() as u64).min(400);
        let over = len - target;
        assert!(
            over <= largest_txn + envelope,
            "overshoot {over} > one transaction"
        );
        if target > 0 {
            assert!(over <= 4096, "overshoot {over} > one claim and trailers");
        }
    }
}

#[test]
fn structure_and_balancing_1mb() {
    let o = SynthOptions {
        claims_per_transaction: 300,
        transactions_per_group: 3,
        ..opts(7, 1_000_000)
    };
    let (d837, s837) = gen837(&o);
    let (d835, s835) = gen835(&o);
    assert!(s837.groups >= 2, "several groups: {s837:?}");
    let (c837, t837) = check_837(&d837, true, &s837);
    let (c835, t835) = check_835(&d835, true, &s835);
    assert_eq!(s837.claims, s835.claims);
    assert_eq!(s837.service_lines, s835.service_lines);
    assert_eq!(s837.transactions, s835.transactions);
    assert_eq!(t837, t835, "one 835 ST per 837 ST, same claims");
    assert!(t837[..t837.len() - 1].iter().all(|&n| n == 300));
    // Same claims, same lines, same order (CLP01 = CLM01, SVC01 = SV101,
    // SVC02 = SV102, SVC05 = SV104, REF*6R echoed).
    assert_eq!(c837, c835);
    let dependents = d837
        .split(|&b| b == b'\n')
        .filter(|l| l.starts_with(b"PAT*19~"))
        .count();
    assert!(dependents > 0);
}

#[test]
fn without_newlines_same_content() {
    // The size target counts output bytes, so without newlines a few more
    // claims fit; the claims that both hold are identical.
    let with = opts(9, 80_000);
    let without = SynthOptions {
        newlines: false,
        ..with.clone()
    };
    let (a, sa) = gen837(&with);
    let (b, sb) = gen837(&without);
    assert!(!b.contains(&b'\n'));
    assert!(sb.claims >= sa.claims);
    let (ca, _) = check_837(&a, true, &sa);
    let (cb, _) = check_837(&b, false, &sb);
    assert_eq!(ca[..], cb[..ca.len()]);
    let (a, sa) = gen835(&with);
    let (b, sb) = gen835(&without);
    assert!(!b.contains(&b'\n'));
    let (ra, _) = check_835(&a, true, &sa);
    let (rb, _) = check_835(&b, false, &sb);
    assert_eq!(ra[..], rb[..ra.len()]);
    assert_eq!(ca, ra);
    assert_eq!(cb, rb);
}

/// Records the largest single write: the generator must stream in bounded
/// chunks rather than build the file in memory.
struct ChunkProbe {
    total: u64,
    max_write: usize,
}

impl Write for ChunkProbe {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.total += buf.len() as u64;
        self.max_write = self.max_write.max(buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn streams_in_bounded_chunks() {
    let o = opts(3, 4_000_000);
    let mut p = ChunkProbe {
        total: 0,
        max_write: 0,
    };
    let s = write_837p(&o, &mut p).unwrap();
    assert_eq!(p.total, s.bytes);
    assert!(p.max_write < 256 * 1024, "largest write {}", p.max_write);
    let mut p = ChunkProbe {
        total: 0,
        max_write: 0,
    };
    let s = write_835(&o, &mut p).unwrap();
    assert_eq!(p.total, s.bytes);
    assert!(p.max_write < 256 * 1024, "largest write {}", p.max_write);
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Runs pyx12's `x12valid` on a file and asserts a clean verdict. pyx12's
/// exit code is unreliable (1 even on success), so the verdict is read from
/// its output: "<file>: OK" and no ERROR log lines. The one exception is
/// pyx12 4.0.0's 999 writer, which always crashes on 5010 835s ("Cannot
/// create AK2: err_st.vriic was not set": the 835 guide forbids ST03, which
/// that writer requires); that internal failure is not a validation finding.
fn assert_x12valid_clean(exe: &PathBuf, file: &std::path::Path, is_835: bool) {
    let log = file.with_extension("pyx12.log");
    let out = Command::new(exe)
        .arg("-l")
        .arg(&log)
        .arg(file)
        .output()
        .expect("run x12valid");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    let verdict = format!("{}: OK", file.display());
    assert!(
        text.contains(&verdict),
        "x12valid did not say OK for {}:\n{text}",
        file.display()
    );
    let known_999_crash = "ERROR Failed to create 999 response";
    let errors: Vec<&str> = text
        .lines()
        .chain(log_text.lines())
        .filter(|l| l.contains(" ERROR ") && !(is_835 && l.contains(known_999_crash)))
        .collect();
    assert!(
        errors.is_empty(),
        "x12valid reported errors for {}:\n{}",
        file.display(),
        errors.join("\n")
    );
    if text.contains(known_999_crash) {
        assert!(
            text.contains("Cannot create AK2: err_st.vriic was not set"),
            "unexpected 999 failure:\n{text}"
        );
    }
}

#[test]
fn pyx12_x12valid_accepts_small_files() {
    let Some(exe) = find_on_path("x12valid") else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "x12valid (pyx12 4.0.0) is not on PATH but CI is set; install it with `pip install pyx12==4.0.0`"
            );
        }
        eprintln!("skipping: x12valid not on PATH (pip install pyx12==4.0.0)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // Small transactions and groups so that several ST and GS are checked.
    for (seed, cpt, tpg) in [(1, 1000, 50), (2, 40, 2)] {
        let o = SynthOptions {
            seed,
            target_bytes: 50_000,
            claims_per_transaction: cpt,
            transactions_per_group: tpg,
            newlines: true,
            ..Default::default()
        };
        let p837 = dir.path().join(format!("s{seed}.x837"));
        let p835 = dir.path().join(format!("s{seed}.x835"));
        std::fs::write(&p837, gen837(&o).0).unwrap();
        std::fs::write(&p835, gen835(&o).0).unwrap();
        assert_x12valid_clean(&exe, &p837, false);
        assert_x12valid_clean(&exe, &p835, true);
    }
}

#[test]
fn i837_deterministic_and_seed_dependent() {
    let a = opts(42, 120_000);
    let (first, _) = gen837i(&a);
    assert_eq!(first, gen837i(&a).0);
    assert_ne!(first, gen837i(&opts(43, 120_000)).0);
    assert_ne!(first, gen837(&a).0, "837I differs from the 837P");
    // Chunked output (bounded writes) is the same bytes.
    let mut p = ChunkProbe {
        total: 0,
        max_write: 0,
    };
    let s = write_837i(&opts(3, 4_000_000), &mut p).unwrap();
    assert_eq!(p.total, s.bytes);
    assert!(p.max_write < 256 * 1024, "largest write {}", p.max_write);
}

#[test]
fn i837_structure_and_envelope_counts() {
    let o = SynthOptions {
        claims_per_transaction: 300,
        transactions_per_group: 3,
        ..opts(7, 1_000_000)
    };
    let (data, stats) = gen837i(&o);
    assert!(data.len() as u64 >= o.target_bytes);
    assert!(
        data.len() as u64 - o.target_bytes <= 4096,
        "overshoot more than one claim and trailers"
    );
    assert!(stats.groups >= 2, "several groups: {stats:?}");
    assert_eq!(stats.interchanges, 1);
    assert_eq!(
        stats.transactions,
        stats.claims.div_ceil(300),
        "a new ST every 300 claims"
    );
    assert_eq!(stats.groups, stats.transactions.div_ceil(3));
    let claims = check_837i(&data, true, &stats);
    let dependents = data
        .split(|&b| b == b'\n')
        .filter(|l| l.starts_with(b"PAT*19~"))
        .count();
    assert!(dependents > 0);
    assert!(claims.iter().any(|c| c.1.len() > 1));

    // Without newlines: the claims that both hold are identical.
    let without = SynthOptions {
        newlines: false,
        target_bytes: 80_000,
        ..o.clone()
    };
    let with = SynthOptions {
        target_bytes: 80_000,
        ..o
    };
    let (a, sa) = gen837i(&with);
    let (b, sb) = gen837i(&without);
    assert!(!b.contains(&b'\n'));
    assert!(sb.claims >= sa.claims);
    let ca = check_837i(&a, true, &sa);
    let cb = check_837i(&b, false, &sb);
    assert_eq!(ca[..], cb[..ca.len()]);

    // A tiny target still gives one complete claim.
    let (tiny, ts) = gen837i(&opts(2, 0));
    assert_eq!(ts.claims, 1);
    check_837i(&tiny, true, &ts);
}

/// claimcheck's own validator detects the 837I and finds nothing of
/// severity error in it; its envelope counts agree with the generator's.
#[test]
fn i837_claimcheck_reports_no_errors() {
    for (seed, newlines) in [(1, true), (4, false)] {
        let o = SynthOptions {
            claims_per_transaction: 150,
            transactions_per_group: 2,
            newlines,
            ..opts(seed, 400_000)
        };
        let (data, stats) = gen837i(&o);
        let report = validate_bytes(&data);
        let errors: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "claimcheck errors: {errors:#?}");
        assert_eq!(report.bytes, stats.bytes);
        assert_eq!(report.envelopes.interchanges, stats.interchanges);
        assert_eq!(report.envelopes.groups, stats.groups);
        assert_eq!(report.envelopes.transactions, stats.transactions);
        assert_eq!(
            report.envelopes.kinds.get("837I"),
            Some(&stats.transactions)
        );
        assert_eq!(report.envelopes.kinds.len(), 1, "{:?}", report.envelopes);
    }
}

#[test]
fn pyx12_x12valid_accepts_837i() {
    let Some(exe) = find_on_path("x12valid") else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "x12valid (pyx12 4.0.0) is not on PATH but CI is set; install it with `pip install pyx12==4.0.0`"
            );
        }
        eprintln!("skipping: x12valid not on PATH (pip install pyx12==4.0.0)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // Small transactions and groups so that several ST and GS are checked.
    for (seed, cpt, tpg) in [(1, 1000, 50), (2, 40, 2), (3, 1000, 50)] {
        let o = SynthOptions {
            seed,
            target_bytes: 60_000,
            claims_per_transaction: cpt,
            transactions_per_group: tpg,
            newlines: true,
            ..Default::default()
        };
        let path = dir.path().join(format!("s{seed}.x837i"));
        std::fs::write(&path, gen837i(&o).0).unwrap();
        assert_x12valid_clean(&exe, &path, false);
    }
}
