//! Typed values of segments read before, found again by their bytes.
//!
//! A file's service lines repeat a few SV1 segments (the same code,
//! charge, units and pointers) and its claims repeat HI segments.
//! Reading one into typed values (a `Text` per component, exact
//! decimals) costs several times what copying the values an earlier
//! one gave costs. What is kept depends on nothing but the segment's
//! bytes and delimiters; where the segment stood is set by the reader.

use crate::short_bytes::{hash_short, same_bytes};
use crate::x12::delimiters::Delimiters;

/// Longest segment kept.
pub(crate) const KEY_MAX: usize = 64;
/// Distinct segments kept before the table starts again.
const ENTRIES: usize = 1024;
/// Index slots: twice the entries, so that probes stay short.
const SLOTS: usize = 2 * ENTRIES;
/// Looks counted before the hit rate is judged, and the hit rate below
/// which the table rests (one hit in `HIT_EVERY` looks).
const TRIAL_LOOKS: u32 = 256;
const HIT_EVERY: u32 = 4;
/// Segments read without a look while the table rests, before it is
/// tried again: a file whose segments rarely repeat pays for the hashing
/// and keeping only in the trials.
const REST: u32 = 4096;

pub(crate) struct SegmentMemo<V> {
    /// Empty until the first look: a table that is handed on from one
    /// set to the next is made once.
    slots: Box<[Slot]>,
    entries: Vec<Entry<V>>,
    delimiters: Delimiters,
    looks: u32,
    hits: u32,
    resting: u32,
}

/// One index slot: `entry` is the entry's number + 1 (0: empty), `tag`
/// the low half of its hash, so that most probes that do not match are
/// told without looking at the entry.
#[derive(Clone, Copy, Default)]
struct Slot {
    tag: u32,
    entry: u32,
}

struct Entry<V> {
    len: u8,
    bytes: [u8; KEY_MAX],
    value: V,
}

/// What [`SegmentMemo::find`] found.
pub(crate) enum Look<'m, V> {
    /// A segment with these bytes was kept: its values.
    Found(&'m V),
    /// Not kept: read it and [`SegmentMemo::keep`] it there.
    Vacant(Vacant),
    /// Too long to keep, or the table rests: just read it.
    Skip,
}

/// Where a segment not found goes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Vacant {
    slot: usize,
    tag: u32,
}

/// The index slot a segment's probe starts at (from the hash's high
/// bits, its best mixed) and its tag.
#[inline]
fn place(bytes: &[u8]) -> (usize, u32) {
    let h = hash_short(bytes);
    ((h >> 40) as usize % SLOTS, (h >> 8) as u32)
}

impl<V> Default for SegmentMemo<V> {
    fn default() -> Self {
        SegmentMemo {
            slots: Box::new([]),
            entries: Vec::new(),
            delimiters: Delimiters::default(),
            looks: 0,
            hits: 0,
            resting: 0,
        }
    }
}

impl<V> SegmentMemo<V> {
    /// The values kept for a segment of these bytes (the whole segment,
    /// id first, no terminator) and delimiters.
    #[inline]
    pub fn find(&mut self, bytes: &[u8], d: Delimiters) -> Look<'_, V> {
        if bytes.len() > KEY_MAX || !self.worth_a_look() {
            return Look::Skip;
        }
        if self.slots.is_empty() {
            self.slots = vec![Slot::default(); SLOTS].into_boxed_slice();
        }
        if d != self.delimiters {
            // Other delimiters read the same bytes differently.
            self.clear();
            self.delimiters = d;
        }
        let (mut i, tag) = place(bytes);
        loop {
            let s = self.slots[i];
            if s.entry == 0 {
                return Look::Vacant(Vacant { slot: i, tag });
            }
            if s.tag == tag {
                let e = &self.entries[s.entry as usize - 1];
                if usize::from(e.len) == bytes.len() && same_bytes(&e.bytes[..bytes.len()], bytes) {
                    self.hits += 1;
                    return Look::Found(&self.entries[s.entry as usize - 1].value);
                }
            }
            i = (i + 1) % SLOTS;
        }
    }

    /// Keep `value`, read from `bytes`, where [`SegmentMemo::find`] said;
    /// returns it as kept.
    pub fn keep(&mut self, at: Vacant, bytes: &[u8], value: V) -> &V {
        debug_assert!(bytes.len() <= KEY_MAX);
        let mut slot = at.slot;
        if self.entries.len() == ENTRIES {
            // Full: start again rather than choose what to forget. The
            // index is then empty, so the new entry goes where its hash
            // points.
            self.clear();
            slot = place(bytes).0;
        }
        let mut key = [0u8; KEY_MAX];
        key[..bytes.len()].copy_from_slice(bytes);
        self.entries.push(Entry {
            len: bytes.len() as u8,
            bytes: key,
            value,
        });
        self.slots[slot] = Slot {
            tag: at.tag,
            entry: self.entries.len() as u32,
        };
        &self.entries[self.entries.len() - 1].value
    }

    fn clear(&mut self) {
        self.slots.fill(Slot::default());
        self.entries.clear();
    }

    /// Counts a look, unless the table rests.
    #[inline]
    fn worth_a_look(&mut self) -> bool {
        if self.resting > 0 {
            self.resting -= 1;
            return false;
        }
        if self.looks >= TRIAL_LOOKS {
            if self.hits * HIT_EVERY < self.looks {
                // This segment is the first of the rest.
                self.resting = REST - 1;
                self.looks = 0;
                self.hits = 0;
                return false;
            }
            // Older looks count half.
            self.looks /= 2;
            self.hits /= 2;
        }
        self.looks += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(m: &mut SegmentMemo<u32>, bytes: &[u8]) -> Option<u32> {
        match m.find(bytes, Delimiters::default()) {
            Look::Found(v) => Some(*v),
            _ => None,
        }
    }

    #[test]
    fn a_segment_is_found_by_its_whole_bytes_and_delimiters() {
        let mut m = SegmentMemo::<u32>::default();
        let sv1 = b"SV1*HC:90837*150*UN*1***1:2";
        let Look::Vacant(at) = m.find(sv1, Delimiters::default()) else {
            panic!("an empty table has a place for it")
        };
        assert_eq!(*m.keep(at, sv1, 7), 7);
        assert_eq!(kept(&mut m, sv1), Some(7));
        // One byte more, less or other: not the same segment.
        assert_eq!(kept(&mut m, b"SV1*HC:90837*150*UN*1***1:"), None);
        assert_eq!(kept(&mut m, b"SV1*HC:90837*150*UN*1***1:23"), None);
        assert_eq!(kept(&mut m, b"SV1*HC:90837*150*UN*1***1:3"), None);
        assert_eq!(kept(&mut m, b"SV1*HC:90834*150*UN*1***1:2"), None);
        // Other delimiters read the same bytes differently.
        let d = Delimiters {
            component: b'>',
            ..Delimiters::default()
        };
        assert!(matches!(m.find(sv1, d), Look::Vacant(_)));
        assert_eq!(kept(&mut m, sv1), None);
    }

    #[test]
    fn long_segments_are_not_kept() {
        let mut m = SegmentMemo::<u32>::default();
        let long = [b'A'; KEY_MAX + 1];
        assert!(matches!(m.find(&long, Delimiters::default()), Look::Skip));
        let longest = [b'A'; KEY_MAX];
        let Look::Vacant(at) = m.find(&longest, Delimiters::default()) else {
            panic!("the longest segment is kept")
        };
        m.keep(at, &longest, 1);
        assert_eq!(kept(&mut m, &longest), Some(1));
    }

    /// More distinct segments than entries: the table starts again and
    /// keeps finding what it kept since.
    #[test]
    fn a_full_table_starts_again() {
        let mut m = SegmentMemo::<u32>::default();
        let key = |n: u32| format!("DTP*472*D8*{n:08}").into_bytes();
        for n in 0..(ENTRIES as u32 + 10) {
            let k = key(n);
            // Every other one is looked at again, so the table never rests.
            for _ in 0..2 {
                match m.find(&k, Delimiters::default()) {
                    Look::Found(v) => assert_eq!(*v, n),
                    Look::Vacant(at) => {
                        m.keep(at, &k, n);
                    }
                    Look::Skip => panic!("segment {n} skipped"),
                }
            }
        }
        assert_eq!(m.entries.len(), 10);
        assert_eq!(
            kept(&mut m, &key(ENTRIES as u32 + 9)),
            Some(ENTRIES as u32 + 9)
        );
        assert_eq!(kept(&mut m, &key(0)), None);
    }

    /// Segments that never repeat: after a trial the table rests, and is
    /// tried again after [`REST`] segments.
    #[test]
    fn a_table_that_rarely_finds_rests() {
        let mut m = SegmentMemo::<u32>::default();
        let mut skipped = 0;
        for n in 0..(TRIAL_LOOKS + REST + 1) {
            let k = format!("CLM*{n:010}*100").into_bytes();
            match m.find(&k, Delimiters::default()) {
                Look::Found(_) => panic!("never kept before"),
                Look::Vacant(at) => {
                    m.keep(at, &k, n);
                }
                Look::Skip => skipped += 1,
            }
        }
        assert_eq!(skipped, REST);
    }
}
