//! ENV023 group-sender-receiver: GS02 and GS03 name the application sender
//! and receiver in 2 to 15 characters of the X12 character set.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink, shown};
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV023",
    name: "group-sender-receiver",
    severity: Severity::Error,
    snip: Some(1),
    summary: "GS02 or GS03 is missing, of the wrong length, or holds invalid characters",
    help: "Write the application sender's (GS02) and receiver's (GS03) codes: 2 to 15 printable characters",
    doc: "\
## What it checks
GS02 (application sender's code) and GS03 (application receiver's code)
are present, 2 to 15 characters long, written in the X12 character set
(printable ASCII: no control characters, no bytes above 0x7E) and not
padded with trailing spaces.

## Why it matters
The receiver routes a functional group by GS03 and answers it (999, 277CA)
to GS02. A group without them, or with characters the receiver's
translator cannot read, is rejected before any claim in it is looked at.

## Example
`GS*HC*CLAIMCHECKSUB**20260315*1030*101*X*005010X222A1~`: GS03 is empty.

## How to fix
Use the codes the payer or clearinghouse assigned in its companion
guide, usually the same as ISA06/ISA08 without the padding.
",
};

pub(crate) fn check_gs(gs: &Segment<'_>, sink: &mut Sink<'_>) {
    for (n, reference, what) in [(2, "GS02", "sender"), (3, "GS03", "receiver")] {
        let v = gs.element(n).unwrap_or_default();
        let why = if v.is_empty() {
            format!("{reference} (application {what}'s code) is missing")
        } else if !(2..=15).contains(&v.len()) {
            format!(
                "{reference} '{}' is {} characters long; it must be 2 to 15",
                shown(v),
                v.len()
            )
        } else if v.iter().any(|&b| !(0x20..0x7f).contains(&b)) {
            format!(
                "{reference} '{}' holds a character outside the X12 character set",
                shown(v)
            )
        } else if v.last() == Some(&b' ') {
            format!("{reference} '{}' ends with spaces", shown(v))
        } else {
            continue;
        };
        sink.push(Finding::new(&RULE, why).at(gs).element(gs, n, reference));
    }
}
