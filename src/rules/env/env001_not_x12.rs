//! ENV001 not-x12: bytes where an interchange must start are not one.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink};
use crate::x12::tokenizer::Junk;

pub static RULE: Rule = Rule {
    code: "ENV001",
    name: "not-x12",
    severity: Severity::Error,
    snip: Some(1),
    summary: "Input is not an X12 interchange (no readable ISA header)",
    help: "an X12 file starts with a 106-byte ISA header; check that this is the file you meant",
    doc: "\
## What it checks
That the input starts with a readable ISA interchange header (after an
optional UTF-8 byte-order mark and whitespace), and that nothing but
another interchange follows an IEA trailer. Empty files and bytes between
interchanges are reported too.

## Why it matters
A payer's front end reads the delimiters from the ISA header. Without one
it rejects the whole file (TA1 or no response at all), and nothing in it
is adjudicated.

## Example
A report or a PDF renamed to `.837`, a file that starts with a line of
column headings before `ISA*00*...`, or a transfer log appended after
the last `IEA`.

## How to fix
Send the X12 file itself. Remove anything written before `ISA` or after
the final `IEA~`. If the ISA is present but not recognized, check that it
has 16 elements and ends with the component separator and the segment
terminator.
",
};

fn message(len: u64) -> String {
    format!("{len} byte(s) are not an X12 interchange: expected an ISA header")
}

pub(crate) fn check(junk: &Junk<'_>, sink: &mut Sink<'_>) {
    sink.push(
        Finding::new(&RULE, message(junk.bytes.len() as u64)).at_offset(junk.offset, junk.line),
    );
}

/// Grow the finding of a junk run read in several pieces.
pub(crate) fn extend(f: &mut Finding, total: u64) {
    f.message = message(total);
}

pub(crate) fn check_empty(sink: &mut Sink<'_>) {
    sink.push(Finding::new(&RULE, "the input is empty: expected an ISA header").at_offset(0, 1));
}
