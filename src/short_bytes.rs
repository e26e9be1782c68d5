//! Hashing and comparing short byte strings (segments, element values)
//! for the syntax rules' tables of what was checked clean before: the
//! keys are a few dozen bytes, where a general hasher's set-up and a
//! `memcmp` call cost more than the work itself.

/// FxHash-style mixing of `seed` and then `bytes`, 8 bytes at a time;
/// for the clean tables, whose keys are short and not chosen against
/// them (a collision only costs a check).
#[inline]
pub(crate) fn fx_hash(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed.wrapping_mul(FX_K);
    let mut words = bytes.chunks_exact(8);
    for chunk in words.by_ref() {
        h = fx_mix(h, u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
    }
    // The tail byte by byte: a short copy would be a memcpy call.
    let tail = words
        .remainder()
        .iter()
        .fold(0u64, |w, &x| (w << 8) | u64::from(x));
    fx_mix(h, tail ^ bytes.len() as u64)
}

/// Whether `a` and `b`, of the same length, hold the same bytes. The
/// clean tables compare short values (a segment is at most 54 bytes, a
/// composite 23), where a `memcmp` call cost more than the compare: here
/// it is a few machine words, the last one overlapping the one before
/// when the length is not a multiple of their size.
#[inline(always)]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    debug_assert_eq!(a.len(), b.len());
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    if n >= 8 {
        let word =
            |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("8 bytes"));
        let mut diff = word(a, n - 8) ^ word(b, n - 8);
        let mut at = 0;
        while at + 8 < n {
            diff |= word(a, at) ^ word(b, at);
            at += 8;
        }
        diff == 0
    } else if n >= 4 {
        let word =
            |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().expect("4 bytes"));
        (word(a, 0) ^ word(b, 0)) | (word(a, n - 4) ^ word(b, n - 4)) == 0
    } else if n > 0 {
        // Positions 0, n / 2 and n - 1 are every position of 1 to 3 bytes.
        a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]
    } else {
        true
    }
}

/// A hash of four words whose high bits depend on every bit of each, in
/// two multiplications that run side by side (a chain of [`fx_mix`]
/// waits for each of four in turn, and this hash is on the way to a
/// prefetch). The third and fourth words go in turned by half a word, so
/// that the same change in two words does not cancel out.
#[inline]
pub(crate) fn hash_words(w: [u64; 4]) -> u64 {
    let [a, b, c, d] = w;
    (a ^ c.rotate_left(32)).wrapping_mul(FX_K) ^ (b ^ d.rotate_left(32)).wrapping_mul(MUL_B)
}

/// An odd 64-bit constant (splitmix64's).
const MUL_B: u64 = 0x9e37_79b9_7f4a_7c15;

const FX_K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[inline]
fn fx_mix(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(FX_K)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_finds_a_difference_at_every_place() {
        let a: Vec<u8> = (0..64u8).map(|i| b'A' + i % 26).collect();
        for n in 0..=a.len() {
            assert!(same_bytes(&a[..n], &a[..n]), "length {n}");
            for at in 0..n {
                let mut b = a[..n].to_vec();
                b[at] ^= 0x20;
                assert!(!same_bytes(&a[..n], &b), "length {n}, byte {at}");
                b[at] ^= 0x20 | 0x80;
                assert!(!same_bytes(&a[..n], &b), "length {n}, byte {at}, high bit");
            }
        }
    }
}
