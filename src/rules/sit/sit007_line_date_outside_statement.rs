//! SIT007 line-date-outside-statement: on an 837I, the dates of service
//! of the lines lie within the claim's statement period.

use crate::diagnostic::Severity;
use crate::model::{Claim, ClaimKind};
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};
use crate::rules::services::eight_digits;

pub static RULE: Rule = Rule {
    code: "SIT007",
    name: "line-date-outside-statement",
    severity: Severity::Error,
    snip: Some(4),
    summary: "837I line date of service (DTP*472) outside the statement period (DTP*434)",
    help: "bill the line on the claim whose statement period covers it, or correct the dates",
    doc: "\
## What it checks
On an institutional claim (837I), every line date of service
(2400 `DTP*472`, a date or a period) lies within the claim's statement
covers period (2300 `DTP*434`, `RD8` from-through).

## Why it matters
The statement period is the span of service the bill covers (UB-04 form
locator 6); a line outside it belongs to another bill. Payers price
and check eligibility by the statement period and reject claims whose
lines fall outside it.

## Example
`DTP*434*RD8*20260301-20260305~` on the claim and
`DTP*472*D8*20260309~` on a line.

## How to fix
Correct the line date or the statement period; move services given in
another period to the claim for that period.
",
};

pub(crate) fn check(claim: &Claim, kind: ClaimKind, report: &mut Report<'_>) {
    if kind != ClaimKind::Institutional {
        return;
    }
    let Some((from, through)) = claim
        .date("434")
        .and_then(|d| d.value.as_ref())
        .and_then(|v| period(v.as_str()))
    else {
        return;
    };
    for line in &claim.lines {
        for d in &line.dates {
            if d.qualifier != "472" {
                continue;
            }
            let Some((start, end)) = d.value.as_ref().and_then(|v| period(v.as_str())) else {
                continue;
            };
            if start >= from && end <= through {
                continue;
            }
            let value = d.value.as_ref().map_or("", |v| v.as_str());
            report
                .push(
                    &RULE,
                    Place::new(d.at, "DTP", 3, "2400"),
                    format!(
                        "line date of service {value} is outside the statement period {from}-{through} (DTP*434)"
                    ),
                )
                .service_line = line.number.as_ref().map(|t| t.to_string());
        }
    }
}

/// The first and last `CCYYMMDD` of a D8 or RD8 value, as numbers.
fn period(v: &str) -> Option<(u32, u32)> {
    let (a, b) = v.split_once('-').unwrap_or((v, v));
    Some((eight_digits(a.as_bytes())?, eight_digits(b.as_bytes())?))
}

#[cfg(test)]
mod tests {
    use super::period;

    #[test]
    fn reads_dates_and_periods() {
        assert_eq!(period("20260310"), Some((20260310, 20260310)));
        assert_eq!(period("20260301-20260331"), Some((20260301, 20260331)));
        assert_eq!(period("20260301-2026033"), None);
        assert_eq!(period(""), None);
    }
}
