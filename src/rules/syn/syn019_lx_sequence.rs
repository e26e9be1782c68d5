//! SYN019 lx-sequence: LX01 numbers a claim's service lines 1, 2, 3 … in
//! order.

use crate::diagnostic::Severity;
use crate::rules::syn::{Here, check_count_element};
use crate::rules::{Rule, Sink};
use crate::schema::elements::SegmentSpec;

pub static RULE: Rule = Rule {
    code: "SYN019",
    name: "lx-sequence",
    severity: Severity::Error,
    snip: Some(2),
    summary: "LX01 does not number the claim's service lines 1, 2, 3 … in order",
    help: "Number the service lines (2400 LX01) of each claim from 1, by 1",
    doc: "\
## What it checks
In an 837 claim, LX01 of the first service line (loop 2400) is 1 and each
later line's LX01 is one more than the one before; numbering restarts at
each claim. Reported on LX01 with 999 IK4 code I12.

## Why it matters
Payers report line-level adjudication (835 SVC, 277CA) by line number.
Gaps or duplicates make the remittance impossible to match line by line.

## Example
`CLM*...~ LX*1~ SV1*...~ LX*3~ SV1*...~`: the second line should be 2.

## How to fix
Number the lines while writing each claim; restart at 1 for every claim.
",
};

/// Service-line numbering state of the current claim.
#[derive(Debug, Default)]
pub(crate) struct LxState {
    lines: u64,
}

impl LxState {
    /// A new claim starts.
    pub(crate) fn claim(&mut self) {
        self.lines = 0;
    }

    pub(crate) fn check(&mut self, spec: &SegmentSpec, here: &Here<'_, '_>, sink: &mut Sink<'_>) {
        self.lines += 1;
        let want = self.lines;
        check_count_element(&RULE, spec, want, here, sink, |got| {
            format!("LX01 is {got} but this is service line {want} of the claim")
        });
    }
}
