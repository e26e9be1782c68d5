//! RATE001 case-rate-billed-twice: a case rate is billed at most once per
//! member per period, counted across every claim and file of the run.

use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::rules::claim_checks::Origin;
use crate::rules::ledger::{Counter, RunContext, RunFinding};
use crate::rules::rate::{PeriodKey, period_key, rate_for, shown_period};
use crate::rules::services::{ClaimServices, cite};

pub static RULE: Rule = Rule {
    code: "RATE001",
    name: "case-rate-billed-twice",
    severity: Severity::Error,
    snip: Some(7),
    summary: "a case rate is billed more than once for one member in one period",
    help: "bill the case rate once per member per period; report the other contacts as $0 encounter lines",
    doc: "\
## What it checks
Each case rate of the payer profile (`[[case_rate]]`) is billed at
most once per member per period, counted over every claim of every
file in the run. The period (`period`) is the date of service (`day`),
the ISO week starting on Monday (`week`), the calendar month
(`calendar-month`) or the episode (`episode`). An episode is one prior
authorization: the lines that carry the same authorization number
(REF*G1 of the line, else of the claim) are one episode, whatever
their dates; the lines with no authorization number are together one
more episode, spanning the run. The finding points at the second
case-rate line of the period (and at the last one when there are
more) and names the first. Voided claims (CLM05-3 = 8) are not
counted.

## Why it matters
A case rate pays one flat amount for the member and period whatever
the number of contacts. A second case-rate line in the same period is
a duplicate payment request: the payer denies it, or pays it and takes
it back in an audit.

## Example
With a monthly T2022 case rate, one claim bills T2022 on 2026-03-02
and another claim (perhaps in another file) bills T2022 on 2026-03-20
for the same member.

## How to fix
Keep one case-rate line per member and period. Report the other
contacts as $0 encounter lines of the bundled codes, with the payer's
encounter modifier.
",
};

/// Count the case-rate lines of a claim; `episode` is the claim's
/// [`crate::rules::rate::episode_of`].
pub(crate) fn record(
    c: &ClaimServices<'_>,
    episode: u32,
    origin: &Origin,
    counter: &mut Counter<PeriodKey>,
) {
    let Some((profile_index, profile)) = c.profile else {
        return;
    };
    if profile.case_rates.is_empty() {
        return;
    }
    for s in &c.services {
        let Some((i, rate)) = rate_for(profile, s) else {
            continue;
        };
        let Some(period) = period_key(rate, s, episode) else {
            continue;
        };
        counter.add(
            (profile_index as u16, i as u16, c.member, period),
            rust_decimal::Decimal::ONE,
            || origin.occurrence(s),
        );
    }
}

pub(crate) fn finish(
    counter: &Counter<PeriodKey>,
    run: &RunContext<'_>,
    out: &mut Vec<RunFinding>,
) {
    for (&(profile, index, _, period), tally) in counter.in_run_order_where(|_, t| t.n >= 2) {
        if tally.n < 2 {
            continue;
        }
        let p = &run.profiles[usize::from(profile)];
        let Some(rate) = p.case_rates.get(usize::from(index)) else {
            continue;
        };
        let when = shown_period(rate.period, period);
        let mut at = vec![tally.second().unwrap_or(tally.last())];
        if tally.n > 2 {
            at.push(tally.last());
        }
        for occurrence in at {
            let occurrence = run.spot(occurrence);
            let mut f = occurrence.finding(
                &RULE,
                occurrence.code_element(),
                "2400",
                format!(
                    "case rate {} ({}) is billed {} times for one member in {when}; it pays once per {}",
                    rate.code,
                    rate.name,
                    tally.n,
                    rate.period.as_str()
                ),
            );
            f.related.push(run.spot(&tally.first).related(
                "the first case-rate line of the period",
                &occurrence,
                run.files,
            ));
            f.profile = Some(cite(p, format!("case_rate[{index}]"), rate.line));
            out.push((occurrence.file(), f));
        }
    }
}
