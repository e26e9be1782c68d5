//! Procedure code, modifier and revenue code formats (format only: CPT is
//! the AMA's and not shipped; HCPCS Level II is checked against a list only
//! when the user loads one, see [`super::loaders::hcpcs`]).

/// What a well-formed procedure code (qualifier `HC`) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcedureKind {
    /// CPT Category I: 5 digits (`90837`).
    CptCategoryI,
    /// CPT Category II performance measure: 4 digits + `F` (`1036F`).
    CptCategoryII,
    /// CPT Category III emerging technology: 4 digits + `T` (`0591T`).
    CptCategoryIII,
    /// CPT Proprietary Laboratory Analyses: 4 digits + `U` (`0001U`).
    CptPla,
    /// CPT Multianalyte Assays with Algorithmic Analyses: 4 digits + `M`.
    CptMaaa,
    /// HCPCS Level II: a letter `A`–`V` + 4 digits (`H0004`, `T1017`).
    HcpcsLevelII,
}

/// The kind of a procedure code, or `None` when it fits no CPT or HCPCS
/// Level II format. Upper case only, as X12 carries codes.
pub fn procedure_kind(code: &[u8]) -> Option<ProcedureKind> {
    let [first, rest @ .., last] = code else {
        return None;
    };
    if code.len() != 5 || !rest.iter().all(u8::is_ascii_digit) {
        return None;
    }
    match (first, last) {
        (b'0'..=b'9', b'0'..=b'9') => Some(ProcedureKind::CptCategoryI),
        (b'0'..=b'9', b'F') => Some(ProcedureKind::CptCategoryII),
        (b'0'..=b'9', b'T') => Some(ProcedureKind::CptCategoryIII),
        (b'0'..=b'9', b'U') => Some(ProcedureKind::CptPla),
        (b'0'..=b'9', b'M') => Some(ProcedureKind::CptMaaa),
        // W–Z were the local codes HIPAA retired; I, N and O are unused
        // but not excluded, so that a new section is not rejected here.
        (b'A'..=b'V', b'0'..=b'9') => Some(ProcedureKind::HcpcsLevelII),
        _ => None,
    }
}

/// A procedure modifier: 2 upper-case letters or digits (`HO`, `25`, `GT`).
pub fn is_modifier(m: &[u8]) -> bool {
    m.len() == 2
        && m.iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// A UB-04 revenue code: 4 digits with a leading zero allowed (`0900`,
/// `0914`, `1001`).
pub fn is_revenue_code(code: &[u8]) -> bool {
    code.len() == 4 && code.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpt_and_hcpcs_formats_are_told_apart() {
        use ProcedureKind::*;
        for (code, kind) in [
            ("90837", CptCategoryI),
            ("99213", CptCategoryI),
            ("00100", CptCategoryI),
            ("1036F", CptCategoryII),
            ("0591T", CptCategoryIII),
            ("0001U", CptPla),
            ("0002M", CptMaaa),
            ("H0004", HcpcsLevelII),
            ("T1017", HcpcsLevelII),
            ("A0427", HcpcsLevelII),
            ("V2020", HcpcsLevelII),
        ] {
            assert_eq!(procedure_kind(code.as_bytes()), Some(kind), "{code}");
        }
    }

    #[test]
    fn malformed_procedure_codes_have_no_kind() {
        for code in [
            "", "9083", "908370", "h0004", "W1234", "Z9999", "H004", "H00045", "9083A", "1036f",
            "HH004", "H0O04", "90 37", "F32.9",
        ] {
            assert_eq!(procedure_kind(code.as_bytes()), None, "{code:?}");
        }
    }

    #[test]
    fn modifiers_are_two_upper_case_alphanumerics() {
        for m in ["HO", "25", "GT", "U1", "59", "XE"] {
            assert!(is_modifier(m.as_bytes()), "{m}");
        }
        for m in ["", "H", "HOO", "ho", "H-", "2 "] {
            assert!(!is_modifier(m.as_bytes()), "{m:?}");
        }
    }

    #[test]
    fn revenue_codes_are_four_digits() {
        assert!(is_revenue_code(b"0900") && is_revenue_code(b"1001"));
        assert!(
            !is_revenue_code(b"900") && !is_revenue_code(b"09A0") && !is_revenue_code(b"09000")
        );
    }
}
