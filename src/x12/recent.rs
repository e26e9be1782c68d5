//! Copies of the segments seen lately, so that a finding made after its
//! segment streamed past (a claim rule runs when the claim is complete)
//! can still show the segment's text.
//!
//! Two generations of at most [`GENERATION_BYTES`] each: when the newer one
//! is full, the older one is dropped. So at least the last 256 KiB of
//! segments are always at hand, whatever the file size, in flat memory.

use super::delimiters::Delimiters;
use super::tokenizer::Segment;

/// Bytes of segment text per generation.
const GENERATION_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, Copy)]
struct Entry {
    index: u64,
    offset: u64,
    line: u64,
    start: u32,
    len: u32,
    delimiters: Delimiters,
}

#[derive(Debug, Default)]
struct Generation {
    text: Vec<u8>,
    entries: Vec<Entry>,
}

impl Generation {
    fn get(&self, index: u64) -> Option<Segment<'_>> {
        let i = self
            .entries
            .binary_search_by_key(&index, |e| e.index)
            .ok()?;
        let e = self.entries[i];
        let bytes = &self.text[e.start as usize..(e.start + e.len) as usize];
        Some(Segment::from_parts(
            bytes,
            e.delimiters,
            e.offset,
            e.line,
            e.index,
        ))
    }
}

/// The recent segments of one input, by segment index.
#[derive(Debug, Default)]
pub struct RecentSegments {
    newer: Generation,
    older: Generation,
}

impl RecentSegments {
    /// Keep a copy of `seg`. Segments must come in input order.
    #[inline]
    pub fn push(&mut self, seg: &Segment<'_>) {
        let bytes = seg.bytes();
        if self.newer.text.len() + bytes.len() > GENERATION_BYTES && !self.newer.text.is_empty() {
            std::mem::swap(&mut self.newer, &mut self.older);
            self.newer.text.clear();
            self.newer.entries.clear();
        }
        // A single segment longer than a generation is kept alone.
        let start = self.newer.text.len() as u32;
        self.newer.text.extend_from_slice(bytes);
        self.newer.entries.push(Entry {
            index: seg.index,
            offset: seg.offset,
            line: seg.line,
            start,
            len: bytes.len() as u32,
            delimiters: seg.delimiters,
        });
    }

    /// The segment with this index, if it is still held.
    pub fn get(&self, index: u64) -> Option<Segment<'_>> {
        self.newer.get(index).or_else(|| self.older.get(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x12::tokenizer::{Token, Tokenizer};

    #[test]
    fn keeps_the_last_segments_and_forgets_old_ones() {
        let mut input = Vec::new();
        input.extend_from_slice(
            b"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261126*0500*^*00501*000000001*0*T*:~",
        );
        for i in 0..20_000 {
            input.extend_from_slice(
                format!("NTE*ADD*note number {i:05} padding padding~").as_bytes(),
            );
        }
        let mut recent = RecentSegments::default();
        let mut last = 0;
        for token in Tokenizer::new(&input) {
            if let Token::Segment(s) | Token::Isa(s, _) = token {
                recent.push(&s);
                last = s.index;
            }
        }
        let seg = recent.get(last).expect("last segment held");
        assert_eq!(seg.id(), b"NTE");
        assert_eq!(
            seg.element(2),
            Some(&b"note number 19999 padding padding"[..])
        );
        assert_eq!(seg.index, last);
        // 20,000 segments of 41 bytes are 820 KB: the first ones are gone.
        assert!(recent.get(0).is_none());
        assert!(recent.get(last - 6_000).is_some());
    }
}
