//! Composite element values checked clean before.
//!
//! A segment that occurs once (a claim's CLM, its HI) is checked element
//! by element, and its composites take the slow path: split into
//! components, each judged against its own definition. Their values
//! repeat all through a file even when the segments do not (`HC:90837`,
//! `ABK:F329`, `11:B:1`), and a composite's checks depend on nothing but
//! its definition, its bytes and the component separator. This table
//! remembers values found clean, so that a repeat costs a hash and a
//! compare. It is cleared when the delimiters change.

use super::Lookup;
use crate::schema::elements::ElementSpec;

/// Longest value kept: what fills a slot of 32 bytes.
const VALUE_MAX: usize = 32 - 8 - 1;
const VALUE_SLOTS: usize = 1024;

#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct ValueSlot {
    /// The definition's address (0: empty slot).
    spec: usize,
    len: u8,
    bytes: [u8; VALUE_MAX],
}

const EMPTY: ValueSlot = ValueSlot {
    spec: 0,
    len: 0,
    bytes: [0; VALUE_MAX],
};

const _: () = assert!(std::mem::size_of::<ValueSlot>() == 32);

pub(super) struct CleanValues {
    slots: Vec<ValueSlot>,
}

impl CleanValues {
    pub fn new() -> Self {
        CleanValues {
            slots: vec![EMPTY; VALUE_SLOTS],
        }
    }

    /// Forget every value (the delimiters changed).
    pub fn clear(&mut self) {
        self.slots.fill(EMPTY);
    }

    /// As [`Lookup`] says: `Check` for a value too long to keep.
    #[inline]
    pub fn find(&self, spec: &ElementSpec, value: &[u8]) -> Lookup {
        if value.len() > VALUE_MAX {
            return Lookup::Check;
        }
        let key = std::ptr::from_ref(spec) as usize;
        let i = slot(key, value);
        let s = &self.slots[i];
        if s.spec == key
            && usize::from(s.len) == value.len()
            && same_bytes(&s.bytes[..value.len()], value)
        {
            Lookup::Clean
        } else {
            Lookup::CheckAndKeep(i)
        }
    }

    pub fn remember(&mut self, i: usize, spec: &ElementSpec, value: &[u8]) {
        let s = &mut self.slots[i];
        s.spec = std::ptr::from_ref(spec) as usize;
        s.len = value.len() as u8;
        s.bytes[..value.len()].copy_from_slice(value);
    }
}

/// The slot of a value under a definition (its address).
#[inline]
fn slot(key: usize, value: &[u8]) -> usize {
    (fx_hash(key as u64, value) >> 54) as usize % VALUE_SLOTS
}

/// FxHash-style mixing of `seed` and then `bytes`, 8 bytes at a time;
/// for the clean tables, whose keys are short and not chosen against
/// them (a collision only costs a check).
#[inline]
pub(super) fn fx_hash(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed.wrapping_mul(FX_K);
    let mut words = bytes.chunks_exact(8);
    for chunk in words.by_ref() {
        h = fx_mix(h, u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
    }
    // The tail byte by byte: a short copy would be a memcpy call.
    let tail = words
        .remainder()
        .iter()
        .fold(0u64, |w, &x| (w << 8) | u64::from(x));
    fx_mix(h, tail ^ bytes.len() as u64)
}

/// Whether `a` and `b`, of the same length, hold the same bytes. The
/// clean tables compare short values (a segment is at most 54 bytes, a
/// composite 23), where a `memcmp` call cost more than the compare: here
/// it is a few machine words, the last one overlapping the one before
/// when the length is not a multiple of their size.
#[inline(always)]
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    debug_assert_eq!(a.len(), b.len());
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    if n >= 8 {
        let word =
            |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("8 bytes"));
        let mut diff = word(a, n - 8) ^ word(b, n - 8);
        let mut at = 0;
        while at + 8 < n {
            diff |= word(a, at) ^ word(b, at);
            at += 8;
        }
        diff == 0
    } else if n >= 4 {
        let word =
            |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().expect("4 bytes"));
        (word(a, 0) ^ word(b, 0)) | (word(a, n - 4) ^ word(b, n - 4)) == 0
    } else if n > 0 {
        // Positions 0, n / 2 and n - 1 are every position of 1 to 3 bytes.
        a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]
    } else {
        true
    }
}

/// A hash of four words whose high bits depend on every bit of each, in
/// two multiplications that run side by side (a chain of [`fx_mix`]
/// waits for each of four in turn, and this hash is on the way to a
/// prefetch). The third and fourth words go in turned by half a word, so
/// that the same change in two words does not cancel out.
#[inline]
pub(super) fn hash_words(w: [u64; 4]) -> u64 {
    let [a, b, c, d] = w;
    (a ^ c.rotate_left(32)).wrapping_mul(FX_K) ^ (b ^ d.rotate_left(32)).wrapping_mul(MUL_B)
}

/// An odd 64-bit constant (splitmix64's).
const MUL_B: u64 = 0x9e37_79b9_7f4a_7c15;

const FX_K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[inline]
fn fx_mix(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(FX_K)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::guide::GuideId;
    use crate::schema::loops::LoopWalker;
    use crate::x12::delimiters::Delimiters;
    use crate::x12::tokenizer::Segment;

    #[test]
    fn same_bytes_finds_a_difference_at_every_place() {
        let a: Vec<u8> = (0..64u8).map(|i| b'A' + i % 26).collect();
        for n in 0..=a.len() {
            assert!(same_bytes(&a[..n], &a[..n]), "length {n}");
            for at in 0..n {
                let mut b = a[..n].to_vec();
                b[at] ^= 0x20;
                assert!(!same_bytes(&a[..n], &b), "length {n}, byte {at}");
                b[at] ^= 0x20 | 0x80;
                assert!(!same_bytes(&a[..n], &b), "length {n}, byte {at}, high bit");
            }
        }
    }

    /// SV101 and SV107 of the 837P's SV1: two composite definitions.
    fn composites() -> (&'static ElementSpec, &'static ElementSpec) {
        let mut walker = LoopWalker::new(GuideId::X222A1);
        let mut spec = None;
        for seg in [
            &b"ST*837*0001*005010X222A1"[..],
            b"BHT*0019*00*1*20250101*1200*CH",
            b"NM1*41*2*A*****46*1",
            b"PER*IC*A*TE*5555550100",
            b"NM1*40*2*B*****46*2",
            b"HL*1**20*1",
            b"NM1*85*2*C*****XX*1234567893",
            b"N3*1 MAIN ST",
            b"N4*CITY*NY*12345",
            b"REF*EI*123456789",
            b"HL*2*1*22*0",
            b"SBR*P*18*******MC",
            b"NM1*IL*1*D*E****MI*1",
            b"NM1*PR*2*F*****PI*1",
            b"CLM*1*10***11:B:1*Y*A*Y*Y",
            b"HI*ABK:F329",
            b"LX*1",
            b"SV1*HC:90837*10*UN*1***1",
        ] {
            spec = walker
                .push(&Segment::from_parts(seg, Delimiters::default(), 0, 1, 0))
                .spec;
        }
        let sv1 = spec.expect("SV1 is placed in 2400");
        assert_eq!(sv1.def.id, "SV1");
        (&sv1.elements[0], &sv1.elements[6])
    }

    #[test]
    fn a_value_is_clean_only_under_the_definition_it_was_checked_by() {
        let (sv101, sv107) = composites();
        let mut values = CleanValues::new();
        let Lookup::CheckAndKeep(i) = values.find(sv101, b"HC:90837") else {
            panic!("a new value is checked and kept")
        };
        values.remember(i, sv101, b"HC:90837");
        assert_eq!(values.find(sv101, b"HC:90837"), Lookup::Clean);
        // Another definition, a longer or shorter value: not found.
        assert!(matches!(
            values.find(sv107, b"HC:90837"),
            Lookup::CheckAndKeep(_)
        ));
        assert!(matches!(
            values.find(sv101, b"HC:908371"),
            Lookup::CheckAndKeep(_)
        ));
        assert!(matches!(
            values.find(sv101, b"HC:9083"),
            Lookup::CheckAndKeep(_)
        ));
        // Too long to keep.
        let long = [b'A'; VALUE_MAX + 1];
        assert_eq!(values.find(sv101, &long), Lookup::Check);
        let longest = [b'A'; VALUE_MAX];
        let Lookup::CheckAndKeep(i) = values.find(sv101, &longest) else {
            panic!("the longest value is kept")
        };
        values.remember(i, sv101, &longest);
        assert_eq!(values.find(sv101, &longest), Lookup::Clean);
        values.clear();
        assert!(matches!(
            values.find(sv101, b"HC:90837"),
            Lookup::CheckAndKeep(_)
        ));
    }
}
