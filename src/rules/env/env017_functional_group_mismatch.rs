//! ENV017 functional-group-mismatch: GS01 fits the transaction sets in the group.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink, shown};
use crate::schema::kind::functional_id;
use crate::x12::envelope::Opened;
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV017",
    name: "functional-group-mismatch",
    severity: Severity::Error,
    snip: Some(1),
    summary: "GS01 functional identifier does not fit the transaction set type (ST01)",
    help: "837 sets go in GS*HC groups, 835 in GS*HP, 999 in GS*FA, 277 in GS*HN",
    doc: "\
## What it checks
GS01, the functional identifier code of the group, is the one X12 assigns
to the type of each transaction set in it: HC for 837, HP for 835, FA for
999 and 997, HN for 277, HR for 276, HS for 270, HB for 271, HI for 278,
BE for 834, RA for 820.

## Why it matters
Receivers route groups by GS01. An 837 in an HP group goes to the
remittance system and is rejected or lost.

## Example
`GS*HP*SENDER*RECEIVER*...~ST*837*0001*005010X222A1~`

## How to fix
Put each set in a group with the right GS01; sets of different types need
separate groups.
",
};

pub(crate) fn check(st: &Segment<'_>, gs: &Opened, sink: &mut Sink<'_>) {
    let st01 = shown(st.element(1).unwrap_or_default());
    let gs01 = gs.element(1);
    let Some(want) = functional_id(&st01) else {
        // An ST01 no health-care group holds, in a group whose GS01 says
        // which set it should be (`ST*83` in an HC group).
        let known = ["837", "835", "999", "277"]
            .into_iter()
            .find(|t| functional_id(t) == Some(gs01));
        if let Some(expected) = known {
            sink.push(
                Finding::new(
                    &RULE,
                    format!(
                        "ST01 '{st01}' is not a transaction set of a GS01 '{gs01}' group, which holds {expected} sets"
                    ),
                )
                .at(st)
                .element(st, 1, "ST01")
                .related(&gs.segment, "GS01 is set here"),
            );
        }
        return;
    };
    if gs01 != want {
        sink.push(
            Finding::new(
                &RULE,
                format!("transaction set {st01} belongs in a GS01 '{want}' group, not '{gs01}'"),
            )
            .at(st)
            .element(st, 1, "ST01")
            .related(&gs.segment, "GS01 is set here"),
        );
    }
}
