//! ENV020 segment-syntax: segment ids are 2-3 upper-case letters or digits.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink, shown};
use crate::x12::tokenizer::{Junk, MAX_SEGMENT_LEN, Segment};

pub static RULE: Rule = Rule {
    code: "ENV020",
    name: "segment-syntax",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A segment has no valid segment id, or no terminator within 1 MiB",
    help: "each segment starts with a 2-3 character id (upper-case letter, then letters or digits) and ends with the terminator",
    doc: "\
## What it checks
Each segment starts with a segment id of 2 or 3 characters: an upper-case
letter followed by upper-case letters or digits. Empty segments (two
terminators in a row) and stretches of more than 1 MiB without a segment
terminator are reported too.

## Why it matters
A segment without a valid id cannot be placed in the guide, so the
receiver rejects the transaction set it sits in. It usually means a stray
terminator inside a value, a wrong terminator, or lower-case editing.

## Example
`NM1*IL*1*DOE*JOHN~~N3*12 MAIN ST~` has an empty segment;
`nm1*IL*...` has a lower-case id.

## How to fix
Remove stray terminators from data values, and write segment ids in upper
case.
",
};

/// What an id byte may be: bit 0 a first byte (a capital letter), bit 1
/// a later one (a capital letter or a digit). A table, because every
/// segment's id is judged: a lookup per byte beats two range tests.
const ID_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_uppercase() {
            t[b] = 0b11;
        } else if c.is_ascii_digit() {
            t[b] = 0b10;
        }
        b += 1;
    }
    t
};

#[inline]
pub(crate) fn valid_id(id: &[u8]) -> bool {
    let class = |b: &u8| ID_BYTE[usize::from(*b)];
    match id {
        [a, b] => class(a) & class(b) & 0b10 != 0 && class(a) & 1 != 0,
        [a, b, c] => class(a) & class(b) & class(c) & 0b10 != 0 && class(a) & 1 != 0,
        _ => false,
    }
}

pub(crate) fn check(seg: &Segment<'_>, sink: &mut Sink<'_>) {
    let id = seg.id();
    if valid_id(id) {
        return;
    }
    let msg = if seg.bytes().is_empty() {
        "empty segment: two segment terminators in a row".to_string()
    } else {
        let cut = &id[..id.len().min(20)];
        format!(
            "'{}' is not a segment id (2-3 upper-case letters or digits, starting with a letter)",
            shown(cut)
        )
    };
    sink.push(Finding::new(&RULE, msg).at(seg));
}

fn oversize_message(len: u64) -> String {
    format!(
        "{len} byte(s) without a segment terminator (more than {} MiB): not a segment",
        MAX_SEGMENT_LEN >> 20
    )
}

pub(crate) fn check_oversize(junk: &Junk<'_>, sink: &mut Sink<'_>) {
    sink.push(
        Finding::new(&RULE, oversize_message(junk.bytes.len() as u64))
            .at_offset(junk.offset, junk.line),
    );
}

/// Grow the finding of an oversize run read in several pieces.
pub(crate) fn extend(f: &mut Finding, total: u64) {
    f.message = oversize_message(total);
}

#[cfg(test)]
mod tests {
    use super::valid_id;

    #[test]
    fn an_id_is_a_capital_letter_then_capitals_or_digits() {
        for id in ["N3", "SV1", "HL", "ISA", "K3", "CL1", "LQ"] {
            assert!(valid_id(id.as_bytes()), "{id}");
        }
        for id in [
            "", "N", "3N", "n3", "SVD1", "S-1", "1SV", "S\u{0}1", "\u{0}N3", "É1",
        ] {
            assert!(!valid_id(id.as_bytes()), "{id:?}");
        }
        // Every two-byte id, against the rule spelt out.
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let expected =
                    a.is_ascii_uppercase() && (b.is_ascii_uppercase() || b.is_ascii_digit());
                assert_eq!(valid_id(&[a, b]), expected, "{a} {b}");
            }
        }
    }
}
