//! RATE: case rates and bundles (SNIP 7). A case rate pays one amount per
//! member per period; the services it covers are reported as $0
//! encounter lines. What the rate is, its period and what it bundles come
//! from the payer's profile ([`crate::profile`]); the opioid-treatment
//! weekly bundles and collaborative-care months come from the code
//! definitions.
//!
//! The per-line rules (RATE002, RATE003, RATE004, RATE006) report through
//! the claim's [`Report`]; the rules that count across claims and files
//! (RATE001, RATE005, RATE007, RATE008, RATE009) record into
//! [`RateLedger`] and make their findings when the run ends.

pub mod rate001_case_rate_once_per_period;
pub mod rate002_case_rate_modifier;
pub mod rate003_case_rate_units;
pub mod rate004_case_rate_charge;
pub mod rate005_bundled_service_billed;
pub mod rate006_encounter_modifier;
pub mod rate007_case_rate_without_encounter;
pub mod rate008_otp_weekly_bundle;
pub mod rate009_collaborative_care_monthly;

use rust_decimal::Decimal;

use crate::model::{Claim, ClaimKind, ServiceLine};
use crate::profile::{CaseRate, Period, Profile};
use crate::rules::claim_checks::{Origin, Place, Report, stable_hash};
use crate::rules::ledger::{Counter, KeySet};
use crate::rules::services::{ClaimServices, Member, Service, days};

/// Profile, case rate (index in `case_rate`), member, period: the key of
/// every per-period count of a case rate.
pub(crate) type PeriodKey = (u16, u16, Member, u32);

/// The RATE rules' counts of one input, merged across the run like the
/// rest of the [`crate::rules::ledger::Ledger`].
#[derive(Debug, Clone, Default)]
pub(crate) struct RateLedger {
    /// RATE001, RATE007: case-rate lines per member and period.
    pub case_rates: Counter<PeriodKey>,
    /// RATE005: lines of bundled codes billed for money, per case rate
    /// that bundles them, member and period (amount: the charges).
    pub bundled_paid: Counter<rate005_bundled_service_billed::Key>,
    /// RATE007: the case-rate periods in which the member has a line of
    /// a bundled code (an encounter).
    pub encounters: KeySet<PeriodKey>,
    /// RATE008: opioid treatment weekly bundles per member and 7 days.
    pub otp_weeks: rate008_otp_weekly_bundle::Weeks,
    /// RATE009: collaborative care months per member.
    pub collaborative_care: Counter<rate009_collaborative_care_monthly::Key>,
}

impl RateLedger {
    pub fn is_empty(&self) -> bool {
        self.case_rates.is_empty()
            && self.bundled_paid.is_empty()
            && self.encounters.is_empty()
            && self.otp_weeks.is_empty()
            && self.collaborative_care.is_empty()
    }

    /// Add the counts of the input at position `file`, which comes after
    /// every input merged so far.
    pub fn merge(&mut self, later: RateLedger, claim_offset: u32) {
        self.case_rates.merge(later.case_rates, claim_offset);
        self.bundled_paid.merge(later.bundled_paid, claim_offset);
        if self.encounters.is_empty() {
            self.encounters = later.encounters;
        } else {
            self.encounters.extend(later.encounters);
        }
        self.otp_weeks.merge(later.otp_weeks, claim_offset);
        self.collaborative_care
            .merge(later.collaborative_care, claim_offset);
    }
}

/// Count a claim's lines for the run (a voided claim is not counted).
pub(crate) fn record(
    claim: &Claim,
    c: &ClaimServices<'_>,
    origin: &Origin,
    ledger: &mut RateLedger,
) {
    // Only a profile with an episode rate needs the claim's authorization.
    let episodes = c
        .profile
        .is_some_and(|(_, p)| p.case_rates.iter().any(|r| r.period == Period::Episode));
    let episode = if episodes {
        episode_of(claim.prior_authorization.as_ref().map(|t| t.as_str()))
    } else {
        0
    };
    rate001_case_rate_once_per_period::record(c, episode, origin, &mut ledger.case_rates);
    rate005_bundled_service_billed::record(c, episode, origin, ledger);
    rate008_otp_weekly_bundle::record(c, origin, &mut ledger.otp_weeks);
    rate009_collaborative_care_monthly::record(c, origin, &mut ledger.collaborative_care);
}

/// The per-line rules of a claim (a voided claim is not checked).
pub(crate) fn check(c: &ClaimServices<'_>, report: &mut Report<'_>) {
    let Some((_, profile)) = c.profile else {
        return;
    };
    if profile.case_rates.is_empty() {
        return;
    }
    for s in &c.services {
        if let Some((i, rate)) = rate_for(profile, s) {
            let line = RateLine {
                profile,
                index: i,
                rate,
                service: s,
                kind: c.kind,
            };
            rate002_case_rate_modifier::check(&line, report);
            rate003_case_rate_units::check(&line, report);
            rate004_case_rate_charge::check(&line, report);
        } else {
            rate006_encounter_modifier::check(profile, s, c.kind, report);
        }
    }
}

/// A case-rate line and the rate it bills, for the per-line rules.
pub(crate) struct RateLine<'a> {
    pub profile: &'a Profile,
    /// The rate's index in `case_rate`.
    pub index: usize,
    pub rate: &'a CaseRate,
    pub service: &'a Service<'a>,
    pub kind: ClaimKind,
}

/// Where a per-line finding points: `element` of the SV1 (837P) or the
/// matching element of the SV2 (837I), by the SV1 numbering.
pub(crate) fn line_place(s: &Service<'_>, kind: ClaimKind, sv1_element: u8) -> Place {
    let institutional = kind == ClaimKind::Institutional;
    let (segment, element) = match (institutional, sv1_element) {
        (false, e) => ("SV1", e),
        // SV1 01 procedure, 02 charge, 04 units -> SV2 02, 03, 05.
        (true, e) => ("SV2", e + 1),
    };
    Place::new(s.at, segment, element, "2400")
}

/// The place of a modifier the line lacks: the first free modifier
/// position of the procedure composite (SV101-03 … SV101-06).
pub(crate) fn missing_modifier_place(s: &Service<'_>, kind: ClaimKind) -> Place {
    let free = 3 + s.modifiers.len().min(3) as u8;
    line_place(s, kind, 1).component(free)
}

/// Set what every per-line RATE finding carries: the line number and
/// the profile rule.
pub(crate) fn finish_line_finding(
    f: &mut crate::diagnostic::Finding,
    s: &Service<'_>,
    source: Box<crate::diagnostic::ProfileRule>,
) {
    f.service_line = s.number();
    f.profile = Some(source);
}

/// An amount as messages show it: `410.00`, `0.00`, `12.50`; more
/// decimals only when it has them (`0.125`).
pub(crate) fn shown_amount(d: Decimal) -> String {
    if d.round_dp(2) == d {
        format!("{d:.2}")
    } else {
        d.normalize().to_string()
    }
}

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

/// The case rates of a profile that bundle a line's code, with their
/// index in `case_rate`.
pub(crate) fn rates_bundling<'p>(
    profile: &'p Profile,
    code: &'p str,
) -> impl Iterator<Item = (usize, &'p CaseRate)> + 'p {
    profile
        .case_rates
        .iter()
        .enumerate()
        .filter(move |(_, r)| r.bundles.iter().any(|b| b == code))
}

/// An episode as a number: 0 for the claims without a prior
/// authorization number (together one episode), else a hash of the
/// number (never 0).
pub(crate) fn episode_of(authorization: Option<&str>) -> u32 {
    authorization
        .filter(|a| !a.is_empty())
        .map_or(0, |a| (stable_hash(a) as u32) | 1)
}

/// The prior authorization number of a service line (its 2400 REF*G1).
fn line_authorization(line: &ServiceLine) -> Option<&str> {
    line.references
        .iter()
        .find(|r| r.qualifier.as_str() == "G1")
        .and_then(|r| r.value.as_ref())
        .map(|t| t.as_str())
}

/// The period of `rate` a line falls in (see [`period_of`]); for an
/// episode, the line's prior authorization (REF*G1 of the line, else of
/// the claim, whose [`episode_of`] is `claim_episode`).
pub(crate) fn period_key(rate: &CaseRate, s: &Service<'_>, claim_episode: u32) -> Option<u32> {
    match rate.period {
        Period::Episode => Some(
            line_authorization(s.line)
                .map(|a| episode_of(Some(a)))
                .filter(|&e| e != 0)
                .unwrap_or(claim_episode),
        ),
        period => period_of(period, s.date?),
    }
}

/// The period a date falls in, as a number: the date itself (day), the
/// day count of its ISO week's Monday (week), `CCYYMM` (calendar month),
/// or 0 (episode; see [`period_key`] for the episodes of authorizations).
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

/// The period of [`period_key`] in words, for messages.
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
        Period::Episode if key == 0 => {
            "the episode of the claims without a prior authorization number".to_string()
        }
        Period::Episode => "the episode of one prior authorization number".to_string(),
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
