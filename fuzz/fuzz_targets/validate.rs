//! `validate_bytes` and `validate_reader` on the same bytes: neither may
//! panic, and both must return the same report.
#![no_main]

use claimcheck_fuzz::ChunkedReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let from_bytes = claimcheck::validate_bytes(data);
    let from_reader = claimcheck::validate_reader(ChunkedReader::new(data), |_| {})
        .expect("in-memory reader never fails");
    assert_eq!(
        from_bytes, from_reader,
        "validate_bytes and validate_reader disagree"
    );
});
