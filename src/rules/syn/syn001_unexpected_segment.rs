//! SYN001 unexpected-segment: a segment the guide has no place for where
//! it stands.

use crate::diagnostic::Severity;
use crate::rules::syn::Here;
use crate::rules::{Rule, Sink, shown};
use crate::schema::loops::LoopWalker;

pub static RULE: Rule = Rule {
    code: "SYN001",
    name: "unexpected-segment",
    severity: Severity::Error,
    snip: Some(2),
    summary: "A segment the implementation guide does not allow where it stands",
    help: "Move the segment to the loop the guide puts it in, or remove it",
    doc: "\
## What it checks
Each segment of a transaction set must fit the guide at its place: in the
loop that is open, after the segments before it, or as the start of a new
loop. A segment that fits nowhere is reported with the 999 code that says
why: 6 when the guide has no such segment at all, 7 when the open loop
takes it earlier (out of order), 2 when it is simply not expected here.

## Why it matters
Payers read claims by the guide's loops. A segment out of place is either
rejected (999 IK3) or, worse, read into the wrong loop: a rendering
provider taken for a referring one, a date for the wrong line.

## Example
`DTP*472*D8*20260310~` written after `REF*6R*...~` in a 2400 loop: the
guide puts DTP*472 before the REF segments, so the DTP is out of order.

## How to fix
Write the segments of each loop in the guide's order, with the qualifiers
the guide lists for that loop (NM1*82 in 2310B, not in 2400 unless the
line's rendering provider differs).
",
};

pub(crate) fn check(here: &Here<'_, '_>, walker: &LoopWalker, sink: &mut Sink<'_>) {
    let seg = here.seg;
    let label = label(seg);
    let guide = &walker.guide().id.guide().guide;
    let place = here
        .loop_id
        .map_or_else(|| "the set header".to_string(), |l| format!("loop {l}"));
    let (ik304, message) = if !walker.guide().defines(seg.id()) {
        ("6", format!("{guide} has no {label} segment"))
    } else if walker.defined_earlier(seg) {
        (
            "7",
            format!("{label} is out of order: {place} takes it before the segments already read"),
        )
    } else {
        ("2", format!("{label} is not expected in {place} ({guide})"))
    };
    sink.push(here.finding(&RULE, ik304, message));
}

/// `NM1*82`: the id and its qualifier when the first element is short.
pub(crate) fn label(seg: &crate::x12::tokenizer::Segment<'_>) -> String {
    let id = shown(seg.id());
    match seg.element(1) {
        Some(q) if !q.is_empty() && q.len() <= 3 => format!("{id}*{}", shown(q)),
        _ => id,
    }
}
