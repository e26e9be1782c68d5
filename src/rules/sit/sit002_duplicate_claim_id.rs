//! SIT002 duplicate-claim-id: a claim id (CLM01) appears once per file.

use crate::diagnostic::Severity;
use crate::model::{At, Claim};
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

/// The claim ids of one file: a 64-bit hash of each distinct CLM01 (two
/// ids of one file sharing a hash is a one-in-10^7 event even for
/// millions of claims) and where its first claim is.
///
/// Every claim of a file looks here, so the table is kept small: 4 bytes
/// a slot, pointing into the hashes (8 bytes an id) and the positions (24
/// bytes, read only for a duplicate), both written in file order. A map
/// of hash to position was 32 bytes a slot: at a quarter of a million
/// claims it no longer fitted in cache, and its misses made this the
/// costliest claim rule.
#[derive(Debug, Default)]
pub(crate) struct ClaimIds {
    hashes: Vec<u64>,
    firsts: Vec<At>,
    index: hashbrown::HashTable<u32>,
}

impl ClaimIds {
    /// Where the first claim with this id hash is, or `None` (and the id
    /// is recorded at `at`) when it is the first.
    fn first_or_insert(&mut self, hash: u64, at: At) -> Option<At> {
        let hashes = &self.hashes;
        match self.index.entry(
            hash,
            |&i| hashes[i as usize] == hash,
            |&i| hashes[i as usize],
        ) {
            hashbrown::hash_table::Entry::Occupied(o) => Some(self.firsts[*o.get() as usize]),
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(self.hashes.len() as u32);
                self.hashes.push(hash);
                self.firsts.push(at);
                None
            }
        }
    }
}

pub(crate) fn check(claim: &Claim, file: &mut FileState, report: &mut Report<'_>) {
    let id = claim.id.as_str();
    if id.is_empty() {
        return;
    }
    let Some(first) = file.claim_ids.first_or_insert(stable_hash(id), claim.at) else {
        return;
    };
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
        // The first claim's segment is no longer at hand.
        byte_length: 0,
        note: "the first claim with this id".to_string(),
        source: None,
    });
}
