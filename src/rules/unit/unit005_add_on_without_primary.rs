//! UNIT005 add-on-without-primary: an add-on code is billed for a member
//! on a day that has its primary code, counted across every claim and
//! file of the run.

use rust_decimal::Decimal;

use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::rules::claim_checks::Origin;
use crate::rules::ledger::{Counter, KeyMap, RunContext, RunFinding};
use crate::rules::services::{ClaimServices, Member, cite_builtin, shown_date};
use crate::rules::unit::cpt;
use crate::rules::unit::{code_key, code_of};

pub static RULE: Rule = Rule {
    code: "UNIT005",
    name: "add-on-without-primary",
    severity: Severity::Error,
    snip: Some(7),
    summary: "an add-on code is billed without its primary code on the same day",
    help: "bill the add-on code with its primary service of the same day, or remove it",
    doc: "\
## What it checks
An add-on code is billed for a member only on a day the member also has
one of its primary codes, on any claim of any file of the run:
- 90785 (interactive complexity) with a psychiatric evaluation or
  psychotherapy code: 90791, 90792, 90832-90838 or 90853;
- 90833, 90836, 90838 (psychotherapy with an E/M visit) with an
  evaluation and management code: 99202-99205, 99211-99215,
  99221-99223, 99231-99239, 99242-99245, 99252-99255, 99281-99285,
  99304-99310 or 99341-99350;
- 90840 (crisis psychotherapy, each further 30 minutes) with 90839;
- 99494 (collaborative care, each further 30 minutes) with 99492 or
  99493.
The pairs come from the CPT add-on code descriptors as listed in CMS's
NCCI add-on code edits. The finding points at the day's first line of
the add-on code. Lines of voided claims (frequency 8) do not count.

## Why it matters
An add-on code describes work done in addition to a primary service and
is never paid alone: payers deny it (CARC 107, the related service was
not paid or identified) and the whole day may be reviewed.

## Example
`SV1*HC:90785*25*UN*1***1~` on 2026-03-10 for a member with no
psychotherapy or evaluation line that day on any claim.

## How to fix
Bill the primary service with the add-on (on the same claim where the
payer requires it), or remove the add-on if no primary service was
given. Psychotherapy without an E/M visit is 90832/90834/90837, not
the add-on codes 90833/90836/90838.
",
};

/// Member, day, add-on code.
pub(crate) type Key = (Member, u32, u64);

/// The add-on lines and, per member and day, which primary groups the day
/// has (bits of [`cpt::PSYCHOTHERAPY`] …).
#[derive(Debug, Clone, Default)]
pub(crate) struct AddOnDays {
    pub add_ons: Counter<Key>,
    pub primaries: PrimaryDays,
}

impl AddOnDays {
    /// Nothing counted. The primaries count too: an add-on in a later
    /// input looks for its primary in this one.
    pub fn is_empty(&self) -> bool {
        self.add_ons.is_empty() && self.primaries.0.is_empty()
    }

    pub fn merge(&mut self, later: AddOnDays, claim_offset: u32) {
        self.add_ons.merge(later.add_ons, claim_offset);
        self.primaries.append(later.primaries);
    }
}

/// The primary groups of each member's days, as the lines came: a claim's
/// lines of one day share an entry. Nearly every behavioral-health line
/// has a primary code, and add-ons are few, so the days are written in
/// order (16 bytes each) and looked up only at the end of the run, for
/// the days that have an add-on. A map by member and day cost a cache miss
/// on every line.
#[derive(Debug, Clone, Default)]
pub(crate) struct PrimaryDays(Vec<(Member, u32, u8)>);

impl PrimaryDays {
    fn add(&mut self, member: Member, date: u32, groups: u8) {
        match self.0.last_mut() {
            Some((m, d, g)) if *m == member && *d == date => *g |= groups,
            _ => self.0.push((member, date, groups)),
        }
    }

    fn append(&mut self, mut later: PrimaryDays) {
        if self.0.is_empty() {
            *self = later;
        } else {
            self.0.append(&mut later.0);
        }
    }

    /// The primary groups of each of `days` (0 for a day with none).
    fn of_days(&self, days: impl Iterator<Item = (Member, u32)>) -> KeyMap<(Member, u32), u8> {
        let mut of: KeyMap<(Member, u32), u8> = days.map(|day| (day, 0)).collect();
        if !of.is_empty() {
            for &(member, date, groups) in &self.0 {
                if let Some(g) = of.get_mut(&(member, date)) {
                    *g |= groups;
                }
            }
        }
        of
    }
}

/// Note the claim's add-on lines and primary codes.
pub(crate) fn record(c: &ClaimServices<'_>, origin: &Origin, days: &mut AddOnDays) {
    for s in &c.services {
        if !s.code.starts_with('9') {
            continue;
        }
        let Some(date) = s.date else {
            continue;
        };
        let groups = cpt::primary_groups(s.code);
        if groups != 0 {
            days.primaries.add(c.member, date, groups);
        }
        if cpt::add_on(s.code).is_some() {
            days.add_ons
                .add((c.member, date, code_key(s.code)), Decimal::ONE, || {
                    origin.occurrence(s)
                });
        }
    }
}

pub(crate) fn finish(days: &AddOnDays, run: &RunContext<'_>, out: &mut Vec<RunFinding>) {
    let add_ons = days.add_ons.in_run_order();
    let day_groups = days.primaries.of_days(
        add_ons
            .iter()
            .map(|&(&(member, date, _), _)| (member, date)),
    );
    for (&(member, date, code), tally) in add_ons {
        let code = code_of(code);
        let Some((group, primaries)) = cpt::add_on(&code) else {
            continue;
        };
        let has = day_groups.get(&(member, date)).copied().unwrap_or(0);
        if has & group != 0 {
            continue;
        }
        let first = run.spot(&tally.first);
        let lines = if tally.n == 1 {
            String::new()
        } else {
            format!(" ({} lines)", tally.n)
        };
        let mut f = first.finding(
            &RULE,
            first.code_element(),
            "2400",
            format!(
                "add-on code {code} billed for one member on {}{lines} without its primary code that day: {primaries}",
                shown_date(date),
            ),
        );
        if tally.n > 1 {
            f.related.push(run.spot(tally.last()).related(
                "the last line of the add-on that day",
                &first,
                run.files,
            ));
        }
        f.profile = Some(cite_builtin("CPT add-on codes", &code));
        out.push((first.file(), f));
    }
}
