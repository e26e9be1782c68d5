//! SYN006 not-used-element: an element the guide marks Not Used holds a
//! value.

use crate::diagnostic::Severity;
use crate::rules::syn::{ElementAt, Here, quoted};
use crate::rules::{Rule, Sink};

pub static RULE: Rule = Rule {
    code: "SYN006",
    name: "not-used-element",
    severity: Severity::Error,
    snip: Some(2),
    summary: "An element the guide marks Not Used holds a value",
    help: "Leave the element empty; the guide does not use it in this segment",
    doc: "\
## What it checks
Elements (and components) the guide marks Not Used in a segment are
empty. 999 IK4 code I10.

## Why it matters
The X12 standard defines more elements than each health-care guide uses.
A value in a Not Used element is rejected by strict front ends and
ignored by lenient ones, so whatever it was meant to say is lost either
way.

## Example
`CLM*CC-0001*100***11:B:1*Y*A*Y*Y*P~`: CLM10 (patient signature source)
is not used in the 837P guide.

## How to fix
Remove the value. If it carries information the payer needs, the guide
has another place for it (often a REF or NTE segment).
",
};

pub(crate) fn report(at: &ElementAt<'_>, value: &[u8], here: &Here<'_, '_>, sink: &mut Sink<'_>) {
    sink.push(here.element_finding(
        &RULE,
        at,
        "I10",
        Some(value),
        format!(
            "{} is marked Not Used in this segment but holds {}",
            at.named(),
            quoted(at, value)
        ),
    ));
}
