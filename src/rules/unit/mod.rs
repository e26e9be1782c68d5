//! UNIT: units and time (SNIP 7). Time-based codes against the minutes
//! of the service, 15-minute unit math, daily maxima counted across every
//! claim and file of the run, and add-on codes without their primary.
//! The payer's numbers come from its profile ([`crate::profile`]); the
//! psychotherapy times and add-on pairs come from the code definitions
//! ([`cpt`]).

pub(crate) mod cpt;
pub mod unit001_psychotherapy_time;
pub mod unit002_fractional_units;
pub mod unit003_units_exceed_minutes;
pub mod unit004_units_per_day;
pub mod unit005_add_on_without_primary;
pub mod unit006_unit_basis;

use rust_decimal::Decimal;

use crate::diagnostic::ProfileRule;
use crate::model::ClaimKind;
use crate::profile::{Rounding, UnitTime};
use crate::rules::Rule;
use crate::rules::claim_checks::Place;
use crate::rules::ledger::{Occurrence, RunContext, RunFinding};
use crate::rules::services::Service;

/// The lines of a member's day that a run finding of UNIT003 or UNIT004
/// is about: the finding points at the units of the last and names the
/// first.
pub(crate) struct DayLines<'a> {
    pub first: &'a Occurrence,
    pub last: &'a Occurrence,
    /// How many lines.
    pub n: u32,
}

impl DayLines<'_> {
    pub(crate) fn finding(
        &self,
        rule: &'static Rule,
        run: &RunContext<'_>,
        message: String,
        source: Box<ProfileRule>,
    ) -> RunFinding {
        let last = run.spot(self.last);
        let mut f = last.finding(rule, last.units_element(), "2400", message);
        if self.n > 1 {
            f.related.push(run.spot(self.first).related(
                "the first line of that day",
                &last,
                run.files,
            ));
        }
        f.profile = Some(source);
        (last.file(), f)
    }
}

/// How many lines a day's units are on, for messages.
pub(crate) fn lines_of_day(n: u32) -> String {
    if n == 1 {
        "on one line".to_string()
    } else {
        format!("across {n} lines")
    }
}

/// A procedure code packed into a number, for compact count keys (codes
/// are five characters; longer ones keep their first eight).
pub(crate) fn code_key(code: &str) -> u64 {
    let mut k = [0u8; 8];
    for (i, b) in code.bytes().take(8).enumerate() {
        k[i] = b;
    }
    u64::from_be_bytes(k)
}

/// The code a [`code_key`] was made from.
pub(crate) fn code_of(key: u64) -> String {
    let bytes = key.to_be_bytes();
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(8);
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// The units `minutes` make under a payer's unit time. Midpoint and the
/// 8-minute rule round the same way (a remainder of more than half a
/// unit adds one: 8 of 15 minutes); they differ in what is rounded (one
/// service, or a day's timed minutes together), which is the caller's.
pub(crate) fn units_for(minutes: Decimal, time: UnitTime) -> Decimal {
    let per = Decimal::from(time.minutes_per_unit);
    match time.rounding {
        Rounding::AnyPart => (minutes / per).ceil(),
        Rounding::Midpoint | Rounding::EightMinute => {
            let whole = (minutes / per).floor();
            let rest = minutes - whole * per;
            if rest * Decimal::TWO > per {
                whole + Decimal::ONE
            } else {
                whole
            }
        }
    }
}

/// How a unit time rounds, in words for messages.
pub(crate) fn shown_time(time: UnitTime) -> String {
    let how = match time.rounding {
        Rounding::EightMinute => "the 8-minute rule",
        Rounding::Midpoint => "midpoint rounding",
        Rounding::AnyPart => "any-part rounding",
    };
    format!("{how} ({} minutes a unit)", time.minutes_per_unit)
}

/// "1 unit", "3 units", "2.5 units".
pub(crate) fn shown_units(units: Decimal) -> String {
    let n = units.normalize();
    if n == Decimal::ONE {
        "1 unit".to_string()
    } else {
        format!("{n} units")
    }
}

/// Where a line's procedure code is: SV101-02 or SV202-02.
pub(crate) fn code_place(s: &Service<'_>, kind: ClaimKind) -> Place {
    line_place(s, kind, 1, 2).component(2)
}

/// Where a line's unit basis is: SV103 or SV204.
pub(crate) fn basis_place(s: &Service<'_>, kind: ClaimKind) -> Place {
    line_place(s, kind, 3, 4)
}

/// Where a line's units are: SV104 or SV205.
pub(crate) fn units_place(s: &Service<'_>, kind: ClaimKind) -> Place {
    line_place(s, kind, 4, 5)
}

fn line_place(s: &Service<'_>, kind: ClaimKind, sv1: u8, sv2: u8) -> Place {
    let segment = s.segment(kind);
    let element = if segment == "SV2" { sv2 } else { sv1 };
    Place::new(s.at, segment, element, "2400")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(minutes_per_unit: u32, rounding: Rounding) -> UnitTime {
        UnitTime {
            minutes_per_unit,
            rounding,
        }
    }

    #[test]
    fn minutes_round_to_units() {
        let mid = time(15, Rounding::Midpoint);
        let any = time(15, Rounding::AnyPart);
        let eight = time(15, Rounding::EightMinute);
        for (minutes, midpoint, any_part) in [
            (0, 0, 0),
            (1, 0, 1),
            (7, 0, 1),
            (8, 1, 1),
            (15, 1, 1),
            (22, 1, 2),
            (23, 2, 2),
            (30, 2, 2),
            (37, 2, 3),
            (38, 3, 3),
        ] {
            let m = Decimal::from(minutes);
            assert_eq!(units_for(m, mid), Decimal::from(midpoint), "{minutes}");
            assert_eq!(units_for(m, eight), Decimal::from(midpoint), "{minutes}");
            assert_eq!(units_for(m, any), Decimal::from(any_part), "{minutes}");
        }
        // A 30-minute unit is reached past 15 minutes.
        let half_hour = time(30, Rounding::Midpoint);
        assert_eq!(units_for(Decimal::from(15), half_hour), Decimal::ZERO);
        assert_eq!(units_for(Decimal::from(16), half_hour), Decimal::ONE);
        assert_eq!(shown_units(Decimal::new(10, 1)), "1 unit");
        assert_eq!(shown_units(Decimal::new(25, 1)), "2.5 units");
    }
}
