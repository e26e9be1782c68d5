//! ENV007 delimiters: the four delimiters are distinct and not data characters.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink};
use crate::x12::delimiters::IsaHeader;
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV007",
    name: "delimiters",
    severity: Severity::Error,
    snip: Some(1),
    summary: "Delimiters are not distinct, or one is a letter or digit",
    help: "use four different non-alphanumeric delimiters, e.g. * element, ^ repetition, : component, ~ segment",
    doc: "\
## What it checks
The element separator (4th byte of ISA), the repetition separator (ISA11),
the component separator (ISA16) and the segment terminator (the byte after
ISA16) are four different characters, none of them a letter or a digit.
Under ISA12 00501, ISA11 must be a separator; the letter `U` there is the
4010 standards identifier carried over by mistake.

## Why it matters
A delimiter that is also data splits values where it should not. When
ISA11 equals ISA16 a reader cannot tell a repetition from a component, and
composites such as CLM05 or HI01 are misread.

## Example
`...*030101*1253*^*00501*000000905*1*T*^~` uses `^` for both ISA11 and
ISA16. `...*1253*U*00501*...` uses `U` as repetition separator.

## How to fix
Pick four distinct punctuation characters that never occur in the data.
claimcheck reads such files with repetition splitting turned off.
",
};

fn shown_byte(b: u8) -> String {
    match b {
        b'\n' => "LF".into(),
        b'\r' => "CR".into(),
        b'\t' => "TAB".into(),
        _ => format!("'{}'", b as char),
    }
}

pub(crate) fn check(isa: &Segment<'_>, header: Option<&IsaHeader>, sink: &mut Sink<'_>) {
    let Some(h) = header else { return };
    let d = h.delimiters;
    let at11 = |msg: String| Finding::new(&RULE, msg).at(isa).element(isa, 11, "ISA11");
    if isa.element(12) == Some(b"00501") {
        if h.isa11.is_ascii_alphanumeric() {
            sink.push(at11(format!(
                "ISA11 {} is not a repetition separator: under 00501 ISA11 must be a delimiter, not a letter or digit",
                shown_byte(h.isa11)
            )));
        } else if d.repetition.is_none() {
            let clash = if h.isa11 == d.component {
                "the component separator (ISA16)"
            } else if h.isa11 == d.segment {
                "the segment terminator"
            } else {
                "the element separator"
            };
            sink.push(at11(format!(
                "ISA11 repetition separator {} is also {clash}; repetitions cannot be told apart",
                shown_byte(h.isa11)
            )));
        }
    }
    if d.component.is_ascii_alphanumeric() || d.component == d.segment {
        sink.push(
            Finding::new(
                &RULE,
                format!(
                    "ISA16 component separator {} is a letter, a digit or the segment terminator",
                    shown_byte(d.component)
                ),
            )
            .at(isa)
            .element(isa, 16, "ISA16"),
        );
    }
}
