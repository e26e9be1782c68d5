//! UNIT002 fractional-units: a code the payer counts in units is billed
//! in whole units.

use rust_decimal::Decimal;

use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::rules::claim_checks::Report;
use crate::rules::services::{ClaimServices, cite};
use crate::rules::unit::units_place;

pub static RULE: Rule = Rule {
    code: "UNIT002",
    name: "fractional-units",
    severity: Severity::Error,
    snip: Some(7),
    summary: "a code the payer counts in units is billed with a fraction of a unit",
    help: "bill whole units: round the minutes to units by the payer's rounding rule",
    doc: "\
## What it checks
For a claim whose payer has a profile, the units (SV104 / SV205) of a
code the profile counts in time units (`units.CODE.minutes_per_unit`),
and of any line billed in units (`UN`) of a code listed under
`[units]`, are whole numbers.

## Why it matters
A payer pays a time-based code per whole unit. A fraction such as 2.5
units of a 15-minute code is rejected at the front end or cut to the
whole units, and it usually means the minutes were divided by 15 instead
of being rounded by the payer's rule.

## Example
`SV1*HC:H0004*50*UN*2.5***1~` for a payer whose profile has
`[units.H0004] minutes_per_unit = 15`.

## How to fix
Round the documented minutes to units by the payer's rule (see
`rounding` in its profile and rule UNIT003) and bill the whole number.
",
};

pub(crate) fn check(c: &ClaimServices<'_>, report: &mut Report<'_>) {
    let Some((_, profile)) = c.profile else {
        return;
    };
    for s in &c.services {
        let Some(units) = s.units else {
            continue;
        };
        if units.fract() == Decimal::ZERO {
            continue;
        }
        let Some(rule) = profile.unit_rule(s.code.as_bytes()) else {
            continue;
        };
        let why = match (rule.time, s.basis) {
            (Some(t), _) => format!(
                "the payer counts {} in {}-minute units",
                s.code, t.minutes_per_unit
            ),
            (None, Some("UN")) => format!("the payer counts {} in whole units", s.code),
            _ => continue,
        };
        let f = report.push(
            &RULE,
            units_place(s, c.kind),
            format!(
                "{} units of {} billed; units must be whole numbers ({why})",
                units.normalize(),
                s.code
            ),
        );
        f.service_line = s.number();
        f.profile = Some(cite(profile, format!("units.{}", s.code), rule.line));
    }
}
