//! ENV016 version-mismatch: ST03 names the same guide as GS08.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink, shown};
use crate::x12::envelope::Opened;
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV016",
    name: "version-mismatch",
    severity: Severity::Error,
    snip: Some(1),
    summary: "ST03 implementation guide differs from the group's GS08",
    help: "ST03 must carry the same implementation guide reference as GS08",
    doc: "\
## What it checks
When ST03 (implementation convention reference) is present it equals
GS08 (version / release / industry identifier code) of the enclosing
group.

## Why it matters
The guide decides how the set is read: X222 is professional, X223
institutional. A set that names another guide than its group is validated
against the wrong guide, or rejected outright.

## Example
`GS*HC*...*005010X222*~ST*837*0001*005010X223~`

## How to fix
Put every set in a group of its own guide, and make ST03 and GS08 name
the same guide and errata (for example both 005010X222A1).
",
};

pub(crate) fn check(st: &Segment<'_>, gs: &Opened, sink: &mut Sink<'_>) {
    let Some(st03) = st.element(3).filter(|v| !v.is_empty()) else {
        return;
    };
    let gs08 = gs.element(8);
    if st03 != gs08.as_bytes() {
        sink.push(
            Finding::new(
                &RULE,
                format!("ST03 '{}' differs from GS08 '{gs08}'", shown(st03)),
            )
            .at(st)
            .element(st, 3, "ST03")
            .related(&gs.segment, "GS08 is set here"),
        );
    }
}
