//! The values without which a generated file cannot make a valid claim
//! or remittance: what `claimcheck generate` refuses to write without
//! (unless told to write incomplete documents). Each check names the
//! element and says what it is: `CLM02 (total charge) missing`.
//!
//! These are the values the guides require (usage R) that a document is
//! most likely to lack, plus the few situational ones every payer needs
//! (billing provider NPI, subscriber and payer ids, the REF*F8 of a
//! replacement claim). The guide rules of `claimcheck validate` remain
//! the full check.

use super::adjustment::Adjustment;
use super::claim::{BillingProvider, Claim, ClaimKind, ClaimTransaction, Patient, Subscriber};
use super::party::Party;
use super::remit::{ClaimPayment, RemittanceTransaction, ServicePayment};
use super::text::Text;

/// Where problems go.
pub(crate) type Report<'a> = &'a mut dyn FnMut(String);

fn need(report: Report<'_>, present: bool, what: &str) {
    if !present {
        report(format!("{what} missing"));
    }
}

fn has(v: &Option<Text>) -> bool {
    v.as_deref().is_some_and(|s| !s.is_empty())
}

/// A party's name and, when `id` names it, its id (NM108/NM109 or
/// N103/N104). Messages are built only for what is missing.
fn name_and_id(
    report: Report<'_>,
    p: &Party,
    loop_id: &str,
    who: &str,
    id: Option<&str>,
    n1: bool,
) {
    let (name, qual, num) = if n1 {
        ("N102", "N103", "N104")
    } else {
        ("NM103", "NM108", "NM109")
    };
    if !has(&p.name) {
        report(format!("{loop_id} {name} ({who} name) missing"));
    }
    if let Some(id) = id {
        if !has(&p.id) {
            report(format!("{loop_id} {num} ({who} {id}) missing"));
        } else if !has(&p.id_qualifier) {
            report(format!("{loop_id} {qual} ({who} id qualifier) missing"));
        }
    }
    if !n1 && !has(&p.entity_type) {
        report(format!("{loop_id} NM102 (entity type) missing"));
    }
}

/// The header of an 837 set: BHT, submitter, receiver.
pub(crate) fn claim_transaction(tx: &ClaimTransaction, report: Report<'_>) {
    match &tx.header {
        None => report("BHT (beginning of hierarchical transaction) missing".into()),
        Some(h) => {
            for (v, what) in [
                (&h.structure, "BHT01 (hierarchical structure code)"),
                (&h.purpose, "BHT02 (purpose code)"),
                (&h.reference, "BHT03 (originator's reference)"),
                (&h.date, "BHT04 (creation date)"),
                (&h.time, "BHT05 (creation time)"),
                (&h.claim_type, "BHT06 (claim or encounter identifier)"),
            ] {
                need(report, has(v), what);
            }
        }
    }
    match &tx.submitter {
        None => report("1000A submitter (NM1*41) missing".into()),
        Some(s) => {
            name_and_id(report, s, "1000A", "submitter", Some("id"), false);
            need(
                report,
                !s.contacts.is_empty(),
                "1000A PER (submitter contact)",
            );
        }
    }
    match &tx.receiver {
        None => report("1000B receiver (NM1*40) missing".into()),
        Some(r) => name_and_id(report, r, "1000B", "receiver", Some("id"), false),
    }
    if tx.claims.is_empty() {
        report("no claims".into());
    }
}

/// A billing provider level (2000A with 2010AA).
pub(crate) fn billing(b: &BillingProvider, report: Report<'_>) {
    let Some(p) = &b.provider else {
        report("2010AA billing provider (NM1*85) missing".into());
        return;
    };
    name_and_id(report, p, "2010AA", "billing provider", Some("NPI"), false);
    address(report, p, "2010AA", "billing provider");
    let tax_id = p
        .references
        .iter()
        .any(|r| r.qualifier == "EI" || r.qualifier == "SY");
    need(report, tax_id, "2010AA REF*EI (billing provider tax id)");
}

fn address(report: Report<'_>, p: &Party, loop_id: &str, who: &str) {
    let a = p.address.as_deref();
    let mut check = |present: bool, element: &str, what: &str| {
        if !present {
            report(format!("{loop_id} {element} ({who} {what}) missing"));
        }
    };
    check(a.is_some_and(|a| has(&a.line1)), "N301", "address");
    check(a.is_some_and(|a| has(&a.city)), "N401", "city");
    // State and ZIP code are required for addresses in the US (no N404).
    if a.is_none_or(|a| a.country.is_none()) {
        check(a.is_some_and(|a| has(&a.state)), "N402", "state");
        check(a.is_some_and(|a| has(&a.postal_code)), "N403", "ZIP code");
    }
}

/// A subscriber level (2000B with 2010BA and 2010BB).
pub(crate) fn subscriber(s: &Subscriber, report: Report<'_>) {
    match &s.policy {
        None => report("2000B SBR (subscriber information) missing".into()),
        Some(p) => need(
            report,
            has(&p.payer_responsibility),
            "2000B SBR01 (payer responsibility)",
        ),
    }
    match &s.member {
        None => report("2010BA subscriber (NM1*IL) missing".into()),
        Some(m) => name_and_id(report, m, "2010BA", "subscriber", Some("member id"), false),
    }
    match &s.payer {
        None => report("2010BB payer (NM1*PR) missing".into()),
        Some(p) => name_and_id(report, p, "2010BB", "payer", Some("id"), false),
    }
}

/// A patient level (2000C with 2010CA).
pub(crate) fn patient(p: &Patient, report: Report<'_>) {
    need(
        report,
        p.info.as_ref().is_some_and(|i| has(&i.relationship)),
        "2000C PAT01 (patient relationship)",
    );
    match &p.name {
        None => report("2010CA patient (NM1*QC) missing".into()),
        Some(n) => name_and_id(report, n, "2010CA", "patient", None, false),
    }
}

/// A claim (2300) and its lines (2400).
pub(crate) fn claim(kind: ClaimKind, c: &Claim, report: Report<'_>) {
    let professional = kind == ClaimKind::Professional;
    need(report, !c.id.is_empty(), "CLM01 (patient control number)");
    need(report, c.total_charge.is_some(), "CLM02 (total charge)");
    let facility = if professional {
        "CLM05-1 (place of service)"
    } else {
        "CLM05-1 (facility type code)"
    };
    need(report, has(&c.facility_code), facility);
    need(
        report,
        has(&c.facility_qualifier),
        "CLM05-2 (facility code qualifier)",
    );
    need(
        report,
        has(&c.frequency_code),
        "CLM05-3 (claim frequency code)",
    );
    if professional {
        need(
            report,
            has(&c.provider_signature),
            "CLM06 (provider signature indicator)",
        );
    }
    need(
        report,
        has(&c.assignment_participation),
        "CLM07 (assignment or plan participation code)",
    );
    need(
        report,
        has(&c.benefits_assignment),
        "CLM08 (benefits assignment indicator)",
    );
    need(
        report,
        has(&c.release_of_information),
        "CLM09 (release of information code)",
    );
    if matches!(c.frequency_code.as_deref(), Some("7" | "8")) {
        let f8 =
            c.original_claim_number.is_some() || c.references.iter().any(|r| r.qualifier == "F8");
        if !f8 {
            report(
                "REF*F8 (payer claim control number) missing: frequency code 7 or 8 needs it"
                    .into(),
            );
        }
    }
    let principal = c
        .health_codes
        .iter()
        .any(|h| matches!(h.qualifier.as_str(), "ABK" | "BK"))
        // An HI the model could not type still carries its codes.
        || c.other_segments.iter().any(|o| o.segment.id == "HI");
    need(report, principal, "HI ABK (principal diagnosis)");
    if !professional {
        need(
            report,
            c.admission.as_ref().is_some_and(|a| has(&a.patient_status)),
            "CL103 (patient status code)",
        );
        need(report, c.date("434").is_some(), "DTP*434 (statement dates)");
    }
    if c.lines.is_empty() {
        report("no service line (2400)".into());
    }
    for (n, l) in c.lines.iter().enumerate() {
        let mut line = |m: String| report(format!("line {}: {m}", n + 1));
        if professional {
            match &l.procedure {
                None => line("SV101 (procedure) missing".into()),
                Some(p) => {
                    need(
                        &mut line,
                        !p.qualifier.is_empty(),
                        "SV101-1 (procedure code qualifier)",
                    );
                    need(&mut line, has(&p.code), "SV101-2 (procedure code)");
                }
            }
            need(&mut line, l.charge.is_some(), "SV102 (line charge)");
            need(&mut line, has(&l.unit_basis), "SV103 (unit basis)");
            need(&mut line, l.units.is_some(), "SV104 (units)");
            need(
                &mut line,
                !l.diagnosis_pointers.is_empty(),
                "SV107 (diagnosis code pointer)",
            );
            need(&mut line, l.date("472").is_some(), "DTP*472 (service date)");
        } else {
            need(&mut line, has(&l.revenue_code), "SV201 (revenue code)");
            if let Some(p) = &l.procedure {
                need(
                    &mut line,
                    !p.qualifier.is_empty(),
                    "SV202-1 (procedure code qualifier)",
                );
                need(&mut line, has(&p.code), "SV202-2 (procedure code)");
            }
            need(&mut line, l.charge.is_some(), "SV203 (line charge)");
            need(&mut line, has(&l.unit_basis), "SV204 (unit basis)");
            need(&mut line, l.units.is_some(), "SV205 (units)");
        }
    }
}

/// The header of an 835 set: BPR, TRN, payer, payee.
pub(crate) fn remittance_transaction(tx: &RemittanceTransaction, report: Report<'_>) {
    match &tx.payment {
        None => report("BPR (financial information) missing".into()),
        Some(b) => {
            need(
                report,
                has(&b.handling_code),
                "BPR01 (transaction handling code)",
            );
            need(report, b.amount.is_some(), "BPR02 (total payment)");
            need(report, has(&b.credit_debit), "BPR03 (credit or debit flag)");
            need(report, has(&b.method), "BPR04 (payment method)");
            need(report, has(&b.date), "BPR16 (payment date)");
        }
    }
    match &tx.trace {
        None => report("TRN (reassociation trace number) missing".into()),
        Some(t) => {
            need(report, has(&t.trace_type), "TRN01 (trace type code)");
            need(report, has(&t.number), "TRN02 (check or EFT trace number)");
            need(report, has(&t.originator), "TRN03 (payer identifier)");
        }
    }
    match &tx.payer {
        None => report("1000A payer (N1*PR) missing".into()),
        Some(p) => name_and_id(report, p, "1000A", "payer", None, true),
    }
    match &tx.payee {
        None => report("1000B payee (N1*PE) missing".into()),
        Some(p) => name_and_id(report, p, "1000B", "payee", Some("id"), true),
    }
}

/// A claim payment (2100) and its service payments (2110).
pub(crate) fn claim_payment(c: &ClaimPayment, report: Report<'_>) {
    need(report, !c.id.is_empty(), "CLP01 (patient control number)");
    need(report, has(&c.status), "CLP02 (claim status code)");
    need(report, c.charge.is_some(), "CLP03 (total charge)");
    need(report, c.paid.is_some(), "CLP04 (payment amount)");
    need(
        report,
        has(&c.filing_indicator),
        "CLP06 (claim filing indicator)",
    );
    need(
        report,
        has(&c.payer_claim_control_number),
        "CLP07 (payer claim control number)",
    );
    need(report, c.patient.is_some(), "NM1*QC (patient name)");
    adjustments(report, &c.adjustments);
    for (n, s) in c.services.iter().enumerate() {
        let mut line = |m: String| report(format!("service {}: {m}", n + 1));
        service(&mut line, s);
    }
}

fn service(report: Report<'_>, s: &ServicePayment) {
    match &s.procedure {
        None => report("SVC01 (procedure) missing".into()),
        Some(p) => {
            need(
                report,
                !p.qualifier.is_empty(),
                "SVC01-1 (procedure code qualifier)",
            );
            need(report, has(&p.code), "SVC01-2 (procedure code)");
        }
    }
    need(report, s.charge.is_some(), "SVC02 (line charge)");
    need(report, s.paid.is_some(), "SVC03 (line payment)");
    adjustments(report, &s.adjustments);
}

fn adjustments(report: Report<'_>, list: &[Adjustment]) {
    for a in list {
        need(report, !a.group.is_empty(), "CAS01 (adjustment group code)");
        need(
            report,
            !a.reasons.is_empty(),
            "CAS02 (adjustment reason code)",
        );
        for r in &a.reasons {
            need(report, !r.carc.is_empty(), "CAS02 (adjustment reason code)");
            need(report, r.amount.is_some(), "CAS03 (adjustment amount)");
        }
    }
}
