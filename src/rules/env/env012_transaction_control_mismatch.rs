//! ENV012 transaction-control-mismatch: SE02 repeats ST02.

use crate::diagnostic::Severity;
use crate::rules::env::Echo;
use crate::rules::{Rule, Sink};
use crate::x12::envelope::Opened;
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV012",
    name: "transaction-control-mismatch",
    severity: Severity::Error,
    snip: Some(1),
    summary: "SE02 differs from the ST02 transaction set control number",
    help: "SE02 must be identical to ST02 of the same transaction set",
    doc: "\
## What it checks
The SE trailer's SE02 is character for character the transaction set
control number in ST02.

## Why it matters
A 999 reports each set by ST02 (AK2/IK5). A set whose trailer does not
match is rejected with IK5 error code 3.

## Example
`ST*837*0001*005010X222A1~ ... SE*42*0002~`

## How to fix
Write the same number in SE02 as in ST02.
",
};

const ECHO: Echo = Echo {
    header_element: 2,
    header_ref: "ST02",
    trailer_element: 2,
    trailer_ref: "SE02",
};

pub(crate) fn check(st: &Opened, se: &Segment<'_>, sink: &mut Sink<'_>) {
    ECHO.check(&RULE, st, se, sink);
}
