//! A CMS Medically Unlikely Edit (MUE) table saved as CSV (the
//! practitioner, outpatient hospital or DME file from cms.gov's "Medicare
//! NCCI Medically Unlikely Edits" page, or a Medicaid NCCI MUE file).
//!
//! CMS's files open with a notice of several lines; claimcheck skips rows
//! until the header row, the first whose first column contains `HCPCS`
//! (as in `HCPCS/CPT Code`). The columns after it are read by position:
//!
//! 1. HCPCS/CPT code (5 letters or digits);
//! 2. MUE value: the most units of service per line or per day (a whole
//!    number);
//! 3. MUE adjudication indicator: text starting with `1` (line edit), `2`
//!    (date of service edit, policy) or `3` (date of service edit,
//!    clinical), as in `2 Date of Service Edit: Policy`;
//! 4. MUE rationale (optional, kept as text).
//!
//! Any other value is an error naming the line and column.

use super::{LoadError, csv_rows};

/// One row of an MUE table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MueEntry {
    pub code: [u8; 5],
    pub max_units: u32,
    /// 1 line edit, 2 date-of-service edit (policy), 3 date-of-service edit
    /// (clinical).
    pub indicator: u8,
    pub rationale: Box<str>,
}

/// An MUE table, sorted by code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MueTable {
    entries: Vec<MueEntry>,
}

impl MueTable {
    pub fn get(&self, code: &[u8]) -> Option<&MueEntry> {
        self.entries
            .binary_search_by(|e| e.code.as_slice().cmp(code))
            .ok()
            .map(|i| &self.entries[i])
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

const COLUMNS: [&str; 4] = [
    "column 1 (HCPCS/CPT code)",
    "column 2 (MUE value)",
    "column 3 (MUE adjudication indicator)",
    "column 4 (MUE rationale)",
];

/// Reads an MUE table.
pub fn load(file: &str, bytes: &[u8]) -> Result<MueTable, LoadError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut rows = csv_rows(file, bytes);
    loop {
        match rows.next().transpose()? {
            Some((_, rec))
                if rec
                    .get(0)
                    .is_some_and(|f| f.to_ascii_uppercase().contains("HCPCS")) =>
            {
                break;
            }
            Some(_) => {}
            None => {
                return Err(LoadError::new(
                    file,
                    0,
                    None,
                    "no header row (a row whose first column contains HCPCS, as in CMS's MUE files)",
                ));
            }
        }
    }
    let mut entries: Vec<MueEntry> = Vec::new();
    for row in rows {
        let (line, rec) = row?;
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |i: usize| rec.get(i).unwrap_or("").trim();
        let err = |i: usize, message: String| {
            LoadError::new(file, line, Some(COLUMNS[i].into()), message)
        };
        let code: [u8; 5] = field(0)
            .as_bytes()
            .try_into()
            .ok()
            .filter(|c: &[u8; 5]| {
                c.iter()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
            })
            .ok_or_else(|| err(0, format!("'{}' is not a 5-character code", field(0))))?;
        let max_units = field(1)
            .parse()
            .map_err(|_| err(1, format!("'{}' is not a whole number of units", field(1))))?;
        let indicator = match field(2).as_bytes().first() {
            Some(d @ b'1'..=b'3') => d - b'0',
            _ => {
                return Err(err(
                    2,
                    format!("'{}' does not start with 1, 2 or 3", field(2)),
                ));
            }
        };
        entries.push(MueEntry {
            code,
            max_units,
            indicator,
            rationale: field(3).into(),
        });
    }
    if entries.is_empty() {
        return Err(LoadError::new(file, 0, None, "no MUE rows in the file"));
    }
    entries.sort_by_key(|e| e.code);
    if let Some(w) = entries.windows(2).find(|w| w[0].code == w[1].code) {
        return Err(LoadError::new(
            file,
            0,
            Some(COLUMNS[0].into()),
            format!(
                "code {} is listed twice",
                String::from_utf8_lossy(&w[0].code)
            ),
        ));
    }
    Ok(MueTable { entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::codesets::test_data as fixture;

    #[test]
    fn the_notice_is_skipped_and_rows_are_read() {
        let t = load("mue.csv", &fixture("mue_practitioner.csv")).unwrap();
        assert_eq!(t.len(), 3);
        let e = t.get(b"H0004").unwrap();
        assert_eq!((e.max_units, e.indicator), (24, 3));
        assert_eq!(&*e.rationale, "Clinical: Data");
        assert_eq!(
            t.get(b"90837").map(|e| (e.max_units, e.indicator)),
            Some((1, 2))
        );
        assert!(t.get(b"T1018").is_none());
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let head = "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n";
        let e = load(
            "m.csv",
            format!("{head}H0004,24,3 Date of Service Edit: Clinical,x\nH0005,lots,3,x\n")
                .as_bytes(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.csv:3: column 2 (MUE value): 'lots' is not a whole number of units"
        );
        let e = load("m.csv", format!("{head}H0004,24,4 Other,x\n").as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.csv:2: column 3 (MUE adjudication indicator): '4 Other' does not start with 1, 2 or 3"
        );
        let e = load("m.csv", format!("{head}H004,24,1,x\n").as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.csv:2: column 1 (HCPCS/CPT code): 'H004' is not a 5-character code"
        );
        let e = load("m.csv", b"Code,Value\nH0004,1,1\n").unwrap_err();
        assert!(e.to_string().starts_with("m.csv:0: no header row"), "{e}");
        let e = load(
            "m.csv",
            format!("{head}H0004,24,1,x\nH0004,2,1,x\n").as_bytes(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.csv:0: column 1 (HCPCS/CPT code): code H0004 is listed twice"
        );
    }
}
