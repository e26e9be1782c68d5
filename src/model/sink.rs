//! [`ModelSink`]: what a parse hands out, one piece at a time, so that a
//! file of any size is read with flat memory; and [`Problem`]: what the
//! parse could not place.

use std::io;

use serde::Serialize;

use super::claim::{Claim, ClaimTransaction};
use super::envelope::{Document, Group, Interchange, OtherTransaction, Transaction};
use super::remit::{ClaimPayment, RemittanceTransaction};
use crate::x12::tokenizer::Segment;

/// A transaction set's header values (its claims not yet given).
#[derive(Debug, Clone, Copy)]
pub enum TransactionRef<'a> {
    Claims(&'a ClaimTransaction),
    Remittance(&'a RemittanceTransaction),
    Other(&'a OtherTransaction),
}

/// Receives the model as the input streams past. Calls nest like the
/// envelopes: `interchange_start`, `group_start`, `transaction_start`,
/// then each `claim` (837; `claim_ref` when the sink borrows claims) or
/// `claim_payment` (835) in file order, then `transaction_end`,
/// `group_end`, `interchange_end`, and `finish` once.
///
/// The `*_end` calls carry the whole value with the parts already handed
/// out left empty (a set's `claims`, a group's `transactions`, an
/// interchange's `groups`), and with what only the end can tell: segments
/// kept after the claims, provider adjustments, levels without claims.
/// Every method has a default that does nothing; an error stops the parse.
pub trait ModelSink {
    fn interchange_start(&mut self, _head: &Interchange) -> io::Result<()> {
        Ok(())
    }
    fn group_start(&mut self, _head: &Group) -> io::Result<()> {
        Ok(())
    }
    fn transaction_start(&mut self, _head: TransactionRef<'_>) -> io::Result<()> {
        Ok(())
    }
    fn claim(&mut self, _claim: Claim) -> io::Result<()> {
        Ok(())
    }
    /// A claim lent instead of given, when [`ModelSink::borrows_claims`]
    /// says so; in place of `claim`, in the same order.
    fn claim_ref(&mut self, _claim: &Claim) -> io::Result<()> {
        Ok(())
    }
    fn claim_payment(&mut self, _payment: ClaimPayment) -> io::Result<()> {
        Ok(())
    }
    fn transaction_end(&mut self, _transaction: Transaction) -> io::Result<()> {
        Ok(())
    }
    fn group_end(&mut self, _group: Group) -> io::Result<()> {
        Ok(())
    }
    fn interchange_end(&mut self, _interchange: Interchange) -> io::Result<()> {
        Ok(())
    }
    fn finish(&mut self, _document: Document) -> io::Result<()> {
        Ok(())
    }
    fn problem(&mut self, _problem: Problem) -> io::Result<()> {
        Ok(())
    }
    /// Whether the sink reads the parties' postal addresses (N3, N4) and
    /// contacts (PER) in 837 claims. When it does not, the builder skips
    /// those segments instead of typing them (and does not keep them in
    /// `other_segments` either); the validator's claim rules read neither.
    fn reads_addresses(&self) -> bool {
        true
    }
    /// Whether the sink reads each 837 claim only while `claim_ref` runs
    /// and keeps none of it. The builder then lends each claim instead of
    /// giving it, and reuses its storage for the next one: a claim's lists
    /// are not allocated again for every claim.
    fn borrows_claims(&self) -> bool {
        false
    }
}

/// A sink borrowed for one parse.
impl<T: ModelSink + ?Sized> ModelSink for &mut T {
    fn interchange_start(&mut self, head: &Interchange) -> io::Result<()> {
        (**self).interchange_start(head)
    }
    fn group_start(&mut self, head: &Group) -> io::Result<()> {
        (**self).group_start(head)
    }
    fn transaction_start(&mut self, head: TransactionRef<'_>) -> io::Result<()> {
        (**self).transaction_start(head)
    }
    fn claim(&mut self, claim: Claim) -> io::Result<()> {
        (**self).claim(claim)
    }
    fn claim_ref(&mut self, claim: &Claim) -> io::Result<()> {
        (**self).claim_ref(claim)
    }
    fn claim_payment(&mut self, payment: ClaimPayment) -> io::Result<()> {
        (**self).claim_payment(payment)
    }
    fn transaction_end(&mut self, transaction: Transaction) -> io::Result<()> {
        (**self).transaction_end(transaction)
    }
    fn group_end(&mut self, group: Group) -> io::Result<()> {
        (**self).group_end(group)
    }
    fn interchange_end(&mut self, interchange: Interchange) -> io::Result<()> {
        (**self).interchange_end(interchange)
    }
    fn finish(&mut self, document: Document) -> io::Result<()> {
        (**self).finish(document)
    }
    fn problem(&mut self, problem: Problem) -> io::Result<()> {
        (**self).problem(problem)
    }
    fn reads_addresses(&self) -> bool {
        (**self).reads_addresses()
    }
    fn borrows_claims(&self) -> bool {
        (**self).borrows_claims()
    }
}

/// What kind of thing the parse could not hold in the typed model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// Bytes that are not X12 (no ISA header where one is needed, or a
    /// segment with no terminator within 1 MiB). Skipped: not in the model.
    NotX12,
    /// Segments outside the envelope they need (between sets, between
    /// groups, after the IEA). Kept in the enclosing envelope's
    /// `other_segments`.
    OutsideEnvelope,
    /// A segment the guide has no place for where it stands. Kept in its
    /// level's `other_segments` with `"unexpected": true`.
    Unexpected,
    /// An envelope without its trailer (SE, GE or IEA); the set was
    /// closed where the next envelope or the input began or ended.
    MissingTrailer,
    /// A transaction set claimcheck has no typed model for (999, 277CA,
    /// 837D, unknown kinds): kept as raw segments. Not damage.
    Untyped,
}

impl ProblemKind {
    /// Whether the input is damaged (as opposed to merely untyped).
    pub fn is_damage(self) -> bool {
        !matches!(self, ProblemKind::Untyped)
    }
}

/// Something the parse could not place, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub message: String,
    pub byte_offset: u64,
    /// 1-based line.
    pub line: u64,
    /// 0-based ordinal of the segment in the input.
    pub segment_index: Option<u64>,
    pub segment_id: Option<String>,
    /// The loop the segment stood in.
    pub loop_id: Option<String>,
}

impl Problem {
    /// A segment the guide has no place for in loop `loop_id`.
    pub(crate) fn unexpected(seg: &Segment<'_>, loop_id: &str) -> Problem {
        let mut p = Problem::at(
            ProblemKind::Unexpected,
            seg,
            format!(
                "{} has no place in loop {loop_id} of the guide here; kept in other_segments",
                String::from_utf8_lossy(seg.id())
            ),
        );
        p.loop_id = Some(loop_id.to_string());
        p
    }

    pub(crate) fn at(kind: ProblemKind, seg: &Segment<'_>, message: String) -> Problem {
        Problem {
            kind,
            message,
            byte_offset: seg.offset,
            line: seg.line,
            segment_index: Some(seg.index),
            segment_id: Some(String::from_utf8_lossy(seg.id()).into_owned()),
            loop_id: None,
        }
    }
}
