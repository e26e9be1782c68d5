//! SYN017 hl-sequence: HL01 numbers the hierarchical levels of a set 1, 2,
//! 3 … in order.

use crate::diagnostic::Severity;
use crate::rules::syn::{Here, check_count_element};
use crate::rules::{Rule, Sink};
use crate::schema::elements::SegmentSpec;

pub static RULE: Rule = Rule {
    code: "SYN017",
    name: "hl-sequence",
    severity: Severity::Error,
    snip: Some(2),
    summary: "HL01 does not number the hierarchical levels 1, 2, 3 … in order",
    help: "Number the HL segments of each transaction set 1, 2, 3 … in the order written",
    doc: "\
## What it checks
HL01 of the first HL segment in a transaction set is 1, and each later HL
segment's HL01 is one more than the one before. Reported on HL01 with
999 IK4 code I12 (the guide's numbering pattern).

## Why it matters
HL02 points at a parent by its HL01. When the numbers skip or restart,
subscribers and patients are attached to the wrong billing provider, or
the receiver rejects the set. Files made by joining two batches without
renumbering show this at the join.

## Example
`HL*1**20*1~ HL*2*1*22*0~ HL*2*1*22*0~`: the third HL should be 3.

## How to fix
Number the HL segments while writing each set, starting from 1 in every
set, and write HL02 from those numbers.
",
};

/// HL numbering state of one set.
#[derive(Debug, Default)]
pub(crate) struct HlState {
    seen: u64,
}

impl HlState {
    pub(crate) fn check(&mut self, spec: &SegmentSpec, here: &Here<'_, '_>, sink: &mut Sink<'_>) {
        self.seen += 1;
        let want = self.seen;
        check_count_element(&RULE, spec, want, here, sink, |got| {
            format!(
                "HL01 is {got} but this is HL segment {want} of the set; HL01 must count 1, 2, 3 …"
            )
        });
    }
}
