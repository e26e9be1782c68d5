//! SIT005 patient-level-for-self: no patient level (2000C) under a
//! subscriber who is the patient (SBR02 = 18).

use crate::diagnostic::Severity;
use crate::model::Claim;
use crate::rules::Rule;
use crate::rules::claim_checks::{NewLevels, Place, Report};

pub static RULE: Rule = Rule {
    code: "SIT005",
    name: "patient-level-for-self",
    severity: Severity::Error,
    snip: Some(4),
    summary: "patient level (2000C) present although SBR02 = 18 (the subscriber is the patient)",
    help: "put the claims of a patient who is the subscriber directly under the 2000B; use 2000C only for dependents",
    doc: "\
## What it checks
A subscriber level (2000B) whose SBR02 is `18` (the subscriber is the
patient) has no patient level (2000C) under it. Reported once per
patient level.

## Why it matters
The guides send the 2000C patient loop only when the patient is not the
subscriber (\"Required when the patient is a dependent of the
subscriber … If not required, do not send\"), and SBR02 = 18 says the
subscriber is the patient. A file that says both leaves the payer
guessing whose claim it is; front ends reject it.

## Example
`SBR*P*18*******MC~` in 2000B, followed by `HL*3*2*23*0~` and a
`PAT*19~` for the claim.

## How to fix
If the patient is the subscriber, drop the 2000C level and put the
claim under the 2000B (with the subscriber's DMG). If the patient is a
dependent, leave SBR02 empty and keep the 2000C with PAT01 giving the
relationship.
",
};

pub(crate) fn check(claim: &Claim, new: NewLevels, report: &mut Report<'_>) {
    let Some(patient) = claim.patient.as_deref() else {
        return;
    };
    let self_subscriber = claim
        .subscriber
        .as_deref()
        .and_then(|s| s.policy.as_ref())
        .and_then(|p| p.relationship.as_ref())
        .is_some_and(|r| r == "18");
    if !self_subscriber || !new.patient {
        return;
    }
    // At the PAT; at the level's HL when it has none.
    let place = if patient.at.is_known() {
        Place::new(patient.at, "PAT", 0, "2000C")
    } else {
        Place::new(patient.opened_at, "HL", 0, "2000C")
    };
    report.push(
        &RULE,
        place,
        "patient level (2000C) under a subscriber whose SBR02 is 18 (the subscriber is the patient): send 2000C only for a dependent",
    );
}
