//! claimcheck's 835 model ⇄ the crates.io crate `x12-types` (0.12,
//! `v005010`), so that a program built on either can take remittances
//! from the other.
//!
//! - [`to_x12_types`] / [`from_x12_types`]: one transaction set,
//!   [`RemittanceTransaction`] ⇄ [`_835`], composites written with `:` and
//!   repeats with `^` (also as `TryFrom`);
//! - [`interchange_to_x12_types`] / [`interchange_from_x12_types`]: one
//!   ISA … IEA, [`Interchange`] ⇄ [`Transmission<_835>`], composites and
//!   repeats written with the interchange's own ISA16 and ISA11;
//! - [`document_to_x12_types`] / [`document_from_x12_types`]: every
//!   interchange of a parsed file.
//!
//! # What is carried
//!
//! Every value of every segment that both sides have a place for, both
//! ways: ST, BPR, TRN, CUR, REF, DTM; the payer and payee loops (N1, N3,
//! N4, REF, PER, RDM); each 2000 loop (LX, TS3, TS2); claim payments (CLP,
//! CAS, the NM1s, MIA, MOA, REF, DTM, PER, AMT, QTY); service payments
//! (SVC, DTM, CAS, REF — REF*6R as the line's control number — AMT, QTY,
//! LQ); PLB; ISA and GS. Elements the model keeps in `extra` go to their
//! position. x12-types holds every value as a string; claimcheck's
//! [`Amount`] is written with its own digits, and an x12-types segment is
//! read back by the same element readers that parse X12, so a value that
//! is not a plain decimal (`.5`, `1,050`) lands in the segment's `extra`
//! just as when claimcheck parses it. No value goes through `f64`.
//!
//! # What is not
//!
//! - **To x12-types, what it has no place for is an error**
//!   ([`ConvertErrorKind`]), never dropped: a segment kept in
//!   `other_segments` other than NTE (header), a further payer or payee
//!   loop, N2, a further N3, RDM or DTM in a payer/payee loop, TS3 and TS2
//!   (2000) and a further NM1 (2100); the DMG, PRV or DTP of a party; an
//!   element past the last one x12-types' segment has (`ST04`, `LX02`); a
//!   claim payment outside a 2000 loop; any other transaction set than an
//!   835; segments between envelopes; a value holding `*` or `~`, which
//!   x12-types always writes as separators.
//!   A set without BPR gets x12-types' empty BPR, which x12-types does not
//!   write.
//! - **From x12-types**, every value has a place in the model; only a
//!   value holding `*` (the element separator the readers split on) or a
//!   segment too long for the readers is an error. A segment of a loop the
//!   guide does not hold there (NTE in the header, N2 or DTM in a payer or
//!   payee loop, an NM1 of another entity in a claim) is kept whole in
//!   that level's `other_segments`, marked `unexpected`, as the parser
//!   keeps it.
//! - **Trailers.** The model does not keep SE, GE and IEA: to x12-types
//!   their counts and control numbers are computed (SE01 counts the
//!   segments x12-types writes), from x12-types they are dropped.
//! - **Empty elements.** x12-types has `Some("")` for an element written
//!   empty and `None` for one not written; the model has `None` for both
//!   (raw segments such as TS3 keep them as `""`).
//! - **Order.** x12-types keeps each loop's segments in its own field
//!   order; the model keeps NM1s of a claim by role and REF*6R apart. To
//!   x12-types, the NM1s are written in the guide's order (QC, IL, 74, 82,
//!   TT, PR, GB, then any other) and REF*6R after the service
//!   identification REFs (1S, APC, BB, E9, G1, G3, LU, RB), as the guide
//!   orders them. The position (`index`) of a segment kept in
//!   `other_segments` is counted in x12-types' order.
//!
//! x12-types' own reader (`Transmission::<_835>::parse`) takes only `*` and
//! `~` (with at most one `\n` after it), one GS per ISA, no BOM, CR or
//! indentation, and panics on some missing required elements: call it
//! under [`std::panic::catch_unwind`]. `tests/x12types_interop.rs` shows
//! how a file can be made readable for it first.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;
use x12_types::v005010::{
    _835, _835Loop1000, _835Loop2000, _835Loop2100, _835Loop2110, AMT, BPR, CAS, CLP, CUR, DTM,
    FunctionalGroup, GE, GS, IEA, ISA, LQ, LX, MIA, MOA, N1, N2, N3, N4, NM1, NTE, PER, PLB, QTY,
    RDM, REF, SE, ST, SVC, TRN, TS2, TS3, Transmission,
};

use crate::model::fields::{Fields, MAX_TYPED_LEN};
use crate::model::{
    Adjustment, Amount, AmountRef, ClaimPayment, Contact, Currency, DateTime, Document, Element,
    Extra, Group, HeaderNumber, HeaderWithoutClaims, InpatientAdjudication, Interchange,
    MODEL_VERSION, OtherSegment, OutpatientAdjudication, Party, Payment, Procedure,
    ProviderAdjustment, QuantityRef, RawSegment, Ref, Remark, RemittanceTransaction,
    ServicePayment, Text, Trace, Transaction, Value,
};
use crate::x12::delimiters::Delimiters;

/// What could not be converted, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertError {
    /// Where, outermost first: `835 0001, claim payment 12345, service
    /// line 2`. Empty when the error is about the value passed itself.
    pub at: String,
    pub kind: ConvertErrorKind,
}

/// Why a conversion failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertErrorKind {
    /// A segment or field of the model that x12-types' 835 has no place
    /// for.
    #[error("x12-types' 835 has no place for {0}")]
    NoPlace(String),
    /// An element past the last one x12-types' segment has.
    #[error("x12-types' {segment} has no element {reference}")]
    NoElement { segment: String, reference: String },
    /// A value holding a character that x12-types writes as a separator.
    #[error("{reference} holds '{separator}', which x12-types writes as a separator")]
    Separator { reference: String, separator: char },
    /// A claim payment outside a 2000 loop: x12-types has every CLP under
    /// an LX.
    #[error("claim payment {0} stands in no 2000 loop (no LX before its CLP)")]
    NoHeaderNumber(String),
    /// A transaction set that is not an 835.
    #[error("transaction set {0} is not an 835")]
    NotRemittance(String),
    /// A segment longer than claimcheck reads into typed fields.
    #[error("{0} is longer than claimcheck reads into typed fields")]
    TooLong(String),
    /// x12-types did not take the values (its serde form refused them).
    #[error("x12-types refused {segment}: {message}")]
    Refused { segment: String, message: String },
}

impl ConvertError {
    fn new(kind: ConvertErrorKind) -> Self {
        ConvertError {
            at: String::new(),
            kind,
        }
    }
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.at, self.kind)
        }
    }
}

impl std::error::Error for ConvertError {}

impl From<ConvertErrorKind> for ConvertError {
    fn from(kind: ConvertErrorKind) -> Self {
        ConvertError::new(kind)
    }
}

type Result<T> = std::result::Result<T, ConvertError>;

/// Names the place of an error on its way out.
trait Within<T> {
    fn within(self, place: impl FnOnce() -> String) -> Result<T>;
}

impl<T> Within<T> for Result<T> {
    fn within(self, place: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|mut e| {
            e.at = if e.at.is_empty() {
                place()
            } else {
                format!("{}, {}", place(), e.at)
            };
            e
        })
    }
}

fn no_place<T>(what: impl Into<String>) -> Result<T> {
    Err(ConvertErrorKind::NoPlace(what.into()).into())
}

/// The 2110 REF qualifiers the guide puts before REF*6R.
const SERVICE_IDENTIFICATION: [&str; 8] = ["1S", "APC", "BB", "E9", "G1", "G3", "LU", "RB"];

/// NM101 codes of the guide's 2100 NM1s.
const CLAIM_PARTIES: [&str; 7] = ["QC", "IL", "74", "82", "TT", "PR", "GB"];

/// The delimiters x12-types writes with, and the component and repetition
/// separators its strings hold.
fn delimiters(component: u8, repetition: Option<u8>) -> Delimiters {
    Delimiters {
        element: b'*',
        component,
        repetition,
        segment: b'~',
    }
}

// ------------------------------------------------------------ public API

/// One 835 set to x12-types, composites written with `:` and repeats with
/// `^`.
pub fn to_x12_types(tx: &RemittanceTransaction) -> Result<_835> {
    Writer {
        d: Delimiters::default(),
    }
    .transaction(tx)
}

/// One x12-types 835 set to the model, its composites read with `:` and
/// repeats with `^`.
pub fn from_x12_types(tx: &_835) -> Result<RemittanceTransaction> {
    Reader {
        d: Delimiters::default(),
    }
    .transaction(tx)
}

impl TryFrom<&RemittanceTransaction> for _835 {
    type Error = ConvertError;
    fn try_from(tx: &RemittanceTransaction) -> Result<_835> {
        to_x12_types(tx)
    }
}

impl TryFrom<&_835> for RemittanceTransaction {
    type Error = ConvertError;
    fn try_from(tx: &_835) -> Result<RemittanceTransaction> {
        from_x12_types(tx)
    }
}

/// One interchange of 835 sets to x12-types.
pub fn interchange_to_x12_types(i: &Interchange) -> Result<Transmission<_835>> {
    let first = |t: &Text| t.as_bytes().first().copied();
    let w = Writer {
        d: delimiters(
            first(&i.delimiters.component).unwrap_or(b':'),
            i.delimiters.repetition.as_ref().and_then(first),
        ),
    };
    w.interchange(i)
        .within(|| format!("ISA {}", i.control_number))
}

/// One x12-types interchange to the model.
pub fn interchange_from_x12_types(t: &Transmission<_835>) -> Result<Interchange> {
    Reader::interchange(t).within(|| format!("ISA {}", t.isa._13))
}

/// Every interchange of a document to x12-types.
pub fn document_to_x12_types(doc: &Document) -> Result<Vec<Transmission<_835>>> {
    if !doc.other_segments.is_empty() {
        return no_place("segments outside an interchange");
    }
    doc.interchanges
        .iter()
        .map(interchange_to_x12_types)
        .collect()
}

/// x12-types interchanges to one document.
pub fn document_from_x12_types(ts: &[Transmission<_835>]) -> Result<Document> {
    let interchanges = ts
        .iter()
        .map(interchange_from_x12_types)
        .collect::<Result<Vec<_>>>()?;
    let any = interchanges
        .iter()
        .any(|i| i.groups.iter().any(|g| !g.transactions.is_empty()));
    Ok(Document {
        model: MODEL_VERSION,
        interchanges,
        other_segments: Vec::new(),
        kind: any.then(|| Text::new("835")),
    })
}

// ------------------------------------------------------------ model -> x12-types

/// One segment's elements by position (1-based), as x12-types' strings.
struct Elems {
    id: &'static str,
    values: Vec<Option<String>>,
}

impl Elems {
    fn new(id: &'static str) -> Self {
        Elems {
            id,
            values: Vec::new(),
        }
    }

    fn put(&mut self, pos: usize, value: Option<String>) {
        if let Some(v) = value {
            if self.values.len() < pos {
                self.values.resize(pos, None);
            }
            self.values[pos - 1] = Some(v);
        }
    }

    fn text(&mut self, pos: usize, t: Option<&Text>) {
        self.put(pos, t.map(|t| t.to_string()));
    }

    /// A required code: written unless empty.
    fn code(&mut self, pos: usize, t: &Text) {
        if !t.is_empty() {
            self.put(pos, Some(t.to_string()));
        }
    }

    fn amount(&mut self, pos: usize, a: Option<Amount>) {
        self.put(pos, a.map(|a| a.to_string()));
    }

    /// Components, trailing empty ones left out; nothing when all are.
    fn composite(&mut self, pos: usize, parts: &[&str], d: &Delimiters) {
        let n = parts
            .iter()
            .rposition(|p| !p.is_empty())
            .map_or(0, |k| k + 1);
        if n > 0 {
            let sep = char::from(d.component).to_string();
            self.put(pos, Some(parts[..n].join(sep.as_str())));
        }
    }

    /// A positional list (RARCs of MIA, MOA) at `from`, at most `room`.
    fn list(&mut self, from: usize, room: usize, items: &[Text], what: &str) -> Result<()> {
        if items.len() > room {
            return no_place(format!("more than {room} {what}"));
        }
        for (k, t) in items.iter().enumerate() {
            self.code(from + k, t);
        }
        Ok(())
    }

    /// The elements the model keeps in `extra`, each at its position.
    /// `shared` names the other segments whose elements the same `extra`
    /// holds (an address keeps N3's and N4's).
    fn extra(&mut self, extra: &Extra, d: &Delimiters, shared: &[&str]) -> Result<()> {
        for (reference, element) in extra.iter() {
            if let Some(pos) = position(reference, self.id) {
                self.put(pos, Some(render(element, d)));
            } else if !shared.iter().any(|s| position(reference, s).is_some()) {
                return Err(ConvertErrorKind::NoElement {
                    segment: self.id.to_string(),
                    reference: reference.to_string(),
                }
                .into());
            }
        }
        Ok(())
    }

    /// The x12-types segment, through its serde form: every segment
    /// serializes as `{"01": …, "02": …}` with codes and dates as strings,
    /// so one path fills them all.
    fn build<T: Serialize + DeserializeOwned + Default>(&self) -> Result<T> {
        let refused = |message: String| {
            ConvertError::new(ConvertErrorKind::Refused {
                segment: self.id.to_string(),
                message,
            })
        };
        let mut fields = match serde_json::to_value(T::default()) {
            Ok(Json::Object(m)) => m,
            Ok(_) => return Err(refused("not a segment".into())),
            Err(e) => return Err(refused(e.to_string())),
        };
        for (k, v) in self.values.iter().enumerate() {
            let Some(v) = v else { continue };
            let key = format!("{:02}", k + 1);
            let reference = format!("{}{key}", self.id);
            if let Some(separator) = v.chars().find(|c| matches!(c, '*' | '~')) {
                return Err(ConvertErrorKind::Separator {
                    reference,
                    separator,
                }
                .into());
            }
            match fields.get_mut(&key) {
                Some(slot) => *slot = Json::String(v.clone()),
                None => {
                    return Err(ConvertErrorKind::NoElement {
                        segment: self.id.to_string(),
                        reference,
                    }
                    .into());
                }
            }
        }
        serde_json::from_value(Json::Object(fields)).map_err(|e| refused(e.to_string()))
    }
}

/// Position of `CLP04` in `CLP`: 4.
fn position(reference: &str, id: &str) -> Option<usize> {
    let digits = reference.strip_prefix(id)?;
    if digits.len() < 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&p| p > 0)
}

/// An element of `extra` or of a raw segment as X12 writes it.
fn render(e: &Element, d: &Delimiters) -> String {
    let value = |v: &Value| match v {
        Value::Text(t) => t.to_string(),
        Value::Composite(c) => join(c, d.component),
    };
    match e {
        Element::Text(t) => t.to_string(),
        Element::Composite(c) => join(c, d.component),
        Element::Repeated(r) => {
            let sep = char::from(d.repetition.unwrap_or(b'^')).to_string();
            r.repeats
                .iter()
                .map(value)
                .collect::<Vec<_>>()
                .join(sep.as_str())
        }
    }
}

fn join(parts: &[Text], sep: u8) -> String {
    let parts: Vec<&str> = parts.iter().map(Text::as_str).collect();
    parts.join(char::from(sep).to_string().as_str())
}

struct Writer {
    d: Delimiters,
}

impl Writer {
    fn interchange(&self, i: &Interchange) -> Result<Transmission<_835>> {
        if !i.other_segments.is_empty() {
            return no_place("segments between functional groups");
        }
        let mut isa = Elems::new("ISA");
        let head = [
            &i.authorization_qualifier,
            &i.authorization,
            &i.security_qualifier,
            &i.security,
            &i.sender_qualifier,
            &i.sender_id,
            &i.receiver_qualifier,
            &i.receiver_id,
            &i.date,
            &i.time,
            &i.repetition_separator,
            &i.version,
            &i.control_number,
            &i.acknowledgment_requested,
            &i.usage,
        ];
        for (k, t) in head.into_iter().enumerate() {
            isa.code(k + 1, t);
        }
        isa.put(16, Some(char::from(self.d.component).to_string()));
        isa.extra(&i.extra, &self.d, &[])?;
        let mut groups = Vec::new();
        for g in &i.groups {
            groups.push(
                self.group(g)
                    .within(|| format!("GS {}", g.control_number))?,
            );
        }
        let mut iea = Elems::new("IEA");
        iea.put(1, Some(groups.len().to_string()));
        iea.code(2, &i.control_number);
        Ok(Transmission {
            isa: isa.build::<ISA>()?,
            functional_group: groups,
            iea: iea.build::<IEA>()?,
        })
    }

    fn group(&self, g: &Group) -> Result<FunctionalGroup<_835>> {
        if !g.other_segments.is_empty() {
            return no_place("segments between transaction sets");
        }
        let mut gs = Elems::new("GS");
        let head = [
            &g.functional_id,
            &g.sender,
            &g.receiver,
            &g.date,
            &g.time,
            &g.control_number,
            &g.agency,
            &g.version,
        ];
        for (k, t) in head.into_iter().enumerate() {
            gs.code(k + 1, t);
        }
        gs.extra(&g.extra, &self.d, &[])?;
        let mut sets = Vec::new();
        for t in &g.transactions {
            match t {
                Transaction::Remittance(tx) => sets.push(self.transaction(tx)?),
                Transaction::Claims(c) => {
                    return Err(
                        ConvertErrorKind::NotRemittance(c.control_number.to_string()).into(),
                    );
                }
                Transaction::Other(o) => {
                    return Err(
                        ConvertErrorKind::NotRemittance(o.control_number.to_string()).into(),
                    );
                }
            }
        }
        let mut ge = Elems::new("GE");
        ge.put(1, Some(sets.len().to_string()));
        ge.code(2, &g.control_number);
        Ok(FunctionalGroup {
            gs: gs.build::<GS>()?,
            segments: sets,
            ge: ge.build::<GE>()?,
        })
    }

    fn transaction(&self, tx: &RemittanceTransaction) -> Result<_835> {
        self.transaction_inner(tx)
            .within(|| format!("835 {}", tx.control_number))
    }

    fn transaction_inner(&self, tx: &RemittanceTransaction) -> Result<_835> {
        let d = &self.d;
        let mut st = Elems::new("ST");
        st.put(1, Some("835".into()));
        st.code(2, &tx.control_number);
        st.text(3, tx.version.as_ref());
        st.extra(&tx.extra, d, &[])?;
        let mut out = _835 {
            st: st.build::<ST>()?,
            .._835::default()
        };
        if let Some(p) = &tx.payment {
            out.bpr = self.payment(p)?;
        }
        out.trn = tx.trace.as_ref().map(|t| self.trace(t)).transpose()?;
        out.cur = tx.currency.as_ref().map(|c| self.currency(c)).transpose()?;
        out.r#ref = self.all(&tx.references, Self::reference)?;
        out.dtm = self.all(&tx.dates, Self::date)?;
        if let Some(p) = &tx.payer {
            out.loop_1000
                .push(self.party_loop(p).within(|| "payer".into())?);
        }
        if let Some(p) = &tx.payee {
            out.loop_1000
                .push(self.party_loop(p).within(|| "payee".into())?);
        }
        // A further payer or payee loop is kept segment by segment, its N1
        // first.
        let mut further = false;
        for o in &tx.other_segments {
            let id = o.segment.id.as_str();
            let in_1000 = matches!(o.loop_id.as_deref(), Some("1000A" | "1000B"));
            match (id, in_1000, out.loop_1000.last_mut()) {
                ("NTE", false, _) => out.nte.push(self.raw::<NTE>("NTE", &o.segment)?),
                ("N1", true, _) => {
                    out.loop_1000.push(_835Loop1000 {
                        n1: self.raw::<N1>("N1", &o.segment)?,
                        .._835Loop1000::default()
                    });
                    further = true;
                }
                (_, true, Some(l)) if further => self.party_raw(l, &o.segment)?,
                _ => return no_place(format!("{id} in the set's header")),
            }
        }
        out.loop_2000 = self.header_loops(tx)?;
        out.plb = self.all(&tx.provider_adjustments, Self::provider_adjustment)?;
        // SE01 counts what x12-types writes: ST to SE, empty segments left
        // out.
        let mut se = Elems::new("SE");
        se.put(1, Some("0".into()));
        se.code(2, &tx.control_number);
        out.se = se.build()?;
        let count = out.to_string().matches('~').count();
        se.put(1, Some(count.to_string()));
        out.se = se.build::<SE>()?;
        Ok(out)
    }

    fn all<A, B>(&self, items: &[A], f: impl Fn(&Self, &A) -> Result<B>) -> Result<Vec<B>> {
        items.iter().map(|i| f(self, i)).collect()
    }

    /// A segment kept whole, into x12-types' struct for its id.
    fn raw<T: Serialize + DeserializeOwned + Default>(
        &self,
        id: &'static str,
        s: &RawSegment,
    ) -> Result<T> {
        let mut e = Elems::new(id);
        for (k, el) in s.elements.iter().enumerate() {
            e.put(k + 1, Some(render(el, &self.d)));
        }
        e.build()
    }

    fn payment(&self, p: &Payment) -> Result<BPR> {
        let mut e = Elems::new("BPR");
        e.text(1, p.handling_code.as_ref());
        e.amount(2, p.amount);
        let rest = [
            &p.credit_debit,
            &p.method,
            &p.format,
            &p.sender_dfi_qualifier,
            &p.sender_dfi_id,
            &p.sender_account_qualifier,
            &p.sender_account,
            &p.originator_company_id,
            &p.originator_supplemental_code,
            &p.receiver_dfi_qualifier,
            &p.receiver_dfi_id,
            &p.receiver_account_qualifier,
            &p.receiver_account,
            &p.date,
        ];
        for (k, t) in rest.into_iter().enumerate() {
            e.text(k + 3, t.as_ref());
        }
        e.extra(&p.extra, &self.d, &[])?;
        e.build()
    }

    fn trace(&self, t: &Trace) -> Result<TRN> {
        let mut e = Elems::new("TRN");
        e.text(1, t.trace_type.as_ref());
        e.text(2, t.number.as_ref());
        e.text(3, t.originator.as_ref());
        e.text(4, t.supplemental.as_ref());
        e.extra(&t.extra, &self.d, &[])?;
        e.build()
    }

    fn currency(&self, c: &Currency) -> Result<CUR> {
        let mut e = Elems::new("CUR");
        e.code(1, &c.entity);
        e.text(2, c.code.as_ref());
        e.extra(&c.extra, &self.d, &[])?;
        e.build()
    }

    fn reference(&self, r: &Ref) -> Result<REF> {
        let mut e = Elems::new("REF");
        e.code(1, &r.qualifier);
        e.text(2, r.value.as_ref());
        e.text(3, r.description.as_ref());
        if let Some(c) = &r.reference {
            let parts: Vec<&str> = c.iter().map(Text::as_str).collect();
            e.composite(4, &parts, &self.d);
        }
        e.extra(&r.extra, &self.d, &[])?;
        e.build()
    }

    fn date(&self, t: &DateTime) -> Result<DTM> {
        let mut e = Elems::new("DTM");
        e.code(1, &t.qualifier);
        e.text(2, t.date.as_ref());
        e.text(3, t.time.as_ref());
        e.text(4, t.time_code.as_ref());
        e.text(5, t.period_format.as_ref());
        e.text(6, t.period.as_ref());
        e.extra(&t.extra, &self.d, &[])?;
        e.build()
    }

    fn contact(&self, c: &Contact) -> Result<PER> {
        let mut e = Elems::new("PER");
        e.code(1, &c.function);
        e.text(2, c.name.as_ref());
        if c.numbers.len() > 3 {
            return no_place("a fourth number of a contact (PER)");
        }
        for (k, n) in c.numbers.iter().enumerate() {
            e.code(3 + 2 * k, &n.qualifier);
            e.text(4 + 2 * k, n.number.as_ref());
        }
        e.extra(&c.extra, &self.d, &[])?;
        e.build()
    }

    fn amount_ref(&self, a: &AmountRef) -> Result<AMT> {
        let mut e = Elems::new("AMT");
        e.code(1, &a.qualifier);
        e.amount(2, a.amount);
        e.text(3, a.credit_debit.as_ref());
        e.extra(&a.extra, &self.d, &[])?;
        e.build()
    }

    fn quantity(&self, q: &QuantityRef) -> Result<QTY> {
        let mut e = Elems::new("QTY");
        e.code(1, &q.qualifier);
        e.amount(2, q.quantity);
        e.extra(&q.extra, &self.d, &[])?;
        e.build()
    }

    fn remark(&self, r: &Remark) -> Result<LQ> {
        let mut e = Elems::new("LQ");
        e.code(1, &r.qualifier);
        e.text(2, r.code.as_ref());
        e.extra(&r.extra, &self.d, &[])?;
        e.build()
    }

    fn adjustment(&self, a: &Adjustment) -> Result<CAS> {
        let mut e = Elems::new("CAS");
        e.code(1, &a.group);
        for (k, r) in a.reasons.iter().enumerate() {
            e.code(2 + 3 * k, &r.carc);
            e.amount(3 + 3 * k, r.amount);
            e.amount(4 + 3 * k, r.quantity);
        }
        e.extra(&a.extra, &self.d, &[])?;
        e.build()
    }

    fn provider_adjustment(&self, p: &ProviderAdjustment) -> Result<PLB> {
        let mut e = Elems::new("PLB");
        e.text(1, p.provider_id.as_ref());
        e.text(2, p.fiscal_period_date.as_ref());
        for (k, a) in p.adjustments.iter().enumerate() {
            let reference = a.reference.as_deref().unwrap_or("");
            e.composite(3 + 2 * k, &[a.reason.as_str(), reference], &self.d);
            e.amount(4 + 2 * k, a.amount);
        }
        e.extra(&p.extra, &self.d, &[])?;
        e.build()
    }

    /// A payer or payee (N1 loop).
    fn party_loop(&self, p: &Party) -> Result<_835Loop1000> {
        let d = &self.d;
        let nm1_only = [
            &p.entity_type,
            &p.first_name,
            &p.middle_name,
            &p.prefix,
            &p.suffix,
        ];
        if nm1_only.iter().any(|t| t.is_some()) {
            return no_place("NM102/NM104-NM107 values of an N1 party");
        }
        if p.demographics.is_some() || p.specialty.is_some() || !p.dates.is_empty() {
            return no_place("DMG, PRV or DTP in a payer or payee loop");
        }
        let mut n1 = Elems::new("N1");
        n1.code(1, &p.entity);
        n1.text(2, p.name.as_ref());
        n1.text(3, p.id_qualifier.as_ref());
        n1.text(4, p.id.as_ref());
        n1.extra(&p.extra, d, &[])?;
        let mut out = _835Loop1000 {
            n1: n1.build()?,
            r#ref: self.all(&p.references, Self::reference)?,
            per: self.all(&p.contacts, Self::contact)?,
            .._835Loop1000::default()
        };
        if let Some(a) = &p.address {
            let has = |id: &str| a.extra.iter().any(|(r, _)| position(r, id).is_some());
            if a.has_street() || has("N3") {
                let mut n3 = Elems::new("N3");
                n3.text(1, a.line1.as_ref());
                n3.text(2, a.line2.as_ref());
                n3.extra(&a.extra, d, &["N4"])?;
                out.n3.push(n3.build()?);
            }
            if a.has_city() || has("N4") {
                let mut n4 = Elems::new("N4");
                n4.text(1, a.city.as_ref());
                n4.text(2, a.state.as_ref());
                n4.text(3, a.postal_code.as_ref());
                n4.text(4, a.country.as_ref());
                n4.text(7, a.subdivision.as_ref());
                n4.extra(&a.extra, d, &["N3"])?;
                out.n4 = Some(n4.build()?);
            }
        }
        for o in &p.other_segments {
            self.party_raw(&mut out, &o.segment)?;
        }
        Ok(out)
    }

    /// A segment of a payer or payee loop kept whole.
    fn party_raw(&self, l: &mut _835Loop1000, s: &RawSegment) -> Result<()> {
        fn once<T>(slot: &mut Option<T>, v: T, id: &str) -> Result<()> {
            if slot.is_some() {
                return no_place(format!("a second {id} in a payer or payee loop"));
            }
            *slot = Some(v);
            Ok(())
        }
        match s.id.as_str() {
            "N2" => l.n2.push(self.raw::<N2>("N2", s)?),
            "N3" => l.n3.push(self.raw::<N3>("N3", s)?),
            "N4" => once(&mut l.n4, self.raw::<N4>("N4", s)?, "N4")?,
            "REF" => l.r#ref.push(self.raw::<REF>("REF", s)?),
            "PER" => l.per.push(self.raw::<PER>("PER", s)?),
            "RDM" => once(&mut l.rdm, self.raw::<RDM>("RDM", s)?, "RDM")?,
            "DTM" => once(&mut l.dtm, self.raw::<DTM>("DTM", s)?, "DTM")?,
            id => return no_place(format!("{id} in a payer or payee loop")),
        }
        Ok(())
    }

    /// The 2000 loops: claim payments in a row that carry the same header
    /// number share one, and the loops without claims stand where they
    /// were.
    fn header_loops(&self, tx: &RemittanceTransaction) -> Result<Vec<_835Loop2000>> {
        let mut loops: Vec<_835Loop2000> = Vec::new();
        let mut open: Option<&Arc<HeaderNumber>> = None;
        let mut empty = tx.headers_without_claims.iter().peekable();
        for (k, claim) in tx.claims.iter().enumerate() {
            while let Some(h) = empty.next_if(|h| h.after_claims <= k as u64) {
                loops.push(self.header_loop(&h.header_number)?);
                open = None;
            }
            let Some(h) = &claim.header_number else {
                return Err(ConvertErrorKind::NoHeaderNumber(claim.id.to_string()).into());
            };
            if !open.is_some_and(|o| Arc::ptr_eq(o, h) || o == h) {
                loops.push(self.header_loop(h)?);
                open = Some(h);
            }
            let c = self
                .claim(claim)
                .within(|| format!("claim payment {}", claim.id))?;
            if let Some(l) = loops.last_mut() {
                l.loop_2100.push(c);
            }
        }
        for h in empty {
            loops.push(self.header_loop(&h.header_number)?);
        }
        Ok(loops)
    }

    fn header_loop(&self, h: &HeaderNumber) -> Result<_835Loop2000> {
        let mut lx = Elems::new("LX");
        lx.text(1, h.number.as_ref());
        lx.extra(&h.extra, &self.d, &[])?;
        let mut out = _835Loop2000 {
            lx: lx.build::<LX>()?,
            .._835Loop2000::default()
        };
        for o in &h.other_segments {
            match o.segment.id.as_str() {
                "TS3" if out.ts3.is_none() => out.ts3 = Some(self.raw::<TS3>("TS3", &o.segment)?),
                "TS2" if out.ts2.is_none() => out.ts2 = Some(self.raw::<TS2>("TS2", &o.segment)?),
                id => return no_place(format!("{id} in a 2000 loop")),
            }
        }
        Ok(out)
    }

    fn claim(&self, c: &ClaimPayment) -> Result<_835Loop2100> {
        let mut clp = Elems::new("CLP");
        clp.code(1, &c.id);
        clp.text(2, c.status.as_ref());
        clp.amount(3, c.charge);
        clp.amount(4, c.paid);
        clp.amount(5, c.patient_responsibility);
        clp.text(6, c.filing_indicator.as_ref());
        clp.text(7, c.payer_claim_control_number.as_ref());
        clp.text(8, c.facility_code.as_ref());
        clp.text(9, c.frequency_code.as_ref());
        clp.text(11, c.drg_code.as_ref());
        clp.amount(12, c.drg_weight);
        clp.amount(13, c.discharge_fraction);
        clp.extra(&c.extra, &self.d, &[])?;
        // The guide's order of the NM1s, then any other.
        let parties = [
            &c.patient,
            &c.insured,
            &c.corrected_patient,
            &c.rendering_provider,
            &c.crossover_carrier,
            &c.corrected_payer,
            &c.other_subscriber,
        ];
        let mut nm1 = Vec::new();
        for p in parties.into_iter().flatten() {
            nm1.push(self.claim_party(p)?);
        }
        for o in &c.other_segments {
            match o.segment.id.as_str() {
                "NM1" => nm1.push(self.raw::<NM1>("NM1", &o.segment)?),
                id => return no_place(format!("{id} kept in a claim payment")),
            }
        }
        let mut services = Vec::new();
        for (k, s) in c.services.iter().enumerate() {
            services.push(
                self.service(s)
                    .within(|| format!("service line {}", k + 1))?,
            );
        }
        Ok(_835Loop2100 {
            clp: clp.build::<CLP>()?,
            cas: self.all(&c.adjustments, Self::adjustment)?,
            nm1,
            mia: c
                .inpatient
                .as_ref()
                .map(|m| self.inpatient(m))
                .transpose()?,
            moa: c
                .outpatient
                .as_ref()
                .map(|m| self.outpatient(m))
                .transpose()?,
            r#ref: self.all(&c.references, Self::reference)?,
            dtm: self.all(&c.dates, Self::date)?,
            per: self.all(&c.contacts, Self::contact)?,
            amt: self.all(&c.amounts, Self::amount_ref)?,
            qty: self.all(&c.quantities, Self::quantity)?,
            loop_2110: services,
        })
    }

    /// An NM1 of a claim payment: one segment, no loop of its own.
    fn claim_party(&self, p: &Party) -> Result<NM1> {
        if p.address.is_some()
            || p.demographics.is_some()
            || p.specialty.is_some()
            || !p.references.is_empty()
            || !p.contacts.is_empty()
            || !p.dates.is_empty()
            || !p.other_segments.is_empty()
        {
            return no_place(format!(
                "segments under NM1*{} of a claim payment",
                p.entity
            ));
        }
        let mut e = Elems::new("NM1");
        e.code(1, &p.entity);
        let rest = [
            &p.entity_type,
            &p.name,
            &p.first_name,
            &p.middle_name,
            &p.prefix,
            &p.suffix,
            &p.id_qualifier,
            &p.id,
        ];
        for (k, t) in rest.into_iter().enumerate() {
            e.text(k + 2, t.as_ref());
        }
        e.extra(&p.extra, &self.d, &[])?;
        e.build()
    }

    fn inpatient(&self, m: &InpatientAdjudication) -> Result<MIA> {
        let mut e = Elems::new("MIA");
        e.amount(1, m.covered_days_or_visits);
        e.amount(2, m.pps_operating_outlier_amount);
        e.amount(3, m.lifetime_psychiatric_days);
        e.amount(4, m.drg_amount);
        e.text(5, m.remark_code.as_ref());
        let amounts = [
            m.disproportionate_share_amount,
            m.msp_pass_through_amount,
            m.pps_capital_amount,
            m.pps_capital_fsp_drg_amount,
            m.pps_capital_hsp_drg_amount,
            m.pps_capital_dsh_drg_amount,
            m.old_capital_amount,
            m.pps_capital_ime_amount,
            m.pps_operating_hospital_specific_drg_amount,
            m.cost_report_day_count,
            m.pps_operating_federal_specific_drg_amount,
            m.pps_capital_outlier_amount,
            m.indirect_teaching_amount,
            m.nonpayable_professional_component_amount,
        ];
        for (k, a) in amounts.into_iter().enumerate() {
            e.amount(6 + k, a);
        }
        e.list(20, 4, &m.remark_codes, "MIA remark codes")?;
        e.amount(24, m.pps_capital_exception_amount);
        e.extra(&m.extra, &self.d, &[])?;
        e.build()
    }

    fn outpatient(&self, m: &OutpatientAdjudication) -> Result<MOA> {
        let mut e = Elems::new("MOA");
        e.amount(1, m.reimbursement_rate);
        e.amount(2, m.hcpcs_payable_amount);
        e.list(3, 5, &m.remark_codes, "MOA remark codes")?;
        e.amount(8, m.esrd_payment_amount);
        e.amount(9, m.nonpayable_professional_component_amount);
        e.extra(&m.extra, &self.d, &[])?;
        e.build()
    }

    fn service(&self, s: &ServicePayment) -> Result<_835Loop2110> {
        if let Some(o) = s.other_segments.first() {
            return no_place(format!("{} kept in a service payment", o.segment.id));
        }
        let mut svc = Elems::new("SVC");
        if let Some(p) = &s.procedure {
            svc.composite(1, &procedure(p)?, &self.d);
        }
        svc.amount(2, s.charge);
        svc.amount(3, s.paid);
        svc.text(4, s.revenue_code.as_ref());
        svc.amount(5, s.units);
        if let Some(p) = &s.original_procedure {
            svc.composite(6, &procedure(p)?, &self.d);
        }
        svc.amount(7, s.original_units);
        svc.extra(&s.extra, &self.d, &[])?;
        let mut refs = self.all(&s.references, Self::reference)?;
        if let Some(n) = &s.control_number {
            let at = s
                .references
                .iter()
                .position(|r| !SERVICE_IDENTIFICATION.contains(&r.qualifier.as_str()))
                .unwrap_or(refs.len());
            let r = Ref {
                qualifier: Text::new("6R"),
                value: Some(n.clone()),
                ..Ref::default()
            };
            refs.insert(at, self.reference(&r)?);
        }
        Ok(_835Loop2110 {
            svc: svc.build::<SVC>()?,
            dtm: self.all(&s.dates, Self::date)?,
            cas: self.all(&s.adjustments, Self::adjustment)?,
            r#ref: refs,
            amt: self.all(&s.amounts, Self::amount_ref)?,
            qty: self.all(&s.quantities, Self::quantity)?,
            lq: self.all(&s.remarks, Self::remark)?,
        })
    }
}

/// The components of a procedure composite: qualifier, code, four
/// modifiers in position, description.
fn procedure(p: &Procedure) -> Result<Vec<&str>> {
    if p.modifiers.len() > 4 {
        return no_place("a fifth procedure modifier");
    }
    let mut parts = vec![p.qualifier.as_str(), p.code.as_deref().unwrap_or("")];
    parts.extend(p.modifiers.iter().map(Text::as_str));
    if let Some(desc) = &p.description {
        parts.resize(6, "");
        parts.push(desc.as_str());
    }
    Ok(parts)
}

// ------------------------------------------------------------ x12-types -> model

/// The elements of an x12-types segment by position; `None` for one not
/// written.
fn elements_of<T: Serialize>(segment: &T) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = Vec::new();
    if let Ok(Json::Object(m)) = serde_json::to_value(segment) {
        for (key, v) in m {
            let Some(pos) = key.parse::<usize>().ok().filter(|&p| p > 0) else {
                continue;
            };
            if let Json::String(s) = v {
                if out.len() < pos {
                    out.resize(pos, None);
                }
                out[pos - 1] = Some(s);
            }
        }
    }
    out
}

/// One x12-types segment as X12 text (`*` between elements, no
/// terminator), the form claimcheck's element readers take. An element
/// written empty stays there, so a raw segment keeps it.
struct Seg {
    id: &'static str,
    bytes: Vec<u8>,
}

impl Seg {
    fn of<T: Serialize>(id: &'static str, segment: &T) -> Result<Seg> {
        let values = elements_of(segment);
        let last = values
            .iter()
            .rposition(Option::is_some)
            .map_or(0, |k| k + 1);
        let mut bytes = id.as_bytes().to_vec();
        for (k, v) in values[..last].iter().enumerate() {
            bytes.push(b'*');
            if let Some(v) = v {
                if v.contains('*') {
                    return Err(ConvertErrorKind::Separator {
                        reference: format!("{id}{:02}", k + 1),
                        separator: '*',
                    }
                    .into());
                }
                bytes.extend_from_slice(v.as_bytes());
            }
        }
        if bytes.len() > MAX_TYPED_LEN {
            return Err(ConvertErrorKind::TooLong(id.to_string()).into());
        }
        Ok(Seg { id, bytes })
    }
}

fn push<T: Serialize>(out: &mut Vec<Seg>, id: &'static str, segment: &T) -> Result<()> {
    out.push(Seg::of(id, segment)?);
    Ok(())
}

fn push_all<T: Serialize>(out: &mut Vec<Seg>, id: &'static str, segments: &[T]) -> Result<()> {
    segments.iter().try_for_each(|s| push(out, id, s))
}

/// Where an x12-types segment goes in the model.
enum Place {
    Typed,
    /// Kept whole where it stands.
    Kept,
    /// Kept whole, and the guide has no place for it there.
    Unexpected,
}

struct Reader {
    d: Delimiters,
}

impl Reader {
    fn fields<'a>(&self, s: &'a Seg) -> Fields<'a> {
        Fields::of_bytes(&s.bytes, self.d)
    }

    fn other(&self, s: &Seg, loop_id: &str, index: usize, unexpected: bool) -> OtherSegment {
        OtherSegment {
            loop_id: Some(Text::new(loop_id)),
            index: index as u32,
            unexpected,
            segment: RawSegment::of(&s.bytes, &self.d),
        }
    }

    fn interchange(t: &Transmission<_835>) -> Result<Interchange> {
        let isa = Seg::of("ISA", &t.isa)?;
        // ISA16 is the component separator, ISA11 the repetition one when
        // it can serve as a separator.
        let component = t.isa._16.as_bytes().first().copied().unwrap_or(b':');
        let isa11 = t.isa._11.to_string();
        let repetition = match isa11.as_bytes() {
            [r] if !r.is_ascii_alphanumeric() && ![b'*', b'~', component].contains(r) => Some(*r),
            _ => None,
        };
        let r = Reader {
            d: delimiters(component, repetition),
        };
        let mut f = r.fields(&isa);
        let code = |f: &Fields<'_>, i| Text::from_bytes(f.raw(i));
        let mut i = Interchange {
            delimiters: crate::model::Delimiters {
                element: Text::new("*"),
                component: Text::from_bytes(&[component]),
                repetition: repetition.map(|r| Text::from_bytes(&[r])),
                segment: Text::new("~"),
            },
            authorization_qualifier: code(&f, 1),
            authorization: code(&f, 2),
            security_qualifier: code(&f, 3),
            security: code(&f, 4),
            sender_qualifier: code(&f, 5),
            sender_id: code(&f, 6),
            receiver_qualifier: code(&f, 7),
            receiver_id: code(&f, 8),
            date: code(&f, 9),
            time: code(&f, 10),
            repetition_separator: code(&f, 11),
            version: code(&f, 12),
            control_number: code(&f, 13),
            acknowledgment_requested: code(&f, 14),
            usage: code(&f, 15),
            extra: Extra::default(),
            groups: Vec::new(),
            other_segments: Vec::new(),
        };
        for k in 1..=15 {
            f.take(k);
        }
        if f.raw(16) == [component] {
            f.take(16);
        }
        i.extra = f.extra();
        for g in &t.functional_group {
            i.groups
                .push(r.group(g).within(|| format!("GS {}", g.gs._06))?);
        }
        Ok(i)
    }

    fn group(&self, g: &FunctionalGroup<_835>) -> Result<Group> {
        let gs = Seg::of("GS", &g.gs)?;
        let mut f = self.fields(&gs);
        let mut out = Group {
            functional_id: f.code(1),
            sender: f.code(2),
            receiver: f.code(3),
            date: f.code(4),
            time: f.code(5),
            control_number: f.code(6),
            agency: f.code(7),
            version: f.code(8),
            extra: Extra::default(),
            transactions: Vec::new(),
            other_segments: Vec::new(),
        };
        out.extra = f.extra();
        for tx in &g.segments {
            out.transactions
                .push(Transaction::Remittance(Box::new(self.transaction(tx)?)));
        }
        Ok(out)
    }

    fn transaction(&self, t: &_835) -> Result<RemittanceTransaction> {
        self.transaction_inner(t)
            .within(|| format!("835 {}", t.st._02))
    }

    fn transaction_inner(&self, t: &_835) -> Result<RemittanceTransaction> {
        let mut tx = RemittanceTransaction::default();
        let st = Seg::of("ST", &t.st)?;
        let mut f = self.fields(&st);
        f.take(1);
        tx.control_number = f.code(2);
        tx.version = f.text(3);
        tx.extra = f.extra();
        // The set's own segments (HEADER): BPR, NTE, TRN, CUR, REF, DTM.
        let mut header = vec![Seg::of("BPR", &t.bpr)?];
        push_all(&mut header, "NTE", &t.nte)?;
        if let Some(s) = &t.trn {
            push(&mut header, "TRN", s)?;
        }
        if let Some(s) = &t.cur {
            push(&mut header, "CUR", s)?;
        }
        push_all(&mut header, "REF", &t.r#ref)?;
        push_all(&mut header, "DTM", &t.dtm)?;
        for (index, s) in header.iter().enumerate() {
            let mut f = self.fields(s);
            let place = match s.id {
                "BPR" => {
                    let p = Payment::read(&mut f);
                    // x12-types' default BPR: the set had none.
                    if p != Payment::default() {
                        tx.payment = Some(p);
                    }
                    Place::Typed
                }
                "TRN" => {
                    tx.trace = Some(Trace::read(&mut f));
                    Place::Typed
                }
                "CUR" => {
                    tx.currency = Some(Currency::read(&mut f));
                    Place::Typed
                }
                "REF" => {
                    tx.references.push(Ref::read(&mut f));
                    Place::Typed
                }
                "DTM" => {
                    tx.dates.push(DateTime::read(&mut f));
                    Place::Typed
                }
                _ => Place::Unexpected,
            };
            if let Place::Unexpected = place {
                tx.other_segments.push(self.other(s, "HEADER", index, true));
            }
        }
        for l in &t.loop_1000 {
            self.party_loop(l, &mut tx)?;
        }
        let mut claims = Vec::new();
        for l in &t.loop_2000 {
            let header = Arc::new(self.header_number(l)?);
            if l.loop_2100.is_empty() {
                tx.headers_without_claims.push(HeaderWithoutClaims {
                    after_claims: claims.len() as u64,
                    header_number: header.clone(),
                });
            }
            for c in &l.loop_2100 {
                let claim = self
                    .claim(c, header.clone())
                    .within(|| format!("claim payment {}", c.clp._01))?;
                claims.push(claim);
            }
        }
        tx.claims = claims;
        for p in &t.plb {
            let s = Seg::of("PLB", p)?;
            tx.provider_adjustments
                .push(ProviderAdjustment::read(&mut self.fields(&s)));
        }
        Ok(tx)
    }

    /// A payer (N1*PR, 1000A) or payee (N1*PE, 1000B) loop; a further
    /// one, or one of another entity, is kept segment by segment in the
    /// set, as the parser keeps it.
    fn party_loop(&self, l: &_835Loop1000, tx: &mut RemittanceTransaction) -> Result<()> {
        let mut segs = Vec::new();
        push(&mut segs, "N1", &l.n1)?;
        push_all(&mut segs, "N2", &l.n2)?;
        push_all(&mut segs, "N3", &l.n3)?;
        if let Some(s) = &l.n4 {
            push(&mut segs, "N4", s)?;
        }
        push_all(&mut segs, "REF", &l.r#ref)?;
        push_all(&mut segs, "PER", &l.per)?;
        if let Some(s) = &l.rdm {
            push(&mut segs, "RDM", s)?;
        }
        if let Some(s) = &l.dtm {
            push(&mut segs, "DTM", s)?;
        }
        let entity = l.n1._01.to_string();
        let (loop_id, slot) = match entity.as_str() {
            "PR" => ("1000A", &mut tx.payer),
            "PE" => ("1000B", &mut tx.payee),
            _ => {
                for (index, s) in segs.iter().enumerate() {
                    tx.other_segments.push(self.other(s, "HEADER", index, true));
                }
                return Ok(());
            }
        };
        if slot.is_some() {
            for (index, s) in segs.iter().enumerate() {
                tx.other_segments.push(self.other(s, loop_id, index, false));
            }
            return Ok(());
        }
        let mut p = Box::<Party>::default();
        for (index, s) in segs.iter().enumerate() {
            let mut f = self.fields(s);
            let place = match s.id {
                "N1" if index == 0 => {
                    p.read_n1(&mut f);
                    Place::Typed
                }
                "N3" if !p
                    .address
                    .as_ref()
                    .is_some_and(|a| a.has_street() || a.has_city()) =>
                {
                    p.address
                        .get_or_insert_with(Default::default)
                        .read_n3(&mut f);
                    Place::Typed
                }
                "N4" if !p.address.as_ref().is_some_and(|a| a.has_city()) => {
                    p.address
                        .get_or_insert_with(Default::default)
                        .read_n4(&mut f);
                    Place::Typed
                }
                "N3" | "N4" => Place::Kept,
                "REF" => {
                    p.references.push(Ref::read(&mut f));
                    Place::Typed
                }
                "PER" => {
                    p.contacts.push(Contact::read(&mut f));
                    Place::Typed
                }
                "RDM" if loop_id == "1000B" => Place::Kept,
                _ => Place::Unexpected,
            };
            match place {
                Place::Typed => {}
                Place::Kept => p.other_segments.push(self.other(s, loop_id, index, false)),
                Place::Unexpected => p.other_segments.push(self.other(s, loop_id, index, true)),
            }
        }
        *slot = Some(p);
        Ok(())
    }

    fn header_number(&self, l: &_835Loop2000) -> Result<HeaderNumber> {
        let mut segs = Vec::new();
        push(&mut segs, "LX", &l.lx)?;
        if let Some(s) = &l.ts3 {
            push(&mut segs, "TS3", s)?;
        }
        if let Some(s) = &l.ts2 {
            push(&mut segs, "TS2", s)?;
        }
        let mut h = HeaderNumber::default();
        for (index, s) in segs.iter().enumerate() {
            if index == 0 {
                let mut f = self.fields(s);
                h.number = f.text(1);
                h.extra = f.extra();
            } else {
                h.other_segments.push(self.other(s, "2000", index, false));
            }
        }
        Ok(h)
    }

    fn claim(&self, l: &_835Loop2100, header: Arc<HeaderNumber>) -> Result<ClaimPayment> {
        let mut segs = Vec::new();
        push(&mut segs, "CLP", &l.clp)?;
        push_all(&mut segs, "CAS", &l.cas)?;
        push_all(&mut segs, "NM1", &l.nm1)?;
        if let Some(s) = &l.mia {
            push(&mut segs, "MIA", s)?;
        }
        if let Some(s) = &l.moa {
            push(&mut segs, "MOA", s)?;
        }
        push_all(&mut segs, "REF", &l.r#ref)?;
        push_all(&mut segs, "DTM", &l.dtm)?;
        push_all(&mut segs, "PER", &l.per)?;
        push_all(&mut segs, "AMT", &l.amt)?;
        push_all(&mut segs, "QTY", &l.qty)?;
        let mut c = ClaimPayment {
            header_number: Some(header),
            ..ClaimPayment::default()
        };
        for (index, s) in segs.iter().enumerate() {
            let mut f = self.fields(s);
            let place = match s.id {
                "CLP" if index == 0 => {
                    c.read_clp(&mut f);
                    Place::Typed
                }
                "CAS" => {
                    c.adjustments.push(Adjustment::read(&mut f));
                    Place::Typed
                }
                "NM1" => match c.party_slot(f.raw(1)) {
                    Some(slot) if slot.is_none() => {
                        let mut p = Box::<Party>::default();
                        p.read_nm1(&mut f);
                        *slot = Some(p);
                        Place::Typed
                    }
                    Some(_) => Place::Kept,
                    None => {
                        let known = CLAIM_PARTIES.iter().any(|e| e.as_bytes() == f.raw(1));
                        if known {
                            Place::Kept
                        } else {
                            Place::Unexpected
                        }
                    }
                },
                "MIA" => {
                    c.inpatient = Some(InpatientAdjudication::read(&mut f));
                    Place::Typed
                }
                "MOA" => {
                    c.outpatient = Some(OutpatientAdjudication::read(&mut f));
                    Place::Typed
                }
                "REF" => {
                    c.references.push(Ref::read(&mut f));
                    Place::Typed
                }
                "DTM" => {
                    c.dates.push(DateTime::read(&mut f));
                    Place::Typed
                }
                "PER" => {
                    c.contacts.push(Contact::read(&mut f));
                    Place::Typed
                }
                "AMT" => {
                    c.amounts.push(AmountRef::read(&mut f));
                    Place::Typed
                }
                "QTY" => {
                    c.quantities.push(QuantityRef::read(&mut f));
                    Place::Typed
                }
                _ => Place::Unexpected,
            };
            match place {
                Place::Typed => {}
                Place::Kept => c.other_segments.push(self.other(s, "2100", index, false)),
                Place::Unexpected => c.other_segments.push(self.other(s, "2100", index, true)),
            }
        }
        for (k, l) in l.loop_2110.iter().enumerate() {
            let s = self
                .service(l)
                .within(|| format!("service line {}", k + 1))?;
            c.services.push(s);
        }
        Ok(c)
    }

    fn service(&self, l: &_835Loop2110) -> Result<ServicePayment> {
        let mut segs = Vec::new();
        push(&mut segs, "SVC", &l.svc)?;
        push_all(&mut segs, "DTM", &l.dtm)?;
        push_all(&mut segs, "CAS", &l.cas)?;
        push_all(&mut segs, "REF", &l.r#ref)?;
        push_all(&mut segs, "AMT", &l.amt)?;
        push_all(&mut segs, "QTY", &l.qty)?;
        push_all(&mut segs, "LQ", &l.lq)?;
        let mut s = ServicePayment::default();
        for (index, seg) in segs.iter().enumerate() {
            let mut f = self.fields(seg);
            match seg.id {
                "SVC" if index == 0 => s.read_svc(&mut f),
                "DTM" => s.dates.push(DateTime::read(&mut f)),
                "CAS" => s.adjustments.push(Adjustment::read(&mut f)),
                "REF" => {
                    // The first plain REF*6R is the line's control number,
                    // as the parser reads it.
                    let r = Ref::read(&mut f);
                    if r.qualifier == "6R" && s.control_number.is_none() && r.is_simple() {
                        s.control_number = r.value;
                    } else {
                        s.references.push(r);
                    }
                }
                "AMT" => s.amounts.push(AmountRef::read(&mut f)),
                "QTY" => s.quantities.push(QuantityRef::read(&mut f)),
                "LQ" => s.remarks.push(Remark::read(&mut f)),
                _ => s.other_segments.push(self.other(seg, "2110", index, true)),
            }
        }
        Ok(s)
    }
}
