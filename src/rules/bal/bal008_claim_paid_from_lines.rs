//! BAL008 claim-paid-from-lines: in an 835 whose claim payment lists
//! service lines, the claim's payment equals the lines' payments minus
//! the claim-level adjustments.

use rust_decimal::Decimal;

use super::{adjusted, money};
use crate::diagnostic::Severity;
use crate::model::ClaimPayment;
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "BAL008",
    name: "claim-paid-from-lines",
    severity: Severity::Error,
    snip: Some(3),
    summary: "835 CLP04 differs from the sum of the claim's SVC03 minus its claim-level CAS amounts",
    help: "when 2110 loops are present, CLP04 must equal the sum of their SVC03 minus the sum of the 2100 CAS amounts",
    doc: "\
## What it checks
For every claim payment (2100 loop) of an 835 that reports service lines
(2110 loops): the claim payment amount (CLP04) equals the sum of the
lines' paid amounts (SVC03) minus the claim-level adjustment amounts
(2100 CAS). With no claim-level adjustment, CLP04 is the plain sum of
SVC03.

The rule looks only at claims whose lines each balance (BAL002) and
whose claim balances (BAL003), so that one wrong amount is reported
once. For such a claim it fails exactly when the lines' charges (SVC02)
do not add up to the claim charge (CLP03): a line is missing from the
remittance, is there twice, or the claim charge is wrong.

## Why it matters
The 835 guide reports every line of a professional claim, or of a claim
priced by line (the 2110 situational rule), and makes the claim and each
line balance (X221A1, section 1.10.2). Together that ties the claim to
its lines: the claim pays what its lines paid, less what was taken at
claim level (X12 RFI 452 and 1053 answer the same). A provider posts
payments line by line; when the lines do not account for the claim's
payment, the remainder cannot be posted to any line.

## Example
`CLP*PCN1*1*150*75*10*MC~` with `CAS*CO*45*50~` at claim level and one
line `SVC*HC:90837*100*75~` with `CAS*CO*45*15~` and `CAS*PR*2*10~`:
the line balances (100 - 75 = 25), and so does the claim
(150 - 75 = 50 + 25), but the line paid 75 minus the claim-level 50 is
25, not 75. The 50 charged and adjusted at claim level belongs to a
line that is not in the remittance.

## How to fix
This is the payer's file: report it to the payer. When the file is
generated, write every adjudicated line of the claim (SVC02 adding up to
CLP03) and compute CLP04 from the line payments and the claim-level
adjustments.
",
};

pub(crate) fn check(payment: &ClaimPayment, report: &mut Report<'_>) {
    if payment.services.is_empty() {
        return;
    }
    let (Some(charge), Some(paid)) = (payment.charge, payment.paid) else {
        return;
    };
    let mut line_charges = Decimal::ZERO;
    let mut line_paid = Decimal::ZERO;
    let mut line_adjusted = Decimal::ZERO;
    for svc in &payment.services {
        let (Some(c), Some(p)) = (svc.charge, svc.paid) else {
            return;
        };
        let cas = adjusted(&svc.adjustments, None);
        if c.value() - p.value() != cas {
            return; // BAL002's finding
        }
        line_charges += c.value();
        line_paid += p.value();
        line_adjusted += cas;
    }
    let claim_level = adjusted(&payment.adjustments, None);
    if charge.value() - paid.value() != claim_level + line_adjusted {
        return; // BAL003's finding
    }
    let expected = line_paid - claim_level;
    if expected == paid.value() {
        return;
    }
    report.push(
        &RULE,
        Place::new(payment.at, "CLP", 4, "2100"),
        format!(
            "claim paid {paid}, but its {} service line payment(s) (SVC03) {} minus the claim-level adjustments {} is {}; the lines' charges (SVC02) sum to {}, the claim charge (CLP03) is {charge}",
            payment.services.len(),
            money(line_paid),
            money(claim_level),
            money(expected),
            money(line_charges)
        ),
    );
}
