//! ENV010 group-control-mismatch: GE02 repeats GS06.

use crate::diagnostic::Severity;
use crate::rules::env::Echo;
use crate::rules::{Rule, Sink};
use crate::x12::envelope::Opened;
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV010",
    name: "group-control-mismatch",
    severity: Severity::Error,
    snip: Some(1),
    summary: "GE02 differs from the GS06 group control number",
    help: "GE02 must be identical to GS06 of the same group",
    doc: "\
## What it checks
The GE trailer's GE02 is character for character the group control number
in GS06.

## Why it matters
999 acknowledgments name groups by GS06. A group whose trailer does not
match is rejected (999 AK9 with IK5-level error code 4).

## Example
`GS*HC*SENDER*RECEIVER*20260101*1200*17*X*005010X222A1~ ... GE*1*18~`

## How to fix
Write the same number in GE02 as in GS06.
",
};

const ECHO: Echo = Echo {
    header_element: 6,
    header_ref: "GS06",
    trailer_element: 2,
    trailer_ref: "GE02",
};

pub(crate) fn check(gs: &Opened, ge: &Segment<'_>, sink: &mut Sink<'_>) {
    ECHO.check(&RULE, gs, ge, sink);
}
