//! SYN022 trailing-spaces: a value ends with spaces.

use crate::diagnostic::Severity;
use crate::rules::syn::{ElementAt, Here};
use crate::rules::{Rule, Sink};

pub static RULE: Rule = Rule {
    code: "SYN022",
    name: "trailing-spaces",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A value ends with spaces",
    help: "Trim trailing spaces from values; X12 suppresses them",
    doc: "\
## What it checks
No value ends with a space. X12 (X12.6, data element types) makes the
leading characters of a string significant and requires trailing spaces
to be suppressed; only the fixed-width ISA elements are padded. 999 IK4
code 6.

## Why it matters
A padded value is a different value: `CC-0001  ` does not match claim
`CC-0001` in the remittance, and a padded code or name fails the payer's
lookups. Padding usually comes from fixed-width database columns.

## Example
`NM1*IL*1*SAMPLE   *ALEX****MI*SYN000001~`

## How to fix
Trim values before writing them (in SQL exports, `RTRIM` the CHAR
columns).
",
};

/// Report trailing spaces; returns whether it reported.
#[inline]
pub(crate) fn check(
    at: &ElementAt<'_>,
    value: &[u8],
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) -> bool {
    if value.last() != Some(&b' ') {
        return false;
    }
    let spaces = value.iter().rev().take_while(|&&b| b == b' ').count();
    sink.push(here.element_finding(
        &RULE,
        at,
        "6",
        Some(value),
        format!("{} ends with {spaces} space(s)", at.named()),
    ));
    true
}
