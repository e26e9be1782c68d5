//! SIT011 reversal-amounts: an 835 reversal (CLP02 = 22) carries the
//! original claim's amounts negated.

use rust_decimal::Decimal;

use crate::diagnostic::Severity;
use crate::model::ClaimPayment;
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "SIT011",
    name: "reversal-amounts",
    severity: Severity::Error,
    snip: Some(4),
    summary: "835 reversal of a prior payment (CLP02 = 22) with a positive charge or payment",
    help: "send the reversed claim's charge and payment with a minus sign (CLP03, CLP04)",
    doc: "\
## What it checks
A claim payment with status `22` (reversal of previous payment) has a
charge (CLP03) and a payment (CLP04) that are zero or negative.

## Why it matters
The 835 guide reverses a claim by sending it again with status 22 and
all of its amounts negated, so that the reversal and the original add up
to nothing; a corrected claim then follows. A reversal with positive
amounts pays the claim a second time instead of taking the payment
back, and the provider's books no longer balance against the payment.

## Example
`CLP*CC-0001*22*100*75*10*MC*PAYERCTL0001~`.

## How to fix
Send the reversal as `CLP*CC-0001*22*-100*-75*-10*MC*PAYERCTL0001~`
with the service and adjustment amounts negated as well.
",
};

pub(crate) fn check(payment: &ClaimPayment, report: &mut Report<'_>) {
    if payment.status.as_ref().is_none_or(|s| s != "22") {
        return;
    }
    for (element, what, amount) in [(3, "charge", payment.charge), (4, "payment", payment.paid)] {
        let Some(amount) = amount else { continue };
        if amount.value() <= Decimal::ZERO {
            continue;
        }
        report.push(
            &RULE,
            Place::new(payment.at, "CLP", element, "2100"),
            format!(
                "reversal (CLP02 = 22) has a positive {what} {amount}; a reversal negates the amounts of the payment it reverses"
            ),
        );
    }
}
