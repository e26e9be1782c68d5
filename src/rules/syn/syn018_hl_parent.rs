//! SYN018 hl-parent: HL02 names the HL01 of the level the guide nests this
//! one under.

use crate::diagnostic::Severity;
use crate::rules::syn::{ElementAt, Here};
use crate::rules::{Rule, Sink, shown};
use crate::schema::elements::SegmentSpec;

pub static RULE: Rule = Rule {
    code: "SYN018",
    name: "hl-parent",
    severity: Severity::Error,
    snip: Some(2),
    summary: "HL02 does not point at the enclosing hierarchical level",
    help: "Set HL02 to the HL01 of the level this one belongs to",
    doc: "\
## What it checks
The guide nests hierarchical levels: a subscriber (2000B, HL03 22) under
a billing provider (2000A, HL03 20), a patient (2000C, HL03 23) under a
subscriber. Each HL02 must be the HL01 of the level it sits under in the
file. Reported on HL02 with 999 IK4 code I12.

## Why it matters
Claims are attached to subscribers and providers through HL02. A wrong
parent moves a claim to another subscriber (wrong member id, wrong
eligibility), or the receiver rejects the hierarchy.

## Example
`HL*1**20*1~ ... HL*2*3*22*0~`: the subscriber's parent is HL 1, not 3.

## How to fix
Write HL02 from the HL01 of the enclosing level while writing the set.
",
};

/// Open hierarchical levels of one set: (loop depth, HL01).
#[derive(Debug, Default)]
pub(crate) struct HlParents {
    /// The open levels: walker depth and HL01, kept inline (no allocation
    /// per HL). HL01 is at most 12 characters; a longer one (SYN009's to
    /// report) is kept as `None` and not compared.
    open: Vec<(usize, Option<HlId>)>,
}

#[derive(Debug, Clone, Copy)]
struct HlId {
    len: u8,
    bytes: [u8; 16],
}

impl HlId {
    fn of(v: &[u8]) -> Option<HlId> {
        let mut bytes = [0; 16];
        bytes.get_mut(..v.len())?.copy_from_slice(v);
        Some(HlId {
            len: v.len() as u8,
            bytes,
        })
    }

    fn as_slice(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

impl HlParents {
    /// `depth`: loop depth of the HL's loop; `entered`: whether the HL
    /// started a loop (otherwise it was not placed as a level).
    pub(crate) fn check(
        &mut self,
        spec: &SegmentSpec,
        here: &Here<'_, '_>,
        depth: usize,
        entered: bool,
        sink: &mut Sink<'_>,
    ) {
        if !entered {
            return;
        }
        while self.open.last().is_some_and(|(d, _)| *d >= depth) {
            self.open.pop();
        }
        let seg = here.seg;
        let hl02 = seg.element(2).unwrap_or_default();
        if let Some((_, Some(parent))) = self.open.last()
            && !hl02.is_empty()
            && hl02 != parent.as_slice()
            && let Some(es) = spec.elements.get(1)
        {
            let at = ElementAt {
                spec: es,
                position: 2,
                component: None,
                repetition: None,
            };
            let level = here.loop_id.unwrap_or("this level");
            sink.push(here.element_finding(
                &RULE,
                &at,
                "I12",
                Some(hl02),
                format!(
                    "HL02 is {} but this {level} sits under the level with HL01 {}",
                    shown(hl02),
                    shown(parent.as_slice())
                ),
            ));
        }
        let hl01 = HlId::of(seg.element(1).unwrap_or_default());
        self.open.push((depth, hl01));
    }
}
