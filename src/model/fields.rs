//! Reading one segment's elements into typed fields, remembering which
//! elements a field took, so that the rest can be kept as [`Extra`].

use std::mem::MaybeUninit;

use memchr::memchr_iter;

use super::amount::Amount;
use super::at::At;
use super::raw::{Element, Extra};
use super::text::Text;
use crate::x12::delimiters::Delimiters;
use crate::x12::tokenizer::Segment;

/// Elements split out of a segment at once; later ones are split only for
/// `extra` (no health-care segment has this many).
const MAX: usize = 40;

/// Most components a composite is split into for typed fields.
const MAX_COMPONENTS: usize = 12;

/// The elements of one segment, borrowed. Typed readers take elements
/// through it; [`Fields::extra`] then returns every non-empty element no
/// reader took.
/// Segments longer than this are not read into typed fields (offsets are
/// kept in 16 bits); they are kept whole.
pub(crate) const MAX_TYPED_LEN: usize = u16::MAX as usize;

pub(crate) struct Fields<'a> {
    bytes: &'a [u8],
    /// Offsets of the first element separators: element `i` (1-based)
    /// starts after `seps[i - 1]` and ends at `seps[i]`. When the segment
    /// has at most [`MAX`] elements, `seps[n]` is the segment's length,
    /// so that the last element needs no case of its own. Only
    /// `seps[..=n]` are written ([`Fields::sep`] reads them): setting all
    /// of them first was a few stores too many per segment.
    seps: [MaybeUninit<u16>; MAX + 1],
    /// Number of elements split out (at most [`MAX`]).
    n: usize,
    /// Elements past [`MAX`] are there, after `seps[MAX]`.
    overflow: bool,
    /// The whole segment is ASCII, so values need no UTF-8 check.
    ascii: bool,
    used: u64,
    pub d: Delimiters,
    /// Where the segment is, for the values read from it.
    at: At,
}

impl<'a> Fields<'a> {
    #[inline(always)]
    pub fn new(seg: &Segment<'a>) -> Self {
        // Typed segments are never longer (the builders keep longer ones
        // whole); an envelope header this long is read only so far.
        let bytes = &seg.bytes()[..seg.bytes().len().min(MAX_TYPED_LEN)];
        let d = seg.delimiters;
        // Filled in place: built whole and then moved, the offsets were
        // copied once more per segment.
        let mut f = Fields::unsplit(bytes, d, At::of(seg));
        // Short segments (most of them): one bit mask of separators.
        if let Some((mut mask, _)) = seg.element_masks() {
            while mask != 0 {
                let at = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                if !f.note(at) {
                    break;
                }
            }
        } else {
            for at in memchr_iter(d.element, bytes) {
                if !f.note(at) {
                    break;
                }
            }
        }
        f.close();
        f
    }

    /// The segment's bytes with no separator noted yet.
    #[inline(always)]
    fn unsplit(bytes: &'a [u8], d: Delimiters, at: At) -> Self {
        Fields {
            bytes,
            seps: [const { MaybeUninit::uninit() }; MAX + 1],
            n: 0,
            overflow: false,
            ascii: bytes.is_ascii(),
            used: 0,
            d,
            at,
        }
    }

    /// Record the next element separator, at `at`; false once [`MAX`]
    /// elements are split out and another separator follows.
    #[inline(always)]
    fn note(&mut self, at: usize) -> bool {
        if self.n <= MAX {
            self.seps[self.n] = MaybeUninit::new(at as u16);
            self.n += 1;
            true
        } else {
            self.overflow = true;
            false
        }
    }

    /// After the last [`Fields::note`]: `n` becomes the number of elements
    /// split out, and the last one ends at the segment's end unless more
    /// elements follow.
    #[inline(always)]
    fn close(&mut self) {
        if self.n > MAX {
            // MAX + 1 separators mean an element past MAX.
            self.overflow = true;
            self.n = MAX;
        } else {
            self.seps[self.n] = MaybeUninit::new(self.bytes.len() as u16);
        }
    }

    /// Offset `seps[k]`, for `k <= n` (after [`Fields::close`]).
    #[inline(always)]
    fn sep(&self, k: usize) -> usize {
        debug_assert!(k <= self.n);
        // SAFETY: `note` writes `seps[n]` before counting it, and `close`
        // writes `seps[n]` unless `n` was past MAX (then all MAX + 1 were
        // noted): after `close`, `seps[..=n]` are written, and `n` never
        // changes again.
        usize::from(unsafe { self.seps[k].assume_init() })
    }

    /// The elements of a segment that did not come from the tokenizer
    /// (`bytes` is the id and its elements, without terminator), read
    /// the same way as [`Fields::new`] reads one that did.
    #[cfg(feature = "x12-types")]
    pub fn of_bytes(bytes: &'a [u8], d: Delimiters) -> Self {
        let bytes = &bytes[..bytes.len().min(MAX_TYPED_LEN)];
        let mut f = Fields::unsplit(bytes, d, At::NOWHERE);
        for at in memchr_iter(d.element, bytes) {
            if !f.note(at) {
                break;
            }
        }
        f.close();
        f
    }

    /// Where the segment is.
    #[inline(always)]
    pub fn at(&self) -> At {
        self.at
    }

    /// A value of this segment as text.
    #[inline(always)]
    fn value(&self, b: &[u8]) -> Text {
        if self.ascii {
            Text::from_ascii(b)
        } else {
            Text::from_bytes(b)
        }
    }

    pub fn id(&self) -> &'a [u8] {
        &self.bytes[..self.sep(0)]
    }

    /// Element `i` as written (empty when absent).
    #[inline(always)]
    pub fn raw(&self, i: usize) -> &'a [u8] {
        if i == 0 || i > self.n {
            return &[];
        }
        let (start, end) = (self.sep(i - 1) + 1, self.sep(i));
        debug_assert!(start <= end && end <= self.bytes.len());
        // SAFETY: `seps[..=n]` are the element separators' offsets in
        // increasing order, found in `bytes` ([`Fields::note`]), and then
        // `bytes.len()` ([`Fields::close`]); so element `i`'s start is at
        // most its end, and its end at most the length. Every typed field
        // reads its elements here: the range checks were a few
        // instructions per element of every segment.
        unsafe { self.bytes.get_unchecked(start..end) }
    }

    #[inline(always)]
    pub fn take(&mut self, i: usize) {
        if i <= MAX {
            self.used |= 1 << i;
        }
    }

    /// Element `i` as text; `None` when empty or absent.
    #[inline(always)]
    pub fn text(&mut self, i: usize) -> Option<Text> {
        self.take(i);
        let b = self.raw(i);
        if b.is_empty() {
            return None;
        }
        some_text(self.value(b))
    }

    /// Element `i` as text, empty when absent.
    #[inline(always)]
    pub fn code(&mut self, i: usize) -> Text {
        self.text(i).unwrap_or_default()
    }

    /// Element `i` as an exact decimal. A value that is not in
    /// [`Amount`]'s plain form is left for [`Fields::extra`].
    #[inline(always)]
    pub fn amount(&mut self, i: usize) -> Option<Amount> {
        let b = self.raw(i);
        if b.is_empty() {
            self.take(i);
            return None;
        }
        let a = Amount::parse(b);
        if a.is_some() {
            self.take(i);
        }
        a
    }

    /// Elements `from..from+count` as a positional list: empty values in
    /// the middle are kept as empty strings, trailing ones dropped.
    pub fn list(&mut self, from: usize, count: usize) -> Vec<Text> {
        let mut out = Vec::new();
        let mut last = 0;
        for k in 0..count {
            let b = self.raw(from + k);
            self.take(from + k);
            if !b.is_empty() {
                last = k + 1;
            }
        }
        for k in 0..last {
            out.push(self.value(self.raw(from + k)));
        }
        out
    }

    /// The components of element `i`.
    #[inline(always)]
    pub fn components(&self, i: usize) -> Components<'a> {
        Components::of(self.raw(i), self.d.component, self.ascii)
    }

    /// Every non-empty element no reader took, by element reference.
    #[inline]
    pub fn extra(&self) -> Extra {
        // Bits 1..=n: the elements split out; look only at those untaken.
        let mut rest = (u64::MAX >> (63 - self.n)) & !1 & !self.used;
        while rest != 0 {
            let i = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if !self.raw(i).is_empty() {
                return self.extra_slow();
            }
        }
        if self.overflow {
            return self.extra_slow();
        }
        Extra::default()
    }

    #[cold]
    fn extra_slow(&self) -> Extra {
        let mut extra = Extra::default();
        for i in 1..=self.n {
            let e = self.raw(i);
            if self.used & (1 << i) == 0 && !e.is_empty() {
                extra.insert(self.reference(i), Element::of(e, &self.d));
            }
        }
        if self.overflow {
            let rest = &self.bytes[self.sep(MAX) + 1..];
            for (k, e) in rest.split(|&b| b == self.d.element).enumerate() {
                if !e.is_empty() {
                    extra.insert(self.reference(MAX + 1 + k), Element::of(e, &self.d));
                }
            }
        }
        extra
    }

    /// `CLM05`, `SV1101`.
    fn reference(&self, i: usize) -> Text {
        Text::new(&format!("{}{i:02}", String::from_utf8_lossy(self.id())))
    }
}

/// `Some(t)`, written into the option's payload whole. Plain `Some(t)`
/// made the compiler copy the text through the stack shifted by a byte
/// (the option's tag shares the text's last byte), and each such read-back
/// stalled on store forwarding (parse took about 10 % longer).
#[inline(always)]
fn some_text(t: Text) -> Option<Text> {
    let mut out = Some(Text::default());
    if let Some(slot) = &mut out {
        *slot = t;
    }
    out
}

/// The components of one element, borrowed.
pub(crate) struct Components<'a> {
    bytes: &'a [u8],
    /// Where the first components end (offsets into `bytes`): component
    /// `k + 1` ends at `ends[k]` and starts after the one before. Offsets
    /// rather than slices: this is made for every composite read, and
    /// twelve slices cost more to set up than the split itself.
    ends: [u16; MAX_COMPONENTS],
    ascii: bool,
    /// Number of components (may exceed [`MAX_COMPONENTS`]; the rest are
    /// not split out).
    pub count: usize,
}

impl<'a> Components<'a> {
    /// `b` is one element of a typed segment, so no longer than
    /// [`MAX_TYPED_LEN`] and its offsets fit in 16 bits.
    #[inline(always)]
    fn of(b: &'a [u8], sep: u8, ascii: bool) -> Self {
        let mut ends = [0u16; MAX_COMPONENTS];
        let mut count = 0;
        if !b.is_empty() {
            for (i, &c) in b.iter().enumerate() {
                if c == sep {
                    if count < MAX_COMPONENTS {
                        ends[count] = i as u16;
                    }
                    count += 1;
                }
            }
            if count < MAX_COMPONENTS {
                ends[count] = b.len() as u16;
            }
            count += 1;
        }
        Components {
            bytes: b,
            ends,
            ascii,
            count,
        }
    }

    /// Component `m` (1-based), empty when absent.
    #[inline(always)]
    pub fn raw(&self, m: usize) -> &'a [u8] {
        match m.checked_sub(1) {
            Some(k) if k < self.count.min(MAX_COMPONENTS) => {
                let start = if k == 0 {
                    0
                } else {
                    usize::from(self.ends[k - 1]) + 1
                };
                &self.bytes[start..usize::from(self.ends[k])]
            }
            _ => &[],
        }
    }

    #[inline(always)]
    fn value(&self, b: &[u8]) -> Text {
        if self.ascii {
            Text::from_ascii(b)
        } else {
            Text::from_bytes(b)
        }
    }

    #[inline(always)]
    pub fn text(&self, m: usize) -> Option<Text> {
        let b = self.raw(m);
        if b.is_empty() {
            return None;
        }
        some_text(self.value(b))
    }

    pub fn code(&self, m: usize) -> Text {
        self.value(self.raw(m))
    }

    /// Components `from..from+count` as a positional list (see
    /// [`Fields::list`]).
    pub fn list(&self, from: usize, count: usize) -> Vec<Text> {
        let mut out = Vec::new();
        self.list_into(from, count, &mut out);
        out
    }

    /// [`Components::list`] into `out`, replacing what it held (and
    /// reusing its storage).
    pub fn list_into(&self, from: usize, count: usize, out: &mut Vec<Text>) {
        let last = (0..count)
            .rev()
            .find(|&k| !self.raw(from + k).is_empty())
            .map_or(0, |k| k + 1);
        out.clear();
        out.extend((0..last).map(|k| self.value(self.raw(from + k))));
    }

    /// An amount in component `m`: `Err` when it is there but not in the
    /// plain form.
    pub fn amount(&self, m: usize) -> Result<Option<Amount>, ()> {
        let b = self.raw(m);
        if b.is_empty() {
            return Ok(None);
        }
        Amount::parse(b).map(Some).ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x12::tokenizer::{Token, Tokenizer};

    #[test]
    fn untaken_elements_become_extra() {
        let input = b"ISA*00*          *00*          *ZZ*A              *ZZ*B              *260101*1200*^*00501*000000001*0*T*:~CLM*A1*100***11:B:1*Y**Y*Y*****X~";
        let seg = Tokenizer::new(input)
            .filter_map(|t| match t {
                Token::Segment(s) => Some(s),
                _ => None,
            })
            .next()
            .unwrap();
        let mut f = Fields::new(&seg);
        assert_eq!(f.id(), b"CLM");
        assert_eq!(f.text(1).as_deref(), Some("A1"));
        assert_eq!(f.amount(2).map(|a| a.to_string()).as_deref(), Some("100"));
        let c = f.components(5);
        f.take(5);
        assert_eq!((c.count, c.code(2).as_str()), (3, "B"));
        assert_eq!(
            f.list(6, 4),
            vec![
                Text::new("Y"),
                Text::new(""),
                Text::new("Y"),
                Text::new("Y")
            ]
        );
        let extra = f.extra();
        assert_eq!(extra.len(), 1);
        assert_eq!(extra.get("CLM14"), Some(&Element::Text(Text::new("X"))));
    }

    /// The segments after an ISA in `body`, each read into [`Fields`] by
    /// `check`.
    fn each_segment(body: &str, mut check: impl FnMut(&mut Fields<'_>)) {
        let isa = "ISA*00*          *00*          *ZZ*A              *ZZ*B              *260101*1200*^*00501*000000001*0*T*:~";
        let input = format!("{isa}{body}");
        for t in Tokenizer::new(input.as_bytes()) {
            if let Token::Segment(s) = t {
                check(&mut Fields::new(&s));
            }
        }
    }

    #[test]
    fn the_last_element_ends_at_the_segment_end_whatever_the_count() {
        let mut seen = Vec::new();
        each_segment("REF~REF*~REF*EA~REF*EA*~REF*EA*X1~", |f| {
            let parts = [f.id(), f.raw(1), f.raw(2), f.raw(3)];
            seen.push(
                parts
                    .map(|p| String::from_utf8_lossy(p).into_owned())
                    .join("|"),
            );
        });
        assert_eq!(
            seen,
            ["REF|||", "REF|||", "REF|EA||", "REF|EA||", "REF|EA|X1|"]
        );
    }

    #[test]
    fn short_segments_split_as_a_byte_split_does_at_every_length() {
        // Up to 64 bytes the separators come from the segment's bit mask:
        // every length, with one-byte and empty elements, also more than
        // MAX of them.
        for len in 3..=64 {
            for empty_every in [1, 2, 3] {
                let mut body = String::from("NTE");
                let mut i = 0;
                while body.len() < len {
                    i += 1;
                    body.push('*');
                    if i % empty_every != 0 && body.len() < len {
                        body.push('V');
                    }
                }
                let want: Vec<&str> = body.split('*').skip(1).collect();
                each_segment(&format!("{body}~"), |f| {
                    for (k, v) in want.iter().enumerate().take(MAX) {
                        assert_eq!(f.raw(k + 1), v.as_bytes(), "{body}, element {}", k + 1);
                    }
                    assert_eq!(f.raw(want.len().min(MAX) + 1), b"", "{body}");
                });
            }
        }
    }

    #[test]
    fn elements_past_the_split_ones_are_kept_as_extra() {
        // MAX - 1, MAX, MAX + 1 and MAX + 2 elements, every one set, and
        // one long enough that separators are found by memchr.
        for n in [MAX - 1, MAX, MAX + 1, MAX + 2, 90] {
            let body: String = (1..=n).map(|i| format!("*V{i}")).collect();
            let mut checked = false;
            each_segment(&format!("NTE{body}~"), |f| {
                assert_eq!(f.id(), b"NTE");
                for i in 1..=n.min(MAX) {
                    assert_eq!(f.raw(i), format!("V{i}").as_bytes(), "{n} elements");
                }
                assert_eq!(f.raw(MAX + 1), b"");
                f.take(1);
                let extra = f.extra();
                assert_eq!(extra.len(), n - 1, "{n} elements");
                let last = format!("NTE{n:02}");
                assert_eq!(
                    extra.get(&last),
                    Some(&Element::Text(Text::new(&format!("V{n}")))),
                    "{n} elements"
                );
                checked = true;
            });
            assert!(checked);
        }
    }
}
