//! RATE005 bundled-service-billed: inside a period in which a member's
//! case rate is billed, the services the rate bundles are billed only as
//! $0 encounter lines, counted across every claim and file of the run.

use rust_decimal::Decimal;

use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::rules::claim_checks::Origin;
use crate::rules::ledger::{RunContext, RunFinding};
use crate::rules::rate::{
    PeriodKey, RateLedger, period_key, rates_bundling, shown_amount, shown_period,
};
use crate::rules::services::{ClaimServices, cite};
use crate::rules::unit::{code_key, code_of};

pub static RULE: Rule = Rule {
    code: "RATE005",
    name: "bundled-service-billed",
    severity: Severity::Error,
    snip: Some(7),
    summary: "a service that the member's case rate covers is billed for money in the rate's period",
    help: "bill services covered by the case rate at $0 (as encounter lines) in a period in which the case rate is billed",
    doc: "\
## What it checks
A line whose code is bundled by a case rate of the payer profile
(`[[case_rate]] bundles`) and that charges more than $0 falls in a
period (of that rate: day, week, calendar month or episode, as for
RATE001) in which the same member's case rate is also billed. Lines
and case rates are matched over every claim of every file in the run,
so a case rate billed in one file and a bundled service billed for
money in another are found. One finding per member, period, case
rate and bundled code: it points at the first such line of the
period (its charge) and says how many lines of the code were billed
and for how much in all; the case-rate line and the last such line
are named as related. Outside the periods of a case rate the code is
billed fee-for-service and nothing is reported. Voided claims
(CLM05-3 = 8) are not counted.

## Why it matters
The case rate already pays for the services it bundles. Billing one
of them for money in the same period asks to be paid twice: the payer
denies the line (or pays it and recoups it in an audit), and a
pattern of such lines looks like unbundling.

## Example
With the managed-care profile's monthly T2022 case rate bundling
H0038, a claim bills T2022 for a member on 2026-03-02 and another
claim bills `SV1*HC:H0038:U8*40*UN*4***1` (peer support, $40) for the
same member on 2026-03-16.

## How to fix
Report the bundled service as a $0 encounter line with the payer's
encounter modifier (`SV1*HC:H0038:U8*0*UN*4***1`) and correct the
claim total; or, if the case rate was not earned that period, void
the case-rate line and bill the services fee-for-service.
",
};

/// A case rate's period of a member ([`PeriodKey`]) and the bundled code
/// (a [`code_key`]).
pub(crate) type Key = (PeriodKey, u64);

/// Count the claim's lines of bundled codes: every one as an encounter
/// of the period (RATE007), those billed for money by code (here).
pub(crate) fn record(
    c: &ClaimServices<'_>,
    episode: u32,
    origin: &Origin,
    ledger: &mut RateLedger,
) {
    let Some((profile_index, profile)) = c.profile else {
        return;
    };
    if profile.case_rates.is_empty() {
        return;
    }
    for s in &c.services {
        for (i, rate) in rates_bundling(profile, s.code) {
            let Some(period) = period_key(rate, s, episode) else {
                continue;
            };
            let key = (profile_index as u16, i as u16, c.member, period);
            ledger.encounters.insert(key);
            let Some(charge) = s.charge.filter(|c| *c > Decimal::ZERO) else {
                continue;
            };
            ledger
                .bundled_paid
                .add((key, code_key(s.code)), charge, || origin.occurrence(s));
        }
    }
}

pub(crate) fn finish(ledger: &RateLedger, run: &RunContext<'_>, out: &mut Vec<RunFinding>) {
    // A line bundled by several rates billed in one period is reported once.
    let mut reported = crate::rules::ledger::KeySet::default();
    for (&(key, code), tally) in ledger
        .bundled_paid
        .in_run_order_where(|(key, _), _| ledger.case_rates.get(key).is_some())
    {
        let Some(case_rate) = ledger.case_rates.get(&key) else {
            continue;
        };
        let (profile, index, _, period) = key;
        let p = &run.profiles[usize::from(profile)];
        let Some(rate) = p.case_rates.get(usize::from(index)) else {
            continue;
        };
        if !reported.insert(tally.first.order()) {
            continue;
        }
        let code = code_of(code);
        let lines = if tally.n == 1 {
            format!("{code} is billed for {}", shown_amount(tally.total))
        } else {
            format!(
                "{code} is billed on {} lines for {} in all",
                tally.n,
                shown_amount(tally.total)
            )
        };
        let first = run.spot(&tally.first);
        let mut f = first.finding(
            &RULE,
            first.charge_element(),
            "2400",
            format!(
                "{lines} in {}, a period for which the member's case rate {} ({}) is billed; the rate covers {code}: report it at $0",
                shown_period(rate.period, period),
                rate.code,
                rate.name,
            ),
        );
        f.related.push(run.spot(&case_rate.first).related(
            "the case-rate line of the period",
            &first,
            run.files,
        ));
        if tally.n > 1 {
            f.related.push(run.spot(tally.last()).related(
                "the last such line of the period",
                &first,
                run.files,
            ));
        }
        f.profile = Some(cite(p, format!("case_rate[{index}].bundles"), rate.line));
        out.push((first.file(), f));
    }
}
