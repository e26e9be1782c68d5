//! Loaders for code files the user supplies (`validate --codes KIND=FILE`):
//! lists claimcheck may not ship (HCPCS Level II, NUCC taxonomy, CARC and
//! RARC, MUE). Each takes the file's name (for messages) and its bytes, and
//! either returns the parsed list or a [`LoadError`] naming the file, line
//! and field, one line, fit for `claimcheck: error: ...` and exit 2.
//!
//! Accepted formats, in each module's documentation and in the README
//! section "Code files":
//! - [`hcpcs`]: the CMS HCPCS Level II annual file, fixed-width text
//!   (`HCPC20xx_*_ANWEB*.txt`) or its spreadsheet saved as CSV;
//! - [`taxonomy`]: the NUCC taxonomy CSV (`nucc_taxonomy_*.csv`);
//! - [`adjustment_codes`]: CARC or RARC lists, CSV `code,description`;
//! - [`mue`]: a CMS Medically Unlikely Edit table saved as CSV.

pub mod adjustment_codes;
pub mod hcpcs;
pub mod mue;
pub mod taxonomy;

/// A code file that could not be read: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {}{message}", field.as_deref().map(|f| format!("{f}: ")).unwrap_or_default())]
pub struct LoadError {
    pub file: String,
    /// 1-based line of the file (0 when the whole file is at fault).
    pub line: u64,
    /// The column or field at fault (`column 1 (Code)`).
    pub field: Option<String>,
    pub message: String,
}

impl LoadError {
    pub(crate) fn new(
        file: &str,
        line: u64,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        LoadError {
            file: file.to_owned(),
            line,
            field,
            message: crate::rules::shown(message.into().as_bytes()),
        }
    }
}

/// A sorted list of codes, looked up without allocating.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeList {
    codes: Vec<Box<[u8]>>,
}

impl CodeList {
    /// Sorts and removes duplicates.
    pub fn new(mut codes: Vec<Box<[u8]>>) -> Self {
        codes.sort_unstable();
        codes.dedup();
        CodeList { codes }
    }

    pub fn contains(&self, code: &[u8]) -> bool {
        self.codes.binary_search_by(|c| (**c).cmp(code)).is_ok()
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// Rows of a CSV file with their 1-based line numbers; a CSV syntax error
/// (invalid UTF-8) is a [`LoadError`]. Lines are counted here from byte
/// offsets, because the csv crate's own count skips blank lines.
pub(crate) fn csv_rows<'b>(
    file: &str,
    bytes: &'b [u8],
) -> impl Iterator<Item = Result<(u64, csv::StringRecord), LoadError>> + 'b {
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let file = file.to_owned();
    let (mut counted_to, mut line) = (0usize, 1u64);
    let mut line_at = move |byte: u64| {
        // The csv crate reports a record after blank lines at the first
        // blank line; a record never starts with a line break.
        let mut byte = (byte as usize).min(bytes.len());
        while bytes.get(byte).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            byte += 1;
        }
        if byte >= counted_to {
            line += memchr::memchr_iter(b'\n', &bytes[counted_to..byte]).count() as u64;
            counted_to = byte;
        }
        line
    };
    reader.into_records().map(move |r| match r {
        Ok(rec) => Ok((rec.position().map_or(0, |p| line_at(p.byte())), rec)),
        Err(e) => {
            let line = e.position().map_or(0, |p| line_at(p.byte()));
            let message = match e.kind() {
                csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_owned(),
                _ => e.to_string(),
            };
            Err(LoadError::new(&file, line, None, message))
        }
    })
}

/// The index of the first column whose header, trimmed, equals one of
/// `names` (ASCII case-insensitive).
pub(crate) fn column(header: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    header
        .iter()
        .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_load_error_is_one_line_naming_file_line_and_field() {
        let e = LoadError::new("codes.csv", 7, Some("column 1 (Code)".into()), "bad\ncode");
        assert_eq!(e.to_string(), r"codes.csv:7: column 1 (Code): bad\ncode");
        let e = LoadError::new("codes.csv", 0, None, "no header row");
        assert_eq!(e.to_string(), "codes.csv:0: no header row");
    }

    #[test]
    fn code_lists_are_sorted_and_deduplicated() {
        let list = CodeList::new(vec![
            b"N2".to_vec().into(),
            b"M1".to_vec().into(),
            b"N2".to_vec().into(),
        ]);
        assert_eq!(list.len(), 2);
        assert!(list.contains(b"M1") && list.contains(b"N2") && !list.contains(b"N3"));
    }
}
