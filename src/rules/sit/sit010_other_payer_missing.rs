//! SIT010 other-payer-missing: a claim sent to a secondary or tertiary
//! payer names the payers before it (2320).

use crate::diagnostic::Severity;
use crate::model::Claim;
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "SIT010",
    name: "other-payer-missing",
    severity: Severity::Error,
    snip: Some(4),
    summary: "SBR01 is S or T (secondary/tertiary payer) but the claim has no 2320 other-subscriber loop",
    help: "add loop 2320 (SBR, CAS, AMT*D, OI) with 2330A/2330B for each payer that adjudicated the claim before",
    doc: "\
## What it checks
A claim under a subscriber level whose SBR01 is `S` (the destination
payer is secondary) or `T` (tertiary) has at least one other-subscriber
loop (2320, with its 2330A subscriber and 2330B payer).

## Why it matters
The guides require loop 2320 when other payers are known to be involved
in paying the claim, and a secondary or tertiary payer by definition
comes after another one. Without the other payer's identity and
adjudication (paid amount, adjustments) the payer cannot coordinate
benefits and denies the claim or pays it as primary by mistake.

## Example
`SBR*S*18*******CI~` in 2000B and a claim with no `SBR` after its `HI`.

## How to fix
Add the prior payer's 2320 loop (its SBR with SBR01 = `P`, the claim
level CAS adjustments, `AMT*D` paid amount, OI) and 2330A/2330B names;
take the amounts from that payer's 835.
",
};

pub(crate) fn check(claim: &Claim, report: &mut Report<'_>) {
    if !claim.other_subscribers.is_empty() {
        return;
    }
    let Some(subscriber) = claim.subscriber.as_deref() else {
        return;
    };
    let Some(order) = subscriber
        .policy
        .as_ref()
        .and_then(|p| p.payer_responsibility.as_ref())
    else {
        return;
    };
    let what = match order.as_str() {
        "S" => "secondary",
        "T" => "tertiary",
        _ => return,
    };
    report.push(
        &RULE,
        Place::new(subscriber.at, "SBR", 1, "2000B"),
        format!(
            "SBR01 {order} sends claim {} to a {what} payer, but the claim has no other-subscriber loop (2320) for the payer before it",
            claim.id
        ),
    );
}
