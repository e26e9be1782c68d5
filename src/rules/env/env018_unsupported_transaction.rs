//! ENV018 unsupported-transaction: the set is one claimcheck validates.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink, shown};
use crate::schema::kind::{TransactionKind, declared_version, kind_of};
use crate::x12::envelope::Opened;
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV018",
    name: "unsupported-transaction",
    severity: Severity::Info,
    snip: Some(1),
    summary: "Transaction set type or guide is not one claimcheck validates beyond the envelope",
    help: "claimcheck validates 837P (X222), 837I (X223), 837D (X224), 835 (X221), 999 (X231) and 277CA (X214)",
    doc: "\
## What it checks
Detects the kind of each transaction set from ST01 and the guide named in
ST03 (or GS08 when ST03 is absent): 837P (005010X222), 837I (005010X223),
837D (005010X224), 835 (005010X221), 999 (005010X231) and 277CA
(005010X214). A set of any other type or guide gets this note.

## Why it matters
Such a set is checked only at the envelope level: its content passes
without guide validation, which should not go unnoticed.

## Example
`ST*834*0001*005010X220A1~` (enrollment), or an 837 whose ST03 and GS08
name a 4010 guide.

## How to fix
Nothing, if the set is meant to be there. Otherwise send claims and
remittances in their 5010 guides.
",
};

/// Report a set of an unknown kind; return the kind when it is known.
pub(crate) fn check(
    st: &Segment<'_>,
    gs: Option<&Opened>,
    sink: &mut Sink<'_>,
) -> Option<TransactionKind> {
    let st01 = shown(st.element(1).unwrap_or_default());
    let version = shown(declared_version(st, gs));
    let kind = kind_of(st, gs);
    if kind.is_none() {
        let guide = if version.is_empty() {
            "no guide named".to_string()
        } else {
            format!("guide '{version}'")
        };
        sink.push(
            Finding::new(
                &RULE,
                format!("transaction set {st01} ({guide}) is checked only at the envelope level"),
            )
            .at(st)
            .element(st, 1, "ST01"),
        );
    }
    kind
}
