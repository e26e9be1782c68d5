//! ENV006 control-number-format: ISA13, GS06 and ST02 have their formats.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink, shown};
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV006",
    name: "control-number-format",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A control number is not in its required format",
    help: "ISA13 is 9 digits, GS06 1-9 digits, ST02 4-9 characters",
    doc: "\
## What it checks
ISA13 (interchange control number) is exactly 9 digits; GS06 (group
control number) is 1 to 9 digits; ST02 (transaction set control number)
is 4 to 9 characters.

## Why it matters
Acknowledgments (TA1, 999) echo these numbers back. A receiver that cannot
store or echo them rejects the envelope, and the sender cannot match the
acknowledgment to what it sent.

## Example
`ST*837*1*005010X222A1~` has a one-character ST02.

## How to fix
Number envelopes with zero-padded counters: ISA13 `000000001`, GS06 `1`,
ST02 `0001`.
",
};

fn report(seg: &Segment<'_>, n: usize, reference: &str, what: &str, sink: &mut Sink<'_>) {
    let value = shown(seg.element(n).unwrap_or_default());
    sink.push(
        Finding::new(&RULE, format!("{reference} '{value}' must be {what}"))
            .at(seg)
            .element(seg, n, reference),
    );
}

fn all_digits(v: &[u8]) -> bool {
    v.iter().all(u8::is_ascii_digit)
}

pub(crate) fn check_isa(isa: &Segment<'_>, sink: &mut Sink<'_>) {
    if let Some(v) = isa.element(13)
        && (v.is_empty() || !all_digits(v))
    {
        // Its width (9) is ENV002's to judge; here only its digits.
        report(isa, 13, "ISA13", "digits only", sink);
    }
}

pub(crate) fn check_gs(gs: &Segment<'_>, sink: &mut Sink<'_>) {
    let v = gs.element(6).unwrap_or_default();
    if !(1..=9).contains(&v.len()) || !all_digits(v) {
        report(gs, 6, "GS06", "1 to 9 digits", sink);
    }
}

pub(crate) fn check_st(st: &Segment<'_>, sink: &mut Sink<'_>) {
    let v = st.element(2).unwrap_or_default();
    if !(4..=9).contains(&v.len()) {
        report(st, 2, "ST02", "4 to 9 characters", sink);
    }
}
