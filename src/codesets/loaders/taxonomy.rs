//! The NUCC Health Care Provider Taxonomy code set as CSV
//! (`nucc_taxonomy_251.csv` from nucc.org).
//!
//! The first row is a header; the column named `Code` holds the codes
//! (NUCC's columns are `Code, Grouping, Classification, Specialization,
//! Definition, Notes, Display Name, Section`; only `Code` is read, so other
//! column sets work too). Every code must have the taxonomy shape (9
//! letters/digits and `X`); a row that does not is an error naming its line.
//! Blank rows are skipped.

use super::{CodeList, LoadError, column, csv_rows};
use crate::codesets::taxonomy::is_taxonomy_format;

/// Reads a NUCC taxonomy CSV into the list of its codes.
pub fn load(file: &str, bytes: &[u8]) -> Result<CodeList, LoadError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut rows = csv_rows(file, bytes);
    let (header_line, header) = rows
        .next()
        .transpose()?
        .ok_or_else(|| LoadError::new(file, 0, None, "empty file"))?;
    let code_col = column(&header, &["Code"]).ok_or_else(|| {
        LoadError::new(
            file,
            header_line,
            None,
            "no Code column in the header row (expected the NUCC taxonomy CSV)",
        )
    })?;
    let mut codes = Vec::new();
    for row in rows {
        let (line, rec) = row?;
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let value = rec.get(code_col).unwrap_or("").trim();
        if !is_taxonomy_format(value.as_bytes()) {
            return Err(LoadError::new(
                file,
                line,
                Some(format!("column {} (Code)", code_col + 1)),
                format!("'{value}' is not a taxonomy code (9 letters or digits and X)"),
            ));
        }
        codes.push(value.as_bytes().into());
    }
    if codes.is_empty() {
        return Err(LoadError::new(
            file,
            0,
            None,
            "no taxonomy codes in the file",
        ));
    }
    Ok(CodeList::new(codes))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::codesets::test_data as fixture;

    #[test]
    fn codes_are_read_from_the_code_column() {
        let list = load("nucc.csv", &fixture("nucc_taxonomy.csv")).unwrap();
        assert_eq!(list.len(), 3);
        assert!(list.contains(b"101YM0800X") && list.contains(b"2084P0800X"));
        assert!(!list.contains(b"101YM0801X"));
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let e = load("nucc.csv", b"Grouping,Code\nx,101YM0800X\n\ny,101YM080X\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "nucc.csv:4: column 2 (Code): '101YM080X' is not a taxonomy code (9 letters or digits and X)"
        );
        let e = load("nucc.csv", b"Taxonomy,Grouping\n").unwrap_err();
        assert!(
            e.to_string().starts_with("nucc.csv:1: no Code column"),
            "{e}"
        );
        let e = load("nucc.csv", b"Code\n").unwrap_err();
        assert_eq!(e.to_string(), "nucc.csv:0: no taxonomy codes in the file");
        let e = load("nucc.csv", b"Code\n101YM0800X\n\xff\xfe\n").unwrap_err();
        assert_eq!(e.to_string(), "nucc.csv:3: not UTF-8 text");
    }
}
