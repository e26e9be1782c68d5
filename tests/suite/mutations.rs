//! Robustness: random mutations of corpus files never panic, the slice and
//! stream front ends agree on them whatever the read sizes, and mutations
//! that break the envelope are reported.
//!
//! Byte flips and raw byte insertions can land inside a data value where no
//! envelope rule can see them, so for those only "no panic, same answer
//! both ways" is asserted. Truncations, inserted segments and duplicated
//! segments always break an envelope count, pairing or terminator, so for
//! those the report must change. Files whose envelopes are already left
//! open (missing trailers) are skipped there, since an open set has no
//! count to break.

use crate::common;

use std::io::{self, Read};
use std::sync::OnceLock;

use claimcheck::x12::tokenizer::{Token, Tokenizer};
use claimcheck::{FileReport, validate_bytes, validate_reader};
use proptest::prelude::*;

struct CorpusFile {
    bytes: Vec<u8>,
    /// (start, end including terminator, delimiters) of terminated segments.
    segments: Vec<(usize, usize, [u8; 2])>,
    complete: bool,
}

fn corpus() -> &'static [CorpusFile] {
    static CORPUS: OnceLock<Vec<CorpusFile>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        common::corpus_files()
            .into_iter()
            .map(|p| {
                let bytes = std::fs::read(p).unwrap();
                let segments = Tokenizer::new(&bytes)
                    .filter_map(|t| match t {
                        Token::Segment(s) | Token::Isa(s, _) if s.terminated => {
                            let start = s.offset as usize;
                            let end = start + s.bytes().len() + 1;
                            Some((start, end, [s.delimiters.element, s.delimiters.segment]))
                        }
                        _ => None,
                    })
                    .collect();
                let complete = !validate_bytes(&bytes)
                    .findings
                    .iter()
                    .any(|f| f.rule == "ENV014");
                CorpusFile {
                    bytes,
                    segments,
                    complete,
                }
            })
            .collect()
    })
}

/// What a report says, without positions (which shift with the mutation).
fn verdict(r: &FileReport) -> (Vec<(String, String)>, String) {
    (
        r.findings
            .iter()
            .map(|f| (f.rule.to_string(), f.message.clone()))
            .collect(),
        format!("{:?}", r.envelopes),
    )
}

/// A reader that hands out the input in chunks of varying sizes.
struct Chunked<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    i: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let want = self.sizes[self.i % self.sizes.len()].max(1);
        self.i += 1;
        let n = want.min(out.len()).min(self.data.len());
        out[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Validate both ways; they must agree. Returns the report.
fn check_both(bytes: &[u8], sizes: Vec<usize>) -> FileReport {
    let a = validate_bytes(bytes);
    let b = validate_reader(
        Chunked {
            data: bytes,
            sizes,
            i: 0,
        },
        |_| {},
    )
    .unwrap();
    assert_eq!(a, b, "slice and stream front ends disagree");
    a
}

fn sizes() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(1usize..5000, 1..8)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn byte_flips_never_panic(file in 0usize..61, flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6), sizes in sizes()) {
        let f = &corpus()[file];
        let mut bytes = f.bytes.clone();
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        check_both(&bytes, sizes);
    }

    #[test]
    fn raw_insertions_never_panic(file in 0usize..61, at in any::<prop::sample::Index>(), junk in prop::collection::vec(any::<u8>(), 1..64), sizes in sizes()) {
        let f = &corpus()[file];
        let mut bytes = f.bytes.clone();
        let i = at.index(bytes.len() + 1);
        bytes.splice(i..i, junk);
        check_both(&bytes, sizes);
    }

    #[test]
    fn truncations_are_reported(file in 0usize..61, at in any::<prop::sample::Index>(), sizes in sizes()) {
        let f = &corpus()[file];
        prop_assume!(f.complete);
        let cut = at.index(f.bytes.len());
        // Cutting only trailing whitespace removes nothing.
        prop_assume!(f.bytes[cut..].iter().any(|b| !b.is_ascii_whitespace()));
        let original = validate_bytes(&f.bytes);
        let mutated = check_both(&f.bytes[..cut], sizes);
        prop_assert_ne!(verdict(&original), verdict(&mutated));
    }

    #[test]
    fn inserted_segments_are_reported(file in 0usize..61, at in any::<prop::sample::Index>(), sizes in sizes()) {
        let f = &corpus()[file];
        prop_assume!(f.complete && !f.segments.is_empty());
        let (_, end, [el, term]) = f.segments[at.index(f.segments.len())];
        let mut seg = b"NTE".to_vec();
        seg.extend_from_slice(&[el]);
        seg.extend_from_slice(b"ADD");
        seg.extend_from_slice(&[el]);
        seg.extend_from_slice(b"INSERTED NOTE");
        seg.push(term);
        let mut bytes = f.bytes.clone();
        bytes.splice(end..end, seg);
        let original = validate_bytes(&f.bytes);
        let mutated = check_both(&bytes, sizes);
        prop_assert_ne!(verdict(&original), verdict(&mutated));
    }

    #[test]
    fn duplicated_segments_are_reported(file in 0usize..61, at in any::<prop::sample::Index>(), sizes in sizes()) {
        let f = &corpus()[file];
        prop_assume!(f.complete && !f.segments.is_empty());
        let (start, end, _) = f.segments[at.index(f.segments.len())];
        let mut bytes = f.bytes.clone();
        let copy = bytes[start..end].to_vec();
        bytes.splice(end..end, copy);
        let original = validate_bytes(&f.bytes);
        let mutated = check_both(&bytes, sizes);
        prop_assert_ne!(verdict(&original), verdict(&mutated));
    }
}

/// Found by the fuzzer: a claim payment finding on the last segment, left
/// unterminated with spaces after it. The stream keeps a copy of the
/// segment as tokenized; the slice reads it back, and must leave the
/// spaces out as the tokenizer does.
#[test]
fn an_unterminated_last_segment_reads_back_as_tokenized() {
    let input = b"\xef\xbb\xbfISA*0ISA*00*          *00*          *ZZ*ENS_EDI        *ZZ*GATE0110       *210203*0330*^*00501*444444444*0*P*>~GS*HP*ENS_EDI*GATE0110*20210203*0330*444444444*X*005010X0*          *00*          *ZZ*221A1~ST*835*000000064~BPR*I*349.99*C*ACH*CCP*01*124384877*DA*1234567890*1234567890*000088888*01*0712345671089   ";
    let by_slice = validate_bytes(input);
    assert_eq!(by_slice, validate_reader(&input[..], |_| {}).unwrap());
    assert!(
        by_slice
            .findings
            .iter()
            .filter_map(|f| f.source.as_ref())
            .any(|s| s.text.ends_with("*0712345671089"))
    );
}
