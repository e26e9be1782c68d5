//! The typed model (`claimcheck::model`): every corpus file, fixture and
//! generated file parses without panicking, its JSON matches
//! `schemas/claim.schema.json` or `schemas/remittance.schema.json`, the
//! streamed JSON equals the serialized document and reads back into the
//! same model; and concrete values of small fixtures come out as written.

use crate::common;

use std::path::{Path, PathBuf};

use claimcheck::model::{
    ClaimPayment, Document, Element, JsonWriter, Parsed, ProblemKind, Transaction, claim_schema,
    parse_bytes, parse_reader, remittance_schema, stream_bytes,
};
use claimcheck::synth::{SynthOptions, write_835, write_837i, write_837p};
use common::{crate_dir, fixture};
use serde_json::Value;

/// Pretty JSON of a schema as it is kept on disk.
fn pretty(v: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(v).unwrap() + "\n"
}

/// `schemas/claim.schema.json` and `schemas/remittance.schema.json` are
/// generated from the types; `CLAIMCHECK_BLESS=1` rewrites them.
#[test]
fn schema_files_match_the_model_types() {
    for (name, schema) in [
        ("claim.schema.json", claim_schema()),
        ("remittance.schema.json", remittance_schema()),
    ] {
        let path = crate_dir().join("schemas").join(name);
        let want = pretty(&schema);
        if std::env::var_os("CLAIMCHECK_BLESS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{name} is out of date: run CLAIMCHECK_BLESS=1 cargo test --test suite model_parse"
        );
        let v: Value = serde_json::from_str(&have).unwrap();
        assert_eq!(
            v["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
    }
}

struct Validators {
    claim: jsonschema::Validator,
    remittance: jsonschema::Validator,
}

fn validators() -> Validators {
    let compile = |s: schemars::Schema| {
        jsonschema::validator_for(&serde_json::to_value(s).unwrap()).expect("the schema compiles")
    };
    Validators {
        claim: compile(claim_schema()),
        remittance: compile(remittance_schema()),
    }
}

/// The JSON `parse` streams for `input`.
fn streamed(input: &[u8]) -> Value {
    let mut w = JsonWriter::new(Vec::new());
    stream_bytes(input, &mut w).unwrap();
    let bytes = w.into_inner();
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&bytes)))
}

/// Parse `input` every way and check that the ways agree and that the
/// JSON matches the schema for the kinds in it.
fn check(name: &str, input: &[u8], v: &Validators) -> Parsed {
    let parsed = parse_bytes(input);
    let from_reader = parse_reader(input).unwrap();
    assert_eq!(parsed, from_reader, "{name}: bytes and reader differ");
    let json = streamed(input);
    let serialized = serde_json::to_value(&parsed.document).unwrap();
    assert_eq!(
        json, serialized,
        "{name}: streamed JSON differs from the document"
    );
    // The JSON reads back into the same model.
    let back: Document = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("{name}: JSON does not read back: {e}"));
    assert_eq!(back, parsed.document, "{name}: JSON round trip");
    let (claims, remits) = kinds(&parsed.document);
    let mut schemas = Vec::new();
    if claims || !remits {
        schemas.push(("claim", &v.claim));
    }
    if remits || !claims {
        schemas.push(("remittance", &v.remittance));
    }
    if claims && remits {
        return parsed;
    }
    for (which, validator) in schemas {
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .take(5)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name} vs {which} schema: {errors:#?}");
    }
    parsed
}

/// Whether the document has claim sets, remittance sets.
fn kinds(d: &Document) -> (bool, bool) {
    let mut out = (false, false);
    for t in transactions(d) {
        match t {
            Transaction::Claims(_) => out.0 = true,
            Transaction::Remittance(_) => out.1 = true,
            Transaction::Other(_) => {}
        }
    }
    out
}

fn transactions(d: &Document) -> impl Iterator<Item = &Transaction> {
    d.interchanges
        .iter()
        .flat_map(|i| &i.groups)
        .flat_map(|g| &g.transactions)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walk(dir);
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let p = e.path();
            if p.is_dir() { walk(&p) } else { vec![p] }
        })
        .collect()
}

#[test]
fn every_corpus_file_parses_and_matches_its_schema() {
    let dir = common::corpus_dir();
    if !dir.is_dir() {
        eprintln!("no corpus at {}: skipped", dir.display());
        return;
    }
    let v = validators();
    let files: Vec<PathBuf> = files_under(&dir)
        .into_iter()
        .filter(|p| !p.ends_with("PROVENANCE.md"))
        .collect();
    assert!(files.len() >= 61, "{} corpus files", files.len());
    let mut claims = 0;
    let mut payments = 0;
    for path in &files {
        let name = common::corpus_name(path);
        let parsed = check(&name, &std::fs::read(path).unwrap(), &v);
        for t in transactions(&parsed.document) {
            match t {
                Transaction::Claims(c) => claims += c.claims.len(),
                Transaction::Remittance(r) => payments += r.claims.len(),
                Transaction::Other(_) => {}
            }
        }
    }
    // Every 837 and 835 of the corpus yields its claims.
    assert!(claims > 80, "{claims} claims");
    assert!(payments > 60, "{payments} claim payments");
}

#[test]
fn every_fixture_parses_and_matches_its_schema() {
    let v = validators();
    let files = files_under(&crate_dir().join("fixtures"));
    assert!(files.len() > 40);
    for path in files {
        let name = path
            .strip_prefix(crate_dir())
            .unwrap()
            .display()
            .to_string();
        let parsed = check(&name, &std::fs::read(&path).unwrap(), &v);
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("ok_"))
            && !name.contains("two_interchanges")
        {
            let damage: Vec<_> = parsed
                .problems
                .iter()
                .filter(|p| p.kind.is_damage())
                .collect();
            assert!(damage.is_empty(), "{name}: {damage:?}");
        }
    }
}

/// Generated files are read entirely into typed fields: no problem, no
/// segment kept raw, no element left over, and the counts the generator
/// reports.
#[test]
fn generated_files_parse_completely() {
    let v = validators();
    let opts = SynthOptions {
        seed: 11,
        target_bytes: 300_000,
        claims_per_transaction: 100,
        transactions_per_group: 3,
        ..SynthOptions::default()
    };
    type Writer = fn(&SynthOptions, &mut Vec<u8>) -> std::io::Result<claimcheck::synth::SynthStats>;
    let writers: [(&str, Writer); 3] = [
        ("837p", |o, w| write_837p(o, w)),
        ("837i", |o, w| write_837i(o, w)),
        ("835", |o, w| write_835(o, w)),
    ];
    for (kind, write) in writers {
        let mut bytes = Vec::new();
        let stats = write(&opts, &mut bytes).unwrap();
        let parsed = check(kind, &bytes, &v);
        assert!(parsed.problems.is_empty(), "{kind}: {:?}", parsed.problems);
        let json = serde_json::to_string(&parsed.document).unwrap();
        assert!(
            !json.contains("other_segments"),
            "{kind}: a segment kept raw"
        );
        assert!(!json.contains("\"extra\""), "{kind}: an element left over");
        let (mut claims, mut lines) = (0, 0);
        for t in transactions(&parsed.document) {
            match t {
                Transaction::Claims(c) => {
                    claims += c.claims.len() as u64;
                    lines += c.claims.iter().map(|c| c.lines.len() as u64).sum::<u64>();
                }
                Transaction::Remittance(r) => {
                    claims += r.claims.len() as u64;
                    lines += r
                        .claims
                        .iter()
                        .map(|c| c.services.len() as u64)
                        .sum::<u64>();
                }
                Transaction::Other(_) => panic!("{kind}: untyped set"),
            }
        }
        assert_eq!(
            (claims, lines),
            (stats.claims, stats.service_lines),
            "{kind}"
        );
    }
}

/// Inputs that are not X12, or X12 cut anywhere: no panic, and the parse
/// says what it skipped.
#[test]
fn damaged_and_foreign_inputs_never_panic() {
    let v = validators();
    for input in [
        &b""[..],
        b"hello world",
        b"\xEF\xBB\xBF",
        b"ISA*00",
        b"ISA*00*          *00*          *ZZ*A              *ZZ*B              *260101*1200*^*00501*000000001*0*T*:~ST*837~CLM*1~",
        b"ISA*00*          *00*          *ZZ*A              *ZZ*B              *260101*1200*^*00501*000000001*0*T*:~GS*HC*A*B*20260101*1200*1*X*005010X222A1~ST*837*1*005010X222A1~HL*1**20*1~CLM*X*12.5.0~SE*9*1~IEA*1*000000001~GE*1*1~",
    ] {
        let parsed = check("inline", input, &v);
        assert!(parsed.damaged(), "{:?}", String::from_utf8_lossy(input));
    }
    let parsed = parse_bytes(b"not x12 at all");
    assert_eq!(parsed.problems[0].kind, ProblemKind::NotX12);
    // Every prefix of a rich fixture at a few cut points.
    for rel in [
        "model/ok_rich_837p.x12",
        "model/ok_rich_835.x12",
        "env/ok_837p.x12",
    ] {
        let bytes = std::fs::read(fixture(rel)).unwrap();
        for cut in (0..bytes.len()).step_by(37) {
            check(&format!("{rel}[..{cut}]"), &bytes[..cut], &v);
        }
    }
}

fn only_transaction(d: &Document) -> &Transaction {
    let mut all = transactions(d);
    let t = all.next().expect("one set");
    assert!(all.next().is_none());
    t
}

fn parsed_fixture(rel: &str) -> Parsed {
    let parsed = parse_bytes(&std::fs::read(fixture(rel)).unwrap());
    assert!(parsed.problems.is_empty(), "{rel}: {:?}", parsed.problems);
    parsed
}

#[test]
fn professional_claim_values_come_out_as_written() {
    let parsed = parsed_fixture("model/ok_rich_837p.x12");
    let d = &parsed.document;
    assert_eq!(d.kind.as_deref(), Some("837P"));
    let i = &d.interchanges[0];
    assert_eq!(i.sender_id, "CLAIMCHECKSUB  ");
    assert_eq!(i.control_number, "000000201");
    assert_eq!(i.usage, "T");
    assert_eq!(i.delimiters.component, ":");
    assert_eq!(i.groups[0].version, "005010X222A1");
    let Transaction::Claims(t) = only_transaction(d) else {
        panic!("an 837 set")
    };
    assert_eq!(
        t.header.as_ref().unwrap().reference.as_deref(),
        Some("BATCH0201")
    );
    assert_eq!(t.submitter.as_ref().unwrap().id.as_deref(), Some("CCSUB01"));
    assert_eq!(t.claims.len(), 1);
    let c = &t.claims[0];
    assert_eq!(c.id, "CC-0002");
    assert_eq!(c.total_charge.unwrap().to_string(), "250.00");
    assert_eq!(
        (
            c.facility_code.as_deref(),
            c.facility_qualifier.as_deref(),
            c.frequency_code.as_deref()
        ),
        (Some("11"), Some("B"), Some("7"))
    );
    assert_eq!(c.prior_authorization.as_deref(), Some("PA778899"));
    assert_eq!(c.original_claim_number.as_deref(), Some("PAYER0001"));
    assert_eq!(c.references[0].qualifier, "EA");
    let dx: Vec<&str> = c.diagnosis_codes().map(|t| t.as_str()).collect();
    assert_eq!(dx, ["F331", "F411", "Z636"]);
    assert_eq!(c.health_codes[0].qualifier, "ABK");
    assert!(c.hi_layout.is_empty());
    assert_eq!(c.date("431").unwrap().value.as_deref(), Some("20260301"));
    assert_eq!(c.attachments[0].id.as_deref(), Some("ATT0002"));
    assert_eq!(c.notes[0].text.as_deref(), Some("FOLLOW UP VISIT"));
    // The K3 has no typed field: kept whole, where it stood.
    assert_eq!(c.other_segments.len(), 1);
    let k3 = &c.other_segments[0];
    assert_eq!(
        (k3.loop_id.as_deref(), k3.index, k3.segment.id.as_str()),
        (Some("2300"), 6, "K3")
    );
    assert_eq!(k3.segment.elements, [Element::Text("STATE DATA 01".into())]);
    // Context levels, shared and with their HL ids.
    let b = c.billing_provider.as_ref().unwrap();
    assert_eq!(b.hl.as_deref(), Some("1"));
    assert_eq!(
        b.provider.as_ref().unwrap().id.as_deref(),
        Some("1234567893")
    );
    assert_eq!(
        b.pay_to
            .as_ref()
            .unwrap()
            .address
            .as_ref()
            .unwrap()
            .line1
            .as_deref(),
        Some("PO BOX 77")
    );
    let s = c.subscriber.as_ref().unwrap();
    assert_eq!(s.member.as_ref().unwrap().id.as_deref(), Some("SYN000002"));
    assert_eq!(
        s.policy.as_ref().unwrap().filing_indicator.as_deref(),
        Some("MC")
    );
    assert_eq!(s.payer.as_ref().unwrap().id.as_deref(), Some("SKMA1"));
    let p = c.patient.as_ref().unwrap();
    assert_eq!(p.hl.as_deref(), Some("3"));
    assert_eq!(p.info.as_ref().unwrap().relationship.as_deref(), Some("19"));
    assert_eq!(
        p.name.as_ref().unwrap().first_name.as_deref(),
        Some("RILEY")
    );
    assert_eq!(
        c.providers.rendering.as_ref().unwrap().id.as_deref(),
        Some("1245319599")
    );
    // Other payer (COB).
    let cob = &c.other_subscribers[0];
    assert_eq!(
        cob.policy.as_ref().unwrap().payer_responsibility.as_deref(),
        Some("S")
    );
    assert_eq!(cob.payer.as_ref().unwrap().id.as_deref(), Some("OTH01"));
    assert_eq!(cob.amounts[0].amount.unwrap().to_string(), "160.00");
    assert_eq!(cob.adjustments[0].reasons[0].carc, "45");
    // Lines.
    let l1 = &c.lines[0];
    let proc1 = l1.procedure.as_ref().unwrap();
    assert_eq!(
        (proc1.qualifier.as_str(), proc1.code.as_deref()),
        ("HC", Some("90837"))
    );
    assert_eq!(proc1.modifiers, ["HF", "95"]);
    assert_eq!(l1.charge.unwrap().to_string(), "150.00");
    assert_eq!(l1.unit_basis.as_deref(), Some("UN"));
    assert_eq!(l1.units.unwrap().to_string(), "1");
    assert_eq!(l1.diagnosis_pointers, ["1", "2"]);
    assert_eq!(l1.control_number.as_deref(), Some("CC-0002-1"));
    assert_eq!(l1.date("472").unwrap().value.as_deref(), Some("20260310"));
    assert_eq!(
        l1.providers.rendering.as_ref().unwrap().name.as_deref(),
        Some("ASHGROVE")
    );
    assert_eq!(l1.adjudications[0].paid.unwrap().to_string(), "120.00");
    let l2 = &c.lines[1];
    let drug = l2.drug.as_ref().unwrap();
    assert_eq!(drug.ndc.as_deref(), Some("00000000001"));
    assert_eq!(drug.quantity.unwrap().to_string(), "2");
    assert_eq!(l2.adjudications[0].adjustments[0].group, "PR");
}

#[test]
fn institutional_claim_values_come_out_as_written() {
    let parsed = parsed_fixture("model/ok_rich_837i.x12");
    let Transaction::Claims(t) = only_transaction(&parsed.document) else {
        panic!("an 837 set")
    };
    let c = &t.claims[0];
    assert_eq!(c.total_charge.unwrap().to_string(), "1375.50");
    assert_eq!(c.facility_qualifier.as_deref(), Some("A"));
    let statement = c.date("434").unwrap();
    assert_eq!(
        (statement.format.as_deref(), statement.value.as_deref()),
        (Some("RD8"), Some("20260301-20260305"))
    );
    assert_eq!(
        c.date("435").unwrap().value.as_deref(),
        Some("202603010830")
    );
    let a = c.admission.as_ref().unwrap();
    assert_eq!(a.patient_status.as_deref(), Some("01"));
    let q: Vec<&str> = c
        .health_codes
        .iter()
        .map(|h| h.qualifier.as_str())
        .collect();
    assert_eq!(q, ["ABK", "ABJ", "APR", "ABF", "ABF", "BH", "BE", "BG"]);
    assert_eq!(c.health_codes[6].amount.unwrap().to_string(), "4");
    assert!(c.hi_layout.is_empty(), "{:?}", c.hi_layout);
    assert_eq!(
        c.providers
            .attending
            .as_ref()
            .unwrap()
            .specialty
            .as_ref()
            .unwrap()
            .taxonomy
            .as_deref(),
        Some("2084P0800X")
    );
    let l = &c.lines[0];
    assert_eq!(l.revenue_code.as_deref(), Some("0128"));
    assert_eq!(l.procedure.as_ref().unwrap().code.as_deref(), Some("H0017"));
    assert_eq!(
        (l.unit_basis.as_deref(), l.units.unwrap().to_string()),
        (Some("DA"), "4".into())
    );
    assert_eq!(c.lines[1].charge.unwrap().to_string(), "175.50");
}

fn payment<'a>(payments: &'a [ClaimPayment], id: &str) -> &'a ClaimPayment {
    payments.iter().find(|p| p.id == id).unwrap()
}

#[test]
fn remittance_values_come_out_as_written() {
    let parsed = parsed_fixture("model/ok_rich_835.x12");
    assert_eq!(parsed.document.kind.as_deref(), Some("835"));
    let Transaction::Remittance(t) = only_transaction(&parsed.document) else {
        panic!("an 835 set")
    };
    let bpr = t.payment.as_ref().unwrap();
    assert_eq!(bpr.amount.unwrap().to_string(), "152.50");
    assert_eq!(
        (
            bpr.credit_debit.as_deref(),
            bpr.method.as_deref(),
            bpr.date.as_deref()
        ),
        (Some("C"), Some("ACH"), Some("20260415"))
    );
    assert_eq!(t.trace.as_ref().unwrap().number.as_deref(), Some("EFT0002"));
    assert_eq!(t.payer.as_ref().unwrap().contacts.len(), 2);
    assert_eq!(
        t.payee
            .as_ref()
            .unwrap()
            .reference("TJ")
            .map(|r| r.as_str()),
        Some("990000001")
    );
    assert_eq!(t.claims.len(), 3);
    let c = payment(&t.claims, "CC-0002");
    assert_eq!(
        c.header_number.as_ref().unwrap().number.as_deref(),
        Some("1")
    );
    assert_eq!(c.status.as_deref(), Some("1"));
    assert_eq!(
        [c.charge, c.paid, c.patient_responsibility].map(|a| a.unwrap().to_string()),
        ["250.00", "130.00", "40.00"]
    );
    assert_eq!(c.payer_claim_control_number.as_deref(), Some("PAYER0002"));
    assert_eq!(c.adjustments[0].group, "PR");
    assert_eq!(
        c.patient.as_ref().unwrap().first_name.as_deref(),
        Some("RILEY")
    );
    let remarks: Vec<&str> = c.remarks().map(|r| r.as_str()).collect();
    assert_eq!(remarks, ["MA01", "N20"]);
    let s = &c.services[0];
    let p = s.procedure.as_ref().unwrap();
    assert_eq!(
        (p.code.as_deref(), p.modifiers.clone()),
        (Some("90837"), vec!["HF".into(), "95".into()])
    );
    let original = s.original_procedure.as_ref().unwrap();
    assert_eq!(original.code.as_deref(), Some("90838"));
    assert_eq!(s.original_units.unwrap().to_string(), "2");
    assert_eq!(
        [s.charge, s.paid].map(|a| a.unwrap().to_string()),
        ["150.00", "120.00"]
    );
    let first = &s.adjustments[0];
    assert_eq!(first.group, "CO");
    assert_eq!(first.reasons[0].carc, "45");
    assert_eq!(first.reasons[0].amount.unwrap().to_string(), "20.00");
    assert_eq!(first.reasons[0].quantity.unwrap().to_string(), "1");
    assert_eq!(s.control_number.as_deref(), Some("CC-0002-1"));
    assert_eq!(s.remarks[0].code.as_deref(), Some("N130"));
    assert_eq!(s.amounts[0].amount.unwrap().to_string(), "130.00");
    let reversal = payment(&t.claims, "CC-0001");
    assert_eq!(reversal.status.as_deref(), Some("22"));
    assert_eq!(reversal.paid.unwrap().to_string(), "-50.00");
    assert_eq!(reversal.services[0].units.unwrap().to_string(), "-4");
    let denied = payment(&t.claims, "CC-0004");
    assert_eq!(denied.paid.unwrap().to_string(), "0");
    assert_eq!(denied.services[0].remarks[0].code.as_deref(), Some("M127"));
    let plb = &t.provider_adjustments[0];
    assert_eq!(plb.provider_id.as_deref(), Some("1234567893"));
    assert_eq!(plb.fiscal_period_date.as_deref(), Some("20261231"));
    let items: Vec<(String, Option<String>, String)> = plb
        .adjustments
        .iter()
        .map(|a| {
            (
                a.reason.to_string(),
                a.reference.as_ref().map(|r| r.to_string()),
                a.amount.unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("WO".into(), Some("PAYERCTL0009".into()), "-75.00".into()),
            ("L6".into(), None, "2.50".into())
        ]
    );
}

/// A value a typed field cannot hold exactly (a charge written `12.5.0`,
/// a CLM element the guide does not use) is kept in `extra`, by element
/// reference.
#[test]
fn values_outside_the_typed_form_are_kept_in_extra() {
    let text = std::fs::read_to_string(fixture("env/ok_837p.x12"))
        .unwrap()
        .replace(
            "CLM*CC-0001*100***11:B:1*Y*A*Y*Y~",
            "CLM*CC-0001*100.***11:B:1*Y*A*Y*Y****X~",
        );
    let parsed = parse_bytes(text.as_bytes());
    let Transaction::Claims(t) = only_transaction(&parsed.document) else {
        panic!()
    };
    let c = &t.claims[0];
    assert_eq!(c.total_charge, None);
    assert_eq!(c.extra.get("CLM02"), Some(&Element::Text("100.".into())));
    assert_eq!(c.extra.get("CLM13"), Some(&Element::Text("X".into())));
    assert_eq!(c.frequency_code.as_deref(), Some("1"));
}

/// An HI whose later composite is not in the typed form is kept whole:
/// none of its composites becomes a health code, the HI before it does.
#[test]
fn an_hi_with_an_untyped_composite_is_kept_whole() {
    let text = std::fs::read_to_string(fixture("env/ok_837p.x12"))
        .unwrap()
        .replace("HI*ABK:F331~", "HI*ABK:F331~HI*ABF:Z6372*BE:80:::4.5.6~");
    let parsed = parse_bytes(text.as_bytes());
    let Transaction::Claims(t) = only_transaction(&parsed.document) else {
        panic!()
    };
    let c = &t.claims[0];
    let codes: Vec<&str> = c
        .health_codes
        .iter()
        .filter_map(|h| h.code.as_deref())
        .collect();
    assert_eq!(codes, ["F331"]);
    let kept: Vec<&str> = c
        .other_segments
        .iter()
        .map(|o| o.segment.id.as_str())
        .collect();
    assert_eq!(kept, ["HI"]);
}

/// Claims stream one at a time: the sink sees each claim before the set
/// ends.
#[test]
fn claims_are_handed_out_one_at_a_time() {
    struct Order(Vec<String>);
    impl claimcheck::model::ModelSink for Order {
        fn transaction_start(
            &mut self,
            _: claimcheck::model::TransactionRef<'_>,
        ) -> std::io::Result<()> {
            self.0.push("start".into());
            Ok(())
        }
        fn claim(&mut self, c: claimcheck::model::Claim) -> std::io::Result<()> {
            self.0.push(c.id.to_string());
            Ok(())
        }
        fn transaction_end(&mut self, _: Transaction) -> std::io::Result<()> {
            self.0.push("end".into());
            Ok(())
        }
    }
    let mut bytes = Vec::new();
    let opts = SynthOptions {
        seed: 3,
        target_bytes: 2_000,
        claims_per_transaction: 2,
        ..SynthOptions::default()
    };
    write_837p(&opts, &mut bytes).unwrap();
    let mut order = Order(Vec::new());
    stream_bytes(&bytes, &mut order).unwrap();
    assert_eq!(order.0.first().map(String::as_str), Some("start"));
    assert_eq!(
        order.0.iter().filter(|s| *s == "start").count(),
        order.0.iter().filter(|s| *s == "end").count()
    );
    assert!(order.0.len() > 3, "{:?}", order.0);
}

/// A sink that reads no addresses gets parties without N3, N4 and PER,
/// and those segments are not kept as other segments either; every other
/// part of the claim is the same as for a sink that reads them.
#[test]
fn a_sink_that_reads_no_addresses_gets_claims_without_them() {
    struct Claims {
        addresses: bool,
        claims: Vec<claimcheck::model::Claim>,
    }
    impl claimcheck::model::ModelSink for Claims {
        fn claim(&mut self, c: claimcheck::model::Claim) -> std::io::Result<()> {
            self.claims.push(c);
            Ok(())
        }
        fn reads_addresses(&self) -> bool {
            self.addresses
        }
    }
    let bytes = std::fs::read(fixture("sit/SIT002_same_claim_id_twice.x12")).unwrap();
    let parse = |addresses| {
        let mut sink = Claims {
            addresses,
            claims: Vec::new(),
        };
        stream_bytes(&bytes, &mut sink).unwrap();
        sink.claims
    };
    let (full, lean) = (parse(true), parse(false));
    assert_eq!(full.len(), 2);
    let member = |c: &claimcheck::model::Claim| {
        c.subscriber
            .as_ref()
            .and_then(|s| s.member.clone())
            .expect("2010BA")
    };
    let billing = |c: &claimcheck::model::Claim| {
        c.billing_provider
            .as_ref()
            .and_then(|b| b.provider.clone())
            .expect("2010AA")
    };
    assert_eq!(
        member(&full[0]).address.map(|a| a.city),
        Some(Some("BOSTON".into()))
    );
    assert!(billing(&full[0]).address.is_some());
    for c in &lean {
        assert_eq!(member(c).address, None);
        assert_eq!(billing(c).address, None);
        assert!(member(c).other_segments.is_empty());
        assert!(billing(c).other_segments.is_empty());
    }
    // Without the addresses, the claims are the same.
    let strip = |mut c: claimcheck::model::Claim| {
        if let Some(s) = c.subscriber.as_mut()
            && let Some(m) = std::sync::Arc::make_mut(s).member.as_mut()
        {
            m.address = None;
        }
        if let Some(b) = c.billing_provider.as_mut()
            && let Some(p) = std::sync::Arc::make_mut(b).provider.as_mut()
        {
            p.address = None;
        }
        c
    };
    assert_eq!(
        full.into_iter().map(strip).collect::<Vec<_>>(),
        lean.into_iter().map(strip).collect::<Vec<_>>()
    );
}

/// A sink that borrows claims is lent each one and the builder reuses its
/// storage, and that of the levels nothing else holds, for the next: it
/// must see exactly the claims a sink that keeps them gets, with nothing
/// of one claim left in the next (lines, dates, diagnosis pointers,
/// modifiers, providers, subscribers and patients vary from claim to claim
/// in generated files).
#[test]
fn a_sink_that_borrows_claims_sees_the_same_claims_as_one_that_takes_them() {
    use claimcheck::model::Claim;
    /// Keeps the claims it is given: their levels stay held, so nothing
    /// is reused.
    #[derive(Default)]
    struct Keeps(Vec<Claim>);
    impl claimcheck::model::ModelSink for Keeps {
        fn claim(&mut self, c: Claim) -> std::io::Result<()> {
            self.0.push(c);
            Ok(())
        }
    }
    /// Keeps each lent claim's debug form only (every field, positions
    /// included), so that the builder may reuse everything.
    #[derive(Default)]
    struct Borrows(Vec<String>);
    impl claimcheck::model::ModelSink for Borrows {
        fn claim(&mut self, _: Claim) -> std::io::Result<()> {
            panic!("a borrowing sink is lent its claims");
        }
        fn claim_ref(&mut self, c: &Claim) -> std::io::Result<()> {
            self.0.push(format!("{c:?}"));
            Ok(())
        }
        fn borrows_claims(&self) -> bool {
            true
        }
    }
    let opts = SynthOptions {
        seed: 5,
        target_bytes: 200_000,
        ..SynthOptions::default()
    };
    let (mut p, mut i) = (Vec::new(), Vec::new());
    write_837p(&opts, &mut p).unwrap();
    write_837i(&opts, &mut i).unwrap();
    let cob = std::fs::read(fixture("bal/ok_837p_cob_two_lines.x12")).unwrap();
    for bytes in [p, i, cob] {
        let (mut kept, mut lent) = (Keeps::default(), Borrows::default());
        stream_bytes(&bytes, &mut kept).unwrap();
        stream_bytes(&bytes, &mut lent).unwrap();
        assert!(!kept.0.is_empty());
        let kept: Vec<String> = kept.0.iter().map(|c| format!("{c:?}")).collect();
        assert_eq!(kept, lent.0);
    }
}
