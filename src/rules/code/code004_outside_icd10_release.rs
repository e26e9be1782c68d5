//! CODE004 outside-icd10-release: the date of service lies in the window
//! of the ICD-10-CM release the diagnoses were checked against.

use crate::codesets::icd10cm::{self, DiagnosisCodeList};
use crate::diagnostic::Severity;
use crate::model::{Claim, DateRef};
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};
use crate::rules::services::eight_digits;

pub static RULE: Rule = Rule {
    code: "CODE004",
    name: "outside-icd10-release",
    severity: Severity::Warning,
    snip: Some(5),
    summary: "a date of service falls outside the shipped ICD-10-CM release's window, so its diagnoses were checked against another year's codes",
    help: "check the diagnoses against the ICD-10-CM release in force on the date of service, or use a claimcheck built with it",
    doc: "\
## What it checks
For a claim with ICD-10-CM diagnoses, every date of service (DTP*472 at
claim or line level) and 837I statement period (DTP*434) lies inside the
window of the ICD-10-CM release claimcheck ships: FY2026, dates of
service 2025-10-01 to 2026-09-30. The first date outside is reported,
once per claim. Dates after today are left to SIT003.

## Why it matters
ICD-10-CM changes every October 1 (and sometimes April 1): codes are
added, split and deleted. A payer edits a diagnosis against the release
in force on the date of service, so CODE001 and CODE002 are only sure
inside the shipped release's window. Outside it, a code may have been
valid then and be gone now, or the reverse: this warning says the check
was not a real one, rather than passing silently.

## Example
`DTP*472*D8*20240615~` on a claim with `HI*ABK:F329~`.

## How to fix
Check the diagnoses against the release of the date of service. If the
date is wrong, correct it.
",
};

pub(crate) fn check(claim: &Claim, report: &mut Report<'_>) {
    let has_icd10 = claim.health_codes.iter().any(|h| {
        icd10cm::diagnosis_qualifier(h.qualifier.as_str().as_bytes())
            == Some(DiagnosisCodeList::Icd10Cm)
    });
    if !has_icd10 {
        return;
    }
    let release = icd10cm::release();
    let claim_dates = claim.dates.iter().map(|d| (d, "2300", None));
    let line_dates = claim
        .lines
        .iter()
        .flat_map(|l| l.dates.iter().map(move |d| (d, "2400", l.number.as_ref())));
    let today = report.today();
    for (d, loop_id, line) in claim_dates.chain(line_dates) {
        let Some(outside) = date_outside(d, release) else {
            continue;
        };
        // A date after today is SIT003's finding (usually a typo in the
        // year); which code release covers it is beside the point.
        if outside > today {
            continue;
        }
        let f = report.push(
            &RULE,
            Place::new(d.at, "DTP", 3, loop_id),
            format!(
                "date of service {outside} is outside ICD-10-CM {} ({} to {}); its diagnoses were not checked against the release in force then",
                release.name, release.first_service_date, release.last_service_date
            ),
        );
        f.service_line = line.map(|n| n.to_string());
        return;
    }
}

/// The first date of a service-date or statement DTP (D8 or RD8) that
/// the release does not cover.
fn date_outside(d: &DateRef, release: &icd10cm::Release) -> Option<u32> {
    if !matches!(d.qualifier.as_str(), "472" | "434") {
        return None;
    }
    let value = d.value.as_ref()?.as_bytes();
    if value.len() == 8 {
        // One date (D8), nearly every DTP: no range to split.
        return eight_digits(value).filter(|date| !release.covers(*date));
    }
    value
        .split(|&b| b == b'-')
        .filter_map(eight_digits)
        .find(|date| !release.covers(*date))
}
