//! RATE007 case-rate-without-encounter: a case rate billed for a member
//! and period comes with at least one line of a service it covers,
//! looked for across every claim and file of the run.

use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::rules::ledger::{RunContext, RunFinding};
use crate::rules::rate::{RateLedger, shown_period};
use crate::rules::services::cite;

pub static RULE: Rule = Rule {
    code: "RATE007",
    name: "case-rate-without-encounter",
    severity: Severity::Warning,
    snip: Some(7),
    summary: "a case rate is billed with no service it covers reported for the member in its period",
    help: "report the services of the period as $0 encounter lines, or do not bill the case rate for a period without a qualifying service",
    doc: "\
## What it checks
For each case rate of the payer profile that lists `bundles`, each
member and period (day, week, calendar month or episode, as for
RATE001) in which the case rate is billed also has at least one line
of a bundled code for the member: a qualifying encounter, at $0 or
not. Lines are looked for over every claim of every file in the run.
The finding points at the first case-rate line of the period. Rates
without `bundles` are not checked; voided claims (CLM05-3 = 8) are
not counted.

## Why it matters
A case rate is earned by at least one qualifying service in the
period: a CCBHC daily rate by a visit that day, a monthly navigation
rate by a contact that month, a weekly opioid treatment bundle by a
service of that week. A case rate with no service reported looks like
billing without a service; payers audit it and take the payment back
when the record does not show one. It is a warning because the
encounter lines may be sent in a file this run does not see.

## Example
With the CCBHC profile's daily T1040 rate, a claim bills T1040 for a
member on 2026-03-03 and no claim of the run reports a bundled
service (90834, H0004 …) for that member on that day.

## How to fix
Report the day's (week's, month's) services as $0 encounter lines on
the case-rate claim. If there was no qualifying service, remove or
void the case-rate line.
",
};

pub(crate) fn finish(ledger: &RateLedger, run: &RunContext<'_>, out: &mut Vec<RunFinding>) {
    for (key, tally) in ledger
        .case_rates
        .in_run_order_where(|key, _| !ledger.encounters.contains(key))
    {
        if ledger.encounters.contains(key) {
            continue;
        }
        let &(profile, index, _, period) = key;
        let p = &run.profiles[usize::from(profile)];
        let Some(rate) = p.case_rates.get(usize::from(index)) else {
            continue;
        };
        if rate.bundles.is_empty() {
            continue;
        }
        let first = run.spot(&tally.first);
        let mut f = first.finding(
            &RULE,
            first.code_element(),
            "2400",
            format!(
                "case rate {} ({}) is billed for {}, but no service it covers is reported for the member in that period",
                rate.code,
                rate.name,
                shown_period(rate.period, period),
            ),
        );
        f.profile = Some(cite(p, format!("case_rate[{index}].bundles"), rate.line));
        out.push((first.file(), f));
    }
}
