//! BAL003 claim-payment-balance: in an 835, a claim's charge minus its
//! payment equals its claim and line adjustments.

use super::{adjusted, money};
use crate::diagnostic::Severity;
use crate::model::ClaimPayment;
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "BAL003",
    name: "claim-payment-balance",
    severity: Severity::Error,
    snip: Some(3),
    summary: "835 CLP03 - CLP04 differs from the sum of the claim's and its lines' CAS amounts",
    help: "CLP03 (charge) minus CLP04 (paid) must equal the sum of the 2100 and 2110 CAS amounts",
    doc: "\
## What it checks
For every claim payment (2100 loop) of an 835: the total claim charge
(CLP03) minus the claim payment amount (CLP04) equals the sum of all
adjustment amounts of the claim, those at claim level (2100 CAS) and
those of its service lines (2110 CAS).

## Why it matters
The 835 guide (X221A1, section 1.10.2) requires each claim to balance.
A claim that does not balance hides money: the difference is neither
paid nor explained by an adjustment reason, so it cannot be posted or
appealed.

## Example
`CLP*PCN1*1*250*100*20*MC~` with `CAS*PR*2*20~` at claim level and
`CAS*CO*45*100~` on a line: 250 - 100 = 150, but the adjustments sum
to 120.

## How to fix
This is the payer's file: report it to the payer. When the file is
generated, give every unpaid amount an adjustment reason at the claim or
line level, not both.
",
};

pub(crate) fn check(payment: &ClaimPayment, report: &mut Report<'_>) {
    let (Some(charge), Some(paid)) = (payment.charge, payment.paid) else {
        return;
    };
    let expected = charge.value() - paid.value();
    let claim_level = adjusted(&payment.adjustments, None);
    let line_level: rust_decimal::Decimal = payment
        .services
        .iter()
        .map(|s| adjusted(&s.adjustments, None))
        .sum();
    let cas = claim_level + line_level;
    if expected == cas {
        return;
    }
    report.push(
        &RULE,
        Place::new(payment.at, "CLP", 4, "2100"),
        format!(
            "claim charge {charge} minus paid {paid} is {}, but the adjustments sum to {} ({} at claim level, {} on lines)",
            money(expected),
            money(cas),
            money(claim_level),
            money(line_level)
        ),
    );
}
