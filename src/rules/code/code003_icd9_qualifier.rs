//! CODE003 icd9-diagnosis-qualifier: diagnoses are reported as ICD-10-CM,
//! not under the ICD-9-CM qualifiers.

use super::hi_composites;
use crate::codesets::icd10cm::{self, DiagnosisCodeList};
use crate::diagnostic::Severity;
use crate::model::Claim;
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "CODE003",
    name: "icd9-diagnosis-qualifier",
    severity: Severity::Error,
    snip: Some(5),
    summary: "a diagnosis uses an ICD-9-CM qualifier (BK, BF, BJ, PR, BN) instead of ABK, ABF, ABJ, APR, ABN",
    help: "use the ICD-10-CM qualifier (ABK principal, ABF other, ABJ admitting, APR reason for visit, ABN external cause)",
    doc: "\
## What it checks
No HI composite carries an ICD-9-CM diagnosis qualifier: `BK`
(principal), `BF` (other), `BJ` (admitting), `PR` (reason for visit),
`BN` (external cause). Their ICD-10-CM forms are `ABK`, `ABF`, `ABJ`,
`APR` and `ABN`.

## Why it matters
ICD-9-CM was retired for dates of service from October 1, 2015; payers
reject claims that report diagnoses under the ICD-9 qualifiers, even when
the code itself is an ICD-10-CM code.

## Example
`HI*BK:F329~`.

## How to fix
Write the qualifier for ICD-10-CM (`HI*ABK:F329~`) and check that the
code is an ICD-10-CM code.
",
};

pub(crate) fn check(claim: &Claim, report: &mut Report<'_>) {
    for (element, h) in hi_composites(claim) {
        let q = h.qualifier.as_str();
        if icd10cm::diagnosis_qualifier(q.as_bytes()) == Some(DiagnosisCodeList::Icd9Cm) {
            report.push(
                &RULE,
                Place::new(h.at, "HI", element, "2300").component(1),
                format!("qualifier {q} names ICD-9-CM; ICD-10-CM diagnoses use A{q}"),
            );
        }
    }
}
