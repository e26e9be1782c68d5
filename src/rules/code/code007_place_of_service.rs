//! CODE007 place-of-service: an 837P place of service is a CMS code.

use crate::codesets::pos;
use crate::diagnostic::Severity;
use crate::model::{Claim, ClaimKind};
use crate::rules::claim_checks::{Place, Report};
use crate::rules::{Rule, shown};

pub static RULE: Rule = Rule {
    code: "CODE007",
    name: "place-of-service",
    severity: Severity::Error,
    snip: Some(5),
    summary: "an 837P place of service (CLM05-01, SV105) is not in the CMS place-of-service list",
    help: "use a code of the CMS Place of Service Code Set, e.g. 11 office, 02/10 telehealth, 53 community mental health center",
    doc: "\
## What it checks
In an 837P, the claim's place of service (CLM05-01, when CLM05-02 is
`B`) and each line's place of service (SV105) are assigned codes of the
CMS Place of Service Code Set (shipped; see
`claimcheck::codesets::pos`). 837I claims carry a facility type in
CLM05-01 instead and are not checked here.

## Why it matters
The place of service sets the fee schedule (facility or non-facility)
and many behavioral-health coverage rules (telehealth, community mental
health center, residential treatment). An unassigned code is rejected.

## Example
`CLM*PCN1*150***28:B:1*Y*A*Y*Y~`: 28 is unassigned.

## How to fix
Report where the service was given with its CMS code (`11` office, `02`
or `10` telehealth, `12` home, `53` community mental health center …).
",
};

pub(crate) fn check(claim: &Claim, kind: ClaimKind, report: &mut Report<'_>) {
    if kind != ClaimKind::Professional {
        return;
    }
    if claim
        .facility_qualifier
        .as_ref()
        .is_some_and(|q| q.as_str() == "B")
        && let Some(code) = claim.facility_code.as_ref()
        && pos::place_of_service(code.as_str().as_bytes()).is_none()
    {
        report.push(
            &RULE,
            Place::new(claim.at, "CLM", 5, "2300").component(1),
            message(code.as_str()),
        );
    }
    for line in &claim.lines {
        let Some(code) = line.place_of_service.as_ref() else {
            continue;
        };
        if code.as_str().is_empty() || pos::place_of_service(code.as_str().as_bytes()).is_some() {
            continue;
        }
        let f = report.push(
            &RULE,
            Place::new(line.service_at, "SV1", 5, "2400"),
            message(code.as_str()),
        );
        f.service_line = line.number.as_ref().map(|n| n.to_string());
    }
}

fn message(code: &str) -> String {
    format!(
        "place of service {} is not in the CMS place-of-service list",
        shown(code.as_bytes())
    )
}
