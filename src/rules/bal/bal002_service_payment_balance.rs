//! BAL002 service-payment-balance: in an 835, a service line's charge
//! minus its payment equals its adjustments.

use super::{adjusted, money};
use crate::diagnostic::Severity;
use crate::model::ClaimPayment;
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "BAL002",
    name: "service-payment-balance",
    severity: Severity::Error,
    snip: Some(3),
    summary: "835 SVC02 - SVC03 differs from the sum of the line's CAS amounts",
    help: "SVC02 (charge) minus SVC03 (paid) must equal the sum of the 2110 CAS amounts",
    doc: "\
## What it checks
For every service payment (2110 loop) of an 835: the submitted charge
(SVC02) minus the paid amount (SVC03) equals the sum of the amounts of
the line's adjustments (CAS03, CAS06, … of every 2110 CAS segment).

## Why it matters
The 835 guide (X221A1, section 1.10.2) requires each service line to
balance, so that every dollar not paid is explained by an adjustment
reason. A remittance that does not balance cannot be posted
automatically, and the missing reason is exactly what a biller needs to
work the denial.

## Example
`SVC*HC:90837*150*100~` with `CAS*CO*45*40~`: 150 - 100 = 50, but the
adjustments sum to 40.

## How to fix
This is the payer's file: report it to the payer (or the clearinghouse
that built it). When the file is generated, write a CAS amount for every
part of the charge that is not paid.
",
};

pub(crate) fn check(payment: &ClaimPayment, report: &mut Report<'_>) {
    for svc in &payment.services {
        let (Some(charge), Some(paid)) = (svc.charge, svc.paid) else {
            continue;
        };
        let expected = charge.value() - paid.value();
        let cas = adjusted(&svc.adjustments, None);
        if expected == cas {
            continue;
        }
        let f = report.push(
            &RULE,
            Place::new(svc.at, "SVC", 3, "2110"),
            format!(
                "service line charge {charge} minus paid {paid} is {}, but its adjustments sum to {}",
                money(expected),
                money(cas)
            ),
        );
        f.service_line = svc.control_number.as_ref().map(|t| t.to_string());
    }
}
