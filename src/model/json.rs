//! The JSON form of the model, written as the parse streams: a
//! [`JsonWriter`] is a [`ModelSink`] that writes the same JSON as
//! serializing the whole [`Document`] would (one claim per line), without
//! ever holding more than one claim.
//!
//! Each envelope's header values are serialized with its list still empty
//! (`"claims":[]}`); the writer sends everything up to the `[`, then the
//! items, then, at the end, the rest of the same value serialized again
//! (its trailer fields). So the streamed JSON and the derived serde form
//! cannot drift apart.

use std::io::{self, Write};

use serde::Serialize;

use super::claim::Claim;
use super::envelope::{Document, Group, Interchange, Transaction};
use super::remit::ClaimPayment;
use super::sink::{ModelSink, TransactionRef};

/// Writes the model as JSON to `out` (wrap files and stdout in a
/// `BufWriter`). Problems are not written; collect them with another sink
/// or wrap this one.
pub struct JsonWriter<W: Write> {
    out: W,
    started: bool,
    /// For each open list (document, interchange, group, set): the length
    /// of the header written before its items, and whether an item was
    /// written.
    open: Vec<(usize, bool)>,
    /// The open set has no typed model: it is written whole at its end.
    untyped: bool,
    buf: Vec<u8>,
}

impl<W: Write> JsonWriter<W> {
    pub fn new(out: W) -> Self {
        JsonWriter {
            out,
            started: false,
            open: Vec::new(),
            untyped: false,
            buf: Vec::new(),
        }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    fn begin(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.open_list(&Document::<Transaction>::default(), "interchanges")?;
        }
        Ok(())
    }

    /// Serialize into the buffer, then write once: serde makes many small
    /// writes, which cost a call each through a `dyn Write`.
    fn write_value<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        self.buf.clear();
        serde_json::to_writer(&mut self.buf, value)?;
        self.out.write_all(&self.buf)
    }

    /// Comma and line break before an item of the innermost list.
    fn item(&mut self) -> io::Result<()> {
        if let Some((_, any)) = self.open.last_mut() {
            if *any {
                self.out.write_all(b",")?;
            }
            *any = true;
        }
        self.out.write_all(b"\n")
    }

    /// Write `value` up to the `[` of its (empty) list `key`.
    fn open_list<T: Serialize>(&mut self, value: &T, key: &str) -> io::Result<()> {
        self.buf.clear();
        serde_json::to_writer(&mut self.buf, value)?;
        // Quotes inside string values are escaped, and no nested value
        // has a key of this name, so the first match is the list's key.
        let list = format!("\"{key}\":[]");
        let Some(at) = memchr::memmem::find(&self.buf, list.as_bytes()) else {
            return Err(io::Error::other(format!(
                "model JSON without its {key} list"
            )));
        };
        let head_len = at + list.len() - 1;
        self.out.write_all(&self.buf[..head_len])?;
        self.open.push((head_len, false));
        Ok(())
    }

    /// Close the innermost list with the rest of `value` (serialized with
    /// that list empty).
    fn close_list<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        let (head_len, _) = self.open.pop().unwrap_or((0, false));
        self.buf.clear();
        serde_json::to_writer(&mut self.buf, value)?;
        let rest = self.buf.get(head_len..).unwrap_or(b"]}");
        self.out.write_all(rest)
    }
}

impl<W: Write> ModelSink for JsonWriter<W> {
    fn interchange_start(&mut self, head: &Interchange) -> io::Result<()> {
        self.begin()?;
        self.item()?;
        self.open_list(head, "groups")
    }

    fn group_start(&mut self, head: &Group) -> io::Result<()> {
        self.item()?;
        self.open_list(head, "transactions")
    }

    fn transaction_start(&mut self, head: TransactionRef<'_>) -> io::Result<()> {
        match head {
            TransactionRef::Claims(t) => {
                self.item()?;
                self.open_list(t, "claims")
            }
            TransactionRef::Remittance(t) => {
                self.item()?;
                self.open_list(t, "claims")
            }
            TransactionRef::Other(_) => {
                self.untyped = true;
                Ok(())
            }
        }
    }

    fn claim(&mut self, claim: Claim) -> io::Result<()> {
        self.claim_ref(&claim)
    }

    fn claim_ref(&mut self, claim: &Claim) -> io::Result<()> {
        self.item()?;
        self.write_value(claim)
    }

    /// Each claim is written out and forgotten.
    fn borrows_claims(&self) -> bool {
        true
    }

    fn claim_payment(&mut self, payment: ClaimPayment) -> io::Result<()> {
        self.item()?;
        self.write_value(&payment)
    }

    fn transaction_end(&mut self, transaction: Transaction) -> io::Result<()> {
        if std::mem::take(&mut self.untyped) {
            self.item()?;
            return self.write_value(&transaction);
        }
        self.close_list(&transaction)
    }

    fn group_end(&mut self, group: Group) -> io::Result<()> {
        self.close_list(&group)
    }

    fn interchange_end(&mut self, interchange: Interchange) -> io::Result<()> {
        self.close_list(&interchange)
    }

    fn finish(&mut self, document: Document) -> io::Result<()> {
        self.begin()?;
        self.close_list(&document)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}
