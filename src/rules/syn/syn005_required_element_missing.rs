//! SYN005 required-element-missing: an element or component the guide
//! requires is empty.

use crate::diagnostic::Severity;
use crate::rules::syn::{ElementAt, Here};
use crate::rules::{Rule, Sink};
use crate::schema::guide::Usage;

pub static RULE: Rule = Rule {
    code: "SYN005",
    name: "required-element-missing",
    severity: Severity::Error,
    snip: Some(2),
    summary: "A required element or component is empty",
    help: "Fill the element; the guide marks it Required in this segment",
    doc: "\
## What it checks
Every element the guide marks Required in a segment that is present holds
a value, and so does every required component of a composite that is
present (CLM05-01 when CLM05 is written). 999 IK4 code 1.

## Why it matters
A required element left empty rejects the transaction set. It is the most
common front-end rejection, usually an export that writes an empty field
where the source had no value.

## Example
`HI*ABK~`: the composite HI01 is present but its required component
HI01-02 (the diagnosis code) is empty.

## How to fix
Supply the value. If the source truly has none, the segment may be one the
guide makes situational: leave the whole segment out instead.
",
};

/// Report when the (empty) element is required.
#[inline]
pub(crate) fn check(at: &ElementAt<'_>, here: &Here<'_, '_>, sink: &mut Sink<'_>) {
    if at.spec.usage == Usage::Required {
        report(at, here, sink);
    }
}

#[cold]
pub(crate) fn report(at: &ElementAt<'_>, here: &Here<'_, '_>, sink: &mut Sink<'_>) {
    sink.push(here.element_finding(
        &RULE,
        at,
        "1",
        None,
        format!("{} is required but empty", at.named()),
    ));
}
