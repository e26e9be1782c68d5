//! SYN009 element-too-long: a value longer than the guide's maximum
//! length.

use crate::diagnostic::Severity;
use crate::rules::syn::{ElementAt, Here, value_note};
use crate::rules::{Rule, Sink};
use crate::schema::elements::counted_len;

pub static RULE: Rule = Rule {
    code: "SYN009",
    name: "element-too-long",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A value is longer than the element's maximum length",
    help: "Shorten the value to the element's maximum length",
    doc: "\
## What it checks
Each value is at most as long as the element's maximum length in the
guide. Numbers are counted without sign and decimal point, as X12 counts
them. 999 IK4 code 5.

## Why it matters
Receivers truncate or reject long values: a claim id cut to 20 characters
no longer matches the remittance, a long name may be rejected.

## Example
`CLM*` followed by a 40-character patient control number: CLM01 allows 38
characters in the guide and payers often keep only 20.

## How to fix
Shorten the value at the source; for identifiers, choose a scheme that
fits the guide (and the payer's stricter limit where it has one).
",
};

#[inline]
pub(crate) fn check(at: &ElementAt<'_>, value: &[u8], here: &Here<'_, '_>, sink: &mut Sink<'_>) {
    let len = counted_len(at.spec.data_type, value);
    if len <= at.spec.max_len {
        return;
    }
    sink.push(here.element_finding(
        &RULE,
        at,
        "5",
        Some(value),
        format!(
            "{} is {len} characters long{}; the maximum is {}",
            at.named(),
            value_note(at, value),
            at.spec.max_len
        ),
    ));
}
