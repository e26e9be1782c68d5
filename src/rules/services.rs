//! The service lines of a claim as the UNIT and RATE rules read them:
//! who the member is, which payer profile applies, and per line the code,
//! modifiers, date of service, units, minutes and charge, parsed once.
//!
//! The profile is the one whose `payer.ids` lists the claim's payer
//! (2010BB NM109), else the run's default profile. Rules that come from
//! the code definitions themselves (psychotherapy times, add-on codes,
//! the opioid-treatment and collaborative-care limits) run without one.

use rust_decimal::Decimal;

use crate::diagnostic::ProfileRule;
use crate::manifest::Manifest;
use crate::model::{At, Claim, ClaimKind, ServiceLine, Text};
use crate::profile::{Profile, Profiles};

/// Which member a service is for: a hash of the payer's member id
/// (2010BA NM109) and, for a dependent, the patient's name and birth
/// date. A hash rather than the id keeps member data out of the counts
/// that live until the end of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Member(pub u64);

/// One service line, parsed for the UNIT and RATE rules.
#[derive(Debug)]
pub(crate) struct Service<'a> {
    pub line: &'a ServiceLine,
    /// SV101-02 / SV202-02.
    pub code: &'a str,
    pub modifiers: &'a [Text],
    /// The date of service as `CCYYMMDD`: the line's DTP*472 (its first
    /// day for a range), else the claim's statement start (DTP*434).
    pub date: Option<u32>,
    /// SV103 / SV204: `UN`, `MJ` …
    pub basis: Option<&'a str>,
    /// SV104 / SV205.
    pub units: Option<Decimal>,
    /// Minutes of the service when known: the units of a line billed in
    /// minutes (`MJ`), else the documentation manifest's row for it.
    pub minutes: Option<Decimal>,
    /// SV102 / SV203.
    pub charge: Option<Decimal>,
    /// The SV1 / SV2.
    pub at: At,
}

impl Service<'_> {
    /// Whether the line carries a modifier.
    pub fn has_modifier(&self, m: &str) -> bool {
        self.modifiers.iter().any(|x| x.as_str() == m)
    }

    /// LX01, for findings.
    pub fn number(&self) -> Option<String> {
        self.line.number.as_ref().map(|t| t.to_string())
    }

    /// The element reference of a service-line field: SV1 (837P) or SV2
    /// (837I) and its element number.
    pub fn segment(&self, kind: ClaimKind) -> &'static str {
        match kind {
            ClaimKind::Institutional => "SV2",
            _ => "SV1",
        }
    }
}

/// A claim's services with the profile and member they are counted for.
#[derive(Debug)]
pub(crate) struct ClaimServices<'a> {
    /// The profile and its index in the run's [`Profiles`].
    pub profile: Option<(usize, &'a Profile)>,
    pub member: Member,
    pub kind: ClaimKind,
    pub services: Vec<Service<'a>>,
}

impl<'a> ClaimServices<'a> {
    /// The claim's lines that have a procedure code, in `buffer` (emptied
    /// first).
    pub fn of(
        claim: &'a Claim,
        kind: ClaimKind,
        profiles: &'a Profiles,
        manifest: &Manifest,
        mut buffer: Vec<Service<'a>>,
    ) -> ClaimServices<'a> {
        let profile = payer_id(claim).and_then(|id| profiles.position_for_payer_id(id.as_bytes()));
        let statement = claim
            .date("434")
            .and_then(|d| d.value.as_ref())
            .and_then(|v| first_date(v.as_str()));
        let member_id = claim
            .subscriber
            .as_ref()
            .and_then(|s| s.member.as_ref())
            .and_then(|m| m.id.as_ref())
            .map(|t| t.as_str());
        buffer.clear();
        buffer.extend(claim.lines.iter().filter_map(|line| {
            let procedure = line.procedure.as_ref()?;
            let code = procedure.code.as_ref()?.as_str();
            let date = line
                .date("472")
                .and_then(|d| d.value.as_ref())
                .and_then(|v| first_date(v.as_str()))
                .or(statement);
            let basis = line.unit_basis.as_ref().map(|b| b.as_str());
            let units = line.units.map(|u| u.value());
            let minutes = if basis == Some("MJ") {
                units
            } else {
                manifest
                    .row_for(
                        claim.id.as_str(),
                        line.control_number.as_ref().map(|t| t.as_str()),
                        member_id,
                        date,
                        code,
                    )
                    .and_then(|r| r.minutes)
                    .map(Decimal::from)
            };
            Some(Service {
                line,
                code,
                modifiers: &procedure.modifiers,
                date,
                basis,
                units,
                minutes,
                charge: line.charge.map(|c| c.value()),
                at: line.service_at,
            })
        }));
        ClaimServices {
            profile: profile.map(|i| (i, &profiles[i])),
            member: member(claim),
            kind,
            services: buffer,
        }
    }
}

/// An empty list of services kept from one claim to the next, so that
/// each claim's services reuse one allocation. The services borrow their
/// claim, so the kept list holds none and is re-typed for each claim: a
/// collect from a vector into one of the same layout keeps the
/// allocation.
#[derive(Debug, Default)]
pub(crate) struct ServiceBuffer(Vec<Service<'static>>);

impl ServiceBuffer {
    /// The kept allocation, empty, for a claim's services.
    pub fn take<'a>(&mut self) -> Vec<Service<'a>> {
        let kept = std::mem::take(&mut self.0);
        kept.into_iter()
            .map(|_| unreachable!("kept empty"))
            .collect()
    }

    /// Keep the allocation of a claim's services (their values go).
    pub fn give(&mut self, mut services: Vec<Service<'_>>) {
        services.clear();
        self.0 = services
            .into_iter()
            .map(|_| unreachable!("cleared"))
            .collect();
    }
}

/// What a finding of a profile rule says of its source: `key` of
/// `profile`, whose table is on `line`.
pub(crate) fn cite(profile: &Profile, key: String, line: usize) -> Box<ProfileRule> {
    Box::new(ProfileRule {
        file: Some(profile.path.display().to_string()),
        payer: profile.payer.name.clone(),
        rule: key,
        line: Some(line).filter(|&l| l > 0),
    })
}

/// What a finding of a rule from the code definitions says of its source.
pub(crate) fn cite_builtin(what: &str, key: &str) -> Box<ProfileRule> {
    Box::new(ProfileRule {
        file: None,
        payer: what.to_string(),
        rule: key.to_string(),
        line: None,
    })
}

/// The claim's payer id (2010BB NM109).
fn payer_id(claim: &Claim) -> Option<&Text> {
    claim.subscriber.as_ref()?.payer.as_ref()?.id.as_ref()
}

fn member(claim: &Claim) -> Member {
    let mut h = Fnv::default();
    if let Some(m) = claim.subscriber.as_ref().and_then(|s| s.member.as_ref()) {
        h.text(m.id.as_ref());
        // Without a member id, the name tells members apart.
        if m.id.is_none() {
            h.text(m.name.as_ref());
            h.text(m.first_name.as_ref());
        }
    }
    if let Some(p) = claim.patient.as_ref().and_then(|p| p.name.as_ref()) {
        h.text(p.name.as_ref());
        h.text(p.first_name.as_ref());
        h.text(p.demographics.as_ref().and_then(|d| d.birth_date.as_ref()));
    }
    Member(h.0)
}

/// FNV-1a, 64 bits: a member key is a handful of short strings per claim,
/// where SipHash's setup costs more than the hashing.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn text(&mut self, t: Option<&Text>) {
        for &b in t.map_or(&b""[..], |t| t.as_str().as_bytes()) {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so that ("AB", "C") and ("A", "BC") differ.
        self.0 = (self.0 ^ 0xff).wrapping_mul(0x0100_0000_01b3);
    }
}

/// The first date of a `CCYYMMDD` or `CCYYMMDD-CCYYMMDD` value, if it is
/// a calendar date.
pub(crate) fn first_date(v: &str) -> Option<u32> {
    let n = eight_digits(v.as_bytes().get(..8)?)?;
    is_calendar_date(n).then_some(n)
}

/// Whether a `CCYYMMDD` number is a date of the calendar: [`days`]'s
/// test alone, once per service line, without its day count.
#[inline]
pub(crate) fn is_calendar_date(date: u32) -> bool {
    crate::schema::elements::is_calendar_date(
        u64::from(date / 10_000),
        u64::from(date / 100 % 100),
        u64::from(date % 100),
    )
}

/// Eight ASCII digits as a number (`CCYYMMDD`), not checked as a date.
#[inline]
pub(crate) fn eight_digits(b: &[u8]) -> Option<u32> {
    let b: &[u8; 8] = b.try_into().ok()?;
    let mut n = 0;
    for &c in b {
        let digit = c.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        n = n * 10 + u32::from(digit);
    }
    Some(n)
}

/// Days since 1970-01-01 of a `CCYYMMDD` date, if it is one.
pub(crate) fn days(date: u32) -> Option<i64> {
    let (y, m, d) = (
        i64::from(date / 10_000),
        i64::from(date / 100 % 100),
        i64::from(date % 100),
    );
    if !is_calendar_date(date) {
        return None;
    }
    // Days-from-civil (the inverse of validate's civil_from_days).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `YYYY-MM-DD` of a `CCYYMMDD` date, for messages.
pub(crate) fn shown_date(date: u32) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date / 10_000,
        date / 100 % 100,
        date % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_buffer_keeps_its_allocation_from_claim_to_claim() {
        let mut buffer = ServiceBuffer::default();
        let first: Vec<Service<'_>> = Vec::with_capacity(6);
        let at = first.as_ptr();
        buffer.give(first);
        let second = buffer.take();
        assert!(second.is_empty());
        assert_eq!((second.capacity(), second.as_ptr()), (6, at));
    }

    #[test]
    fn dates_count_days_from_1970() {
        assert_eq!(days(19700101), Some(0));
        assert_eq!(days(19700105), Some(4));
        assert_eq!(days(20000301), Some(11_017));
        assert_eq!(days(20240229), Some(19_782));
        assert_eq!(days(20230229), None);
        assert_eq!(days(20261301), None);
    }

    #[test]
    fn service_dates_are_checked_on_the_calendar() {
        for good in [20240229, 20000229, 20260430, 20261231, 20260101] {
            assert!(is_calendar_date(good), "{good}");
            assert_eq!(first_date(&good.to_string()), Some(good));
        }
        for bad in [
            20230229,
            21000229,
            20260431,
            20261301,
            20260001,
            20260100,
            u32::MAX,
        ] {
            assert!(!is_calendar_date(bad), "{bad}");
        }
        assert_eq!(first_date("20230229-20230301"), None);
        assert_eq!(first_date("20230228-20230301"), Some(20230228));
        assert_eq!(first_date("20260105-20260110"), Some(20260105));
        assert_eq!(first_date("2026010"), None);
        assert_eq!(first_date("20260132"), None);
        assert_eq!(first_date("2026+105"), None);
        assert_eq!(eight_digits(b"20260105"), Some(20260105));
        assert_eq!(eight_digits(b"2026010/"), None);
        assert_eq!(eight_digits(b"202601051"), None);
        assert_eq!(shown_date(20260105), "2026-01-05");
    }

    /// The minutes of a manifest row, found by claim and line control
    /// number or by member, date and procedure, reach the service line it
    /// names (H0004 UN 4 on 2026-03-10 for member SYN000001) and no other.
    #[test]
    fn manifest_minutes_reach_the_service_they_name() {
        use crate::model::Transaction;
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/code/CODE009_unknown_taxonomy.x12"
        );
        let x12 = std::fs::read_to_string(path).unwrap();
        assert!(x12.contains("SV1*HC:H0004:HO*60*UN*4***1~\nDTP*472*D8*20260310~\nSE*27"));
        let x12 = x12.replace("SE*27*0001~", "REF*6R*LN-2~\nSE*28*0001~");
        let parsed = crate::model::parse_bytes(x12.as_bytes());
        let Transaction::Claims(t) = &parsed.document.interchanges[0].groups[0].transactions[0]
        else {
            panic!("an 837P");
        };
        let claim = &t.claims[0];
        let profiles = Profiles::default();
        let minutes = |manifest: &str| -> Vec<(&str, Option<Decimal>)> {
            let m = crate::manifest::load::parse("m.csv", manifest.as_bytes()).unwrap();
            ClaimServices::of(claim, t.kind, &profiles, &m, Vec::new())
                .services
                .iter()
                .map(|s| (s.code, s.minutes))
                .collect()
        };
        let twenty = Some(Decimal::from(20));
        assert_eq!(
            minutes("claim_id,line_id,minutes\nCC-0001,LN-2,20\n"),
            [("90837", None), ("H0004", twenty)]
        );
        assert_eq!(
            minutes(
                "member_id,service_date,procedure,start_time,end_time\n\
                 SYN000001,2026-03-10,H0004,09:00,09:20\n"
            ),
            [("90837", None), ("H0004", twenty)]
        );
        // Another line, date or member: nothing.
        assert_eq!(
            minutes(
                "claim_id,line_id,member_id,service_date,procedure,minutes\n\
                 CC-0001,LN-1,,,,20\n,,SYN000001,2026-03-11,H0004,20\n,,SYN000002,2026-03-10,H0004,20\n"
            ),
            [("90837", None), ("H0004", None)]
        );
    }
}
