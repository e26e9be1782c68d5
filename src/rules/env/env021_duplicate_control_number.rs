//! ENV021 duplicate-control-number: control numbers are unique where X12 requires.

use std::collections::HashSet;

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink, shown};
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV021",
    name: "duplicate-control-number",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A control number is reused: ISA13 in the file, GS06 in the interchange, ST02 in the group",
    help: "give each interchange, group and transaction set its own control number",
    doc: "\
## What it checks
ISA13 is not repeated within the file, GS06 not within its interchange,
and ST02 not within its functional group.

## Why it matters
Receivers use control numbers to detect duplicates: a reused ISA13 is
often rejected as a duplicate submission, and a 999 that names a set by a
reused ST02 cannot be matched to the right set.

## Example
Two sets `ST*837*0001*...` in the same group.

## How to fix
Number sets, groups and interchanges from counters that never repeat
within their envelope (and ISA13 never within a trading relationship).
",
};

/// Control numbers seen so far at each level.
#[derive(Debug, Default)]
pub(crate) struct SeenControls {
    isa13: HashSet<Vec<u8>>,
    gs06: HashSet<Vec<u8>>,
    st02: HashSet<Vec<u8>>,
}

fn report(seg: &Segment<'_>, n: usize, reference: &str, scope: &str, sink: &mut Sink<'_>) {
    let value = shown(seg.element(n).unwrap_or_default());
    sink.push(
        Finding::new(
            &RULE,
            format!("{reference} '{value}' is used twice in the same {scope}"),
        )
        .at(seg)
        .element(seg, n, reference),
    );
}

impl SeenControls {
    pub(crate) fn check_isa(&mut self, isa: &Segment<'_>, sink: &mut Sink<'_>) {
        self.gs06.clear();
        self.st02.clear();
        let v = isa.element(13).unwrap_or_default();
        if !self.isa13.insert(v.to_vec()) {
            report(isa, 13, "ISA13", "file", sink);
        }
    }

    pub(crate) fn check_gs(&mut self, gs: &Segment<'_>, sink: &mut Sink<'_>) {
        self.st02.clear();
        let v = gs.element(6).unwrap_or_default();
        if !self.gs06.insert(v.to_vec()) {
            report(gs, 6, "GS06", "interchange", sink);
        }
    }

    pub(crate) fn check_st(&mut self, st: &Segment<'_>, sink: &mut Sink<'_>) {
        let v = st.element(2).unwrap_or_default();
        if !self.st02.insert(v.to_vec()) {
            report(st, 2, "ST02", "functional group", sink);
        }
    }
}
