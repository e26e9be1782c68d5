//! SYN013 invalid-code: a value not among the codes the guide allows for
//! the element.

use crate::diagnostic::Severity;
use crate::rules::syn::{ElementAt, Here};
use crate::rules::{Rule, Sink, shown};
use crate::schema::elements::CodeSet;

pub static RULE: Rule = Rule {
    code: "SYN013",
    name: "invalid-code",
    severity: Severity::Error,
    snip: Some(2),
    summary: "A code value the guide does not allow for this element",
    help: "Use one of the codes the guide lists for this element",
    doc: "\
## What it checks
Where the guide lists the codes an element may hold (qualifiers, claim
frequency, unit basis, entity codes …), the value is one of them. 999 IK4
code 7. External code sets (ICD-10-CM, HCPCS, place of service) are the
CODE rules' concern.

## Why it matters
Qualifiers decide how every other value of the segment is read: `NM1*85`
is the billing provider, `NM1*87` the pay-to; `DTP*472` a service date.
A code outside the guide's list rejects the set.

## Example
`HI*BK:F331~` in a 5010 claim: `BK` is the ICD-9 qualifier; ICD-10-CM
codes take `ABK` (principal) and `ABF` (other).

## How to fix
Use the guide's code for what is meant; the message lists the allowed
codes.
",
};

/// At most this many allowed codes are named in a message.
const SHOWN_CODES: usize = 12;

#[inline]
pub(crate) fn check(
    at: &ElementAt<'_>,
    codes: &CodeSet,
    value: &[u8],
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) {
    if codes.contains(value) {
        return;
    }
    let mut allowed: Vec<String> = codes.iter().take(SHOWN_CODES).map(shown).collect();
    if codes.len() > SHOWN_CODES {
        allowed.push(format!("… ({} in all)", codes.len()));
    }
    sink.push(here.element_finding(
        &RULE,
        at,
        "7",
        Some(value),
        format!(
            "'{}' is not a valid code for {}; the guide allows {}",
            shown(value),
            at.named(),
            allowed.join(", ")
        ),
    ));
}
