//! Start-up cost of the embedded implementation guides: parsing each one
//! from its JSON (done once per run, on first use).

use std::hint::black_box;

use claimcheck::schema::guide::GuideId;
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("guide_parse");
    g.sample_size(20);
    for id in GuideId::ALL {
        g.bench_function(format!("{id:?}"), |b| b.iter(|| black_box(id).parse()));
    }
    g.bench_function("all", |b| {
        b.iter(|| GuideId::ALL.map(|id| black_box(id).parse().root.children.len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
