//! The mechanics the 837 and 835 writers share: an output that collects
//! problems instead of stopping at the first ([`Out`]), a segment whose
//! elements are given by position with the model's `extra` elements put
//! back in place ([`Seg`]), the kept segments of a level put back at their
//! index ([`Kept`]), and numbers formatted without allocating.

use crate::prefetch::prefetch_all;
use std::fmt;
use std::io::Write;

use super::amount::Amount;
use super::raw::{Element, Extra, OtherSegment, RawSegment, Value};
use super::text::Text;
use crate::x12::writer::{SegmentBuilder, SegmentWriter, WriteError};

/// Why a document cannot be written, with where: `claim PCN-1: CLM02
/// (total charge) missing`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateProblem {
    /// What the problem is in: `claim PCN-1`, `claim payment 7731`,
    /// `transaction 0001`, `interchange 000000001`, `row 3` …
    pub context: String,
    pub message: String,
}

impl fmt::Display for GenerateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.context, self.message)
    }
}

/// The segment writer and the problems found so far. Writing goes on
/// after a problem, so that one run reports them all.
pub(crate) struct Out<W: Write> {
    pub w: SegmentWriter<W>,
    pub problems: Vec<GenerateProblem>,
    /// Context of the problems found now (see [`GenerateProblem`]).
    pub ctx: String,
    /// The loop being written, named in delimiter problems.
    pub loop_id: &'static str,
    /// Check required values (off: write what the model holds).
    pub check: bool,
}

impl<W: Write> Out<W> {
    pub fn new(w: SegmentWriter<W>, check: bool) -> Self {
        Out {
            w,
            problems: Vec::new(),
            ctx: String::new(),
            loop_id: "",
            check,
        }
    }

    pub fn set_ctx(&mut self, what: &str, name: &str) {
        self.ctx.clear();
        self.ctx.push_str(what);
        self.ctx.push(' ');
        self.ctx.push_str(name);
    }

    pub fn problem(&mut self, message: impl Into<String>) {
        self.problems.push(GenerateProblem {
            context: self.ctx.clone(),
            message: message.into(),
        });
    }

    /// An error of the segment writer, as a problem.
    pub fn write_error(&mut self, e: WriteError) {
        let message = match e {
            WriteError::Delimiter { .. } if !self.loop_id.is_empty() => {
                format!("{} {e}", self.loop_id)
            }
            other => other.to_string(),
        };
        self.problem(message);
    }

    /// Start a body segment whose elements `extra` may replace or add to.
    pub fn seg<'a>(&'a mut self, id: &'static str, extra: &'a Extra) -> Seg<'a, W> {
        let Out {
            w,
            problems,
            ctx,
            loop_id,
            ..
        } = self;
        Seg::new(w.segment(id), id, extra, problems, ctx, loop_id)
    }

    /// Write a kept segment as it was.
    pub fn raw(&mut self, seg: &RawSegment) {
        let empty = Extra::default();
        let id = seg.id.as_str();
        let Out {
            w,
            problems,
            ctx,
            loop_id,
            ..
        } = self;
        let mut s = Seg::new(w.segment(id), id, &empty, problems, ctx, loop_id);
        for (k, e) in seg.elements.iter().enumerate() {
            s.element(k + 1, e);
        }
        s.end();
    }
}

/// One segment being written. Elements are given by 1-based position, in
/// increasing order; an element of `extra` at a position replaces what
/// the typed fields give there, and extra elements at positions no field
/// gives are written in between. Problems are recorded, not returned.
pub(crate) struct Seg<'a, W: Write> {
    b: Option<SegmentBuilder<'a, W>>,
    problems: &'a mut Vec<GenerateProblem>,
    ctx: &'a str,
    loop_id: &'a str,
    /// The extra elements that belong to this segment, by position.
    extras: Vec<(usize, &'a Element)>,
    next_extra: usize,
}

impl<'a, W: Write> Seg<'a, W> {
    pub fn new(
        b: Result<SegmentBuilder<'a, W>, WriteError>,
        id: &str,
        extra: &'a Extra,
        problems: &'a mut Vec<GenerateProblem>,
        ctx: &'a str,
        loop_id: &'a str,
    ) -> Self {
        let mut s = Seg {
            b: None,
            problems,
            ctx,
            loop_id,
            extras: Vec::new(),
            next_extra: 0,
        };
        match b {
            Ok(b) => s.b = Some(b),
            Err(e) => s.fail(e),
        }
        if !extra.is_empty() {
            s.extras = extra
                .iter()
                .filter_map(|(k, e)| position_in(k, id).map(|p| (p, e)))
                .collect();
            s.extras.sort_by_key(|&(p, _)| p);
        }
        s
    }

    fn fail(&mut self, e: WriteError) {
        let message = match &e {
            WriteError::Delimiter { .. } if !self.loop_id.is_empty() => {
                format!("{} {e}", self.loop_id)
            }
            _ => e.to_string(),
        };
        self.problems.push(GenerateProblem {
            context: self.ctx.to_string(),
            message,
        });
    }

    /// Write the extra elements before position `p` and pad to it; true
    /// when an extra element takes position `p` itself (then it is
    /// written and the typed value is not).
    #[inline]
    fn to(&mut self, p: usize) -> bool {
        while let Some(&(q, e)) = self.extras.get(self.next_extra) {
            if q > p {
                break;
            }
            self.next_extra += 1;
            self.pad(q);
            self.write_element(e);
            if q == p {
                return true;
            }
        }
        self.pad(p);
        false
    }

    /// Empty elements up to position `p` (exclusive).
    #[inline]
    fn pad(&mut self, p: usize) {
        if let Some(b) = &mut self.b {
            b.skip_to(p);
        }
    }

    fn write_element(&mut self, e: &Element) {
        let Some(b) = &mut self.b else {
            return;
        };
        let r = match e {
            Element::Text(t) => b.bytes(t.as_bytes()).map(|_| ()),
            Element::Composite(c) => b.composite(c).map(|_| ()),
            Element::Repeated(r) => {
                let reps: Vec<Vec<&[u8]>> = r
                    .repeats
                    .iter()
                    .map(|v| match v {
                        Value::Text(t) => vec![t.as_bytes()],
                        Value::Composite(c) => c.iter().map(|t| t.as_bytes()).collect(),
                    })
                    .collect();
                b.repeated(&reps).map(|_| ())
            }
        };
        if let Err(e) = r {
            self.fail(e);
        }
    }

    /// A kept element at position `p`.
    pub fn element(&mut self, p: usize, e: &Element) {
        if !self.to(p) {
            self.write_element(e);
        }
    }

    /// A simple value at position `p` (empty: nothing).
    #[inline]
    pub fn text(&mut self, p: usize, v: &str) {
        self.value(p, v.as_bytes());
    }

    /// [`Seg::text`] given as bytes.
    #[inline]
    pub fn value(&mut self, p: usize, v: &[u8]) {
        if self.to(p) || v.is_empty() || self.b.is_none() {
            return;
        }
        if let Some(Err(e)) = self.b.as_mut().map(|b| b.bytes(v).map(|_| ())) {
            self.fail(e);
        }
    }

    #[inline]
    pub fn opt(&mut self, p: usize, v: &Option<Text>) {
        self.text(p, v.as_deref().unwrap_or_default());
    }

    #[inline]
    pub fn amount(&mut self, p: usize, v: Option<Amount>) {
        if let Some(a) = v {
            let mut buf = NumBuf::new();
            self.value(p, buf.amount_bytes(a));
        } else {
            self.to(p);
        }
    }

    #[inline]
    pub fn number(&mut self, p: usize, n: u64) {
        let mut buf = NumBuf::new();
        self.text(p, buf.int(n));
    }

    /// A composite at position `p`; trailing empty components are dropped.
    #[inline]
    pub fn comp<S: AsRef<[u8]>>(&mut self, p: usize, components: &[S]) {
        if self.to(p) {
            return;
        }
        if let Some(Err(e)) = self.b.as_mut().map(|b| b.composite(components).map(|_| ())) {
            self.fail(e);
        }
    }

    /// Terminate the segment (the extra elements past the last typed
    /// one first).
    pub fn end(mut self) {
        while let Some(&(q, e)) = self.extras.get(self.next_extra) {
            self.next_extra += 1;
            self.pad(q);
            self.write_element(e);
        }
        if let Some(b) = self.b.take()
            && let Err(e) = b.end()
        {
            self.fail(e);
        }
    }
}

/// The position of an extra element `reference` (`CLM13`) in segment
/// `id`; `None` when it names an element of another segment.
fn position_in(reference: &str, id: &str) -> Option<usize> {
    let digits = reference.strip_prefix(id)?;
    if digits.len() < 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&p| p > 0)
}

/// Extra element references of a level that name none of the segments
/// `ids` it is written to: they would be lost.
pub(crate) fn stray_extras<'e>(
    extra: &'e Extra,
    ids: &[&str],
) -> impl Iterator<Item = &'e Text> + 'e {
    let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    extra
        .iter()
        .map(|(k, _)| k)
        .filter(move |k| !ids.iter().any(|id| position_in(k, id).is_some()))
}

/// Put back the kept segments of one loop instance at their index among
/// the segments the instance holds directly.
pub(crate) struct Kept<'a> {
    all: &'a [OtherSegment],
    own: &'a str,
    /// The next kept segment of this loop, if any.
    at: usize,
    /// Segments written directly in the instance so far.
    count: u32,
}

impl<'a> Kept<'a> {
    pub fn new(all: &'a [OtherSegment], own: &'a str) -> Self {
        let mut k = Kept {
            all,
            own,
            at: 0,
            count: 0,
        };
        k.skip();
        k
    }

    fn skip(&mut self) {
        while let Some(o) = self.all.get(self.at) {
            if o.loop_id.as_deref() == Some(self.own) {
                break;
            }
            self.at += 1;
        }
    }

    /// Whether a kept segment stands first in the instance: then it
    /// replaces the typed opener (HL, CLM, NM1 …), which the model could
    /// not read.
    pub fn opener_kept(&self) -> bool {
        self.all
            .get(self.at)
            .is_some_and(|o| o.index == 0 && self.count == 0)
    }

    /// Call before writing a typed segment of the instance: writes the
    /// kept segments that stood before it.
    #[inline]
    pub fn before<W: Write>(&mut self, out: &mut Out<W>) {
        if self.at < self.all.len() {
            self.flush(out, false);
        }
        self.count += 1;
    }

    /// Write the kept segments whose index is the next position (all of
    /// them with `all`).
    fn flush<W: Write>(&mut self, out: &mut Out<W>, all: bool) {
        while let Some(o) = self.all.get(self.at) {
            if !all && o.index > self.count {
                break;
            }
            out.raw(&o.segment);
            self.count += 1;
            self.at += 1;
            self.skip();
        }
    }

    /// The kept segments of the instance after the last typed one.
    pub fn rest<W: Write>(&mut self, out: &mut Out<W>) {
        self.flush(out, true);
    }
}

/// Write the kept segments of `all` that stood in instances of loop
/// `loop_id` the model does not type (a second rendering provider, a
/// 2440 form …), in order.
pub(crate) fn raw_loops<W: Write>(out: &mut Out<W>, all: &[OtherSegment], loop_id: &str) {
    for o in all {
        if o.loop_id.as_deref() == Some(loop_id) {
            out.raw(&o.segment);
        }
    }
}

/// Write the kept segments of `all` whose loop is neither `own` nor one
/// of `known`: nothing is dropped, even from a hand-made document.
pub(crate) fn other_loops<W: Write>(
    out: &mut Out<W>,
    all: &[OtherSegment],
    own: &[&str],
    known: &[&str],
) {
    other_loops_of(out, all, own, known, &[]);
}

/// [`other_loops`] where the provider loops of `providers` are known too.
pub(crate) fn other_loops_of<W: Write>(
    out: &mut Out<W>,
    all: &[OtherSegment],
    own: &[&str],
    known: &[&str],
    providers: &[(&str, &[&str])],
) {
    for o in all {
        let id = o.loop_id.as_deref().unwrap_or_default();
        if !own.contains(&id) && !known.contains(&id) && !providers.iter().any(|(l, _)| *l == id) {
            out.raw(&o.segment);
        }
    }
}

/// [`prefetch_all`] of a boxed party. A parsed document is far larger
/// than the cache and the writers read it claim by claim, so the next
/// claim's heap parts are asked for while the current one is written;
/// otherwise writing waits on each of those loads.
pub(crate) fn prefetch_party(p: &Option<Box<super::party::Party>>) {
    if let Some(p) = p {
        prefetch_all(std::slice::from_ref(&**p));
    }
}

/// A stack buffer for formatting numbers without allocating.
pub(crate) struct NumBuf {
    b: [u8; 48],
}

impl NumBuf {
    pub fn new() -> Self {
        NumBuf { b: [0; 48] }
    }

    /// An integer, in decimal.
    pub fn int(&mut self, n: u64) -> &str {
        let at = self.digits(self.b.len(), n as u128, 0);
        ascii(&self.b[at..])
    }

    /// An amount exactly as [`Amount`]'s `Display` writes it (its scale
    /// kept: `250.00`), without going through the formatter.
    pub fn amount(&mut self, a: Amount) -> &str {
        ascii(self.amount_bytes(a))
    }

    /// [`NumBuf::amount`] as bytes, for the writer (they are ASCII).
    pub fn amount_bytes(&mut self, a: Amount) -> &[u8] {
        let d = a.value();
        let m = d.mantissa();
        let mut at = self.digits(self.b.len(), m.unsigned_abs(), d.scale() as usize);
        if m < 0 {
            at -= 1;
            self.b[at] = b'-';
        }
        &self.b[at..]
    }

    /// The digits of `n` ending before `at`, a point before the last
    /// `scale` of them; returns where they start. Amounts nearly always
    /// fit 64 bits, and 128-bit division is a library call per digit.
    #[inline]
    fn digits(&mut self, mut at: usize, n: u128, scale: usize) -> usize {
        let mut written = 0;
        let mut put = |at: &mut usize, digit: u8| {
            if written == scale && scale > 0 {
                *at -= 1;
                self.b[*at] = b'.';
            }
            *at -= 1;
            self.b[*at] = b'0' + digit;
            written += 1;
            written > scale
        };
        let mut wide = n;
        while wide > u128::from(u64::MAX) {
            put(&mut at, (wide % 10) as u8);
            wide /= 10;
        }
        let mut n = wide as u64;
        loop {
            let past_point = put(&mut at, (n % 10) as u8);
            n /= 10;
            if n == 0 && past_point {
                break;
            }
        }
        at
    }
}

/// Bytes this module wrote as ASCII, as text.
fn ascii(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x12::writer::WriteOptions;

    #[test]
    fn amounts_format_as_display_does() {
        for s in [
            "0",
            "0.00",
            "0.5",
            "0.05",
            "5",
            "250.00",
            "-12.5",
            "-0.01",
            "100",
            "1234567.891",
            "1234567890123456789012345678",
        ] {
            let a = Amount::parse(s.as_bytes()).unwrap();
            assert_eq!(NumBuf::new().amount(a), a.to_string(), "{s}");
            assert_eq!(NumBuf::new().amount(a), s);
        }
        let sum =
            Amount::parse(b"10.50").unwrap().value() - Amount::parse(b"10.50").unwrap().value();
        let a = Amount::from(sum);
        assert_eq!(NumBuf::new().amount(a), a.to_string());
        assert_eq!(NumBuf::new().int(0), "0");
        assert_eq!(
            NumBuf::new().int(18446744073709551615),
            "18446744073709551615"
        );
    }

    fn out() -> Out<Vec<u8>> {
        Out::new(
            SegmentWriter::new(Vec::new(), WriteOptions::default()),
            true,
        )
    }

    fn text(o: Out<Vec<u8>>) -> String {
        String::from_utf8(o.w.finish().unwrap()).unwrap()
    }

    #[test]
    fn extra_elements_replace_and_fill_positions() {
        let mut extra = Extra::default();
        extra.insert(Text::new("CLM13"), Element::Text(Text::new("Y")));
        extra.insert(Text::new("CLM02"), Element::Text(Text::new("12.5.0")));
        extra.insert(Text::new("SV101"), Element::Text(Text::new("elsewhere")));
        let mut o = out();
        let mut s = o.seg("CLM", &extra);
        s.text(1, "A1");
        s.amount(2, Amount::parse(b"100"));
        s.comp(5, &["11", "B", "1"]);
        s.text(6, "Y");
        s.end();
        assert_eq!(text(o), "CLM*A1*12.5.0***11:B:1*Y*******Y~");
    }

    #[test]
    fn kept_segments_go_back_to_their_index() {
        let kept = |index, id: &str| OtherSegment {
            loop_id: Some(Text::new("2300")),
            index,
            unexpected: false,
            segment: RawSegment {
                id: Text::new(id),
                elements: vec![],
            },
        };
        let all = vec![
            kept(1, "K1"),
            OtherSegment {
                loop_id: Some(Text::new("2310B")),
                ..kept(0, "NM1")
            },
            kept(3, "K3"),
            kept(7, "K7"),
        ];
        let mut o = out();
        let mut k = Kept::new(&all, "2300");
        assert!(!k.opener_kept());
        let none = Extra::default();
        for id in ["CLM", "DTP", "HI"] {
            k.before(&mut o);
            o.seg(id, &none).end();
        }
        k.rest(&mut o);
        raw_loops(&mut o, &all, "2310B");
        assert_eq!(text(o), "CLM~K1~DTP~K3~HI~K7~NM1~");
    }

    #[test]
    fn a_value_with_a_delimiter_is_a_problem_with_context() {
        let mut o = out();
        o.set_ctx("claim", "PCN-1");
        o.loop_id = "2010AA";
        let none = Extra::default();
        let mut s = o.seg("NM1", &none);
        s.text(1, "85");
        s.text(3, "A*B");
        s.text(9, "1234567893");
        s.end();
        assert_eq!(
            o.problems[0].to_string(),
            "claim PCN-1: 2010AA NM103 value 'A*B' contains a delimiter or control character"
        );
        assert_eq!(text(o), "NM1*85********1234567893~");
    }
}
