//! SIT009 diagnosis-pointer: every SV107 pointer of an 837P line points
//! at a diagnosis of the claim.

use crate::diagnostic::Severity;
use crate::model::{Claim, ClaimKind};
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "SIT009",
    name: "diagnosis-pointer",
    severity: Severity::Error,
    snip: Some(4),
    summary: "837P diagnosis pointer (SV107) missing or pointing past the claim's diagnoses",
    help: "point each line at the diagnoses of the claim's HI (1 for the first, at most 12)",
    doc: "\
## What it checks
On a professional claim (837P), each service line's diagnosis code
pointers (SV107-1 to SV107-4) are whole numbers from 1 to the number of
diagnosis codes of the claim (HI `ABK` principal and `ABF` other, in
order; at most 12), and every line has at least SV107-1.

## Why it matters
The 837P guide makes SV107-1 required and defines the pointers as
1-based positions in the claim's HI diagnosis list (CMS-1500 item 24E
against item 21). A pointer to a diagnosis that is not there gives the
line no medical reason: the payer denies it for lack of a supporting
diagnosis, or rejects the claim at the front end.

## Example
`HI*ABK:F331*ABF:Z63~` (two diagnoses) and a line
`SV1*HC:90837*150*UN*1***1:3~`: pointer 3 points at nothing.

## How to fix
Point at the diagnosis the line treats by its position in the HI
segment (1 is the principal), or add the missing diagnosis to HI.
",
};

pub(crate) fn check(claim: &Claim, kind: ClaimKind, report: &mut Report<'_>) {
    if kind != ClaimKind::Professional {
        return;
    }
    let diagnoses = claim
        .health_codes
        .iter()
        .filter(|h| matches!(h.qualifier.as_str(), "ABK" | "ABF" | "BK" | "BF"))
        .count()
        .min(12);
    for line in &claim.lines {
        if line.procedure.is_none() {
            continue;
        }
        if line.diagnosis_pointers.is_empty() {
            if diagnoses > 0 {
                report
                    .push(
                        &RULE,
                        Place::new(line.service_at, "SV1", 7, "2400").component(1),
                        format!(
                            "line has no diagnosis pointer (SV107-1) although the claim has {diagnoses} diagnosis code(s)"
                        ),
                    )
                    .service_line = line.number.as_ref().map(|t| t.to_string());
            }
            continue;
        }
        for (i, p) in line.diagnosis_pointers.iter().enumerate() {
            let n = match p.as_bytes() {
                // One digit, nearly every pointer: no general parse.
                &[d @ b'0'..=b'9'] => Some(usize::from(d - b'0')),
                _ => p.as_str().parse::<usize>().ok(),
            };
            if n.is_some_and(|n| (1..=diagnoses).contains(&n)) {
                continue;
            }
            let why = match n {
                None => "is not a number".to_string(),
                Some(_) if diagnoses == 0 => {
                    "points at a diagnosis, but the claim has none".to_string()
                }
                Some(_) => format!("points past the claim's {diagnoses} diagnosis code(s)"),
            };
            report
                .push(
                    &RULE,
                    Place::new(line.service_at, "SV1", 7, "2400").component(i as u8 + 1),
                    format!("diagnosis pointer {p} {why}"),
                )
                .service_line = line.number.as_ref().map(|t| t.to_string());
        }
    }
}
