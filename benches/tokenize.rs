//! Throughput of the tokenizer, the loop tree and full SNIP 1-2 validation
//! (envelope and guide rules) on a generated 100 MB behavioral-health 837P
//! (criterion; not a test).
//!
//! `cargo bench --bench tokenize`. Set CLAIMCHECK_BENCH_MB to change the
//! file size.

use std::hint::black_box;
use std::time::Duration;

use claimcheck::schema::guide::GuideId;
use claimcheck::schema::loops::LoopBuilder;
use claimcheck::synth::{SynthOptions, write_837p};
use claimcheck::x12::tokenizer::{Token, Tokenizer};
use claimcheck::{validate_bytes, validate_reader};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn input() -> Vec<u8> {
    let mb: u64 = std::env::var("CLAIMCHECK_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let opts = SynthOptions {
        seed: 7,
        target_bytes: mb * 1_000_000,
        ..SynthOptions::default()
    };
    let mut out = Vec::with_capacity(opts.target_bytes as usize + (1 << 20));
    write_837p(&opts, &mut out).expect("writing to memory");
    out
}

fn bench(c: &mut Criterion) {
    let data = input();
    let mut g = c.benchmark_group("837p");
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(8));
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in Tokenizer::new(black_box(&data)) {
                if let Token::Segment(s) | Token::Isa(s, _) = t {
                    n += s.bytes().len();
                }
            }
            n
        })
    });
    g.bench_function("validate_bytes", |b| {
        b.iter(|| validate_bytes(black_box(&data)).findings.len())
    });
    g.bench_function("validate_reader", |b| {
        b.iter(|| {
            validate_reader(black_box(data.as_slice()), |_| {})
                .unwrap()
                .findings
                .len()
        })
    });
    // Placing every segment in its guide loop, recording the whole tree.
    g.bench_function("loop_tree", |b| {
        let guide = GuideId::X222A1;
        b.iter(|| {
            let mut placed = 0usize;
            let mut builder: Option<LoopBuilder> = None;
            for t in Tokenizer::new(black_box(&data)) {
                let Token::Segment(s) = t else { continue };
                if s.id() == b"ST" {
                    builder = Some(LoopBuilder::new(guide));
                }
                if let Some(b) = &mut builder {
                    b.push(&s);
                }
                if s.id() == b"SE"
                    && let Some(b) = builder.take()
                {
                    placed += b.finish().placements.len();
                }
            }
            placed
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
