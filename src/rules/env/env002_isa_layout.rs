//! ENV002 isa-layout: the ISA header has 16 elements of fixed width.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink};
use crate::x12::delimiters::IsaHeader;
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV002",
    name: "isa-layout",
    severity: Severity::Error,
    snip: Some(1),
    summary: "ISA header elements are not their fixed widths",
    help: "pad ISA elements with spaces (ISA06/ISA08 to 15, ISA02/ISA04 to 10) so the ISA is 106 bytes",
    doc: "\
## What it checks
The ISA segment is the only fixed-width segment in X12: exactly 16
elements with widths 2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1,
so that the whole segment with its terminator is 106 bytes. Each element
of another width is reported. An ISA whose delimiters cannot be read at
all is reported here too.

## Why it matters
Many translators read the delimiters at fixed byte positions (the 4th,
the 83rd, the 105th and 106th bytes). A trimmed ISA makes them read the
wrong bytes and reject the interchange.

## Example
`ISA*00**00**ZZ*SUBMITTER*ZZ*RECEIVER*260101*1200*^*00501*1*0*T*:~`
has empty ISA02/ISA04 and unpadded ISA06/ISA08/ISA13.

## How to fix
Pad ISA02, ISA04, ISA06 and ISA08 with trailing spaces, and ISA13 with
leading zeros, to their full widths.
",
};

/// Widths of ISA01..ISA16.
pub const ISA_WIDTHS: [usize; 16] = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];

pub(crate) fn check(isa: &Segment<'_>, header: Option<&IsaHeader>, sink: &mut Sink<'_>) {
    let count = isa.element_count();
    if header.is_none() || count != 16 {
        sink.push(
            Finding::new(
                &RULE,
                format!("ISA header is malformed: {count} elements instead of 16, so its delimiters cannot be read"),
            )
            .at(isa),
        );
        return;
    }
    for (i, width) in ISA_WIDTHS.iter().enumerate() {
        let n = i + 1;
        let got = isa.element(n).map_or(0, <[u8]>::len);
        if got != *width {
            sink.push(
                Finding::new(
                    &RULE,
                    format!("ISA{n:02} is {got} character(s) long; the ISA header requires exactly {width}"),
                )
                .at(isa)
                .element(isa, n, format!("ISA{n:02}")),
            );
        }
    }
}
