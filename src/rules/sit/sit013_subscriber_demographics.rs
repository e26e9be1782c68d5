//! SIT013 subscriber-demographics: a subscriber who is the patient has a
//! DMG (birth date and gender) in 2010BA.

use crate::diagnostic::Severity;
use crate::model::Claim;
use crate::rules::Rule;
use crate::rules::claim_checks::{NewLevels, Place, Report};

pub static RULE: Rule = Rule {
    code: "SIT013",
    name: "subscriber-demographics",
    severity: Severity::Error,
    snip: Some(4),
    summary: "subscriber is the patient (SBR02 = 18) but 2010BA has no DMG",
    help: "add DMG*D8*<birth date>*<gender> to the subscriber name loop (2010BA)",
    doc: "\
## What it checks
A subscriber level (2000B) whose SBR02 is `18` (the subscriber is the
patient) has a demographic segment (`DMG`, birth date and gender) in
its subscriber name loop (2010BA). Reported once per subscriber level.

## Why it matters
The guides make the 2010BA DMG required when the subscriber is the
patient (the patient's DMG is otherwise in 2010CA). Payers match the
patient to a member by id, name, birth date and gender; without the
birth date the claim cannot be matched and is rejected.

## Example
`SBR*P*18*******MC~`, `NM1*IL*1*SAMPLE*ALEX****MI*SYN000001~`, `N3`,
`N4` and then the 2010BB payer with no `DMG` in between.

## How to fix
Send `DMG*D8*19900101*F~` (birth date CCYYMMDD, gender F, M or U) after
the subscriber's N4.
",
};

pub(crate) fn check(claim: &Claim, new: NewLevels, report: &mut Report<'_>) {
    if !new.subscriber {
        return;
    }
    let Some(subscriber) = claim.subscriber.as_deref() else {
        return;
    };
    let self_subscriber = subscriber
        .policy
        .as_ref()
        .and_then(|p| p.relationship.as_ref())
        .is_some_and(|r| r == "18");
    let Some(member) = subscriber.member.as_deref() else {
        return;
    };
    if !self_subscriber || member.demographics.is_some() {
        return;
    }
    report.push(
        &RULE,
        Place::new(member.at, "NM1", 0, "2010BA"),
        "the subscriber is the patient (SBR02 = 18) but the subscriber name loop (2010BA) has no DMG (birth date, gender)",
    );
}
