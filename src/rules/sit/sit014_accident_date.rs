//! SIT014 accident-date: an 837P claim related to an accident carries
//! the accident date.

use crate::diagnostic::Severity;
use crate::model::{Claim, ClaimKind};
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "SIT014",
    name: "accident-date",
    severity: Severity::Error,
    snip: Some(4),
    summary: "837P claim related to an auto or other accident (CLM11 AA or OA) without DTP*439",
    help: "add DTP*439*D8*CCYYMMDD (accident date) to the claim",
    doc: "\
## What it checks
A professional claim (837P) whose related causes (CLM11-1 or CLM11-2)
say `AA` (auto accident) or `OA` (other accident) carries the accident
date (2300 `DTP*439`).

## Why it matters
The 837P guide makes the accident date required when the related causes
code is an auto or other accident (CMS-1500 item 14 with 10b/10c). The
payer needs the date to find the liable carrier (auto, liability) and
to apply coordination and subrogation; without it the claim is
rejected or pended. Employment-related claims (`EM`) do not need it by
this rule: the guide ties the accident date to the accident codes.

## Example
`CLM*CC-0001*150***11:B:1*Y*A*Y*Y*AA:::MA~` with no `DTP*439*…~`.

## How to fix
Send `DTP*439*D8*20260301~` with the date of the accident, or correct
CLM11 when the condition is not related to an accident.
",
};

pub(crate) fn check(claim: &Claim, kind: ClaimKind, report: &mut Report<'_>) {
    if kind != ClaimKind::Professional {
        return;
    }
    let Some(causes) = claim.related_causes.as_deref() else {
        return;
    };
    let Some((i, code)) = causes
        .codes
        .iter()
        .take(2)
        .enumerate()
        .find(|(_, c)| matches!(c.as_str(), "AA" | "OA"))
    else {
        return;
    };
    if claim.date("439").is_some() {
        return;
    }
    let what = if code == "AA" {
        "an auto accident"
    } else {
        "an accident"
    };
    report.push(
        &RULE,
        Place::new(claim.at, "CLM", 11, "2300").component(i as u8 + 1),
        format!("related cause {code} says the claim follows {what}, but the claim has no accident date (DTP*439)"),
    );
}
