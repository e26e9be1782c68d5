//! ENV019 unterminated-segment: the last segment ends with the terminator.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink};
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV019",
    name: "unterminated-segment",
    severity: Severity::Warning,
    snip: Some(1),
    summary: "The file ends inside a segment (no segment terminator)",
    help: "end every segment, the last IEA included, with the segment terminator",
    doc: "\
## What it checks
That the last segment of the file is followed by the segment terminator
the ISA header declares.

## Why it matters
Some translators drop a final segment without a terminator, which loses
the IEA and rejects the interchange; a missing terminator can also mean
the file was truncated.

## Example
A file ending in `IEA*1*000000001` without the final `~`.

## How to fix
Write the terminator after the last segment.
",
};

pub(crate) fn check(seg: &Segment<'_>, sink: &mut Sink<'_>) {
    if !seg.terminated {
        let id = String::from_utf8_lossy(seg.id()).into_owned();
        sink.push(
            Finding::new(
                &RULE,
                format!(
                    "the file ends inside the {id} segment: no '{}' terminator follows it",
                    seg.delimiters.segment.escape_ascii()
                ),
            )
            .at(seg),
        );
    }
}
