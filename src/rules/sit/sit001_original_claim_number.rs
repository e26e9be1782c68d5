//! SIT001 original-claim-number: a replacement or void claim carries the
//! payer's claim control number of the claim it replaces (REF*F8).

use crate::diagnostic::Severity;
use crate::model::Claim;
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "SIT001",
    name: "original-claim-number",
    severity: Severity::Error,
    snip: Some(4),
    summary: "replacement or void claim (CLM05-3 = 7 or 8) without REF*F8",
    help: "add REF*F8 with the payer's claim control number of the claim being replaced or voided",
    doc: "\
## What it checks
A claim whose frequency code (CLM05-3) is `7` (replacement of a prior
claim) or `8` (void of a prior claim) carries the payer claim control
number of that prior claim in a 2300 `REF*F8` segment.

## Why it matters
The guides make REF*F8 required in exactly this situation: without it
the payer cannot find the claim to replace or void. The usual outcome is
a rejection, or worse, the replacement is processed as a new claim and
denied as a duplicate.

## Example
`CLM*PCN1*100***11:B:7*Y*A*Y*Y~` with no `REF*F8*…~` in the claim.

## How to fix
Take the payer's claim control number from the 835 (CLP07) or the 277CA
of the original claim and send it as `REF*F8*<number>~` in loop 2300.
",
};

pub(crate) fn check(claim: &Claim, report: &mut Report<'_>) {
    let frequency = claim.frequency_code.as_ref().map_or("", |t| t.as_str());
    if !matches!(frequency, "7" | "8") || claim.original_claim_number.is_some() {
        return;
    }
    let what = if frequency == "7" {
        "a replacement"
    } else {
        "a void"
    };
    report.push(
        &RULE,
        Place::new(claim.at, "CLM", 5, "2300").component(3),
        format!(
            "claim frequency {frequency} makes this {what} of a prior claim, but the claim has no REF*F8 (payer claim control number of that claim)"
        ),
    );
}
