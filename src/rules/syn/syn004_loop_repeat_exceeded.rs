//! SYN004 loop-repeat-exceeded: a loop occurs more often than the guide
//! allows.

use crate::diagnostic::Severity;
use crate::rules::syn::Here;
use crate::rules::{Rule, Sink};
use crate::schema::guide::LoopDef;

pub static RULE: Rule = Rule {
    code: "SYN004",
    name: "loop-repeat-exceeded",
    severity: Severity::Error,
    snip: Some(2),
    summary: "A loop repeats more often than the guide allows",
    help: "Split the data so that each loop stays within the guide's repeat limit",
    doc: "\
## What it checks
Each loop occurs at most as often as the guide allows in its parent: at
most 100 claims (2300) per subscriber or patient, 50 service lines (2400)
per professional claim, 10 other payers (2320) per claim. Each
occurrence past the limit is reported at its first segment (999 IK3 code
4).

## Why it matters
Payers reject the whole transaction set when a loop exceeds its limit, so
one oversized claim holds back every claim batched with it.

## Example
A professional claim with 51 `LX` service lines.

## How to fix
Split the claim (for example by date of service) or the subscriber's
claims into several, as the guide's limits require.
",
};

pub(crate) fn report(
    def: &'static LoopDef,
    count: u32,
    max: u32,
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) {
    let mut f = here.finding(
        &RULE,
        "4",
        format!(
            "loop {} ({}) occurs {count} times; the guide allows {max}",
            def.id, def.name
        ),
    );
    f.loop_id = Some(def.id.clone());
    sink.push(f);
}
