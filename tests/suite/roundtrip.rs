//! parse -> generate -> parse: the model survives, and a file with
//! ordinary formatting comes back byte for byte (up to line breaks).
//!
//! Every corpus file (`../shared/corpus`, skipped when absent), every
//! fixture and synthetic 837P, 837I and 835 files are written back with
//! `claimcheck::model::generate`. The tables below list, with the reason,
//! each file that does not come back byte-identical, whose model changes,
//! or that generate refuses; a file not listed must come back identical.

use crate::common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use claimcheck::model::{
    Document, GenerateOptions, Interchange, Transaction, generate, parse_bytes,
};
use claimcheck::synth::{SynthOptions, write_835, write_837i, write_837p};
use common::{corpus_dir, corpus_files, corpus_name, crate_dir};

/// What happens to a file that does not simply come back identical.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The model comes back equal; the bytes differ for the reason given.
    Model(&'static str),
    /// The model comes back equal once HL ids, LX numbers and ISA padding
    /// are set aside: the writer computes those, and the file had them
    /// otherwise.
    Renumbered(&'static str),
    /// The model changes by design (the writer fills an empty required
    /// envelope value); a second round trip changes nothing more.
    Changed(&'static str),
    /// generate refuses the document even with `allow_incomplete`; the
    /// string starts its first problem.
    Refused(&'static str),
}

use Expect::*;

/// Corpus files that do not come back byte-identical, and why.
const CORPUS: &[(&str, Expect)] = &[
    // Formatting the writer does not reproduce.
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__Acknowledgments___999__DHS_Wisconsin_Sample.txt",
        Model("UTF-8 BOM and indented segments"),
    ),
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___277___5010__FromBogeyone.txt",
        Model("UTF-8 BOM, indented segments; truncated: SE, GE and IEA are added"),
    ),
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___835___5010__FromNth__835_WithMultipleInterchanges.txt",
        Model("UTF-8 BOM and indented segments"),
    ),
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837I___5010__Spec_3.1.1.txt",
        Model("UTF-8 BOM and indented segments"),
    ),
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837I___5010__Spec_3.1.2_TwoClaimsForTheSameProvider.txt",
        Model("UTF-8 BOM and indented segments"),
    ),
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837I___5010__Spec_3.1.3_PPORepricedClaim.txt",
        Model("UTF-8 BOM and indented segments"),
    ),
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837I___5010__Spec_3.1.4_OutOfNetworkRepricedClaim.txt",
        Model("UTF-8 BOM and indented segments"),
    ),
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837P___5010__Example1_2_And_3_Combined.txt",
        Model("UTF-8 BOM and indented segments"),
    ),
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837P___5010__Example1_HealthInsurance.txt",
        Model("UTF-8 BOM and indented segments"),
    ),
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837P___5010__Example2_Encounter.txt",
        Model("UTF-8 BOM and indented segments"),
    ),
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837P___5010__Example3_COB.txt",
        Model("UTF-8 BOM and indented segments"),
    ),
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837P___5010__MedicaidExample.txt",
        Model("UTF-8 BOM and indented segments"),
    ),
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837P___5010__ST1309-XX.txt",
        Model("UTF-8 BOM, indented segments, CR as the segment terminator"),
    ),
    (
        "Silvenga__vscode-edi-x12-support/docs__odd-separator.edi",
        Model("truncated: SE, GE and IEA are added"),
    ),
    (
        "imsweb__x12-parser/src__test__resources__837_5010__x223-test.txt",
        Model("trailing element separators and segments indented by a space"),
    ),
    (
        "xlate__staedi/src__test__resources__x12__sample837-original.edi",
        Model("indented segments"),
    ),
    (
        "imsweb__x12-parser/src__test__resources__837_5010__x12_999_accepted.txt",
        Model("trailing element separators"),
    ),
    // Numbering the writer computes, which these files have otherwise.
    (
        "imsweb__x12-parser/src__test__resources__837_5010__x12_complex.txt",
        Renumbered("HL ids repeat and parents are wrong, LX does not restart per claim"),
    ),
    (
        "imsweb__x12-parser/src__test__resources__837_5010__x12_many_claims.txt",
        Renumbered("HL ids repeat, HL04 and LX numbers are wrong, SE01 miscounts"),
    ),
    (
        "imsweb__x12-parser/src__test__resources__837_5010__x12_multiple_gs.txt",
        Renumbered("HL ids repeat, HL04 and LX numbers are wrong, SE01 miscounts"),
    ),
    (
        "imsweb__x12-parser/src__test__resources__837_5010__x12_multiple_isa.txt",
        Renumbered("HL ids repeat, HL04 and LX numbers are wrong, SE01 miscounts"),
    ),
    (
        "imsweb__x12-parser/src__test__resources__837_5010__x12_valid.txt",
        Renumbered("HL ids repeat, HL04 and LX numbers are wrong, SE01 miscounts"),
    ),
    (
        "imsweb__x12-parser/src__test__resources__837_5010__x12_valid_different_separators.txt",
        Renumbered("HL ids repeat, HL04 and LX numbers are wrong, SE01 miscounts"),
    ),
];

/// Corpus files generate refuses without `allow_incomplete`: the first
/// problem it names. With it, they come back as the tables say.
const CORPUS_INCOMPLETE: &[(&str, &str)] = &[
    // CLM05 uses ':' under ISA16 '^'.
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837I___5010__Spec_3.1.1.txt",
        "claim 756048Q: CLM05-2 (facility code qualifier) missing",
    ),
    // CLM05 uses '>' under ISA16 ':'.
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837I___5010__Spec_3.1.3_PPORepricedClaim.txt",
        "claim 456DFH43: CLM05-2 (facility code qualifier) missing",
    ),
    // CLM05 uses '>' under ISA16 ':'.
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837I___5010__Spec_3.1.4_OutOfNetworkRepricedClaim.txt",
        "claim W392-49141: CLM05-2 (facility code qualifier) missing",
    ),
    // BHT01 9999: the guide has no place for it.
    (
        "Inteligenz__X12Parser/tests__OopFactory.X12.Tests.Unit__Parsing___SampleEdiFiles__INS___837P___5010__MedicaidExample.txt",
        "transaction 0001: BHT (beginning of hierarchical transaction) missing",
    ),
    // no BPR16.
    (
        "LinuxForHealth__x12/src__tests__resources__835_005010X221A1__cob-contractural-adjustment.835",
        "transaction 0001: BPR16 (payment date) missing",
    ),
    // no BPR16.
    (
        "LinuxForHealth__x12/src__tests__resources__835_005010X221A1__secondary-payment.835",
        "transaction 1234: BPR16 (payment date) missing",
    ),
    // no BPR16; SVC01 without a code.
    (
        "LinuxForHealth__x12/src__tests__resources__835_005010X221A1__tertiary-payment.835",
        "transaction 0001: BPR16 (payment date) missing",
    ),
    // CLM05 is '41::1'.
    (
        "LinuxForHealth__x12/src__tests__resources__837_005010X222A2__demo.ambulance.example5.837",
        "claim 051068: CLM05-2 (facility code qualifier) missing",
    ),
    // composites use '>' under ISA16 ':'.
    (
        "LinuxForHealth__x12/src__tests__resources__837_005010X222A2__demo.example11.837",
        "claim ABC123-RI: CLM05-2 (facility code qualifier) missing",
    ),
    // composites use '>' under ISA16 ':'.
    (
        "LinuxForHealth__x12/src__tests__resources__837_005010X222A2__demo.example12.837",
        "claim TS234H3: CLM05-2 (facility code qualifier) missing",
    ),
    // composites use '>' under ISA16 ':'.
    (
        "LinuxForHealth__x12/src__tests__resources__837_005010X222A2__demo.example6.837",
        "claim 125WILL: CLM05-2 (facility code qualifier) missing",
    ),
    // composites use '>' under ISA16 ':'.
    (
        "LinuxForHealth__x12/src__tests__resources__837_005010X222A2__demo.example9.837",
        "claim 153829140: CLM05-2 (facility code qualifier) missing",
    ),
    // CLM05 uses '>' under ISA16 ':'.
    (
        "LinuxForHealth__x12/src__tests__resources__837_005010X223A3__out-of-network-repriced-claim.837i",
        "claim W392-49141: CLM05-2 (facility code qualifier) missing",
    ),
    // CLM05 uses '>' under ISA16 ':'.
    (
        "LinuxForHealth__x12/src__tests__resources__837_005010X223A3__ppo-repriced-claim.837i",
        "claim 456DFH43: CLM05-2 (facility code qualifier) missing",
    ),
    // truncated inside the second claim.
    (
        "Silvenga__vscode-edi-x12-support/docs__odd-separator.edi",
        "claim 756049Q: no service line (2400)",
    ),
    // an 837I without statement dates.
    (
        "imsweb__x12-parser/src__test__resources__837_5010__x223-test.txt",
        "claim A37YH556: DTP*434 (statement dates) missing",
    ),
];

/// Fixtures that do not come back byte-identical, and why.
const FIXTURES: &[(&str, Expect)] = &[
    ("env/ENV001_empty.x12", Refused("document: no interchange")),
    (
        "env/ENV001_not_x12.x12",
        Refused("document: no interchange"),
    ),
    (
        "env/ENV001_text_before_isa.x12",
        Model("bytes before the ISA are not X12 and are dropped"),
    ),
    (
        "env/ENV002_isa06_unpadded.x12",
        Renumbered("ISA06 is padded to its fixed width"),
    ),
    (
        "env/ENV003_isa15_usage.x12",
        Refused("interchange 000000101: ISA15 'X' is not T (test) or P (production)"),
    ),
    ("env/ENV008_iea02.x12", Model("IEA02 repeats ISA13")),
    ("env/ENV009_iea01.x12", Model("IEA01 counts the groups")),
    ("env/ENV010_ge02.x12", Model("GE02 repeats GS06")),
    ("env/ENV011_ge01.x12", Model("GE01 counts the sets")),
    ("env/ENV012_se02.x12", Model("SE02 repeats ST02")),
    ("env/ENV013_se01.x12", Model("SE01 counts the segments")),
    (
        "env/ENV014_truncated.x12",
        Model("truncated: SE, GE and IEA are added"),
    ),
    (
        "env/ENV017_gs01_for_837.x12",
        Refused("group 101: GS01 'HP' does not fit its transaction sets (they need HC)"),
    ),
    (
        "env/ENV019_no_final_terminator.x12",
        Model("the last segment gets its terminator"),
    ),
    (
        "env/ENV020_empty_segment.x12",
        Model("the empty segment (two terminators in a row) is dropped"),
    ),
    (
        "env/ENV023_gs03_missing.x12",
        Changed("the empty GS03 is filled from ISA08"),
    ),
    (
        "env/ok_bom_crlf_indented.x12",
        Model("UTF-8 BOM and indented segments"),
    ),
    (
        "syn/SYN014_component_in_tax_id.x12",
        Refused("claim CC-0001: 2010AA REF02 value '99000:0001' contains a delimiter"),
    ),
    (
        "syn/SYN015_repetition_in_address.x12",
        Refused("claim CC-0001: 2010AA N301 value '100 HARBOR^WAY' contains a delimiter"),
    ),
    (
        "syn/SYN017_hl_skips_a_number.x12",
        Renumbered("HL ids skip a number"),
    ),
    (
        "syn/SYN018_hl_parent.x12",
        Model("HL02 names the wrong parent"),
    ),
    (
        "syn/SYN019_lx_starts_at_2.x12",
        Renumbered("LX numbers start at 2"),
    ),
    (
        "syn/SYN020_trailing_element_separator.x12",
        Model("a trailing element separator"),
    ),
];

/// Fixtures generate refuses without `allow_incomplete`.
const FIXTURES_INCOMPLETE: &[(&str, &str)] = &[
    (
        "env/ENV014_truncated.x12",
        "claim CC-0001: no service line (2400)",
    ),
    (
        "sit/SIT001_replacement_without_ref_f8.x12",
        "claim CC-0001: REF*F8 (payer claim control number) missing: frequency code 7 or 8 needs it",
    ),
    (
        "sit/SIT005_patient_levels_without_pat.x12",
        "claim CC-0001: 2000C PAT01 (patient relationship) missing",
    ),
    (
        "syn/SYN002_billing_provider_tax_id.x12",
        "claim CC-0001: 2010AA REF*EI (billing provider tax id) missing",
    ),
    (
        "syn/SYN010_letter_in_amount.x12",
        "claim CC-0001: line 1: SV102 (line charge) missing",
    ),
];

/// Drop CR and LF: line breaks are formatting, not content (files whose
/// segment terminator is a line break keep it as a terminator on both
/// sides).
fn without_line_breaks(b: &[u8]) -> Vec<u8> {
    b.iter()
        .copied()
        .filter(|&c| c != b'\r' && c != b'\n')
        .collect()
}

/// The model with what the writer computes set aside: HL ids, LX
/// numbers, ISA padding.
fn loose(mut d: Document) -> Document {
    for ic in &mut d.interchanges {
        trim_isa(ic);
        for g in &mut ic.groups {
            for t in &mut g.transactions {
                let Transaction::Claims(tx) = t else {
                    continue;
                };
                for c in &mut tx.claims {
                    if let Some(b) = &mut c.billing_provider {
                        Arc::make_mut(b).hl = None;
                    }
                    if let Some(s) = &mut c.subscriber {
                        Arc::make_mut(s).hl = None;
                    }
                    if let Some(p) = &mut c.patient {
                        Arc::make_mut(p).hl = None;
                    }
                    for l in &mut c.lines {
                        l.number = None;
                    }
                }
                for l in &mut tx.levels_without_claims {
                    if let Some(b) = &mut l.billing_provider {
                        Arc::make_mut(b).hl = None;
                    }
                    if let Some(s) = &mut l.subscriber {
                        Arc::make_mut(s).hl = None;
                    }
                    if let Some(p) = &mut l.patient {
                        Arc::make_mut(p).hl = None;
                    }
                }
            }
        }
    }
    d
}

fn trim_isa(ic: &mut Interchange) {
    for v in [
        &mut ic.authorization,
        &mut ic.security,
        &mut ic.sender_id,
        &mut ic.receiver_id,
    ] {
        *v = v.trim_end().into();
    }
}

/// What one round trip did.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    /// The first problem strict generate named, when it refused.
    incomplete: Option<String>,
    result: Result<Kind, String>,
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Bytes,
    Model,
    Renumbered,
    Changed,
    /// None of the above: a failure.
    Differs(String),
}

fn round_trip(bytes: &[u8]) -> Outcome {
    let parsed = parse_bytes(bytes);
    let strict = generate(&parsed.document, &GenerateOptions::default());
    let (incomplete, written) = match strict {
        Ok(out) => (None, Ok(out)),
        Err(problems) => {
            let lenient = GenerateOptions {
                allow_incomplete: true,
                ..GenerateOptions::default()
            };
            (
                Some(problems[0].to_string()),
                generate(&parsed.document, &lenient).map_err(|p| p[0].to_string()),
            )
        }
    };
    let result = written.map(|out| {
        let again = parse_bytes(&out);
        let damaged = |p: &claimcheck::model::Parsed| p.damaged();
        if !damaged(&parsed) && damaged(&again) {
            return Kind::Differs(format!("the written file is damaged: {:?}", again.problems));
        }
        if again.document == parsed.document {
            if without_line_breaks(&out) == without_line_breaks(bytes) {
                Kind::Bytes
            } else {
                Kind::Model
            }
        } else if loose(again.document.clone()) == loose(parsed.document.clone()) {
            Kind::Renumbered
        } else {
            // A second round trip must change nothing more.
            let options = GenerateOptions {
                allow_incomplete: true,
                ..GenerateOptions::default()
            };
            match generate(&again.document, &options) {
                Ok(second) if second == out => Kind::Changed,
                _ => Kind::Differs(first_difference(&parsed.document, &again.document)),
            }
        }
    });
    Outcome { incomplete, result }
}

/// Where two models first differ, in their JSON.
fn first_difference(a: &Document, b: &Document) -> String {
    let a = serde_json::to_string(a).unwrap();
    let b = serde_json::to_string(b).unwrap();
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(0);
    let from = at.saturating_sub(120);
    format!(
        "models differ:\n  was {}\n  now {}",
        &a[from..(at + 120).min(a.len())],
        &b[from..(at + 120).min(b.len())]
    )
}

/// Check each file's outcome against the tables; returns the mismatches.
fn check(
    files: &[(String, PathBuf)],
    expect: &[(&str, Expect)],
    incomplete: &[(&str, &str)],
) -> Vec<String> {
    let expect: BTreeMap<&str, Expect> = expect.iter().copied().collect();
    let incomplete: BTreeMap<&str, &str> = incomplete.iter().copied().collect();
    let mut problems = Vec::new();
    for (name, path) in files {
        let bytes = std::fs::read(path).unwrap();
        let o = round_trip(&bytes);
        let want = expect.get(name.as_str());
        let ok = match (&o.result, want) {
            (Ok(Kind::Bytes), None) => true,
            (Ok(Kind::Model), Some(Model(_))) => true,
            (Ok(Kind::Renumbered), Some(Renumbered(_))) => true,
            (Ok(Kind::Changed), Some(Changed(_))) => true,
            (Err(e), Some(Refused(start))) => e.starts_with(start),
            _ => false,
        };
        if !ok {
            problems.push(format!("{name}: {:?}, the table says {want:?}", o.result));
        }
        let refused = o.result.is_err();
        match (o.incomplete.as_deref(), incomplete.get(name.as_str())) {
            (None, None) => {}
            (Some(got), Some(want)) if got.starts_with(want) => {}
            (Some(_), None) if refused => {}
            (got, want) => problems.push(format!(
                "{name}: strict generate said {got:?}, the table says {want:?}"
            )),
        }
    }
    for name in expect.keys().chain(incomplete.keys()) {
        if !files.iter().any(|(n, _)| n == name) {
            problems.push(format!("{name}: listed but not found"));
        }
    }
    problems
}

#[test]
fn corpus_files_round_trip() {
    if !corpus_dir().is_dir() {
        eprintln!("../shared/corpus is absent: corpus round trip skipped");
        return;
    }
    let files: Vec<(String, PathBuf)> = corpus_files()
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "PROVENANCE.md"))
        .map(|p| (corpus_name(&p), p))
        .collect();
    assert!(files.len() >= 60, "{} corpus files", files.len());
    let problems = check(&files, CORPUS, CORPUS_INCOMPLETE);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn fixtures() -> Vec<(String, PathBuf)> {
    let root = crate_dir().join("fixtures");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "x12") {
                let name = f
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((name, f));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn fixtures_round_trip() {
    let files = fixtures();
    assert!(files.len() >= 50, "{} fixtures", files.len());
    let problems = check(&files, FIXTURES, FIXTURES_INCOMPLETE);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Synthetic files come back exactly, line breaks included, whatever the
/// seed and layout.
#[test]
fn synthetic_files_round_trip_byte_for_byte() {
    type Write = fn(&SynthOptions, &mut Vec<u8>) -> std::io::Result<claimcheck::synth::SynthStats>;
    let writers: [(&str, Write); 3] = [
        ("837p", |o, w| write_837p(o, w)),
        ("837i", |o, w| write_837i(o, w)),
        ("835", |o, w| write_835(o, w)),
    ];
    for (kind, write) in writers {
        for (seed, newlines, per_set) in [(1, true, 1000), (7, false, 40), (42, true, 7)] {
            let opts = SynthOptions {
                seed,
                target_bytes: 150_000,
                claims_per_transaction: per_set,
                transactions_per_group: 3,
                newlines,
                ..Default::default()
            };
            let mut data = Vec::new();
            write(&opts, &mut data).unwrap();
            let parsed = parse_bytes(&data);
            assert!(
                parsed.problems.is_empty(),
                "{kind} {seed}: {:?}",
                parsed.problems
            );
            let out = generate(
                &parsed.document,
                &GenerateOptions {
                    line_breaks: newlines,
                    ..GenerateOptions::default()
                },
            )
            .unwrap_or_else(|p| panic!("{kind} {seed}: {p:?}"));
            if out != data {
                let at = out.iter().zip(&data).position(|(a, b)| a != b).unwrap_or(0);
                panic!(
                    "{kind} seed {seed}: differs at byte {at}:\n  synth {}\n  wrote {}",
                    String::from_utf8_lossy(
                        &data[at.saturating_sub(80)..(at + 80).min(data.len())]
                    ),
                    String::from_utf8_lossy(&out[at.saturating_sub(80)..(at + 80).min(out.len())])
                );
            }
            assert!(
                claimcheck::validate_bytes(&out).findings.is_empty(),
                "{kind} {seed}: findings on the written file"
            );
        }
    }
}
