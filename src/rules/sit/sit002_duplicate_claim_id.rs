//! SIT002 duplicate-claim-id: a claim id (CLM01) appears once per file.

use crate::diagnostic::Severity;
use crate::model::Claim;
use crate::rules::Rule;
use crate::rules::claim_checks::{FileState, Place, Report, stable_hash};

pub static RULE: Rule = Rule {
    code: "SIT002",
    name: "duplicate-claim-id",
    severity: Severity::Error,
    snip: Some(4),
    summary: "the same patient control number (CLM01) is used by two claims of one file",
    help: "give every claim its own CLM01; send a corrected claim with CLM05-3 = 7 instead of a second original",
    doc: "\
## What it checks
No two claims of one input file share a patient control number
(CLM01), across all its interchanges and transaction sets. The finding
points at the second (and each later) claim and names where the first
one is.

## Why it matters
CLM01 is the provider's id for the claim; the payer echoes it in the 277CA
and the 835 (CLP01), and that is how payments are matched back to
claims. Two claims with one id cannot be told apart in the remittance,
and payers deny the second as a duplicate.

## Example
`CLM*PCN1*100***11:B:1~` in one claim and `CLM*PCN1*80***11:B:1~` in
another claim of the same file.

## How to fix
Make the claim id unique (an encounter or visit number plus a sequence).
If the second claim corrects the first, send it as a replacement
(CLM05-3 = 7 with REF*F8).
",
};

pub(crate) fn check(claim: &Claim, file: &mut FileState, report: &mut Report<'_>) {
    let id = claim.id.as_str();
    if id.is_empty() {
        return;
    }
    match file.claim_ids.entry(stable_hash(id)) {
        std::collections::hash_map::Entry::Vacant(v) => {
            v.insert(claim.at);
        }
        std::collections::hash_map::Entry::Occupied(o) => {
            let first = *o.get();
            let f = report.push(
                &RULE,
                Place::new(claim.at, "CLM", 1, "2300"),
                format!(
                    "claim id {id} is already used by an earlier claim (its CLM is segment {} of the file)",
                    first.segment_index + 1
                ),
            );
            f.related.push(crate::diagnostic::Related {
                segment_index: first.segment_index,
                segment_id: "CLM".to_string(),
                line: first.line,
                byte_offset: first.byte_offset,
                note: "the first claim with this id".to_string(),
                source: None,
            });
        }
    }
}
