//! BAL005 payment-total: in an 835, BPR02 equals the claims' payments
//! minus the provider-level adjustments.

use rust_decimal::Decimal;

use super::money;
use crate::diagnostic::Severity;
use crate::model::RemittanceTransaction;
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, RemittanceTotals, Report};

pub static RULE: Rule = Rule {
    code: "BAL005",
    name: "payment-total",
    severity: Severity::Error,
    snip: Some(3),
    summary: "835 BPR02 differs from the sum of CLP04 minus the sum of PLB amounts",
    help: "BPR02 must equal the sum of CLP04 over the set's claims minus the sum of the PLB adjustment amounts",
    doc: "\
## What it checks
For every 835 transaction set: the total payment (BPR02) equals the sum
of the claim payment amounts (CLP04) of all its claims minus the sum of
the provider-level adjustment amounts (PLB04, PLB06, … of every PLB).

## Why it matters
This is the balance the whole remittance rests on (X221A1, section
1.10.2): the money that moved (the EFT or check) must be explained claim
by claim and by the provider adjustments (interest, recoupments,
withholds). An unbalanced 835 cannot be posted automatically.

## Example
Two claims paid 100 and 50, `PLB*1234567893*20261231*WO:PCN9*30~`, and
`BPR*I*150*C*ACH…~`: 100 + 50 - 30 = 120, not 150.

## How to fix
This is the payer's file: report it to the payer. In a generated file,
compute BPR02 last, from the CLP04 and PLB amounts written.
",
};

pub(crate) fn check(t: &RemittanceTransaction, totals: &RemittanceTotals, report: &mut Report<'_>) {
    let Some(bpr) = &t.payment else {
        return;
    };
    let Some(total) = bpr.amount else {
        return;
    };
    let plb: Decimal = t
        .provider_adjustments
        .iter()
        .flat_map(|p| &p.adjustments)
        .filter_map(|a| a.amount)
        .map(|a| a.value())
        .sum();
    let expected = totals.paid - plb;
    if expected == total.value() {
        return;
    }
    report.push(
        &RULE,
        Place::new(bpr.at, "BPR", 2, ""),
        format!(
            "total payment {total} differs from the {} claim payment(s) {} minus the provider adjustments {} = {}",
            totals.claims,
            money(totals.paid),
            money(plb),
            money(expected)
        ),
    );
}
