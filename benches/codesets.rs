//! Look-up speed of the shipped code sets (criterion; not a test).
//!
//! `cargo bench --bench codesets`. The ICD-10-CM look-ups mix billable
//! codes, headers and unknown codes, with and without the dot, as claims
//! carry them.

use std::hint::black_box;

use claimcheck::codesets::{icd10cm, npi, pos, procedure};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const DIAGNOSES: &[&str] = &[
    "F329", "F32.9", "F32", "F331", "F411", "F4310", "F900", "Z1331", "I10", "E119", "S72001A",
    "T360X1A", "F10.20", "F1120", "Z00.00", "R69", "F32.99", "A000", "ZZZ9", "QA00101",
];

fn lookups(c: &mut Criterion) {
    let mut group = c.benchmark_group("codesets");
    // The first look-up parses the table's header; later ones only search.
    black_box(icd10cm::lookup("F329"));
    group.throughput(Throughput::Elements(DIAGNOSES.len() as u64));
    group.bench_function("icd10cm_lookup", |b| {
        b.iter(|| {
            DIAGNOSES
                .iter()
                .filter(|c| icd10cm::lookup(black_box(c)).is_some_and(|e| e.billable))
                .count()
        })
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("npi_check", |b| {
        b.iter(|| npi::is_valid(black_box(b"1234567893")))
    });
    group.bench_function("pos_lookup", |b| {
        b.iter(|| pos::place_of_service(black_box(b"53")))
    });
    group.bench_function("procedure_kind", |b| {
        b.iter(|| procedure::procedure_kind(black_box(b"H2015")))
    });
    group.finish();
}

criterion_group!(benches, lookups);
criterion_main!(benches);
