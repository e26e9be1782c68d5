//! UNIT001 psychotherapy-time-not-supported: the minutes of a
//! psychotherapy session reach the time its code stands for.

use rust_decimal::Decimal;

use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::rules::claim_checks::Report;
use crate::rules::services::{ClaimServices, Service, cite_builtin};
use crate::rules::unit::cpt::{self, CRISIS, CRISIS_ADD_ON};
use crate::rules::unit::{code_place, shown_units, units_place};

pub static RULE: Rule = Rule {
    code: "UNIT001",
    name: "psychotherapy-time-not-supported",
    severity: Severity::Error,
    snip: Some(7),
    summary: "the minutes of a psychotherapy session are fewer than its code stands for",
    help: "bill the psychotherapy code the documented minutes support, or correct the documented time",
    doc: "\
## What it checks
When the minutes of a psychotherapy service are known (the line is
billed in minutes, `MJ`, or the documentation manifest gives them), they
reach the least time of the billed code, by the CPT time ranges:
90832/90833 16-37 minutes, 90834/90836 38-52, 90837/90838 53 or more
(under 16 minutes no psychotherapy code applies), crisis psychotherapy
90839 30-74 minutes (under 30, bill 90832 or 90834), family
psychotherapy 90846/90847 at least 26 minutes (past the midpoint of 50).
For 90840 (each further 30 minutes of crisis psychotherapy) the units on
one claim and date are compared with the crisis session's minutes: those
of its 90839 line plus those of its 90840 lines (one unit at 75 minutes,
one more for each further 30). Minutes beyond the billed code's range
are not a finding: billing less than the time supports is the
provider's choice.

## Why it matters
The psychotherapy codes are chosen by the time spent face to face.
A 45-minute session billed as 90837 is overcoded: payers downcode or
deny it, and an audit of the notes recovers the difference on every
such claim.

## Example
`SV1*HC:90837*180*UN*1***1~` for a session the manifest documents as 45
minutes: 45 minutes support 90834 (38-52 minutes).

## How to fix
Bill the code the documented minutes support; if the documentation
understates the time, correct the note (start and end times) first.
",
};

pub(crate) fn check(c: &ClaimServices<'_>, report: &mut Report<'_>) {
    for (i, s) in c.services.iter().enumerate() {
        if !s.code.starts_with("908") {
            continue;
        }
        if s.code == CRISIS_ADD_ON {
            check_crisis_add_on(c, i, report);
            continue;
        }
        let (Some(range), Some(minutes)) = (cpt::session_minutes(s.code), s.minutes) else {
            continue;
        };
        if minutes >= Decimal::from(range.least) {
            continue;
        }
        let m = minutes.normalize();
        let message = match s.code {
            CRISIS => format!(
                "90839 (crisis psychotherapy) needs at least 30 minutes, the session had {m}; {m} minutes support {}",
                cpt::supported(minutes, false)
            ),
            "90846" | "90847" => format!(
                "{} (family psychotherapy, 50 minutes) needs at least 26 minutes, the session had {m}",
                s.code
            ),
            code => format!(
                "{code} billed for a {m}-minute session; {m} minutes support {}",
                cpt::supported(minutes, matches!(code, "90833" | "90836" | "90838"))
            ),
        };
        push(report, s, code_place(s, c.kind), message);
    }
}

/// 90840 units against the crisis session of the same claim and date:
/// checked once, at the date's last 90840 line.
fn check_crisis_add_on(c: &ClaimServices<'_>, i: usize, report: &mut Report<'_>) {
    let s = &c.services[i];
    let Some(date) = s.date else {
        return;
    };
    let same_day = |x: &&Service<'_>| x.date == Some(date);
    let add_ons = || {
        c.services
            .iter()
            .filter(same_day)
            .filter(|x| x.code == CRISIS_ADD_ON)
    };
    if c.services[i + 1..]
        .iter()
        .filter(same_day)
        .any(|x| x.code == CRISIS_ADD_ON)
    {
        return;
    }
    // Units of 90840 billed in minutes are UNIT006's.
    if add_ons().any(|x| x.basis == Some("MJ")) {
        return;
    }
    let mut minutes = Decimal::ZERO;
    let mut crisis = 0;
    for x in c
        .services
        .iter()
        .filter(same_day)
        .filter(|x| x.code == CRISIS)
    {
        let Some(m) = x.minutes else {
            return;
        };
        minutes += m;
        crisis += 1;
    }
    if crisis == 0 {
        return;
    }
    minutes += add_ons().filter_map(|x| x.minutes).sum::<Decimal>();
    let billed: Decimal = add_ons().filter_map(|x| x.units).sum();
    let supported = cpt::crisis_add_on_units(minutes);
    if billed <= supported {
        return;
    }
    let message = format!(
        "{} of 90840 billed for a crisis session of {} minutes (90839 and 90840 together); {} minutes support {} of 90840 (the first at 75 minutes, one more each further 30)",
        shown_units(billed),
        minutes.normalize(),
        minutes.normalize(),
        shown_units(supported),
    );
    push(report, s, units_place(s, c.kind), message);
}

fn push(
    report: &mut Report<'_>,
    s: &Service<'_>,
    place: crate::rules::claim_checks::Place,
    message: String,
) {
    let f = report.push(&RULE, place, message);
    f.service_line = s.number();
    f.profile = Some(cite_builtin("CPT psychotherapy times", s.code));
}
