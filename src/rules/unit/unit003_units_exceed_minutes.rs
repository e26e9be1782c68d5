//! UNIT003 units-exceed-minutes: the units billed of a time-based code
//! are no more than its documented minutes make under the payer's
//! rounding. Midpoint and any-part rounding are per line; the 8-minute
//! rule pools a member's day, counted across every claim and file.

use rust_decimal::Decimal;

use crate::diagnostic::Severity;
use crate::profile::{Rounding, UnitTime};
use crate::rules::Rule;
use crate::rules::claim_checks::{Origin, Report};
use crate::rules::ledger::{Counter, KeyMap, Occurrence, RunContext, RunFinding};
use crate::rules::services::{ClaimServices, Member, Service, cite, shown_date};
use crate::rules::unit::{
    DayLines, code_key, code_of, lines_of_day, shown_time, shown_units, units_for, units_place,
};

pub static RULE: Rule = Rule {
    code: "UNIT003",
    name: "units-exceed-minutes",
    severity: Severity::Error,
    snip: Some(7),
    summary: "more units are billed than the documented minutes make under the payer's rounding",
    help: "bill the units the documented minutes make under the payer's rounding rule",
    doc: "\
## What it checks
For a line billed in units (`UN`) of a code whose payer profile gives
`minutes_per_unit` and `rounding`, and whose minutes are known from the
documentation manifest, the units billed are no more than the minutes
make:
- `midpoint`: each line alone; a partial unit counts once more than half
  of it has passed (8 of 15 minutes);
- `any-part`: each line alone; every started unit counts;
- `8-minute` (CMS): a member's minutes of one day over all the profile's
  8-minute codes (of the same unit length) are added up, across every
  claim and file of the run, and make floor(T/15) units plus one when 8
  or more minutes are left; the day's billed units of those codes are
  compared with that. A day with a line whose minutes are unknown is not
  judged. The finding points at the day's last line and names the first.
Fewer units than the minutes make is not a finding: underbilling is the
provider's choice.

## Why it matters
Units beyond what the documented time supports are an overpayment that
an audit recovers, with interest, on every such claim; payers also deny
them outright when they compare the note's times with the units.

## Example
Midpoint, 15 minutes a unit: 50 minutes billed as 4 units of H0004; 50
minutes make 3 units (45 minutes and 5 left over, less than half a
unit). Under the 8-minute rule, H0004 for 20 minutes and H2015 for 20
minutes on one day make 40 minutes together, 3 units (each alone would
make 1): billing 2 units of each is one unit too many.

## How to fix
Bill the units the minutes make; under the 8-minute rule assign the
day's units to the codes with the most minutes first. If the time was
longer than documented, correct the note first.
",
};

pub(crate) fn check(c: &ClaimServices<'_>, report: &mut Report<'_>) {
    let Some((_, profile)) = c.profile else {
        return;
    };
    for s in &c.services {
        let (Some(units), Some(minutes)) = (billed_units(s), s.minutes) else {
            continue;
        };
        let Some(rule) = profile.unit_rule(s.code.as_bytes()) else {
            continue;
        };
        let Some(time) = rule.time.filter(|t| t.rounding != Rounding::EightMinute) else {
            continue;
        };
        let made = units_for(minutes, time);
        if units <= made {
            continue;
        }
        let f = report.push(
            &RULE,
            units_place(s, c.kind),
            format!(
                "{} of {} billed for {} minutes; under {} they make {}",
                shown_units(units),
                s.code,
                minutes.normalize(),
                shown_time(time),
                shown_units(made),
            ),
        );
        f.service_line = s.number();
        f.profile = Some(cite(
            profile,
            format!("units.{}.rounding", s.code),
            rule.line,
        ));
    }
}

/// Units of a line billed in units.
fn billed_units(s: &Service<'_>) -> Option<Decimal> {
    s.units.filter(|_| s.basis == Some("UN"))
}

/// Profile, member, day, code: one count of billed units and one of
/// documented minutes for each.
pub(crate) type Key = (u16, Member, u32, u64);

/// The 8-minute-rule counts: units billed and minutes documented of a
/// member's day, per code.
#[derive(Debug, Clone, Default)]
pub(crate) struct EightMinuteDays {
    pub units: Counter<Key>,
    /// Only lines whose minutes are known: fewer lines than `units`
    /// counts means some are unknown.
    pub minutes: Counter<Key>,
}

impl EightMinuteDays {
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    pub fn merge(&mut self, later: EightMinuteDays, claim_offset: u32) {
        self.units.merge(later.units, claim_offset);
        self.minutes.merge(later.minutes, claim_offset);
    }
}

/// Count the lines of the profile's 8-minute codes.
pub(crate) fn record(c: &ClaimServices<'_>, origin: &Origin, days: &mut EightMinuteDays) {
    let Some((index, profile)) = c.profile else {
        return;
    };
    for s in &c.services {
        let (Some(units), Some(date)) = (billed_units(s), s.date) else {
            continue;
        };
        let eight_minute = profile
            .unit_rule(s.code.as_bytes())
            .and_then(|r| r.time)
            .is_some_and(|t| t.rounding == Rounding::EightMinute);
        if !eight_minute {
            continue;
        }
        let key = (index as u16, c.member, date, code_key(s.code));
        days.units.add(key, units, || origin.occurrence(s));
        if let Some(minutes) = s.minutes {
            days.minutes.add(key, minutes, || origin.occurrence(s));
        }
    }
}

/// A member's day of one unit length under the 8-minute rule.
struct Day<'a> {
    profile: u16,
    date: u32,
    time: UnitTime,
    units: Decimal,
    minutes: Decimal,
    lines: u32,
    /// Whether every line's minutes are known.
    known: bool,
    first: &'a Occurrence,
    last: &'a Occurrence,
    /// The code of the last line, and every code, in run order.
    last_code: String,
    codes: Vec<String>,
}

pub(crate) fn finish(days: &EightMinuteDays, run: &RunContext<'_>, out: &mut Vec<RunFinding>) {
    let mut by_day: KeyMap<(u16, Member, u32, u32), usize> = KeyMap::default();
    let mut all: Vec<Day<'_>> = Vec::new();
    for (&(profile, member, date, code), tally) in days.units.in_run_order() {
        let Some(time) = run.profiles[usize::from(profile)]
            .unit_rule(code_of(code).as_bytes())
            .and_then(|r| r.time)
        else {
            continue;
        };
        let minutes = days.minutes.get(&(profile, member, date, code));
        let known = minutes.is_some_and(|m| m.n == tally.n);
        let code = code_of(code);
        let i = *by_day
            .entry((profile, member, date, time.minutes_per_unit))
            .or_insert_with(|| {
                all.push(Day {
                    profile,
                    date,
                    time,
                    units: Decimal::ZERO,
                    minutes: Decimal::ZERO,
                    lines: 0,
                    known: true,
                    first: &tally.first,
                    last: tally.last(),
                    last_code: code.clone(),
                    codes: Vec::new(),
                });
                all.len() - 1
            });
        let day = &mut all[i];
        day.units += tally.total;
        day.minutes += minutes.map_or(Decimal::ZERO, |m| m.total);
        day.lines += tally.n;
        day.known &= known;
        if tally.last().order() > day.last.order() {
            day.last = tally.last();
            day.last_code.clone_from(&code);
        }
        day.codes.push(code);
    }
    // In the run order of each day's first line.
    for day in &all {
        let (profile, date) = (day.profile, day.date);
        let made = units_for(day.minutes, day.time);
        if !day.known || day.units <= made {
            continue;
        }
        let p = &run.profiles[usize::from(profile)];
        let lines = lines_of_day(day.lines);
        let message = format!(
            "{} of {} billed for one member on {} {lines} for {} minutes; the day's minutes together make {} under {}",
            shown_units(day.units),
            day.codes.join(" and "),
            shown_date(date),
            day.minutes.normalize(),
            shown_units(made),
            shown_time(day.time),
        );
        let line = p.unit_rule(day.last_code.as_bytes()).map_or(0, |r| r.line);
        let source = cite(p, format!("units.{}.rounding", day.last_code), line);
        let day_lines = DayLines {
            first: day.first,
            last: day.last,
            n: day.lines,
        };
        out.push(day_lines.finding(&RULE, run, message, source));
    }
}
