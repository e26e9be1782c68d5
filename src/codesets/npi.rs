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
    let Ok(npi) = <&[u8; 10]>::try_from(npi) else {
        return Err(NpiProblem::Length(npi.len()));
    };
    if let Some(at) = npi.iter().position(|b| !b.is_ascii_digit()) {
        return Err(NpiProblem::NotDigit(at));
    }
    // Exactly 9 digits: the prefix's part of the sum is a constant.
    let expected = digit_of(PREFIX_SUM + luhn_sum(npi[..9].iter().rev()));
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
    digit_of(luhn_sum(b"80840".iter().chain(first9).rev()))
}

/// Luhn's sum of ASCII digits given right to left, starting with the one
/// just before the check digit: every second one from it is doubled
/// (the digits of the product summed).
fn luhn_sum<'a>(right_to_left: impl Iterator<Item = &'a u8>) -> u32 {
    right_to_left
        .enumerate()
        .map(|(i, b)| {
            let d = b.wrapping_sub(b'0') % 10;
            u32::from(if i % 2 == 0 {
                DOUBLED[usize::from(d)]
            } else {
                d
            })
        })
        .sum()
}

/// The check digit that completes a Luhn sum to a multiple of 10.
fn digit_of(sum: u32) -> u8 {
    ((10 - sum % 10) % 10) as u8
}

/// A digit doubled, its two digits summed (Luhn).
const DOUBLED: [u8; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];

/// What the prefix `80840` adds to the Luhn sum ahead of 9 digits: its
/// digits stand 10 to 14 places left of the check digit, so `4` and the
/// second `0` are doubled: 8 + 0 + 8 + 8 + 0. [`check`] adds it rather
/// than summing the prefix for every NPI of every claim.
const PREFIX_SUM: u32 = 24;

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
    fn the_short_path_agrees_with_luhn_over_the_prefixed_number() {
        // Luhn's own test: the 15 digits 80840 + NPI sum to a multiple of
        // 10 with every second digit from the right (not the last)
        // doubled.
        fn luhn_valid(npi: &str) -> bool {
            let all = format!("80840{npi}");
            let sum: u32 = all
                .bytes()
                .rev()
                .enumerate()
                .map(|(i, b)| {
                    let d = u32::from(b - b'0');
                    if i % 2 == 1 {
                        let twice = 2 * d;
                        twice / 10 + twice % 10
                    } else {
                        d
                    }
                })
                .sum();
            sum.is_multiple_of(10)
        }
        for n in (0u32..1_000_000_000).step_by(3_333_331) {
            let first9 = format!("{n:09}");
            for last in 0..10u8 {
                let npi = format!("{first9}{last}");
                assert_eq!(is_valid(npi.as_bytes()), luhn_valid(&npi), "{npi}");
            }
        }
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
