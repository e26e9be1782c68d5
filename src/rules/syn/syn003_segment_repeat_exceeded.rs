//! SYN003 segment-repeat-exceeded: a segment occurs more often in its loop
//! than the guide allows.

use crate::diagnostic::Severity;
use crate::rules::syn::Here;
use crate::rules::{Rule, Sink};
use crate::schema::guide::SegmentDef;

pub static RULE: Rule = Rule {
    code: "SYN003",
    name: "segment-repeat-exceeded",
    severity: Severity::Error,
    snip: Some(2),
    summary: "A segment repeats more often than the guide allows in its loop",
    help: "Keep the segment within the guide's maximum use; merge or drop the extras",
    doc: "\
## What it checks
Each segment of a loop occurs at most as often as the guide's maximum use
(for example one CLM per 2300, at most 12 HI diagnosis codes per HI, one
DTP*472 per line). Every occurrence past the maximum is reported (999
IK3 code 5).

## Why it matters
Receivers size their storage by the guide; extra occurrences are rejected
or silently dropped, and the dropped ones may be the ones that mattered.

## Example
Two `DTP*472` segments in one 2400 service line.

## How to fix
Write one segment and, where the guide allows several values, use its
repeating form (for example a date range with D8/RD8 instead of two dates).
",
};

pub(crate) fn report(
    def: &'static SegmentDef,
    count: u32,
    max: u32,
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) {
    let place = here
        .loop_id
        .map_or_else(|| "the set header".to_string(), |l| format!("loop {l}"));
    sink.push(here.finding(
        &RULE,
        "5",
        format!(
            "{} ({}) occurs {count} times in {place}; the guide allows {max}",
            def.id, def.name
        ),
    ));
}
