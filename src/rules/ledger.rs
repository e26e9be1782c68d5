//! Counts that span every file of a run: units per member per code per
//! day, case rates per member per period, and the like.
//!
//! Each input fills its own [`Ledger`] while it streams past (no locks,
//! any number of workers). When every input is done, the run merges the
//! ledgers in input order and only then makes the findings, so the answer
//! is the same whatever `-j` and whichever file finished first. A ledger
//! holds a constant amount per key (a count, a sum and where the first,
//! second and last occurrences are), so its memory grows with members x
//! periods, not with lines.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;

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

/// Where a counted service line is: enough to make a finding after its
/// file is gone.
#[derive(Debug, Clone)]
pub(crate) struct Occurrence {
    /// The input's position in the run, set when its ledger joins the
    /// run's.
    pub file: u32,
    /// The SV1 / SV2 (or whatever segment the count is about).
    pub at: At,
    pub envelope: Arc<Envelope>,
    /// CLM01, shared by the claim's occurrences.
    pub claim_id: Arc<str>,
    /// LX01, 0 when absent or not a number.
    pub lx: u32,
    /// `SV1` (837P) or `SV2` (837I).
    pub segment: &'static str,
}

impl Occurrence {
    /// The element of the line's units: SV104 or SV205.
    pub fn units_element(&self) -> &'static str {
        if self.segment == "SV2" {
            "SV205"
        } else {
            "SV104"
        }
    }

    /// The element of the line's procedure code: SV101-02 or SV202-02.
    pub fn code_element(&self) -> &'static str {
        if self.segment == "SV2" {
            "SV202-02"
        } else {
            "SV101-02"
        }
    }

    /// Run order: input, then position in it.
    pub fn order(&self) -> (u32, u64) {
        (self.file, self.at.segment_index)
    }

    /// A finding of `rule` at this occurrence; `element` is an element
    /// reference (`SV104`) or empty for the whole segment.
    pub fn finding(
        &self,
        rule: &'static Rule,
        segment: &str,
        element: &str,
        loop_id: &str,
        message: String,
    ) -> Finding {
        let mut f = Finding::new(rule, message);
        f.interchange.clone_from(&self.envelope.interchange);
        f.group.clone_from(&self.envelope.group);
        f.transaction.clone_from(&self.envelope.transaction);
        f.claim_id = Some(self.claim_id.to_string()).filter(|c| !c.is_empty());
        f.service_line = (self.lx > 0).then(|| self.lx.to_string());
        f.loop_id = Some(loop_id.to_string()).filter(|l| !l.is_empty());
        f.segment_id = Some(segment.to_string());
        f.element = Some(element.to_string()).filter(|e| !e.is_empty());
        if self.at.is_known() {
            f.segment_index = Some(self.at.segment_index);
            f.byte_offset = Some(self.at.byte_offset);
            f.line = Some(self.at.line);
        }
        f
    }

    /// This occurrence as a related location of a finding made at
    /// another; `files` names the inputs of the run, for one in another
    /// file.
    pub fn related(&self, segment: &str, note: &str, here: u32, files: &[String]) -> Related {
        let note = if self.file == here {
            format!("{note} (claim {})", self.claim_id)
        } else {
            let name = files
                .get(self.file as usize)
                .map_or("another input", String::as_str);
            format!("{note} (claim {}, in {name})", self.claim_id)
        };
        Related {
            segment_index: self.at.segment_index,
            segment_id: segment.to_string(),
            line: self.at.line,
            byte_offset: self.at.byte_offset,
            byte_length: 0,
            note,
            source: None,
        }
    }
}

/// What a key has counted: how often, the sum of the amounts (units,
/// minutes) and where the first, second and last occurrences are.
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    pub n: u32,
    pub total: Decimal,
    pub first: Occurrence,
    /// The second and the last, once there are two.
    more: Option<Box<(Occurrence, Occurrence)>>,
}

impl Tally {
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
            None => self.more = Some(Box::new((occurrence.clone(), occurrence))),
        }
    }

    /// Add a later tally of the same key.
    fn append(&mut self, later: Tally) {
        let n = self.n + later.n;
        let total = self.total + later.total;
        let last = later.last().clone();
        let second = self.second().cloned().unwrap_or(later.first);
        self.n = n;
        self.total = total;
        self.more = Some(Box::new((second, last)));
    }

    fn set_file(&mut self, file: u32) {
        self.first.file = file;
        if let Some(m) = &mut self.more {
            m.0.file = file;
            m.1.file = file;
        }
    }
}

/// Tallies by key.
#[derive(Debug, Clone)]
pub(crate) struct Counter<K> {
    map: KeyMap<K, Tally>,
}

impl<K> Default for Counter<K> {
    fn default() -> Self {
        Counter {
            map: KeyMap::default(),
        }
    }
}

impl<K: Hash + Eq + Copy> Counter<K> {
    /// Count one occurrence of `key` with `amount` (units; 1 to count
    /// lines). The occurrence is made only for a key's first, second and
    /// later occurrences as needed.
    pub fn add(&mut self, key: K, amount: Decimal, occurrence: impl FnOnce() -> Occurrence) {
        match self.map.entry(key) {
            std::collections::hash_map::Entry::Occupied(mut o) => {
                o.get_mut().add(amount, occurrence());
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(Tally {
                    n: 1,
                    total: amount,
                    first: occurrence(),
                    more: None,
                });
            }
        }
    }

    pub fn get(&self, key: &K) -> Option<&Tally> {
        self.map.get(key)
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Add the counts of a later input (whose occurrences are then marked
    /// as in `file`).
    pub fn merge(&mut self, later: Counter<K>, file: u32) {
        // The first input's counts move in whole (no rehashing).
        if self.map.is_empty() {
            self.map = later.map;
            for tally in self.map.values_mut() {
                tally.set_file(file);
            }
            return;
        }
        for (key, mut tally) in later.map {
            tally.set_file(file);
            match self.map.entry(key) {
                std::collections::hash_map::Entry::Occupied(mut o) => o.get_mut().append(tally),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(tally);
                }
            }
        }
    }

    /// Every key and tally, in the run order of their first occurrence
    /// (so that findings come out in the same order in every run).
    pub fn in_run_order(&self) -> Vec<(&K, &Tally)> {
        self.in_run_order_where(|_, _| true)
    }

    /// The keys and tallies that `keep` accepts, in run order: sorting
    /// only the few that make findings, not every key of the run.
    pub fn in_run_order_where(&self, keep: impl Fn(&K, &Tally) -> bool) -> Vec<(&K, &Tally)> {
        let mut all: Vec<_> = self.map.iter().filter(|(k, t)| keep(k, t)).collect();
        all.sort_by_key(|(_, t)| t.first.order());
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
}

/// What the end-of-run findings need besides the ledger.
pub(crate) struct RunContext<'a> {
    pub profiles: &'a crate::profile::Profiles,
    pub codes: &'a crate::codesets::CodeSets,
    /// The inputs' names, in run order.
    pub files: &'a [String],
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
        self.eight_minute_days.merge(later.eight_minute_days, file);
        self.units_per_day.merge(later.units_per_day, file);
        self.add_on_days.merge(later.add_on_days, file);
        self.rate.merge(later.rate, file);
    }

    /// The findings of the counts of the whole run.
    pub fn findings(&self, run: &RunContext<'_>) -> Vec<RunFinding> {
        let mut out = Vec::new();
        super::unit::unit003_units_exceed_minutes::finish(&self.eight_minute_days, run, &mut out);
        super::unit::unit004_units_per_day::finish(&self.units_per_day, run, &mut out);
        super::unit::unit005_add_on_without_primary::finish(&self.add_on_days, run, &mut out);
        self.rate.findings(run, &mut out);
        out
    }
}
