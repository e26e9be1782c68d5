//! CODE008 npi-check-digit: an NPI (NM108 `XX`) has 10 digits and a
//! correct check digit.

use crate::codesets::npi;
use crate::diagnostic::Severity;
use crate::model::{Claim, ClaimKind, ClaimPayment, Party, Providers, Text};
use crate::rules::claim_checks::{Place, Report};
use crate::rules::{Rule, shown};

pub static RULE: Rule = Rule {
    code: "CODE008",
    name: "npi-check-digit",
    severity: Severity::Error,
    snip: Some(5),
    summary: "an NPI (NM109 when NM108 is XX) is not 10 digits with a valid check digit",
    help: "copy the NPI from NPPES; its 10th digit is the Luhn check digit over 80840 and the first 9",
    doc: "\
## What it checks
Every provider identified by NPI (NM108 = `XX`) in an 837 claim (billing
provider, the 2310 and 2420 providers) or an 835 claim payment (rendering
provider) has an NM109 of exactly 10 digits whose last digit is the Luhn
check digit computed over `80840` followed by the first 9 digits, as the
NPI standard defines.

## Why it matters
An NPI with a wrong check digit is a typo: it cannot match an enrolled
provider, and payers reject the claim at the front end. The check digit
catches every single wrong digit and most swaps of neighbouring digits.

## Example
`NM1*85*2*NORTHWIND BEHAVIORAL HEALTH*****XX*1234567890~` (the check
digit of 123456789 is 3).

## How to fix
Look the provider up in NPPES and copy the NPI again.
",
};

pub(crate) fn check(claim: &Claim, kind: ClaimKind, report: &mut Report<'_>) {
    let billing = claim
        .billing_provider
        .as_ref()
        .and_then(|b| b.provider.as_deref());
    if let Some(p) = billing {
        party(p, "2010AA", None, report);
    }
    providers(&claim.providers, kind, false, None, report);
    for line in &claim.lines {
        providers(&line.providers, kind, true, line.number.as_ref(), report);
    }
}

/// CODE008 over an 835 claim payment's rendering provider (NM1*82).
pub(crate) fn check_payment(payment: &ClaimPayment, report: &mut Report<'_>) {
    if let Some(p) = payment.rendering_provider.as_deref() {
        party(p, "2100", None, report);
    }
}

fn providers(
    p: &Providers,
    kind: ClaimKind,
    line: bool,
    number: Option<&Text>,
    report: &mut Report<'_>,
) {
    let all = [
        (&p.referring, "DN"),
        (&p.primary_care, "P3"),
        (&p.attending, "71"),
        (&p.operating, "72"),
        (&p.other_operating, "ZZ"),
        (&p.rendering, "82"),
        (&p.purchased_service, "QB"),
        (&p.service_facility, "77"),
        (&p.supervising, "DQ"),
        (&p.ordering, "DK"),
        (&p.billing, "85"),
        (&p.ambulance_pickup, "PW"),
        (&p.ambulance_dropoff, "45"),
    ];
    for (party_box, entity) in all {
        if let Some(party_ref) = party_box.as_deref() {
            party(party_ref, loop_of(kind, line, entity), number, report);
        }
    }
}

/// The 837 loop of a provider name by entity code, claim (2310x) or line
/// (2420x) level.
fn loop_of(kind: ClaimKind, line: bool, entity: &str) -> &'static str {
    match (kind, line, entity) {
        (ClaimKind::Professional, false, "DN" | "P3") => "2310A",
        (ClaimKind::Professional, false, "82") => "2310B",
        (ClaimKind::Professional, false, "77") => "2310C",
        (ClaimKind::Professional, false, "DQ") => "2310D",
        (ClaimKind::Professional, false, "PW") => "2310E",
        (ClaimKind::Professional, false, "45") => "2310F",
        (ClaimKind::Professional, true, "82") => "2420A",
        (ClaimKind::Professional, true, "QB") => "2420B",
        (ClaimKind::Professional, true, "77") => "2420C",
        (ClaimKind::Professional, true, "DQ") => "2420D",
        (ClaimKind::Professional, true, "DK") => "2420E",
        (ClaimKind::Professional, true, "DN" | "P3") => "2420F",
        (ClaimKind::Professional, true, "PW") => "2420G",
        (ClaimKind::Professional, true, "45") => "2420H",
        (ClaimKind::Institutional, false, "71") => "2310A",
        (ClaimKind::Institutional, false, "72") => "2310B",
        (ClaimKind::Institutional, false, "ZZ") => "2310C",
        (ClaimKind::Institutional, false, "82") => "2310D",
        (ClaimKind::Institutional, false, "77") => "2310E",
        (ClaimKind::Institutional, false, "DN") => "2310F",
        (ClaimKind::Institutional, true, "72") => "2420A",
        (ClaimKind::Institutional, true, "ZZ") => "2420B",
        (ClaimKind::Institutional, true, "82") => "2420C",
        (ClaimKind::Institutional, true, "DN") => "2420D",
        (_, false, _) => "2310",
        (_, true, _) => "2420",
    }
}

fn party(p: &Party, loop_id: &'static str, line: Option<&Text>, report: &mut Report<'_>) {
    if p.id_qualifier.as_ref().is_none_or(|q| q.as_str() != "XX") {
        return;
    }
    let Some(id) = p.id.as_ref() else {
        return;
    };
    if let Err(problem) = npi::check(id.as_str().as_bytes()) {
        let f = report.push(
            &RULE,
            Place::new(p.at, "NM1", 9, loop_id),
            format!(
                "NPI {} of {} {problem}",
                shown(id.as_str().as_bytes()),
                entity_name(p.entity.as_str())
            ),
        );
        f.service_line = line.map(|n| n.to_string());
    }
}

fn entity_name(entity: &str) -> String {
    let name = match entity {
        "85" => "the billing provider",
        "82" => "the rendering provider",
        "DN" => "the referring provider",
        "P3" => "the primary care provider",
        "71" => "the attending provider",
        "72" => "the operating provider",
        "ZZ" => "the other operating provider",
        "77" => "the service facility",
        "DQ" => "the supervising provider",
        "DK" => "the ordering provider",
        "QB" => "the purchased service provider",
        _ => return format!("NM1*{entity}"),
    };
    format!("{name} (NM1*{entity})")
}
