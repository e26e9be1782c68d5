//! The 999 implementation acknowledgment (guide 005010X231A1), written
//! from a [`FileReport`]: one 999 interchange per input interchange.
//!
//! Shape of each 999:
//!
//! ```text
//! ISA … (sender and receiver swapped, ISA15 echoed)    one
//! GS*FA … *005010X231A1                                 one
//!   ST*999 … AK1 (GS01, GS06, GS08)                     one per group received
//!     AK2 (ST01, ST02, ST03)                            one per set received
//!       IK3 [IK4 …]                                     per finding with 999 codes
//!     IK5 (A, E or R, with IK502… codes)
//!   AK9 (A, E, P or R; GE01, received, accepted; AK905… codes)
//!   SE
//! GE, IEA
//! ```
//!
//! What goes where:
//! - Findings are placed by segment index: inside a set's ST…SE range
//!   they judge the set, elsewhere inside a GS…GE range the group.
//!   Interchange-level findings (ISA, IEA) belong in a TA1, not here.
//! - A finding with [`AckError`] codes (the SYN rules) becomes an IK3
//!   segment error (IK4 under it for an element); findings on the same
//!   segment with the same IK304 share one IK3.
//! - Envelope (ENV) findings become IK502… codes in the set (SE02 ≠ ST02
//!   `3`, SE01 count `4`, ST02 format `7`, ST03 ≠ GS08 `19`, ST01 in the
//!   wrong group `6`, set not supported `1`, duplicate ST02 `23`, a bad
//!   segment `5`, missing SE `2`) or AK905… codes in the group (GE02 ≠
//!   GS06 `4`, GE01 count `5`, missing GE `3`, GS06 format `6`, duplicate
//!   GS06 `19`, other GS element errors `1`).
//! - IK501 is `R` when an error (or a missing SE, or an unsupported set)
//!   is found, `E` when only warnings are, else `A`. Info findings do not
//!   count, except that a set claimcheck cannot check (ENV018) is not
//!   accepted. Findings of later SNIP levels (no 999 codes, not ENV) are
//!   not reported in a 999.
//! - AK901 is `R` on a group-level error or when no set is accepted, `P`
//!   when some are, `E` when all are but something was noted, else `A`.
//! - Only what a 999 can name is acknowledged: a group needs a GS01 of
//!   the guide's AK101 list (so acknowledgments, GS01 `FA`, are not
//!   acknowledged), a GS06 of 1–9 digits and a version (GS08, else the
//!   first ST03); a set gets its AK2 loop only with an ST01 of the AK201
//!   list and a non-empty ST02, but counts in AK903 (received, not
//!   accepted) either way. An interchange with no group to acknowledge
//!   gets no 999. What a 999 cannot carry is still in the findings.
//!
//! Values copied from the input are made to fit their 999 elements:
//! characters outside the X12 extended character set and the 999's own
//! delimiters (`*`, `:`, `^`, `~`) are dropped, values are cut to the
//! element's maximum length (IK303 keeps the first four characters of the
//! loop id, `2010AA` → `2010`), a too-short ST02 is zero-padded to four
//! characters, and an IK3 or IK4 that cannot be expressed (a segment id
//! that is not one, a position beyond the element's range) is left out
//! while its set is still judged.

use std::collections::HashMap;
use std::path::Path;

use super::UtcTime;
use crate::diagnostic::{AckError, Finding, Severity};
use crate::validate::{FileReport, GroupEnvelope, InterchangeEnvelope, SetEnvelope};

/// The guide a 999 is written to (GS08, ST03).
pub const GUIDE: &str = "005010X231A1";

/// How to write 999s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ack999Options {
    /// ISA13 and GS06 of the first 999 written; each further 999 takes
    /// the next number (modulo 10⁹).
    pub control_number: u64,
    /// Written as ISA09/ISA10 and GS04/GS05.
    pub time: UtcTime,
}

impl Ack999Options {
    /// Control numbers from 1, dated `time`.
    pub fn at(time: UtcTime) -> Self {
        Ack999Options {
            control_number: 1,
            time,
        }
    }
}

/// One 999 interchange, answering one input interchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ack999File {
    /// File name to write it under: `<input stem>.<ISA13>.999`.
    pub name: String,
    /// ISA13 of the interchange acknowledged, as the input has it.
    pub interchange: String,
    /// ISA13 (and GS06) of the 999 itself.
    pub control_number: u64,
    /// The X12 text: `~` and a newline after each segment.
    pub text: String,
}

/// Write a 999 for every interchange of `report` that holds a group to
/// acknowledge, numbered from `options.control_number`.
pub fn write_999(report: &FileReport, options: &Ack999Options) -> Vec<Ack999File> {
    let placed = place(report);
    let stem = input_stem(report.path.as_deref());
    let mut files: Vec<Ack999File> = Vec::new();
    let mut control = options.control_number;
    for (k, (ic, groups)) in report.interchanges.iter().zip(&placed).enumerate() {
        let answered: Vec<(usize, [String; 3])> = ic
            .groups
            .iter()
            .enumerate()
            .filter_map(|(g, group)| Some((g, ak1(group)?)))
            .collect();
        if answered.is_empty() {
            continue;
        }
        let number = control % 1_000_000_000;
        let text = interchange_999(ic, groups, &answered, number, &options.time);
        let id: String = ic
            .isa13
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let id = if id.is_empty() {
            format!("isa{}", k + 1)
        } else {
            id
        };
        let mut name = format!("{stem}.{id}.999");
        if files.iter().any(|f| f.name == name) {
            name = format!("{stem}.{id}-{}.999", k + 1);
        }
        files.push(Ack999File {
            name,
            interchange: ic.isa13.trim().to_string(),
            control_number: number,
            text,
        });
        control += 1;
    }
    files
}

fn input_stem(path: Option<&str>) -> String {
    match path {
        None | Some("-") => "stdin".to_string(),
        Some(p) => Path::new(p)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "input".to_string()),
    }
}

// ---------------------------------------------------------------------
// Placing findings
// ---------------------------------------------------------------------

/// The findings of one group: those outside its sets, and each set's.
#[derive(Debug, Default)]
struct GroupFindings<'r> {
    own: Vec<&'r Finding>,
    sets: Vec<Vec<&'r Finding>>,
}

/// Sort the findings into the groups and sets whose segment range holds
/// them (per interchange, per group).
fn place(report: &FileReport) -> Vec<Vec<GroupFindings<'_>>> {
    let mut out: Vec<Vec<GroupFindings<'_>>> = report
        .interchanges
        .iter()
        .map(|ic| {
            ic.groups
                .iter()
                .map(|g| GroupFindings {
                    own: Vec::new(),
                    sets: vec![Vec::new(); g.sets.len()],
                })
                .collect()
        })
        .collect();
    for f in &report.findings {
        let Some(at) = f.segment_index else {
            continue;
        };
        let Some(i) = containing(&report.interchanges, at, |x| (x.start, x.end)) else {
            continue;
        };
        let ic = &report.interchanges[i];
        let Some(g) = containing(&ic.groups, at, |x| (x.start, x.end)) else {
            continue;
        };
        match containing(&ic.groups[g].sets, at, |x| (x.start, x.end)) {
            Some(s) => out[i][g].sets[s].push(f),
            None => out[i][g].own.push(f),
        }
    }
    out
}

/// The item whose inclusive range holds `at`; items are in file order.
fn containing<T>(items: &[T], at: u64, range: impl Fn(&T) -> (u64, u64)) -> Option<usize> {
    let i = items.partition_point(|x| range(x).0 <= at).checked_sub(1)?;
    (at <= range(&items[i]).1).then_some(i)
}

// ---------------------------------------------------------------------
// Judging sets and groups
// ---------------------------------------------------------------------

/// IK502 code for an envelope finding inside a set.
fn set_code(rule: &str) -> Option<&'static str> {
    Some(match rule {
        "ENV006" => "7",
        "ENV012" => "3",
        "ENV013" => "4",
        "ENV016" => "19",
        "ENV017" => "6",
        "ENV018" => "1",
        "ENV020" => "5",
        "ENV021" => "23",
        _ => return None,
    })
}

/// AK905 code for an envelope finding in a group, outside its sets.
fn group_code(rule: &str) -> Option<&'static str> {
    Some(match rule {
        "ENV003" | "ENV004" => "1",
        "ENV006" => "6",
        "ENV010" => "4",
        "ENV011" => "5",
        "ENV021" => "19",
        _ => return None,
    })
}

/// Whether a finding counts in a 999, and as an error (`Some(true)`) or
/// a warning (`Some(false)`).
fn weight(f: &Finding) -> Option<bool> {
    // A set claimcheck cannot check is not accepted, though the finding
    // is only informational in the validation report.
    if f.rule == "ENV018" {
        return Some(true);
    }
    // Missing trailers come from the envelope structure itself.
    if f.rule == "ENV014" {
        return None;
    }
    if f.ack999.is_none() && !f.rule.starts_with("ENV") {
        return None;
    }
    match f.severity {
        Severity::Error => Some(true),
        Severity::Warning => Some(false),
        Severity::Info => None,
    }
}

/// IK3 with its IK4s, elements ready to write.
#[derive(Debug)]
struct Ik3 {
    ik301: String,
    ik302: String,
    ik303: String,
    ik304: &'static str,
    ik4: Vec<[String; 4]>,
}

/// What the 999 says about one set.
#[derive(Debug)]
struct SetAck {
    ik501: &'static str,
    codes: Vec<&'static str>,
    ik3: Vec<Ik3>,
}

impl SetAck {
    fn accepted(&self) -> bool {
        self.ik501 != "R"
    }
}

fn judge_set(set: &SetEnvelope, findings: &[&Finding]) -> SetAck {
    let mut reject = set.trailer_missing;
    let mut noted = false;
    let mut codes = Vec::new();
    if set.trailer_missing {
        codes.push("2");
    }
    let mut ik3: Vec<Ik3> = Vec::new();
    let mut by_key: HashMap<(String, String, String, &'static str), usize> = HashMap::new();
    for f in findings {
        let Some(error) = weight(f) else {
            continue;
        };
        if let Some(ack) = &f.ack999 {
            codes.push("5");
            add_ik3(ack, &mut ik3, &mut by_key);
        } else if let Some(code) = set_code(f.rule) {
            codes.push(code);
        }
        if error {
            reject = true;
        } else {
            noted = true;
        }
    }
    let ik501 = if reject {
        "R"
    } else if noted {
        "E"
    } else {
        "A"
    };
    SetAck {
        ik501,
        codes: sorted_codes(codes),
        ik3,
    }
}

fn add_ik3(
    ack: &AckError,
    ik3: &mut Vec<Ik3>,
    by_key: &mut HashMap<(String, String, String, &'static str), usize>,
) {
    if !is_segment_id(&ack.ik301) || !(1..=999_999).contains(&ack.ik302) {
        return;
    }
    let ik303: String = ack
        .ik303
        .as_deref()
        .map(|l| clean(l).chars().take(4).collect())
        .unwrap_or_default();
    let key = (
        ack.ik301.clone(),
        ack.ik302.to_string(),
        ik303.clone(),
        ack.ik304,
    );
    let at = *by_key.entry(key).or_insert_with_key(|k| {
        ik3.push(Ik3 {
            ik301: k.0.clone(),
            ik302: k.1.clone(),
            ik303: k.2.clone(),
            ik304: k.3,
            ik4: Vec::new(),
        });
        ik3.len() - 1
    });
    let Some(e) = &ack.ik4 else {
        return;
    };
    if !(1..=99).contains(&e.position) {
        return;
    }
    let mut ik401 = e.position.to_string();
    let component = e.component.filter(|c| (1..=99).contains(c));
    let repetition = e.repetition.filter(|r| (1..=9999).contains(r));
    if component.is_some() || repetition.is_some() {
        ik401.push(':');
        if let Some(c) = component {
            ik401.push_str(&c.to_string());
        }
    }
    if let Some(r) = repetition {
        ik401.push(':');
        ik401.push_str(&r.to_string());
    }
    let ik402 = e
        .data_element
        .as_deref()
        .map(str::trim)
        .filter(|d| (1..=4).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_default()
        .to_string();
    let ik404 = e
        .bad_value
        .as_deref()
        .map(|v| fit(v, 99))
        .unwrap_or_default();
    let row = [ik401, ik402, e.ik403.to_string(), ik404];
    let seg = &mut ik3[at];
    if !seg.ik4.contains(&row) {
        seg.ik4.push(row);
    }
}

/// AK9: the group's code, the number of sets GE01 declares (or the count
/// received), received, accepted, and the AK905… codes.
fn judge_group(
    group: &GroupEnvelope,
    own: &[&Finding],
    sets: &[SetAck],
) -> (&'static str, [String; 3], Vec<&'static str>) {
    let mut reject = group.trailer_missing;
    let mut noted = false;
    let mut codes = Vec::new();
    if group.trailer_missing {
        codes.push("3");
    }
    for f in own {
        let Some(error) = weight(f) else {
            continue;
        };
        if let Some(code) = group_code(f.rule) {
            codes.push(code);
        }
        if error {
            reject = true;
        } else {
            noted = true;
        }
    }
    let received = sets.len();
    let accepted = sets.iter().filter(|s| s.accepted()).count();
    let ak901 = if reject || (received > 0 && accepted == 0) {
        "R"
    } else if accepted < received {
        "P"
    } else if noted || sets.iter().any(|s| s.ik501 == "E") {
        "E"
    } else {
        "A"
    };
    let declared = group
        .ge01
        .as_deref()
        .map(str::trim)
        .filter(|v| (1..=6).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(received as u64);
    (
        ak901,
        [
            declared.to_string(),
            received.min(999_999).to_string(),
            accepted.min(999_999).to_string(),
        ],
        sorted_codes(codes),
    )
}

/// Codes deduplicated, numbers first in numeric order, at most five.
fn sorted_codes(mut codes: Vec<&'static str>) -> Vec<&'static str> {
    codes.sort_by_key(|c| (c.len(), *c));
    codes.dedup();
    codes.truncate(5);
    codes
}

// ---------------------------------------------------------------------
// Fitting copied values into 999 elements
// ---------------------------------------------------------------------

/// A segment id: 2–3 upper-case letters or digits, starting with a letter.
fn is_segment_id(id: &str) -> bool {
    let b = id.as_bytes();
    (2..=3).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The X12 extended character set, without this 999's delimiters
/// (`*`, `:`, `^`, `~`).
fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || " !\"&'()+,-./;?=%@[]_{}\\|<>`#$".contains(c)
}

fn clean(value: &str) -> String {
    value.chars().filter(|&c| allowed(c)).collect()
}

/// Cleaned, trimmed and cut to `max` characters.
fn fit(value: &str, max: usize) -> String {
    let cleaned = clean(value);
    let cut: String = cleaned.trim().chars().take(max).collect();
    cut.trim_end().to_string()
}

/// Cleaned and padded or cut to exactly `width` characters (ISA06, ISA08).
fn fixed(value: &str, width: usize) -> String {
    format!("{:<width$}", fit(value, width))
}

/// An ID qualifier (ISA05, ISA07): two characters, else `ZZ` (mutually
/// defined).
fn qualifier(value: &str) -> String {
    let q = fit(value, 2);
    if q.len() == 2 { q } else { "ZZ".to_string() }
}

/// Functional identifier codes a 999 can acknowledge (AK101).
const AK101_CODES: [&str; 9] = ["BE", "HB", "HC", "HI", "HN", "HP", "HR", "HS", "RA"];

/// Transaction sets a 999 can name (AK201).
const AK201_CODES: [&str; 9] = [
    "270", "271", "276", "277", "278", "820", "834", "835", "837",
];

/// AK101, AK102 and AK103 of a group; `None` when the group cannot be
/// named in a 999.
fn ak1(group: &GroupEnvelope) -> Option<[String; 3]> {
    let gs01 = group.gs01.trim();
    let gs06 = group.gs06.trim();
    if !AK101_CODES.contains(&gs01)
        || !(1..=9).contains(&gs06.len())
        || !gs06.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let version = Some(fit(&group.gs08, 12))
        .filter(|v| !v.is_empty())
        .or_else(|| {
            let st03 = group.sets.first()?.st03.as_deref()?;
            Some(fit(st03, 12)).filter(|v| !v.is_empty())
        })?;
    Some([gs01.to_string(), gs06.to_string(), version])
}

/// AK201, AK202 and AK203 of a set; `None` when the set cannot be named
/// in a 999.
fn ak2(set: &SetEnvelope) -> Option<[String; 3]> {
    let st01 = set.st01.trim();
    if !AK201_CODES.contains(&st01) || fit(&set.st02, 9).is_empty() {
        return None;
    }
    let st03 = set.st03.as_deref().map(|v| fit(v, 35)).unwrap_or_default();
    Some([st01.to_string(), set_control(&set.st02), st03])
}

/// A transaction set control number (AK202, AN 4–9).
fn set_control(value: &str) -> String {
    format!("{:0>4}", fit(value, 9))
}

// ---------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------

/// Segments as text: `~` and a newline after each, trailing empty
/// elements left out; counts what it writes.
#[derive(Debug, Default)]
struct Out {
    text: String,
    segments: u64,
}

impl Out {
    fn seg(&mut self, id: &str, elements: &[&str]) {
        let n = elements
            .iter()
            .rposition(|e| !e.is_empty())
            .map_or(0, |i| i + 1);
        self.text.push_str(id);
        for e in &elements[..n] {
            self.text.push('*');
            self.text.push_str(e);
        }
        self.text.push_str("~\n");
        self.segments += 1;
    }
}

fn interchange_999(
    ic: &InterchangeEnvelope,
    groups: &[GroupFindings<'_>],
    answered: &[(usize, [String; 3])],
    number: u64,
    time: &UtcTime,
) -> String {
    let mut out = Out::default();
    let isa13 = format!("{number:09}");
    let gs06 = number.to_string();
    // Sender and receiver swap: the 999 goes back to whoever sent.
    let isa06 = fixed(&ic.isa08, 15);
    let isa08 = fixed(&ic.isa06, 15);
    let usage = match ic.isa15.trim() {
        "P" => "P",
        _ => "T",
    };
    out.seg(
        "ISA",
        &[
            "00",
            "          ",
            "00",
            "          ",
            &qualifier(&ic.isa07),
            &isa06,
            &qualifier(&ic.isa05),
            &isa08,
            &time.yymmdd(),
            &time.hhmm(),
            "^",
            "00501",
            &isa13,
            "0",
            usage,
            ":",
        ],
    );
    let first = &ic.groups[answered[0].0];
    let app = |code: &str, isa_id: &str| {
        let v = fit(code, 15);
        if v.len() >= 2 { v } else { fit(isa_id, 15) }
    };
    out.seg(
        "GS",
        &[
            "FA",
            &app(&first.gs03, &isa06),
            &app(&first.gs02, &isa08),
            &time.ccyymmdd(),
            &time.hhmm(),
            &gs06,
            "X",
            GUIDE,
        ],
    );
    for (n, (g, [ak101, ak102, ak103])) in answered.iter().enumerate() {
        let group = &ic.groups[*g];
        let found = &groups[*g];
        let st02 = format!("{:04}", n + 1);
        let start = out.segments;
        out.seg("ST", &["999", &st02, GUIDE]);
        out.seg("AK1", &[ak101, ak102, ak103]);
        let acks: Vec<SetAck> = group
            .sets
            .iter()
            .zip(&found.sets)
            .map(|(set, findings)| {
                let mut ack = judge_set(set, findings);
                if ak2(set).is_none() {
                    // Received but not answerable by name: not accepted.
                    ack.ik501 = "R";
                }
                ack
            })
            .collect();
        for (set, ack) in group.sets.iter().zip(&acks) {
            let Some([ak201, ak202, ak203]) = ak2(set) else {
                continue;
            };
            out.seg("AK2", &[&ak201, &ak202, &ak203]);
            for ik3 in &ack.ik3 {
                out.seg("IK3", &[&ik3.ik301, &ik3.ik302, &ik3.ik303, ik3.ik304]);
                for ik4 in &ik3.ik4 {
                    out.seg("IK4", &[&ik4[0], &ik4[1], &ik4[2], &ik4[3]]);
                }
            }
            let mut ik5 = vec![ack.ik501];
            ik5.extend(&ack.codes);
            out.seg("IK5", &ik5);
        }
        let (ak901, counts, codes) = judge_group(group, &found.own, &acks);
        let mut ak9 = vec![ak901, &counts[0], &counts[1], &counts[2]];
        ak9.extend(&codes);
        out.seg("AK9", &ak9);
        let se01 = (out.segments - start + 1).to_string();
        out.seg("SE", &[&se01, &st02]);
    }
    out.seg("GE", &[&answered.len().to_string(), &gs06]);
    out.seg("IEA", &["1", &isa13]);
    out.text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fit_their_elements() {
        assert_eq!(fit("A*B:C^D~E", 99), "ABCDE");
        assert_eq!(fit("  x\u{e9}y\n ", 99), "xy");
        assert_eq!(fit(&"9".repeat(120), 99).len(), 99);
        assert_eq!(fixed("PAYER", 15), "PAYER          ");
        assert_eq!(fixed("A123456789012345678", 15), "A12345678901234");
        assert_eq!(qualifier("Z"), "ZZ");
        assert_eq!(qualifier("30"), "30");
        assert_eq!(set_control("1"), "0001");
        assert_eq!(set_control("0001"), "0001");
        assert_eq!(set_control("1234567890"), "123456789");
        assert!(is_segment_id("NM1") && is_segment_id("HI"));
        assert!(!is_segment_id("") && !is_segment_id("nm1") && !is_segment_id("1NM"));
        assert_eq!(
            sorted_codes(vec!["5", "23", "I5", "4", "5"]),
            ["4", "5", "23", "I5"]
        );
    }

    #[test]
    fn containing_ranges() {
        let r = [(2, 5), (7, 9)];
        let f = |x: &(u64, u64)| *x;
        assert_eq!(containing(&r, 1, f), None);
        assert_eq!(containing(&r, 2, f), Some(0));
        assert_eq!(containing(&r, 5, f), Some(0));
        assert_eq!(containing(&r, 6, f), None);
        assert_eq!(containing(&r, 9, f), Some(1));
        assert_eq!(containing(&r, 10, f), None);
    }

    #[test]
    fn stems() {
        assert_eq!(input_stem(None), "stdin");
        assert_eq!(input_stem(Some("-")), "stdin");
        assert_eq!(input_stem(Some("claims/day1.837")), "day1");
        assert_eq!(input_stem(Some("a.b.x12")), "a.b");
    }
}
