//! ENV004 envelope-date-time: ISA09/ISA10 and GS04/GS05 are real dates and times.

use crate::diagnostic::{Finding, Severity};
use crate::rules::env::digits;
use crate::rules::{Rule, Sink, shown};
use crate::schema::elements::is_calendar_date;
use crate::x12::tokenizer::Segment;

pub static RULE: Rule = Rule {
    code: "ENV004",
    name: "envelope-date-time",
    severity: Severity::Error,
    snip: Some(1),
    summary: "An ISA or GS date or time is not a real date or time",
    help: "write ISA09 as YYMMDD, ISA10 as HHMM, GS04 as CCYYMMDD and GS05 as HHMM or HHMMSS",
    doc: "\
## What it checks
ISA09 (YYMMDD) and GS04 (CCYYMMDD) are calendar dates; ISA10 (HHMM) and
GS05 (HHMM, HHMMSS, HHMMSSD or HHMMSSDD) are times of day with hours
00-23, minutes and seconds 00-59.

## Why it matters
The envelope dates and times are the interchange's creation stamp. Front
ends parse them and reject the interchange or the group when they cannot.

## Example
`GS*FA*SENDER*RECEIVER*20041117*102497*...` has GS05 `102497`: 97 seconds.

## How to fix
Write the time the file was created, in the element's format.
",
};

fn valid_time(t: &[u8]) -> bool {
    if !matches!(t.len(), 4 | 6 | 7 | 8) || !t.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let hh = digits(&t[0..2]).unwrap_or(99);
    let mm = digits(&t[2..4]).unwrap_or(99);
    let ss = if t.len() >= 6 {
        digits(&t[4..6]).unwrap_or(99)
    } else {
        0
    };
    hh < 24 && mm < 60 && ss < 60
}

fn valid_date(d: &[u8], century: Option<u64>) -> bool {
    let want = if century.is_some() { 6 } else { 8 };
    if d.len() != want || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let (y, rest) = match century {
        Some(c) => (c + digits(&d[0..2]).unwrap_or(0), &d[2..]),
        None => (digits(&d[0..4]).unwrap_or(0), &d[4..]),
    };
    let m = digits(&rest[0..2]).unwrap_or(0);
    let day = digits(&rest[2..4]).unwrap_or(0);
    is_calendar_date(y, m, day)
}

fn report(seg: &Segment<'_>, n: usize, reference: &str, what: &str, sink: &mut Sink<'_>) {
    let value = shown(seg.element(n).unwrap_or_default());
    sink.push(
        Finding::new(
            &RULE,
            format!("{reference} '{value}' is not a valid {what}"),
        )
        .at(seg)
        .element(seg, n, reference),
    );
}

pub(crate) fn check_isa(isa: &Segment<'_>, sink: &mut Sink<'_>) {
    // ISA09 has a two-digit year; 2000 is the only century 5010 has seen.
    if let Some(d) = isa.element(9)
        && !valid_date(d, Some(2000))
    {
        report(isa, 9, "ISA09", "date (YYMMDD)", sink);
    }
    if let Some(t) = isa.element(10)
        && (t.len() != 4 || !valid_time(t))
    {
        report(isa, 10, "ISA10", "time (HHMM)", sink);
    }
}

pub(crate) fn check_gs(gs: &Segment<'_>, sink: &mut Sink<'_>) {
    if let Some(d) = gs.element(4)
        && !valid_date(d, None)
    {
        report(gs, 4, "GS04", "date (CCYYMMDD)", sink);
    }
    if let Some(t) = gs.element(5)
        && !valid_time(t)
    {
        report(
            gs,
            5,
            "GS05",
            "time (HHMM, HHMMSS, HHMMSSD or HHMMSSDD)",
            sink,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times() {
        assert!(valid_date(b"20240229", None));
        assert!(!valid_date(b"20230229", None));
        assert!(!valid_date(b"20002316", None));
        assert!(valid_date(b"260101", Some(2000)));
        assert!(!valid_date(b"261301", Some(2000)));
        assert!(valid_time(b"1024"));
        assert!(valid_time(b"102459"));
        assert!(!valid_time(b"102497"));
        assert!(!valid_time(b"2400"));
        assert!(!valid_time(b"10:2"));
    }
}
