//! BAL006 line-adjudication-balance: in an 837, another payer's line
//! payment plus its line adjustments equals the line charge.

use super::{adjusted, money};
use crate::diagnostic::Severity;
use crate::model::{Claim, ClaimKind};
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "BAL006",
    name: "line-adjudication-balance",
    severity: Severity::Error,
    snip: Some(3),
    summary: "837 2430 SVD02 plus the line's CAS amounts differs from the line charge",
    help: "for each other payer's line adjudication (2430), SVD02 plus the 2430 CAS amounts must equal SV102 / SV203",
    doc: "\
## What it checks
In an 837 that carries another payer's adjudication of a service line
(loop 2430, coordination of benefits): the amount that payer paid for the
line (SVD02) plus the line adjustments it made (the 2430 CAS amounts)
equals the line's charge (SV102 in an 837P, SV203 in an 837I).

## Why it matters
The guides' coordination-of-benefits balancing requires it: the next
payer computes its own payment from what the earlier payer paid and
adjusted. An unbalanced 2430 is rejected, and the secondary claim with
it.

## Example
`SV1*HC:90834*120*UN*1~` with `SVD*PAYER1*80*HC:90834**1~` and
`CAS*CO*45*30~`: 80 + 30 = 110, not 120.

## How to fix
Copy SVD02 and every CAS of the line from the earlier payer's 835
(its SVC03 and 2110 CAS); a missing adjustment is the usual cause.
",
};

pub(crate) fn check(claim: &Claim, kind: ClaimKind, report: &mut Report<'_>) {
    let what = match kind {
        ClaimKind::Professional => "SV102",
        ClaimKind::Institutional => "SV203",
    };
    for line in &claim.lines {
        let Some(charge) = line.charge else {
            continue;
        };
        for adj in &line.adjudications {
            let Some(paid) = adj.paid else {
                continue;
            };
            let cas = adjusted(&adj.adjustments, None);
            let sum = paid.value() + cas;
            if sum == charge.value() {
                continue;
            }
            let payer = adj.payer_id.as_ref().map_or("", |t| t.as_str());
            let f = report.push(
                &RULE,
                Place::new(adj.at, "SVD", 2, "2430"),
                format!(
                    "payer {payer} paid {paid} and adjusted {} on this line, {} in all, but the line charge ({what}) is {charge}",
                    money(cas),
                    money(sum)
                ),
            );
            f.service_line = line.number.as_ref().map(|t| t.to_string());
        }
    }
}
