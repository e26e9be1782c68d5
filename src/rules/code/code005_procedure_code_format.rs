//! CODE005 procedure-code-format: a HCPCS/CPT procedure code (qualifier
//! HC) has the shape of a CPT or HCPCS Level II code.

use crate::codesets::procedure;
use crate::diagnostic::Severity;
use crate::model::{Claim, ClaimKind};
use crate::rules::claim_checks::Report;
use crate::rules::{Rule, shown};

pub static RULE: Rule = Rule {
    code: "CODE005",
    name: "procedure-code-format",
    severity: Severity::Error,
    snip: Some(5),
    summary: "a procedure code with qualifier HC (SV101-02, SV202-02) is neither a CPT nor a HCPCS Level II code",
    help: "CPT codes are 5 digits (or 4 digits and F, T, U or M); HCPCS Level II codes are a letter A-V and 4 digits",
    doc: "\
## What it checks
Every service line procedure with qualifier `HC` (SV101 in an 837P,
SV202 in an 837I) has the shape of a CPT code (5 digits: `90837`;
Category II `1036F`, Category III `0591T`, PLA `0001U`, MAAA `0002M`)
or a HCPCS Level II code (a letter `A`–`V` and 4 digits: `H0004`,
`T1017`). CPT is the AMA's and is checked by shape only; HCPCS Level II
is checked against a list only when one is loaded.

## Why it matters
A code of another shape cannot be priced: payers reject the line (or the
claim) at the front end. Typical causes are a modifier or unit glued to
the code, lower case, a revenue code in the procedure field, or a local
code (W–Z) retired under HIPAA.

## Example
`SV1*HC:9083*150*UN*1***1~` (4 digits).

## How to fix
Bill the complete code in upper case; put modifiers in SV101-03 to -06.
",
};

pub(crate) fn check(claim: &Claim, kind: ClaimKind, report: &mut Report<'_>) {
    for (line, code, place) in super::hc_procedures(claim, kind) {
        if procedure::procedure_kind(code).is_some() {
            continue;
        }
        let f = report.push(
            &RULE,
            place,
            format!(
                "procedure code {} is neither a CPT code (5 digits, or 4 digits and F, T, U or M) nor a HCPCS Level II code (a letter A-V and 4 digits)",
                shown(code)
            ),
        );
        f.service_line = line.number.as_ref().map(|n| n.to_string());
    }
}
