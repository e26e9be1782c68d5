//! CODE011 remark-code: every remittance remark code (LQ*HE, MIA, MOA) is
//! a RARC by shape and, when a RARC list is loaded, is in it.

use crate::codesets::carc_rarc::is_rarc_format;
use crate::diagnostic::Severity;
use crate::model::{At, Claim, ClaimPayment, InpatientAdjudication, OutpatientAdjudication, Text};
use crate::rules::claim_checks::{Place, Report};
use crate::rules::{Rule, shown};

pub static RULE: Rule = Rule {
    code: "CODE011",
    name: "remark-code",
    severity: Severity::Error,
    snip: Some(5),
    summary: "a remark code (LQ02 with LQ01 HE, MIA05/20-23, MOA03-07) is not a RARC, or is not in the loaded RARC list",
    help: "use a Remittance Advice Remark Code (M, MA or N and 1 to 4 digits, e.g. N362, MA130); reason codes belong in CAS",
    doc: "\
## What it checks
Every remark code has the shape of a Remittance Advice Remark Code:
`M`, `MA` or `N` followed by 1 to 4 digits (`M15`, `MA130`, `N362`).
Checked: the 835's service remarks (LQ02 when LQ01 is `HE`; `RX` NCPDP
reject codes are not RARCs), its claim-level inpatient and outpatient
adjudication (MIA05, MIA20–MIA23; MOA03–MOA07), and the same MIA and MOA
of an 837's other-payer loop (2320). When a RARC list is loaded
(`--codes rarc=rarc.csv`, or `codes.rarc` in claimcheck.toml), the code
must also be in it; without a list only the shape is checked.

## Why it matters
Remark codes explain a denial or adjustment further; provider systems
map them to work queues and patient statements. A reason code in a
remark position, or a deactivated remark, leaves the adjustment
unexplained and a secondary payer may reject an 837 that carries it.

## Example
`LQ*HE*45~` (a CARC in the remark position); with a RARC list loaded,
`MOA***N9999~` when the list has no N9999.

## How to fix
Put CARCs in CAS and RARCs in LQ, MIA or MOA; use codes of the current
RARC list (CMS updates it three times a year).
",
};

/// CODE011 over an 837 claim: the other payers' MIA and MOA (2320).
pub(crate) fn check(claim: &Claim, report: &mut Report<'_>) {
    for other in &claim.other_subscribers {
        adjudications(
            other.inpatient.as_ref(),
            other.outpatient.as_ref(),
            "2320",
            report,
        );
    }
}

/// CODE011 over an 835 claim payment: MIA and MOA (2100) and the service
/// lines' LQ (2110).
pub(crate) fn check_payment(payment: &ClaimPayment, report: &mut Report<'_>) {
    adjudications(
        payment.inpatient.as_ref(),
        payment.outpatient.as_ref(),
        "2100",
        report,
    );
    for service in &payment.services {
        for lq in &service.remarks {
            if lq.qualifier.as_str() != "HE" {
                continue;
            }
            if let Some(code) = lq.code.as_ref() {
                remark(code, Place::new(lq.at, "LQ", 2, "2110"), report);
            }
        }
    }
}

fn adjudications(
    inpatient: Option<&InpatientAdjudication>,
    outpatient: Option<&OutpatientAdjudication>,
    loop_id: &'static str,
    report: &mut Report<'_>,
) {
    if let Some(mia) = inpatient {
        if let Some(code) = mia.remark_code.as_ref() {
            remark(code, Place::new(mia.at, "MIA", 5, loop_id), report);
        }
        // MIA20–MIA23, in position.
        positioned(&mia.remark_codes, 20, mia.at, "MIA", loop_id, report);
    }
    if let Some(moa) = outpatient {
        // MOA03–MOA07, in position.
        positioned(&moa.remark_codes, 3, moa.at, "MOA", loop_id, report);
    }
}

fn positioned(
    codes: &[Text],
    first: u8,
    at: At,
    segment: &'static str,
    loop_id: &'static str,
    report: &mut Report<'_>,
) {
    for (i, code) in codes.iter().enumerate() {
        let place = Place::new(at, segment, first + i as u8, loop_id);
        remark(code, place, report);
    }
}

fn remark(code: &Text, place: Place, report: &mut Report<'_>) {
    let bytes = code.as_str().as_bytes();
    if bytes.is_empty() {
        return;
    }
    let problem = if !is_rarc_format(bytes) {
        "is not a remittance advice remark code (M, MA or N and 1 to 4 digits)"
    } else if report
        .codes()
        .rarc
        .as_ref()
        .is_some_and(|list| !list.contains(bytes))
    {
        "is not in the loaded RARC list"
    } else {
        return;
    };
    report.push(
        &RULE,
        place,
        format!("remark code {} {problem}", shown(bytes)),
    );
}
