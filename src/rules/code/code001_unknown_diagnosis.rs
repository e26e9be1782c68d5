//! CODE001 unknown-diagnosis-code: an ICD-10-CM diagnosis is in the
//! shipped release.

use super::hi_composites;
use crate::codesets::icd10cm::{self, DiagnosisCodeList};
use crate::diagnostic::Severity;
use crate::model::Claim;
use crate::rules::claim_checks::{Place, Report};
use crate::rules::{Rule, shown};

pub static RULE: Rule = Rule {
    code: "CODE001",
    name: "unknown-diagnosis-code",
    severity: Severity::Error,
    snip: Some(5),
    summary: "an ICD-10-CM diagnosis code (HI qualifier ABK, ABF, ABJ, APR, ABN) is not in the ICD-10-CM release",
    help: "use a code of the current ICD-10-CM release, written without the dot (F32.9 as F329)",
    doc: "\
## What it checks
Every diagnosis in an HI segment whose qualifier names ICD-10-CM (`ABK`
principal, `ABF` other, `ABJ` admitting, `APR` reason for visit, `ABN`
external cause) is a code of the ICD-10-CM release claimcheck ships
(FY2026, April 1, 2026 update; see `claimcheck::codesets::icd10cm`).
Codes are compared without the dot.

## Why it matters
Payers edit diagnosis codes against the code set in force on the date of
service (WEDI SNIP level 5) and reject a claim that carries a code that
does not exist: a typo, a code deleted in a yearly update, an ICD-9 code
under an ICD-10 qualifier.

## Example
`HI*ABK:F3299~`: there is no F32.99.

## How to fix
Look the diagnosis up in the current ICD-10-CM tabular list and bill the
complete code the record supports.
",
};

pub(crate) fn check(claim: &Claim, report: &mut Report<'_>) {
    for (element, h) in hi_composites(claim) {
        if icd10cm::diagnosis_qualifier(h.qualifier.as_str().as_bytes())
            != Some(DiagnosisCodeList::Icd10Cm)
        {
            continue;
        }
        let Some(code) = h.code.as_ref() else {
            continue;
        };
        if icd10cm::lookup(code.as_str()).is_none() {
            report.push(
                &RULE,
                Place::new(h.at, "HI", element, "2300").component(2),
                format!(
                    "diagnosis code {} ({}) is not in ICD-10-CM {}",
                    shown(code.as_str().as_bytes()),
                    h.qualifier,
                    icd10cm::release().name
                ),
            );
        }
    }
}
