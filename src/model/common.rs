//! Small segments that claims and remittances share: references, dates,
//! amounts, quantities, notes, attachments, contacts, procedure
//! composites, remarks, currency.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::amount::Amount;
use super::at::At;
use super::fields::Fields;
use super::raw::Extra;
use super::text::Text;

/// REF: a reference number and what it is.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ref {
    /// REF01: what the number is (`G1` prior authorization, `6R` line item
    /// control number, `EI` employer id, `F8` original claim number …).
    pub qualifier: Text,
    /// REF02: the number.
    pub value: Option<Text>,
    /// REF03: a description.
    pub description: Option<Text>,
    /// REF04: qualifier and id pairs, as components.
    pub reference: Option<Vec<Text>>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Where the REF is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl Ref {
    pub(crate) fn read(f: &mut Fields<'_>) -> Ref {
        let qualifier = f.code(1);
        let value = f.text(2);
        let description = f.text(3);
        let c = f.components(4);
        let reference = (c.count > 0).then(|| c.list(1, c.count));
        f.take(4);
        Ref {
            qualifier,
            value,
            description,
            reference,
            extra: f.extra(),
            at: f.at(),
        }
    }

    /// Only REF01 and REF02: the form a named field (such as a claim's
    /// `prior_authorization`) can hold.
    pub fn is_simple(&self) -> bool {
        self.value.is_some()
            && self.description.is_none()
            && self.reference.is_none()
            && self.extra.is_empty()
    }
}

/// DTP (837): a date or period with its qualifier and format.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRef {
    /// DTP01: which date (`472` service, `434` statement, `435` admission,
    /// `431` onset …).
    pub qualifier: Text,
    /// DTP02: `D8` (CCYYMMDD), `RD8` (CCYYMMDD-CCYYMMDD), `DT`, `TM`.
    pub format: Option<Text>,
    /// DTP03: the date or period as written.
    pub value: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Where the DTP is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl DateRef {
    pub(crate) fn read(f: &mut Fields<'_>) -> DateRef {
        DateRef {
            qualifier: f.code(1),
            format: f.text(2),
            value: f.text(3),
            extra: f.extra(),
            at: f.at(),
        }
    }
}

/// DTM (835): a date, with time and period when given.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateTime {
    /// DTM01: which date (`405` production, `232`/`233` statement period,
    /// `472`/`150`/`151` service …).
    pub qualifier: Text,
    /// DTM02: CCYYMMDD.
    pub date: Option<Text>,
    /// DTM03.
    pub time: Option<Text>,
    /// DTM04.
    pub time_code: Option<Text>,
    /// DTM05.
    pub period_format: Option<Text>,
    /// DTM06.
    pub period: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl DateTime {
    pub(crate) fn read(f: &mut Fields<'_>) -> DateTime {
        DateTime {
            qualifier: f.code(1),
            date: f.text(2),
            time: f.text(3),
            time_code: f.text(4),
            period_format: f.text(5),
            period: f.text(6),
            extra: f.extra(),
        }
    }
}

/// AMT: a monetary amount with its qualifier.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AmountRef {
    /// AMT01: which amount (`F5` patient paid, `D` payer paid, `AU`
    /// coverage, `B6` allowed …).
    pub qualifier: Text,
    /// AMT02.
    pub amount: Option<Amount>,
    /// AMT03: credit/debit flag.
    pub credit_debit: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Where the AMT is (balancing rules point at the amount).
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl AmountRef {
    pub(crate) fn read(f: &mut Fields<'_>) -> AmountRef {
        AmountRef {
            qualifier: f.code(1),
            amount: f.amount(2),
            credit_debit: f.text(3),
            extra: f.extra(),
            at: f.at(),
        }
    }
}

/// QTY: a quantity with its qualifier.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuantityRef {
    /// QTY01: which quantity (`PT` patients, `ZK` federal medicare covered
    /// units …).
    pub qualifier: Text,
    /// QTY02.
    pub quantity: Option<Amount>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl QuantityRef {
    pub(crate) fn read(f: &mut Fields<'_>) -> QuantityRef {
        QuantityRef {
            qualifier: f.code(1),
            quantity: f.amount(2),
            extra: f.extra(),
        }
    }
}

/// NTE: a free-text note.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// NTE01: what the note is about (`ADD` additional information, `TPO`
    /// third-party organization notes …).
    pub code: Option<Text>,
    /// NTE02.
    pub text: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl Note {
    pub(crate) fn read(f: &mut Fields<'_>) -> Note {
        Note {
            code: f.text(1),
            text: f.text(2),
            extra: f.extra(),
        }
    }
}

/// PWK: supporting documentation (an attachment) for a claim or line.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// PWK01: report type (`09` progress report, `OZ` support data …).
    pub report_type: Text,
    /// PWK02: how it is sent (`BM` by mail, `EL` electronically, `FX` by
    /// fax, `AA` available on request …).
    pub transmission: Option<Text>,
    /// PWK05: `AC` when an attachment control number follows.
    pub id_qualifier: Option<Text>,
    /// PWK06: the attachment control number.
    pub id: Option<Text>,
    /// PWK07.
    pub description: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl Attachment {
    pub(crate) fn read(f: &mut Fields<'_>) -> Attachment {
        Attachment {
            report_type: f.code(1),
            transmission: f.text(2),
            id_qualifier: f.text(5),
            id: f.text(6),
            description: f.text(7),
            extra: f.extra(),
        }
    }
}

/// PER: a contact and up to three ways to reach them.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// PER01: contact function (`IC` information contact, `BL` technical,
    /// `CX` payer claims office).
    pub function: Text,
    /// PER02.
    pub name: Option<Text>,
    /// PER03/04, PER05/06, PER07/08.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numbers: Vec<ContactNumber>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

/// One way to reach a contact.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactNumber {
    /// `TE` telephone, `EX` extension, `FX` fax, `EM` e-mail, `UR` URL.
    pub qualifier: Text,
    pub number: Option<Text>,
}

impl Contact {
    pub(crate) fn read(f: &mut Fields<'_>) -> Contact {
        let function = f.code(1);
        let name = f.text(2);
        let mut numbers = Vec::new();
        // Pairs in order; a pair after a gap stays in `extra`, where its
        // position is kept.
        for k in 0..3 {
            let (q, n) = (3 + 2 * k, 4 + 2 * k);
            if f.raw(q).is_empty() {
                if f.raw(n).is_empty() {
                    f.take(q);
                    f.take(n);
                }
                break;
            }
            numbers.push(ContactNumber {
                qualifier: f.code(q),
                number: f.text(n),
            });
        }
        Contact {
            function,
            name,
            numbers,
            extra: f.extra(),
        }
    }
}

/// A procedure or product composite (SV101, SV202, SVC01, SVC06, SVD03):
/// code qualifier, code, modifiers, description.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// Component 1: `HC` (HCPCS/CPT), `ER`, `IV`, `WK`, `N4` (NDC), `NU`
    /// (revenue code) …
    pub qualifier: Text,
    /// Component 2: the code.
    pub code: Option<Text>,
    /// Components 3–6, in position (an empty string holds a skipped one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<Text>,
    /// Component 7.
    pub description: Option<Text>,
}

impl Procedure {
    /// The procedure in element `i` of `f`; `None` when the element is
    /// empty, or has more components than a procedure holds (then it is
    /// left for `extra`).
    pub(crate) fn read(f: &mut Fields<'_>, i: usize) -> Option<Procedure> {
        Procedure::read_reusing(f, i, Vec::new())
    }

    /// [`Procedure::read`], the modifiers into `modifiers` (emptied first:
    /// its storage is what is reused).
    pub(crate) fn read_reusing(
        f: &mut Fields<'_>,
        i: usize,
        mut modifiers: Vec<Text>,
    ) -> Option<Procedure> {
        let c = f.components(i);
        if c.count > 7 {
            return None;
        }
        f.take(i);
        if c.count == 0 {
            return None;
        }
        c.list_into(3, 4, &mut modifiers);
        Some(Procedure {
            qualifier: c.code(1),
            code: c.text(2),
            modifiers,
            description: c.text(7),
        })
    }
}

/// LQ: a remark (RARC when the qualifier is `HE`).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Remark {
    /// LQ01: `HE` claim payment remark code (RARC), `RX` NCPDP reject code.
    pub qualifier: Text,
    /// LQ02.
    pub code: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Where the LQ is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl Remark {
    pub(crate) fn read(f: &mut Fields<'_>) -> Remark {
        Remark {
            qualifier: f.code(1),
            code: f.text(2),
            extra: f.extra(),
            at: f.at(),
        }
    }
}

/// CUR: the currency amounts are in.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Currency {
    /// CUR01: entity (`85` billing provider, `PR` payer).
    pub entity: Text,
    /// CUR02: ISO 4217 code.
    pub code: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl Currency {
    pub(crate) fn read(f: &mut Fields<'_>) -> Currency {
        Currency {
            entity: f.code(1),
            code: f.text(2),
            extra: f.extra(),
        }
    }
}
