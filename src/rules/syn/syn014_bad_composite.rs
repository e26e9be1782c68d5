//! SYN014 bad-composite: components where the element has none, or more
//! components than the composite defines.

use crate::diagnostic::Severity;
use crate::rules::syn::{ElementAt, Here};
use crate::rules::{Rule, Sink};

pub static RULE: Rule = Rule {
    code: "SYN014",
    name: "bad-composite",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A composite has too many components, or a simple element has components",
    help: "Write only the components the guide defines; never the component separator in data",
    doc: "\
## What it checks
A composite element (CLM05, SV101, HI01 …) has no more components than
its definition, and a simple element holds no component separator. 999
IK4 code 13.

## Why it matters
An extra component separator shifts every later component (a modifier
read as a description), and one inside a simple element is almost always
the separator typed into data, for example a colon in a time or a note.

## Example
`SV1*HC:H0004:HF:U1:U2:U3:U4:DESC:X*...`: SV101 has at most 8 components.

## How to fix
Drop the extra components; clean the separator characters out of free
text before writing it.
",
};

pub(crate) fn simple_with_components(
    at: &ElementAt<'_>,
    value: &[u8],
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) {
    sink.push(here.element_finding(
        &RULE,
        at,
        "13",
        Some(value),
        format!(
            "{} is a simple element but holds the component separator '{}'",
            at.named(),
            here.seg.delimiters.component as char
        ),
    ));
}

pub(crate) fn too_many_components(
    at: &ElementAt<'_>,
    component: usize,
    value: &[u8],
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) {
    sink.push(here.element_finding(
        &RULE,
        &ElementAt {
            component: Some(component),
            ..*at
        },
        "13",
        Some(value),
        format!(
            "{} has a component {component}; the composite defines {}",
            at.named(),
            at.spec.components.len()
        ),
    ));
}
