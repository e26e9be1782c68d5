//! SIT004 rendering-same-as-billing: a claim-level rendering provider
//! (2310B) is sent only when it differs from the billing provider.

use crate::diagnostic::Severity;
use crate::model::{Claim, Party, Text};
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "SIT004",
    name: "rendering-same-as-billing",
    severity: Severity::Warning,
    snip: Some(4),
    summary: "rendering provider (2310B NM1*82) has the billing provider's NPI",
    help: "omit loop 2310B when the billing provider (2010AA) rendered the care",
    doc: "\
## What it checks
A claim's rendering provider (2310B, `NM1*82`) does not carry the same
NPI (NM109 with NM108 = `XX`) as the billing provider of its level
(2010AA, `NM1*85`).

## Why it matters
The 837P guide makes loop 2310B situational: it is sent when the
rendering provider is not the same as the billing provider (or pay-to
provider). Sending the billing provider again as rendering provider is
redundant, and some payers reject it or misroute the claim (a group
billed as if it were an individual practitioner).

## Example
`NM1*85*2*NORTHWIND*****XX*1234567893~` in 2010AA and
`NM1*82*1*DOE*JANE****XX*1234567893~` in the claim.

## How to fix
Remove loop 2310B when the billing provider rendered the care, or put
the NPI of the individual practitioner who did in 2310B.
",
};

pub(crate) fn check(claim: &Claim, report: &mut Report<'_>) {
    let Some(rendering) = claim.providers.rendering.as_deref() else {
        return;
    };
    let Some(billing) = claim
        .billing_provider
        .as_deref()
        .and_then(|b| b.provider.as_deref())
    else {
        return;
    };
    let (Some(r), Some(b)) = (npi(rendering), npi(billing)) else {
        return;
    };
    if r.as_str() != b.as_str() || r.is_empty() {
        return;
    }
    report.push(
        &RULE,
        Place::new(rendering.at, "NM1", 9, "2310B"),
        format!(
            "rendering provider NPI {r} is the billing provider's NPI (2010AA); the guide says to omit 2310B when they are the same"
        ),
    );
}

/// The NPI of a provider: NM109 when NM108 is `XX`.
fn npi(p: &Party) -> Option<&Text> {
    if p.id_qualifier.as_ref().is_some_and(|q| q == "XX") {
        p.id.as_ref()
    } else {
        None
    }
}
