//! claimcheck's 835 model and the crates.io crate x12-types (feature
//! `x12-types`, `cargo test --features x12-types --test x12types_interop`):
//!
//! - the two parsers agree on every corpus 835 and on generated ones:
//!   transaction sets, claim payments, the sum of CLP04 and service lines;
//! - claimcheck model → x12-types → model gives the same model, and
//!   x12-types → model → x12-types the same `_835`s (up to `Some("")`
//!   versus `None`);
//! - a file read by x12-types and converted equals claimcheck's own parse
//!   of it;
//! - what x12-types cannot hold is an error that names it.
#![cfg(feature = "x12-types")]

#[path = "suite/common.rs"]
mod common;

use std::panic::{self, AssertUnwindSafe};

use claimcheck::interop::x12_types::{
    ConvertErrorKind, document_from_x12_types, from_x12_types, interchange_from_x12_types,
    interchange_to_x12_types, to_x12_types,
};
use claimcheck::model::{
    Amount, ClaimPayment, Document, OtherSegment, RawSegment, RemittanceTransaction, Text,
    Transaction, parse_bytes,
};
use claimcheck::synth::{SynthOptions, write_835};
use rust_decimal::Decimal;
use x12_types::util::Parser as _;
use x12_types::v005010::{_835, Transmission};

// ------------------------------------------------------------ reading with x12-types

/// x12-types' reader over every interchange of `text`. One call of
/// `Transmission::parse` reads one ISA … IEA; it panics on some missing
/// required elements, which is an answer here, not a test failure.
fn x12_types_read(text: &str) -> Result<Vec<Transmission<_835>>, String> {
    let read = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut rest = text;
        let mut out = Vec::new();
        while !rest.trim().is_empty() {
            match Transmission::<_835>::parse(rest) {
                Ok((r, t)) => {
                    out.push(t);
                    rest = r;
                }
                Err(e) => {
                    let at = match &e {
                        nom::Err::Error(er) | nom::Err::Failure(er) => text.len() - er.input.len(),
                        nom::Err::Incomplete(_) => text.len(),
                    };
                    return Err(format!("x12-types stops at byte {at}"));
                }
            }
        }
        Ok(out)
    }));
    read.unwrap_or_else(|_| Err("x12-types panicked".into()))
}

/// What a file needs before x12-types can read it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Fixes {
    /// A UTF-8 byte order mark before the ISA.
    bom: bool,
    /// Line breaks other than one `\n` after a segment terminator: CR LF,
    /// blank lines, indentation.
    line_breaks: bool,
    /// An element separator other than `*` or a terminator other than `~`.
    separators: bool,
    /// More than one GS in an ISA: x12-types reads one.
    groups: bool,
}

const NONE: Fixes = Fixes {
    bom: false,
    line_breaks: false,
    separators: false,
    groups: false,
};

/// The file as x12-types can read it: no BOM, `*` and `~\n`, no other
/// white space between segments, one GS per ISA (each further group gets
/// a copy of its ISA and an IEA). Values are not touched.
fn for_x12_types(bytes: &[u8]) -> (String, Fixes) {
    let mut fixes = Fixes::default();
    let bytes = match bytes.strip_prefix("\u{feff}".as_bytes()) {
        Some(rest) => {
            fixes.bom = true;
            rest
        }
        None => bytes,
    };
    let start = bytes.windows(3).position(|w| w == b"ISA").expect("an ISA");
    let bytes = &bytes[start..];
    let elem = bytes[3];
    // The terminator follows ISA16, the byte after the 16th separator.
    let sixteenth = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == elem)
        .nth(15)
        .map(|(i, _)| i)
        .expect("ISA16");
    let term = bytes[sixteenth + 2];
    fixes.separators = elem != b'*' || term != b'~';
    let mut segments: Vec<Vec<u8>> = Vec::new();
    for piece in bytes.split(|b| *b == term) {
        let seg = piece.trim_ascii_start();
        let gap = &piece[..piece.len() - seg.len()];
        if seg.is_empty() {
            continue;
        }
        if !segments.is_empty() && !gap.is_empty() && gap != b"\n" {
            fixes.line_breaks = true;
        }
        segments.push(
            seg.iter()
                .map(|&b| if b == elem { b'*' } else { b })
                .collect(),
        );
    }
    let mut out = String::new();
    let mut isa: Option<Vec<u8>> = None;
    let mut groups_in_isa = 0;
    for seg in &segments {
        let id = seg.split(|b| *b == b'*').next().unwrap_or_default();
        let line = |out: &mut String, s: &[u8]| {
            out.push_str(&String::from_utf8_lossy(s));
            out.push_str("~\n");
        };
        match id {
            b"ISA" => {
                isa = Some(seg.clone());
                groups_in_isa = 0;
                line(&mut out, seg);
            }
            b"GS" => {
                groups_in_isa += 1;
                if groups_in_isa > 1 {
                    fixes.groups = true;
                    let isa = isa.as_ref().expect("GS in an ISA");
                    let control = isa.split(|b| *b == b'*').nth(13).unwrap_or_default();
                    line(&mut out, &[b"IEA*1*", control].concat());
                    line(&mut out, isa);
                }
                line(&mut out, seg);
            }
            b"IEA" if groups_in_isa > 1 => {
                let control = seg.split(|b| *b == b'*').nth(2).unwrap_or_default();
                line(&mut out, &[b"IEA*1*", control].concat());
            }
            _ => line(&mut out, seg),
        }
    }
    (out, fixes)
}

// ------------------------------------------------------------ the counts compared

/// What the two parsers are compared on, per transaction set.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Counts {
    claims: usize,
    /// Sum of the CLP04 values that are plain decimals, exact.
    paid: Decimal,
    /// CLP04 values written but not plain decimals (not summed).
    paid_not_decimal: usize,
    services: usize,
}

/// SVC segments the model keeps whole in a claim payment (not typed as a
/// service line).
fn kept_services(c: &ClaimPayment) -> usize {
    c.other_segments
        .iter()
        .filter(|o| o.segment.id == "SVC")
        .count()
}

fn remittances(doc: &Document) -> Vec<&RemittanceTransaction> {
    doc.interchanges
        .iter()
        .flat_map(|i| &i.groups)
        .flat_map(|g| &g.transactions)
        .filter_map(|t| match t {
            Transaction::Remittance(r) => Some(&**r),
            _ => None,
        })
        .collect()
}

fn claimcheck_counts(doc: &Document) -> Vec<Counts> {
    remittances(doc)
        .into_iter()
        .map(|tx| Counts {
            claims: tx.claims.len(),
            paid: tx
                .claims
                .iter()
                .filter_map(|c| c.paid)
                .map(Amount::value)
                .sum(),
            paid_not_decimal: tx
                .claims
                .iter()
                .filter(|c| c.extra.get("CLP04").is_some())
                .count(),
            services: tx.claims.iter().map(|c| c.services.len()).sum(),
        })
        .collect()
}

fn x12_types_counts(ts: &[Transmission<_835>]) -> Vec<Counts> {
    let mut out = Vec::new();
    for tx in ts
        .iter()
        .flat_map(|t| &t.functional_group)
        .flat_map(|g| &g.segments)
    {
        let claims: Vec<_> = tx.loop_2000.iter().flat_map(|l| &l.loop_2100).collect();
        let paid: Vec<Option<Amount>> = claims
            .iter()
            .filter(|c| !c.clp._04.is_empty())
            .map(|c| Amount::parse(c.clp._04.as_bytes()))
            .collect();
        out.push(Counts {
            claims: claims.len(),
            paid: paid.iter().flatten().map(|a| a.value()).sum(),
            paid_not_decimal: paid.iter().filter(|a| a.is_none()).count(),
            services: claims.iter().map(|c| c.loop_2110.len()).sum(),
        });
    }
    out
}

// ------------------------------------------------------------ the files

/// One corpus 835: what x12-types needs before it reads it, and the totals
/// the two parsers find.
struct Row {
    file: &'static str,
    fixes: Fixes,
    sets: usize,
    claims: usize,
    /// Sum of CLP04.
    paid: &'static str,
    /// SVC segments: x12-types' service lines.
    services: usize,
    /// The service lines claimcheck's model types. Where fewer, the
    /// others are SVC segments the guide does not recognise as a service
    /// line; the model keeps each, with the DTM, CAS, REF, AMT and LQ after
    /// it, whole in the claim payment's `other_segments` (SYN001), as
    /// pyx12 rejects them too. x12-types takes any SVC.
    typed_services: usize,
}

const INTELIGENZ: &str = "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___835___5010__FromNth__835_WithMultipleInterchanges.txt";
const COB: &str =
    "LinuxForHealth__x12/src__tests__resources__835_005010X221A1__cob-contractural-adjustment.835";
const SECONDARY: &str =
    "LinuxForHealth__x12/src__tests__resources__835_005010X221A1__secondary-payment.835";

/// Every corpus 835. Claims and the sum of CLP04 agree on every file, set
/// by set; service lines on all but the three files that say why.
const CORPUS_835: &[Row] = &[
    // Three interchanges, a BOM, CR LF and two spaces of indentation
    // before every segment after the first: x12-types reads it once the
    // BOM, CRs and indentation are gone.
    // Service lines: the file's data is masked (`XX` for letters), so 84
    // of its 91 SVCs have the procedure qualifier `XX` (`SVC*XX>99999`),
    // which is not a 2110 qualifier; only the 7 `SVC*HC>…` are service
    // lines to claimcheck.
    Row {
        file: INTELIGENZ,
        fixes: Fixes {
            bom: true,
            line_breaks: true,
            ..NONE
        },
        sets: 3,
        claims: 56,
        paid: "7327.04",
        services: 91,
        typed_services: 7,
    },
    // The five LinuxForHealth files, pyx12's and the two edi-835-parser
    // samples are written with `*` and `~` (one `\n` or nothing after
    // each): x12-types reads them as they are.
    // Service lines: ISA16 is `:`, but SVC01 is written `HC>55669`, one
    // component whose qualifier is `HC>55669`.
    Row {
        file: COB,
        fixes: NONE,
        sets: 1,
        claims: 1,
        paid: "34.00",
        services: 1,
        typed_services: 0,
    },
    Row {
        file: "LinuxForHealth__x12/src__tests__resources__835_005010X221A1__managed-care.835",
        fixes: NONE,
        sets: 1,
        claims: 2,
        paid: "945.00",
        services: 2,
        typed_services: 2,
    },
    Row {
        file: "LinuxForHealth__x12/src__tests__resources__835_005010X221A1__medicare-part-a.835",
        fixes: NONE,
        sets: 1,
        claims: 2,
        paid: "149998.73",
        services: 0,
        typed_services: 0,
    },
    // Service lines: as in the COB file, SVC01 is written with `>`
    // (`HC>12345>26`) under ISA16 `:`.
    Row {
        file: SECONDARY,
        fixes: NONE,
        sets: 1,
        claims: 2,
        paid: "1222.00",
        services: 2,
        typed_services: 0,
    },
    Row {
        file: "LinuxForHealth__x12/src__tests__resources__835_005010X221A1__tertiary-payment.835",
        fixes: NONE,
        sets: 1,
        claims: 1,
        paid: "187.50",
        services: 1,
        typed_services: 1,
    },
    Row {
        file: "azoner__pyx12/pyx12__tests__835_mult_loops.txt",
        fixes: NONE,
        sets: 1,
        claims: 1,
        paid: "0.00",
        services: 3,
        typed_services: 3,
    },
    Row {
        file: "keironstoddart__edi-835-parser/tests__test_edi_835_files__emedny_sample.txt",
        fixes: NONE,
        sets: 1,
        claims: 3,
        paid: "45.75",
        services: 10,
        typed_services: 10,
    },
    Row {
        file: "keironstoddart__edi-835-parser/tests__test_edi_835_files__united_healthcare_legacy_sample.txt",
        fixes: NONE,
        sets: 1,
        claims: 2,
        paid: "349.99",
        services: 5,
        typed_services: 5,
    },
    // The segment terminator is a line feed (ISA16 is followed by `\n`):
    // x12-types wants `~`.
    Row {
        file: "tastypackets__x12-parser/test__test-files__835__multi-line-not-delimited.edi",
        fixes: Fixes {
            separators: true,
            ..NONE
        },
        sets: 1,
        claims: 3,
        paid: "45.75",
        services: 10,
        typed_services: 10,
    },
];

/// Every corpus file that holds an 835 set, by name.
fn corpus_835s() -> Vec<(String, Vec<u8>)> {
    let dir = common::corpus_dir();
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for path in common::corpus_files() {
        let bytes = std::fs::read(&path).expect("read corpus file");
        if remittances(&parse_bytes(&bytes).document).is_empty() {
            continue;
        }
        out.push((common::corpus_name(&path), bytes));
    }
    out
}

/// Generated 835s: several sets per group and several groups per ISA,
/// with and without a line break after each segment.
fn generated_835s() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (seed, newlines) in [(1, true), (2, false), (3, true)] {
        let opts = SynthOptions {
            seed,
            target_bytes: 40_000,
            claims_per_transaction: 7,
            transactions_per_group: 3,
            newlines,
            ..Default::default()
        };
        let mut bytes = Vec::new();
        write_835(&opts, &mut bytes).expect("generate an 835");
        out.push((format!("generated seed {seed}"), bytes));
    }
    out
}

/// A file read by x12-types, normalised first when it needs it.
fn read_both(name: &str, bytes: &[u8]) -> (Document, Vec<Transmission<_835>>, Fixes) {
    let doc = parse_bytes(bytes).document;
    let (text, fixes) = for_x12_types(bytes);
    let raw = std::str::from_utf8(bytes)
        .map_err(|e| e.to_string())
        .and_then(x12_types_read);
    // The table's fixes are exactly what x12-types needs: a file that needs
    // none is read as it is, one that needs some is not.
    assert_eq!(
        raw.is_ok(),
        fixes == NONE,
        "{name}: x12-types on the file as written: {:?}, fixes {fixes:?}",
        raw.as_ref().err()
    );
    let ts = x12_types_read(&text)
        .unwrap_or_else(|e| panic!("{name}: x12-types on the normalised file: {e}"));
    (doc, ts, fixes)
}

// ------------------------------------------------------------ the tests

#[test]
fn both_parsers_agree_on_the_corpus_835s() {
    let files = corpus_835s();
    if files.is_empty() {
        eprintln!("../shared/corpus is absent: nothing to compare");
        return;
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let listed: Vec<&str> = CORPUS_835.iter().map(|row| row.file).collect();
    assert_eq!(names, listed, "every corpus 835 is in CORPUS_835");
    for ((name, bytes), row) in files.iter().zip(CORPUS_835) {
        let (doc, ts, fixes) = read_both(name, bytes);
        assert_eq!(fixes, row.fixes, "{name}: what x12-types needs");
        let ours = claimcheck_counts(&doc);
        let theirs = x12_types_counts(&ts);
        eprintln!("{name}:\n  claimcheck {ours:?}\n  x12-types  {theirs:?}");
        // Set by set: the same claims and CLP04; the service lines
        // claimcheck types plus the SVCs it keeps whole are x12-types'.
        assert_eq!(ours.len(), theirs.len(), "{name}: sets");
        for ((a, b), tx) in ours.iter().zip(&theirs).zip(remittances(&doc)) {
            let kept: usize = tx.claims.iter().map(kept_services).sum();
            let a = Counts {
                services: a.services + kept,
                ..a.clone()
            };
            assert_eq!(&a, b, "{name}: set {}", tx.control_number);
        }
        let total =
            |counts: &[Counts], f: fn(&Counts) -> usize| counts.iter().map(f).sum::<usize>();
        assert_eq!(ours.len(), row.sets, "{name}: sets");
        assert_eq!(total(&ours, |c| c.claims), row.claims, "{name}: claims");
        assert_eq!(total(&theirs, |c| c.services), row.services, "{name}");
        assert_eq!(total(&ours, |c| c.services), row.typed_services, "{name}");
        assert_eq!(total(&ours, |c| c.paid_not_decimal), 0, "{name}");
        let sum: Decimal = ours.iter().map(|c| c.paid).sum();
        let paid = Amount::parse(row.paid.as_bytes())
            .expect("a decimal")
            .value();
        assert_eq!(sum, paid, "{name}: sum of CLP04");
    }
}

#[test]
fn both_parsers_agree_on_generated_835s() {
    for (name, bytes) in generated_835s() {
        let (doc, ts, fixes) = read_both(&name, &bytes);
        // The generator writes several groups per ISA; nothing else needs
        // changing.
        assert_eq!(
            fixes,
            Fixes {
                groups: true,
                ..NONE
            },
            "{name}"
        );
        let ours = claimcheck_counts(&doc);
        assert!(ours.len() > 3, "{name}: several groups of sets");
        assert_eq!(ours, x12_types_counts(&ts), "{name}");
    }
}

/// claimcheck's parse of every corpus and generated 835.
fn all_835s() -> Vec<(String, Vec<u8>)> {
    let mut files = corpus_835s();
    files.extend(generated_835s());
    files
}

/// A claim payment in which claimcheck's model keeps segments the guide
/// has no place for where they stand: in the corpus, the SVCs it does not
/// recognise in [`INTELIGENZ`], [`COB`] and [`SECONDARY`] with the
/// segments after them, and in [`INTELIGENZ`] also the DTM*232 and
/// DTM*233 written after DTM*050 (the guide orders 232/233, 036, 050).
fn out_of_guide(c: &ClaimPayment) -> bool {
    c.other_segments.iter().any(|o| o.unexpected)
}

fn round_trip(name: &str, tx: &RemittanceTransaction) {
    let x = to_x12_types(tx).unwrap_or_else(|e| panic!("{name}: {e}"));
    let back = from_x12_types(&x).unwrap_or_else(|e| panic!("{name}: {e}"));
    for (a, b) in tx.claims.iter().zip(&back.claims) {
        assert_eq!(claim_summary(b), claim_summary(a), "{name}");
    }
    assert_eq!(&back, tx, "{name}: set {}", tx.control_number);
}

#[test]
fn model_to_x12_types_and_back_is_the_same_model() {
    let mut refused = Vec::new();
    for (name, bytes) in all_835s() {
        let doc = parse_bytes(&bytes).document;
        for tx in remittances(&doc) {
            let Some(odd) = tx.claims.iter().find(|c| out_of_guide(c)) else {
                round_trip(&name, tx);
                continue;
            };
            // x12-types has no place for those segments where the model
            // keeps them (among the claim's own segments, after the
            // guide's): converting the set is an error that names the
            // claim. The rest of the set goes both ways.
            let e = to_x12_types(tx).unwrap_err();
            assert!(
                matches!(e.kind, ConvertErrorKind::NoPlace(_)),
                "{name}: {e}"
            );
            let at = format!("835 {}, claim payment {}", tx.control_number, odd.id);
            assert_eq!(e.at, at, "{name}");
            refused.push(name.clone());
            let mut rest = tx.clone();
            rest.claims.retain(|c| !out_of_guide(c));
            round_trip(&name, &rest);
        }
        // Whole interchanges, with their own separators.
        for i in &doc.interchanges {
            let Ok(t) = interchange_to_x12_types(i) else {
                continue;
            };
            let back = interchange_from_x12_types(&t).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(back.groups, i.groups, "{name}");
            assert_eq!(back.control_number, i.control_number, "{name}");
            assert_eq!(back.sender_id, i.sender_id, "{name}");
            assert_eq!(back.delimiters.component, i.delimiters.component, "{name}");
        }
    }
    refused.dedup();
    let expected: Vec<&str> = if common::corpus_dir().is_dir() {
        vec![INTELIGENZ, COB, SECONDARY]
    } else {
        Vec::new()
    };
    assert_eq!(refused, expected);
}

/// The values the issue names, so that a failure shows them first.
fn claim_summary(c: &ClaimPayment) -> (String, Vec<String>, Vec<Vec<String>>) {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let head = format!(
        "{} {} {} {} {}",
        c.id,
        opt(c.status.as_ref().map(|t| t.to_string())),
        opt(c.charge.map(|a| a.to_string())),
        opt(c.paid.map(|a| a.to_string())),
        opt(c.patient_responsibility.map(|a| a.to_string())),
    );
    let cas = |adjustments: &[claimcheck::model::Adjustment]| -> Vec<String> {
        adjustments
            .iter()
            .flat_map(|a| {
                a.reasons.iter().map(|r| {
                    let amount = opt(r.amount.map(|a| a.to_string()));
                    format!("{}-{}:{amount}", a.group, r.carc)
                })
            })
            .collect()
    };
    let services = c
        .services
        .iter()
        .map(|s| {
            let mut v = vec![
                opt(s.procedure.as_ref().map(|p| format!("{p:?}"))),
                opt(s.charge.map(|a| a.to_string())),
                opt(s.paid.map(|a| a.to_string())),
                opt(s.units.map(|a| a.to_string())),
            ];
            v.extend(cas(&s.adjustments));
            v
        })
        .collect();
    (head, cas(&c.adjustments), services)
}

/// `_835`s as JSON with `""` as `null`: x12-types has `Some("")` for an
/// element written empty, the model `None`.
fn comparable(ts: &[Transmission<_835>]) -> serde_json::Value {
    fn blank_is_null(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) if s.is_empty() => *v = serde_json::Value::Null,
            serde_json::Value::Array(a) => a.iter_mut().for_each(blank_is_null),
            serde_json::Value::Object(m) => m.values_mut().for_each(blank_is_null),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(ts).expect("x12-types serializes");
    blank_is_null(&mut v);
    v
}

#[test]
fn x12_types_to_model_and_back_is_the_same_835() {
    for (name, bytes) in all_835s() {
        let (_, ts, _) = read_both(&name, &bytes);
        let doc = document_from_x12_types(&ts).unwrap_or_else(|e| panic!("{name}: {e}"));
        let back: Vec<Transmission<_835>> = doc
            .interchanges
            .iter()
            .map(|i| interchange_to_x12_types(i).unwrap_or_else(|e| panic!("{name}: {e}")))
            .collect();
        assert_eq!(comparable(&back), comparable(&ts), "{name}");
        // Set by set, without the envelope.
        for tx in ts
            .iter()
            .flat_map(|t| &t.functional_group)
            .flat_map(|g| &g.segments)
        {
            let model = from_x12_types(tx).unwrap_or_else(|e| panic!("{name}: {e}"));
            let again = to_x12_types(&model).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                comparable(std::slice::from_ref(&wrap(again))),
                comparable(std::slice::from_ref(&wrap(tx.clone()))),
                "{name}: set {}",
                tx.st._02
            );
        }
    }
}

fn wrap(tx: _835) -> Transmission<_835> {
    Transmission {
        functional_group: vec![x12_types::v005010::FunctionalGroup {
            segments: vec![tx],
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[test]
fn a_file_read_by_x12_types_converts_to_claimchecks_own_parse() {
    for (name, bytes) in all_835s() {
        let (doc, ts, _) = read_both(&name, &bytes);
        let converted = document_from_x12_types(&ts).unwrap_or_else(|e| panic!("{name}: {e}"));
        let ours = remittances(&doc);
        let theirs = remittances(&converted);
        assert_eq!(ours.len(), theirs.len(), "{name}");
        for (a, b) in ours.into_iter().zip(theirs) {
            assert_eq!(a.claims.len(), b.claims.len(), "{name}");
            for (x, y) in a.claims.iter().zip(&b.claims) {
                if out_of_guide(x) {
                    // x12-types has those SVCs as service lines.
                    assert_eq!((&y.id, y.paid), (&x.id, x.paid), "{name}");
                    let svc = x.services.len() + kept_services(x);
                    assert_eq!(y.services.len(), svc, "{name}: claim {}", x.id);
                } else {
                    assert_eq!(y, x, "{name}: set {}", a.control_number);
                }
            }
            let head = |t: &RemittanceTransaction| RemittanceTransaction {
                claims: Vec::new(),
                ..t.clone()
            };
            assert_eq!(head(b), head(a), "{name}: set {}", a.control_number);
        }
    }
}

#[test]
fn x12_types_writes_what_it_reads_from_a_converted_model() {
    // x12-types' own writer (Display) on a converted interchange, read
    // back by both parsers: the same values. x12-types writes several
    // groups in an ISA but reads only one, so the generated file here has
    // one.
    let mut files = corpus_835s();
    let mut one_group = Vec::new();
    let opts = SynthOptions {
        seed: 4,
        target_bytes: 40_000,
        claims_per_transaction: 7,
        ..SynthOptions::default()
    };
    write_835(&opts, &mut one_group).expect("generate an 835");
    files.push(("generated, one group".into(), one_group));
    let mut written = 0;
    for (name, bytes) in files {
        let doc = parse_bytes(&bytes).document;
        for i in &doc.interchanges {
            let Ok(t) = interchange_to_x12_types(i) else {
                continue;
            };
            let text = t.to_string();
            let read = x12_types_read(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(comparable(&read), comparable(&[t]), "{name}");
            let again = parse_bytes(text.as_bytes()).document;
            assert_eq!(again.interchanges[0].groups, i.groups, "{name}");
            written += 1;
        }
    }
    assert!(written > 0);
}

// ------------------------------------------------------------ single cases

const ISA: &str = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*P*:~\n";

fn one_set(body: &str) -> String {
    let n = body.matches('~').count() + 2;
    format!(
        "{ISA}GS*HP*S*R*20240101*1200*1*X*005010X221A1~\nST*835*0001*005010X221A1~\n{body}SE*{n}*0001~\nGE*1*1~\nIEA*1*000000001~\n"
    )
}

const BODY: &str = "BPR*I*150*C*CHK************20240101~\nTRN*1*12345*1512345678~\nN1*PR*PAYER~\nN1*PE*PAYEE*XX*1234567893~\nLX*1~\n";

fn remittance(text: &str) -> RemittanceTransaction {
    let doc = parse_bytes(text.as_bytes()).document;
    remittances(&doc)[0].clone()
}

#[test]
fn an_amount_that_is_not_a_plain_decimal_stays_as_written() {
    // CLP04 `1,050` and SVC03 `.5`: claimcheck keeps them in `extra`, not
    // as amounts, whichever side they come from, and gives them back as
    // written; no value goes through f64.
    let text = one_set(&format!(
        "{BODY}CLP*C1*1*2000.10*1,050**12*X1~\nSVC*HC:99213*0.30*.5**1~\n"
    ));
    let tx = remittance(&text);
    assert_eq!(tx.claims[0].paid, None);
    assert!(tx.claims[0].extra.get("CLP04").is_some());
    let x = to_x12_types(&tx).unwrap();
    let clp = &x.loop_2000[0].loop_2100[0].clp;
    assert_eq!((clp._03.as_str(), clp._04.as_str()), ("2000.10", "1,050"));
    assert_eq!(
        x.loop_2000[0].loop_2100[0].loop_2110[0].svc._03.as_deref(),
        Some(".5")
    );
    assert_eq!(from_x12_types(&x).unwrap(), tx);
    let ts = x12_types_read(&text).unwrap();
    let from_theirs = from_x12_types(&ts[0].functional_group[0].segments[0]).unwrap();
    assert_eq!(from_theirs, tx);
    assert_eq!(
        from_theirs.claims[0]
            .charge
            .map(|a| a.to_string())
            .as_deref(),
        Some("2000.10")
    );
}

#[test]
fn what_x12_types_has_no_place_for_is_an_error_that_names_it() {
    let text = one_set(&format!(
        "{BODY}CLP*C1*1*200*50**12*X1~\nSVC*HC:99213*200*50**1~\n"
    ));
    let tx = remittance(&text);
    assert!(to_x12_types(&tx).is_ok());

    // A segment the model keeps whole in a service payment.
    let mut odd = tx.clone();
    odd.claims[0].services[0].other_segments.push(OtherSegment {
        loop_id: Some(Text::new("2110")),
        index: 1,
        unexpected: true,
        segment: RawSegment {
            id: Text::new("K3"),
            elements: vec![claimcheck::model::Element::Text(Text::new("X"))],
        },
    });
    let e = to_x12_types(&odd).unwrap_err();
    assert_eq!(e.at, "835 0001, claim payment C1, service line 1");
    assert!(
        matches!(&e.kind, ConvertErrorKind::NoPlace(w) if w.contains("K3")),
        "{e}"
    );

    // A value x12-types would write as a separator.
    let mut star = tx.clone();
    star.claims[0].payer_claim_control_number = Some(Text::new("X*1"));
    let e = to_x12_types(&star).unwrap_err();
    assert_eq!(
        e.kind,
        ConvertErrorKind::Separator {
            reference: "CLP07".into(),
            separator: '*'
        }
    );
    assert_eq!(
        e.to_string(),
        "835 0001, claim payment C1: CLP07 holds '*', which x12-types writes as a separator"
    );

    // An element x12-types' segment does not have.
    let st04 = one_set(&format!("{BODY}CLP*C1*1*200*50**12*X1~\n")).replace(
        "ST*835*0001*005010X221A1~",
        "ST*835*0001*005010X221A1*EXTRA~",
    );
    let e = to_x12_types(&remittance(&st04)).unwrap_err();
    assert!(
        matches!(&e.kind, ConvertErrorKind::NoElement { reference, .. } if reference == "ST04"),
        "{e}"
    );

    // A claim payment outside any 2000 loop.
    let mut loose = tx.clone();
    loose.claims[0].header_number = None;
    let e = to_x12_types(&loose).unwrap_err();
    assert_eq!(e.kind, ConvertErrorKind::NoHeaderNumber("C1".into()));
}

#[test]
fn the_trailers_are_counted_for_x12_types() {
    let text = one_set(&format!(
        "{BODY}CLP*C1*1*200*50**12*X1~\nCAS*CO*45*150~\nSVC*HC:99213*200*50**1~\nREF*6R*L1~\nPLB*1234567893*20241231*WO:X1*10~\n"
    ));
    let doc = parse_bytes(text.as_bytes()).document;
    let t = interchange_to_x12_types(&doc.interchanges[0]).unwrap();
    // The file's own SE01 (13), GE01, IEA01 and control numbers.
    assert_eq!(t.to_string(), text);
}
