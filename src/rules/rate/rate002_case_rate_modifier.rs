//! RATE002 case-rate-modifier-missing: a case-rate line carries every
//! modifier its payer profile requires.

use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::rules::claim_checks::Report;
use crate::rules::rate::{RateLine, finish_line_finding, missing_modifier_place};
use crate::rules::services::cite;

pub static RULE: Rule = Rule {
    code: "RATE002",
    name: "case-rate-modifier-missing",
    severity: Severity::Error,
    snip: Some(7),
    summary: "a case-rate line lacks a modifier the payer requires on it",
    help: "add the modifiers of the payer's case rate (profile case_rate.modifiers) to the case-rate line",
    doc: "\
## What it checks
A line whose procedure code is a case rate of the payer profile
(`[[case_rate]] code`) carries every modifier of that rate
(`modifiers`), in any position. When the profile has several rates
with the code, the line bills the one whose modifiers it all carries;
if none, the first rate with the code, and the finding names the
modifiers of that rate that the line lacks. The finding points at
the first free modifier position of the procedure (SV101-03 …
SV101-06; SV202 on an 837I). Voided claims (CLM05-3 = 8) are not
checked.

## Why it matters
Payers tell a case rate from the same code billed fee-for-service,
or one program's rate from another's, by its modifier. Without it the
line is denied, or paid at the wrong rate and recouped later.

## Example
With the managed-care profile's monthly case rate (`code = \"T2022\"`,
`modifiers = [\"HF\"]`), a line `SV1*HC:T2022*410*UN*1***1` lacks HF.

## How to fix
Add the missing modifiers to the case-rate line
(`SV1*HC:T2022:HF*410*UN*1***1`).
",
};

pub(crate) fn check(l: &RateLine<'_>, report: &mut Report<'_>) {
    let s = l.service;
    if l.rate.modifiers.iter().all(|m| s.has_modifier(m)) {
        return;
    }
    let missing: Vec<&str> = l
        .rate
        .modifiers
        .iter()
        .filter(|m| !s.has_modifier(m))
        .map(String::as_str)
        .collect();
    let (one, them) = if missing.len() == 1 {
        ("modifier", "it")
    } else {
        ("modifiers", "them")
    };
    let f = report.push(
        &RULE,
        missing_modifier_place(s, l.kind),
        format!(
            "case rate {} ({}) is billed without {one} {}; the payer requires {them} on the case-rate line",
            l.rate.code,
            l.rate.name,
            missing.join(", "),
        ),
    );
    finish_line_finding(
        f,
        s,
        cite(
            l.profile,
            format!("case_rate[{}].modifiers", l.index),
            l.rate.line,
        ),
    );
}
