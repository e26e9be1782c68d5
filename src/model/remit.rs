//! The typed 835 remittance (005010X221A1): [`RemittanceTransaction`]
//! holds one transaction set's payment, trace, payer and payee, its claim
//! payments and its provider-level adjustments (PLB).

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::adjustment::{Adjustment, InpatientAdjudication, OutpatientAdjudication};
use super::amount::Amount;
use super::at::At;
use super::common::{AmountRef, Contact, Currency, DateTime, Procedure, QuantityRef, Ref, Remark};
use super::fields::Fields;
use super::party::Party;
use super::raw::{Extra, OtherSegment};
use super::text::Text;

/// The kind of an 835 set (one value, so that JSON says `"kind":"835"`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum RemittanceKind {
    /// Health care claim payment/advice, 005010X221.
    #[default]
    #[serde(rename = "835")]
    Remittance,
}

/// One 835 transaction set (ST … SE).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemittanceTransaction {
    pub kind: RemittanceKind,
    /// ST02.
    pub control_number: Text,
    /// ST03, when written.
    pub version: Option<Text>,
    /// ST elements past ST03.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// BPR.
    pub payment: Option<Payment>,
    /// TRN.
    pub trace: Option<Trace>,
    /// CUR.
    pub currency: Option<Currency>,
    /// REF (`EV` receiver, `F2` version).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Ref>,
    /// DTM*405: production date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<DateTime>,
    /// 1000A: N1*PR with N3, N4, REF, PER.
    pub payer: Option<Box<Party>>,
    /// 1000B: N1*PE with N3, N4, REF.
    pub payee: Option<Box<Party>>,
    /// Claim payments (2100), in file order.
    pub claims: Vec<ClaimPayment>,
    /// Header numbers (2000 loops) under which no claim payment stands,
    /// with the number of claim payments before them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers_without_claims: Vec<HeaderWithoutClaims>,
    /// PLB.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provider_adjustments: Vec<ProviderAdjustment>,
    /// Segments of the set's header and trailer the model does not hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
}

/// BPR: the payment (or its absence) and how it moves.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// BPR01: `I` remittance with payment, `H` notification only, `P`
    /// pre-notification, `U`, `C`, `D`, `X`.
    pub handling_code: Option<Text>,
    /// BPR02: total actual provider payment.
    pub amount: Option<Amount>,
    /// BPR03: `C` credit, `D` debit.
    pub credit_debit: Option<Text>,
    /// BPR04: `ACH`, `CHK`, `BOP`, `FWT`, `NON`.
    pub method: Option<Text>,
    /// BPR05: `CCP`, `CTX`.
    pub format: Option<Text>,
    /// BPR06.
    pub sender_dfi_qualifier: Option<Text>,
    /// BPR07.
    pub sender_dfi_id: Option<Text>,
    /// BPR08.
    pub sender_account_qualifier: Option<Text>,
    /// BPR09.
    pub sender_account: Option<Text>,
    /// BPR10.
    pub originator_company_id: Option<Text>,
    /// BPR11.
    pub originator_supplemental_code: Option<Text>,
    /// BPR12.
    pub receiver_dfi_qualifier: Option<Text>,
    /// BPR13.
    pub receiver_dfi_id: Option<Text>,
    /// BPR14.
    pub receiver_account_qualifier: Option<Text>,
    /// BPR15.
    pub receiver_account: Option<Text>,
    /// BPR16: check issue or EFT effective date.
    pub date: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Where the BPR is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl Payment {
    pub(crate) fn read(f: &mut Fields<'_>) -> Self {
        Payment {
            handling_code: f.text(1),
            amount: f.amount(2),
            credit_debit: f.text(3),
            method: f.text(4),
            format: f.text(5),
            sender_dfi_qualifier: f.text(6),
            sender_dfi_id: f.text(7),
            sender_account_qualifier: f.text(8),
            sender_account: f.text(9),
            originator_company_id: f.text(10),
            originator_supplemental_code: f.text(11),
            receiver_dfi_qualifier: f.text(12),
            receiver_dfi_id: f.text(13),
            receiver_account_qualifier: f.text(14),
            receiver_account: f.text(15),
            date: f.text(16),
            extra: f.extra(),
            at: f.at(),
        }
    }
}

/// TRN: the check or EFT trace number that ties the payment to the
/// remittance.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trace {
    /// TRN01: `1`.
    pub trace_type: Option<Text>,
    /// TRN02: check or EFT trace number.
    pub number: Option<Text>,
    /// TRN03: payer id (`1` + EIN).
    pub originator: Option<Text>,
    /// TRN04.
    pub supplemental: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Where the TRN is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl Trace {
    pub(crate) fn read(f: &mut Fields<'_>) -> Self {
        Trace {
            trace_type: f.text(1),
            number: f.text(2),
            originator: f.text(3),
            supplemental: f.text(4),
            extra: f.extra(),
            at: f.at(),
        }
    }
}

/// 2000: a header number (LX) that groups claim payments, with its
/// provider summary segments (TS3, TS2) kept as they are.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderNumber {
    /// LX01. Claim payments that carry the same header number (and the
    /// same content) belong to one 2000 loop.
    pub number: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
}

/// A 2000 loop with no claim payment in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderWithoutClaims {
    /// Claim payments of the set before it.
    pub after_claims: u64,
    pub header_number: Arc<HeaderNumber>,
}

/// 2100: the payer's decision on one claim.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimPayment {
    /// The 2000 loop the claim payment stands in.
    pub header_number: Option<Arc<HeaderNumber>>,
    /// CLP01: the provider's claim id (CLM01 of the 837).
    pub id: Text,
    /// CLP02: `1` processed as primary, `2` secondary, `3` tertiary, `4`
    /// denied, `19`–`23` forwarded / not our claim / reversal (`22`).
    pub status: Option<Text>,
    /// CLP03: total charge.
    pub charge: Option<Amount>,
    /// CLP04: paid.
    pub paid: Option<Amount>,
    /// CLP05: patient responsibility.
    pub patient_responsibility: Option<Amount>,
    /// CLP06: claim filing indicator.
    pub filing_indicator: Option<Text>,
    /// CLP07: the payer's claim control number.
    pub payer_claim_control_number: Option<Text>,
    /// CLP08: facility type or place of service.
    pub facility_code: Option<Text>,
    /// CLP09: claim frequency code.
    pub frequency_code: Option<Text>,
    /// CLP11: DRG code.
    pub drg_code: Option<Text>,
    /// CLP12: DRG weight.
    pub drg_weight: Option<Amount>,
    /// CLP13: discharge fraction.
    pub discharge_fraction: Option<Amount>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// CAS: claim-level adjustments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
    /// NM1*QC.
    pub patient: Option<Box<Party>>,
    /// NM1*IL.
    pub insured: Option<Box<Party>>,
    /// NM1*74: corrected patient or insured name.
    pub corrected_patient: Option<Box<Party>>,
    /// NM1*82.
    pub rendering_provider: Option<Box<Party>>,
    /// NM1*TT: crossover carrier.
    pub crossover_carrier: Option<Box<Party>>,
    /// NM1*PR: corrected priority payer.
    pub corrected_payer: Option<Box<Party>>,
    /// NM1*GB: other subscriber.
    pub other_subscriber: Option<Box<Party>>,
    /// MIA.
    pub inpatient: Option<InpatientAdjudication>,
    /// MOA.
    pub outpatient: Option<OutpatientAdjudication>,
    /// REF.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Ref>,
    /// DTM (`232`/`233` statement period, `036` coverage expiration,
    /// `050` received).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<DateTime>,
    /// PER.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// AMT.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amounts: Vec<AmountRef>,
    /// QTY.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<QuantityRef>,
    /// 2110.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServicePayment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
    /// Where the CLP is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl ClaimPayment {
    pub(crate) fn read_clp(&mut self, f: &mut Fields<'_>) {
        self.id = f.code(1);
        self.status = f.text(2);
        self.charge = f.amount(3);
        self.paid = f.amount(4);
        self.patient_responsibility = f.amount(5);
        self.filing_indicator = f.text(6);
        self.payer_claim_control_number = f.text(7);
        self.facility_code = f.text(8);
        self.frequency_code = f.text(9);
        self.drg_code = f.text(11);
        self.drg_weight = f.amount(12);
        self.discharge_fraction = f.amount(13);
        self.extra = f.extra();
        self.at = f.at();
    }

    /// The place for an NM1 with this NM101 code.
    pub(crate) fn party_slot(&mut self, entity: &[u8]) -> Option<&mut Option<Box<Party>>> {
        Some(match entity {
            b"QC" => &mut self.patient,
            b"IL" => &mut self.insured,
            b"74" => &mut self.corrected_patient,
            b"82" => &mut self.rendering_provider,
            b"TT" => &mut self.crossover_carrier,
            b"PR" => &mut self.corrected_payer,
            b"GB" => &mut self.other_subscriber,
            _ => return None,
        })
    }

    /// Every RARC of the claim (MIA and MOA).
    pub fn remarks(&self) -> impl Iterator<Item = &Text> {
        self.inpatient
            .iter()
            .flat_map(|m| m.remarks())
            .chain(self.outpatient.iter().flat_map(|m| m.remarks()))
    }
}

/// 2110: the payer's decision on one service line.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServicePayment {
    /// SVC01: the procedure as adjudicated.
    pub procedure: Option<Procedure>,
    /// SVC02: line charge.
    pub charge: Option<Amount>,
    /// SVC03: paid.
    pub paid: Option<Amount>,
    /// SVC04: revenue code.
    pub revenue_code: Option<Text>,
    /// SVC05: paid units.
    pub units: Option<Amount>,
    /// SVC06: the procedure as submitted, when the payer changed it.
    pub original_procedure: Option<Procedure>,
    /// SVC07: the units as submitted, when they differ.
    pub original_units: Option<Amount>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// DTM (`472` service date, `150`/`151` period).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<DateTime>,
    /// CAS: line-level adjustments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
    /// REF*6R: the line item control number from the 837.
    pub control_number: Option<Text>,
    /// Other REFs, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Ref>,
    /// AMT (`B6` allowed …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amounts: Vec<AmountRef>,
    /// QTY.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<QuantityRef>,
    /// LQ: remark codes (RARC).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remarks: Vec<Remark>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
    /// Where the SVC is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl ServicePayment {
    pub(crate) fn read_svc(&mut self, f: &mut Fields<'_>) {
        self.procedure = Procedure::read(f, 1);
        self.charge = f.amount(2);
        self.paid = f.amount(3);
        self.revenue_code = f.text(4);
        self.units = f.amount(5);
        self.original_procedure = Procedure::read(f, 6);
        self.original_units = f.amount(7);
        self.extra = f.extra();
        self.at = f.at();
    }
}

/// PLB: adjustments to the provider's payment not tied to one claim.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderAdjustment {
    /// PLB01: provider id.
    pub provider_id: Option<Text>,
    /// PLB02: last day of the provider's fiscal year.
    pub fiscal_period_date: Option<Text>,
    /// PLB03–PLB14: up to six adjustments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<ProviderAdjustmentItem>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Where the PLB is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

/// One provider-level adjustment.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderAdjustmentItem {
    /// Composite component 1: reason (`WO` overpayment recovery, `L6`
    /// interest, `FB` forward balance, `CV` capital …).
    pub reason: Text,
    /// Component 2: reference (often the claim's payer control number).
    pub reference: Option<Text>,
    /// The amount (positive reduces the payment).
    pub amount: Option<Amount>,
}

impl ProviderAdjustment {
    pub(crate) fn read(f: &mut Fields<'_>) -> Self {
        let provider_id = f.text(1);
        let fiscal_period_date = f.text(2);
        let mut adjustments = Vec::new();
        // Pairs in order; from the first gap or odd value on, the rest
        // stays in `extra` at its position.
        for k in 0..6 {
            let (r, a) = (3 + 2 * k, 4 + 2 * k);
            let c = f.components(r);
            let amount_ok = f.raw(a).is_empty() || Amount::parse(f.raw(a)).is_some();
            if c.count == 0 || c.count > 2 || c.raw(1).is_empty() || !amount_ok {
                break;
            }
            f.take(r);
            adjustments.push(ProviderAdjustmentItem {
                reason: c.code(1),
                reference: c.text(2),
                amount: f.amount(a),
            });
        }
        ProviderAdjustment {
            provider_id,
            fiscal_period_date,
            adjustments,
            extra: f.extra(),
            at: f.at(),
        }
    }
}
