//! Generate synthetic 837P / 837I / 835 files.
//!
//! ```text
//! cargo run --release --example synth -- --kind 837p --size 100MB --seed 7 -o /tmp/x.837
//! cargo run --release --example synth -- --kind 837i --size 1MB --seed 7 -o /tmp/x.837i
//! ```

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use claimcheck::synth::{SynthOptions, write_835, write_837i, write_837p};
use clap::{Parser, ValueEnum};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Kind {
    #[value(name = "837p")]
    P837,
    #[value(name = "837i")]
    I837,
    #[value(name = "835")]
    R835,
}

/// Write a seeded, deterministic synthetic 837P, 837I, or the 835 matching
/// the 837P.
#[derive(Debug, Parser)]
#[command(name = "synth")]
struct Args {
    /// Which transaction to write.
    #[arg(long, value_enum)]
    kind: Kind,
    /// Target size of the 837P or 837I: plain bytes or with a decimal
    /// suffix (KB, MB, GB; e.g. 100MB = 100,000,000 bytes). The 835 covers
    /// the claims of the 837P of this size.
    #[arg(long, default_value = "1MB", value_parser = parse_size)]
    size: u64,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Claims per ST..SE.
    #[arg(long, default_value_t = 1000)]
    claims_per_transaction: usize,
    /// ST sets per GS..GE.
    #[arg(long, default_value_t = 50)]
    transactions_per_group: usize,
    /// Draw subscribers from a pool of this many households shared by
    /// every seed (0: new households throughout), so that members come
    /// back across files.
    #[arg(long, default_value_t = 0)]
    members: u64,
    /// End segments with "~" only, not "~\n".
    #[arg(long)]
    no_newlines: bool,
    /// Output path; "-" or absent for standard output.
    #[arg(short = 'o', long = "output")]
    output: Option<String>,
}

fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let upper = t.to_ascii_uppercase();
    let (num, mult) = if let Some(n) = upper.strip_suffix("GB") {
        (n, 1_000_000_000)
    } else if let Some(n) = upper.strip_suffix("MB") {
        (n, 1_000_000)
    } else if let Some(n) = upper.strip_suffix("KB") {
        (n, 1_000)
    } else if let Some(n) = upper.strip_suffix('B') {
        (n, 1)
    } else {
        (upper.as_str(), 1)
    };
    let n: u64 = num
        .trim()
        .parse()
        .map_err(|_| format!("not a size: {s:?} (use e.g. 500000, 10KB, 100MB, 1GB)"))?;
    n.checked_mul(mult)
        .ok_or_else(|| format!("size too large: {s:?}"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let opts = SynthOptions {
        seed: args.seed,
        target_bytes: args.size,
        claims_per_transaction: args.claims_per_transaction,
        transactions_per_group: args.transactions_per_group,
        newlines: !args.no_newlines,
        members: args.members,
    };
    let start = Instant::now();
    let result = match args.output.as_deref() {
        None | Some("-") => run(args.kind, &opts, io::stdout().lock()),
        Some(path) => match File::create(path) {
            Ok(f) => run(args.kind, &opts, BufWriter::with_capacity(1 << 20, f)),
            Err(e) => {
                eprintln!("synth: cannot create {path}: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    match result {
        Ok(s) => {
            let secs = start.elapsed().as_secs_f64();
            eprintln!(
                "synth: kind={:?} bytes={} interchanges={} groups={} transactions={} claims={} service_lines={} segments={} seconds={:.3} mb_per_s={:.1}",
                args.kind,
                s.bytes,
                s.interchanges,
                s.groups,
                s.transactions,
                s.claims,
                s.service_lines,
                s.segments,
                secs,
                s.bytes as f64 / 1e6 / secs.max(1e-9),
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run<W: Write>(
    kind: Kind,
    opts: &SynthOptions,
    out: W,
) -> io::Result<claimcheck::synth::SynthStats> {
    match kind {
        Kind::P837 => write_837p(opts, out),
        Kind::I837 => write_837i(opts, out),
        Kind::R835 => write_835(opts, out),
    }
}
