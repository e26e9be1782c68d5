//! SYN015 too-many-repetitions: an element repeats more often than the
//! guide allows.

use crate::diagnostic::Severity;
use crate::rules::syn::{ElementAt, Here};
use crate::rules::{Rule, Sink};

pub static RULE: Rule = Rule {
    code: "SYN015",
    name: "too-many-repetitions",
    severity: Severity::Error,
    snip: Some(1),
    summary: "An element repeats more often than the guide allows",
    help: "Write no more repetitions than the guide allows (most elements do not repeat)",
    doc: "\
## What it checks
The repetition separator (ISA11) appears only in elements the guide lets
repeat, and they repeat at most as often as allowed (DMG05 up to 10
times). 999 IK4 code 12.

## Why it matters
A repetition separator in a non-repeating element is nearly always that
character typed into data (a caret in a name), and the receiver splits
the value there.

## Example
`NM1*IL*1*SMITH^JONES*ALEX****MI*SYN000001~` with ISA11 `^`.

## How to fix
Remove the separator from the data, or write a single value.
",
};

/// The number of repetitions in `value`; reports when it exceeds the
/// element's maximum.
pub(crate) fn check(
    at: &ElementAt<'_>,
    value: &[u8],
    sep: u8,
    here: &Here<'_, '_>,
    sink: &mut Sink<'_>,
) -> usize {
    let reps = value.iter().filter(|&&b| b == sep).count() + 1;
    let max = at.spec.max_repeat as usize;
    if reps > max {
        let allowed = if max == 1 {
            "it does not repeat".to_string()
        } else {
            format!("the guide allows {max}")
        };
        sink.push(here.element_finding(
            &RULE,
            &ElementAt {
                repetition: Some(max + 1),
                ..*at
            },
            "12",
            None,
            format!(
                "{} has {reps} repetitions (separator '{}'); {allowed}",
                at.named(),
                sep as char
            ),
        ));
    }
    reps
}
