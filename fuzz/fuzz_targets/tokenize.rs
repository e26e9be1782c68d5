//! Both tokenizer front ends on the same bytes: neither may panic, and
//! they must yield the same tokens (junk piece boundaries aside, see
//! `claimcheck_fuzz::Normalized`).
#![no_main]

use claimcheck::x12::tokenizer::{Segment, StreamTokenizer, Token, Tokenizer};
use claimcheck_fuzz::{ChunkedReader, Normalized};
use libfuzzer_sys::fuzz_target;

fn touch(seg: &Segment<'_>) {
    let id = seg.id();
    assert!(seg.bytes().starts_with(id));
    let count = seg.element_count();
    assert_eq!(seg.fields().count(), count + 1);
    for n in 0..=count + 1 {
        let e = seg.element(n);
        // Documented: `None` exactly when the segment has fewer elements.
        assert_eq!(e.is_some(), n <= count, "element({n}) of {count}");
        if let Some(c) = seg.components(n) {
            assert!(c.count() >= 1);
        } else {
            assert!(e.is_none());
        }
        if let Some(r) = seg.repetitions(n) {
            assert!(r.count() >= 1);
        } else {
            assert!(e.is_none());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut slice = Tokenizer::new(data);
    let mut expect = Normalized::default();
    for token in slice.by_ref() {
        if let Token::Isa(seg, _) | Token::Segment(seg) = &token {
            touch(seg);
        }
        expect.push(&token);
    }
    let expect = expect.finish();

    let mut stream = StreamTokenizer::new(ChunkedReader::new(data));
    let mut got = Normalized::default();
    while let Some(token) = stream.next_token().expect("in-memory reader never fails") {
        got.push(&token);
    }
    let got = got.finish();

    assert_eq!(got, expect, "slice and stream tokenizers disagree");
    assert_eq!(
        stream.consumed(),
        data.len() as u64,
        "stream did not consume all input"
    );
    assert_eq!(
        stream.line_breaks(),
        slice.line_breaks(),
        "line break counts differ"
    );
});
