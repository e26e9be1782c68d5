//! A flat CSV of service lines -> a [`Document`] for [`super::generate`]:
//! one row per service line (837P, 837I) or service payment (835), rows
//! grouped into claims by `claim_id` in order of first appearance.
//!
//! Columns are named in a header row (any order, case and surrounding
//! spaces ignored); README lists them. A claim-level column is read from
//! the claim's rows: empty on later rows, or the same value. Rows are
//! counted as a spreadsheet counts them: the header is row 1. Every
//! problem is reported with its row and column; nothing is guessed.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::adjustment::{Adjustment, AdjustmentReason};
use super::amount::Amount;
use super::claim::{
    Admission, BeginHierarchy, BillingProvider, Claim, ClaimKind, ClaimTransaction, HealthCode,
    Patient, PatientInfo, Policy, ServiceLine, Subscriber,
};
use super::common::{AmountRef, Contact, ContactNumber, DateRef, DateTime, Procedure, Ref, Remark};
use super::envelope::{Delimiters, Document, Group, Interchange, Transaction};
use super::generate::GenerateOptions;
use super::party::{Address, Demographics, Party, ProviderInfo};
use super::raw::Extra;
use super::remit::{ClaimPayment, Payment, RemittanceTransaction, ServicePayment, Trace};
use super::text::Text;
use super::write_out::GenerateProblem;

/// What a CSV of lines becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvKind {
    /// 837P (005010X222A1): one row per SV1 line.
    Professional,
    /// 837I (005010X223A2): one row per SV2 line.
    Institutional,
    /// 835 (005010X221A1): one row per SVC service payment.
    Remittance,
}

const P: u8 = 1;
const I: u8 = 2;
const R: u8 = 4;
const C: u8 = P | I;

/// Every column and the kinds that have it (README says which are
/// file-, claim- and line-level).
const COLUMNS: &[(&str, u8)] = &[
    // 837: submitter and receiver (1000A, 1000B).
    ("submitter_name", C),
    ("submitter_id", C),
    ("submitter_contact_name", C),
    ("submitter_phone", C),
    ("receiver_name", C),
    ("receiver_id", C),
    // 835: payer (1000A), payee (1000B), payment (BPR, TRN).
    ("payer_tax_id", R),
    ("payer_address", R),
    ("payer_city", R),
    ("payer_state", R),
    ("payer_zip", R),
    ("payer_phone", R),
    ("payee_name", R),
    ("payee_npi", R),
    ("payee_tax_id", R),
    ("payment_method", R),
    ("payment_date", R),
    ("trace_number", R),
    ("production_date", R),
    // Both: the payer (837: per claim; 835: per file).
    ("payer_name", C | R),
    ("payer_id", C | R),
    // 837 claim level.
    ("claim_id", C | R),
    ("billing_npi", C),
    ("billing_name", C),
    ("billing_tax_id", C),
    ("billing_address", C),
    ("billing_address2", C),
    ("billing_city", C),
    ("billing_state", C),
    ("billing_zip", C),
    ("billing_taxonomy", C),
    ("subscriber_id", C),
    ("subscriber_last_name", C),
    ("subscriber_first_name", C),
    ("subscriber_birth_date", C),
    ("subscriber_gender", C),
    ("subscriber_address", C),
    ("subscriber_city", C),
    ("subscriber_state", C),
    ("subscriber_zip", C),
    ("group_number", C),
    ("payer_responsibility", C),
    ("filing_indicator", C | R),
    ("patient_last_name", C | R),
    ("patient_first_name", C | R),
    ("patient_birth_date", C),
    ("patient_gender", C),
    ("patient_relationship", C),
    ("patient_address", C),
    ("patient_city", C),
    ("patient_state", C),
    ("patient_zip", C),
    ("place_of_service", P),
    ("facility_type", I),
    ("frequency_code", C | R),
    ("provider_signature", P),
    ("assignment", C),
    ("benefits_assignment", C),
    ("release_of_information", C),
    ("diagnosis_codes", C),
    ("prior_authorization", C),
    ("referral_number", C),
    ("original_claim_number", C),
    ("rendering_npi", C),
    ("rendering_last_name", C),
    ("rendering_first_name", C),
    ("rendering_taxonomy", P),
    ("attending_npi", I),
    ("attending_last_name", I),
    ("attending_first_name", I),
    ("attending_taxonomy", I),
    ("admission_type", I),
    ("admission_source", I),
    ("patient_status", I),
    ("statement_from", I),
    ("statement_to", I),
    // 835 claim level.
    ("claim_status", R),
    ("claim_charge", R),
    ("claim_paid", R),
    ("patient_responsibility", R),
    ("payer_claim_number", R),
    ("facility_code", R),
    ("patient_id", R),
    ("claim_adjustments", R),
    // Line level.
    ("revenue_code", I),
    ("procedure_code", C | R),
    ("modifiers", C | R),
    ("charge", C | R),
    ("units", C | R),
    ("unit_basis", C),
    ("service_date", C | R),
    ("service_date_end", C),
    ("line_place_of_service", P),
    ("diagnosis_pointers", P),
    ("line_control_number", C | R),
    ("line_rendering_npi", P),
    ("line_rendering_last_name", P),
    ("line_rendering_first_name", P),
    ("paid", R),
    ("allowed", R),
    ("adjustments", R),
    ("remarks", R),
];

fn bit(kind: CsvKind) -> u8 {
    match kind {
        CsvKind::Professional => P,
        CsvKind::Institutional => I,
        CsvKind::Remittance => R,
    }
}

/// One data row: its spreadsheet row number and its values by column.
struct Row {
    line: u64,
    values: Vec<String>,
}

/// The rows read so far and the problems found, with the column index.
struct Sheet {
    kind: CsvKind,
    index: HashMap<&'static str, usize>,
    rows: Vec<Row>,
    problems: Vec<GenerateProblem>,
}

fn problem(line: u64, message: String) -> GenerateProblem {
    GenerateProblem {
        context: format!("row {line}"),
        message,
    }
}

impl Sheet {
    fn read<R: Read>(input: R, kind: CsvKind) -> Result<Sheet, Vec<GenerateProblem>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(input);
        let header_problem = |m: String| vec![problem(1, m)];
        let headers = reader
            .headers()
            .map_err(|e| header_problem(format!("cannot read the header: {e}")))?
            .clone();
        let mut index = HashMap::new();
        let mut problems = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let name = h.to_ascii_lowercase();
            match COLUMNS.iter().find(|(n, _)| *n == name) {
                Some((n, kinds)) if kinds & bit(kind) != 0 => {
                    if index.insert(*n, i).is_some() {
                        problems.push(problem(1, format!("column {n} appears twice")));
                    }
                }
                Some((n, _)) => problems.push(problem(
                    1,
                    format!("column {n} is not used in {}", kind_name(kind)),
                )),
                None if name.is_empty() => {
                    problems.push(problem(1, format!("column {} has no name", i + 1)))
                }
                None => problems.push(problem(
                    1,
                    format!("column '{h}' is not a column claimcheck knows (see README)"),
                )),
            }
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let line = r.position().map_or(0, |p| p.line());
                    if r.iter().all(str::is_empty) {
                        continue;
                    }
                    rows.push(Row {
                        line,
                        values: r.iter().map(str::to_string).collect(),
                    });
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    let what = match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => {
                            format!("{len} fields where the header has {expected_len}")
                        }
                        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_string(),
                        _ => e.to_string(),
                    };
                    problems.push(problem(line, what));
                }
            }
        }
        if rows.is_empty() && problems.is_empty() {
            problems.push(problem(
                2,
                "no rows: the CSV has a header and nothing else".into(),
            ));
        }
        Ok(Sheet {
            kind,
            index,
            rows,
            problems,
        })
    }

    /// The value of `col` in row `r`; `None` when the column is absent or
    /// the cell empty.
    fn get(&self, r: usize, col: &str) -> Option<&str> {
        let i = *self.index.get(col)?;
        self.rows[r]
            .values
            .get(i)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn has_column(&self, col: &str) -> bool {
        self.index.contains_key(col)
    }
}

fn kind_name(kind: CsvKind) -> &'static str {
    match kind {
        CsvKind::Professional => "an 837P",
        CsvKind::Institutional => "an 837I",
        CsvKind::Remittance => "an 835",
    }
}

/// The rows of one claim, and the values of its claim-level columns.
struct ClaimRows<'s> {
    sheet: &'s Sheet,
    rows: Vec<usize>,
    problems: Vec<GenerateProblem>,
}

impl<'s> ClaimRows<'s> {
    fn first_line(&self) -> u64 {
        self.sheet.rows[self.rows[0]].line
    }

    /// A claim-level value: the first non-empty one among the claim's
    /// rows (later rows must agree).
    fn claim(&mut self, col: &'static str) -> Option<&'s str> {
        let mut found: Option<(usize, &'s str)> = None;
        for &r in &self.rows {
            let Some(v) = self.sheet.get(r, col) else {
                continue;
            };
            match found {
                None => found = Some((r, v)),
                Some((first, f)) if f != v => {
                    let line = self.sheet.rows[r].line;
                    let first_line = self.sheet.rows[first].line;
                    self.problems.push(problem(
                        line,
                        format!(
                            "column {col} is '{v}' where row {first_line} of the same claim says '{f}'"
                        ),
                    ));
                }
                _ => {}
            }
        }
        found.map(|(_, v)| v)
    }

    /// A claim-level value that must be there.
    fn need(&mut self, col: &'static str) -> &'s str {
        let v = self.claim(col);
        if v.is_none() {
            let line = self.first_line();
            self.problems.push(missing(line, col, self.sheet));
        }
        v.unwrap_or_default()
    }
}

fn missing(line: u64, col: &str, sheet: &Sheet) -> GenerateProblem {
    if sheet.has_column(col) {
        problem(line, format!("column {col} is empty"))
    } else {
        problem(line, format!("column {col} is missing from the header"))
    }
}

fn text(v: &str) -> Text {
    Text::new(v)
}

fn opt(v: Option<&str>) -> Option<Text> {
    v.map(Text::new)
}

/// A date as CCYYMMDD, from CCYYMMDD or CCYY-MM-DD.
fn date(v: &str) -> Result<Text, String> {
    let digits: String = v.chars().filter(|c| *c != '-').collect();
    let ok = crate::schema::elements::is_date(digits.as_bytes(), false)
        && (v.len() == 8
            || (v.len() == 10 && v.get(4..5) == Some("-") && v.get(7..8) == Some("-")));
    if ok {
        Ok(Text::new(&digits))
    } else {
        Err(format!("'{v}' is not a date (YYYY-MM-DD or YYYYMMDD)"))
    }
}

fn amount(v: &str) -> Result<Amount, String> {
    Amount::parse(v.as_bytes()).ok_or_else(|| format!("'{v}' is not an amount (like 125.00)"))
}

/// Values separated by spaces, commas or semicolons.
fn list(v: &str) -> Vec<&str> {
    v.split([' ', ',', ';']).filter(|s| !s.is_empty()).collect()
}

/// Read a CSV of lines into a document of one interchange, one group and
/// one transaction set. Envelope values are left for [`super::generate`]
/// to fill from its options; `options.date` and `options.time` also give
/// the BHT's date and time.
pub fn document_from_csv<R: Read>(
    input: R,
    kind: CsvKind,
    options: &GenerateOptions,
) -> Result<Document, Vec<GenerateProblem>> {
    let mut sheet = Sheet::read(input, kind)?;
    // Claims in order of first appearance.
    let mut order: Vec<String> = Vec::new();
    let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
    for r in 0..sheet.rows.len() {
        match sheet.get(r, "claim_id") {
            Some(id) => {
                let rows = by_id.entry(id.to_string()).or_default();
                if rows.is_empty() {
                    order.push(id.to_string());
                }
                rows.push(r);
            }
            None => {
                let p = missing(sheet.rows[r].line, "claim_id", &sheet);
                sheet.problems.push(p);
            }
        }
    }
    let mut problems = std::mem::take(&mut sheet.problems);
    let mut file = FileValues::new(&sheet);
    let mut claims = Vec::new();
    let mut payments = Vec::new();
    for id in &order {
        let mut c = ClaimRows {
            sheet: &sheet,
            rows: by_id.remove(id).unwrap_or_default(),
            problems: Vec::new(),
        };
        match kind {
            CsvKind::Remittance => payments.push(payment(&mut c, id)),
            _ => claims.push(claim(&mut c, id, kind)),
        }
        problems.append(&mut c.problems);
    }
    let tx = match kind {
        CsvKind::Remittance => remittance(&mut file, payments),
        _ => claim_transaction(&mut file, by_level(claims), kind, options),
    };
    problems.append(&mut file.problems);
    if !problems.is_empty() {
        problems.sort_by_key(|p| {
            p.context
                .strip_prefix("row ")
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0)
        });
        return Err(problems);
    }
    let (functional_id, version) = match kind {
        CsvKind::Professional => ("HC", "005010X222A1"),
        CsvKind::Institutional => ("HC", "005010X223A2"),
        CsvKind::Remittance => ("HP", "005010X221A1"),
    };
    let sender = file.submitter_id.clone().unwrap_or_default();
    let receiver = file.receiver_id.clone().unwrap_or_default();
    let group = Group {
        functional_id: text(functional_id),
        sender: Text::default(),
        receiver: Text::default(),
        date: Text::default(),
        time: Text::default(),
        control_number: Text::default(),
        agency: text("X"),
        version: text(version),
        extra: Extra::default(),
        transactions: vec![tx],
        other_segments: Vec::new(),
    };
    let interchange = Interchange {
        delimiters: Delimiters {
            element: text("*"),
            component: text(":"),
            repetition: Some(text("^")),
            segment: text("~"),
        },
        authorization_qualifier: text("00"),
        authorization: Text::default(),
        security_qualifier: text("00"),
        security: Text::default(),
        sender_qualifier: text("ZZ"),
        sender_id: sender,
        receiver_qualifier: text("ZZ"),
        receiver_id: receiver,
        date: Text::default(),
        time: Text::default(),
        repetition_separator: text("^"),
        version: text("00501"),
        control_number: Text::default(),
        acknowledgment_requested: text("0"),
        usage: Text::default(),
        extra: Extra::default(),
        groups: vec![group],
        other_segments: Vec::new(),
    };
    Ok(Document {
        interchanges: vec![interchange],
        kind: Some(text(match kind {
            CsvKind::Professional => "837P",
            CsvKind::Institutional => "837I",
            CsvKind::Remittance => "835",
        })),
        ..Document::default()
    })
}

/// File-level values: the first non-empty value of each column, the
/// others agreeing.
struct FileValues<'s> {
    sheet: &'s Sheet,
    problems: Vec<GenerateProblem>,
    submitter_id: Option<Text>,
    receiver_id: Option<Text>,
}

impl<'s> FileValues<'s> {
    fn new(sheet: &'s Sheet) -> Self {
        let mut f = FileValues {
            sheet,
            problems: Vec::new(),
            submitter_id: None,
            receiver_id: None,
        };
        if sheet.kind != CsvKind::Remittance {
            f.submitter_id = opt(f.get("submitter_id"));
            f.receiver_id = opt(f.get("receiver_id"));
        }
        f
    }

    fn get(&mut self, col: &'static str) -> Option<&'s str> {
        let mut found: Option<(u64, &'s str)> = None;
        for r in 0..self.sheet.rows.len() {
            let Some(v) = self.sheet.get(r, col) else {
                continue;
            };
            let line = self.sheet.rows[r].line;
            match found {
                None => found = Some((line, v)),
                Some((first, f)) if f != v => self.problems.push(problem(
                    line,
                    format!(
                        "column {col} is '{v}' where row {first} says '{f}' (one value per file)"
                    ),
                )),
                _ => {}
            }
        }
        found.map(|(_, v)| v)
    }

    fn need(&mut self, col: &'static str) -> &'s str {
        let v = self.get(col);
        if v.is_none() && !self.sheet.rows.is_empty() {
            let line = self.sheet.rows[0].line;
            self.problems.push(missing(line, col, self.sheet));
        }
        v.unwrap_or_default()
    }

    fn date(&mut self, col: &'static str, v: &str) -> Option<Text> {
        match date(v) {
            Ok(d) => Some(d),
            Err(m) => {
                let line = self.sheet.rows.first().map_or(2, |r| r.line);
                self.problems
                    .push(problem(line, format!("column {col}: {m}")));
                None
            }
        }
    }
}

fn party(entity: &str, entity_type: &str, name: &str) -> Party {
    Party {
        entity: text(entity),
        entity_type: Some(text(entity_type)),
        name: Some(text(name)),
        ..Party::default()
    }
}

fn with_id(mut p: Party, qualifier: &str, id: &str) -> Party {
    p.id_qualifier = Some(text(qualifier));
    p.id = Some(text(id));
    p
}

fn address(line1: &str, line2: Option<&str>, city: &str, state: &str, zip: &str) -> Box<Address> {
    Box::new(Address {
        line1: Some(text(line1)),
        line2: opt(line2),
        city: Some(text(city)),
        state: Some(text(state)),
        postal_code: Some(text(zip)),
        ..Address::default()
    })
}

fn person(entity: &str, last: &str, first: Option<&str>) -> Party {
    Party {
        first_name: opt(first),
        ..party(entity, "1", last)
    }
}

/// The claims ordered so that those of one billing provider, then of one
/// subscriber, then of one patient stand together (each in order of first
/// appearance; a subscriber's own claims before its patients'): the
/// writer then puts each level out once.
fn by_level(claims: Vec<Claim>) -> Vec<Claim> {
    fn rank<T: serde::Serialize>(seen: &mut HashMap<String, usize>, v: &T) -> usize {
        let key = serde_json::to_string(v).unwrap_or_default();
        let next = seen.len();
        *seen.entry(key).or_insert(next)
    }
    let mut billing = HashMap::new();
    let mut subscriber = HashMap::new();
    let mut patient = HashMap::new();
    let mut keyed: Vec<((usize, usize, usize), Claim)> = claims
        .into_iter()
        .map(|c| {
            let b = rank(&mut billing, &c.billing_provider);
            let s = rank(&mut subscriber, &(&c.billing_provider, &c.subscriber));
            let p = c
                .patient
                .as_ref()
                .map_or(0, |p| 1 + rank(&mut patient, &(s, p)));
            ((b, s, p), c)
        })
        .collect();
    // Stable: claims of one level keep their order.
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, c)| c).collect()
}

/// The 837 set of the claims read.
fn claim_transaction(
    file: &mut FileValues<'_>,
    claims: Vec<Claim>,
    kind: CsvKind,
    options: &GenerateOptions,
) -> Transaction {
    let submitter_name = file.need("submitter_name");
    let submitter_id = file.submitter_id.clone();
    let contact = file.get("submitter_contact_name");
    let phone = file.need("submitter_phone");
    let receiver_name = file.need("receiver_name");
    let receiver_id = file.receiver_id.clone();
    let id_or_option = |v: Option<Text>, o: &Option<String>| {
        v.or_else(|| o.as_deref().map(|s| text(s.trim())))
            .unwrap_or_default()
    };
    let mut submitter = with_id(
        party("41", "2", submitter_name),
        "46",
        &id_or_option(submitter_id, &options.sender_id),
    );
    submitter.contacts.push(Contact {
        function: text("IC"),
        name: opt(contact),
        numbers: vec![ContactNumber {
            qualifier: text("TE"),
            number: Some(text(phone)),
        }],
        ..Contact::default()
    });
    let receiver = with_id(
        party("40", "2", receiver_name),
        "46",
        &id_or_option(receiver_id, &options.receiver_id),
    );
    let date = options.date.clone().unwrap_or_default();
    let time = options.time.clone().unwrap_or_default();
    let claim_kind = match kind {
        CsvKind::Institutional => ClaimKind::Institutional,
        _ => ClaimKind::Professional,
    };
    Transaction::Claims(Box::new(ClaimTransaction {
        kind: claim_kind,
        version: Some(text(match kind {
            CsvKind::Institutional => "005010X223A2",
            _ => "005010X222A1",
        })),
        header: Some(BeginHierarchy {
            structure: Some(text("0019")),
            purpose: Some(text("00")),
            reference: Some(text(&format!("{date}{time}"))).filter(|t| !t.is_empty()),
            date: opt(Some(date.as_str()).filter(|d| !d.is_empty())),
            time: opt(Some(time.as_str()).filter(|t| !t.is_empty())),
            claim_type: Some(text("CH")),
            ..BeginHierarchy::default()
        }),
        submitter: Some(Box::new(submitter)),
        receiver: Some(Box::new(receiver)),
        claims,
        ..ClaimTransaction::default()
    }))
}

/// A claim-level date column, checked.
fn claim_date(c: &mut ClaimRows<'_>, col: &'static str, need: bool) -> Option<Text> {
    let v = if need {
        Some(c.need(col))
    } else {
        c.claim(col)
    };
    let v = v.filter(|v| !v.is_empty())?;
    match date(v) {
        Ok(d) => Some(d),
        Err(m) => {
            let line = c.first_line();
            c.problems.push(problem(line, format!("column {col}: {m}")));
            None
        }
    }
}

/// DMG of the subscriber or patient (`who` is the column prefix).
fn demographics(c: &mut ClaimRows<'_>, who: &str, need: bool) -> Option<Box<Demographics>> {
    let (birth, gender) = match who {
        "subscriber" => ("subscriber_birth_date", "subscriber_gender"),
        _ => ("patient_birth_date", "patient_gender"),
    };
    let b = claim_date(c, birth, need);
    let g = if need {
        Some(c.need(gender))
    } else {
        c.claim(gender)
    };
    (b.is_some() || g.is_some()).then(|| {
        Box::new(Demographics {
            format: Some(text("D8")),
            birth_date: b,
            gender: opt(g.filter(|g| !g.is_empty())),
            ..Demographics::default()
        })
    })
}

/// N3/N4 of the subscriber or patient (`who` is the column prefix).
fn place(c: &mut ClaimRows<'_>, who: &str, need: bool) -> Option<Box<Address>> {
    let cols: [&'static str; 4] = match who {
        "subscriber" => [
            "subscriber_address",
            "subscriber_city",
            "subscriber_state",
            "subscriber_zip",
        ],
        _ => [
            "patient_address",
            "patient_city",
            "patient_state",
            "patient_zip",
        ],
    };
    let mut v = [None; 4];
    for (slot, col) in v.iter_mut().zip(cols) {
        *slot = if need {
            Some(c.need(col))
        } else {
            c.claim(col)
        };
    }
    let [line1, city, state, zip] = v;
    line1.map(|l| {
        address(
            l,
            None,
            city.unwrap_or_default(),
            state.unwrap_or_default(),
            zip.unwrap_or_default(),
        )
    })
}

/// One 837 claim from its rows.
fn claim(c: &mut ClaimRows<'_>, id: &str, kind: CsvKind) -> Claim {
    let professional = kind == CsvKind::Professional;
    // 2000A.
    let mut provider = with_id(
        party("85", "2", c.need("billing_name")),
        "XX",
        c.need("billing_npi"),
    );
    provider.address = Some(address(
        c.need("billing_address"),
        c.claim("billing_address2"),
        c.need("billing_city"),
        c.need("billing_state"),
        c.need("billing_zip"),
    ));
    provider.references.push(Ref {
        qualifier: text("EI"),
        value: Some(text(c.need("billing_tax_id"))),
        ..Ref::default()
    });
    let billing = BillingProvider {
        specialty: c.claim("billing_taxonomy").map(|t| ProviderInfo {
            code: text("BI"),
            qualifier: Some(text("PXC")),
            taxonomy: Some(text(t)),
            ..ProviderInfo::default()
        }),
        provider: Some(Box::new(provider)),
        ..BillingProvider::default()
    };
    // 2000B and 2000C.
    let has_patient = c.claim("patient_last_name").is_some();
    let mut member = with_id(
        person(
            "IL",
            c.need("subscriber_last_name"),
            c.claim("subscriber_first_name"),
        ),
        "MI",
        c.need("subscriber_id"),
    );
    member.address = place(c, "subscriber", !has_patient);
    member.demographics = demographics(c, "subscriber", !has_patient);
    let payer = with_id(
        party("PR", "2", c.need("payer_name")),
        "PI",
        c.need("payer_id"),
    );
    let subscriber = Subscriber {
        policy: Some(Policy {
            payer_responsibility: Some(text(c.claim("payer_responsibility").unwrap_or("P"))),
            relationship: (!has_patient).then(|| text("18")),
            group_number: opt(c.claim("group_number")),
            filing_indicator: Some(text(c.need("filing_indicator"))),
            ..Policy::default()
        }),
        member: Some(Box::new(member)),
        payer: Some(Box::new(payer)),
        ..Subscriber::default()
    };
    let patient = has_patient.then(|| {
        let mut name = person(
            "QC",
            c.need("patient_last_name"),
            c.claim("patient_first_name"),
        );
        name.address = place(c, "patient", true);
        name.demographics = demographics(c, "patient", true);
        Arc::new(Patient {
            info: Some(PatientInfo {
                relationship: Some(text(c.need("patient_relationship"))),
                ..PatientInfo::default()
            }),
            name: Some(Box::new(name)),
            ..Patient::default()
        })
    });
    // 2300.
    let facility = if professional {
        c.need("place_of_service")
    } else {
        c.need("facility_type")
    };
    let mut claim = Claim {
        billing_provider: Some(Arc::new(billing)),
        subscriber: Some(Arc::new(subscriber)),
        patient,
        id: text(id),
        facility_code: Some(text(facility)),
        facility_qualifier: Some(text(if professional { "B" } else { "A" })),
        frequency_code: Some(text(c.claim("frequency_code").unwrap_or("1"))),
        provider_signature: professional
            .then(|| text(c.claim("provider_signature").unwrap_or("Y"))),
        assignment_participation: Some(text(c.claim("assignment").unwrap_or("A"))),
        benefits_assignment: Some(text(c.claim("benefits_assignment").unwrap_or("Y"))),
        release_of_information: Some(text(c.claim("release_of_information").unwrap_or("Y"))),
        prior_authorization: opt(c.claim("prior_authorization")),
        referral_number: opt(c.claim("referral_number")),
        original_claim_number: opt(c.claim("original_claim_number")),
        ..Claim::default()
    };
    if !professional {
        let from = claim_date(c, "statement_from", true);
        let to = claim_date(c, "statement_to", true);
        if let (Some(f), Some(t)) = (from, to) {
            claim.dates.push(DateRef {
                qualifier: text("434"),
                format: Some(text("RD8")),
                value: Some(text(&format!("{f}-{t}"))),
                ..DateRef::default()
            });
        }
        claim.admission = Some(Box::new(Admission {
            admission_type: opt(c.claim("admission_type")),
            admission_source: opt(c.claim("admission_source")),
            patient_status: Some(text(c.need("patient_status"))),
            ..Admission::default()
        }));
    }
    let diagnoses = c.need("diagnosis_codes");
    for (k, code) in list(diagnoses).into_iter().enumerate() {
        claim.health_codes.push(HealthCode {
            qualifier: text(if k == 0 { "ABK" } else { "ABF" }),
            // ICD-10-CM is written without its dot in X12.
            code: Some(text(&code.replace('.', "").to_ascii_uppercase())),
            ..HealthCode::default()
        });
    }
    let (npi_col, last_col, first_col, taxonomy_col, entity) = if professional {
        (
            "rendering_npi",
            "rendering_last_name",
            "rendering_first_name",
            "rendering_taxonomy",
            "82",
        )
    } else {
        (
            "attending_npi",
            "attending_last_name",
            "attending_first_name",
            "attending_taxonomy",
            "71",
        )
    };
    if let Some(npi) = c.claim(npi_col) {
        let mut p = with_id(
            person(entity, c.need(last_col), c.claim(first_col)),
            "XX",
            npi,
        );
        p.specialty = c.claim(taxonomy_col).map(|t| ProviderInfo {
            code: text(if professional { "PE" } else { "AT" }),
            qualifier: Some(text("PXC")),
            taxonomy: Some(text(t)),
            ..ProviderInfo::default()
        });
        let slot = if professional {
            &mut claim.providers.rendering
        } else {
            &mut claim.providers.attending
        };
        *slot = Some(Box::new(p));
    }
    if !professional && let Some(npi) = c.claim("rendering_npi") {
        let p = with_id(
            person(
                "82",
                c.need("rendering_last_name"),
                c.claim("rendering_first_name"),
            ),
            "XX",
            npi,
        );
        claim.providers.rendering = Some(Box::new(p));
    }
    // 2400.
    let mut total = Decimal::ZERO;
    let rows = c.rows.clone();
    for r in rows {
        let line = service_line(c, r, kind);
        if let Some(a) = line.charge {
            total += a.value();
        }
        claim.lines.push(line);
    }
    claim.total_charge = Some(Amount::from(total));
    claim
}

/// A line-level value of row `r`, and a problem when a needed one is
/// empty or does not read.
struct LineRow<'a, 's> {
    c: &'a mut ClaimRows<'s>,
    r: usize,
}

impl<'s> LineRow<'_, 's> {
    fn line(&self) -> u64 {
        self.c.sheet.rows[self.r].line
    }

    fn get(&self, col: &str) -> Option<&'s str> {
        self.c.sheet.get(self.r, col)
    }

    fn need(&mut self, col: &'static str) -> &'s str {
        let v = self.get(col);
        if v.is_none() {
            let p = missing(self.line(), col, self.c.sheet);
            self.c.problems.push(p);
        }
        v.unwrap_or_default()
    }

    fn fail(&mut self, col: &str, m: String) {
        let line = self.line();
        self.c
            .problems
            .push(problem(line, format!("column {col}: {m}")));
    }

    fn amount(&mut self, col: &'static str, need: bool) -> Option<Amount> {
        let v = if need {
            Some(self.need(col))
        } else {
            self.get(col)
        };
        let v = v.filter(|v| !v.is_empty())?;
        match amount(v) {
            Ok(a) => Some(a),
            Err(m) => {
                self.fail(col, m);
                None
            }
        }
    }

    fn date(&mut self, col: &'static str, need: bool) -> Option<Text> {
        let v = if need {
            Some(self.need(col))
        } else {
            self.get(col)
        };
        let v = v.filter(|v| !v.is_empty())?;
        match date(v) {
            Ok(d) => Some(d),
            Err(m) => {
                self.fail(col, m);
                None
            }
        }
    }

    fn procedure(&mut self, need: bool) -> Option<Procedure> {
        let code = if need {
            Some(self.need("procedure_code"))
        } else {
            self.get("procedure_code")
        };
        let code = code.filter(|c| !c.is_empty())?;
        let modifiers: Vec<Text> = self
            .get("modifiers")
            .map(list)
            .unwrap_or_default()
            .into_iter()
            .map(text)
            .collect();
        if modifiers.len() > 4 {
            self.fail(
                "modifiers",
                format!("{} modifiers where a procedure holds 4", modifiers.len()),
            );
        }
        Some(Procedure {
            qualifier: text("HC"),
            code: Some(text(code)),
            modifiers,
            description: None,
        })
    }
}

fn service_line(c: &mut ClaimRows<'_>, r: usize, kind: CsvKind) -> ServiceLine {
    let professional = kind == CsvKind::Professional;
    let mut row = LineRow { c, r };
    let mut l = ServiceLine {
        revenue_code: if professional {
            None
        } else {
            Some(text(row.need("revenue_code")))
        },
        procedure: row.procedure(professional),
        charge: row.amount("charge", true),
        unit_basis: Some(text(row.get("unit_basis").unwrap_or("UN"))),
        units: row.amount("units", true),
        control_number: opt(row.get("line_control_number")),
        ..ServiceLine::default()
    };
    if professional {
        l.place_of_service = opt(row.get("line_place_of_service"));
        l.diagnosis_pointers = row
            .get("diagnosis_pointers")
            .map_or_else(|| vec!["1"], list)
            .into_iter()
            .map(text)
            .collect();
    }
    let from = row.date("service_date", professional);
    let to = row.date("service_date_end", false);
    if let Some(from) = from {
        let (format, value) = match to {
            Some(to) if to != from => ("RD8", format!("{from}-{to}")),
            _ => ("D8", from.to_string()),
        };
        l.dates.push(DateRef {
            qualifier: text("472"),
            format: Some(text(format)),
            value: Some(text(&value)),
            ..DateRef::default()
        });
    }
    if professional && let Some(npi) = row.get("line_rendering_npi") {
        let last = row.need("line_rendering_last_name");
        let first = row.get("line_rendering_first_name");
        l.providers.rendering = Some(Box::new(with_id(person("82", last, first), "XX", npi)));
    }
    l
}

/// Adjustments written `CO-45 30.00; PR-2 10.00` (group, reason,
/// amount, optional quantity), one CAS per group in order.
fn adjustments(v: &str) -> Result<Vec<Adjustment>, String> {
    let mut out: Vec<Adjustment> = Vec::new();
    for item in v.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let parts: Vec<&str> = item.split_whitespace().collect();
        let bad =
            || format!("'{item}' is not an adjustment (GROUP-REASON AMOUNT, like CO-45 30.00)");
        let (code, amt, qty) = match parts.as_slice() {
            [c, a] => (*c, *a, None),
            [c, a, q] => (*c, *a, Some(*q)),
            _ => return Err(bad()),
        };
        let (group, carc) = code.split_once('-').ok_or_else(bad)?;
        if group.is_empty() || carc.is_empty() {
            return Err(bad());
        }
        let reason = AdjustmentReason {
            carc: text(carc),
            amount: Some(amount(amt)?),
            quantity: qty.map(amount).transpose()?,
        };
        match out.last_mut() {
            Some(a) if a.group == group && a.reasons.len() < 6 => a.reasons.push(reason),
            _ => out.push(Adjustment {
                group: text(group),
                reasons: vec![reason],
                ..Adjustment::default()
            }),
        }
    }
    Ok(out)
}

/// One 835 claim payment from its rows.
fn payment(c: &mut ClaimRows<'_>, id: &str) -> ClaimPayment {
    let mut p = ClaimPayment {
        id: text(id),
        status: Some(text(c.need("claim_status"))),
        filing_indicator: Some(text(c.need("filing_indicator"))),
        payer_claim_control_number: Some(text(c.need("payer_claim_number"))),
        facility_code: opt(c.claim("facility_code")),
        frequency_code: opt(c.claim("frequency_code")),
        ..ClaimPayment::default()
    };
    let mut patient = person(
        "QC",
        c.need("patient_last_name"),
        c.claim("patient_first_name"),
    );
    if let Some(member) = c.claim("patient_id") {
        patient = with_id(patient, "MI", member);
    }
    p.patient = Some(Box::new(patient));
    let line = c.first_line();
    for (col, slot) in [
        ("claim_charge", &mut p.charge),
        ("claim_paid", &mut p.paid),
        ("patient_responsibility", &mut p.patient_responsibility),
    ] {
        if let Some(v) = c.claim(col) {
            match amount(v) {
                Ok(a) => *slot = Some(a),
                Err(m) => c.problems.push(problem(line, format!("column {col}: {m}"))),
            }
        }
    }
    if let Some(v) = c.claim("claim_adjustments") {
        match adjustments(v) {
            Ok(a) => p.adjustments = a,
            Err(m) => c
                .problems
                .push(problem(line, format!("column claim_adjustments: {m}"))),
        }
    }
    let (mut charge, mut paid) = (Decimal::ZERO, Decimal::ZERO);
    let rows = c.rows.clone();
    for r in rows {
        let mut row = LineRow { c, r };
        let mut s = ServicePayment {
            procedure: row.procedure(true),
            charge: row.amount("charge", true),
            paid: row.amount("paid", true),
            units: row.amount("units", false),
            control_number: opt(row.get("line_control_number")),
            ..ServicePayment::default()
        };
        if let Some(d) = row.date("service_date", false) {
            s.dates.push(DateTime {
                qualifier: text("472"),
                date: Some(d),
                ..DateTime::default()
            });
        }
        if let Some(v) = row.get("adjustments") {
            match adjustments(v) {
                Ok(a) => s.adjustments = a,
                Err(m) => row.fail("adjustments", m),
            }
        }
        if let Some(a) = row.amount("allowed", false) {
            s.amounts.push(AmountRef {
                qualifier: text("B6"),
                amount: Some(a),
                ..AmountRef::default()
            });
        }
        for code in row.get("remarks").map(list).unwrap_or_default() {
            s.remarks.push(Remark {
                qualifier: text("HE"),
                code: Some(text(code)),
                ..Remark::default()
            });
        }
        charge += s.charge.map_or(Decimal::ZERO, Amount::value);
        paid += s.paid.map_or(Decimal::ZERO, Amount::value);
        p.services.push(s);
    }
    p.charge.get_or_insert(Amount::from(charge));
    p.paid.get_or_insert(Amount::from(paid));
    p
}

/// The 835 set of the claim payments read.
fn remittance(file: &mut FileValues<'_>, claims: Vec<ClaimPayment>) -> Transaction {
    let total: Decimal = claims
        .iter()
        .filter_map(|c| c.paid)
        .map(Amount::value)
        .sum();
    let method = file
        .get("payment_method")
        .unwrap_or(if total.is_zero() { "NON" } else { "CHK" });
    if !matches!(method, "CHK" | "NON") {
        let line = file.sheet.rows.first().map_or(2, |r| r.line);
        file.problems.push(problem(
            line,
            format!("column payment_method: '{method}' is not CHK or NON (ACH needs bank account details: write JSON)"),
        ));
    }
    let pay_date = file.need("payment_date");
    let pay_date = file.date("payment_date", pay_date);
    let production = file
        .get("production_date")
        .and_then(|d| file.date("production_date", d));
    let payer_tax_id = file.need("payer_tax_id");
    let mut payer = Party {
        entity: text("PR"),
        name: Some(text(file.need("payer_name"))),
        ..Party::default()
    };
    if let Some(id) = file.get("payer_id") {
        payer.references.push(Ref {
            qualifier: text("2U"),
            value: Some(text(id)),
            ..Ref::default()
        });
    }
    payer.address = Some(address(
        file.need("payer_address"),
        None,
        file.need("payer_city"),
        file.need("payer_state"),
        file.need("payer_zip"),
    ));
    payer.contacts.push(Contact {
        function: text("BL"),
        numbers: vec![ContactNumber {
            qualifier: text("TE"),
            number: Some(text(file.need("payer_phone"))),
        }],
        ..Contact::default()
    });
    let mut payee = with_id(
        Party {
            entity: text("PE"),
            name: Some(text(file.need("payee_name"))),
            ..Party::default()
        },
        "XX",
        file.need("payee_npi"),
    );
    if let Some(t) = file.get("payee_tax_id") {
        payee.references.push(Ref {
            qualifier: text("TJ"),
            value: Some(text(t)),
            ..Ref::default()
        });
    }
    Transaction::Remittance(Box::new(RemittanceTransaction {
        // The 835 guide does not use ST03; GS08 names it.
        version: None,
        payment: Some(Payment {
            handling_code: Some(text(if method == "NON" { "H" } else { "I" })),
            amount: Some(Amount::from(total)),
            credit_debit: Some(text("C")),
            method: Some(text(method)),
            date: pay_date,
            ..Payment::default()
        }),
        trace: Some(Trace {
            trace_type: Some(text("1")),
            number: Some(text(file.need("trace_number"))),
            originator: Some(text(&format!("1{payer_tax_id}"))),
            ..Trace::default()
        }),
        dates: production
            .map(|d| DateTime {
                qualifier: text("405"),
                date: Some(d),
                ..DateTime::default()
            })
            .into_iter()
            .collect(),
        payer: Some(Box::new(payer)),
        payee: Some(Box::new(payee)),
        claims,
        ..RemittanceTransaction::default()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjustments_are_grouped_by_group_code() {
        let a = adjustments("CO-45 20.00; CO-253 1.20; PR-2 5.00 1").unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!((a[0].group.as_str(), a[0].reasons.len()), ("CO", 2));
        assert_eq!(a[1].reasons[0].carc, "2");
        assert_eq!(
            a[1].reasons[0].quantity.map(|q| q.to_string()).as_deref(),
            Some("1")
        );
        for bad in [
            "CO45 20.00",
            "CO-45",
            "CO-45 2O.00",
            "-45 1.00",
            "CO-45 1.00 2 3",
        ] {
            assert!(adjustments(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_are_checked_on_the_calendar() {
        assert_eq!(date("2026-02-28").unwrap(), "20260228");
        assert_eq!(date("20240229").unwrap(), "20240229");
        for bad in [
            "2026-02-30",
            "2026-2-28",
            "20261301",
            "2026/02/28",
            "26-02-28",
            "",
        ] {
            assert!(date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn claims_of_one_subscriber_are_put_together() {
        let csv = "\
submitter_name,submitter_phone,receiver_name,claim_id,billing_npi,billing_name,billing_tax_id,billing_address,billing_city,billing_state,billing_zip,subscriber_id,subscriber_last_name,subscriber_birth_date,subscriber_gender,subscriber_address,subscriber_city,subscriber_state,subscriber_zip,filing_indicator,payer_name,payer_id,place_of_service,diagnosis_codes,procedure_code,charge,units,service_date
S,5555550100,R,A,1234567893,B,990000001,1 ST,X,MA,021090001,M1,ONE,1990-01-01,F,1 ST,X,MA,021090001,MC,P,P1,11,F329,90832,10.00,1,2026-10-01
,,,B,1234567893,B,990000001,1 ST,X,MA,021090001,M2,TWO,1990-01-01,F,1 ST,X,MA,021090001,MC,P,P1,11,F329,90832,20.00,1,2026-10-01
,,,C,1234567893,B,990000001,1 ST,X,MA,021090001,M1,ONE,1990-01-01,F,1 ST,X,MA,021090001,MC,P,P1,11,F329,90832,30.00,1,2026-10-01
,,,A,,,,,,,,,,,,,,,,,,,,,90834,15.00,1,2026-10-02
";
        let options = GenerateOptions {
            sender_id: Some("S".into()),
            receiver_id: Some("R".into()),
            date: Some("20261101".into()),
            time: Some("0930".into()),
            ..GenerateOptions::default()
        };
        let doc = document_from_csv(csv.as_bytes(), CsvKind::Professional, &options).unwrap();
        let Transaction::Claims(tx) = &doc.interchanges[0].groups[0].transactions[0] else {
            panic!("an 837");
        };
        let ids: Vec<&str> = tx.claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["A", "C", "B"]);
        assert_eq!(tx.claims[0].lines.len(), 2);
        assert_eq!(
            tx.claims[0].total_charge.map(|a| a.to_string()).as_deref(),
            Some("25.00")
        );
        let x12 = String::from_utf8(super::super::generate(&doc, &options).unwrap()).unwrap();
        assert_eq!(x12.matches("~HL*").count(), 3, "{x12}");
    }

    #[test]
    fn a_claim_level_value_that_changes_is_named() {
        let csv = "claim_id,billing_npi\nA,1234567893\nA,1987654328\n";
        let p = document_from_csv(
            csv.as_bytes(),
            CsvKind::Professional,
            &GenerateOptions::default(),
        )
        .unwrap_err();
        assert!(p.iter().any(|p| p.to_string()
            == "row 3: column billing_npi is '1987654328' where row 2 of the same claim says '1234567893'"));
        assert!(
            p.iter()
                .any(|p| p.to_string() == "row 2: column billing_name is missing from the header")
        );
    }
}
