//! `--codes KIND=FILE` and the configuration's `[codes]`: reading the
//! code files of a run into one [`CodeSets`].

use std::path::PathBuf;

use crate::codesets::{CodeFileKind, CodeSets};
use crate::config::CodeFileRef;

/// Parses one `--codes` value: `hcpcs=HCPC2026_JAN_ANWEB.txt`.
pub fn parse_code_file(value: &str) -> Result<CodeFileRef, String> {
    let Some((kind, path)) = value.split_once('=') else {
        return Err(format!(
            "'{value}' is not KIND=FILE (KIND: hcpcs, taxonomy, carc, rarc or mue)"
        ));
    };
    let kind = kind.trim().parse::<CodeFileKind>()?;
    if path.is_empty() {
        return Err(format!("'{value}' names no file"));
    }
    Ok(CodeFileRef {
        kind,
        path: PathBuf::from(path),
        origin: "--codes".to_string(),
    })
}

/// Reads every file in order (a later one replaces an earlier one of the
/// same kind, so the command line wins over the configuration). Each file
/// is read once per run. Errors are one line: `ORIGIN: cannot read FILE:
/// REASON` or the loader's `FILE:LINE: FIELD: MESSAGE`.
pub fn load_code_sets<'a>(
    files: impl IntoIterator<Item = &'a CodeFileRef>,
) -> Result<CodeSets, String> {
    let mut sets = CodeSets::shipped();
    for f in files {
        let name = f.path.display().to_string();
        let bytes =
            std::fs::read(&f.path).map_err(|e| format!("{}: cannot read {name}: {e}", f.origin))?;
        sets.load(f.kind, &name, &bytes)
            .map_err(|e| e.to_string())?;
    }
    Ok(sets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_file_values_are_kind_equals_file() {
        let c = parse_code_file("HCPCS=codes/h.txt").unwrap();
        assert_eq!(
            (c.kind, c.path, c.origin.as_str()),
            (CodeFileKind::Hcpcs, PathBuf::from("codes/h.txt"), "--codes")
        );
        assert_eq!(
            parse_code_file("codes/h.txt").unwrap_err(),
            "'codes/h.txt' is not KIND=FILE (KIND: hcpcs, taxonomy, carc, rarc or mue)"
        );
        assert_eq!(
            parse_code_file("icd=x.csv").unwrap_err(),
            "unknown code file kind 'icd' (expected hcpcs, taxonomy, carc, rarc or mue)"
        );
        assert_eq!(
            parse_code_file("carc=").unwrap_err(),
            "'carc=' names no file"
        );
    }

    #[test]
    fn code_files_are_read_and_errors_name_where_they_were_given() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/codesets");
        let refs = [
            parse_code_file(&format!("carc={dir}/carc.csv")).unwrap(),
            parse_code_file(&format!("rarc={dir}/rarc.txt")).unwrap(),
        ];
        let sets = load_code_sets(&refs).unwrap();
        assert!(sets.carc.as_ref().unwrap().contains(b"45"));
        assert!(sets.rarc.as_ref().unwrap().contains(b"N362"));
        assert!(sets.hcpcs.is_none());
        let missing = parse_code_file("taxonomy=/nonexistent/nucc.csv").unwrap();
        let e = load_code_sets([&missing]).unwrap_err();
        assert!(
            e.starts_with("--codes: cannot read /nonexistent/nucc.csv: "),
            "{e}"
        );
    }
}
