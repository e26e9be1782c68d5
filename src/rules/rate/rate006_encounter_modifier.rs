//! RATE006 encounter-modifier-missing: a $0 line of a code that a case
//! rate bundles (an encounter line) carries the payer's encounter
//! modifier.

use crate::diagnostic::Severity;
use crate::model::ClaimKind;
use crate::profile::Profile;
use crate::rules::Rule;
use crate::rules::claim_checks::Report;
use crate::rules::rate::{finish_line_finding, missing_modifier_place, rates_bundling};
use crate::rules::services::{Service, cite};

pub static RULE: Rule = Rule {
    code: "RATE006",
    name: "encounter-modifier-missing",
    severity: Severity::Error,
    snip: Some(7),
    summary: "a $0 encounter line of a bundled service lacks the payer's encounter modifier",
    help: "mark $0 encounter lines of bundled services with the payer's encounter modifier (profile case_rate.encounter_modifier)",
    doc: "\
## What it checks
A line that charges $0 for a code that a case rate of the payer
profile bundles (`[[case_rate]] bundles`) is an encounter line; when
that rate names an `encounter_modifier`, the line carries it. If
several rates bundle the code, any of their encounter modifiers will
do, and the finding names the first rate's. The finding points at the
first free modifier position of the procedure (SV101-03 … SV101-06;
SV202 on an 837I). Profiles without `encounter_modifier` ask for none.
Voided claims (CLM05-3 = 8) are not checked.

## Why it matters
Payers that pay a case rate still want the services inside it
reported, and tell those encounter lines from unpaid fee-for-service
lines by a modifier. An unmarked $0 line is denied or counted as a
billing error, and the engagement it reports is lost from the payer's
records (and from the provider's quality measures).

## Example
With the managed-care profile (`bundles` with H2015,
`encounter_modifier = \"U8\"`), the line `SV1*HC:H2015*0*UN*2***1`
reports community support at $0 without U8.

## How to fix
Add the encounter modifier to the line (`SV1*HC:H2015:U8*0*UN*2***1`).
",
};

pub(crate) fn check(profile: &Profile, s: &Service<'_>, kind: ClaimKind, report: &mut Report<'_>) {
    if !s.charge.is_some_and(|c| c.is_zero()) {
        return;
    }
    let mut wanted = rates_bundling(profile, s.code)
        .filter_map(|(i, r)| Some((i, r, r.encounter_modifier.as_deref()?)));
    let Some((index, rate, modifier)) = wanted.next() else {
        return;
    };
    if s.has_modifier(modifier) || wanted.any(|(_, _, m)| s.has_modifier(m)) {
        return;
    }
    let f = report.push(
        &RULE,
        missing_modifier_place(s, kind),
        format!(
            "{} is reported at $0 under case rate {} ({}) without the encounter modifier {modifier}",
            s.code, rate.code, rate.name,
        ),
    );
    finish_line_finding(
        f,
        s,
        cite(
            profile,
            format!("case_rate[{index}].encounter_modifier"),
            rate.line,
        ),
    );
}
