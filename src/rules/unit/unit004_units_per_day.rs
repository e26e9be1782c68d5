//! UNIT004 units-per-day-exceeded: a member's units of one code on one
//! day stay within the payer's daily maximum (or the loaded MUE table's),
//! counted across every claim and file of the run.

use rust_decimal::Decimal;

use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::rules::claim_checks::Origin;
use crate::rules::ledger::{Counter, RunContext, RunFinding};
use crate::rules::services::{ClaimServices, Member, cite, shown_date};
use crate::rules::unit::{DayLines, code_key, code_of, lines_of_day};

pub static RULE: Rule = Rule {
    code: "UNIT004",
    name: "units-per-day-exceeded",
    severity: Severity::Error,
    snip: Some(7),
    summary: "a member is billed more units of a code on one day than the payer allows",
    help: "bill no more than the daily maximum; split the service only where the payer allows it, or ask for an exception",
    doc: "\
## What it checks
For each member, procedure code and date of service, the units billed
on every claim of the run (all files together) stay within the daily
maximum: the payer profile's `units.CODE.max_units_per_day`, or, for
codes the profile does not limit, the loaded MUE table's value
(`--codes mue=FILE`). Lines billed in minutes (`MJ`) are left to UNIT006.
The finding points at the last line of that day and names the first.

## Why it matters
Payers cap time-based behavioral health codes per day (for example 16
units of a 15-minute code, four hours); units past the cap are denied,
and a pattern of them draws an audit. Lines of one day often come from
different claims or files (a day program and an outreach team), which
is why the count spans the whole run.

## Example
With `[units.H0004] max_units_per_day = 8`, one claim bills H0004 × 6
and another claim for the same member and day bills H0004 × 4: 10
units, 2 over.

## How to fix
Check the documented minutes of that day; bill the units the time
supports up to the maximum, and correct or void the claim that
overbills.
",
};

/// Profile (or `u16::MAX` for the MUE table alone), member, code, day.
pub(crate) type Key = (u16, Member, u64, u32);

/// Count the units of each line whose code has a daily maximum.
pub(crate) fn record(
    c: &ClaimServices<'_>,
    origin: &Origin,
    mue: Option<&crate::codesets::loaders::mue::MueTable>,
    counter: &mut Counter<Key>,
) {
    for s in &c.services {
        let (Some(date), Some(units)) = (s.date, s.units) else {
            continue;
        };
        if s.basis == Some("MJ") {
            continue;
        }
        let profile_max = c
            .profile
            .and_then(|(_, p)| p.unit_rule(s.code.as_bytes()))
            .and_then(|u| u.max_units_per_day);
        let profile = match (profile_max, c.profile) {
            (Some(_), Some((i, _))) => i as u16,
            _ if mue.is_some_and(|m| m.get(s.code.as_bytes()).is_some()) => u16::MAX,
            _ => continue,
        };
        counter.add((profile, c.member, code_key(s.code), date), units, || {
            origin.occurrence(s)
        });
    }
}

/// The daily maximum of a key's code: the profile's, or the MUE table's
/// for `u16::MAX`.
fn limit(run: &RunContext<'_>, profile: u16, code: &str) -> Option<u32> {
    if profile == u16::MAX {
        run.codes
            .mue
            .as_ref()?
            .get(code.as_bytes())
            .map(|e| e.max_units)
    } else {
        run.profiles[usize::from(profile)]
            .unit_rule(code.as_bytes())?
            .max_units_per_day
    }
}

pub(crate) fn finish(counter: &Counter<Key>, run: &RunContext<'_>, out: &mut Vec<RunFinding>) {
    let over = counter.in_run_order_where(|&(profile, _, code, _), tally| {
        limit(run, profile, &code_of(code)).is_some_and(|max| tally.total > Decimal::from(max))
    });
    for (&(profile, _, code_key, date), tally) in over {
        let code = code_of(code_key);
        let (max, source) = if profile == u16::MAX {
            let Some(entry) = run.codes.mue.as_ref().and_then(|m| m.get(code.as_bytes())) else {
                continue;
            };
            (
                entry.max_units,
                crate::rules::services::cite_builtin("MUE table", &format!("{code} MUE")),
            )
        } else {
            let p = &run.profiles[usize::from(profile)];
            let Some(rule) = p.unit_rule(code.as_bytes()) else {
                continue;
            };
            let Some(max) = rule.max_units_per_day else {
                continue;
            };
            (
                max,
                cite(p, format!("units.{code}.max_units_per_day"), rule.line),
            )
        };
        if tally.total <= Decimal::from(max) {
            continue;
        }
        let message = format!(
            "{} units of {code} billed for one member on {} {}; the most is {max} a day",
            tally.total.normalize(),
            shown_date(date),
            lines_of_day(tally.n),
        );
        let day_lines = DayLines {
            first: &tally.first,
            last: tally.last(),
            n: tally.n,
        };
        out.push(day_lines.finding(&RULE, run, message, source));
    }
}
