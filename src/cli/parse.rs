//! `claimcheck parse FILE`: the typed model as JSON on stdout.
//!
//! Exit codes: 0 when every segment found its place in the model; 1 when
//! something was skipped or could not be placed (bytes that are not X12,
//! segments outside their envelope or where the guide has no place for
//! them, missing trailers) — the JSON still holds everything that could be
//! read, and stderr says what; 2 when the file cannot be read.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::rc::Rc;

use clap::Args;

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, error_line, write_stdout};
use crate::model::{
    Claim, ClaimPayment, Document, Group, Interchange, JsonWriter, ModelSink, Problem, Transaction,
    TransactionRef, stream_reader,
};

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// An X12 file (837P, 837I, 835; others are kept as raw segments), or
    /// `-` for stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Problems reported one by one before the rest are only counted.
const SHOWN_PROBLEMS: usize = 20;

/// Forwards the model to the JSON writer and tells problems on stderr.
struct Tee<'a, W: Write> {
    json: JsonWriter<W>,
    name: &'a str,
    shown: usize,
    more: u64,
    damaged: bool,
}

impl<W: Write> ModelSink for Tee<'_, W> {
    fn interchange_start(&mut self, head: &Interchange) -> io::Result<()> {
        self.json.interchange_start(head)
    }
    fn group_start(&mut self, head: &Group) -> io::Result<()> {
        self.json.group_start(head)
    }
    fn transaction_start(&mut self, head: TransactionRef<'_>) -> io::Result<()> {
        self.json.transaction_start(head)
    }
    fn claim(&mut self, claim: Claim) -> io::Result<()> {
        self.json.claim(claim)
    }
    fn claim_ref(&mut self, claim: &Claim) -> io::Result<()> {
        self.json.claim_ref(claim)
    }
    fn borrows_claims(&self) -> bool {
        self.json.borrows_claims()
    }
    fn claim_payment(&mut self, payment: ClaimPayment) -> io::Result<()> {
        self.json.claim_payment(payment)
    }
    fn transaction_end(&mut self, transaction: Transaction) -> io::Result<()> {
        self.json.transaction_end(transaction)
    }
    fn group_end(&mut self, group: Group) -> io::Result<()> {
        self.json.group_end(group)
    }
    fn interchange_end(&mut self, interchange: Interchange) -> io::Result<()> {
        self.json.interchange_end(interchange)
    }
    fn finish(&mut self, document: Document) -> io::Result<()> {
        self.json.finish(document)
    }
    fn problem(&mut self, p: Problem) -> io::Result<()> {
        let damage = p.kind.is_damage();
        self.damaged |= damage;
        if self.shown < SHOWN_PROBLEMS {
            self.shown += 1;
            let what = if damage { "" } else { "note: " };
            let mut err = io::stderr().lock();
            let _ = writeln!(
                err,
                "claimcheck: {what}{}:{}: {}",
                self.name, p.line, p.message
            );
        } else {
            self.more += 1;
        }
        Ok(())
    }
}

/// Remembers whether reading the input failed, so that a read error is
/// told apart from a write error.
struct Watched<R> {
    inner: R,
    failed: Rc<Cell<bool>>,
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let r = self.inner.read(buf);
        if r.is_err() {
            self.failed.set(true);
        }
        r
    }
}

pub fn run(args: ParseArgs) -> u8 {
    let stdin = args.file.as_os_str() == "-";
    let name = args.file.display().to_string();
    let input: Box<dyn Read> = if stdin {
        Box::new(io::stdin().lock())
    } else {
        match File::open(&args.file) {
            Ok(f) => Box::new(f),
            Err(e) => {
                error_line(&format!("cannot read {name}: {e}"));
                return EXIT_ERROR;
            }
        }
    };
    let failed = Rc::new(Cell::new(false));
    let reader = Watched {
        inner: input,
        failed: Rc::clone(&failed),
    };
    let mut damaged = false;
    let mut more = 0;
    let mut read_error = None;
    let written = write_stdout(|out| {
        let mut tee = Tee {
            json: JsonWriter::new(out),
            name: &name,
            shown: 0,
            more: 0,
            damaged: false,
        };
        let r = stream_reader(reader, &mut tee);
        damaged = tee.damaged;
        more = tee.more;
        match r {
            Err(e) if failed.get() => {
                read_error = Some(e);
                Ok(())
            }
            other => other,
        }
    });
    if let Some(e) = read_error {
        error_line(&format!("cannot read {name}: {e}"));
        return EXIT_ERROR;
    }
    if let Err(e) = written {
        error_line(&e);
        return EXIT_ERROR;
    }
    if more > 0 {
        let _ = writeln!(io::stderr(), "claimcheck: {name}: and {more} more");
    }
    if damaged { EXIT_FINDINGS } else { EXIT_OK }
}
