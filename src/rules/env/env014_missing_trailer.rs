//! ENV014 missing-trailer: every ISA, GS and ST is closed by its IEA, GE or SE.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink};
use crate::x12::envelope::{Level, Opened};
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV014",
    name: "missing-trailer",
    severity: Severity::Error,
    snip: Some(1),
    summary: "An ISA, GS or ST has no matching IEA, GE or SE trailer",
    help: "close each envelope with its trailer before the next header or the end of the file",
    doc: "\
## What it checks
Every ST is closed by an SE before the next ST, GE, GS, IEA, ISA or the end
of the file; every GS by a GE; every ISA by an IEA.

## Why it matters
A missing trailer usually means the file was truncated in transfer or
split in the wrong place. The receiver cannot know whether it got
everything and rejects the envelope.

## Example
A file that ends right after a claim's last `DTP*472` segment, with no
`SE`, `GE` or `IEA`.

## How to fix
Resend the complete file. If the file is generated, make sure the writer
flushes the trailers before closing the file.
",
};

pub(crate) fn check(level: Level, opened: &Opened, at: Option<&Segment<'_>>, sink: &mut Sink<'_>) {
    let header = level.header();
    let trailer = level.trailer();
    let control = match level {
        Level::Interchange => opened.element(13),
        Level::Group => opened.element(6),
        Level::Transaction => opened.element(2),
    };
    let f = match at {
        Some(seg) => {
            let next = String::from_utf8_lossy(seg.id()).into_owned();
            Finding::new(
                &RULE,
                format!(
                    "{header} '{control}' (line {}) has no {trailer}: {next} comes first",
                    opened.segment.line
                ),
            )
            .at(seg)
            .related(&opened.segment, format!("{header} opened here"))
        }
        None => Finding::new(
            &RULE,
            format!("{header} '{control}' has no {trailer}: the file ends first"),
        )
        .at_ref(&opened.segment),
    };
    sink.push(f);
}
