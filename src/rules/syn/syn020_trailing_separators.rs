//! SYN020 trailing-separators: a segment or composite ends with empty
//! elements or components written out.

use crate::diagnostic::Severity;
use crate::rules::syn::Here;
use crate::rules::{Rule, Sink, shown};

pub static RULE: Rule = Rule {
    code: "SYN020",
    name: "trailing-separators",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A segment or composite ends with separators of empty elements or components",
    help: "Drop trailing separators: end the segment after its last non-empty element",
    doc: "\
## What it checks
X12 forbids trailing separators: a segment ends after its last element
with a value, and a composite after its last component with a value. So
`HI*ABK:F331*~` and `CLM05` written as `11:B:1:` are errors. 999 IK3
code 8.

## Why it matters
Most front ends reject the segment; some read the empty element as
present and then require what it would imply.

## Example
`REF*EI*990000001*~`: the segment ends with an element separator.

## How to fix
Trim empty elements and components from the end of each segment and
composite when writing.
",
};

/// The segment ends with an element separator.
pub(crate) fn check_end(here: &Here<'_, '_>, sink: &mut Sink<'_>) {
    let seg = here.seg;
    let d = seg.delimiters;
    let bytes = seg.bytes();
    if bytes.last() != Some(&d.element) {
        return;
    }
    let empties = bytes.iter().rev().take_while(|&&b| b == d.element).count();
    let total = seg.element_count();
    sink.push(
        here.finding(
            &RULE,
            "8",
            format!(
                "{} ends with {empties} empty element(s) written out (trailing '{}')",
                shown(seg.id()),
                d.element as char
            ),
        )
        .element(seg, total, format!("{}{total:02}", shown(seg.id()))),
    );
}

/// Element `n` (1-based) ends with a component separator.
pub(crate) fn report_component(here: &Here<'_, '_>, n: usize, sink: &mut Sink<'_>) {
    let seg = here.seg;
    sink.push(
        here.finding(
            &RULE,
            "8",
            format!(
                "{}{n:02} ends with an empty component written out (trailing '{}')",
                shown(seg.id()),
                seg.delimiters.component as char
            ),
        )
        .element(seg, n, format!("{}{n:02}", shown(seg.id()))),
    );
}

/// The first element that ends with a component separator, for segments
/// whose elements are not otherwise scanned (those with no definition).
pub(crate) fn check_components(here: &Here<'_, '_>, sink: &mut Sink<'_>) {
    let c = here.seg.delimiters.component;
    if let Some(n) = here.seg.fields().skip(1).position(|f| f.last() == Some(&c)) {
        report_component(here, n + 1, sink);
    }
}
