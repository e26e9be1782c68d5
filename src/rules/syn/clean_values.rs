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
use crate::short_bytes::{fx_hash, same_bytes};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::guide::GuideId;
    use crate::schema::loops::LoopWalker;
    use crate::x12::delimiters::Delimiters;
    use crate::x12::tokenizer::Segment;

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
