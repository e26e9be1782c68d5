//! ENV015 out-of-place: segments stand inside the envelope they need.

use crate::diagnostic::{Finding, SegmentRef, Severity};
use crate::rules::{Rule, Sink};

pub static RULE: Rule = Rule {
    code: "ENV015",
    name: "out-of-place",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A segment stands outside the envelope it belongs in",
    help: "data segments belong between ST and SE, ST/SE between GS and GE, GS/GE between ISA and IEA",
    doc: "\
## What it checks
That every segment is inside the envelope it belongs to: data segments
between ST and SE, ST between GS and GE, GS between ISA and IEA, and only
another ISA after an IEA. A trailer without its header (an SE with no
open ST) is out of place too. A run of such segments is reported once, at
its first segment.

## Why it matters
Segments outside a transaction set belong to no claim. Receivers reject
them, and with them usually the group or interchange they sit in.

## Example
`SE*20*0001~NM1*QC*1*DOE*JOHN~ST*837*0002*005010X222A1~`: the NM1 is
between two sets.

## How to fix
Move the segments into their transaction set (and recount SE01), or add
the missing header (ST, GS or ISA).
",
};

pub(crate) fn check(first: &SegmentRef, count: u64, expected: &str, sink: &mut Sink<'_>) {
    let what = if count == 1 {
        format!("{} segment", first.id)
    } else {
        format!("{count} segments starting with {}", first.id)
    };
    sink.push(
        Finding::new(
            &RULE,
            format!("{what} outside the envelope it belongs in: expected {expected} here"),
        )
        .at_ref(first),
    );
}
