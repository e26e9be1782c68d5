//! CODE010 adjustment-reason-code: every CAS reason code is a CARC by
//! shape and, when a CARC list is loaded, is in it.

use crate::codesets::carc_rarc::is_carc_format;
use crate::diagnostic::Severity;
use crate::model::{Adjustment, Claim, ClaimPayment, Text};
use crate::rules::claim_checks::{Place, Report};
use crate::rules::{Rule, shown};

pub static RULE: Rule = Rule {
    code: "CODE010",
    name: "adjustment-reason-code",
    severity: Severity::Error,
    snip: Some(5),
    summary: "a CAS reason code (CAS02, 05 … 17) is not a CARC, or is not in the loaded CARC list",
    help: "use a Claim Adjustment Reason Code from X12's list (e.g. 45, 253, B7); remark codes (M…, N…) go in LQ, MIA or MOA",
    doc: "\
## What it checks
Every adjustment reason code of a CAS segment (CAS02, CAS05, CAS08,
CAS11, CAS14, CAS17), in an 835 (claim level, 2100, and service level,
2110) and in an 837's other-payer adjudication (2320 claim level, 2430
line level), has the shape of a Claim Adjustment Reason Code: 1 to 3
digits without a leading zero (`1`, `45`, `253`), or `A`, `B`, `D`, `P`,
`W` or `Y` and 1 or 2 digits (`B7`, `P23`). When a CARC list is loaded
(`--codes carc=carc.csv`, or `codes.carc` in claimcheck.toml), the code
must also be in it; without a list only the shape is checked. Reason
codes after a gap in the CAS are reported by the guide rules, not here.

## Why it matters
The CARC says why a payment differs from the charge; posting software and
secondary payers act on it. A code that is not a CARC (a remark code, a
group code, a payer's own code) or one X12 has deactivated cannot be
posted or crossed over, and a secondary payer rejects the 837.

## Example
`CAS*CO*N362*60~` (a remark code in the reason position); with a CARC
list loaded, `CAS*PR*999*10~` when the list has no 999.

## How to fix
Use the CARC the payer's 835 gave (for 837 COB loops) or a current X12
CARC; move remark codes to LQ (835 lines) or MIA/MOA. Keep the loaded
list current: X12 updates it three times a year.
",
};

/// CODE010 over an 837 claim: the other payers' CAS (2320, 2430).
pub(crate) fn check(claim: &Claim, report: &mut Report<'_>) {
    for other in &claim.other_subscribers {
        for cas in &other.adjustments {
            adjustment(cas, "2320", None, report);
        }
    }
    for line in &claim.lines {
        for a in &line.adjudications {
            for cas in &a.adjustments {
                adjustment(cas, "2430", line.number.as_ref(), report);
            }
        }
    }
}

/// CODE010 over an 835 claim payment: claim (2100) and service (2110)
/// CAS.
pub(crate) fn check_payment(payment: &ClaimPayment, report: &mut Report<'_>) {
    for cas in &payment.adjustments {
        adjustment(cas, "2100", None, report);
    }
    for service in &payment.services {
        for cas in &service.adjustments {
            adjustment(cas, "2110", None, report);
        }
    }
}

fn adjustment(
    cas: &Adjustment,
    loop_id: &'static str,
    line: Option<&Text>,
    report: &mut Report<'_>,
) {
    for (k, reason) in cas.reasons.iter().enumerate() {
        let code = reason.carc.as_str().as_bytes();
        if code.is_empty() {
            continue;
        }
        let problem = if !is_carc_format(code) {
            "is not a claim adjustment reason code (1 to 3 digits, or A, B, D, P, W or Y and 1 or 2 digits)"
        } else if report
            .codes()
            .carc
            .as_ref()
            .is_some_and(|list| !list.contains(code))
        {
            "is not in the loaded CARC list"
        } else {
            continue;
        };
        // The k-th triple's reason code is CAS02, CAS05 … CAS17.
        let element = 2 + 3 * k as u8;
        let f = report.push(
            &RULE,
            Place::new(cas.at, "CAS", element, loop_id),
            format!(
                "reason code {} (group {}) {problem}",
                shown(code),
                shown(cas.group.as_str().as_bytes())
            ),
        );
        f.service_line = line.map(|n| n.to_string());
    }
}
