//! RATE004 case-rate-charge-differs: a case-rate line's charge is the
//! rate of the payer profile.

use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::rules::claim_checks::Report;
use crate::rules::rate::{RateLine, finish_line_finding, line_place, shown_amount};
use crate::rules::services::cite;

pub static RULE: Rule = Rule {
    code: "RATE004",
    name: "case-rate-charge-differs",
    severity: Severity::Warning,
    snip: Some(7),
    summary: "a case-rate line's charge differs from the payer's case rate",
    help: "charge the case rate of the payer's profile (case_rate.rate), or update the profile if the rate changed",
    doc: "\
## What it checks
A case-rate line (a line whose procedure code is a case rate of the
payer profile) charges exactly the rate's `rate` in SV102 (SV203 on an
837I). A warning, not an error: some providers bill their usual charge
and let the payer pay its contracted rate. Voided claims
(CLM05-3 = 8) are not checked.

## Why it matters
The payer pays the contracted rate whatever the charge. A lower charge
is usually paid at the charge, leaving money unpaid; a higher one is
cut to the rate and shows up as an adjustment to explain in
reconciliation. A charge far from the rate is also the first sign of
a profile that no longer matches the contract.

## Example
With the opioid treatment profile's methadone weekly bundle
(`code = \"G2067\"`, `rate = 244.37`), a line
`SV1*HC:G2067*240*UN*1***1` charges 240.00.

## How to fix
Charge the profile's rate on the case-rate line
(`SV1*HC:G2067*244.37*UN*1***1`), and correct CLM02 to the new sum of
the lines. If the contract changed, update `rate` in the profile.
",
};

pub(crate) fn check(l: &RateLine<'_>, report: &mut Report<'_>) {
    let s = l.service;
    let Some(charge) = s.charge else {
        return;
    };
    if charge == l.rate.rate {
        return;
    }
    let f = report.push(
        &RULE,
        line_place(s, l.kind, 2),
        format!(
            "case rate {} ({}) is charged {}; the payer's rate is {}",
            l.rate.code,
            l.rate.name,
            shown_amount(charge),
            shown_amount(l.rate.rate),
        ),
    );
    finish_line_finding(
        f,
        s,
        cite(
            l.profile,
            format!("case_rate[{}].rate", l.index),
            l.rate.line,
        ),
    );
}
