//! CODE006 modifier-format: procedure modifiers are 2 letters or digits.

use crate::codesets::procedure;
use crate::diagnostic::Severity;
use crate::model::{Claim, ClaimKind};
use crate::rules::claim_checks::{Place, Report};
use crate::rules::{Rule, shown};

pub static RULE: Rule = Rule {
    code: "CODE006",
    name: "modifier-format",
    severity: Severity::Error,
    snip: Some(5),
    summary: "a procedure modifier (SV101-03 to -06, SV202-03 to -06) is not 2 upper-case letters or digits",
    help: "write each modifier as 2 upper-case letters or digits (HO, GT, 25), one per component",
    doc: "\
## What it checks
Each procedure modifier of a service line (components 3 to 6 of SV101
in an 837P, SV202 in an 837I) is 2 upper-case letters or digits, the
shape of every CPT and HCPCS modifier. An empty component before a
later modifier is left alone.

## Why it matters
Behavioral-health payers price and edit by modifier (provider level such
as `HO`/`HN`, telehealth `95`/`GT`, the `U1`–`UD` state modifiers); a
malformed modifier is rejected or, worse, ignored so the line is priced
as another service.

## Example
`SV1*HC:H0004:HOO*60*UN*4***1~`.

## How to fix
Correct the modifier; put two modifiers in two components
(`HC:H0004:HO:GT`), not one.
",
};

pub(crate) fn check(claim: &Claim, kind: ClaimKind, report: &mut Report<'_>) {
    let (segment, element) = match kind {
        ClaimKind::Professional => ("SV1", 1),
        ClaimKind::Institutional => ("SV2", 2),
    };
    for line in &claim.lines {
        let Some(p) = line.procedure.as_ref() else {
            continue;
        };
        for (i, m) in p.modifiers.iter().enumerate() {
            let m = m.as_str();
            if m.is_empty() || procedure::is_modifier(m.as_bytes()) {
                continue;
            }
            let f = report.push(
                &RULE,
                Place::new(line.service_at, segment, element, "2400").component(3 + i as u8),
                format!(
                    "modifier {} is not 2 upper-case letters or digits",
                    shown(m.as_bytes())
                ),
            );
            f.service_line = line.number.as_ref().map(|n| n.to_string());
        }
    }
}
