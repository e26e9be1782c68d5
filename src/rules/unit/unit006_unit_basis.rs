//! UNIT006 unit-basis-mismatch: a code counted in units is billed in
//! units (SV103 `UN`), not in minutes (`MJ`), and a session code's units
//! are sessions, not minutes.

use rust_decimal::Decimal;

use crate::diagnostic::Severity;
use crate::profile::Rounding;
use crate::rules::Rule;
use crate::rules::claim_checks::Report;
use crate::rules::services::{ClaimServices, cite, cite_builtin};
use crate::rules::unit::{basis_place, cpt, shown_time, shown_units, units_for, units_place};

pub static RULE: Rule = Rule {
    code: "UNIT006",
    name: "unit-basis-mismatch",
    severity: Severity::Error,
    snip: Some(7),
    summary: "a code counted in units is billed in minutes, or a session code's units look like minutes",
    help: "bill the code in units (SV103 UN): convert the minutes by the payer's rounding, or bill one unit per session",
    doc: "\
## What it checks
The unit basis (SV103 / SV204) of a line fits how its code is counted:
- a code the payer profile lists under `[units]` is billed in units
  (`UN`), not minutes (`MJ`); when it has `minutes_per_unit`, the
  finding says how many units the billed minutes make under the
  profile's rounding (for the 8-minute rule, the line's minutes alone);
- the psychotherapy and psychiatric evaluation codes billed per session
  (90791, 90792, 90832-90839, 90846, 90847, 90853), whatever the payer,
  are billed as units, not minutes: the minutes choose the code, and the
  finding names the code they support;
- the other way round, a session code billed in units with 16 or more
  units: those are the session's minutes, not sessions.

## Why it matters
A payer that prices a code per unit reads SV104 as units: 45 minutes
sent as `MJ*45` is rejected at the front end, or read as 45 units and
denied as over the daily maximum. A session code billed as 53 units is
denied the same way.

## Example
`SV1*HC:H0004*60*MJ*38***1~` for a payer with `[units.H0004]
minutes_per_unit = 15, rounding = \"midpoint\"`: 38 minutes make 3 units;
bill `SV1*HC:H0004*60*UN*3***1~`.

## How to fix
Bill `UN` with the units the minutes make under the payer's rounding;
for a session code bill one unit of the code the minutes support.
",
};

pub(crate) fn check(c: &ClaimServices<'_>, report: &mut Report<'_>) {
    for s in &c.services {
        let Some(units) = s.units else {
            continue;
        };
        let session = cpt::is_session_code(s.code);
        let (place, message, source) = match s.basis {
            Some("MJ") => {
                let rule = c
                    .profile
                    .and_then(|(_, p)| p.unit_rule(s.code.as_bytes()).map(|r| (p, r)));
                if let Some((p, r)) = rule {
                    let made = match r.time {
                        Some(t) => {
                            let alone = if t.rounding == Rounding::EightMinute {
                                " by themselves"
                            } else {
                                ""
                            };
                            format!(
                                "; {} minutes make {}{alone} under {}",
                                units.normalize(),
                                shown_units(units_for(units, t)),
                                shown_time(t)
                            )
                        }
                        None if session => {
                            format!(
                                "; {} minutes support {}",
                                units.normalize(),
                                supported(units, s.code)
                            )
                        }
                        None => String::new(),
                    };
                    (
                        basis_place(s, c.kind),
                        format!(
                            "{} is billed in minutes (MJ) but the payer counts it in units (UN){made}",
                            s.code
                        ),
                        cite(p, format!("units.{}", s.code), r.line),
                    )
                } else if session {
                    (
                        basis_place(s, c.kind),
                        format!(
                            "{} is billed in minutes (MJ) but is one unit (UN) per session; {} minutes support {}",
                            s.code,
                            units.normalize(),
                            supported(units, s.code)
                        ),
                        cite_builtin("CPT psychotherapy times", s.code),
                    )
                } else {
                    continue;
                }
            }
            Some("UN") if session && units >= Decimal::from(16) => (
                units_place(s, c.kind),
                format!(
                    "{} units of {} billed; it is one unit per session, and {} looks like the session's minutes",
                    units.normalize(),
                    s.code,
                    units.normalize()
                ),
                cite_builtin("CPT psychotherapy times", s.code),
            ),
            _ => continue,
        };
        let f = report.push(&RULE, place, message);
        f.service_line = s.number();
        f.profile = Some(source);
    }
}

/// The code session minutes support: the psychotherapy code for timed
/// psychotherapy, else the billed code itself.
fn supported(minutes: Decimal, code: &str) -> String {
    if cpt::session_minutes(code).is_some() && !matches!(code, "90839" | "90846" | "90847") {
        cpt::supported(minutes, matches!(code, "90833" | "90836" | "90838"))
    } else {
        format!("one unit of {code}")
    }
}
