//! ENV008 interchange-control-mismatch: IEA02 repeats ISA13.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink, shown};
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

pub(crate) fn check(isa: &Opened, iea: &Segment<'_>, sink: &mut Sink<'_>) {
    let want = isa.element(13);
    let got = iea.element(2).unwrap_or_default();
    if got != want.as_bytes() {
        sink.push(
            Finding::new(
                &RULE,
                format!("IEA02 '{}' differs from ISA13 '{want}'", shown(got)),
            )
            .at(iea)
            .element(iea, 2, "IEA02")
            .related(&isa.segment, "ISA13 is set here"),
        );
    }
}
