//! The CMS HCPCS Level II annual file (`HCPC2026_JAN_ANWEB_*.txt`, or its
//! `.xlsx` saved as CSV).
//!
//! Two forms are accepted, told apart by the first line:
//!
//! - **Fixed-width text** (CMS's record layout, one 320-character record a
//!   line): columns 1–5 hold the code, padded, and column 11 the record
//!   identification code: `3` first line of a procedure (columns 1–5 the
//!   5-character HCPCS code), `4` continuation of a procedure's long
//!   description, `7` first line of a modifier (columns 4–5 the modifier),
//!   `8` continuation of a modifier. Only `3` and `7` lines are read; the
//!   rest of the record (descriptions, pricing, dates) is not used.
//! - **CSV** with a header row naming a column `HCPC` (or `HCPCS`, `Code`,
//!   `HCPCS Code`): each row's value in that column, trimmed, is a
//!   procedure code (5 characters) or a modifier (2 characters); rows that
//!   repeat a code (continuation lines) are merged. Other columns are
//!   ignored.
//!
//! A code that is not 5 upper-case letters/digits (or a modifier not 2) is
//! an error naming its line and column. CPT codes in the file (it lists
//! some) are kept too: a claim is checked against every code listed.

use super::{CodeList, LoadError, column, csv_rows};

/// Codes and modifiers read from a HCPCS file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HcpcsFile {
    pub codes: CodeList,
    pub modifiers: CodeList,
}

/// Reads a HCPCS annual file in either form.
pub fn load(file: &str, bytes: &[u8]) -> Result<HcpcsFile, LoadError> {
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    if looks_fixed_width(first_line) {
        load_fixed_width(file, bytes)
    } else {
        load_csv(file, bytes)
    }
}

/// A fixed-width record starts with a code or blanks, has a sequence number
/// in columns 6–10 and a record id in column 11.
fn looks_fixed_width(line: &[u8]) -> bool {
    line.len() >= 11
        && line[5..10].iter().all(u8::is_ascii_digit)
        && matches!(line[10], b'3' | b'4' | b'7' | b'8')
}

fn is_code_char(b: &u8) -> bool {
    b.is_ascii_digit() || b.is_ascii_uppercase()
}

fn load_fixed_width(file: &str, bytes: &[u8]) -> Result<HcpcsFile, LoadError> {
    let (mut codes, mut modifiers) = (Vec::new(), Vec::new());
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let line_no = i as u64 + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if line.len() < 11 {
            return Err(LoadError::new(
                file,
                line_no,
                None,
                format!(
                    "record of {} characters, expected at least 11 (code, sequence, record id)",
                    line.len()
                ),
            ));
        }
        let code = &line[..5];
        match line[10] {
            b'3' => {
                if !code.iter().all(is_code_char) {
                    return Err(LoadError::new(
                        file,
                        line_no,
                        Some("columns 1-5 (HCPC)".into()),
                        format!(
                            "'{}' is not a 5-character code",
                            String::from_utf8_lossy(code)
                        ),
                    ));
                }
                codes.push(code.into());
            }
            b'7' => {
                let modifier = &code[3..];
                if !modifier.iter().all(is_code_char) {
                    return Err(LoadError::new(
                        file,
                        line_no,
                        Some("columns 4-5 (modifier)".into()),
                        format!(
                            "'{}' is not a 2-character modifier",
                            String::from_utf8_lossy(modifier)
                        ),
                    ));
                }
                modifiers.push(modifier.into());
            }
            b'4' | b'8' => {}
            other => {
                return Err(LoadError::new(
                    file,
                    line_no,
                    Some("column 11 (record id)".into()),
                    format!(
                        "record id '{}', expected 3, 4, 7 or 8",
                        char::from(other).escape_default()
                    ),
                ));
            }
        }
    }
    finish(file, codes, modifiers)
}

fn load_csv(file: &str, bytes: &[u8]) -> Result<HcpcsFile, LoadError> {
    let mut rows = csv_rows(file, bytes);
    let (header_line, header) = rows
        .next()
        .transpose()?
        .ok_or_else(|| LoadError::new(file, 0, None, "empty file"))?;
    let code_col = column(&header, &["HCPC", "HCPCS", "Code", "HCPCS Code"]).ok_or_else(|| {
        LoadError::new(
            file,
            header_line,
            None,
            "no HCPC column in the header row (expected the CMS fixed-width file or a CSV with a column HCPC)",
        )
    })?;
    let (mut codes, mut modifiers) = (Vec::new(), Vec::new());
    for row in rows {
        let (line, rec) = row?;
        let value = rec.get(code_col).unwrap_or("").trim();
        let field = || Some(format!("column {} (HCPC)", code_col + 1));
        if value.is_empty() && rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if !value.bytes().all(|b| is_code_char(&b)) {
            return Err(LoadError::new(
                file,
                line,
                field(),
                format!("'{value}' is not a code"),
            ));
        }
        match value.len() {
            5 => codes.push(value.as_bytes().into()),
            2 => modifiers.push(value.as_bytes().into()),
            _ => {
                return Err(LoadError::new(
                    file,
                    line,
                    field(),
                    format!("'{value}' is neither a 5-character code nor a 2-character modifier"),
                ));
            }
        }
    }
    finish(file, codes, modifiers)
}

fn finish(
    file: &str,
    codes: Vec<Box<[u8]>>,
    modifiers: Vec<Box<[u8]>>,
) -> Result<HcpcsFile, LoadError> {
    if codes.is_empty() {
        return Err(LoadError::new(file, 0, None, "no HCPCS codes in the file"));
    }
    Ok(HcpcsFile {
        codes: CodeList::new(codes),
        modifiers: CodeList::new(modifiers),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::codesets::test_data as fixture;

    #[test]
    fn the_fixed_width_file_gives_codes_and_modifiers() {
        let f = load("hcpcs.txt", &fixture("hcpcs_anweb.txt")).unwrap();
        assert_eq!((f.codes.len(), f.modifiers.len()), (4, 2));
        for code in ["H0004", "H2015", "T1017", "90837"] {
            assert!(f.codes.contains(code.as_bytes()), "{code}");
        }
        assert!(f.modifiers.contains(b"HO") && f.modifiers.contains(b"GT"));
        assert!(!f.codes.contains(b"H0005"));
    }

    #[test]
    fn the_csv_form_gives_the_same_lists() {
        let csv = load("hcpcs.csv", &fixture("hcpcs_anweb.csv")).unwrap();
        let txt = load("hcpcs.txt", &fixture("hcpcs_anweb.txt")).unwrap();
        assert_eq!(csv, txt);
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let e = load("bad.txt", &fixture("hcpcs_bad.txt")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "bad.txt:3: columns 1-5 (HCPC): 'H00-4' is not a 5-character code"
        );
        let e = load("bad.csv", b"HCPC,LONG DESCRIPTION\nH0004,x\nH004,y\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "bad.csv:3: column 1 (HCPC): 'H004' is neither a 5-character code nor a 2-character modifier"
        );
        let e = load("bad.csv", b"CODE_X,DESC\nH0004,x\n").unwrap_err();
        assert!(
            e.to_string().starts_with("bad.csv:1: no HCPC column"),
            "{e}"
        );
        let e = load("empty.csv", b"").unwrap_err();
        assert_eq!(e.to_string(), "empty.csv:0: empty file");
        let e = load("short.txt", b"H000400100\n").unwrap_err();
        assert!(
            e.to_string().starts_with("short.txt:1: no HCPC column"),
            "{e}"
        );
    }
}
