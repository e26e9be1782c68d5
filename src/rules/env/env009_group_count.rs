//! ENV009 group-count: IEA01 counts the functional groups.

use crate::diagnostic::Severity;
use crate::rules::env::check_count;
use crate::rules::{Rule, Sink};
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV009",
    name: "group-count",
    severity: Severity::Error,
    snip: Some(1),
    summary: "IEA01 differs from the number of functional groups (GS) in the interchange",
    help: "IEA01 must equal the number of GS segments between ISA and IEA",
    doc: "\
## What it checks
IEA01 equals the number of GS functional groups in the interchange.

## Why it matters
The count lets the receiver detect lost or duplicated groups. A wrong
count gets the interchange rejected.

## Example
An interchange with three GS..GE groups whose trailer is `IEA*1*000000905~`.

## How to fix
Count the groups when writing the IEA, after the last GE.
",
};

pub(crate) fn check(iea: &Segment<'_>, groups: u64, sink: &mut Sink<'_>) {
    check_count(
        &RULE,
        iea,
        "IEA01",
        groups,
        || format!("the interchange holds {groups} functional group(s)"),
        sink,
    );
}
