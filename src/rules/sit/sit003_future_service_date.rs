//! SIT003 future-service-date: no date of service lies after today.

use crate::diagnostic::Severity;
use crate::model::{Claim, DateRef};
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};
use crate::rules::services::eight_digits;

pub static RULE: Rule = Rule {
    code: "SIT003",
    name: "future-service-date",
    severity: Severity::Error,
    snip: Some(4),
    summary: "a date of service (DTP*472) or statement period (DTP*434) ends after today",
    help: "bill a service only after it was given; check the year and the date format (CCYYMMDD)",
    doc: "\
## What it checks
Dates of service (DTP*472, at claim or line level) and the statement
period of an 837I (DTP*434) do not end after the day of the run (UTC).
For a period (`RD8`, `CCYYMMDD-CCYYMMDD`) the end date is checked.

## Why it matters
A service cannot be billed before it was given; payers reject claims
with future dates of service at the front end. A future date is most
often a typo in the year, or a claim generated from a schedule instead
of from the record of the visit.

## Example
`DTP*472*D8*20991231~` on a service line.

## How to fix
Correct the date from the clinical record; hold claims for scheduled
services until the service was given.
",
};

pub(crate) fn check(claim: &Claim, report: &mut Report<'_>) {
    let today = report.today();
    for d in &claim.dates {
        future(d, today, "2300", report);
    }
    for line in &claim.lines {
        for d in &line.dates {
            if future(d, today, "2400", report) {
                let f = report.last();
                f.service_line = line.number.as_ref().map(|t| t.to_string());
            }
        }
    }
}

/// Report `d` when it is a service or statement date ending after
/// `today`; whether it was reported.
fn future(d: &DateRef, today: u32, loop_id: &'static str, report: &mut Report<'_>) -> bool {
    let q = d.qualifier.as_str();
    if !matches!(q, "472" | "434") {
        return false;
    }
    let Some(end) = d.value.as_ref().and_then(|v| last_date(v.as_str())) else {
        return false;
    };
    if end <= today {
        return false;
    }
    let what = if q == "472" {
        "date of service"
    } else {
        "statement period"
    };
    report.push(
        &RULE,
        Place::new(d.at, "DTP", 3, loop_id),
        format!("{what} {end} is after today ({today})"),
    );
    true
}

/// The last `CCYYMMDD` of a D8 or RD8 value, as a number.
fn last_date(v: &str) -> Option<u32> {
    let v = v.as_bytes();
    // A date or period is a few bytes: a plain scan, not a memrchr call.
    let end = v
        .iter()
        .rposition(|&b| b == b'-')
        .map_or(v, |i| &v[i + 1..]);
    eight_digits(end)
}

#[cfg(test)]
mod tests {
    use super::last_date;

    #[test]
    fn reads_the_end_of_a_period() {
        assert_eq!(last_date("20260310"), Some(20260310));
        assert_eq!(last_date("20260301-20260331"), Some(20260331));
        assert_eq!(last_date("2026031"), None);
        assert_eq!(last_date("2026-03-10"), None);
    }
}
