//! BAL001 claim-total: CLM02 equals the sum of the claim's line charges.

use rust_decimal::Decimal;

use super::money;
use crate::diagnostic::Severity;
use crate::model::{Claim, ClaimKind};
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "BAL001",
    name: "claim-total",
    severity: Severity::Error,
    snip: Some(3),
    summary: "CLM02 differs from the sum of the claim's line charges (SV102 / SV203)",
    help: "CLM02 must equal the sum of SV102 (837P) or SV203 (837I) over the claim's 2400 loops",
    doc: "\
## What it checks
The total claim charge (CLM02) equals the sum of the line item charges
of the claim's service lines: SV102 in an 837P, SV203 in an 837I. The
sums are exact decimals. A claim whose CLM02 or a line charge is missing
is left to the guide rules (SYN005).

## Why it matters
Both implementation guides require the claim to balance. Payers check it
at the front end (WEDI SNIP level 3) and reject the whole claim when it
does not.

## Example
`CLM*PCN1*250***11:B:1~` with lines `SV1*HC:90837*150~` and
`SV1*HC:90785*75~`: the lines sum to 225.00, not 250.

## How to fix
Recompute CLM02 from the lines after any line was added, removed or
repriced, or fix the line charge that is wrong.
",
};

pub(crate) fn check(claim: &Claim, kind: ClaimKind, report: &mut Report<'_>) {
    let Some(total) = claim.total_charge else {
        return;
    };
    let mut sum = Decimal::ZERO;
    for line in &claim.lines {
        match line.charge {
            Some(c) => sum += c.value(),
            None => return,
        }
    }
    if claim.lines.is_empty() || sum == total.value() {
        return;
    }
    let what = match kind {
        ClaimKind::Professional => "SV102",
        ClaimKind::Institutional => "SV203",
    };
    report.push(
        &RULE,
        Place::new(claim.at, "CLM", 2, "2300"),
        format!(
            "claim total {total} differs from the sum of its {} line charge(s) ({what}) {}",
            claim.lines.len(),
            money(sum)
        ),
    );
}
