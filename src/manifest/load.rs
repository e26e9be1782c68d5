//! Reading a documentation manifest file: CSV with a header row, or JSON,
//! an array of objects with the same keys (DESIGN "Documentation
//! manifest"; columns in the README section of that name and in
//! `schemas/manifest.schema.json`).
//!
//! The form is chosen by the extension (`.json`, `.csv`), else by the
//! first byte that is not white space: `[` or `{` is JSON. CSV headers
//! are matched trimmed and case-insensitively, JSON keys exactly; unknown
//! columns and keys are ignored, missing ones are empty (a JSON `null` is
//! empty too). Values are trimmed.
//!
//! Every problem is one [`LoadError`] naming the file, the line of the
//! row (of the CSV record, or of the `{` opening the JSON object) and the
//! column; [`parse`] returns all of them, in file order.

use std::collections::HashMap;

use serde_json::Value;

use super::{Manifest, ManifestRow};
use crate::codesets::loaders::{LoadError, csv_rows};
use crate::rules::services::{days, eight_digits};

/// The columns read, in the order of [`Column`].
const COLUMNS: [&str; 18] = [
    "claim_id",
    "line_id",
    "member_id",
    "service_date",
    "procedure",
    "minutes",
    "start_time",
    "end_time",
    "note_signed",
    "signed_date",
    "rendering_credential",
    "treatment_plan_through",
    "auth_number",
    "auth_units",
    "auth_from",
    "auth_through",
    "phq9_score",
    "gad7_score",
];

const N: usize = COLUMNS.len();

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    ClaimId,
    LineId,
    MemberId,
    ServiceDate,
    Procedure,
    Minutes,
    StartTime,
    EndTime,
    NoteSigned,
    SignedDate,
    RenderingCredential,
    TreatmentPlanThrough,
    AuthNumber,
    AuthUnits,
    AuthFrom,
    AuthThrough,
    Phq9Score,
    Gad7Score,
}

impl Column {
    fn name(self) -> &'static str {
        COLUMNS[self as usize]
    }
}

/// A value as the file gave it.
#[derive(Debug, Clone)]
enum Raw {
    Text(String),
    /// A JSON number, as written.
    Number(String),
    Bool(bool),
    /// A JSON array or object: always wrong.
    Other(&'static str),
}

/// One row before its values are checked: the line it starts on and the
/// value of each column (`None` when missing or empty).
struct RawRow {
    line: u64,
    values: [Option<Raw>; N],
    /// A problem with the row as a whole (not an object, too many fields).
    error: Option<LoadError>,
}

impl RawRow {
    fn new(line: u64) -> Self {
        RawRow {
            line,
            values: std::array::from_fn(|_| None),
            error: None,
        }
    }

    fn get(&self, c: Column) -> Option<&Raw> {
        self.values[c as usize].as_ref()
    }
}

/// Which form a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// By the file's extension, else by its first non-space byte.
    pub fn of(file: &str, bytes: &[u8]) -> Format {
        let lower = file.to_ascii_lowercase();
        if lower.ends_with(".json") {
            return Format::Json;
        }
        if lower.ends_with(".csv") {
            return Format::Csv;
        }
        match strip_bom(bytes).iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[' | b'{') => Format::Json,
            _ => Format::Csv,
        }
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes)
}

/// Reads a manifest's rows; `file` names it in errors and in the
/// [`Manifest`]. All problems are returned, in file order.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Manifest, Vec<LoadError>> {
    let bytes = strip_bom(bytes);
    let raw = match Format::of(file, bytes) {
        Format::Csv => csv_raw_rows(file, bytes),
        Format::Json => json_raw_rows(file, bytes),
    }
    .map_err(|e| vec![e])?;
    if raw.is_empty() {
        return Err(vec![LoadError::new(file, 0, None, "no rows in the file")]);
    }
    let mut errors = Vec::new();
    let mut rows = Vec::with_capacity(raw.len());
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    for r in &raw {
        let Some(row) = check(file, r, &mut errors) else {
            continue;
        };
        if let (Some(c), Some(l)) = (&row.claim_id, &row.line_id)
            && let Some(first) = seen.insert((c.clone(), l.clone()), r.line)
        {
            errors.push(LoadError::new(
                file,
                r.line,
                Some(Column::LineId.name().into()),
                format!("claim '{c}' line '{l}' repeats the row on line {first}"),
            ));
            continue;
        }
        rows.push(row);
    }
    if errors.is_empty() {
        Ok(Manifest::from_rows(Some(file.to_string()), rows))
    } else {
        Err(errors)
    }
}

// ------------------------------------------------------------------ CSV

fn csv_raw_rows(file: &str, bytes: &[u8]) -> Result<Vec<RawRow>, LoadError> {
    let mut records = csv_rows(file, bytes)
        .filter(|r| !matches!(r, Ok((_, rec)) if rec.iter().all(|f| f.trim().is_empty())));
    let Some(header) = records.next() else {
        return Err(LoadError::new(file, 0, None, "no header row"));
    };
    let (header_line, header) = header?;
    // The field index of each known column.
    let mut at: [Option<usize>; N] = [None; N];
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        let Some(c) = COLUMNS.iter().position(|k| k.eq_ignore_ascii_case(name)) else {
            continue;
        };
        if at[c].is_some() {
            return Err(LoadError::new(
                file,
                header_line,
                Some(COLUMNS[c].into()),
                "the header names this column twice",
            ));
        }
        at[c] = Some(i);
    }
    let has = |c: Column| at[c as usize].is_some();
    if !(has(Column::ClaimId) && has(Column::LineId)
        || has(Column::MemberId) && has(Column::ServiceDate) && has(Column::Procedure))
    {
        return Err(LoadError::new(
            file,
            header_line,
            None,
            "the header has neither claim_id and line_id nor member_id, service_date and procedure",
        ));
    }
    let width = header.len();
    let mut rows = Vec::new();
    for record in records {
        let (line, rec) = match record {
            Ok(r) => r,
            Err(e) => {
                let mut row = RawRow::new(e.line);
                row.error = Some(e);
                rows.push(row);
                continue;
            }
        };
        let mut row = RawRow::new(line);
        if rec.len() > width {
            row.error = Some(LoadError::new(
                file,
                line,
                None,
                format!(
                    "{} fields, but the header names {width} (an unquoted comma?)",
                    rec.len()
                ),
            ));
            rows.push(row);
            continue;
        }
        for (c, i) in at.iter().enumerate() {
            if let Some(v) = i.and_then(|i| rec.get(i)).map(str::trim)
                && !v.is_empty()
            {
                row.values[c] = Some(Raw::Text(v.to_string()));
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

// ----------------------------------------------------------------- JSON

fn json_raw_rows(file: &str, bytes: &[u8]) -> Result<Vec<RawRow>, LoadError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| LoadError::new(file, e.line() as u64, None, format!("invalid JSON: {e}")))?;
    let Value::Array(items) = value else {
        return Err(LoadError::new(
            file,
            1,
            None,
            format!("expected an array of objects, found {}", type_name(&value)),
        ));
    };
    let lines = element_lines(bytes);
    let mut rows = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(0);
        let mut row = RawRow::new(line);
        let Value::Object(object) = item else {
            row.error = Some(LoadError::new(
                file,
                line,
                None,
                format!("expected an object, found {}", type_name(&item)),
            ));
            rows.push(row);
            continue;
        };
        for (c, key) in COLUMNS.iter().enumerate() {
            row.values[c] = match object.get(*key) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.trim())
                    .filter(|s| !s.is_empty())
                    .map(|s| Raw::Text(s.to_string())),
                Some(Value::Number(n)) => Some(Raw::Number(n.to_string())),
                Some(Value::Bool(b)) => Some(Raw::Bool(*b)),
                Some(other) => Some(Raw::Other(type_name(other))),
            };
        }
        rows.push(row);
    }
    Ok(rows)
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The 1-based line on which each element of the top-level array starts,
/// for a text serde_json has accepted as an array.
fn element_lines(bytes: &[u8]) -> Vec<u64> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut line = 1u64;
    let mut expecting = false;
    let mut out = Vec::new();
    for &b in bytes {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if expecting && !b.is_ascii_whitespace() && b != b']' {
            out.push(line);
            expecting = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                expecting = depth == 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    out
}

// --------------------------------------------------------------- values

/// The checked row, or `None` after pushing its errors (in the order of
/// the columns).
fn check(file: &str, r: &RawRow, errors: &mut Vec<LoadError>) -> Option<ManifestRow> {
    if let Some(e) = &r.error {
        errors.push(e.clone());
        return None;
    }
    let before = errors.len();
    let mut err = |c: Column, message: String| {
        errors.push(LoadError::new(file, r.line, Some(c.name().into()), message));
    };
    let mut text = |c: Column| -> Option<String> {
        match r.get(c)? {
            Raw::Text(s) | Raw::Number(s) => Some(s.clone()),
            Raw::Bool(_) => {
                err(c, "expected a string, found a boolean".into());
                None
            }
            Raw::Other(t) => {
                err(c, format!("expected a string, found {t}"));
                None
            }
        }
    };
    let claim_id = text(Column::ClaimId);
    let line_id = text(Column::LineId);
    let member_id = text(Column::MemberId);
    let service_date_text = text(Column::ServiceDate);
    let procedure_text = text(Column::Procedure);
    let rendering_credential = text(Column::RenderingCredential);
    let auth_number = text(Column::AuthNumber);
    let date_texts = [
        Column::SignedDate,
        Column::TreatmentPlanThrough,
        Column::AuthFrom,
        Column::AuthThrough,
    ]
    .map(|c| (c, text(c)));
    let start_text = text(Column::StartTime);
    let end_text = text(Column::EndTime);

    let mut date = |c: Column, v: Option<String>| -> Option<u32> {
        let v = v?;
        let d = parse_date(&v);
        if d.is_none() {
            err(c, format!("'{v}' is not a date (YYYY-MM-DD)"));
        }
        d
    };
    let service_date = date(Column::ServiceDate, service_date_text);
    let [signed_date, treatment_plan_through, auth_from, auth_through] =
        date_texts.map(|(c, v)| date(c, v));

    let procedure = procedure_text.and_then(|p| {
        if p.len() == 5 && p.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Some(p.to_ascii_uppercase())
        } else {
            err(
                Column::Procedure,
                format!("'{p}' is not a procedure code (5 letters or digits)"),
            );
            None
        }
    });

    let mut whole = |c: Column, max: u32, what: &str| -> Option<u32> {
        let (v, n) = match r.get(c)? {
            Raw::Text(s) | Raw::Number(s) => (s, parse_whole(s)),
            Raw::Bool(_) => {
                err(c, format!("expected {what}, found a boolean"));
                return None;
            }
            Raw::Other(t) => {
                err(c, format!("expected {what}, found {t}"));
                return None;
            }
        };
        match n {
            Some(n) if n <= max => Some(n),
            Some(_) => {
                err(c, format!("{v} is more than {max}"));
                None
            }
            None => {
                err(c, format!("'{v}' is not {what}"));
                None
            }
        }
    };
    let given_minutes = whole(Column::Minutes, u32::MAX, "a whole number of minutes");
    let auth_units = whole(Column::AuthUnits, u32::MAX, "a whole number of units");
    let phq9_score = whole(Column::Phq9Score, 27, "a PHQ-9 score (0 to 27)");
    let gad7_score = whole(Column::Gad7Score, 21, "a GAD-7 score (0 to 21)");

    let note_signed = match r.get(Column::NoteSigned) {
        None => None,
        Some(Raw::Bool(b)) => Some(*b),
        Some(Raw::Text(s)) if s.eq_ignore_ascii_case("yes") => Some(true),
        Some(Raw::Text(s)) if s.eq_ignore_ascii_case("no") => Some(false),
        Some(Raw::Text(s) | Raw::Number(s)) => {
            err(Column::NoteSigned, format!("'{s}' is not yes or no"));
            None
        }
        Some(Raw::Other(t)) => {
            err(Column::NoteSigned, format!("expected yes or no, found {t}"));
            None
        }
    };

    let mut time = |c: Column, v: &Option<String>| -> Option<u32> {
        let v = v.as_ref()?;
        let t = parse_time(v);
        if t.is_none() {
            err(c, format!("'{v}' is not a time (HH:MM, 24-hour)"));
        }
        t
    };
    let start = time(Column::StartTime, &start_text);
    let end = time(Column::EndTime, &end_text);
    let minutes = match (given_minutes, start, end) {
        (Some(m), _, _) => Some(m),
        (None, Some(s), Some(e)) if e < s => {
            err(
                Column::EndTime,
                format!(
                    "{} is before start_time {} (a service may not cross midnight)",
                    end_text.as_deref().unwrap_or_default(),
                    start_text.as_deref().unwrap_or_default()
                ),
            );
            None
        }
        (None, Some(s), Some(e)) => Some(e - s),
        _ if r.get(Column::Minutes).is_some() => None,
        (None, _, _) if start_text.is_some() != end_text.is_some() => {
            let (missing, given) = if start_text.is_some() {
                (Column::EndTime, Column::StartTime)
            } else {
                (Column::StartTime, Column::EndTime)
            };
            err(
                missing,
                format!("empty, but {} is given and minutes is empty", given.name()),
            );
            None
        }
        _ => None,
    };

    // Which service the row is for.
    let given = |cs: &[Column]| cs.iter().filter(|c| r.get(**c).is_some()).count();
    let first_missing = |cs: &[Column]| cs.iter().copied().find(|c| r.get(*c).is_none());
    let by_line = [Column::ClaimId, Column::LineId];
    let by_service = [Column::MemberId, Column::ServiceDate, Column::Procedure];
    let (line_given, service_given) = (given(&by_line), given(&by_service));
    if line_given < 2 && service_given < 3 {
        let missing = if line_given >= service_given {
            first_missing(&by_line)
        } else {
            first_missing(&by_service)
        };
        err(
            missing.unwrap_or(Column::ClaimId),
            "empty: a row needs claim_id and line_id, or member_id, service_date and procedure"
                .into(),
        );
    }

    if errors.len() > before {
        let column = |e: &LoadError| COLUMNS.iter().position(|c| e.field.as_deref() == Some(*c));
        errors[before..].sort_by_key(column);
        return None;
    }
    Some(ManifestRow {
        claim_id,
        line_id,
        member_id,
        service_date,
        procedure,
        minutes,
        line: r.line as usize,
        start_time: start_text,
        end_time: end_text,
        note_signed,
        signed_date,
        rendering_credential,
        treatment_plan_through,
        auth_number,
        auth_units,
        auth_from,
        auth_through,
        phq9_score,
        gad7_score,
    })
}

/// `YYYY-MM-DD` as `CCYYMMDD`, if it is a calendar date.
fn parse_date(v: &str) -> Option<u32> {
    let b = v.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let n = eight_digits(&[b[0], b[1], b[2], b[3], b[5], b[6], b[8], b[9]])?;
    days(n).map(|_| n)
}

/// `H:MM` or `HH:MM` (00:00 to 23:59) as minutes after midnight.
fn parse_time(v: &str) -> Option<u32> {
    let (h, m) = v.split_once(':')?;
    if !(1..=2).contains(&h.len()) || m.len() != 2 {
        return None;
    }
    let (h, m) = (parse_whole(h)?, parse_whole(m)?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Digits only (no sign, point or exponent), within `u32`.
fn parse_whole(v: &str) -> Option<u32> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_their_names_agree() {
        assert_eq!(Column::Gad7Score as usize, N - 1);
        assert_eq!(Column::EndTime.name(), "end_time");
        assert_eq!(Column::AuthThrough.name(), "auth_through");
    }

    #[test]
    fn values() {
        assert_eq!(parse_date("2026-02-28"), Some(20260228));
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(parse_date("2026-2-28"), None);
        assert_eq!(parse_date("20260228"), None);
        assert_eq!(parse_date("2026-+2-28"), None);
        assert_eq!(parse_time("9:05"), Some(545));
        assert_eq!(parse_time("23:59"), Some(1439));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("12:5"), None);
        assert_eq!(parse_time("+1:05"), None);
        assert_eq!(parse_whole("007"), Some(7));
        assert_eq!(parse_whole("4294967296"), None);
        assert_eq!(parse_whole("-1"), None);
    }

    #[test]
    fn json_elements_start_where_their_first_byte_is() {
        let text = b"[\n {\"a\": \"[{,\\\"\"},\n\n {\"b\": [1, {}]}, 3\n]";
        assert_eq!(element_lines(text), [2, 4, 4]);
        assert_eq!(element_lines(b"[]"), Vec::<u64>::new());
    }

    #[test]
    fn the_form_is_chosen_by_extension_then_by_content() {
        assert_eq!(Format::of("m.JSON", b"claim_id"), Format::Json);
        assert_eq!(Format::of("m.csv", b"[{}]"), Format::Csv);
        assert_eq!(Format::of("m.txt", b"\xef\xbb\xbf \n[{}]"), Format::Json);
        assert_eq!(Format::of("m", b"claim_id,line_id"), Format::Csv);
        assert_eq!(Format::of("m", b""), Format::Csv);
    }
}
