//! UNIT: units and time (SNIP 7). Time-based codes against the minutes
//! of the service, 15-minute unit math, daily maxima counted across every
//! claim and file of the run, and add-on codes without their primary.
//! The payer's numbers come from its profile ([`crate::profile`]).

pub mod unit004_units_per_day;

/// A procedure code packed into a number, for compact count keys (codes
/// are five characters; longer ones keep their first eight).
pub(crate) fn code_key(code: &str) -> u64 {
    let mut k = [0u8; 8];
    for (i, b) in code.bytes().take(8).enumerate() {
        k[i] = b;
    }
    u64::from_be_bytes(k)
}

/// The code a [`code_key`] was made from.
pub(crate) fn code_of(key: u64) -> String {
    let bytes = key.to_be_bytes();
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(8);
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}
