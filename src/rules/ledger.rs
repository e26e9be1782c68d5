//! Counts that span every file of a run: units per member per code per
//! day, case rates per member per period, and the like.
//!
//! Each input fills its own [`Ledger`] while it streams past (no locks,
//! any number of workers). The run merges the ledgers in input order
//! (each as soon as it and every earlier input are done) and makes the
//! findings only when every input is in, so the answer is the same
//! whatever `-j` and whichever file finished first. A ledger holds a
//! constant amount per key (a count, a sum and where the first, second
//! and last occurrences are), so its memory grows with members x periods,
//! not with lines.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use rust_decimal::Decimal;

use super::Rule;
use crate::diagnostic::{Finding, Related};
use crate::model::At;

/// The envelope of an occurrence (ISA13, GS06, ST02), shared by every
/// occurrence of one transaction set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Envelope {
    pub interchange: Option<String>,
    pub group: Option<String>,
    pub transaction: Option<String>,
}

/// The hasher of the ledger's maps. Their keys are small tuples of
/// integers (member hashes, packed codes, dates), where SipHash's
/// per-key setup cost most of the counting time: this mixes each integer
/// with one multiply (the rotate-xor-multiply of rustc's Fx hasher).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    #[inline]
    fn write_u16(&mut self, n: u16) {
        self.write_u64(u64::from(n));
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map with ledger keys.
pub(crate) type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;
/// A set of ledger keys.
pub(crate) type KeySet<K> = HashSet<K, BuildHasherDefault<KeyHasher>>;

/// A claim whose lines a ledger counted: what every finding at one of
/// them needs, kept once per claim rather than in every count.
#[derive(Debug, Clone)]
pub(crate) struct CountedClaim {
    /// The input's position in the run, set when its ledger joins the
    /// run's.
    pub file: u32,
    /// Whether the lines are SV2 (837I) rather than SV1 (837P).
    pub institutional: bool,
    pub envelope: Arc<Envelope>,
    /// CLM01.
    pub id: Box<str>,
}

/// Where a counted service line is: enough, with its claim (an index into
/// the ledger's [`CountedClaim`]s), to make a finding after its file is
/// gone. Small on purpose: every key of the run holds one or three.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Occurrence {
    /// The SV1 / SV2 (or whatever segment the count is about).
    pub at: At,
    /// The claim's index in the ledger's claims (in the run's, once
    /// merged).
    pub claim: u32,
    /// LX01, 0 when absent or not a number.
    pub lx: u32,
}

impl Occurrence {
    /// Run order: the claims are numbered in run order (input, then
    /// position), and a claim's lines are in order within it.
    pub fn order(&self) -> (u32, u64) {
        (self.claim, self.at.segment_index)
    }

    /// The same line after `offset` claims of earlier inputs.
    fn shift(&mut self, offset: u32) {
        self.claim += offset;
    }
}

/// An occurrence with its claim: what findings are made of.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spot<'a> {
    pub occurrence: &'a Occurrence,
    pub claim: &'a CountedClaim,
}

impl Spot<'_> {
    /// The input the line is in.
    pub fn file(&self) -> u32 {
        self.claim.file
    }

    /// `SV1` (837P) or `SV2` (837I).
    pub fn segment(&self) -> &'static str {
        if self.claim.institutional {
            "SV2"
        } else {
            "SV1"
        }
    }

    /// The element of the line's units: SV104 or SV205.
    pub fn units_element(&self) -> &'static str {
        if self.claim.institutional {
            "SV205"
        } else {
            "SV104"
        }
    }

    /// The element of the line's procedure code: SV101-02 or SV202-02.
    pub fn code_element(&self) -> &'static str {
        if self.claim.institutional {
            "SV202-02"
        } else {
            "SV101-02"
        }
    }

    /// The element of the line's charge: SV102 or SV203.
    pub fn charge_element(&self) -> &'static str {
        if self.claim.institutional {
            "SV203"
        } else {
            "SV102"
        }
    }

    /// A finding of `rule` at this occurrence, on its line's segment;
    /// `element` is an element reference (`SV104`) or empty for the whole
    /// segment.
    pub fn finding(
        &self,
        rule: &'static Rule,
        element: &str,
        loop_id: &str,
        message: String,
    ) -> Finding {
        let envelope = &self.claim.envelope;
        let at = self.occurrence.at;
        let lx = self.occurrence.lx;
        let mut f = Finding::new(rule, message);
        f.interchange.clone_from(&envelope.interchange);
        f.group.clone_from(&envelope.group);
        f.transaction.clone_from(&envelope.transaction);
        f.claim_id = Some(self.claim.id.to_string()).filter(|c| !c.is_empty());
        f.service_line = (lx > 0).then(|| lx.to_string());
        f.loop_id = Some(loop_id.to_string()).filter(|l| !l.is_empty());
        f.segment_id = Some(self.segment().to_string());
        f.element = Some(element.to_string()).filter(|e| !e.is_empty());
        if at.is_known() {
            f.segment_index = Some(at.segment_index);
            f.byte_offset = Some(at.byte_offset);
            f.line = Some(at.line);
        }
        f
    }

    /// This occurrence as a related location of a finding made at
    /// another (`here`: its segment and input); `files` names the inputs
    /// of the run, for one in another file.
    pub fn related(&self, note: &str, here: &Spot<'_>, files: &[String]) -> Related {
        let id = &self.claim.id;
        let note = if self.claim.file == here.claim.file {
            format!("{note} (claim {id})")
        } else {
            let name = files
                .get(self.claim.file as usize)
                .map_or("another input", String::as_str);
            format!("{note} (claim {id}, in {name})")
        };
        let at = self.occurrence.at;
        Related {
            segment_index: at.segment_index,
            segment_id: here.segment().to_string(),
            line: at.line,
            byte_offset: at.byte_offset,
            byte_length: 0,
            note,
            source: None,
        }
    }
}

/// What a key has counted: how often, the sum of the amounts (units,
/// minutes) and where the first, second and last occurrences are
/// (64 bytes).
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    pub n: u32,
    pub total: Decimal,
    pub first: Occurrence,
    /// The second and the last, once there are two.
    more: Option<Box<(Occurrence, Occurrence)>>,
}

impl Tally {
    fn new(amount: Decimal, first: Occurrence) -> Tally {
        Tally {
            n: 1,
            total: amount,
            first,
            more: None,
        }
    }

    pub fn second(&self) -> Option<&Occurrence> {
        self.more.as_ref().map(|m| &m.0)
    }

    pub fn last(&self) -> &Occurrence {
        self.more.as_ref().map_or(&self.first, |m| &m.1)
    }

    fn add(&mut self, amount: Decimal, occurrence: Occurrence) {
        self.n += 1;
        self.total += amount;
        match &mut self.more {
            Some(m) => m.1 = occurrence,
            None => self.more = Some(Box::new((occurrence, occurrence))),
        }
    }

    /// Add a later tally of the same key.
    fn append(&mut self, later: Tally) {
        let last = *later.last();
        let second = self.second().copied().unwrap_or(later.first);
        self.n += later.n;
        self.total += later.total;
        match &mut self.more {
            Some(m) => **m = (second, last),
            None => self.more = Some(Box::new((second, last))),
        }
    }

    fn shift(&mut self, offset: u32) {
        self.first.shift(offset);
        if let Some(m) = &mut self.more {
            m.0.shift(offset);
            m.1.shift(offset);
        }
    }
}

/// The hash of a ledger key.
fn key_hash<K: Hash>(key: &K) -> u64 {
    let mut h = KeyHasher::default();
    key.hash(&mut h);
    h.finish()
}

/// A key's place in a [`Counter`]'s index: the entry, and the high half
/// of the key's hash so that growing the index never reads the entries.
#[derive(Debug, Clone, Copy)]
struct Slot {
    entry: u32,
    hash: u32,
}

/// The index hash of a key's stored half-hash (the multiply spreads it
/// over the low bits, which pick the bucket, and the top 7, which the
/// table compares first).
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

fn half(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// Tallies by key, in the run order of each key's first occurrence.
///
/// The entries (key and tally) sit in a vector in the order they were
/// first counted, which is run order, so nothing needs sorting at the
/// end; the hash index holds 8 bytes a key. Growing moves only the index
/// (the vector grows in place or by one copy), where a map of whole
/// entries rehashed and moved every tally each time it doubled.
#[derive(Debug, Clone)]
pub(crate) struct Counter<K> {
    entries: Vec<(K, Tally)>,
    index: hashbrown::HashTable<Slot>,
}

impl<K> Default for Counter<K> {
    fn default() -> Self {
        Counter {
            entries: Vec::new(),
            index: hashbrown::HashTable::new(),
        }
    }
}

impl<K: Hash + Eq + Copy> Counter<K> {
    /// Count one occurrence of `key` with `amount` (units; 1 to count
    /// lines). The occurrence is made only for a key's first, second and
    /// later occurrences as needed.
    pub fn add(&mut self, key: K, amount: Decimal, occurrence: impl FnOnce() -> Occurrence) {
        self.upsert(
            key,
            occurrence,
            |o| Tally::new(amount, o()),
            |t, o| t.add(amount, o()),
        );
    }

    /// Give `value` to the tally of `key`: `seen` adds it to the tally
    /// there is, `fresh` makes the tally of a new key (a new entry, last
    /// in run order).
    fn upsert<V>(
        &mut self,
        key: K,
        value: V,
        fresh: impl FnOnce(V) -> Tally,
        seen: impl FnOnce(&mut Tally, V),
    ) {
        let h = half(key_hash(&key));
        let entries = &mut self.entries;
        match self.index.entry(
            spread(h),
            |s| s.hash == h && entries[s.entry as usize].0 == key,
            |s| spread(s.hash),
        ) {
            hashbrown::hash_table::Entry::Occupied(o) => {
                seen(&mut entries[o.get().entry as usize].1, value);
            }
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(Slot {
                    entry: entries.len() as u32,
                    hash: h,
                });
                entries.push((key, fresh(value)));
            }
        }
    }

    pub fn get(&self, key: &K) -> Option<&Tally> {
        let h = half(key_hash(key));
        let entries = &self.entries;
        self.index
            .find(spread(h), |s| {
                s.hash == h && entries[s.entry as usize].0 == *key
            })
            .map(|s| &entries[s.entry as usize].1)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Add the counts of a later input, whose occurrences' claims come
    /// after `claim_offset` claims of the inputs merged so far.
    pub fn merge(&mut self, mut later: Counter<K>, claim_offset: u32) {
        if claim_offset != 0 {
            for (_, tally) in &mut later.entries {
                tally.shift(claim_offset);
            }
        }
        // The first input's counts move in whole (no rehashing).
        if self.entries.is_empty() {
            *self = later;
            return;
        }
        // One growth of the index and of the entries at most (exactly
        // what the later input can add, not double); its new keys follow
        // in its own run order.
        self.index.reserve(later.entries.len(), |s| spread(s.hash));
        self.entries.reserve_exact(later.entries.len());
        for (key, tally) in later.entries {
            self.upsert(key, tally, |t| t, Tally::append);
        }
    }

    /// Every key and tally, in the run order of their first occurrence
    /// (so that findings come out in the same order in every run).
    pub fn in_run_order(&self) -> Vec<(&K, &Tally)> {
        self.in_run_order_where(|_, _| true)
    }

    /// The keys and tallies that `keep` accepts, in run order.
    pub fn in_run_order_where(&self, keep: impl Fn(&K, &Tally) -> bool) -> Vec<(&K, &Tally)> {
        let mut all: Vec<_> = self
            .entries
            .iter()
            .filter(|(k, t)| keep(k, t))
            .map(|(k, t)| (k, t))
            .collect();
        // Entries are added in run order; sort (stably) only if a caller
        // ever counted out of order.
        if !all.is_sorted_by_key(|(_, t)| t.first.order()) {
            all.sort_by_key(|(_, t)| t.first.order());
        }
        all
    }
}

/// A finding made at the end of the run, and the input it belongs to.
pub(crate) type RunFinding = (u32, Finding);

/// What the run's cross-file rules count. Each rule that counts across
/// claims and files owns one field; [`Ledger::merge`] and
/// [`Ledger::findings`] call each rule in turn.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ledger {
    /// UNIT003: units and minutes of 8-minute-rule codes per member and
    /// day.
    pub eight_minute_days: super::unit::unit003_units_exceed_minutes::EightMinuteDays,
    /// UNIT004: units per member, code and day.
    pub units_per_day: Counter<super::unit::unit004_units_per_day::Key>,
    /// UNIT005: add-on lines and primary codes per member and day.
    pub add_on_days: super::unit::unit005_add_on_without_primary::AddOnDays,
    /// RATE001, RATE005, RATE007-RATE009: case rates, bundled services
    /// and weekly/monthly codes per member and period.
    pub rate: super::rate::RateLedger,
    /// The claims of the counted lines, in run order ([`Occurrence::claim`]
    /// indexes them).
    pub claims: Vec<CountedClaim>,
}

/// What the end-of-run findings need besides the ledger.
pub(crate) struct RunContext<'a> {
    pub profiles: &'a crate::profile::Profiles,
    pub codes: &'a crate::codesets::CodeSets,
    /// The inputs' names, in run order.
    pub files: &'a [String],
    /// The claims of the run's ledger.
    pub claims: &'a [CountedClaim],
}

impl<'a> RunContext<'a> {
    /// An occurrence of the run's ledger with its claim.
    pub fn spot<'b>(&'b self, occurrence: &'b Occurrence) -> Spot<'b> {
        Spot {
            occurrence,
            claim: &self.claims[occurrence.claim as usize],
        }
    }
}

impl Ledger {
    /// Whether nothing was counted (no pass at the end is needed).
    pub fn is_empty(&self) -> bool {
        self.eight_minute_days.is_empty()
            && self.units_per_day.is_empty()
            && self.add_on_days.is_empty()
            && self.rate.is_empty()
    }

    /// Add the counts of the input at position `file` of the run, which
    /// comes after every input merged so far.
    pub fn merge(&mut self, later: Ledger, file: u32) {
        // The later input's claims follow the run's: its occurrences'
        // claim indices move up by as many.
        let offset = self.claims.len() as u32;
        let Ledger {
            eight_minute_days,
            units_per_day,
            add_on_days,
            rate,
            claims,
        } = later;
        // Each rule's counts merge on their own (on two workers when
        // there are, see `join`).
        join(
            || {
                join(
                    || {
                        let first = self.claims.len();
                        if first == 0 {
                            self.claims = claims;
                        } else {
                            self.claims.reserve_exact(claims.len());
                            self.claims.extend(claims);
                        }
                        for c in &mut self.claims[first..] {
                            c.file = file;
                        }
                        self.eight_minute_days.merge(eight_minute_days, offset);
                    },
                    || self.add_on_days.merge(add_on_days, offset),
                )
            },
            || {
                join(
                    || self.units_per_day.merge(units_per_day, offset),
                    || self.rate.merge(rate, offset),
                )
            },
        );
    }

    /// The findings of the counts of the whole run, in parts (one per
    /// rule) to be taken in order.
    pub fn findings(&self, run: &RunContext<'_>) -> Vec<Vec<RunFinding>> {
        use super::rate::{
            rate001_case_rate_once_per_period as rate001,
            rate005_bundled_service_billed as rate005,
            rate007_case_rate_without_encounter as rate007, rate008_otp_weekly_bundle as rate008,
            rate009_collaborative_care_monthly as rate009,
        };
        use super::unit::{
            unit003_units_exceed_minutes as unit003, unit004_units_per_day as unit004,
            unit005_add_on_without_primary as unit005,
        };
        type Part = fn(&Ledger, &RunContext<'_>, &mut Vec<RunFinding>);
        // The order of the run's findings (before they go to their files).
        let parts: [Part; 8] = [
            |l, run, out| unit003::finish(&l.eight_minute_days, run, out),
            |l, run, out| unit004::finish(&l.units_per_day, run, out),
            |l, run, out| unit005::finish(&l.add_on_days, run, out),
            |l, run, out| rate001::finish(&l.rate.case_rates, run, out),
            |l, run, out| rate005::finish(&l.rate, run, out),
            |l, run, out| rate007::finish(&l.rate, run, out),
            |l, run, out| rate008::finish(&l.rate.otp_weeks, run, out),
            |l, run, out| rate009::finish(&l.rate.collaborative_care, run, out),
        ];
        let part = |p: &Part| {
            let mut out = Vec::new();
            p(self, run, &mut out);
            out
        };
        if rayon::current_thread_index().is_some() {
            parts.par_iter().map(part).collect()
        } else {
            parts.iter().map(part).collect()
        }
    }
}

/// `a` and `b` at once when called on a worker of a rayon pool (the CLI
/// finishes its runs there), else one after the other: the library starts
/// no threads of its own.
pub(crate) fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if rayon::current_thread_index().is_some() {
        rayon::join(a, b)
    } else {
        (a(), b())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::services::Member;

    fn claim(id: &str) -> CountedClaim {
        CountedClaim {
            file: 0,
            institutional: false,
            envelope: Arc::new(Envelope::default()),
            id: id.into(),
        }
    }

    fn line(claim: u32, segment_index: u64) -> Occurrence {
        Occurrence {
            at: At {
                segment_index,
                byte_offset: segment_index * 10,
                line: segment_index + 1,
            },
            claim,
            lx: 1,
        }
    }

    #[test]
    fn merged_counts_point_at_their_claims_in_run_order() {
        let day = |member| (0u16, Member(member), 7u64, 20260310u32);
        let mut a = Ledger::default();
        a.claims.push(claim("A1"));
        a.units_per_day.add(day(1), Decimal::TWO, || line(0, 5));
        let mut b = Ledger::default();
        b.claims.push(claim("B1"));
        b.claims.push(claim("B2"));
        b.units_per_day.add(day(2), Decimal::ONE, || line(0, 3));
        b.units_per_day.add(day(1), Decimal::ONE, || line(1, 9));
        b.units_per_day.add(day(1), Decimal::ONE, || line(1, 11));

        let mut run = Ledger::default();
        // An input without counts first: the run's first ledger is the second.
        run.merge(Ledger::default(), 0);
        run.merge(a, 1);
        run.merge(b, 2);
        let files = ["x".to_string(), "a.837".to_string(), "b.837".to_string()];
        let context = RunContext {
            profiles: &crate::profile::Profiles::default(),
            codes: &crate::codesets::CodeSets::default(),
            files: &files,
            claims: &run.claims,
        };

        let order: Vec<_> = run.units_per_day.in_run_order();
        assert_eq!(order.len(), 2);
        assert_eq!(*order[0].0, day(1));
        assert_eq!(*order[1].0, day(2));
        let tally = order[0].1;
        assert_eq!((tally.n, tally.total), (3, Decimal::from(4)));
        let first = context.spot(&tally.first);
        let second = context.spot(tally.second().unwrap());
        let last = context.spot(tally.last());
        assert_eq!((first.file(), &*first.claim.id), (1, "A1"));
        assert_eq!((second.file(), &*second.claim.id), (2, "B2"));
        assert_eq!(second.occurrence.at.segment_index, 9);
        assert_eq!((last.file(), &*last.claim.id), (2, "B2"));
        assert_eq!(last.occurrence.at.segment_index, 11);
        let related = first.related("the first line", &last, &files);
        assert_eq!(related.note, "the first line (claim A1, in a.837)");
        assert_eq!((related.segment_index, related.line), (5, 6));
        let other = context.spot(&order[1].1.first);
        assert_eq!((other.file(), &*other.claim.id), (2, "B1"));
    }
}
