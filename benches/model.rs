//! Throughput of parsing into the typed model (claims handed out one at a
//! time and dropped), of writing its JSON, and of generating X12 from the
//! parsed document (in output bytes), on a generated 100 MB
//! behavioral-health 837P and the 835 that pays it (criterion; not a
//! test).
//!
//! `cargo bench --bench model`. Set CLAIMCHECK_BENCH_MB to change the
//! 837P's size.

use std::hint::black_box;
use std::io;
use std::time::Duration;

use claimcheck::model::{
    Claim, ClaimPayment, GenerateOptions, JsonWriter, ModelSink, generate, parse_bytes,
    stream_bytes,
};
use claimcheck::synth::{SynthOptions, write_835, write_837p};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn options() -> SynthOptions {
    let mb: u64 = std::env::var("CLAIMCHECK_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    SynthOptions {
        seed: 7,
        target_bytes: mb * 1_000_000,
        ..SynthOptions::default()
    }
}

/// Counts what it is handed, as a consumer that keeps nothing would.
#[derive(Default)]
struct Count(usize);

impl ModelSink for Count {
    fn claim(&mut self, c: Claim) -> io::Result<()> {
        self.0 += c.lines.len();
        Ok(())
    }
    fn claim_payment(&mut self, p: ClaimPayment) -> io::Result<()> {
        self.0 += p.services.len();
        Ok(())
    }
}

fn bench(c: &mut Criterion) {
    let opts = options();
    type Write = fn(&SynthOptions, &mut Vec<u8>) -> io::Result<claimcheck::synth::SynthStats>;
    let writers: [(&str, Write); 2] = [
        ("837p", |o, w| write_837p(o, w)),
        ("835", |o, w| write_835(o, w)),
    ];
    for (name, write) in writers {
        let mut data = Vec::with_capacity(opts.target_bytes as usize + (1 << 20));
        write(&opts, &mut data).expect("writing to memory");
        let mut g = c.benchmark_group(format!("model_{name}"));
        g.throughput(Throughput::Bytes(data.len() as u64));
        g.sample_size(10);
        g.measurement_time(Duration::from_secs(10));
        g.bench_function("parse", |b| {
            b.iter(|| {
                let mut sink = Count::default();
                stream_bytes(black_box(&data), &mut sink).expect("no sink error");
                sink.0
            })
        });
        g.bench_function("json", |b| {
            b.iter(|| {
                let mut w = JsonWriter::new(io::sink());
                stream_bytes(black_box(&data), &mut w).expect("no sink error");
            })
        });
        // The synthetic files end every segment with a line break, so the
        // generated file is byte for byte the input.
        let doc = parse_bytes(&data).document;
        let gen_opts = GenerateOptions {
            line_breaks: true,
            ..GenerateOptions::default()
        };
        let out = generate(&doc, &gen_opts).expect("the parsed document generates");
        g.throughput(Throughput::Bytes(out.len() as u64));
        drop(out);
        g.bench_function("generate", |b| {
            b.iter(|| {
                generate(black_box(&doc), &gen_opts)
                    .expect("the parsed document generates")
                    .len()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
