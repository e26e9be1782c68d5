//! SYN016 syntax-note: the X12 syntax notes of a segment (paired,
//! required, exclusion, conditional, list conditional).

use crate::diagnostic::{AckElementError, Severity};
use crate::rules::syn::Here;
use crate::rules::{Rule, Sink};
use crate::schema::elements::{SegmentSpec, SyntaxKind, SyntaxNote};

pub static RULE: Rule = Rule {
    code: "SYN016",
    name: "syntax-note",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A segment breaks one of its X12 syntax notes (P, R, E, C, L)",
    help: "Write the elements the syntax note ties together, or none of them",
    doc: "\
## What it checks
The syntax notes of each segment (X12.6):
- P (paired) `P0809`: NM108 and NM109 are both present or both absent;
- R (required) `R0203`: at least one of the elements is present;
- E (exclusion) `E0102`: at most one of them is present;
- C (conditional) `C0304`: if the first is present, all the others are;
- L (list conditional) `L010203`: if the first is present, at least one of
  the others is.

999 IK4 code 2 (conditional required element missing) or 10 (exclusion
condition violated).

## Why it matters
The notes tie qualifiers to values: an identifier without its qualifier
(NM109 without NM108) cannot be read at all and rejects the set.

## Example
`NM1*85*2*NORTHWIND BEHAVIORAL HEALTH******1234567893~`: NM109 is written
but its qualifier NM108 (`XX` for an NPI) is not.

## How to fix
Write the missing element the message names, or drop the one that must
not be there.
",
};

pub(crate) fn check(spec: &SegmentSpec, present: u64, here: &Here<'_, '_>, sink: &mut Sink<'_>) {
    let has = |p: usize| (1..=64).contains(&p) && present & (1 << (p - 1)) != 0;
    for note in &spec.syntax {
        if note.holds(present) == Some(true) {
            continue;
        }
        let bad = note.violations(has);
        if let Some(&first) = bad.first() {
            report(spec, note, &bad, first, here, sink);
        }
    }
}

fn report(
    spec: &SegmentSpec,
    note: &SyntaxNote,
    bad: &[usize],
    first: usize,
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) {
    let id = &spec.def.id;
    let name = |p: usize| format!("{id}{p:02}");
    let names = |ps: &[usize]| ps.iter().map(|&p| name(p)).collect::<Vec<_>>().join(", ");
    let all = names(&note.elements);
    let lead = name(note.elements[0]);
    let (ik403, why) = match note.kind {
        SyntaxKind::Paired => ("2", format!("{all} go together; missing {}", names(bad))),
        SyntaxKind::Required => ("2", format!("at least one of {all} is required")),
        SyntaxKind::Exclusion => ("10", format!("only one of {all} may be present")),
        SyntaxKind::Conditional => ("2", format!("{lead} needs {}", names(bad))),
        SyntaxKind::ListConditional => (
            "2",
            format!(
                "{lead} needs at least one of {}",
                names(&note.elements[1..])
            ),
        ),
    };
    let mut f = here
        .finding(
            &RULE,
            "8",
            format!("syntax note {} of {id}: {why}", note.text),
        )
        .element(here.seg, first, name(first));
    if let Some(ack) = &mut f.ack999 {
        ack.ik4 = Some(AckElementError {
            position: first as u32,
            component: None,
            repetition: None,
            data_element: spec
                .elements
                .get(first - 1)
                .and_then(|e| e.def.data_ele.clone()),
            ik403,
            bad_value: None,
        });
    }
    sink.push(f);
}
