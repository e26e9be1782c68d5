//! SIT008 admission-date-hour: an 837I inpatient claim carries its
//! admission date and hour.

use crate::diagnostic::Severity;
use crate::model::{Claim, ClaimKind};
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "SIT008",
    name: "admission-date-hour",
    severity: Severity::Error,
    snip: Some(4),
    summary: "837I inpatient claim without admission date and hour (DTP*435*DT)",
    help: "add DTP*435*DT*CCYYMMDDHHMM with the date and hour of admission",
    doc: "\
## What it checks
An institutional claim (837I) whose facility type (CLM05-1, the first
two digits of the type of bill) is an inpatient one — `11`, `12`, `18`,
`21`, `28`, `41`, `65`, `66`, `86` — carries the admission date and hour
in 2300 `DTP*435` with format `DT` (`CCYYMMDDHHMM`).

## Why it matters
The 837I guide makes the admission date/hour segment required on
inpatient claims; the X12 interpretation RFI 1520 confirms that it is
required on inpatient claims (not on all institutional ones), inpatient
being defined by the NUBC type of bill. Without it the payer cannot
price the stay (DRG, per-diem days) and rejects the claim. A date
without the hour (`D8`) does not meet the requirement.

## Example
`CLM*CC-0001*1200***11:A:1**A*Y*Y~` with no `DTP*435*DT*…~`.

## How to fix
Send `DTP*435*DT*202603010830~` (admission on 1 March 2026 at 08:30)
from the admission record. If the hour is unknown, check the payer's
companion guide; most accept `0000`.
",
};

/// Facility type codes (type of bill, first two digits) of inpatient
/// bills.
const INPATIENT: [&str; 9] = ["11", "12", "18", "21", "28", "41", "65", "66", "86"];

pub(crate) fn check(claim: &Claim, kind: ClaimKind, report: &mut Report<'_>) {
    if kind != ClaimKind::Institutional {
        return;
    }
    let Some(facility) = claim.facility_code.as_ref() else {
        return;
    };
    if !INPATIENT.contains(&facility.as_str()) {
        return;
    }
    match claim.date("435") {
        None => {
            report.push(
                &RULE,
                Place::new(claim.at, "CLM", 5, "2300").component(1),
                format!(
                    "facility type {facility} is an inpatient bill, but the claim has no admission date and hour (DTP*435)"
                ),
            );
        }
        Some(d) => {
            let format = d.format.as_ref().map_or("", |f| f.as_str());
            if format == "DT" {
                return;
            }
            report.push(
                &RULE,
                Place::new(d.at, "DTP", 2, "2300"),
                format!(
                    "admission date of an inpatient bill (facility type {facility}) has format {format}; the guide asks for DT (CCYYMMDDHHMM, date and hour)"
                ),
            );
        }
    }
}
