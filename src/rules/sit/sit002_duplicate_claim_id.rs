//! SIT002 duplicate-claim-id: a claim id (CLM01) appears once per file.

use crate::diagnostic::Severity;
use crate::huge_table::HugeTable;
use crate::model::{At, Claim};
use crate::prefetch::prefetch;
use crate::rules::Rule;
use crate::rules::claim_checks::{FileState, Place, Report};

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
/// Every claim looks here once, at a place in the table no other claim
/// decides, so at a quarter of a million claims each look was a cache
/// miss and this was the costliest claim rule. The hash of a claim's id
/// is known when its CLM streams past ([`ClaimIds::prefetch`]), a dozen
/// segments before the claim is checked: the slot is fetched then, and
/// is in cache by the time [`ClaimIds::first_or_insert`] reads it.
///
/// Open addressing with linear probing, half full at most. A slot is 8
/// bytes: 32 bits of the hash (never 0; 0 marks an empty slot) and the
/// entry's number. The full hash is in `hashes`, read only when those 32
/// bits match. With 16-byte slots, the table's fresh pages (each doubling
/// allocates a new one) were most of a run's page faults. From 2 MiB on
/// (a quarter of a million slots) the table is in huge pages
/// ([`HugeTable`]): with 4 KiB pages, each look was also a TLB miss, and
/// the prefetch waited for the page walk.
#[derive(Debug, Default)]
pub(crate) struct ClaimIds {
    slots: HugeTable<u64>,
    /// The hash of each distinct id, by entry.
    hashes: Vec<u64>,
    /// Where each distinct id's first claim is, by entry (file order).
    firsts: Vec<At>,
}

/// Slots of the first table; it doubles when half full.
const FIRST_SLOTS: usize = 1024;

/// The table's hash of a claim id: eight bytes at a time through a
/// folded 128-bit multiply, which mixes every input bit into both halves
/// (the high half picks the slot, the low half is kept in it). Keyed
/// hashing (SipHash) would guard against ids chosen to collide; here such
/// a file could only slow down its own check (each look-up then scans the
/// ids before it), which is not worth SipHash's cost on every claim.
fn id_hash(id: &[u8]) -> u64 {
    fn fold(a: u64, b: u64) -> u64 {
        let p = u128::from(a) * u128::from(b);
        (p as u64) ^ ((p >> 64) as u64)
    }
    const K: [u64; 3] = [
        0x243f_6a88_85a3_08d3,
        0x9e37_79b9_7f4a_7c15,
        0x2d35_8dcc_aa6c_78a5,
    ];
    let mut h = K[0] ^ id.len() as u64;
    for chunk in id.chunks(8) {
        // Byte by byte: a copy of a short chunk would be a memcpy call.
        let w = chunk
            .iter()
            .rev()
            .fold(0u64, |w, &b| (w << 8) | u64::from(b));
        h = fold(h ^ w, K[1]);
    }
    fold(h, K[2])
}

/// What a slot keeps of a hash: its low 32 bits, never 0, in the slot's
/// high half.
fn tag(hash: u64) -> u64 {
    u64::from((hash as u32).max(1)) << 32
}

/// The entry number in a slot's low half.
fn entry(slot: u64) -> usize {
    slot as u32 as usize
}

impl ClaimIds {
    /// Ask for the slot of the claim with this id to be brought into
    /// cache: its CLM has just been read. Only a hint: nothing changes.
    #[inline]
    pub(crate) fn prefetch(&self, id: &[u8]) {
        if self.slots.is_empty() {
            return;
        }
        let at = self.home(id_hash(id));
        prefetch(&self.slots[at]);
    }

    /// The slot where a probe for `hash` starts.
    fn home(&self, hash: u64) -> usize {
        (hash >> 32) as usize & (self.slots.len() - 1)
    }

    /// Where the first claim with this id is, or `None` (and the id is
    /// recorded at `at`) when it is the first.
    fn first_or_insert(&mut self, id: &[u8], at: At) -> Option<At> {
        if (self.firsts.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let hash = id_hash(id);
        let tag = tag(hash);
        let mask = self.slots.len() - 1;
        let mut i = self.home(hash);
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                // Entries fit in 32 bits: 2^32 claims would be terabytes.
                self.slots[i] = tag | self.firsts.len() as u64;
                self.hashes.push(hash);
                self.firsts.push(at);
                return None;
            }
            let entry = entry(slot);
            if slot & !0xffff_ffff == tag && self.hashes[entry] == hash {
                return Some(self.firsts[entry]);
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(FIRST_SLOTS);
        let old = std::mem::replace(&mut self.slots, HugeTable::filled(size, 0));
        let mask = size - 1;
        for &slot in old.iter().filter(|&&s| s != 0) {
            let mut i = self.home(self.hashes[entry(slot)]);
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

pub(crate) fn check(claim: &Claim, file: &mut FileState, report: &mut Report<'_>) {
    let id = claim.id.as_str();
    if id.is_empty() {
        return;
    }
    let Some(first) = file.claim_ids.first_or_insert(id.as_bytes(), claim.at) else {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(segment_index: u64) -> At {
        At {
            segment_index,
            byte_offset: segment_index * 10,
            line: segment_index + 1,
        }
    }

    /// Through several doublings of the table, each id is new once and
    /// then found at its first position; a prefetch, before any id or
    /// after, changes nothing.
    #[test]
    fn ids_are_found_at_their_first_claim_across_growth() {
        let mut ids = ClaimIds::default();
        ids.prefetch(b"CC-0");
        let n = 5_000;
        for i in 0..n {
            let id = format!("CC-{i}");
            ids.prefetch(id.as_bytes());
            assert_eq!(ids.first_or_insert(id.as_bytes(), at(i)), None, "{id}");
        }
        assert!(ids.slots.len() >= 2 * n as usize);
        for i in (0..n).rev() {
            let id = format!("CC-{i}");
            let first = ids.first_or_insert(id.as_bytes(), at(n + i));
            assert_eq!(first.map(|a| (a.segment_index, a.line)), Some((i, i + 1)));
        }
        assert_eq!(ids.firsts.len(), n as usize);
        assert_eq!(ids.first_or_insert(b"", at(0)), None);
    }

    /// A slot keeps only 32 bits of the hash: an id whose slot bits match
    /// but whose full hash differs is a new id, not a duplicate.
    #[test]
    fn matching_slot_bits_with_another_full_hash_are_a_new_id() {
        let mut ids = ClaimIds::default();
        assert_eq!(ids.first_or_insert(b"CC-1", at(1)), None);
        // Make the recorded id differ from CC-1 in the high half only.
        ids.hashes[0] ^= 1 << 40;
        assert_eq!(ids.first_or_insert(b"CC-1", at(2)), None);
        let first = ids.first_or_insert(b"CC-1", at(3));
        assert_eq!(first.map(|a| a.segment_index), Some(2));
    }
}
