//! Bytes to segments. Never fails: every input is some sequence of
//! segments and stretches of bytes that are not X12 ("junk").
//!
//! Segments borrow the input; nothing is allocated per segment or per
//! element. Two front ends share one scanner: [`Tokenizer`] over a slice
//! and [`StreamTokenizer`] over any reader, which keeps memory flat by
//! holding only a window of the file.

use std::io::{self, Read};
use std::ops::ControlFlow;

use memchr::{memchr, memchr_iter, memchr2, memmem};

use super::delimiters::{Delimiters, ISA_MAX_LOOKAHEAD, IsaHeader, IsaRead, read_isa};

/// A segment longer than this is not X12: it is reported as junk instead
/// of being held in memory.
pub const MAX_SEGMENT_LEN: usize = 1 << 20;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One segment: its bytes without the terminator and without the
/// whitespace that may precede it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'a> {
    bytes: &'a [u8],
    /// Length of the segment id (index of the first element separator).
    id_len: u32,
    /// Byte offset of the segment's first byte in the input.
    pub offset: u64,
    /// 1-based line of the segment's first byte.
    pub line: u64,
    /// 0-based ordinal of the segment in the input.
    pub index: u64,
    pub delimiters: Delimiters,
    /// False when the input ended before the segment terminator.
    pub terminated: bool,
    /// [`Segment::element_masks`] of a segment of at most 64 bytes (else
    /// unused): found by the tokenizer's scan for the terminator, which
    /// loads the same bytes, rather than by each reader of the segment.
    masks: (u64, u64),
}

impl<'a> Segment<'a> {
    /// A segment held elsewhere (a copy kept for later findings), seen as
    /// the tokenizer would have given it.
    pub fn from_parts(
        bytes: &'a [u8],
        delimiters: Delimiters,
        offset: u64,
        line: u64,
        index: u64,
    ) -> Segment<'a> {
        Segment {
            bytes,
            id_len: id_len(bytes, delimiters.element),
            offset,
            line,
            index,
            delimiters,
            terminated: true,
            masks: segment_masks(bytes, delimiters),
        }
    }

    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The segment id (`ISA`, `CLM` …): the bytes before the first element
    /// separator.
    #[inline(always)]
    pub fn id(&self) -> &'a [u8] {
        // Every segment's id is read several times (guide, syntax rules,
        // model), so it skips the bounds check.
        debug_assert!(self.id_len as usize <= self.bytes.len());
        // SAFETY: both constructors set `id_len` from `id_len(bytes, …)`,
        // which never exceeds `bytes.len()` (truncated to u32 it can only
        // get smaller), and neither field is changed afterwards.
        unsafe { self.bytes.get_unchecked(..self.id_len as usize) }
    }

    /// Element `n`, 1-based (`0` is the id); `None` when the segment has
    /// fewer elements. An element written but empty is `Some(b"")`.
    pub fn element(&self, n: usize) -> Option<&'a [u8]> {
        self.element_span(n).map(|(s, e)| &self.bytes[s..e])
    }

    /// Element `n`'s byte range inside [`Segment::bytes`].
    pub fn element_span(&self, n: usize) -> Option<(usize, usize)> {
        if let Some((mut seps, _)) = self.element_masks() {
            // Most segments: the separators are bits already; element `n`
            // starts after the `n`-th of them, found without a byte loop.
            let mut start = 0;
            for _ in 0..n {
                if seps == 0 {
                    return None;
                }
                start = seps.trailing_zeros() as usize + 1;
                seps &= seps - 1;
            }
            let end = if seps == 0 {
                self.bytes.len()
            } else {
                seps.trailing_zeros() as usize
            };
            return Some((start, end));
        }
        let sep = self.delimiters.element;
        let mut start = 0;
        let mut k = 0;
        for i in memchr_iter(sep, self.bytes) {
            if k == n {
                return Some((start, i));
            }
            k += 1;
            start = i + 1;
        }
        (k == n).then_some((start, self.bytes.len()))
    }

    /// The id followed by every element, in order.
    pub fn fields(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        let sep = self.delimiters.element;
        self.bytes.split(move |&b| b == sep)
    }

    /// Number of elements after the id (trailing empty ones included).
    pub fn element_count(&self) -> usize {
        memchr_iter(self.delimiters.element, self.bytes).count()
    }

    /// The components of element `n` (a single one when it is not a
    /// composite).
    pub fn components(&self, n: usize) -> Option<impl Iterator<Item = &'a [u8]> + use<'a>> {
        let c = self.delimiters.component;
        self.element(n).map(move |e| e.split(move |&b| b == c))
    }

    /// Component `m` (1-based) of element `n`.
    pub fn component(&self, n: usize, m: usize) -> Option<&'a [u8]> {
        self.components(n)?.nth(m.checked_sub(1)?)
    }

    /// For a segment of at most 64 bytes, two bit masks over its bytes
    /// (bit `i` for byte `i`): the element separators, and the bytes that
    /// need a closer look inside an element (component or repetition
    /// separator, control character, non-ASCII). `None` for longer
    /// segments. Lets element checks find boundaries without a byte loop.
    #[inline]
    pub fn element_masks(&self) -> Option<(u64, u64)> {
        (self.bytes.len() <= 64).then_some(self.masks)
    }

    /// The repetitions of element `n` (one when the interchange has no
    /// repetition separator).
    pub fn repetitions(&self, n: usize) -> Option<impl Iterator<Item = &'a [u8]> + use<'a>> {
        let r = self.delimiters.repetition;
        self.element(n)
            .map(move |e| e.split(move |&b| Some(b) == r))
    }
}

/// Why a stretch of bytes is junk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JunkKind {
    /// Bytes where an ISA header was expected but none could be read.
    NotInterchange,
    /// A "segment" with no terminator within [`MAX_SEGMENT_LEN`] bytes.
    OversizeSegment,
}

/// Bytes that are not X12. A long stretch may come as several consecutive
/// pieces of the same kind when read from a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Junk<'a> {
    pub kind: JunkKind,
    pub offset: u64,
    pub line: u64,
    pub bytes: &'a [u8],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    /// An ISA header: a segment whose delimiters were just (re)detected.
    Isa(Segment<'a>, IsaHeader),
    Segment(Segment<'a>),
    Junk(Junk<'a>),
}

/// What the scanner found at a position. Positions are indices into the
/// buffer the scanner was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Segment {
        start: usize,
        end: usize,
        next: usize,
        line: u64,
        index: u64,
        terminated: bool,
        /// The segment is an ISA header, now in `Scanner::header`.
        is_header: bool,
    },
    Junk {
        kind: JunkKind,
        start: usize,
        end: usize,
        line: u64,
    },
    /// More input is needed; bytes before `resume` are consumed.
    NeedMore {
        resume: usize,
    },
    Done,
}

/// Bytes allowed between segments and skipped there: line breaks,
/// spaces, tabs, form feeds and NULs. One definition for both the fast and
/// the careful path, so the two cannot disagree.
#[inline(always)]
const fn is_gap_byte(b: u8) -> bool {
    matches!(b, b'\n' | b'\r' | b' ' | b'\t' | 0 | 0x0b | 0x0c)
}

/// The state machine both front ends drive.
#[derive(Debug, Clone, Default)]
struct Scanner {
    delimiters: Option<Delimiters>,
    /// Line of the next byte to scan (1-based once started).
    line: u64,
    index: u64,
    started: bool,
    /// Inside an oversize segment: skip to its terminator.
    skipping: bool,
    /// The last ISA header read.
    header: Option<IsaHeader>,
    /// Line of the last token handed out.
    last_line: u64,
    /// Inside a junk run read in pieces: continue it without skipping
    /// whitespace, so both front ends count the same bytes.
    in_junk: bool,
    line_breaks: u64,
    /// The element masks the last terminator scan found (see
    /// [`find_terminator`]); kept here rather than in [`Step`], which is
    /// passed by value for every token.
    masks: Option<(u64, u64)>,
}

impl Scanner {
    fn new() -> Self {
        Scanner {
            line: 1,
            ..Default::default()
        }
    }

    /// Every token started and ended on line 1.
    fn on_one_line(&self) -> bool {
        self.last_line <= 1
    }

    fn break_line(&mut self, n: u64) {
        self.line += n;
        self.line_breaks += n;
    }

    /// The next token at `pos`. The common case (an ordinary segment after
    /// the header, preceded by plain line breaks or spaces) is handled
    /// inline; everything else goes to [`Scanner::step_slow`].
    #[inline(always)]
    fn step(&mut self, buf: &[u8], pos: usize, eof: bool) -> Step {
        if let Some(d) = self.delimiters
            && self.started
            && !self.skipping
            && !self.in_junk
        {
            let mut p = pos;
            let mut gap_lines = 0;
            while let Some(&b) = buf.get(p) {
                match b {
                    b'\n' => gap_lines += 1,
                    b' ' | b'\t' => {}
                    b'\r' if buf.get(p + 1) == Some(&b'\n') => {}
                    _ => break,
                }
                p += 1;
            }
            // 'I' may start a new ISA header; a lone CR and the other gap
            // bytes need the careful path.
            if let Some(&first) = buf.get(p)
                && first != b'I'
                && !is_gap_byte(first)
            {
                let window_end = buf.len().min(p + MAX_SEGMENT_LEN + 1);
                if let (Some(i), newlines, masks) = find_terminator(&buf[p..window_end], d) {
                    self.masks = masks;
                    self.break_line(gap_lines);
                    let line = self.line;
                    self.break_line(newlines);
                    let index = self.index;
                    self.index += 1;
                    return Step::Segment {
                        start: p,
                        end: p + i,
                        next: self.after_terminator(p + i, d.segment),
                        line,
                        index,
                        terminated: true,
                        is_header: false,
                    };
                }
            }
        }
        self.step_slow(buf, pos, eof)
    }

    #[inline(never)]
    fn step_slow(&mut self, buf: &[u8], mut pos: usize, eof: bool) -> Step {
        let len = buf.len();
        if !self.started {
            if len - pos < BOM.len() && !eof && BOM.starts_with(&buf[pos..]) {
                return Step::NeedMore { resume: pos };
            }
            if buf[pos..].starts_with(BOM) {
                pos += BOM.len();
            }
            self.started = true;
        }
        if self.skipping {
            return self.skip_oversize(buf, pos, eof);
        }
        if self.in_junk {
            return self.junk_until_isa(buf, pos, eof, pos);
        }
        // Whitespace between segments: CR, LF, CRLF, spaces, tabs, NULs.
        // A lone CR counts as a line break, CRLF as one.
        loop {
            let Some(&b) = buf.get(pos) else {
                return if eof {
                    Step::Done
                } else {
                    Step::NeedMore { resume: pos }
                };
            };
            match b {
                b'\n' => self.break_line(1),
                b'\r' => match buf.get(pos + 1) {
                    None if !eof => return Step::NeedMore { resume: pos },
                    Some(b'\n') => {}
                    _ => self.break_line(1),
                },
                b if is_gap_byte(b) => {}
                _ => break,
            }
            pos += 1;
        }
        let rest = &buf[pos..];
        let maybe_isa = rest.starts_with(b"ISA") || (rest.len() < 3 && b"ISA".starts_with(rest));
        if maybe_isa || self.delimiters.is_none() {
            let window = &rest[..rest.len().min(ISA_MAX_LOOKAHEAD)];
            match read_isa(window, eof || rest.len() >= ISA_MAX_LOOKAHEAD) {
                IsaRead::Header(h) => {
                    self.delimiters = Some(h.delimiters);
                    self.header = Some(h);
                    let line = self.line;
                    let seg_end = pos + h.segment_len;
                    let nl = memchr_iter(b'\n', &buf[pos..seg_end]).count() as u64;
                    self.break_line(nl);
                    let index = self.index;
                    self.index += 1;
                    return Step::Segment {
                        start: pos,
                        end: seg_end,
                        next: self.after_terminator(seg_end, h.delimiters.segment),
                        line,
                        index,
                        terminated: true,
                        is_header: true,
                    };
                }
                IsaRead::Incomplete => return Step::NeedMore { resume: pos },
                IsaRead::NotIsa if self.delimiters.is_none() => {
                    return self.junk_until_isa(buf, pos, eof, pos + 1);
                }
                // A malformed ISA inside an interchange: tokenize it as an
                // ordinary segment and let the envelope judge it.
                IsaRead::NotIsa => {}
            }
        }
        let d = self.delimiters.expect("delimiters known past the header");
        let window_end = len.min(pos + MAX_SEGMENT_LEN + 1);
        let window = &buf[pos..window_end];
        let (found, newlines, masks) = find_terminator(window, d);
        self.masks = masks;
        match found {
            Some(i) => {
                let line = self.line;
                self.break_line(newlines);
                let index = self.index;
                self.index += 1;
                Step::Segment {
                    start: pos,
                    end: pos + i,
                    next: self.after_terminator(pos + i, d.segment),
                    line,
                    index,
                    terminated: true,
                    is_header: false,
                }
            }
            None if window.len() > MAX_SEGMENT_LEN => {
                self.skipping = true;
                let line = self.line;
                self.break_line(newlines);
                Step::Junk {
                    kind: JunkKind::OversizeSegment,
                    start: pos,
                    end: window_end,
                    line,
                }
            }
            None if eof => {
                let line = self.line;
                self.break_line(newlines);
                let index = self.index;
                self.index += 1;
                let mut end = len;
                while end > pos && buf[end - 1].is_ascii_whitespace() {
                    end -= 1;
                }
                Step::Segment {
                    start: pos,
                    end,
                    next: len,
                    line,
                    index,
                    terminated: false,
                    is_header: false,
                }
            }
            None => Step::NeedMore { resume: pos },
        }
    }

    /// Where scanning resumes after a terminator at `at`. A CR or LF
    /// terminator is left for the whitespace skipper so that line breaks
    /// are counted in one place.
    fn after_terminator(&self, at: usize, terminator: u8) -> usize {
        if terminator == b'\n' || terminator == b'\r' {
            at
        } else {
            at + 1
        }
    }

    fn skip_oversize(&mut self, buf: &[u8], pos: usize, eof: bool) -> Step {
        if pos == buf.len() {
            if eof {
                self.skipping = false;
                return Step::Done;
            }
            return Step::NeedMore { resume: pos };
        }
        let d = self.delimiters.expect("oversize only after a header");
        let window_end = buf.len().min(pos + MAX_SEGMENT_LEN + 1);
        let (found, newlines, _) = find_terminator(&buf[pos..window_end], d);
        let end = match found {
            Some(i) => {
                self.skipping = false;
                self.after_terminator(pos + i, d.segment)
            }
            None => window_end,
        };
        if end == pos {
            // A CR/LF terminator right at `pos`: nothing left to skip.
            return self.step(buf, pos, eof);
        }
        let line = self.line;
        self.break_line(newlines);
        Step::Junk {
            kind: JunkKind::OversizeSegment,
            start: pos,
            end,
            line,
        }
    }

    /// Junk from `pos` up to the next readable ISA header at or after
    /// `search_from` (or the end).
    fn junk_until_isa(&mut self, buf: &[u8], pos: usize, eof: bool, search_from: usize) -> Step {
        let len = buf.len();
        if pos == len {
            if eof {
                self.in_junk = false;
                return Step::Done;
            }
            return Step::NeedMore { resume: pos };
        }
        let mut end = None;
        for i in memmem::find_iter(&buf[search_from..], b"ISA") {
            let at = search_from + i;
            let window = &buf[at..len.min(at + ISA_MAX_LOOKAHEAD)];
            match read_isa(window, eof || len - at >= ISA_MAX_LOOKAHEAD) {
                IsaRead::Header(_) | IsaRead::Incomplete => {
                    end = Some(at);
                    break;
                }
                IsaRead::NotIsa => {}
            }
        }
        let end = match end {
            Some(at) if at == pos => {
                // A header right where the run continues: the run is over.
                self.in_junk = false;
                return self.step(buf, pos, eof);
            }
            Some(at) => {
                self.in_junk = false;
                at
            }
            None if eof => {
                self.in_junk = false;
                len
            }
            // Keep a tail that could be the start of "ISA".
            None if len - pos > 2 => {
                self.in_junk = true;
                len - 2
            }
            None => {
                self.in_junk = true;
                return Step::NeedMore { resume: pos };
            }
        };
        let line = self.line;
        let nl = memchr_iter(b'\n', &buf[pos..end]).count() as u64;
        self.break_line(nl);
        Step::Junk {
            kind: JunkKind::NotInterchange,
            start: pos,
            end,
            line,
        }
    }
}

/// Bytes scanned in 16-byte blocks before handing over to memchr: most
/// segments are shorter, and memchr's set-up costs more than the scan.
const SHORT_SCAN: usize = 64;

/// [`Segment::element_masks`] computed from the bytes, for a segment the
/// terminator scan did not give masks for (rare: a header, a segment
/// found by the careful path); (0, 0) past 64 bytes.
#[cold]
#[inline(never)]
fn segment_masks(b: &[u8], d: Delimiters) -> (u64, u64) {
    let n = b.len();
    if n > 64 {
        return (0, 0);
    }
    let rep = d.repetition.unwrap_or(d.element);
    let (mut elements, mut special) = (0u64, 0u64);
    if n < 16 {
        for (i, &x) in b.iter().enumerate() {
            elements |= u64::from(x == d.element) << i;
            let odd = x == d.component || x == rep || !(0x20..0x7f).contains(&x);
            special |= u64::from(odd) << i;
        }
        return (elements, special);
    }
    // Whole blocks straight from the segment; the tail as the last 16
    // bytes (overlapping the block before), shifted into place. No
    // copy, so no store-to-load stall.
    let full = n / 16;
    for k in 0..full {
        let block: &[u8; 16] = b[16 * k..16 * k + 16].try_into().expect("16 bytes");
        let (e, s) = element_masks16(block, d.element, d.component, rep);
        elements |= u64::from(e) << (16 * k);
        special |= u64::from(s) << (16 * k);
    }
    let tail = n % 16;
    if tail != 0 {
        let block: &[u8; 16] = b[n - 16..].try_into().expect("16 bytes");
        let (e, s) = element_masks16(block, d.element, d.component, rep);
        let drop = 16 - tail;
        elements |= u64::from(e >> drop) << (16 * full);
        special |= u64::from(s >> drop) << (16 * full);
    }
    (elements, special)
}

/// Bit masks of the bytes in `block` equal to `a` and to `b`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn masks16(block: &[u8; 16], a: u8, b: u8) -> (u32, u32) {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    // SAFETY: SSE2 is part of the x86_64 baseline (checked by the cfg), and
    // the load reads exactly the 16 bytes of `block`, unaligned.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        let ma = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(a as i8))) as u32;
        let mb = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8))) as u32;
        (ma, mb)
    }
}

/// Masks of the bytes in `block` equal to `element`, and of those equal
/// to `component` or `repetition` or below 0x20, 0x7f or above.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn element_masks16(block: &[u8; 16], element: u8, component: u8, repetition: u8) -> (u32, u32) {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of the x86_64 baseline (checked by the cfg), and
    // the load reads exactly the 16 bytes of `block`, unaligned.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        let e = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(element as i8))) as u32;
        // Signed compare: below 0x20 or from 0x80 up (negative as i8).
        let low_or_high = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
        let s = _mm_or_si128(
            _mm_or_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8(component as i8)),
                _mm_cmpeq_epi8(v, _mm_set1_epi8(repetition as i8)),
            ),
            _mm_or_si128(low_or_high, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f))),
        );
        (e, _mm_movemask_epi8(s) as u32)
    }
}

/// Portable version of the above.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline(always)]
fn element_masks16(block: &[u8; 16], element: u8, component: u8, repetition: u8) -> (u32, u32) {
    let (mut e, mut s) = (0u32, 0u32);
    for (i, &x) in block.iter().enumerate() {
        e |= u32::from(x == element) << i;
        let special = x == component || x == repetition || !(0x20..0x7f).contains(&x);
        s |= u32::from(special) << i;
    }
    (e, s)
}

/// Portable version of the above.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline(always)]
fn masks16(block: &[u8; 16], a: u8, b: u8) -> (u32, u32) {
    let (mut ma, mut mb) = (0u32, 0u32);
    for (i, &x) in block.iter().enumerate() {
        ma |= u32::from(x == a) << i;
        mb |= u32::from(x == b) << i;
    }
    (ma, mb)
}

/// The first terminator in `window` (delimiters `d`), the line feeds
/// before it, and, when it ends within the first 64 bytes, the element
/// masks of the segment before it (see [`Segment::element_masks`]),
/// taken from the same loads.
#[inline(always)]
fn find_terminator(window: &[u8], d: Delimiters) -> (Option<usize>, u64, Option<(u64, u64)>) {
    let terminator = d.segment;
    let rep = d.repetition.unwrap_or(d.element);
    let short = window.len().min(SHORT_SCAN);
    let mut newlines = 0u64;
    let (mut elements, mut special) = (0u64, 0u64);
    let mut i = 0;
    while i + 16 <= short {
        let block: &[u8; 16] = window[i..i + 16].try_into().expect("16 bytes");
        let (hit, mut lfs) = masks16(block, terminator, b'\n');
        let (e, s) = element_masks16(block, d.element, d.component, rep);
        elements |= u64::from(e) << i;
        special |= u64::from(s) << i;
        if terminator == b'\n' {
            lfs = 0;
        }
        // Line feeds inside a segment are rare: count only when present
        // (a bit count is slow on baseline x86-64, which lacks POPCNT).
        if hit != 0 {
            let k = hit.trailing_zeros();
            let before = lfs & ((1u32 << k) - 1);
            if before != 0 {
                newlines += u64::from(before.count_ones());
            }
            let end = i + k as usize;
            // `end` is below 64 (i is at most 48): only the segment's bits.
            let inside = (1u64 << end) - 1;
            return (
                Some(end),
                newlines,
                Some((elements & inside, special & inside)),
            );
        }
        if lfs != 0 {
            newlines += u64::from(lfs.count_ones());
        }
        i += 16;
    }
    let mut p = i;
    if terminator == b'\n' {
        return (memchr(terminator, &window[p..]).map(|k| p + k), 0, None);
    }
    while let Some(k) = memchr2(terminator, b'\n', &window[p..]) {
        let at = p + k;
        if window[at] == terminator {
            return (Some(at), newlines, None);
        }
        newlines += 1;
        p = at + 1;
    }
    (None, newlines, None)
}

/// Where the segment id ends: ids are 2-3 bytes, so look there first.
#[inline]
fn id_len(bytes: &[u8], element: u8) -> u32 {
    let at = |i: usize| bytes.get(i) == Some(&element);
    let len = if at(2) {
        2
    } else if at(3) {
        3
    } else {
        memchr(element, bytes).unwrap_or(bytes.len())
    };
    len as u32
}

#[inline(always)]
fn token_at<'a>(buf: &'a [u8], base: u64, step: Step, scanner: &mut Scanner) -> Token<'a> {
    match step {
        Step::Segment { line, .. } => scanner.last_line = line,
        // Bytes that are not X12 may span lines, and a stream hands them
        // out in pieces: the line a piece ends on is the same either way.
        Step::Junk {
            line, start, end, ..
        } => {
            scanner.last_line = line + memchr::memchr_iter(b'\n', &buf[start..end]).count() as u64;
        }
        _ => {}
    }
    match step {
        Step::Segment {
            start,
            end,
            line,
            index,
            terminated,
            is_header,
            ..
        } => {
            let bytes = &buf[start..end];
            let delimiters = scanner.delimiters.unwrap_or_default();
            let seg = Segment {
                bytes,
                id_len: id_len(bytes, delimiters.element),
                offset: base + start as u64,
                line,
                index,
                delimiters,
                terminated,
                masks: match scanner.masks.take() {
                    Some(m) if !is_header => m,
                    _ => segment_masks(bytes, delimiters),
                },
            };
            match scanner.header {
                Some(h) if is_header => Token::Isa(seg, h),
                _ => Token::Segment(seg),
            }
        }
        Step::Junk {
            kind,
            start,
            end,
            line,
        } => Token::Junk(Junk {
            kind,
            offset: base + start as u64,
            line,
            bytes: &buf[start..end],
        }),
        Step::NeedMore { .. } | Step::Done => unreachable!("not a token"),
    }
}

/// Tokens of an input held in memory.
#[derive(Debug, Clone)]
pub struct Tokenizer<'a> {
    input: &'a [u8],
    pos: usize,
    scanner: Scanner,
}

impl<'a> Tokenizer<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        Tokenizer {
            input,
            pos: 0,
            scanner: Scanner::new(),
        }
    }

    /// Line breaks seen so far (zero for a file written on one line).
    pub fn line_breaks(&self) -> u64 {
        self.scanner.line_breaks
    }

    /// Whether every token so far started on line 1: the file is written
    /// on one line (a final line break aside).
    pub fn on_one_line(&self) -> bool {
        self.scanner.on_one_line()
    }
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let step = self.scanner.step(self.input, self.pos, true);
        match step {
            Step::Done | Step::NeedMore { .. } => {
                self.pos = self.input.len();
                None
            }
            Step::Segment { next, .. } => {
                self.pos = next;
                Some(token_at(self.input, 0, step, &mut self.scanner))
            }
            Step::Junk { end, .. } => {
                self.pos = end;
                Some(token_at(self.input, 0, step, &mut self.scanner))
            }
        }
    }
}

/// How much a [`StreamTokenizer`] reads at a time.
pub const STREAM_CHUNK: usize = 256 * 1024;

/// Tokens of a reader, holding only a window of it in memory (at most
/// [`MAX_SEGMENT_LEN`] plus a chunk).
#[derive(Debug)]
pub struct StreamTokenizer<R> {
    reader: R,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    /// Input offset of `buf[0]`.
    base: u64,
    eof: bool,
    scanner: Scanner,
}

impl<R: Read> StreamTokenizer<R> {
    pub fn new(reader: R) -> Self {
        StreamTokenizer {
            reader,
            buf: vec![0; STREAM_CHUNK],
            pos: 0,
            len: 0,
            base: 0,
            eof: false,
            scanner: Scanner::new(),
        }
    }

    /// Bytes of input consumed so far.
    pub fn consumed(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// The reader, wherever the tokenizer left it.
    pub fn into_inner(self) -> R {
        self.reader
    }

    /// Line breaks seen so far (zero for a file written on one line).
    pub fn line_breaks(&self) -> u64 {
        self.scanner.line_breaks
    }

    /// Whether every token so far started on line 1: the file is written
    /// on one line (a final line break aside).
    pub fn on_one_line(&self) -> bool {
        self.scanner.on_one_line()
    }

    /// The next token, `None` at the end of input. Errors come only from
    /// the reader.
    #[allow(clippy::should_implement_trait)]
    pub fn next_token(&mut self) -> io::Result<Option<Token<'_>>> {
        Ok(match self.next_step()? {
            Some(step) => Some(token_at(
                &self.buf[..self.len],
                self.base,
                step,
                &mut self.scanner,
            )),
            None => None,
        })
    }

    /// Call `f` with every token left and the bytes consumed once it is
    /// read ([`StreamTokenizer::consumed`]), until `f` breaks. The same
    /// tokens as [`StreamTokenizer::next_token`], each made where `f`
    /// reads it: a token returned through `io::Result<Option<_>>` was
    /// copied on the stack in overlapping pieces, and reading it back
    /// stalled on them.
    pub fn for_each_token(
        &mut self,
        mut f: impl FnMut(&Token<'_>, u64) -> ControlFlow<()>,
    ) -> io::Result<()> {
        while let Some(step) = self.next_step()? {
            let consumed = self.consumed();
            let token = token_at(&self.buf[..self.len], self.base, step, &mut self.scanner);
            if f(&token, consumed).is_break() {
                break;
            }
        }
        Ok(())
    }

    /// The scanner's next token step (the buffer refilled as needed),
    /// `None` at the end of input.
    #[inline(always)]
    fn next_step(&mut self) -> io::Result<Option<Step>> {
        loop {
            let step = self.scanner.step(&self.buf[..self.len], self.pos, self.eof);
            match step {
                Step::Done => {
                    // Only whitespace was left: it is consumed too.
                    self.pos = self.len;
                    return Ok(None);
                }
                Step::NeedMore { resume } => {
                    self.pos = resume;
                    self.fill()?;
                }
                Step::Segment { next: resume, .. } | Step::Junk { end: resume, .. } => {
                    self.pos = resume;
                    return Ok(Some(step));
                }
            }
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.len, 0);
            self.len -= self.pos;
            self.base += self.pos as u64;
            self.pos = 0;
        }
        if self.buf.len() - self.len < STREAM_CHUNK / 2 {
            let grown = (self.buf.len() * 2).max(self.len + STREAM_CHUNK);
            self.buf.resize(grown, 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.len..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.len += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(input: &[u8]) -> Vec<String> {
        Tokenizer::new(input)
            .map(|t| match t {
                Token::Isa(s, _) | Token::Segment(s) => {
                    String::from_utf8_lossy(s.id()).into_owned()
                }
                Token::Junk(j) => format!("junk({})", j.bytes.len()),
            })
            .collect()
    }

    const ISA: &str = "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*T*:~";

    #[test]
    fn segments_and_elements() {
        let input = format!("{ISA}GS*HC*A*B~ST*837*0001*005010X222A1~SE*2*0001~");
        let toks: Vec<_> = Tokenizer::new(input.as_bytes()).collect();
        assert_eq!(toks.len(), 4);
        let Token::Segment(st) = toks[2] else {
            panic!()
        };
        assert_eq!(st.id(), b"ST");
        assert_eq!(st.element(1), Some(&b"837"[..]));
        assert_eq!(st.element(3), Some(&b"005010X222A1"[..]));
        assert_eq!(st.element(4), None);
        assert_eq!(st.element_count(), 3);
        assert_eq!(st.index, 2);
        assert_eq!(st.offset, 106 + 10);
    }

    #[test]
    fn composites_and_repetitions() {
        let input = format!("{ISA}CLM*A*100***11:B:1~HI*ABK:F331^ABF:F411~");
        let toks: Vec<_> = Tokenizer::new(input.as_bytes()).collect();
        let Token::Segment(clm) = toks[1] else {
            panic!()
        };
        assert_eq!(clm.component(5, 1), Some(&b"11"[..]));
        assert_eq!(clm.component(5, 3), Some(&b"1"[..]));
        assert_eq!(clm.component(5, 4), None);
        let Token::Segment(hi) = toks[2] else {
            panic!()
        };
        let reps: Vec<_> = hi.repetitions(1).unwrap().collect();
        assert_eq!(reps, vec![&b"ABK:F331"[..], &b"ABF:F411"[..]]);
    }

    #[test]
    fn bom_whitespace_and_lines() {
        let input = format!("\u{feff}{ISA}\r\n  GS*HC~\r\n\tST*837*1~\n");
        let toks: Vec<_> = Tokenizer::new(input.as_bytes()).collect();
        let lines: Vec<u64> = toks
            .iter()
            .map(|t| match t {
                Token::Isa(s, _) | Token::Segment(s) => s.line,
                Token::Junk(j) => j.line,
            })
            .collect();
        assert_eq!(lines, vec![1, 2, 3]);
        let Token::Segment(gs) = toks[1] else {
            panic!()
        };
        assert_eq!(gs.offset, 3 + 106 + 2 + 2);
    }

    #[test]
    fn cr_as_terminator() {
        let input = ISA.replace('~', "\r") + "GS*HC\rST*837\r";
        assert_eq!(ids(input.as_bytes()), vec!["ISA", "GS", "ST"]);
        let mut t = Tokenizer::new(input.as_bytes());
        t.by_ref().for_each(drop);
        assert_eq!(t.line_breaks(), 3);
    }

    #[test]
    fn junk_then_interchange() {
        let input = format!("hello\nworld\n{ISA}GS*HC~");
        assert_eq!(ids(input.as_bytes()), vec!["junk(12)", "ISA", "GS"]);
        assert_eq!(ids(b"not x12 at all"), vec!["junk(14)"]);
        assert!(ids(b"").is_empty());
        assert!(ids(b"\r\n  \n").is_empty());
    }

    #[test]
    fn second_interchange_redetects_delimiters() {
        let isa2 = ISA.replace('*', "|").replace('~', "!");
        let input = format!("{ISA}IEA*1*000000001~\n{isa2}GS|HC!IEA|1|000000001!");
        assert_eq!(
            ids(input.as_bytes()),
            vec!["ISA", "IEA", "ISA", "GS", "IEA"]
        );
    }

    #[test]
    fn unterminated_last_segment() {
        let input = format!("{ISA}IEA*1*000000001 \n");
        let toks: Vec<_> = Tokenizer::new(input.as_bytes()).collect();
        let Token::Segment(iea) = toks[1] else {
            panic!()
        };
        assert!(!iea.terminated);
        assert_eq!(iea.bytes(), b"IEA*1*000000001");
    }

    #[test]
    fn stream_matches_slice() {
        let mut input = format!("junk{ISA}\r\n");
        for i in 0..5000 {
            input.push_str(&format!("NM1*IL*1*DOE*JANE****MI*{i:09}~\n"));
        }
        let expect: Vec<String> = Tokenizer::new(input.as_bytes())
            .map(|t| format!("{t:?}"))
            .collect();
        // A reader that returns a few bytes at a time exercises refills.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = out.len().min(7).min(self.0.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut st = StreamTokenizer::new(Trickle(input.as_bytes()));
        let mut got = Vec::new();
        while let Some(t) = st.next_token().unwrap() {
            got.push(format!("{t:?}"));
        }
        assert_eq!(got, expect);
        assert_eq!(st.consumed(), input.len() as u64);

        // The same tokens handed to a callback, each with the bytes
        // consumed up to its end.
        let mut st = StreamTokenizer::new(Trickle(input.as_bytes()));
        let (mut got, mut ends) = (Vec::new(), Vec::new());
        st.for_each_token(|t, consumed| {
            got.push(format!("{t:?}"));
            ends.push(consumed);
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(got, expect);
        let segment_ends: Vec<u64> = Tokenizer::new(input.as_bytes())
            .map(|t| match t {
                Token::Isa(s, _) | Token::Segment(s) => s.offset + s.bytes().len() as u64 + 1,
                Token::Junk(j) => j.offset + j.bytes.len() as u64,
            })
            .collect();
        assert_eq!(ends, segment_ends);
        assert_eq!(st.consumed(), input.len() as u64);

        // A break stops the walk after that token.
        let mut st = StreamTokenizer::new(input.as_bytes());
        let mut seen = 0;
        st.for_each_token(|_, _| {
            seen += 1;
            if seen == 3 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap();
        assert_eq!(seen, 3);
        assert_eq!(
            format!("{:?}", st.next_token().unwrap().unwrap()),
            expect[3]
        );
    }

    /// The element masks a segment carries (found by the terminator scan
    /// on the fast path) are those of its bytes, byte by byte, whichever
    /// front end and however the input arrives.
    #[test]
    fn element_masks_and_elements_match_the_bytes_on_both_front_ends() {
        fn expected(seg: &Segment<'_>) -> Option<(u64, u64)> {
            let b = seg.bytes();
            let d = seg.delimiters;
            let rep = d.repetition.unwrap_or(d.element);
            (b.len() <= 64).then(|| {
                b.iter().enumerate().fold((0, 0), |(e, s), (i, &x)| {
                    let odd = x == d.component || x == rep || !(0x20..0x7f).contains(&x);
                    (e | u64::from(x == d.element) << i, s | u64::from(odd) << i)
                })
            })
        }
        fn check(name: &str, input: &[u8]) -> usize {
            let mut seen = 0;
            let mut look = |t: &Token<'_>| {
                if let Token::Isa(s, _) | Token::Segment(s) = t {
                    assert_eq!(s.element_masks(), expected(s), "{name}: {s:?}");
                    // Elements found from the masks are the byte split's.
                    for n in 0..s.element_count() + 3 {
                        assert_eq!(s.element(n), s.fields().nth(n), "{name}: {s:?} {n}");
                    }
                    seen += 1;
                }
            };
            Tokenizer::new(input).for_each(|t| look(&t));
            for chunk in [1, 7, 100] {
                struct Pieces<'a>(&'a [u8], usize);
                impl Read for Pieces<'_> {
                    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                        let n = out.len().min(self.1).min(self.0.len());
                        out[..n].copy_from_slice(&self.0[..n]);
                        self.0 = &self.0[n..];
                        Ok(n)
                    }
                }
                let mut st = StreamTokenizer::new(Pieces(input, chunk));
                while let Some(t) = st.next_token().unwrap() {
                    look(&t);
                }
            }
            seen
        }
        // Every length around the 16-byte blocks and the 64-byte limit,
        // with components, repetitions, control and non-ASCII bytes at
        // block edges, and line breaks inside and between segments.
        let mut body = Vec::new();
        for len in 4..=70 {
            let mut seg = b"NTE*".to_vec();
            while seg.len() < len {
                let x = match seg.len() % 13 {
                    0 => b':',
                    5 => b'^',
                    7 => b'*',
                    11 if len % 3 == 0 => 0xC3,
                    12 if len % 5 == 0 => b'\n',
                    _ => b'A' + (seg.len() % 26) as u8,
                };
                seg.push(x);
            }
            body.extend_from_slice(&seg);
            body.extend_from_slice(if len % 2 == 0 { b"~\r\n" } else { b"~" });
        }
        let mut input = ISA.as_bytes().to_vec();
        input.extend_from_slice(&body);
        assert_eq!(check("lengths 4-70", &input), 68 * 4);
        // Line feed as the terminator.
        let lf = ISA.replacen(":~", ":\n", 1) + "GS*HC*A:B*C^D\nST*837*0001\n";
        assert_eq!(check("line feed", lf.as_bytes()), 3 * 4);
        // The shipped fixtures and the public corpus.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = 0;
        for dir in [root.join("fixtures"), root.join("../shared/corpus")] {
            for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
                if entry.file_type().is_file()
                    && let Ok(bytes) = std::fs::read(entry.path())
                {
                    check(&entry.path().display().to_string(), &bytes);
                    files += 1;
                }
            }
        }
        assert!(files > 100, "{files} files read");
    }

    /// Found by the `tokenize` fuzz target: a vertical tab after a
    /// terminator was part of the next segment on the fast path and skipped
    /// on the careful one.
    #[test]
    fn vertical_tab_between_segments_is_skipped_by_both_front_ends() {
        let input = format!("{ISA}\x0bGS*HC~");
        let slice: Vec<String> = Tokenizer::new(input.as_bytes())
            .map(|t| format!("{t:?}"))
            .collect();
        let mut st = StreamTokenizer::new(input.as_bytes());
        let mut stream = Vec::new();
        while let Some(t) = st.next_token().unwrap() {
            stream.push(format!("{t:?}"));
        }
        assert_eq!(slice, stream);
        assert_eq!(ids(input.as_bytes()), vec!["ISA", "GS"]);
        for raw in [
            &b"ISA*0307*1*T*G***~**:\x01E**0***~\nS0**2~\x0b\x00\x00128~"[..],
            &b"ISA**^**I11*\x01*T*:**46*I0*~~9*0*0*0*T*\x00~\x0b \x00I~"[..],
        ] {
            let slice: Vec<String> = Tokenizer::new(raw).map(|t| format!("{t:?}")).collect();
            let mut st = StreamTokenizer::new(raw);
            let mut stream = Vec::new();
            while let Some(t) = st.next_token().unwrap() {
                stream.push(format!("{t:?}"));
            }
            assert_eq!(slice, stream);
        }
    }

    #[test]
    fn oversize_segment_is_junk() {
        let mut input = ISA.to_string();
        input.push_str(&"A".repeat(MAX_SEGMENT_LEN + 10));
        input.push_str("~GS*HC~");
        let got = ids(input.as_bytes());
        assert_eq!(got.first().map(String::as_str), Some("ISA"));
        assert_eq!(got.last().map(String::as_str), Some("GS"));
        assert!(got[1].starts_with("junk("));
    }
}
