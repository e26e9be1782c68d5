//! RATE008 otp-weekly-bundle-within-7-days: an opioid treatment program
//! bills at most one weekly bundle (HCPCS G2067-G2075) per member per
//! seven days, counted across every claim and file of the run, whatever
//! the payer.

use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::rules::claim_checks::Origin;
use crate::rules::ledger::{KeyMap, Occurrence, RunContext, RunFinding};
use crate::rules::services::{ClaimServices, Member, cite_builtin, days, shown_date};

pub static RULE: Rule = Rule {
    code: "RATE008",
    name: "otp-weekly-bundle-within-7-days",
    severity: Severity::Error,
    snip: Some(7),
    summary: "an opioid treatment weekly bundle (G2067-G2075) is billed less than 7 days after another for the member",
    help: "bill one weekly bundle per member per 7 days in a row, dated the first day of each 7-day episode",
    doc: "\
## What it checks
The opioid treatment program (OTP) weekly bundles, HCPCS G2067 to
G2075 (methadone, buprenorphine oral, injectable and implant,
naltrexone, non-drug, medication not otherwise specified), are each
an episode of care of seven days in a row (42 CFR 410.67), dated on
the episode's first day. So any two weekly bundles of one member, of
the same code or not, are at least 7 days apart: the rule finds two
dated less than 7 days apart (the same day included), over every
claim of every file in the run and for every payer, profile or not.
Each line counts once whatever its units (units are MUE's business,
UNIT004). The finding points at the later bundle of such a pair and
names the earlier. Voided claims (CLM05-3 = 8) are not counted.

Memory stays bounded per member and week: days are grouped in fixed
7-day blocks, and each block keeps only how many bundles it has and
its earliest and latest one. Two dates less than 7 days apart are in
the same block or in neighboring ones, so the rule reports a block
with two or more bundles (at its latest, naming its earliest) and a
block whose earliest bundle is less than 7 days after the latest of
the block before.

## Why it matters
Medicare (and the Medicaid and commercial plans that follow it) pays
one weekly bundle per seven-day episode. A second bundle inside the
episode is denied as a duplicate, or paid and recouped; it usually
comes from a medication change mid-week (bill the medication given for
most of the week) or an episode started on the wrong day.

## Example
A claim bills G2067 (methadone weekly bundle) for a member on
2026-03-02 and another claim bills G2068 (oral buprenorphine) for the
same member on 2026-03-05: 3 days apart.

## How to fix
Bill one weekly bundle per seven-day episode, dated the episode's
first day, with the code of the medication given for most of that
week; start the next episode 7 days later. Remove or void the extra
bundle.
",
};

/// What the rule cites as its source.
fn source() -> Box<crate::diagnostic::ProfileRule> {
    cite_builtin("CMS opioid treatment program weekly bundles", "G2067-G2075")
}

/// A member and a fixed 7-day block (days since 1970-01-01 over 7).
pub(crate) type Key = (Member, i32);

/// One weekly bundle line.
#[derive(Debug, Clone)]
pub(crate) struct Bundle {
    /// `CCYYMMDD`.
    date: u32,
    /// Days since 1970-01-01.
    day: i32,
    /// The code as its last two digits (67 for G2067).
    code: u8,
    at: Occurrence,
}

impl Bundle {
    fn code(&self) -> String {
        format!("G20{:02}", self.code)
    }
}

/// The bundles of a member in one block: how many, the earliest (the
/// first in run order among the earliest dates) and the latest (the
/// last in run order among the latest dates), once there are two.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    n: u32,
    earliest: Bundle,
    latest: Option<Box<Bundle>>,
}

impl Block {
    fn latest(&self) -> &Bundle {
        self.latest.as_deref().unwrap_or(&self.earliest)
    }

    /// Add a block of later occurrences (one bundle, or a later input's
    /// block): the same result whichever way the occurrences are split.
    fn append(&mut self, later: Block) {
        let n = self.n + later.n;
        let later_latest = match later.latest {
            Some(l) => *l,
            None => later.earliest.clone(),
        };
        let latest = if later_latest.day >= self.latest().day {
            later_latest
        } else {
            self.latest().clone()
        };
        if later.earliest.day < self.earliest.day {
            self.earliest = later.earliest;
        }
        self.n = n;
        self.latest = Some(Box::new(latest));
    }

    /// The same bundles after `offset` claims of earlier inputs.
    fn shift(&mut self, offset: u32) {
        self.earliest.at.claim += offset;
        if let Some(l) = &mut self.latest {
            l.at.claim += offset;
        }
    }
}

/// Weekly bundles by member and block.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weeks {
    blocks: KeyMap<Key, Block>,
}

impl Weeks {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    fn add(&mut self, member: Member, bundle: Bundle) {
        let key = (member, bundle.day.div_euclid(7));
        let one = Block {
            n: 1,
            earliest: bundle,
            latest: None,
        };
        match self.blocks.entry(key) {
            std::collections::hash_map::Entry::Occupied(mut o) => o.get_mut().append(one),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(one);
            }
        }
    }

    /// Add the bundles of a later input, whose occurrences' claims come
    /// after `claim_offset` claims of the inputs merged so far.
    pub fn merge(&mut self, later: Weeks, claim_offset: u32) {
        for (key, mut block) in later.blocks {
            block.shift(claim_offset);
            match self.blocks.entry(key) {
                std::collections::hash_map::Entry::Occupied(mut o) => o.get_mut().append(block),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(block);
                }
            }
        }
    }
}

/// The weekly bundle a code is, as its last two digits.
fn weekly_bundle(code: &str) -> Option<u8> {
    let n: u8 = code.strip_prefix("G20")?.parse().ok()?;
    (code.len() == 5 && (67..=75).contains(&n)).then_some(n)
}

pub(crate) fn record(c: &ClaimServices<'_>, origin: &Origin, weeks: &mut Weeks) {
    for s in &c.services {
        let Some(code) = weekly_bundle(s.code) else {
            continue;
        };
        let Some((date, day)) = s
            .date
            .and_then(|d| Some((d, i32::try_from(days(d)?).ok()?)))
        else {
            continue;
        };
        weeks.add(
            c.member,
            Bundle {
                date,
                day,
                code,
                at: origin.occurrence(s),
            },
        );
    }
}

pub(crate) fn finish(weeks: &Weeks, run: &RunContext<'_>, out: &mut Vec<RunFinding>) {
    // (later bundle, earlier bundle, bundles of the block when more than two)
    let mut pairs: Vec<(&Bundle, &Bundle, u32)> = Vec::new();
    for (&(member, block), b) in &weeks.blocks {
        if b.n >= 2 {
            pairs.push((b.latest(), &b.earliest, b.n));
        }
        if let Some(before) = weeks.blocks.get(&(member, block - 1))
            && b.earliest.day - before.latest().day < 7
        {
            pairs.push((&b.earliest, before.latest(), 2));
        }
    }
    pairs.sort_by_key(|(later, _, _)| later.at.order());
    for (later, earlier, n) in pairs {
        let apart = match later.day - earlier.day {
            0 => "on the same day as".to_string(),
            1 => "1 day after".to_string(),
            d => format!("{d} days after"),
        };
        let more = if n > 2 {
            format!(
                " ({n} weekly bundles from {} to {})",
                shown_date(earlier.date),
                shown_date(later.date)
            )
        } else {
            String::new()
        };
        let o = run.spot(&later.at);
        let mut f = o.finding(
            &RULE,
            o.code_element(),
            "2400",
            format!(
                "weekly bundle {} on {} is {apart} weekly bundle {} on {} for the same member{more}; a weekly bundle covers 7 days in a row",
                later.code(),
                shown_date(later.date),
                earlier.code(),
                shown_date(earlier.date),
            ),
        );
        f.related.push(
            run.spot(&earlier.at)
                .related("the earlier weekly bundle", &o, run.files),
        );
        f.profile = Some(source());
        out.push((o.file(), f));
    }
}

#[cfg(test)]
mod tests {
    use super::weekly_bundle;

    #[test]
    fn weekly_bundles_are_g2067_to_g2075() {
        assert_eq!(weekly_bundle("G2067"), Some(67));
        assert_eq!(weekly_bundle("G2075"), Some(75));
        assert_eq!(weekly_bundle("G2066"), None);
        assert_eq!(weekly_bundle("G2076"), None);
        assert_eq!(weekly_bundle("G20670"), None);
        assert_eq!(weekly_bundle("H0004"), None);
    }
}
