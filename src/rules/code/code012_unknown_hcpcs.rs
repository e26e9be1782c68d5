//! CODE012 unknown-hcpcs: with a HCPCS Level II file loaded, every HCPCS
//! Level II procedure code of an 837 service line is in it.

use crate::codesets::procedure::{ProcedureKind, procedure_kind};
use crate::diagnostic::Severity;
use crate::model::{Claim, ClaimKind};
use crate::rules::claim_checks::Report;
use crate::rules::{Rule, shown};

pub static RULE: Rule = Rule {
    code: "CODE012",
    name: "unknown-hcpcs",
    severity: Severity::Error,
    snip: Some(5),
    summary: "a HCPCS Level II procedure code (SV101-02, SV202-02) is not in the loaded HCPCS file",
    help: "bill a code of the current HCPCS Level II file (CMS updates it quarterly), or load the file of the service dates' year",
    doc: "\
## What it checks
Runs only when a HCPCS Level II file is loaded (`--codes
hcpcs=HCPC2026_JAN_ANWEB.txt`, or `codes.hcpcs` in claimcheck.toml).
Then every service line procedure with qualifier `HC` (SV101 in an
837P, SV202 in an 837I) whose code has the HCPCS Level II shape (a
letter `A`–`V` and 4 digits: `H0004`, `T1017`) must be one of the file's
codes. CPT codes (5 digits, or 4 digits and `F`, `T`, `U` or `M`) are
the AMA's, not in the HCPCS file, and are not checked here; codes of no
known shape are CODE005's.

## Why it matters
A HCPCS code that does not exist, or was deleted, cannot be priced: the
payer rejects the line (CARC 181, procedure code invalid on the date of
service). Behavioral-health H and T codes change with the annual file.

## Example
`SV1*HC:H0005*60*UN*4***1~` when the loaded file lists no H0005.

## How to fix
Bill the code as the current HCPCS file lists it, or its replacement
when it was deleted; load the file of the year of the dates of service.
",
};

pub(crate) fn check(claim: &Claim, kind: ClaimKind, report: &mut Report<'_>) {
    let Some(hcpcs) = report.codes().hcpcs.as_ref() else {
        return;
    };
    for (line, code, place) in super::hc_procedures(claim, kind) {
        if procedure_kind(code) != Some(ProcedureKind::HcpcsLevelII) || hcpcs.codes.contains(code) {
            continue;
        }
        let f = report.push(
            &RULE,
            place,
            format!(
                "procedure code {} is not in the loaded HCPCS Level II file",
                shown(code)
            ),
        );
        f.service_line = line.number.as_ref().map(|n| n.to_string());
    }
}
