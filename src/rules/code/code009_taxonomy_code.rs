//! CODE009 taxonomy-code: a provider's taxonomy code (PRV03) has the NUCC
//! shape and, when a NUCC taxonomy file is loaded, is in it.

use crate::codesets::taxonomy::is_taxonomy_format;
use crate::diagnostic::Severity;
use crate::model::{Claim, ClaimKind, ProviderInfo, Text};
use crate::rules::claim_checks::{Place, Report};
use crate::rules::{Rule, shown};

use super::{entity_name, loop_of};

pub static RULE: Rule = Rule {
    code: "CODE009",
    name: "taxonomy-code",
    severity: Severity::Error,
    snip: Some(5),
    summary: "a provider taxonomy code (PRV03) is not 9 letters or digits and X, or is not in the loaded NUCC taxonomy file",
    help: "use the provider's 10-character NUCC taxonomy code as enrolled with the payer (e.g. 101YM0800X)",
    doc: "\
## What it checks
Every PRV segment of an 837 (the billing provider's in 2000A, the
rendering provider's in 2310B and 2420A of an 837P, the attending
provider's in 2310A of an 837I) carries in PRV03 a Health Care Provider
Taxonomy code of the NUCC shape: 9 upper-case letters or digits followed
by `X` (`101YM0800X`, `2084P0800X`). When a NUCC taxonomy file is loaded
(`--codes taxonomy=nucc_taxonomy_251.csv`, or `codes.taxonomy` in
claimcheck.toml), the code must also be one of its codes; without a file
only the shape is checked.

## Why it matters
Payers match the taxonomy code with the provider's enrollment to decide
which services and rates apply; a malformed or retired code makes the
claim (or its line) reject at the front end, often with CARC 16 / RARC
N255 or N95.

## Example
`PRV*BI*PXC*101YM080X~` (9 characters); with the NUCC file loaded,
`PRV*PE*PXC*101YM0801X~` when the list has no such code.

## How to fix
Copy the taxonomy code the provider is enrolled under (NPPES lists it)
and keep the NUCC file loaded current: NUCC publishes it twice a year.
",
};

pub(crate) fn check(claim: &Claim, kind: ClaimKind, report: &mut Report<'_>) {
    if let Some(b) = claim.billing_provider.as_deref()
        && let Some(prv) = b.specialty.as_ref()
    {
        taxonomy(prv, "2000A", "85", None, report);
    }
    claim.providers.each(|_, p| {
        if let Some(prv) = p.specialty.as_ref() {
            let loop_id = loop_of(kind, false, p.entity.as_str());
            taxonomy(prv, loop_id, p.entity.as_str(), None, report);
        }
    });
    for line in &claim.lines {
        line.providers.each(|_, p| {
            if let Some(prv) = p.specialty.as_ref() {
                let loop_id = loop_of(kind, true, p.entity.as_str());
                taxonomy(
                    prv,
                    loop_id,
                    p.entity.as_str(),
                    line.number.as_ref(),
                    report,
                );
            }
        });
    }
}

fn taxonomy(
    prv: &ProviderInfo,
    loop_id: &'static str,
    entity: &str,
    line: Option<&Text>,
    report: &mut Report<'_>,
) {
    let Some(code) = prv.taxonomy.as_ref().filter(|c| !c.is_empty()) else {
        return;
    };
    let bytes = code.as_str().as_bytes();
    let problem = if !is_taxonomy_format(bytes) {
        "is not a taxonomy code (9 upper-case letters or digits and X)"
    } else if report
        .codes()
        .taxonomy
        .as_ref()
        .is_some_and(|list| !list.contains(bytes))
    {
        "is not in the loaded NUCC taxonomy file"
    } else {
        return;
    };
    let f = report.push(
        &RULE,
        Place::new(prv.at, "PRV", 3, loop_id),
        format!(
            "taxonomy code {} of {} {problem}",
            shown(bytes),
            entity_name(entity)
        ),
    );
    f.service_line = line.map(|n| n.to_string());
}
