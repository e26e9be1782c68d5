//! CODE002 non-billable-diagnosis-code: an ICD-10-CM diagnosis is a
//! complete (billable) code, not a category header.

use super::hi_composites;
use crate::codesets::icd10cm::{self, DiagnosisCodeList};
use crate::diagnostic::Severity;
use crate::model::Claim;
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "CODE002",
    name: "non-billable-diagnosis-code",
    severity: Severity::Error,
    snip: Some(5),
    summary: "an ICD-10-CM diagnosis code is a header that needs more characters (F32 instead of F32.9)",
    help: "bill the code to its full length: a code with subcodes is not billable",
    doc: "\
## What it checks
Every ICD-10-CM diagnosis (HI qualifiers `ABK`, `ABF`, `ABJ`, `APR`,
`ABN`) that is in the shipped release is a leaf of the classification:
a code that has no subcodes. `F32` (major depressive disorder, single
episode) has subcodes `F32.0` … `F32.A`, so it is a header.

## Why it matters
ICD-10-CM coding rules require a code to be reported to the highest
number of characters available; payers reject claims with truncated
codes (WEDI SNIP level 5).

## Example
`HI*ABK:F32~`.

## How to fix
Choose the subcode the clinical record supports, e.g. `F329` (F32.9,
unspecified) or a more specific one.
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
        if icd10cm::lookup(code.as_str()).is_some_and(|e| !e.billable) {
            report.push(
                &RULE,
                Place::new(h.at, "HI", element, "2300").component(2),
                format!(
                    "diagnosis code {code} is a header in ICD-10-CM: it has subcodes and is not billable"
                ),
            );
        }
    }
}
