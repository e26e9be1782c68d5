//! BAL009 other-payer-paid-from-lines: in an 837, another payer's claim
//! payment equals its line payments minus its claim-level adjustments.

use rust_decimal::Decimal;

use super::{adjusted, money};
use crate::diagnostic::Severity;
use crate::model::Claim;
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "BAL009",
    name: "other-payer-paid-from-lines",
    severity: Severity::Error,
    snip: Some(3),
    summary: "837 2320 AMT*D differs from the payer's 2430 SVD02 amounts minus its 2320 CAS amounts",
    help: "when another payer's line adjudication (2430) is reported, its AMT*D must equal the sum of its SVD02 minus the sum of its 2320 CAS amounts",
    doc: "\
## What it checks
In an 837 with another payer's adjudication at both claim level (loop
2320 with the payer paid amount `AMT*D`) and line level (2430 loops
whose SVD01 is that payer's id, the 2330B NM109): the payer paid amount
equals the sum of the payer's line paid amounts (SVD02) minus the
payer's claim-level adjustment amounts (2320 CAS).

The rule looks only at payers whose line adjudications each balance
(BAL006) and whose claim balances (BAL007), so that one wrong amount is
reported once. For such a payer it fails exactly when the lines it
adjudicated do not add up to the claim: a line has no 2430 for the
payer, or two.

## Why it matters
The 837 guides balance the prior payer's claim payment against its line
payments in the same way as the 835 (coordination-of-benefits balancing,
X222A1 section 1.4.1.1, and likewise X223A2; X12 RFI 1053 works the
guide's example: lines paid 70 and 15, a claim-level adjustment of 5, a
payer paid amount of 80). The next payer computes its share line by
line; a line without the prior payer's adjudication is priced as if the
prior payer had not seen it, and the claim is rejected or paid wrong.

## Example
`CLM*PCN1*200***11:B:1~`; 2320 with `CAS*PR*1*20~` and `AMT*D*150~`,
2330B payer `PAYER1`; line 1 `SV1*HC:90834*120*UN*1~` with
`SVD*PAYER1*90*HC:90834**1~` and `CAS*CO*45*30~`; line 2
`SV1*HC:90785*80*UN*1~` with no 2430. The claim balances
(150 + 20 + 30 = 200) and so does line 1 (90 + 30 = 120), but the line
payments 90 minus the claim-level 20 are 70, not 150: line 2 was paid
80 and has no 2430. With `SVD*PAYER1*80*HC:90785**1~` on line 2,
90 + 80 - 20 = 150.

## How to fix
Copy every line adjudication of the earlier payer's 835 (SVC03 and the
2110 CAS of each line) into a 2430 loop of the matching line, with SVD01
naming the payer as in its 2330B; the payer paid amount is then the sum
of SVD02 less the claim-level adjustments.
",
};

pub(crate) fn check(claim: &Claim, report: &mut Report<'_>) {
    let Some(total) = claim.total_charge else {
        return;
    };
    'payers: for other in &claim.other_subscribers {
        let Some(amt) = other.amounts.iter().find(|a| a.qualifier.as_str() == "D") else {
            continue;
        };
        let Some(paid) = amt.amount else {
            continue;
        };
        let Some(payer) = other
            .payer
            .as_ref()
            .and_then(|p| p.id.as_ref())
            .map(|t| t.as_str())
        else {
            continue;
        };
        let mut lines = 0usize;
        let mut line_paid = Decimal::ZERO;
        let mut line_adjusted = Decimal::ZERO;
        for line in &claim.lines {
            for adj in line
                .adjudications
                .iter()
                .filter(|a| a.payer_id.as_ref().map(|t| t.as_str()) == Some(payer))
            {
                let (Some(charge), Some(p)) = (line.charge, adj.paid) else {
                    continue 'payers;
                };
                let cas = adjusted(&adj.adjustments, None);
                if p.value() + cas != charge.value() {
                    continue 'payers; // BAL006's finding
                }
                lines += 1;
                line_paid += p.value();
                line_adjusted += cas;
            }
        }
        if lines == 0 {
            continue; // adjudicated at claim level only
        }
        let claim_level = adjusted(&other.adjustments, None);
        if paid.value() + claim_level + line_adjusted != total.value() {
            continue; // BAL007's finding
        }
        let expected = line_paid - claim_level;
        if expected == paid.value() {
            continue;
        }
        report.push(
            &RULE,
            Place::new(amt.at, "AMT", 2, "2320"),
            format!(
                "other payer {payer} paid {paid} (AMT*D), but its line payments (SVD02) {} minus its claim-level adjustments {} are {}; it adjudicated {lines} of the claim's {} line(s)",
                money(line_paid),
                money(claim_level),
                money(expected),
                claim.lines.len()
            ),
        );
    }
}
