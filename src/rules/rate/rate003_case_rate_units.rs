//! RATE003 case-rate-units: a case-rate line bills the units the payer
//! profile gives for the rate.

use rust_decimal::Decimal;

use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::rules::claim_checks::Report;
use crate::rules::rate::{RateLine, finish_line_finding, line_place};
use crate::rules::services::cite;

pub static RULE: Rule = Rule {
    code: "RATE003",
    name: "case-rate-units",
    severity: Severity::Error,
    snip: Some(7),
    summary: "a case-rate line bills other units than the payer's case rate",
    help: "bill the case rate with the units of the payer's profile (case_rate.units, 1 unless it says otherwise)",
    doc: "\
## What it checks
A case-rate line (a line whose procedure code is a case rate of the
payer profile) bills exactly the rate's `units` (1 when the profile
does not say) in SV104 (SV205 on an 837I). Voided claims
(CLM05-3 = 8) are not checked.

## Why it matters
A case rate is one payment for the member and period; its units are
not a count of contacts or of 15-minute units. A case rate billed
with 4 units is read as four rates (and denied, or paid four times
and recouped) or rejected by the payer's edits.

## Example
With the CCBHC profile's daily rate (`code = \"T1040\"`, no `units`
key, so 1), a line `SV1*HC:T1040*287.43*UN*3***1` bills 3 units for
one day's visits.

## How to fix
Bill the case-rate line with the profile's units. Report the
services of the period as $0 encounter lines of their own codes, with
their own units.
",
};

pub(crate) fn check(l: &RateLine<'_>, report: &mut Report<'_>) {
    let s = l.service;
    let Some(units) = s.units else {
        return;
    };
    if units == Decimal::from(l.rate.units) {
        return;
    }
    let f = report.push(
        &RULE,
        line_place(s, l.kind, 4),
        format!(
            "case rate {} ({}) is billed with {} units; the payer's case rate is {} {}",
            l.rate.code,
            l.rate.name,
            units.normalize(),
            l.rate.units,
            if l.rate.units == 1 { "unit" } else { "units" },
        ),
    );
    finish_line_finding(
        f,
        s,
        cite(
            l.profile,
            format!("case_rate[{}].units", l.index),
            l.rate.line,
        ),
    );
}
