//! SYN021 invalid-pattern: a value that does not have the form the guide
//! prescribes (the billing provider's 9-digit ZIP code, a 9-digit tax id).

use crate::diagnostic::Severity;
use crate::rules::syn::{ElementAt, Here};
use crate::rules::{Rule, Sink, shown};
use crate::schema::elements::Pattern;

pub static RULE: Rule = Rule {
    code: "SYN021",
    name: "invalid-pattern",
    severity: Severity::Error,
    snip: Some(2),
    summary: "A value does not have the form the guide prescribes",
    help: "Write the value in the form the guide requires (e.g. the full ZIP+4 code)",
    doc: "\
## What it checks
Where the guide prescribes a value's form beyond its type and length, the
value has it: the billing provider's postal code (2010AA N403) is the
full nine-digit ZIP+4, and an employer identification number (REF*EI) is
nine digits. 999 IK4 code I12.

## Why it matters
Payers match the billing provider by tax id and ZIP+4. A five-digit ZIP
or an EIN written with a dash is rejected at the front end, even though
each is a valid value in other places.

## Example
`N4*BOSTON*MA*02109~` in loop 2010AA: ZIP+4 is required there.

## How to fix
Write the full nine-digit ZIP code without a dash (`021090001`) and the
EIN as nine digits (`990000001`, not `99-0000001`).
",
};

/// Report a value that does not match; returns whether it reported.
#[inline]
pub(crate) fn check(
    at: &ElementAt<'_>,
    pattern: Pattern,
    value: &[u8],
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) -> bool {
    if pattern.matches(value) {
        return false;
    }
    sink.push(here.element_finding(
        &RULE,
        at,
        "I12",
        Some(value),
        format!(
            "{} is '{}'; the guide requires {} here",
            at.named(),
            shown(value),
            pattern.describe()
        ),
    ));
    true
}
