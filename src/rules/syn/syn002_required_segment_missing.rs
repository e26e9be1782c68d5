//! SYN002 required-segment-missing: a loop instance lacks a segment or a
//! loop the guide requires in it.

use crate::diagnostic::Severity;
use crate::rules::syn::Here;
use crate::rules::{Rule, Sink};
use crate::schema::guide::{LoopDef, SegmentDef};

pub static RULE: Rule = Rule {
    code: "SYN002",
    name: "required-segment-missing",
    severity: Severity::Error,
    snip: Some(2),
    summary: "A segment or loop the guide requires is missing",
    help: "Add the segment (or loop) the guide marks Required in this loop",
    doc: "\
## What it checks
Every segment the guide marks Required in a loop is present in each
instance of that loop, and every Required loop occurs in its parent. A
situational loop that is present must still hold its own required
segments. The finding points at the segment where the missing one was
due (as a 999 IK3 with code 3 does) and names the missing segment.

## Why it matters
A missing required segment rejects the transaction set at the payer's
front end (999 IK5*R). The usual causes are a loop written half-way (an
NM1 without its N3/N4) or an export that skips an empty field's whole
segment.

## Example
`NM1*85*2*NORTHWIND BEHAVIORAL HEALTH*****XX*1234567893~` followed by the
subscriber's `HL`: loop 2010AA requires N3, N4 and REF*EI after the NM1.

## How to fix
Write the missing segment. For provider and payer loops the address (N3,
N4) and the tax id (REF*EI) are required even when they repeat what the
payer already has.
",
};

pub(crate) fn report(
    parent: &'static LoopDef,
    segment: &'static SegmentDef,
    loop_def: Option<&'static LoopDef>,
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) {
    // A missing SE is the envelope rules' (ENV014).
    if segment.id == "SE" {
        return;
    }
    let label = qualified(segment);
    let within = if parent.wrapper || parent.id == "ST_LOOP" {
        "the transaction set".to_string()
    } else {
        format!("loop {} ({})", parent.id, parent.name)
    };
    let message = match loop_def {
        Some(l) if !l.wrapper => format!(
            "required loop {} ({}) is missing from {within}: no {label} before this segment",
            l.id, l.name
        ),
        _ => format!(
            "required segment {label} ({}) is missing from {within}",
            segment.name
        ),
    };
    let mut f = here.finding(&RULE, "3", message);
    let loop_id = loop_def
        .filter(|l| !l.wrapper)
        .or((!parent.wrapper && parent.id != "ST_LOOP").then_some(parent))
        .map(|l| l.id.clone());
    f.loop_id.clone_from(&loop_id);
    if let Some(ack) = &mut f.ack999 {
        ack.ik301.clone_from(&segment.id);
        ack.ik303 = loop_id;
    }
    sink.push(f);
}

/// `REF*EI` when the guide allows a single qualifier, else the id.
fn qualified(segment: &SegmentDef) -> String {
    let codes = if segment.id == "HL" {
        segment.elements.get(2)
    } else {
        segment.elements.first()
    }
    .and_then(|e| e.codes.as_deref());
    match codes {
        Some([one]) if segment.id == "HL" => format!("HL (level {one})"),
        Some([one]) => format!("{}*{one}", segment.id),
        _ => segment.id.clone(),
    }
}
