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
group. 837 sets must have ST03. When ST03 is absent, as in 835 and 999
sets whose guides do not use it, GS08 alone names the guide and must be the one for the set's type:
005010X221A1 for an 835, 005010X231A1 for a 999, 005010X214 for a 277.

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

/// The GS08 a set of this ST01 needs when it has no ST03 (the guides of
/// these sets do not use ST03).
fn guide_without_st03(st01: &[u8]) -> Option<&'static str> {
    match st01 {
        b"835" => Some("005010X221A1"),
        b"999" => Some("005010X231A1"),
        b"277" => Some("005010X214"),
        _ => None,
    }
}

pub(crate) fn check(st: &Segment<'_>, gs: &Opened, sink: &mut Sink<'_>) {
    let gs08 = gs.element(8);
    let Some(st03) = st.element(3).filter(|v| !v.is_empty()) else {
        let st01 = st.element(1).unwrap_or_default();
        if st01 == b"837" {
            // The 837 guides require ST03: it tells professional from
            // institutional claims.
            sink.push(
                Finding::new(
                    &RULE,
                    format!("ST03 is missing; 837 sets must name their guide (GS08 is '{gs08}')"),
                )
                .at(st)
                .element(st, 3, "ST03")
                .related(&gs.segment, "GS08 is set here"),
            );
            return;
        }
        if let Some(want) = guide_without_st03(st01)
            && gs08 != want
        {
            sink.push(
                Finding::new(
                    &RULE,
                    format!(
                        "GS08 '{gs08}' does not name the {} guide; without ST03 the set is read by GS08, which must be {want}",
                        shown(st01)
                    ),
                )
                .at(st)
                .element(st, 1, "ST01")
                .related(&gs.segment, "GS08 is set here"),
            );
        }
        return;
    };
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
