//! Claim Adjustment Reason Code (CARC, 835 CAS02/05/…) and Remittance
//! Advice Remark Code (RARC, 835 LQ02, MIA/MOA remark elements) formats.
//! The lists are X12's and are checked only when the user loads them (see
//! [`super::loaders::adjustment_codes`]); without them only the shape is
//! checked.

/// A CARC: 1 to 3 digits without a leading zero (`1`, `45`, `253`), or one
/// of the letters X12 uses for reason codes (`A`, `B`, `D`, `P`, `W`, `Y`)
/// and 1 or 2 digits (`A1`, `B7`, `P23`, `W1`). `M` and `N` start remark
/// codes (RARC), not reason codes.
pub fn is_carc_format(code: &[u8]) -> bool {
    match code {
        [b'1'..=b'9', rest @ ..] if rest.len() <= 2 => rest.iter().all(u8::is_ascii_digit),
        [b'A' | b'B' | b'D' | b'P' | b'W' | b'Y', rest @ ..] if (1..=2).contains(&rest.len()) => {
            rest.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// A RARC: `M`, `MA` or `N` followed by 1 to 4 digits (`M15`, `MA130`,
/// `N362`).
pub fn is_rarc_format(code: &[u8]) -> bool {
    let digits = match code {
        [b'M', b'A', rest @ ..] => rest,
        [b'M' | b'N', rest @ ..] => rest,
        _ => return false,
    };
    (1..=4).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carc_shapes() {
        for ok in ["1", "2", "45", "97", "253", "A1", "B7", "P23", "W1", "Y3"] {
            assert!(is_carc_format(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", "0", "045", "1000", "A", "A123", "AB1", "a1", "4 5", "N362", "M15", "C1",
        ] {
            assert!(!is_carc_format(bad.as_bytes()), "{bad:?}");
        }
    }

    #[test]
    fn rarc_shapes() {
        for ok in ["M15", "M1", "MA01", "MA130", "N362", "N1", "N1000"] {
            assert!(is_rarc_format(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", "M", "MA", "N", "45", "X12", "N12345", "m15", "MB1", "N36A",
        ] {
            assert!(!is_rarc_format(bad.as_bytes()), "{bad:?}");
        }
    }
}
