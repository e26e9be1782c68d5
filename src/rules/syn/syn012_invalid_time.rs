//! SYN012 invalid-time: a time that is not HHMM[SS[D[D]]] on a 24-hour
//! clock.

use crate::diagnostic::Severity;
use crate::rules::syn::{ElementAt, Here, quoted};
use crate::rules::{Rule, Sink};
use crate::schema::elements::is_time;

pub static RULE: Rule = Rule {
    code: "SYN012",
    name: "invalid-time",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A time is not a valid HHMM, HHMMSS or HHMMSSDD time",
    help: "Write times on a 24-hour clock: HHMM (or HHMMSS), hours 00-23",
    doc: "\
## What it checks
Elements of type TM hold a 24-hour time: HHMM, HHMMSS, HHMMSSD or
HHMMSSDD, with hours 00–23 and minutes and seconds 00–59. 999 IK4 code 9.

## Why it matters
Times carry admission and discharge hours on institutional claims and the
creation time of the batch (BHT05); an impossible time rejects the set.

## Example
`BHT*0019*00*BATCH0101*20260315*2460*CH~`: there is no minute 60.

## How to fix
Write the time on a 24-hour clock without separators (`1430`, not
`2:30 PM`).
",
};

/// Report a bad time; returns whether it reported.
#[inline]
pub(crate) fn check(
    at: &ElementAt<'_>,
    value: &[u8],
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) -> bool {
    if is_time(value) {
        return false;
    }
    sink.push(here.element_finding(
        &RULE,
        at,
        "9",
        Some(value),
        format!(
            "{} {}: not a valid HHMM[SS[DD]] time",
            at.named(),
            quoted(at, value)
        ),
    ));
    true
}
