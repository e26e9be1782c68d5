//! ENV022 empty-envelope: interchanges hold groups and groups hold sets.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink};
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV022",
    name: "empty-envelope",
    severity: Severity::Warning,
    snip: Some(1),
    summary: "An interchange holds no functional group, or a group no transaction set",
    help: "remove empty envelopes or put the missing content in them",
    doc: "\
## What it checks
Each interchange (ISA..IEA) holds at least one functional group and each
group (GS..GE) at least one transaction set.

## Why it matters
An empty envelope carries no claim or remittance: usually an export that
ran with nothing selected, or content that was lost. Some receivers reject
it; all of them process nothing.

## Example
`GS*HC*...*1*X*005010X222A1~GE*0*1~`

## How to fix
Check that the export selected the claims it should; do not send empty
envelopes.
",
};

pub(crate) fn check_interchange(iea: &Segment<'_>, groups: u64, sink: &mut Sink<'_>) {
    if groups == 0 {
        sink.push(Finding::new(&RULE, "the interchange holds no functional group (GS)").at(iea));
    }
}

pub(crate) fn check_group(ge: &Segment<'_>, transactions: u64, sink: &mut Sink<'_>) {
    if transactions == 0 {
        sink.push(Finding::new(&RULE, "the functional group holds no transaction set (ST)").at(ge));
    }
}
