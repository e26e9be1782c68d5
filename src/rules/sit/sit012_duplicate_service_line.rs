//! SIT012 duplicate-service-line: no two lines of a claim bill the same
//! service on the same date.

use crate::diagnostic::{Related, Severity};
use crate::model::{Claim, ServiceLine};
use crate::rules::Rule;
use crate::rules::claim_checks::{Place, Report};

pub static RULE: Rule = Rule {
    code: "SIT012",
    name: "duplicate-service-line",
    severity: Severity::Warning,
    snip: Some(4),
    summary: "two lines of one claim with the same procedure, modifiers, service date and units",
    help: "bill repeated services on one line with the total units, or set the modifier (76, 77, 59, XU …) that says why they are distinct",
    doc: "\
## What it checks
No two service lines of one claim have the same procedure code (with
its qualifier and revenue code on an 837I), the same modifiers in the
same order, the same date of service (DTP*472) and the same units.

## Why it matters
Payers' duplicate edits deny the second of two identical lines (CARC
18, exact duplicate) or hold the whole claim for review. An identical
line is most often sent twice by mistake; a real repeat is billed with
more units on one line, or with a modifier that says the service was
repeated or distinct.

## Example
Two lines `SV1*HC:90837*150*UN*1***1~` with `DTP*472*D8*20260310~`.

## How to fix
Remove the duplicate line, or merge the two into one line with the sum
of the units and charges, or add the modifier that tells the services
apart (for example `76` repeat procedure by the same physician).
",
};

pub(crate) fn check(claim: &Claim, report: &mut Report<'_>) {
    // Claims have few lines (50 at most in an 837P, 999 in an 837I): a
    // pairwise comparison allocates nothing and stops at the code.
    for (i, line) in claim.lines.iter().enumerate() {
        let Some(first) = claim.lines[..i].iter().find(|o| same_service(o, line)) else {
            continue;
        };
        let code = line
            .procedure
            .as_ref()
            .and_then(|p| p.code.as_ref())
            .map_or("", |c| c.as_str());
        let number = |l: &ServiceLine| l.number.as_ref().map_or("?", |n| n.as_str()).to_string();
        let segment = if line.revenue_code.is_some() {
            "SV2"
        } else {
            "SV1"
        };
        let message = format!(
            "line {} repeats line {} (procedure {code}, same modifiers, service date and units)",
            number(line),
            number(first)
        );
        let f = report.push(
            &RULE,
            Place::new(line.service_at, segment, 0, "2400"),
            message,
        );
        f.service_line = line.number.as_ref().map(|t| t.to_string());
        f.related.push(Related {
            segment_index: first.service_at.segment_index,
            segment_id: segment.to_string(),
            line: first.service_at.line,
            byte_offset: first.service_at.byte_offset,
            byte_length: 0,
            note: "the first line with this service".to_string(),
            source: None,
        });
    }
}

/// Whether two lines bill the same service: procedure, modifiers,
/// revenue code, date of service and units. Lines without a procedure
/// code are never the same.
fn same_service(a: &ServiceLine, b: &ServiceLine) -> bool {
    let (Some(pa), Some(pb)) = (a.procedure.as_ref(), b.procedure.as_ref()) else {
        return false;
    };
    pa.code.is_some()
        && pa.code == pb.code
        && pa.qualifier == pb.qualifier
        && pa.modifiers == pb.modifiers
        && a.revenue_code == b.revenue_code
        && a.units.map(|u| u.value()) == b.units.map(|u| u.value())
        && service_date(a) == service_date(b)
}

fn service_date(l: &ServiceLine) -> Option<&str> {
    l.date("472")
        .and_then(|d| d.value.as_ref())
        .map(|v| v.as_str())
}
