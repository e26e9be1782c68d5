//! Element data types, lengths and code lists, compiled from the guide
//! definitions into a form that is quick to check values against.
//!
//! Nothing here reports: the functions answer whether a value is well
//! formed, and the SYN rules decide what to say about it.

use std::sync::OnceLock;

use super::guide::{ElementDef, SegmentDef, Usage};

/// An X12 data element type (X12.6 §3.3), as the guides use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataType {
    /// Alphanumeric string.
    An,
    /// Identifier (a code).
    Id,
    /// Numeric with an implied number of decimal places (`N0`, `N2` …).
    Numeric { decimals: u8 },
    /// Decimal number with an explicit point (`R`).
    Decimal,
    /// Date, `CCYYMMDD` (or `YYMMDD` where the guide allows 6 characters).
    Date,
    /// Time, `HHMM`, `HHMMSS`, `HHMMSSD` or `HHMMSSDD`.
    Time,
    /// Binary or anything else the guides do not use: not checked.
    Other,
}

impl DataType {
    pub fn parse(code: &str) -> DataType {
        match code {
            "AN" => DataType::An,
            "ID" => DataType::Id,
            "R" => DataType::Decimal,
            "DT" => DataType::Date,
            "TM" => DataType::Time,
            n if n.len() == 2 && n.starts_with('N') => n[1..]
                .parse()
                .map_or(DataType::Other, |decimals| DataType::Numeric { decimals }),
            _ => DataType::Other,
        }
    }

    /// The name used in the guides and in messages.
    pub fn name(self) -> &'static str {
        match self {
            DataType::An => "AN",
            DataType::Id => "ID",
            DataType::Numeric { .. } => "N",
            DataType::Decimal => "R",
            DataType::Date => "DT",
            DataType::Time => "TM",
            DataType::Other => "B",
        }
    }
}

/// `-?[0-9]+`: an N-type value (the decimals are implied).
pub fn is_numeric(v: &[u8]) -> bool {
    let digits = v.strip_prefix(b"-").unwrap_or(v);
    !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
}

/// An R-type value: optional minus, digits with at most one decimal
/// point, at least one digit, and no exponent.
pub fn is_decimal(v: &[u8]) -> bool {
    let body = v.strip_prefix(b"-").unwrap_or(v);
    let mut digits = 0;
    let mut points = 0;
    for &b in body {
        match b {
            b'0'..=b'9' => digits += 1,
            b'.' => points += 1,
            _ => return false,
        }
    }
    digits > 0 && points <= 1
}

/// Length as X12 counts it: the sign and the decimal point of numbers do
/// not count (X12.6 §3.3.3).
pub fn counted_len(ty: DataType, v: &[u8]) -> usize {
    match ty {
        DataType::Numeric { .. } | DataType::Decimal => {
            v.iter().filter(|&&b| b != b'-' && b != b'.').count()
        }
        _ => v.len(),
    }
}

fn number(digits: &[u8]) -> u32 {
    digits
        .iter()
        .fold(0, |n, d| n * 10 + u32::from(d.wrapping_sub(b'0')))
}

/// Whether year/month/day is a calendar date (Gregorian leap years).
#[inline]
pub fn is_calendar_date(year: u64, month: u64, day: u64) -> bool {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Earliest year accepted in a date: health-care dates (birth, service,
/// payment) before 1800 are keying errors, and pyx12 draws the line there
/// too.
pub const EARLIEST_YEAR: u32 = 1800;

/// `CCYYMMDD`, a calendar date from [`EARLIEST_YEAR`] on; with
/// `allow_short`, also `YYMMDD` (years 50–99 are 19xx, as in the ISA).
pub fn is_date(v: &[u8], allow_short: bool) -> bool {
    if !v.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let (year, rest) = match v.len() {
        8 => (number(&v[..4]), &v[4..]),
        6 if allow_short => {
            let yy = number(&v[..2]);
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, &v[2..])
        }
        _ => return false,
    };
    year >= EARLIEST_YEAR
        && is_calendar_date(
            u64::from(year),
            u64::from(number(&rest[..2])),
            u64::from(number(&rest[2..4])),
        )
}

/// `HHMM`, `HHMMSS`, `HHMMSSD` or `HHMMSSDD` with hours 00–23 and
/// minutes and seconds 00–59.
pub fn is_time(v: &[u8]) -> bool {
    if !matches!(v.len(), 4 | 6 | 7 | 8) || !v.iter().all(u8::is_ascii_digit) {
        return false;
    }
    number(&v[..2]) <= 23 && number(&v[2..4]) <= 59 && (v.len() < 6 || number(&v[4..6]) <= 59)
}

/// A date-time value checked by its format qualifier (DTP02, DMG01 …:
/// data element 1250). `None`: the qualifier is one this crate does not
/// check; `Some(Err(why))`: the value does not have the format.
pub fn check_date_period(format: &[u8], v: &[u8]) -> Option<Result<(), &'static str>> {
    let ok = |b: bool, why| if b { Ok(()) } else { Err(why) };
    Some(match format {
        b"D8" => ok(is_date(v, false), "not a CCYYMMDD date"),
        b"D6" => ok(v.len() == 6 && is_date(v, true), "not a YYMMDD date"),
        b"DT" => ok(
            v.len() == 12 && is_date(&v[..8], false) && is_time(&v[8..]),
            "not a CCYYMMDDHHMM date and time",
        ),
        b"TM" => ok(v.len() == 4 && is_time(v), "not an HHMM time"),
        b"RD8" => {
            let Some(dash) = v.iter().position(|&b| b == b'-') else {
                return Some(Err("not a CCYYMMDD-CCYYMMDD range"));
            };
            let (from, to) = (&v[..dash], &v[dash + 1..]);
            if !is_date(from, false) || !is_date(to, false) {
                Err("not a CCYYMMDD-CCYYMMDD range")
            } else if from > to {
                // Same-length digit strings compare as the dates do.
                Err("the range ends before it starts")
            } else {
                Ok(())
            }
        }
        _ => return None,
    })
}

/// Whether a value holds a byte outside the X12 character set: a control
/// character (below 0x20, or DEL: a sign of a broken delimiter or line
/// break) or a non-ASCII byte (UTF-8 or Latin-1 text, which the 5010 basic
/// and extended character sets do not include).
pub fn has_control_character(v: &[u8]) -> bool {
    v.iter().any(|&b| !(0x20..0x7f).contains(&b))
}

/// A value of up to 7 bytes packed into an integer with its length, so
/// that short codes compare as one integer instead of a memcmp call.
#[inline]
pub fn pack_code(v: &[u8]) -> Option<u64> {
    if v.len() > 7 {
        return None;
    }
    let mut x = 0u64;
    for &b in v {
        x = (x << 8) | u64::from(b);
    }
    Some(x | ((v.len() as u64) << 56))
}

/// The guide's allowed values of one element, sorted for lookup.
#[derive(Debug, Clone)]
pub struct CodeSet {
    /// A set of at most four short codes (most qualifiers), inline and
    /// compared all at once; unused entries never match.
    few: Option<[u64; 4]>,
    /// Codes of up to 7 bytes, packed and sorted.
    short: Vec<u64>,
    /// Longer codes, sorted.
    long: Vec<&'static [u8]>,
    sorted: Vec<&'static [u8]>,
}

impl CodeSet {
    pub fn new(codes: &'static [String]) -> Self {
        let mut sorted: Vec<&'static [u8]> = codes.iter().map(|c| c.as_bytes()).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut short: Vec<u64> = sorted.iter().filter_map(|c| pack_code(c)).collect();
        short.sort_unstable();
        let long: Vec<&'static [u8]> = sorted.iter().copied().filter(|c| c.len() > 7).collect();
        let few = (short.len() <= 4 && long.is_empty()).then(|| {
            let mut few = [u64::MAX; 4];
            few[..short.len()].copy_from_slice(&short);
            few
        });
        CodeSet {
            few,
            short,
            long,
            sorted,
        }
    }

    /// Nearly every look is at a set of at most four codes (a qualifier):
    /// that test is made in line, the lists out of line.
    #[inline(always)]
    pub fn contains(&self, v: &[u8]) -> bool {
        if let Some(few) = &self.few {
            // u64::MAX packs no value: its length byte would be 255.
            return pack_code(v)
                .is_some_and(|p| (few[0] == p) | (few[1] == p) | (few[2] == p) | (few[3] == p));
        }
        self.listed(v)
    }

    #[inline(never)]
    fn listed(&self, v: &[u8]) -> bool {
        match pack_code(v) {
            Some(p) if self.short.len() <= 16 => self.short.contains(&p),
            Some(p) => self.short.binary_search(&p).is_ok(),
            None => self.long.binary_search(&v).is_ok(),
        }
    }

    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// The codes, sorted, for messages.
    pub fn iter(&self) -> impl Iterator<Item = &'static [u8]> + '_ {
        self.sorted.iter().copied()
    }
}

/// The external code lists the guides name (`code_list` of an element)
/// that claimcheck checks at the syntax level; see `schemas/code_lists`.
fn external_list(name: &str) -> Option<&'static [String]> {
    static LISTS: OnceLock<[Vec<String>; 3]> = OnceLock::new();
    let lists = LISTS.get_or_init(|| {
        let parse = |text: &str| -> Vec<String> {
            // Generated and tested in this crate: a failure is a build defect.
            serde_json::from_str(text).expect("embedded code list is valid")
        };
        [
            parse(include_str!("../../schemas/code_lists/states.json")),
            parse(include_str!("../../schemas/code_lists/country.json")),
            parse(include_str!("../../schemas/code_lists/currency.json")),
        ]
    });
    let i = match name {
        "states" => 0,
        "country" => 1,
        "currency" => 2,
        _ => return None,
    };
    Some(&lists[i])
}

/// A value pattern from the guide. The guides use only fixed-length digit
/// strings (`[0-9]{9}`); other forms are not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// Exactly this many ASCII digits.
    Digits(usize),
}

impl Pattern {
    pub fn parse(regex: &str) -> Option<Pattern> {
        let n = regex.strip_prefix("[0-9]{")?.strip_suffix('}')?;
        n.parse().ok().map(Pattern::Digits)
    }

    pub fn matches(self, v: &[u8]) -> bool {
        match self {
            Pattern::Digits(n) => v.len() == n && v.iter().all(u8::is_ascii_digit),
        }
    }

    /// How the pattern reads in a message.
    pub fn describe(self) -> String {
        match self {
            Pattern::Digits(n) => format!("exactly {n} digits"),
        }
    }
}

/// What the common, clean value of an element needs checked: the part of
/// an [`ElementSpec`] read for every element of a file, 16 bytes, kept
/// in one array per segment so that a clean segment touches a cache line
/// or two instead of a 150-byte spec per element.
#[derive(Debug, Clone, Copy)]
pub struct FastElement {
    pub codes: Option<&'static CodeSet>,
    pub min_len: u16,
    /// Saturated: a value longer than 65,534 takes the slow path, which
    /// reads the real maximum.
    pub max_len: u16,
    pub check: FastCheck,
    pub required: bool,
    pub not_used: bool,
    /// Data element 1250: the next element's date format.
    pub date_format: bool,
}

/// The fast test a simple value gets; `Slow` for composites and values
/// with a pattern, which always take the full path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FastCheck {
    Length,
    Codes,
    Numeric,
    Decimal,
    Date { allow_short: bool },
    Time,
    Slow,
}

impl FastElement {
    pub fn of(es: &ElementSpec) -> Self {
        let check = if es.is_composite() || es.pattern.is_some() {
            FastCheck::Slow
        } else if es.codes.is_some() {
            FastCheck::Codes
        } else {
            match es.data_type {
                DataType::Numeric { .. } => FastCheck::Numeric,
                DataType::Decimal => FastCheck::Decimal,
                DataType::Date => FastCheck::Date {
                    allow_short: es.max_len == 6,
                },
                DataType::Time => FastCheck::Time,
                DataType::An | DataType::Id | DataType::Other => FastCheck::Length,
            }
        };
        FastElement {
            codes: es.codes,
            min_len: es.min_len.min(usize::from(u16::MAX)) as u16,
            max_len: es.max_len.min(usize::from(u16::MAX - 1)) as u16,
            check,
            required: es.usage == Usage::Required,
            not_used: es.usage == Usage::NotUsed,
            date_format: es.is_date_format,
        }
    }

    /// Whether a non-empty simple value with no delimiter or control
    /// character inside passes every check of the element (no date
    /// format qualifier before it). `false` only means "look closer".
    #[inline(always)]
    pub fn accepts(&self, v: &[u8]) -> bool {
        if v.last() == Some(&b' ') {
            return false;
        }
        // Tests in order of frequency rather than a `match`: a jump table's
        // indirect branch mispredicts often on a mix of element kinds.
        let len = if matches!(self.check, FastCheck::Length) {
            v.len()
        } else if matches!(self.check, FastCheck::Codes) {
            return self.codes.is_some_and(|c| c.contains(v));
        } else {
            match self.check {
                FastCheck::Numeric if is_numeric(v) => v.len() - usize::from(v[0] == b'-'),
                FastCheck::Decimal if is_decimal(v) => counted_len(DataType::Decimal, v),
                FastCheck::Date { allow_short } if is_date(v, allow_short) => v.len(),
                FastCheck::Time if is_time(v) => v.len(),
                _ => return false,
            }
        };
        len >= usize::from(self.min_len) && len <= usize::from(self.max_len)
    }
}

/// An element (or component) of a segment definition, ready for checking.
#[derive(Debug, Clone)]
pub struct ElementSpec {
    pub def: &'static ElementDef,
    pub usage: Usage,
    pub data_type: DataType,
    pub min_len: usize,
    /// `usize::MAX` when the guide gives no maximum.
    pub max_len: usize,
    /// Repetitions allowed (1 unless the guide says more).
    pub max_repeat: u32,
    /// Compiled guides live for the whole process (one per guide, built
    /// once), so their code sets may too: [`FastElement`] points at them.
    pub codes: Option<&'static CodeSet>,
    /// A pattern the guide gives for the value (the 9-digit ZIP code of
    /// a billing provider).
    pub pattern: Option<Pattern>,
    /// Components, for a composite; empty for a simple element.
    pub components: Vec<ElementSpec>,
    /// Data element 1250 (date-time format qualifier): the next element's
    /// format depends on it.
    pub is_date_format: bool,
    /// One past the last required component (0 for a simple element).
    pub required_end: usize,
}

impl ElementSpec {
    fn compile(def: &'static ElementDef) -> Self {
        let components: Vec<ElementSpec> = def
            .components
            .iter()
            .flatten()
            .map(ElementSpec::compile)
            .collect();
        ElementSpec {
            def,
            usage: def.usage,
            data_type: def
                .data_type
                .as_deref()
                .map_or(DataType::Other, DataType::parse),
            min_len: def.min_len.map_or(0, |n| n as usize),
            max_len: def.max_len.map_or(usize::MAX, |n| n as usize),
            max_repeat: def.max_repeat.unwrap_or(1).max(1),
            codes: def
                .codes
                .as_deref()
                .filter(|c| !c.is_empty())
                .or_else(|| def.code_list.as_deref().and_then(external_list))
                .map(|codes| &*Box::leak(Box::new(CodeSet::new(codes)))),
            pattern: def.regex.as_deref().and_then(Pattern::parse),
            is_date_format: def.data_ele.as_deref() == Some("1250"),
            required_end: components
                .iter()
                .rposition(|c| c.usage == Usage::Required)
                .map_or(0, |i| i + 1),
            components,
        }
    }

    pub fn is_composite(&self) -> bool {
        !self.components.is_empty()
    }

    /// The element reference, `CLM05` or `CLM05-01`.
    pub fn reference(&self) -> &'static str {
        &self.def.reference
    }
}

/// An X12 syntax note on a segment (X12.6 §3.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxNote {
    pub kind: SyntaxKind,
    /// 1-based element positions the note names.
    pub elements: Vec<usize>,
    /// The note as written in the guide (`P0102`).
    pub text: &'static str,
    /// Bit masks (bit `p - 1` for position `p`) of every named position
    /// and of the first, for [`SyntaxNote::holds`]; `None` when a
    /// position is past 64 or named twice.
    masks: Option<(u64, u64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxKind {
    /// P: if any is present, all are.
    Paired,
    /// R: at least one is present.
    Required,
    /// E: at most one is present.
    Exclusion,
    /// C: if the first is present, all the others are.
    Conditional,
    /// L: if the first is present, at least one of the others is.
    ListConditional,
}

impl SyntaxNote {
    /// Parse `P0102`, `L010203` …; `None` for anything else.
    pub fn parse(text: &'static str) -> Option<SyntaxNote> {
        let kind = match text.as_bytes().first()? {
            b'P' => SyntaxKind::Paired,
            b'R' => SyntaxKind::Required,
            b'E' => SyntaxKind::Exclusion,
            b'C' => SyntaxKind::Conditional,
            b'L' => SyntaxKind::ListConditional,
            _ => return None,
        };
        let digits = &text[1..];
        if digits.len() < 4 || !digits.len().is_multiple_of(2) {
            return None;
        }
        let elements = digits
            .as_bytes()
            .chunks(2)
            .map(|p| std::str::from_utf8(p).ok()?.parse().ok())
            .collect::<Option<Vec<usize>>>()?;
        let bit = |p: usize| (1..=64).contains(&p).then(|| 1u64 << (p - 1));
        let all = elements
            .iter()
            .try_fold(0u64, |all, &p| Some(all | bit(p)?));
        let masks = all
            .filter(|all| all.count_ones() as usize == elements.len())
            .zip(bit(elements[0]));
        Some(SyntaxNote {
            kind,
            elements,
            text,
            masks,
        })
    }

    /// Whether the note holds for the positions set in `present` (bit
    /// `p - 1` for position `p`); `None` when a position is past 64 or
    /// named twice, and [`SyntaxNote::violations`] must decide. No
    /// allocation: most notes hold on most segments.
    #[inline]
    pub fn holds(&self, present: u64) -> Option<bool> {
        let (all, first) = self.masks?;
        let rest = all & !first;
        let here = present & all;
        Some(match self.kind {
            SyntaxKind::Paired => here == 0 || here == all,
            SyntaxKind::Required => here != 0,
            SyntaxKind::Exclusion => here.count_ones() <= 1,
            SyntaxKind::Conditional => here & first == 0 || here & rest == rest,
            SyntaxKind::ListConditional => here & first == 0 || here & rest != 0,
        })
    }

    /// Whether the note holds, given which positions carry a value.
    /// Returns the positions that break it: the missing ones (P, C, L, R:
    /// all named positions when none is present) or the extra ones (E).
    pub fn violations(&self, present: impl Fn(usize) -> bool) -> Vec<usize> {
        let (first, rest) = (self.elements[0], &self.elements[1..]);
        let missing = |ps: &[usize]| ps.iter().copied().filter(|&p| !present(p)).collect();
        match self.kind {
            SyntaxKind::Paired => {
                if self.elements.iter().any(|&p| present(p)) {
                    missing(&self.elements)
                } else {
                    Vec::new()
                }
            }
            SyntaxKind::Required => {
                if self.elements.iter().any(|&p| present(p)) {
                    Vec::new()
                } else {
                    self.elements.clone()
                }
            }
            SyntaxKind::Exclusion => {
                let here: Vec<usize> = self
                    .elements
                    .iter()
                    .copied()
                    .filter(|&p| present(p))
                    .collect();
                if here.len() > 1 {
                    here[1..].to_vec()
                } else {
                    Vec::new()
                }
            }
            SyntaxKind::Conditional => {
                if present(first) {
                    missing(rest)
                } else {
                    Vec::new()
                }
            }
            SyntaxKind::ListConditional => {
                if present(first) && !rest.iter().any(|&p| present(p)) {
                    rest.to_vec()
                } else {
                    Vec::new()
                }
            }
        }
    }
}

/// A segment definition ready for checking.
#[derive(Debug, Clone)]
pub struct SegmentSpec {
    pub def: &'static SegmentDef,
    pub elements: Vec<ElementSpec>,
    /// The hot part of each element's definition, side by side.
    pub fast: Vec<FastElement>,
    pub syntax: Vec<SyntaxNote>,
    /// One past the last required element: elements missing after it
    /// need no look.
    pub required_end: usize,
    /// Definitions whose element checks are the same (the same id,
    /// elements and syntax notes, as the 2300 loop's under 2000B and under
    /// 2000C) share this number, which no other definition of the process
    /// has: a segment found clean against one is clean against the others.
    /// 0 until the guide is compiled.
    pub checked_as: usize,
}

impl SegmentSpec {
    pub fn compile(def: &'static SegmentDef) -> Self {
        let elements: Vec<ElementSpec> = def.elements.iter().map(ElementSpec::compile).collect();
        SegmentSpec {
            def,
            fast: elements.iter().map(FastElement::of).collect(),
            required_end: elements
                .iter()
                .rposition(|e| e.usage == Usage::Required)
                .map_or(0, |i| i + 1),
            elements,
            syntax: def
                .syntax
                .iter()
                .filter_map(|s| SyntaxNote::parse(s))
                .collect(),
            checked_as: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert!(is_numeric(b"12") && is_numeric(b"-3"));
        assert!(!is_numeric(b"") && !is_numeric(b"1.0") && !is_numeric(b"-"));
        assert!(is_decimal(b"12.50") && is_decimal(b"-.5") && is_decimal(b"7."));
        assert!(!is_decimal(b"1.2.3") && !is_decimal(b".") && !is_decimal(b"1E3"));
        assert_eq!(counted_len(DataType::Decimal, b"-123.45"), 5);
        assert_eq!(counted_len(DataType::An, b"-123.45"), 7);
    }

    #[test]
    fn dates_and_times() {
        assert!(is_date(b"20240229", false));
        assert!(!is_date(b"20230229", false));
        assert!(!is_date(b"10010101", false), "before 1800");
        assert!(!is_date(b"240101", false) && is_date(b"240101", true));
        assert!(is_time(b"2359") && is_time(b"235959") && is_time(b"23595999"));
        assert!(!is_time(b"2400") && !is_time(b"1260") && !is_time(b"12345"));
        assert_eq!(
            check_date_period(b"RD8", b"20240101-20240131"),
            Some(Ok(()))
        );
        assert_eq!(
            check_date_period(b"RD8", b"20240131-20240101"),
            Some(Err("the range ends before it starts"))
        );
        assert!(matches!(check_date_period(b"D8", b"2024013"), Some(Err(_))));
        assert_eq!(check_date_period(b"DT", b"202401311230"), Some(Ok(())));
        assert_eq!(check_date_period(b"XX", b"anything"), None);
    }

    #[test]
    fn syntax_notes() {
        let p = SyntaxNote::parse("P0102").unwrap();
        assert_eq!(p.violations(|n| n == 1), vec![2]);
        assert!(p.violations(|_| false).is_empty());
        let r = SyntaxNote::parse("R0203").unwrap();
        assert_eq!(r.violations(|_| false), vec![2, 3]);
        let e = SyntaxNote::parse("E0102").unwrap();
        assert_eq!(e.violations(|_| true), vec![2]);
        let c = SyntaxNote::parse("C0304").unwrap();
        assert_eq!(c.violations(|n| n == 3), vec![4]);
        let l = SyntaxNote::parse("L010203").unwrap();
        assert_eq!(l.violations(|n| n == 1), vec![2, 3]);
        assert!(SyntaxNote::parse("X0102").is_none());
        assert!(SyntaxNote::parse("P01").is_none());
    }

    /// The bit-mask test agrees with the full one on every combination of
    /// present positions, for every kind of note; a position past 64
    /// leaves the answer to the full test.
    #[test]
    fn syntax_note_masks_agree_with_violations() {
        for text in [
            "P0102", "P030405", "R0203", "R010264", "E0102", "E020304", "C0304", "C010305",
            "L010203", "L031112", "P0964",
        ] {
            let note = SyntaxNote::parse(text).unwrap();
            let positions = note.elements.clone();
            for combo in 0u32..(1 << positions.len()) {
                let mut present = 0u64;
                for (k, &p) in positions.iter().enumerate() {
                    if combo & (1 << k) != 0 {
                        present |= 1 << (p - 1);
                    }
                }
                // An unrelated position set changes nothing.
                present |= 1 << 20;
                let has = |p: usize| (1..=64).contains(&p) && present & (1 << (p - 1)) != 0;
                assert_eq!(
                    note.holds(present),
                    Some(note.violations(has).is_empty()),
                    "{text} with {present:#x}"
                );
            }
        }
        let past = SyntaxNote::parse("P0165").unwrap();
        assert_eq!(past.holds(1), None);
        // A position named twice counts twice in the full test.
        let twice = SyntaxNote::parse("E0101").unwrap();
        assert_eq!(twice.holds(1), None);
        assert_eq!(twice.violations(|p| p == 1), vec![1]);
    }
}
