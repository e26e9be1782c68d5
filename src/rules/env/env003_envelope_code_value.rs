//! ENV003 envelope-code-value: ISA and GS code values from their code lists.

use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, Sink, shown};
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV003",
    name: "envelope-code-value",
    severity: Severity::Error,
    snip: Some(1),
    summary: "An ISA or GS element holds a value outside its code list",
    help: "use a value from the element's X12 code list",
    doc: "\
## What it checks
Coded envelope elements against their X12 5010 code lists:
ISA01 authorization qualifier (00, 03), ISA03 security qualifier (00, 01),
ISA05 and ISA07 interchange id qualifiers (01, 14, 20, 27, 28, 29, 30, 33,
ZZ), ISA14 acknowledgment requested (0, 1), ISA15 usage indicator (P
production, T test), and GS07 responsible agency (X).

## Why it matters
The receiver routes and acknowledges interchanges by these values. An
unknown ISA15 in particular leaves it unclear whether the claims are test
or production data, and front ends reject the interchange.

## Example
`...*260101*1200*^*00501*000000001*0*X*:~` has ISA15 `X`.

## How to fix
Set the element to one of the listed codes; for ISA15 use `T` while
testing with the payer and `P` for production claims.
",
};

const ISA_CODES: [(usize, &[&str]); 6] = [
    (1, &["00", "03"]),
    (3, &["00", "01"]),
    (5, &["01", "14", "20", "27", "28", "29", "30", "33", "ZZ"]),
    (7, &["01", "14", "20", "27", "28", "29", "30", "33", "ZZ"]),
    (14, &["0", "1"]),
    (15, &["P", "T"]),
];

/// `padded`: the segment's elements are fixed-width and padded with
/// spaces (the ISA), so trailing spaces are not part of the value.
fn check_codes(
    seg: &Segment<'_>,
    name: &str,
    table: &[(usize, &[&str])],
    padded: bool,
    sink: &mut Sink<'_>,
) {
    for (n, codes) in table {
        let Some(value) = seg.element(*n) else {
            continue;
        };
        let value_str = shown(value);
        let code = if padded {
            value_str.trim_end()
        } else {
            value_str.as_str()
        };
        if !codes.contains(&code) {
            sink.push(
                Finding::new(
                    &RULE,
                    format!(
                        "{name}{n:02} is '{value_str}'; expected one of {}",
                        codes.join(", ")
                    ),
                )
                .at(seg)
                .element(seg, *n, format!("{name}{n:02}")),
            );
        }
    }
}

pub(crate) fn check_isa(isa: &Segment<'_>, sink: &mut Sink<'_>) {
    check_codes(isa, "ISA", &ISA_CODES, true, sink);
}

pub(crate) fn check_gs(gs: &Segment<'_>, sink: &mut Sink<'_>) {
    check_codes(gs, "GS", &[(7, &["X"])], false, sink);
}
