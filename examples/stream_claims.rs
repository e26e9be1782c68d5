//! Stream an 837 or 835 through the typed model and count what it holds,
//! keeping one claim in memory at a time: the smallest use of
//! [`claimcheck::model::stream_reader`] (and what the parse benchmark and
//! profiles run).
//!
//! `cargo run --release --example stream_claims -- FILE`

use std::fs::File;
use std::io::{self, BufReader};

use claimcheck::model::{Claim, ClaimPayment, ModelSink, stream_reader};

#[derive(Default)]
struct Count {
    claims: u64,
    lines: u64,
    payments: u64,
}

impl ModelSink for Count {
    fn claim(&mut self, c: Claim) -> io::Result<()> {
        self.claims += 1;
        self.lines += c.lines.len() as u64;
        Ok(())
    }

    fn claim_payment(&mut self, p: ClaimPayment) -> io::Result<()> {
        self.payments += 1;
        self.lines += p.services.len() as u64;
        Ok(())
    }
}

fn main() -> io::Result<()> {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: stream_claims FILE");
        std::process::exit(2);
    };
    let mut count = Count::default();
    stream_reader(BufReader::new(File::open(path)?), &mut count)?;
    println!(
        "claims={} claim_payments={} lines={}",
        count.claims, count.payments, count.lines
    );
    Ok(())
}
