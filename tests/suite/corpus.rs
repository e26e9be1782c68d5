//! The public corpus in ../shared/corpus: nothing panics, both front ends
//! agree, kinds match PROVENANCE.md, and the envelope defects its notes
//! describe are reported.

use crate::common;

use std::collections::BTreeMap;

use claimcheck::x12::tokenizer::{Token, Tokenizer};
use claimcheck::{validate_bytes, validate_reader};
use common::{corpus_dir, corpus_files, corpus_name};

/// local path -> transaction column, from PROVENANCE.md's file table.
fn provenance_kinds() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(corpus_dir().join("PROVENANCE.md")).unwrap();
    let mut kinds = BTreeMap::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        // | # | `local path` | source repo | source path | commit | license | transaction | …
        if cols.len() > 8 && cols[1].parse::<u32>().is_ok() {
            let path = cols[2].trim_matches('`').to_string();
            kinds.insert(path, cols[7].to_string());
        }
    }
    kinds
}

#[test]
fn every_file_validates_the_same_from_bytes_and_from_a_reader() {
    let files = corpus_files();
    assert_eq!(files.len(), 61, "the corpus has 61 files");
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let from_bytes = validate_bytes(&bytes);
        let from_reader = validate_reader(bytes.as_slice(), |_| {}).unwrap();
        assert_eq!(from_bytes, from_reader, "{}", path.display());
        assert_eq!(from_bytes.bytes, bytes.len() as u64);
    }
}

#[test]
fn detected_kind_matches_provenance_for_all_61() {
    let kinds = provenance_kinds();
    assert_eq!(kinds.len(), 61);
    for path in corpus_files() {
        let name = corpus_name(&path);
        let want = kinds
            .get(&name)
            .unwrap_or_else(|| panic!("{name} not in PROVENANCE.md"));
        let report = validate_bytes(&std::fs::read(&path).unwrap());
        assert_eq!(report.envelopes.main_kind(), Some(want.as_str()), "{name}");
        assert!(
            !report.envelopes.kinds.contains_key("other"),
            "{name}: {:?}",
            report.envelopes.kinds
        );
    }
}

/// The envelope (ENV) rules reported on a corpus file.
fn rules_of(name_part: &str) -> Vec<String> {
    let path = corpus_files()
        .into_iter()
        .find(|p| corpus_name(p).contains(name_part))
        .unwrap_or_else(|| panic!("no corpus file matches {name_part}"));
    let report = validate_bytes(&std::fs::read(path).unwrap());
    report
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("ENV"))
        .map(|f| f.rule.to_string())
        .collect()
}

#[test]
fn envelope_defects_from_the_provenance_notes_are_reported() {
    // 999 whose IEA02 differs from ISA13 and whose GS05 is 10:24:97.
    assert_eq!(rules_of("x12_999_accepted.txt"), ["ENV004", "ENV008"]);
    // GS08 005010X222A1 but ST03 005010X222.
    assert_eq!(rules_of("x12-types/test-data__005010_837.edi"), ["ENV016"]);
    // 837I examples: GS08 X222 but ST03 X223; 3.1.1 also has ISA11 = ISA16 = '^'.
    assert_eq!(rules_of("Spec_3.1.1.txt"), ["ENV007", "ENV016"]);
    for f in ["Spec_3.1.2", "Spec_3.1.3", "Spec_3.1.4"] {
        assert_eq!(rules_of(f), ["ENV016"], "{f}");
    }
    // 277CA truncated after the second HL: no SE, GE or IEA.
    assert_eq!(rules_of("FromBogeyone.txt"), ["ENV014", "ENV014", "ENV014"]);
    // ISA12 00402 (and ISA01 01, a 4010-only code).
    assert_eq!(rules_of("sample837-original.edi"), ["ENV003", "ENV005"]);
    // 4010-style 'U' in ISA11 under 00501.
    assert!(rules_of("x12_valid.txt").contains(&"ENV007".to_string()));
}

fn segment_count(name_part: &str) -> usize {
    let path = corpus_files()
        .into_iter()
        .find(|p| corpus_name(p).contains(name_part))
        .unwrap();
    let bytes = std::fs::read(path).unwrap();
    Tokenizer::new(&bytes)
        .filter(|t| matches!(t, Token::Segment(_) | Token::Isa(..)))
        .count()
}

#[test]
fn unusual_delimiters_and_newline_terminators_give_the_right_segment_counts() {
    // Element '~', component '^', terminator '_': 38 segments like x12_valid.
    assert_eq!(segment_count("x12_valid_different_separators.txt"), 38);
    assert_eq!(segment_count("x12_valid.txt"), 38);
    // Newline as terminator, indented lines: 43 lines, 43 segments.
    assert_eq!(segment_count("sample837-original.edi"), 43);
    // The eMedNY 835 with '~' on one line, and again with newlines instead.
    assert_eq!(segment_count("emedny_sample.txt"), 69);
    assert_eq!(segment_count("multi-line-not-delimited.edi"), 69);
    // CR as terminator (CRLF line ends), BOM, indentation.
    assert_eq!(segment_count("ST1309-XX.txt"), 56);
    // '|' element and '!' component separators on one line.
    assert_eq!(segment_count("odd-separator.edi"), 46);
}

#[test]
fn files_that_are_one_line_report_segment_ordinals_as_lines() {
    let path = corpus_files()
        .into_iter()
        .find(|p| corpus_name(p).contains("odd-separator.edi"))
        .unwrap();
    let report = validate_bytes(&std::fs::read(path).unwrap());
    for f in &report.findings {
        assert_eq!(f.line, f.segment_index.map(|i| i + 1), "{f:?}");
    }
}

/// The generator's files are clean at the envelope level and detected as
/// what they are, with newlines and without.
#[test]
fn generated_files_are_clean_and_detected() {
    use claimcheck::synth::{SynthOptions, write_835, write_837p};
    for newlines in [true, false] {
        let opts = SynthOptions {
            seed: 11,
            target_bytes: 600_000,
            claims_per_transaction: 200,
            transactions_per_group: 2,
            newlines,
            ..Default::default()
        };
        let mut claims = Vec::new();
        let stats = write_837p(&opts, &mut claims).unwrap();
        let report = validate_bytes(&claims);
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        assert_eq!(
            report.envelopes.kinds.get("837P"),
            Some(&stats.transactions)
        );
        assert_eq!(report.envelopes.groups, stats.groups);
        let mut remits = Vec::new();
        let stats = write_835(&opts, &mut remits).unwrap();
        let report = validate_bytes(&remits);
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        assert_eq!(report.envelopes.kinds.get("835"), Some(&stats.transactions));
    }
}
