//! What the UNIT rules take from the CPT code definitions themselves,
//! whatever the payer: the minutes each psychotherapy code stands for,
//! and which add-on codes need which primary code.
//!
//! Source (facts only, no descriptor text): the time ranges of the CPT
//! psychotherapy codes as published in CMS's Medicare Learning Network
//! booklet "Medicare & Mental Health Coverage" and the CPT time rule (a
//! unit of time is attained once its midpoint is passed); the add-on
//! pairs from the CPT add-on code descriptors as listed in the CMS NCCI
//! add-on code edit files (Type I add-on codes with their primary codes).
//! See NOTICE.

use rust_decimal::Decimal;

/// The minutes a timed psychotherapy code stands for, least to most
/// (`None`: no upper bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Minutes {
    pub least: u32,
    pub most: Option<u32>,
}

/// The timed psychotherapy codes: 30, 45 and 60 minutes (alone and as
/// add-ons to an E/M visit), crisis psychotherapy (first 60 minutes), and
/// family psychotherapy (50 minutes, reached at 26).
const TIMED: [(&str, Minutes); 9] = [
    ("90832", range(16, 37)),
    ("90833", range(16, 37)),
    ("90834", range(38, 52)),
    ("90836", range(38, 52)),
    ("90837", at_least(53)),
    ("90838", at_least(53)),
    ("90839", range(30, 74)),
    ("90846", at_least(26)),
    ("90847", at_least(26)),
];

const fn range(least: u32, most: u32) -> Minutes {
    Minutes {
        least,
        most: Some(most),
    }
}

const fn at_least(least: u32) -> Minutes {
    Minutes { least, most: None }
}

/// The minutes of a timed psychotherapy code.
pub(crate) fn session_minutes(code: &str) -> Option<Minutes> {
    if !code.starts_with("908") {
        return None;
    }
    TIMED.iter().find(|(c, _)| *c == code).map(|&(_, m)| m)
}

/// Crisis psychotherapy, first 30 to 74 minutes.
pub const CRISIS: &str = "90839";
/// Crisis psychotherapy, each additional 30 minutes.
pub const CRISIS_ADD_ON: &str = "90840";

/// Units of 90840 a crisis session of `minutes` supports: one at 75
/// minutes and one more for each further 30 (75-104: 1, 105-134: 2 …).
pub(crate) fn crisis_add_on_units(minutes: Decimal) -> Decimal {
    let past = minutes - Decimal::from(75);
    if past < Decimal::ZERO {
        Decimal::ZERO
    } else {
        (past / Decimal::from(30)).floor() + Decimal::ONE
    }
}

/// The psychotherapy code `minutes` support, in words: `90834 (38-52
/// minutes)`; for the add-on codes of an E/M visit when `add_on`.
pub(crate) fn supported(minutes: Decimal, add_on: bool) -> String {
    let codes: [(&str, u32, &str); 3] = if add_on {
        [
            ("90833", 16, "16-37"),
            ("90836", 38, "38-52"),
            ("90838", 53, "53 or more"),
        ]
    } else {
        [
            ("90832", 16, "16-37"),
            ("90834", 38, "38-52"),
            ("90837", 53, "53 or more"),
        ]
    };
    match codes
        .iter()
        .rev()
        .find(|(_, least, _)| minutes >= Decimal::from(*least))
    {
        Some((code, _, span)) => format!("{code} ({span} minutes)"),
        None => "no psychotherapy code (16 minutes at least)".to_string(),
    }
}

/// Psychotherapy and evaluation codes billed one unit per session (the
/// minutes choose the code): 90791, 90792, 90832-90839, 90846, 90847,
/// 90853. 90840 is billed in units of 30 minutes.
pub(crate) fn is_session_code(code: &str) -> bool {
    matches!(
        code,
        "90791"
            | "90792"
            | "90832"
            | "90833"
            | "90834"
            | "90836"
            | "90837"
            | "90838"
            | "90839"
            | "90846"
            | "90847"
            | "90853"
    )
}

/// Groups of primary codes, as bits, so that a member's day keeps one
/// byte of which primaries it has.
pub(crate) const PSYCHOTHERAPY: u8 = 1;
pub(crate) const EVALUATION_AND_MANAGEMENT: u8 = 2;
pub(crate) const CRISIS_PRIMARY: u8 = 4;
pub(crate) const COLLABORATIVE_CARE: u8 = 8;

/// Add-on codes, the primary group each needs on the same day, and that
/// group in words (CPT add-on descriptors; CMS NCCI add-on code edits).
pub(crate) const ADD_ONS: [(&str, u8, &str); 6] = [
    // Interactive complexity.
    (
        "90785",
        PSYCHOTHERAPY,
        "a psychiatric evaluation or psychotherapy code (90791, 90792, 90832-90838, 90853)",
    ),
    // Psychotherapy with an evaluation and management visit.
    ("90833", EVALUATION_AND_MANAGEMENT, EM_WORDS),
    ("90836", EVALUATION_AND_MANAGEMENT, EM_WORDS),
    ("90838", EVALUATION_AND_MANAGEMENT, EM_WORDS),
    // Crisis psychotherapy, each additional 30 minutes.
    ("90840", CRISIS_PRIMARY, "crisis psychotherapy 90839"),
    // Psychiatric collaborative care, each additional 30 minutes.
    (
        "99494",
        COLLABORATIVE_CARE,
        "a collaborative care month code (99492 or 99493)",
    ),
];

const EM_WORDS: &str = "an evaluation and management visit (99202-99205, 99211-99215, 99221-99223, 99231-99239, 99242-99245, 99252-99255, 99281-99285, 99304-99310, 99341-99350)";

/// Evaluation and management codes a psychotherapy add-on may go with.
const EM_RANGES: [(u32, u32); 9] = [
    (99202, 99205),
    (99211, 99215),
    (99221, 99223),
    (99231, 99239),
    (99242, 99245),
    (99252, 99255),
    (99281, 99285),
    (99304, 99310),
    (99341, 99350),
];

/// The add-on entry of a code.
pub(crate) fn add_on(code: &str) -> Option<(u8, &'static str)> {
    if !code.starts_with('9') {
        return None;
    }
    ADD_ONS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|&(_, group, words)| (group, words))
}

/// The primary groups a code belongs to (0 for none).
pub(crate) fn primary_groups(code: &str) -> u8 {
    let b = code.as_bytes();
    if b.len() != 5 || b[0] != b'9' || !b.iter().all(u8::is_ascii_digit) {
        return 0;
    }
    let n: u32 = b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'));
    match n {
        90791 | 90792 | 90832..=90838 | 90853 => PSYCHOTHERAPY,
        90839 => CRISIS_PRIMARY,
        99492 | 99493 => COLLABORATIVE_CARE,
        _ if EM_RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&n)) => EVALUATION_AND_MANAGEMENT,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psychotherapy_minutes_choose_the_code() {
        let m = |n: i64| Decimal::from(n);
        assert_eq!(
            supported(m(15), false),
            "no psychotherapy code (16 minutes at least)"
        );
        assert_eq!(supported(m(16), false), "90832 (16-37 minutes)");
        assert_eq!(supported(m(45), false), "90834 (38-52 minutes)");
        assert_eq!(supported(m(53), true), "90838 (53 or more minutes)");
        assert_eq!(session_minutes("90834"), Some(range(38, 52)));
        assert_eq!(session_minutes("90840"), None);
        for (minutes, units) in [(74, 0), (75, 1), (104, 1), (105, 2), (135, 3)] {
            assert_eq!(crisis_add_on_units(m(minutes)), m(units), "{minutes}");
        }
    }

    #[test]
    fn add_ons_know_their_primaries() {
        assert_eq!(primary_groups("99213"), EVALUATION_AND_MANAGEMENT);
        assert_eq!(primary_groups("99240"), 0);
        assert_eq!(primary_groups("90835"), PSYCHOTHERAPY);
        assert_eq!(primary_groups("90839"), CRISIS_PRIMARY);
        assert_eq!(primary_groups("H0004"), 0);
        assert_eq!(
            add_on("90833").map(|a| a.0),
            Some(EVALUATION_AND_MANAGEMENT)
        );
        assert_eq!(add_on("90834"), None);
    }
}
