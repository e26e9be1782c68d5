//! The parsed document and its envelopes: interchanges (ISA), functional
//! groups (GS) and transaction sets (ST), each keeping the header values a
//! writer needs to produce them again. Trailers (SE, GE, IEA) are not
//! kept: their counts and control numbers follow from the rest.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::claim::ClaimTransaction;
use super::fields::Fields;
use super::raw::{Extra, OtherSegment, RawSegment};
use super::remit::RemittanceTransaction;
use super::text::Text;
use crate::x12::delimiters;
use crate::x12::tokenizer::Segment;

/// Version of the JSON form, in every document's `model` field.
pub const MODEL_VERSION: u32 = 1;

/// Everything parsed from one input.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Document")]
pub struct Document<T = Transaction> {
    /// The version of this JSON form: 1.
    pub model: u32,
    pub interchanges: Vec<Interchange<T>>,
    /// Segments outside any interchange (after an IEA, before the next
    /// ISA); `index` counts the interchanges before each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
    /// The kind of every transaction set (`837P`, `837I`, `835`, `999` …)
    /// when they are all of one kind.
    pub kind: Option<Text>,
}

impl<T> Default for Document<T> {
    fn default() -> Self {
        Document {
            model: MODEL_VERSION,
            interchanges: Vec::new(),
            other_segments: Vec::new(),
            kind: None,
        }
    }
}

/// The delimiters of an interchange, one character each.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delimiters {
    pub element: Text,
    /// ISA16.
    pub component: Text,
    /// ISA11, when it can serve as a repetition separator.
    pub repetition: Option<Text>,
    pub segment: Text,
}

impl Delimiters {
    pub(crate) fn of(d: &delimiters::Delimiters) -> Self {
        let one = |b: u8| Text::from_bytes(&[b]);
        Delimiters {
            element: one(d.element),
            component: one(d.component),
            repetition: d.repetition.map(one),
            segment: one(d.segment),
        }
    }
}

/// One interchange (ISA … IEA). ISA values keep their padding.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Interchange")]
pub struct Interchange<T = Transaction> {
    pub delimiters: Delimiters,
    /// ISA01.
    pub authorization_qualifier: Text,
    /// ISA02.
    pub authorization: Text,
    /// ISA03.
    pub security_qualifier: Text,
    /// ISA04.
    pub security: Text,
    /// ISA05.
    pub sender_qualifier: Text,
    /// ISA06.
    pub sender_id: Text,
    /// ISA07.
    pub receiver_qualifier: Text,
    /// ISA08.
    pub receiver_id: Text,
    /// ISA09: YYMMDD.
    pub date: Text,
    /// ISA10: HHMM.
    pub time: Text,
    /// ISA11 as written (`^` in 5010).
    pub repetition_separator: Text,
    /// ISA12: `00501`.
    pub version: Text,
    /// ISA13.
    pub control_number: Text,
    /// ISA14.
    pub acknowledgment_requested: Text,
    /// ISA15: `P` production, `T` test.
    pub usage: Text,
    /// ISA elements the fields above do not hold.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    pub groups: Vec<Group<T>>,
    /// Segments between groups; `index` counts the groups before each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
}

impl<T> Interchange<T> {
    /// The header values of an ISA read with delimiters `d`.
    pub(crate) fn read(isa: &Segment<'_>, d: &delimiters::Delimiters) -> Self {
        let mut f = Fields::new(isa);
        let code = |i| Text::from_bytes(f.raw(i));
        let head = Interchange {
            delimiters: Delimiters::of(d),
            authorization_qualifier: code(1),
            authorization: code(2),
            security_qualifier: code(3),
            security: code(4),
            sender_qualifier: code(5),
            sender_id: code(6),
            receiver_qualifier: code(7),
            receiver_id: code(8),
            date: code(9),
            time: code(10),
            repetition_separator: code(11),
            version: code(12),
            control_number: code(13),
            acknowledgment_requested: code(14),
            usage: code(15),
            extra: Extra::default(),
            groups: Vec::new(),
            other_segments: Vec::new(),
        };
        for i in 1..=15 {
            f.take(i);
        }
        // ISA16 is the component separator itself.
        if f.raw(16) == [d.component] {
            f.take(16);
        }
        Interchange {
            extra: f.extra(),
            ..head
        }
    }
}

/// One functional group (GS … GE).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Group")]
pub struct Group<T = Transaction> {
    /// GS01: `HC` claims, `HP` remittances, `FA` acknowledgments.
    pub functional_id: Text,
    /// GS02.
    pub sender: Text,
    /// GS03.
    pub receiver: Text,
    /// GS04: CCYYMMDD.
    pub date: Text,
    /// GS05.
    pub time: Text,
    /// GS06.
    pub control_number: Text,
    /// GS07: `X`.
    pub agency: Text,
    /// GS08: the version (`005010X222A1`).
    pub version: Text,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    pub transactions: Vec<T>,
    /// Segments between transaction sets; `index` counts the sets before
    /// each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
}

impl<T> Group<T> {
    pub(crate) fn read(gs: &Segment<'_>) -> Self {
        let mut f = Fields::new(gs);
        let head = Group {
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
        Group {
            extra: f.extra(),
            ..head
        }
    }
}

/// One transaction set: typed when claimcheck has a model for its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Transaction {
    Claims(Box<ClaimTransaction>),
    Remittance(Box<RemittanceTransaction>),
    Other(OtherTransaction),
}

/// A transaction set in a file of claims: what `schemas/claim.schema.json`
/// describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ClaimFileTransaction {
    Claims(Box<ClaimTransaction>),
    Other(OtherTransaction),
}

/// A transaction set in a file of remittances: what
/// `schemas/remittance.schema.json` describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RemittanceFileTransaction {
    Remittance(Box<RemittanceTransaction>),
    Other(OtherTransaction),
}

/// A transaction set claimcheck has no typed model for (999, 277CA, 837D,
/// or a kind it does not know), kept segment by segment.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherTransaction {
    /// `999`, `277CA`, `837D`, or absent when the kind is not known.
    pub kind: Option<Text>,
    /// ST01.
    pub transaction_set: Text,
    /// ST02.
    pub control_number: Text,
    /// ST03.
    pub version: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// The segments between ST and SE.
    pub segments: Vec<RawSegment>,
}

/// ST02, ST03 and the ST elements past them.
pub(crate) fn read_st(st: &Segment<'_>) -> (Text, Option<Text>, Extra) {
    let mut f = Fields::new(st);
    f.take(1);
    let control = f.code(2);
    let version = f.text(3);
    (control, version, f.extra())
}
