//! SIT006 dependent-without-patient-level: a subscriber who is not the
//! patient (SBR02 other than 18) has the claims under a patient level.

use crate::diagnostic::Severity;
use crate::model::Claim;
use crate::rules::Rule;
use crate::rules::claim_checks::{NewLevels, Place, Report};

pub static RULE: Rule = Rule {
    code: "SIT006",
    name: "dependent-without-patient-level",
    severity: Severity::Error,
    snip: Some(4),
    summary: "SBR02 is not 18 but the claim has no patient level (2000C)",
    help: "send SBR02 = 18 when the subscriber is the patient, or add the 2000C patient level for the dependent",
    doc: "\
## What it checks
A claim that stands directly under a subscriber level (2000B) whose
SBR02 is not `18`: the subscriber is not the patient, yet no patient
level (2000C) says who is. Reported once per subscriber level.

## Why it matters
In the 837 guides SBR02 (individual relationship code) is sent as `18`
when the subscriber is the patient and left empty otherwise, in which
case the patient is described in loop 2000C/2010CA. A claim with
neither has no patient: the payer cannot match it to a member and
rejects it.

## Example
`SBR*P********MC~` in 2000B (SBR02 empty) with `CLM*…~` right after the
2010BB payer, and no `HL*…*23*…~` level.

## How to fix
If the subscriber is the patient, set SBR02 to `18`. If the patient is a
dependent, add the 2000C level (`HL*n*parent*23*0~`, `PAT`, 2010CA name
and demographics) and put the claim under it.
",
};

pub(crate) fn check(claim: &Claim, new: NewLevels, report: &mut Report<'_>) {
    if claim.patient.is_some() {
        return;
    }
    let Some(subscriber) = claim.subscriber.as_deref() else {
        return;
    };
    let Some(policy) = subscriber.policy.as_ref() else {
        return;
    };
    let relationship = policy.relationship.as_ref().map_or("", |r| r.as_str());
    if relationship == "18" || !new.subscriber {
        return;
    }
    let what = if relationship.is_empty() {
        "SBR02 is empty".to_string()
    } else {
        format!("SBR02 is {relationship}")
    };
    report.push(
        &RULE,
        Place::new(subscriber.at, "SBR", 2, "2000B"),
        format!(
            "{what} (the subscriber is not the patient) but claim {} has no patient level (2000C)",
            claim.id
        ),
    );
}
