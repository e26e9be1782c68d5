//! Seeded synthetic behavioral-health 837P and 837I claims and 835
//! remittances matching the 837P.
//!
//! [`write_837p`] writes a guide-conformant 005010X222A1 professional claim
//! file and [`write_835`] the 005010X221A1 remittance that pays exactly the
//! same claims, in the same order (CLP01 = CLM01, one SVC per SV1 with the
//! same procedure, modifiers, charge and units, REF*6R echoed).
//! [`write_837i`] writes a guide-conformant 005010X223A2 institutional claim
//! file of outpatient facility claims (no 835 is made for it). All are pure
//! functions of [`SynthOptions`]: the same options give the same bytes.
//!
//! All content is invented: names come from small fixed word lists, ids are
//! random digits, NPIs are random with a valid Luhn check digit. All dates
//! (ISA09, GS04, BHT04, service dates, ...) fall in 2026 before November and
//! are derived from the seed, never from the clock; only birth dates are
//! earlier.
//!
//! Generation streams: claim number `i` is derived from `(seed, i)` with a
//! small splitmix64 generator, the hierarchy (which billing provider and
//! subscriber a claim belongs to) from a stream with constant-size state, and
//! output goes through one reused buffer. Memory does not grow with the
//! target size.
//!
//! Layout of the 837P and the 837I (the same frame; only the claims, 2300
//! and below, differ): one ISA; a new GS after every
//! `transactions_per_group` ST sets; a new ST after every
//! `claims_per_transaction` claims. Each ST holds many billing providers
//! (2000A), each with several subscribers (2000B); about a quarter of the
//! subscribers have a dependent patient (2000C) and their claims sit there.
//! All claims of one ST go to one payer. The 837I uses the same providers,
//! subscribers and payers as the 837P for the same seed, but each billing
//! provider becomes a facility and the claims are institutional ones (see
//! `gen837i.rs`).
//!
//! Layout of the 835: ST number `k` remits exactly the claims of 837 ST
//! number `k` (one payment per ST, so one ST per `claims_per_transaction`
//! claims); the payee (N1*PE) is the billing provider of that ST's first
//! claim. `target_bytes` is applied to the 837P, not to the 835: the 835 for
//! given options covers the claims that the 837P for the same options holds
//! (found by replaying the 837P into a sink, which costs time but no memory).

mod gen835;
mod gen837;
mod gen837i;
mod gen837p;
mod model;
mod out;
mod rng;

use std::io;

/// Options for the generators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthOptions {
    /// Seed for every random choice.
    pub seed: u64,
    /// Stop adding claims once the 837 output reaches this many bytes (the
    /// open ST/GS/ISA are then closed properly, so the output is a little
    /// larger). At least one claim is always written. Bytes are output bytes,
    /// so with `newlines: false` a few more claims fit in the same target.
    pub target_bytes: u64,
    /// Claims per ST..SE (default 1000).
    pub claims_per_transaction: usize,
    /// ST sets per GS..GE (default 50).
    pub transactions_per_group: usize,
    /// Write "~\n" after each segment (default) instead of "~" only.
    pub newlines: bool,
    /// Draw subscriber households from a pool of this many, the same pool
    /// whatever the seed (0: a new household for every subscriber run,
    /// from the seed). With a pool, members come back across claims and
    /// files, as the cross-file unit and case-rate counts need.
    pub members: u64,
}

/// The seed of the shared household pool ([`SynthOptions::members`]).
const MEMBER_POOL_SEED: u64 = 0x006d_656d_6265_7273;

impl SynthOptions {
    /// The seed and serial a subscriber household is drawn from.
    pub(crate) fn household(&self, serial: u64) -> (u64, u64) {
        if self.members > 0 {
            (MEMBER_POOL_SEED, serial % self.members)
        } else {
            (self.seed, serial)
        }
    }
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            seed: 1,
            target_bytes: 1_000_000,
            claims_per_transaction: 1000,
            transactions_per_group: 50,
            newlines: true,
            members: 0,
        }
    }
}

/// What a generator wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SynthStats {
    pub bytes: u64,
    pub interchanges: u64,
    pub groups: u64,
    pub transactions: u64,
    pub claims: u64,
    pub service_lines: u64,
    /// All segments, ISA and IEA included.
    pub segments: u64,
}

/// Writes a synthetic 837P (005010X222A1). Output is written in chunks of
/// about 64 KiB; wrapping `out` in a `BufWriter` is not needed.
pub fn write_837p<W: io::Write>(opts: &SynthOptions, out: W) -> io::Result<SynthStats> {
    gen837p::write(opts, out)
}

/// Writes a synthetic 837I (005010X223A2) of behavioral-health outpatient
/// facility claims. Output is written like [`write_837p`]'s.
pub fn write_837i<W: io::Write>(opts: &SynthOptions, out: W) -> io::Result<SynthStats> {
    gen837i::write(opts, out)
}

/// Writes the synthetic 835 (005010X221A1) remitting exactly the claims of
/// [`write_837p`] with the same options.
pub fn write_835<W: io::Write>(opts: &SynthOptions, out: W) -> io::Result<SynthStats> {
    gen835::write(opts, out)
}

/// The NPI check digit for the first nine digits of an NPI: the Luhn check
/// digit computed over "80840" followed by the nine digits.
///
/// `first9` holds ASCII digits (`b'0'..=b'9'`) or digit values (`0..=9`);
/// both are accepted. The result is the digit VALUE `0..=9`, not ASCII.
pub fn npi_check_digit(first9: &[u8; 9]) -> u8 {
    // Luhn from the right: the digit next to the (absent) check digit is
    // doubled, then every second one. Over 14 digits "80840d1..d9" the
    // doubled ones are d9, d7, d5, d3, d1, '4', '0'.
    let mut sum = 0u32;
    let digits = b"80840"
        .iter()
        .map(|d| d - b'0')
        .chain(first9.iter().map(|&d| d % 48));
    for (i, d) in digits.enumerate() {
        let mut d = u32::from(d);
        // Position from the right (1-based) among 14 digits is 14 - i; odd
        // positions are doubled.
        if (14 - i) % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npi_known_example() {
        // CMS's published example: 123456789 -> check digit 3.
        assert_eq!(npi_check_digit(b"123456789"), 3);
        assert_eq!(npi_check_digit(&[1, 2, 3, 4, 5, 6, 7, 8, 9]), 3);
    }

    #[test]
    fn dates_map_to_2026() {
        assert_eq!(out::month_day_2026(1), (1, 1));
        assert_eq!(out::month_day_2026(59), (2, 28));
        assert_eq!(out::month_day_2026(60), (3, 1));
        assert_eq!(out::month_day_2026(365), (12, 31));
    }
}
