//! SYN007 too-many-elements: a segment has more elements than the guide
//! defines.

use crate::diagnostic::{AckElementError, Severity};
use crate::rules::syn::Here;
use crate::rules::{Rule, Sink, shown};
use crate::schema::elements::SegmentSpec;

pub static RULE: Rule = Rule {
    code: "SYN007",
    name: "too-many-elements",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A segment has a value past the last element the guide defines",
    help: "Remove the extra elements, or check for a stray element separator",
    doc: "\
## What it checks
No segment holds a value beyond the last element its definition has
(CLM has 20 elements, so a value in a 21st is an error). 999 IK4 code 3.
Empty elements at the end are SYN020's concern.

## Why it matters
Extra elements usually mean a separator inside data (an asterisk typed in
a name or address), which shifts every later element: the payer reads
the wrong values and rejects the segment.

## Example
`N3*100 HARBOR WAY*SUITE 2*REAR~`: N3 has two elements.

## How to fix
Remove the extra values; make sure the data never contains the element
separator (replace it, or choose a separator that cannot occur).
",
};

pub(crate) fn check(
    spec: &SegmentSpec,
    position: usize,
    value: &[u8],
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) {
    let id = &spec.def.id;
    let reference = format!("{id}{position:02}");
    let mut f = here
        .finding(
            &RULE,
            "8",
            format!(
                "{id} has a value in element {position}; the guide defines {} element(s)",
                spec.elements.len()
            ),
        )
        .element(here.seg, position, reference);
    if let Some(ack) = &mut f.ack999 {
        ack.ik4 = Some(AckElementError {
            position: position as u32,
            component: None,
            repetition: None,
            data_element: None,
            ik403: "3",
            bad_value: Some(shown(&value[..value.len().min(99)])),
        });
    }
    sink.push(f);
}
