//! ENV011 transaction-count: GE01 counts the transaction sets.

use crate::diagnostic::Severity;
use crate::rules::env::check_count;
use crate::rules::{Rule, Sink};
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV011",
    name: "transaction-count",
    severity: Severity::Error,
    snip: Some(1),
    summary: "GE01 differs from the number of transaction sets (ST) in the group",
    help: "GE01 must equal the number of ST segments between GS and GE",
    doc: "\
## What it checks
GE01 equals the number of ST transaction sets in the functional group.

## Why it matters
The count lets the receiver detect a lost or duplicated transaction set;
a mismatch gets the whole group rejected (999 AK9*R).

## Example
Two ST..SE sets followed by `GE*1*1~`.

## How to fix
Count the transaction sets when writing the GE.
",
};

pub(crate) fn check(ge: &Segment<'_>, transactions: u64, sink: &mut Sink<'_>) {
    check_count(
        &RULE,
        ge,
        "GE01",
        transactions,
        || format!("the group holds {transactions} transaction set(s)"),
        sink,
    );
}
