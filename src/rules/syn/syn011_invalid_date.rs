//! SYN011 invalid-date: a date that is not a calendar date in the format
//! the element (or its format qualifier) asks for.

use crate::diagnostic::Severity;
use crate::rules::syn::{ElementAt, Here};
use crate::rules::{Rule, Sink, shown};
use crate::schema::elements::{EARLIEST_YEAR, check_date_period, is_date};

pub static RULE: Rule = Rule {
    code: "SYN011",
    name: "invalid-date",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A date is not a valid date in the required format",
    help: "Write dates as CCYYMMDD (RD8 ranges as CCYYMMDD-CCYYMMDD, start first)",
    doc: "\
## What it checks
Elements of type DT hold a calendar date, CCYYMMDD. Date-time periods
(DTP03, DMG02 …) hold what their format qualifier says: D8 a CCYYMMDD
date, RD8 a CCYYMMDD-CCYYMMDD range that does not end before it starts,
DT a date and time CCYYMMDDHHMM, TM a time HHMM. Years before 1800 are
rejected as keying errors. 999 IK4 code 8.

## Why it matters
An impossible date (February 30, month 13) rejects the set; a reversed
service range is denied later, at adjudication, after weeks of waiting.

## Example
`DTP*472*RD8*20260331-20260301~`: the range ends before it starts.

## How to fix
Check the date fields of the source system; write ranges start first and
use D8 with a single date when the service was on one day.
",
};

/// A DT-type value; returns whether it reported.
#[inline]
pub(crate) fn check_date(
    at: &ElementAt<'_>,
    value: &[u8],
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) -> bool {
    if is_date(value, at.spec.max_len == 6) {
        return false;
    }
    let form = if at.spec.max_len == 6 {
        "YYMMDD"
    } else {
        "CCYYMMDD"
    };
    report(
        at,
        value,
        &format!("not a valid {form} date (from {EARLIEST_YEAR} on)"),
        here,
        sink,
    );
    true
}

/// A date-time period value under its format qualifier; returns whether
/// it reported.
pub(crate) fn check_period(
    at: &ElementAt<'_>,
    format: &[u8],
    value: &[u8],
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) -> bool {
    match check_date_period(format, value) {
        Some(Err(why)) => {
            report(
                at,
                value,
                &format!("{why} (format {})", shown(format)),
                here,
                sink,
            );
            true
        }
        _ => false,
    }
}

fn report(at: &ElementAt<'_>, value: &[u8], why: &str, here: &Here<'_, '_>, sink: &mut Sink<'_>) {
    // Dates are shown whatever the element's type: the value is what the
    // reader must correct.
    sink.push(here.element_finding(
        &RULE,
        at,
        "8",
        Some(value),
        format!("{} is '{}': {why}", at.named(), shown(value)),
    ));
}
