//! BAL004 patient-responsibility: in an 835, CLP05 equals the sum of the
//! claim's patient-responsibility (PR) adjustments.

use super::{adjusted, money};
use crate::diagnostic::Severity;
use crate::model::ClaimPayment;
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "BAL004",
    name: "patient-responsibility",
    severity: Severity::Warning,
    snip: Some(3),
    summary: "835 CLP05 differs from the sum of the claim's PR adjustments",
    help: "CLP05 (patient responsibility) should equal the sum of the CAS*PR amounts of the claim and its lines",
    doc: "\
## What it checks
For every claim payment of an 835 that states a patient responsibility
amount (CLP05): it equals the sum of the adjustment amounts in group
`PR` (patient responsibility), at claim level and on the claim's
service lines.

## Why it matters
CLP05 is what the provider may bill the patient. The guide says it is
the sum of the PR adjustments; when they differ, the patient statement
built from one of them is wrong. Payers do send such files, so this is
a warning, not an error.

## Example
`CLP*PCN1*1*250*200*30*MC~` with `CAS*PR*2*20~`: CLP05 says 30, the PR
adjustments sum to 20.

## How to fix
Ask the payer which amount is right before billing the patient; in a
generated file, write CLP05 as the sum of the PR adjustments.
",
};

pub(crate) fn check(payment: &ClaimPayment, report: &mut Report<'_>) {
    let Some(stated) = payment.patient_responsibility else {
        return;
    };
    let pr = adjusted(&payment.adjustments, Some("PR"))
        + payment
            .services
            .iter()
            .map(|s| adjusted(&s.adjustments, Some("PR")))
            .sum::<rust_decimal::Decimal>();
    if pr == stated.value() {
        return;
    }
    report.push(
        &RULE,
        Place::new(payment.at, "CLP", 5, "2100"),
        format!(
            "patient responsibility {stated} differs from the sum of the PR adjustments {}",
            money(pr)
        ),
    );
}
