//! Every check is a rule: one file per rule, each with its code, default
//! severity, SNIP level and documentation, all listed in [`registry`].

pub mod bal;
pub(crate) mod claim_checks;
pub mod code;
pub mod env;
pub(crate) mod ledger;
pub mod rate;
pub mod registry;
pub mod selection;
pub(crate) mod services;
pub mod sit;
pub mod syn;
pub mod unit;

use crate::diagnostic::{Finding, Severity};
use crate::x12::envelope::Context;

/// What a rule is, independent of any file it runs on.
#[derive(Debug)]
pub struct Rule {
    /// Family prefix and number, e.g. `ENV008`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `interchange-control-mismatch`.
    pub name: &'static str,
    pub severity: Severity,
    /// WEDI SNIP level (1–7), `None` for rules outside SNIP.
    pub snip: Option<u8>,
    /// One line, shown by `claimcheck rules`.
    pub summary: &'static str,
    /// One line telling how to fix a finding; copied into each finding.
    pub help: &'static str,
    /// Markdown with the sections "What it checks", "Why it matters",
    /// "Example" and "How to fix"; printed by `claimcheck explain`.
    pub doc: &'static str,
}

/// Where rules put findings: stamps each with the envelope context it was
/// found in.
pub struct Sink<'a> {
    findings: &'a mut Vec<Finding>,
    ctx: &'a Context,
}

impl<'a> Sink<'a> {
    pub fn new(findings: &'a mut Vec<Finding>, ctx: &'a Context) -> Self {
        Sink { findings, ctx }
    }

    /// Findings held so far (of the whole file, not only this sink's).
    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    pub fn push(&mut self, mut f: Finding) {
        if f.interchange.is_none() {
            f.interchange.clone_from(&self.ctx.interchange);
        }
        if f.group.is_none() {
            f.group.clone_from(&self.ctx.group);
        }
        if f.transaction.is_none() {
            f.transaction.clone_from(&self.ctx.transaction);
        }
        self.findings.push(f);
    }
}

/// Printable form of element bytes for messages: control bytes are
/// escaped (`\n`) so that one finding stays one line.
pub(crate) fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    if !text.chars().any(char::is_control) {
        return text.into_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
