//! Acknowledgments built from a validation report: the 999 implementation
//! acknowledgment (guide 005010X231A1) in [`ack999`].
//!
//! Like the rest of the library, nothing here touches files or prints;
//! the writers return text and the CLI decides where it goes. The one
//! outside input, the date and time written into the envelopes, is passed
//! in ([`UtcTime`]) so that output is reproducible.

pub mod ack999;

use std::time::{SystemTime, UNIX_EPOCH};

pub use ack999::{Ack999File, Ack999Options, write_999};

/// A calendar date and time of day in UTC, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UtcTime {
    pub year: u32,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
    /// 0–23.
    pub hour: u32,
    /// 0–59.
    pub minute: u32,
    /// 0–59.
    pub second: u32,
}

impl UtcTime {
    /// The civil date and time `secs` seconds after 1970-01-01T00:00:00Z.
    pub fn from_unix_seconds(secs: u64) -> Self {
        let days = secs / 86_400;
        let rest = secs % 86_400;
        // Howard Hinnant's civil_from_days, for days on or after the epoch.
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z % 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + u64::from(month <= 2);
        UtcTime {
            year: u32::try_from(year).unwrap_or(u32::MAX),
            month: month as u32,
            day: day as u32,
            hour: (rest / 3600) as u32,
            minute: (rest / 60 % 60) as u32,
            second: (rest % 60) as u32,
        }
    }

    /// The current time from the system clock (the epoch if the clock is
    /// set before it).
    pub fn now() -> Self {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self::from_unix_seconds(secs)
    }

    /// `CCYYMMDD` (GS04).
    pub fn ccyymmdd(&self) -> String {
        format!("{:04}{:02}{:02}", self.year % 10_000, self.month, self.day)
    }

    /// `YYMMDD` (ISA09).
    pub fn yymmdd(&self) -> String {
        format!("{:02}{:02}{:02}", self.year % 100, self.month, self.day)
    }

    /// `HHMM` (ISA10, GS05).
    pub fn hhmm(&self) -> String {
        format!("{:02}{:02}", self.hour, self.minute)
    }
}

#[cfg(test)]
mod tests {
    use super::UtcTime;

    fn at(y: u32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> UtcTime {
        UtcTime {
            year: y,
            month: mo,
            day: d,
            hour: h,
            minute: mi,
            second: s,
        }
    }

    #[test]
    fn civil_dates() {
        assert_eq!(UtcTime::from_unix_seconds(0), at(1970, 1, 1, 0, 0, 0));
        assert_eq!(
            UtcTime::from_unix_seconds(951_782_400),
            at(2000, 2, 29, 0, 0, 0)
        );
        assert_eq!(
            UtcTime::from_unix_seconds(1_773_570_659),
            at(2026, 3, 15, 10, 30, 59)
        );
        assert_eq!(
            UtcTime::from_unix_seconds(4_107_542_399),
            at(2100, 2, 28, 23, 59, 59)
        );
        assert_eq!(
            UtcTime::from_unix_seconds(4_107_542_400),
            at(2100, 3, 1, 0, 0, 0)
        );
        let t = at(2026, 3, 5, 7, 9, 0);
        assert_eq!(t.ccyymmdd(), "20260305");
        assert_eq!(t.yymmdd(), "260305");
        assert_eq!(t.hhmm(), "0709");
    }

    #[test]
    fn every_day_follows_the_last() {
        let mut prev = UtcTime::from_unix_seconds(0);
        for day in 1..200_000u64 {
            let t = UtcTime::from_unix_seconds(day * 86_400);
            assert!(t > prev, "{t:?} after {prev:?}");
            assert!((1..=12).contains(&t.month) && (1..=31).contains(&t.day));
            if t.day != 1 {
                assert_eq!(
                    (t.year, t.month, t.day - 1),
                    (prev.year, prev.month, prev.day)
                );
            }
            prev = t;
        }
    }
}
