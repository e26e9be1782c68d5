//! ENV005 isa-version: ISA12 is 00501.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink, shown};
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV005",
    name: "isa-version",
    severity: Severity::Error,
    snip: Some(1),
    summary: "ISA12 interchange control version is not 00501",
    help: "HIPAA 5010 interchanges carry ISA12 = 00501",
    doc: "\
## What it checks
ISA12, the interchange control version number, is `00501`, the version
every HIPAA 5010 transaction (837, 835, 999, 277CA) is exchanged under.

## Why it matters
The version decides how the receiver reads the envelope: under 00401
ISA11 is a standards identifier, under 00501 it is the repetition
separator. A payer's 5010 front end rejects other versions.

## Example
`...*1719*`*00402*000003438*0*P*>` declares version 00402.

## How to fix
Generate the interchange with ISA12 `00501` (and the 5010 guide in GS08
and ST03).
",
};

pub(crate) fn check(isa: &Segment<'_>, sink: &mut Sink<'_>) {
    if let Some(v) = isa.element(12)
        && v != b"00501"
    {
        sink.push(
            Finding::new(
                &RULE,
                format!(
                    "ISA12 is '{}'; HIPAA 5010 interchanges require 00501",
                    shown(v)
                ),
            )
            .at(isa)
            .element(isa, 12, "ISA12"),
        );
    }
}
