//! Health Care Provider Taxonomy code format (NUCC): 10 characters, 9
//! upper-case letters or digits followed by `X` (`101YM0800X`,
//! `207Q00000X`). The list itself is NUCC's and is checked only when the
//! user loads it (see [`super::loaders::taxonomy`]).

/// Whether `code` has the shape of a NUCC taxonomy code.
pub fn is_taxonomy_format(code: &[u8]) -> bool {
    code.len() == 10
        && code[9] == b'X'
        && code[..9]
            .iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxonomy_codes_end_in_x_after_nine_alphanumerics() {
        for ok in ["101YM0800X", "207Q00000X", "261QM0801X", "2084P0800X"] {
            assert!(is_taxonomy_format(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "101YM0800",
            "101YM0800Y",
            "101ym0800X",
            "101YM-800X",
            "101YM0800XX",
            "",
        ] {
            assert!(!is_taxonomy_format(bad.as_bytes()), "{bad:?}");
        }
    }
}
