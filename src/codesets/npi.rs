//! National Provider Identifier: 10 digits, the last a Luhn check digit.
//!
//! CMS computes the check digit with the Luhn formula over the card-issuer
//! prefix `80840` followed by the first 9 digits of the NPI (the NPI
//! standard, 45 CFR 162.406, and the CMS note "Requirements for NPI check
//! digit").

/// Why a value is not a valid NPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NpiProblem {
    /// Not exactly 10 characters.
    Length(usize),
    /// A character that is not a digit, at this 0-based position.
    NotDigit(usize),
    /// The 10th digit is not the check digit of the first 9.
    CheckDigit { expected: u8, found: u8 },
}

impl std::fmt::Display for NpiProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NpiProblem::Length(n) => write!(f, "has {n} characters, not 10"),
            NpiProblem::NotDigit(at) => write!(f, "has a non-digit at position {}", at + 1),
            NpiProblem::CheckDigit { expected, found } => {
                write!(f, "ends in check digit {found}, expected {expected}")
            }
        }
    }
}

/// Checks an NPI; `Ok` when it has 10 digits and a correct check digit.
pub fn check(npi: &[u8]) -> Result<(), NpiProblem> {
    if npi.len() != 10 {
        return Err(NpiProblem::Length(npi.len()));
    }
    if let Some(at) = npi.iter().position(|b| !b.is_ascii_digit()) {
        return Err(NpiProblem::NotDigit(at));
    }
    let expected = check_digit(&npi[..9]);
    let found = npi[9] - b'0';
    if expected == found {
        Ok(())
    } else {
        Err(NpiProblem::CheckDigit { expected, found })
    }
}

/// Whether `npi` is a valid NPI.
pub fn is_valid(npi: &[u8]) -> bool {
    check(npi).is_ok()
}

/// The Luhn check digit of `80840` + `first9` (9 ASCII digits).
pub fn check_digit(first9: &[u8]) -> u8 {
    // Luhn doubles every second digit counting leftwards from the one just
    // before the check digit.
    let sum: u32 = b"80840"
        .iter()
        .chain(first9)
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let twice = 2 * d;
                twice / 10 + twice % 10
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_npis_pass() {
        // 1234567893 is the worked example of the CMS check-digit note.
        for npi in ["1234567893", "1992753883"] {
            assert_eq!(check(npi.as_bytes()), Ok(()), "{npi}");
        }
    }

    #[test]
    fn a_wrong_check_digit_names_the_expected_one() {
        assert_eq!(
            check(b"1234567890"),
            Err(NpiProblem::CheckDigit {
                expected: 3,
                found: 0
            })
        );
        assert_eq!(
            check(b"1992753880"),
            Err(NpiProblem::CheckDigit {
                expected: 3,
                found: 0
            })
        );
        // Swapping two neighbouring digits is caught.
        assert!(!is_valid(b"2134567893"));
    }

    #[test]
    fn wrong_length_and_non_digits_are_reported() {
        assert_eq!(check(b"123456789"), Err(NpiProblem::Length(9)));
        assert_eq!(check(b"12345678930"), Err(NpiProblem::Length(11)));
        assert_eq!(check(b""), Err(NpiProblem::Length(0)));
        assert_eq!(check(b"12345X7893"), Err(NpiProblem::NotDigit(5)));
        assert_eq!(
            NpiProblem::CheckDigit {
                expected: 3,
                found: 0
            }
            .to_string(),
            "ends in check digit 0, expected 3"
        );
    }

    #[test]
    fn the_check_digit_matches_the_cms_worked_example() {
        // CMS: 80840 + 123456789 gives 3.
        assert_eq!(check_digit(b"123456789"), 3);
    }

    #[test]
    fn every_prefix_with_its_check_digit_is_valid_and_no_other_digit_is() {
        for n in (100_000_000u32..999_999_999).step_by(7_654_321) {
            let first9 = n.to_string();
            let digit = check_digit(first9.as_bytes());
            for last in 0..10u8 {
                let npi = format!("{first9}{last}");
                assert_eq!(is_valid(npi.as_bytes()), last == digit, "{npi}");
            }
        }
    }
}
