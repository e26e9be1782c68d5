//! SYN008 element-too-short: a value shorter than the guide's minimum
//! length.

use crate::diagnostic::Severity;
use crate::rules::syn::{ElementAt, Here, value_note};
use crate::rules::{Rule, Sink};
use crate::schema::elements::counted_len;

pub static RULE: Rule = Rule {
    code: "SYN008",
    name: "element-too-short",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A value is shorter than the element's minimum length",
    help: "Pad or correct the value to the element's minimum length",
    doc: "\
## What it checks
Each non-empty value is at least as long as the element's minimum length
in the guide. Numbers are counted without sign and decimal point, as X12
counts them. 999 IK4 code 4.

## Why it matters
Minimum lengths catch truncated identifiers: a 4-digit ZIP code, a
one-character state, a control number that lost its leading zeros.

## Example
`N4*BOSTON*MA*2109~`: N403 (postal code) needs at least 3 characters in
the X12 standard and 5 or 9 digits in the guides.

## How to fix
Write the full value; keep leading zeros of codes and identifiers (store
them as text, not numbers, in spreadsheets and exports).
",
};

/// Report when too short; returns whether it reported.
#[inline]
pub(crate) fn check(
    at: &ElementAt<'_>,
    value: &[u8],
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) -> bool {
    let len = counted_len(at.spec.data_type, value);
    if len >= at.spec.min_len {
        return false;
    }
    sink.push(here.element_finding(
        &RULE,
        at,
        "4",
        Some(value),
        format!(
            "{} is {len} character(s) long{}; the minimum is {}",
            at.named(),
            value_note(at, value),
            at.spec.min_len
        ),
    ));
    true
}
