//! ENV008 interchange-control-mismatch: IEA02 repeats ISA13.

use crate::diagnostic::Severity;
use crate::rules::env::Echo;
use crate::rules::{Rule, Sink};
use crate::x12::envelope::Opened;
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV008",
    name: "interchange-control-mismatch",
    severity: Severity::Error,
    snip: Some(1),
    summary: "IEA02 differs from the ISA13 interchange control number",
    help: "IEA02 must be identical to ISA13 of the same interchange",
    doc: "\
## What it checks
The IEA trailer's IEA02 is character for character the interchange control
number in ISA13.

## Why it matters
The pair is how a receiver knows the interchange arrived whole. A mismatch
means the file was cut, spliced or hand-edited, and the interchange is
rejected with a TA1.

## Example
`ISA*...*000000286*0*P*:~ ... IEA*1*000000287~`

## How to fix
Write the same control number in IEA02 as in ISA13.
",
};

const ECHO: Echo = Echo {
    header_element: 13,
    header_ref: "ISA13",
    trailer_element: 2,
    trailer_ref: "IEA02",
};

pub(crate) fn check(isa: &Opened, iea: &Segment<'_>, sink: &mut Sink<'_>) {
    ECHO.check(&RULE, isa, iea, sink);
}
