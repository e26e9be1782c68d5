//! RATE009 collaborative-care-monthly: psychiatric collaborative care
//! management (CPT 99492, 99493) is billed at most once per member per
//! calendar month, counted across every claim and file of the run,
//! whatever the payer.

use rust_decimal::Decimal;

use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::rules::claim_checks::Origin;
use crate::rules::ledger::{Counter, RunContext, RunFinding};
use crate::rules::services::{ClaimServices, Member, cite_builtin};

pub static RULE: Rule = Rule {
    code: "RATE009",
    name: "collaborative-care-monthly",
    severity: Severity::Error,
    snip: Some(7),
    summary: "collaborative care management (99492/99493) is billed more than once for a member in a calendar month",
    help: "bill one of 99492 (first month) or 99493 (later months) once per member per calendar month; add time with 99494",
    doc: "\
## What it checks
Psychiatric collaborative care management is billed per calendar
month: 99492 for the first month of an episode, 99493 for each later
month, once, with the add-on 99494 for time beyond the first 70 or 60
minutes. For each member and calendar month of the date of service,
the units of 99492 and 99493 together (a line without units counts
as 1) are at most 1, over every claim of every file in the run and
for every payer, profile or not. The finding points at the second
line of the month (and at the last when there are more), naming the
first; a single line billing 2 or more units is pointed at its units.
Voided claims (CLM05-3 = 8) are not counted.

## Why it matters
The code pays for a whole month of care management by the team. A
second 99492/99493 in the month (often a second claim from the same
team, or 99492 and 99493 both) is a duplicate: it is denied, or paid
and recouped. Extra time in the month is billed with 99494 instead.

## Example
One claim bills 99493 for a member on 2026-04-07 and another claim
bills 99493 for the same member on 2026-04-28.

## How to fix
Keep one 99492 or 99493 line for the member and month, dated in the
month, and bill the time beyond its threshold with 99494 units. Void
or correct the duplicate claim.
",
};

/// A member and a calendar month (`CCYYMM`).
pub(crate) type Key = (Member, u32);

fn source() -> Box<crate::diagnostic::ProfileRule> {
    cite_builtin(
        "CPT psychiatric collaborative care management, per calendar month",
        "99492-99493",
    )
}

pub(crate) fn record(c: &ClaimServices<'_>, origin: &Origin, counter: &mut Counter<Key>) {
    for s in &c.services {
        if s.code != "99492" && s.code != "99493" {
            continue;
        }
        let Some(date) = s.date else {
            continue;
        };
        let units = s.units.unwrap_or(Decimal::ONE).max(Decimal::ONE);
        counter.add((c.member, date / 100), units, || origin.occurrence(s));
    }
}

pub(crate) fn finish(counter: &Counter<Key>, run: &RunContext<'_>, out: &mut Vec<RunFinding>) {
    for (&(_, month), tally) in counter.in_run_order_where(|_, t| t.total > Decimal::ONE) {
        if tally.total <= Decimal::ONE {
            continue;
        }
        let how_often = if tally.n == 1 {
            format!("with {} units", tally.total.normalize())
        } else {
            format!("{} times", tally.total.normalize())
        };
        let message = format!(
            "collaborative care management (99492/99493) is billed {how_often} for one member in {:04}-{:02}; it is billed once per calendar month",
            month / 100,
            month % 100
        );
        if tally.n == 1 {
            let o = run.spot(&tally.first);
            let mut f = o.finding(&RULE, o.units_element(), "2400", message);
            f.profile = Some(source());
            out.push((o.file(), f));
            continue;
        }
        let mut at = vec![tally.second().unwrap_or(tally.last())];
        if tally.n > 2 {
            at.push(tally.last());
        }
        for o in at {
            let o = run.spot(o);
            let mut f = o.finding(&RULE, o.code_element(), "2400", message.clone());
            f.related.push(run.spot(&tally.first).related(
                "the first collaborative care line of the month",
                &o,
                run.files,
            ));
            f.profile = Some(source());
            out.push((o.file(), f));
        }
    }
}
