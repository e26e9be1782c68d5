//! SYN010 invalid-character: a control character in a value, or a number
//! that is not written as its data type requires.

use crate::diagnostic::Severity;
use crate::rules::syn::{ElementAt, Here, quoted};
use crate::rules::{Rule, Sink};
use crate::schema::elements::{DataType, has_control_character, is_decimal, is_numeric};

pub static RULE: Rule = Rule {
    code: "SYN010",
    name: "invalid-character",
    severity: Severity::Error,
    snip: Some(1),
    summary: "A value holds characters its data type does not allow",
    help: "Write numbers as digits (R: with at most one '.'), and no control characters",
    doc: "\
## What it checks
Values of type N (whole numbers, implied decimals) hold an optional minus
sign and digits only; values of type R (decimal numbers) digits with at
most one decimal point and no exponent; and no value holds a byte outside
the X12 character set: a control character (a tab, a line break inside a
segment, a NUL) or a non-ASCII byte (an accented letter in UTF-8 or
Latin-1). 999 IK4 code 6.

## Why it matters
Amounts with a currency sign or thousands separator (`$1,200.00`) and
units with text (`4 units`) are rejected. Control characters are a sign
of a broken export or delimiter, and accented names (`JOSÉ`) are rejected
or garbled by translators that read X12 as ASCII.

## Example
`SV1*HC:H0004*1,200.00*UN*4***1~`: SV102 holds a comma.

## How to fix
Format numbers plainly (`1200` or `1200.00`); strip control characters
from free text and transliterate accented letters (`JOSE`) before
writing it.
",
};

/// Report a bad character; returns whether it reported.
/// `maybe_control`: whether the element holding the value has a control
/// character somewhere (the caller's scan found one).
#[inline]
pub(crate) fn check(
    at: &ElementAt<'_>,
    value: &[u8],
    maybe_control: bool,
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) -> bool {
    let why = if maybe_control && has_control_character(value) {
        "holds a character outside the X12 character set (a control character or a non-ASCII byte)"
    } else {
        match at.spec.data_type {
            DataType::Numeric { .. } if !is_numeric(value) => "is not a whole number (type N)",
            DataType::Decimal if !is_decimal(value) => "is not a decimal number (type R)",
            _ => return false,
        }
    };
    sink.push(here.element_finding(
        &RULE,
        at,
        "6",
        Some(value),
        format!("{} {why}: {}", at.named(), quoted(at, value)),
    ));
    true
}
