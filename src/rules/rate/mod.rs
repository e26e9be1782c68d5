//! RATE: case rates and bundles (SNIP 7). A case rate pays one amount per
//! member per period; the services it covers are reported as $0
//! encounter lines. What the rate is, its period and what it bundles come
//! from the payer's profile ([`crate::profile`]); the opioid-treatment
//! weekly bundles and collaborative-care months come from the code
//! definitions.

pub mod rate001_case_rate_once_per_period;

use crate::profile::{CaseRate, Period, Profile};
use crate::rules::services::{Service, days};

/// The case rate a line bills: the profile's rate with the line's code
/// whose modifiers the line all carries, else the first rate with the
/// code. Returns its index in `case_rate` too.
pub(crate) fn rate_for<'p>(profile: &'p Profile, s: &Service<'_>) -> Option<(usize, &'p CaseRate)> {
    let mut with_code = profile
        .case_rates
        .iter()
        .enumerate()
        .filter(|(_, r)| r.code == s.code);
    let first = with_code.clone().next();
    with_code
        .find(|(_, r)| !r.modifiers.is_empty() && r.modifiers.iter().all(|m| s.has_modifier(m)))
        .or(first)
}

/// The period a date falls in, as a number: the date itself (day), the
/// day count of its ISO week's Monday (week), `CCYYMM` (calendar month),
/// or 0 (episode: the whole run is one episode).
pub(crate) fn period_of(period: Period, date: u32) -> Option<u32> {
    Some(match period {
        Period::Day => date,
        Period::Week => {
            let d = days(date)?;
            // 1970-01-01 was a Thursday: Monday-based weeks start 3 days earlier.
            let monday = d - (d + 3).rem_euclid(7);
            u32::try_from(monday + 1_000_000).ok()?
        }
        Period::CalendarMonth => date / 100,
        Period::Episode => 0,
    })
}

/// The period of [`period_of`] in words, for messages.
pub(crate) fn shown_period(period: Period, key: u32) -> String {
    match period {
        Period::Day => crate::rules::services::shown_date(key),
        Period::Week => {
            let monday = i64::from(key) - 1_000_000;
            format!(
                "the week of {}",
                crate::rules::services::shown_date(civil(monday))
            )
        }
        Period::CalendarMonth => format!("{:04}-{:02}", key / 100, key % 100),
        Period::Episode => "the episode".to_string(),
    }
}

/// `CCYYMMDD` of a day count since 1970-01-01.
fn civil(days: i64) -> u32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y * 10_000 + m * 100 + d) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_group_dates() {
        // 2026-01-05 is a Monday; 2026-01-11 a Sunday.
        let w = period_of(Period::Week, 20260105).unwrap();
        assert_eq!(period_of(Period::Week, 20260111), Some(w));
        assert_ne!(period_of(Period::Week, 20260112), Some(w));
        assert_eq!(shown_period(Period::Week, w), "the week of 2026-01-05");
        assert_eq!(period_of(Period::CalendarMonth, 20260131), Some(202601));
        assert_eq!(shown_period(Period::CalendarMonth, 202601), "2026-01");
        assert_eq!(civil(0), 19700101);
        assert_eq!(civil(19_782), 20240229);
    }
}
