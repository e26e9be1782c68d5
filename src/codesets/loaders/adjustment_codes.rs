//! CARC and RARC lists (X12's Claim Adjustment Reason Codes and Remittance
//! Advice Remark Codes, as published on x12.org and by CMS/WPC).
//!
//! Format: CSV or plain text with one code a line, `code,description`
//! (the description, optional, may be quoted and hold commas). A first row
//! whose first field is `Code` (any case) is a header and skipped; blank
//! lines and lines starting with `#` are skipped. Every code must have the
//! shape of its kind (see [`crate::codesets::carc_rarc`]); one that does not
//! is an error naming its line, so that a RARC list given as a CARC list is
//! caught.

use super::{CodeList, LoadError, csv_rows};
use crate::codesets::carc_rarc::{is_carc_format, is_rarc_format};

/// Which list a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustmentCodeKind {
    Carc,
    Rarc,
}

impl AdjustmentCodeKind {
    fn name(self) -> &'static str {
        match self {
            AdjustmentCodeKind::Carc => "CARC",
            AdjustmentCodeKind::Rarc => "RARC",
        }
    }

    fn fits(self, code: &[u8]) -> bool {
        match self {
            AdjustmentCodeKind::Carc => is_carc_format(code),
            AdjustmentCodeKind::Rarc => is_rarc_format(code),
        }
    }
}

/// Reads a CARC or RARC list.
pub fn load(file: &str, bytes: &[u8], kind: AdjustmentCodeKind) -> Result<CodeList, LoadError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut codes = Vec::new();
    for (i, row) in csv_rows(file, bytes).enumerate() {
        let (line, rec) = row?;
        let value = rec.get(0).unwrap_or("").trim();
        if value.starts_with('#') || rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if i == 0 && value.eq_ignore_ascii_case("code") {
            continue;
        }
        if !kind.fits(value.as_bytes()) {
            return Err(LoadError::new(
                file,
                line,
                Some("column 1 (code)".into()),
                format!("'{value}' is not a {} code", kind.name()),
            ));
        }
        codes.push(value.as_bytes().into());
    }
    if codes.is_empty() {
        return Err(LoadError::new(
            file,
            0,
            None,
            format!("no {} codes in the file", kind.name()),
        ));
    }
    Ok(CodeList::new(codes))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::codesets::test_data as fixture;

    #[test]
    fn carc_and_rarc_lists_load() {
        let carc = load("carc.csv", &fixture("carc.csv"), AdjustmentCodeKind::Carc).unwrap();
        assert_eq!(carc.len(), 5);
        assert!(carc.contains(b"45") && carc.contains(b"B7") && !carc.contains(b"46"));
        let rarc = load("rarc.txt", &fixture("rarc.txt"), AdjustmentCodeKind::Rarc).unwrap();
        assert_eq!(rarc.len(), 3);
        assert!(rarc.contains(b"N362") && rarc.contains(b"MA130"));
    }

    #[test]
    fn a_list_of_the_other_kind_is_refused_at_its_first_code() {
        let e = load("rarc.txt", &fixture("rarc.txt"), AdjustmentCodeKind::Carc).unwrap_err();
        assert_eq!(
            e.to_string(),
            "rarc.txt:2: column 1 (code): 'M15' is not a CARC code"
        );
        let e = load("carc.csv", &fixture("carc.csv"), AdjustmentCodeKind::Rarc).unwrap_err();
        assert_eq!(
            e.to_string(),
            "carc.csv:2: column 1 (code): '1' is not a RARC code"
        );
        let e = load("x.csv", b"# nothing\n\n", AdjustmentCodeKind::Rarc).unwrap_err();
        assert_eq!(e.to_string(), "x.csv:0: no RARC codes in the file");
    }
}
