//! CODE008 npi-check-digit: an NPI (NM108 `XX`) has 10 digits and a
//! correct check digit.

use crate::codesets::npi;
use crate::diagnostic::Severity;
use crate::model::{Claim, ClaimKind, ClaimPayment, Party, Providers, Text};
use crate::rules::claim_checks::{Place, Report};
use crate::rules::{Rule, shown};

use super::{entity_name, loop_of};

pub static RULE: Rule = Rule {
    code: "CODE008",
    name: "npi-check-digit",
    severity: Severity::Error,
    snip: Some(5),
    summary: "an NPI (NM109 when NM108 is XX) is not 10 digits with a valid check digit",
    help: "copy the NPI from NPPES; its 10th digit is the Luhn check digit over 80840 and the first 9",
    doc: "\
## What it checks
Every provider identified by NPI (NM108 = `XX`) in an 837 claim (billing
provider, the 2310 and 2420 providers) or an 835 claim payment (rendering
provider) has an NM109 of exactly 10 digits whose last digit is the Luhn
check digit computed over `80840` followed by the first 9 digits, as the
NPI standard defines.

## Why it matters
An NPI with a wrong check digit is a typo: it cannot match an enrolled
provider, and payers reject the claim at the front end. The check digit
catches every single wrong digit and most swaps of neighbouring digits.

## Example
`NM1*85*2*NORTHWIND BEHAVIORAL HEALTH*****XX*1234567890~` (the check
digit of 123456789 is 3).

## How to fix
Look the provider up in NPPES and copy the NPI again.
",
};

pub(crate) fn check(claim: &Claim, kind: ClaimKind, report: &mut Report<'_>) {
    let billing = claim
        .billing_provider
        .as_ref()
        .and_then(|b| b.provider.as_deref());
    if let Some(p) = billing {
        party(p, "2010AA", None, report);
    }
    providers(&claim.providers, kind, false, None, report);
    for line in &claim.lines {
        providers(&line.providers, kind, true, line.number.as_ref(), report);
    }
}

/// CODE008 over an 835 claim payment's rendering provider (NM1*82).
pub(crate) fn check_payment(payment: &ClaimPayment, report: &mut Report<'_>) {
    if let Some(p) = payment.rendering_provider.as_deref() {
        party(p, "2100", None, report);
    }
}

fn providers(
    p: &Providers,
    kind: ClaimKind,
    line: bool,
    number: Option<&Text>,
    report: &mut Report<'_>,
) {
    p.each(|entity, p| party(p, loop_of(kind, line, entity), number, report));
}

fn party(p: &Party, loop_id: &'static str, line: Option<&Text>, report: &mut Report<'_>) {
    if p.id_qualifier.as_ref().is_none_or(|q| q.as_str() != "XX") {
        return;
    }
    let Some(id) = p.id.as_ref() else {
        return;
    };
    if let Err(problem) = npi::check(id.as_str().as_bytes()) {
        let f = report.push(
            &RULE,
            Place::new(p.at, "NM1", 9, loop_id),
            format!(
                "NPI {} of {} {problem}",
                shown(id.as_str().as_bytes()),
                entity_name(p.entity.as_str())
            ),
        );
        f.service_line = line.map(|n| n.to_string());
    }
}
