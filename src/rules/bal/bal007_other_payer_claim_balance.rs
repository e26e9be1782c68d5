//! BAL007 other-payer-claim-balance: in an 837, another payer's claim
//! payment plus its claim and line adjustments equals the claim charge.

use rust_decimal::Decimal;

use super::{adjusted, money};
use crate::diagnostic::Severity;
use crate::model::Claim;
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "BAL007",
    name: "other-payer-claim-balance",
    severity: Severity::Error,
    snip: Some(3),
    summary: "837 2320 AMT*D plus the payer's claim and line CAS amounts differs from CLM02",
    help: "for each other payer (2320), AMT*D plus its 2320 CAS amounts plus its 2430 CAS amounts must equal CLM02",
    doc: "\
## What it checks
In an 837 with another payer's adjudication (loop 2320 with its payer
paid amount `AMT*D`): that amount, plus the payer's claim-level
adjustments (2320 CAS), plus its line-level adjustments (2430 CAS of the
lines whose SVD01 names that payer), equals the total claim charge
(CLM02). Checked only when the 2320 carries `AMT*D`.

## Why it matters
This is the claim-level coordination-of-benefits balance of the 837
guides. The secondary payer rejects a claim whose prior payment and
adjustments do not account for the whole charge.

## Example
`CLM*PCN1*200***11:B:1~`, 2320 with `CAS*PR*1*40~` and `AMT*D*120~`,
2330B payer `PAYER1`, and no 2430 adjustments: 120 + 40 = 160, not 200.

## How to fix
Copy the earlier payer's claim adjustments and paid amount from its 835
(CLP04, 2100 CAS) and its line adjustments into the 2430 loops; the
amounts must add up to the charge.
",
};

pub(crate) fn check(claim: &Claim, report: &mut Report<'_>) {
    let Some(total) = claim.total_charge else {
        return;
    };
    for other in &claim.other_subscribers {
        let Some((paid, paid_at)) = other
            .amounts
            .iter()
            .find(|a| a.qualifier.as_str() == "D")
            .and_then(|a| Some((a.amount?, a.at)))
        else {
            continue;
        };
        let payer = other
            .payer
            .as_ref()
            .and_then(|p| p.id.as_ref())
            .map(|t| t.as_str());
        let claim_level = adjusted(&other.adjustments, None);
        let line_level: Decimal = claim
            .lines
            .iter()
            .flat_map(|l| &l.adjudications)
            .filter(|a| payer.is_some() && a.payer_id.as_ref().map(|t| t.as_str()) == payer)
            .map(|a| adjusted(&a.adjustments, None))
            .sum();
        let sum = paid.value() + claim_level + line_level;
        if sum == total.value() {
            continue;
        }
        report.push(
            &RULE,
            // At AMT02, the amount the other payer's figures are checked
            // through.
            Place::new(paid_at, "AMT", 2, "2320"),
            format!(
                "other payer {} paid {paid} and adjusted {} on the claim and {} on lines, {} in all, but the claim charge (CLM02) is {total}",
                payer.unwrap_or("(no id)"),
                money(claim_level),
                money(line_level),
                money(sum)
            ),
        );
    }
}
