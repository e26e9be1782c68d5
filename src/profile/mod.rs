//! Payer profiles: what differs between payers (unit math, case rates,
//! prior authorization, filing limits), read from TOML so that the code
//! holds no payer's policy.
//!
//! ```toml
//! [payer]
//! name = "Example State Medicaid"
//! ids = ["SKMA1"]            # 837 2010BB NM109 / 835 N1*PR04
//! timely_filing_days = 365
//! default = false            # true: also used for payer ids no profile lists
//!
//! [units.H0004]
//! minutes_per_unit = 15
//! rounding = "8-minute"      # or "midpoint", "any-part"
//! max_units_per_day = 16
//!
//! [[case_rate]]
//! name = "Recovery support navigation, monthly"
//! code = "T2022"
//! modifiers = ["HF"]
//! period = "calendar-month"  # day | week | calendar-month | episode
//! units = 1
//! rate = 410.00
//! bundles = ["H0004", "H2015"]
//! encounter_modifier = "U8"
//!
//! [auth]
//! required = ["H0015"]
//! ```
//!
//! [`Profile::parse`] reads one file's text (reading the file is the
//! CLI's job); every problem is one [`ProfileError`] naming the file, the
//! line and the key. [`Profiles`] holds the profiles of a run and finds
//! the one for a payer id. `schemas/profile.schema.json` describes the
//! same keys as JSON Schema; the shipped examples are in
//! `schemas/profiles/`.

mod load;
mod set;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use rust_decimal::Decimal;

pub use set::Profiles;

/// One payer's profile, read-only once loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The file it was read from, as named to the loader.
    pub path: PathBuf,
    pub payer: Payer,
    /// Unit rules by procedure code (`H0004`, `90837`).
    pub units: BTreeMap<String, UnitRule>,
    /// Case rates, in file order.
    pub case_rates: Vec<CaseRate>,
    pub auth: Auth,
    /// Lines of the keys that only a set of profiles can get wrong.
    lines: SetLines,
}

/// Where `payer.ids` entries and `payer.default` are, for the errors of
/// [`Profiles::new`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct SetLines {
    /// The line of each entry of `payer.ids`, in order.
    ids: Vec<usize>,
    /// The line of `payer.default`.
    default: usize,
}

/// `[payer]`: who the profile is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payer {
    pub name: String,
    /// Payer ids as claims and remittances carry them: the 837's payer
    /// (2010BB NM109) and the 835's payer (N1*PR04). Matched exactly.
    pub ids: Vec<String>,
    /// Days from the date of service within which a claim must arrive.
    pub timely_filing_days: Option<u32>,
    /// The profile for payer ids that no profile lists; at most one
    /// per run.
    pub default: bool,
}

/// `[units.CODE]`: how a time-based code counts units, and its daily cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitRule {
    /// Minutes and rounding come together: both or neither.
    pub time: Option<UnitTime>,
    /// Most units of the code billable for one member on one day.
    pub max_units_per_day: Option<u32>,
    /// The line of its `[units.CODE]` table, for findings to cite.
    pub line: usize,
}

/// Minutes per unit and how a partial unit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitTime {
    pub minutes_per_unit: u32,
    pub rounding: Rounding,
}

/// How minutes that do not fill a whole unit are billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rounding {
    /// `"8-minute"`, CMS's rule for 15-minute codes: the day's minutes of
    /// timed services are added up before dividing, and a remainder of
    /// more than half a unit (8 of 15 minutes) adds a unit.
    EightMinute,
    /// `"midpoint"`: each service on its own; a partial unit counts once
    /// more than half of it has passed.
    Midpoint,
    /// `"any-part"`: every started unit counts.
    AnyPart,
}

impl Rounding {
    /// The TOML spelling, in the order messages list them.
    pub const NAMES: [(&'static str, Rounding); 3] = [
        ("8-minute", Rounding::EightMinute),
        ("midpoint", Rounding::Midpoint),
        ("any-part", Rounding::AnyPart),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rounding::EightMinute => "8-minute",
            Rounding::Midpoint => "midpoint",
            Rounding::AnyPart => "any-part",
        }
    }
}

/// `[[case_rate]]`: one flat payment per member per period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRate {
    pub name: String,
    /// The procedure code of the case-rate line (`T2022`).
    pub code: String,
    /// Modifiers the case-rate line must carry, in order.
    pub modifiers: Vec<String>,
    pub period: Period,
    /// Units billed on the case-rate line (1 unless the payer says).
    pub units: u32,
    /// The payment for one member and period, exact.
    pub rate: Decimal,
    /// Codes the rate covers: inside its period they are reported only
    /// as $0 encounter lines.
    pub bundles: Vec<String>,
    /// The modifier this payer wants on those encounter lines.
    pub encounter_modifier: Option<String>,
    /// The line of its `[[case_rate]]` table, for findings to cite.
    pub line: usize,
}

/// The period one case rate covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// `"day"`: the date of service (per diem).
    Day,
    /// `"week"`: seven days.
    Week,
    /// `"calendar-month"`: the 1st to the last day of a month.
    CalendarMonth,
    /// `"episode"`: one episode of care, however long.
    Episode,
}

impl Period {
    /// The TOML spelling, in the order messages list them.
    pub const NAMES: [(&'static str, Period); 4] = [
        ("day", Period::Day),
        ("week", Period::Week),
        ("calendar-month", Period::CalendarMonth),
        ("episode", Period::Episode),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::CalendarMonth => "calendar-month",
            Period::Episode => "episode",
        }
    }
}

/// `[auth]`: prior authorization.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Auth {
    /// Procedure codes that need a prior authorization number (REF*G1).
    pub required: Vec<String>,
}

impl Profile {
    /// The unit rule of a procedure code as a claim carries it.
    pub fn unit_rule(&self, code: &[u8]) -> Option<&UnitRule> {
        self.units.get(std::str::from_utf8(code).ok()?)
    }

    /// The case rates billed with a procedure code.
    pub fn case_rates_for<'a>(&'a self, code: &'a [u8]) -> impl Iterator<Item = &'a CaseRate> {
        self.case_rates
            .iter()
            .filter(move |c| c.code.as_bytes() == code)
    }

    /// Whether a procedure code needs prior authorization.
    pub fn requires_auth(&self, code: &[u8]) -> bool {
        self.auth.required.iter().any(|c| c.as_bytes() == code)
    }
}

/// A problem in a profile, or between the profiles of a run:
/// `FILE:LINE: KEY: MESSAGE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// The key at fault as a dotted path (`units.H0004.rounding`,
    /// `case_rate[1].rate`), if any.
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.path.display(), self.line)?;
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ProfileError {}
