//! ENV013 segment-count: SE01 counts the segments from ST to SE.

use crate::diagnostic::Severity;
use crate::rules::env::check_count;
use crate::rules::{Rule, Sink};
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV013",
    name: "segment-count",
    severity: Severity::Error,
    snip: Some(1),
    summary: "SE01 differs from the number of segments in the transaction set",
    help: "SE01 must equal the number of segments from ST to SE, both included",
    doc: "\
## What it checks
SE01 equals the number of segments in the transaction set, counting the
ST and the SE themselves.

## Why it matters
The count is the receiver's check that no segment was lost or duplicated
in transit. A mismatch rejects the set (999 IK5*R, error code 4).

## Example
`ST*837*0001~BHT*...~ ... SE*40*0001~` when the set holds 41 segments.

## How to fix
Count segments while writing the set and write the count in SE01; a file
that was edited by hand needs its SE01 recounted.
",
};

pub(crate) fn check(se: &Segment<'_>, segments: u64, sink: &mut Sink<'_>) {
    check_count(
        &RULE,
        se,
        "SE01",
        segments,
        || format!("the transaction set has {segments} segment(s) from ST to SE"),
        sink,
    );
}
