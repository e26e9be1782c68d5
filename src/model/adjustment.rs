//! Adjudication results: CAS adjustments (group + CARC + amount +
//! quantity) and the MIA/MOA inpatient and outpatient adjudication with
//! their RARC remarks. Used by 835 claim and service payments and by the
//! 837's other-payer (COB) loops.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::amount::Amount;
use super::at::At;
use super::fields::Fields;
use super::raw::Extra;
use super::text::Text;

/// CAS: adjustments of one group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// CAS01: `CO` contractual obligation, `PR` patient responsibility,
    /// `OA` other, `PI` payer initiated, `CR` correction.
    pub group: Text,
    /// Up to six (CARC, amount, quantity) triples: CAS02–04, 05–07 … 17–19.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<AdjustmentReason>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Where the CAS is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

/// One adjustment: why (CARC) and how much.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentReason {
    /// Claim adjustment reason code (CARC), e.g. `45`.
    pub carc: Text,
    pub amount: Option<Amount>,
    pub quantity: Option<Amount>,
}

impl Adjustment {
    pub(crate) fn read(f: &mut Fields<'_>) -> Adjustment {
        let group = f.code(1);
        let mut reasons = Vec::new();
        // Triples in order; from the first gap or value not in plain form
        // on, the rest stays in `extra` at its position.
        for k in 0..6 {
            let (r, a, q) = (2 + 3 * k, 3 + 3 * k, 4 + 3 * k);
            if f.raw(r).is_empty() {
                break;
            }
            let amount_ok = f.raw(a).is_empty() || Amount::parse(f.raw(a)).is_some();
            let quantity_ok = f.raw(q).is_empty() || Amount::parse(f.raw(q)).is_some();
            if !amount_ok || !quantity_ok {
                break;
            }
            reasons.push(AdjustmentReason {
                carc: f.code(r),
                amount: f.amount(a),
                quantity: f.amount(q),
            });
        }
        Adjustment {
            group,
            reasons,
            extra: f.extra(),
            at: f.at(),
        }
    }
}

/// MIA: inpatient adjudication information.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InpatientAdjudication {
    /// MIA01.
    pub covered_days_or_visits: Option<Amount>,
    /// MIA02.
    pub pps_operating_outlier_amount: Option<Amount>,
    /// MIA03.
    pub lifetime_psychiatric_days: Option<Amount>,
    /// MIA04.
    pub drg_amount: Option<Amount>,
    /// MIA05: a RARC.
    pub remark_code: Option<Text>,
    /// MIA06.
    pub disproportionate_share_amount: Option<Amount>,
    /// MIA07.
    pub msp_pass_through_amount: Option<Amount>,
    /// MIA08.
    pub pps_capital_amount: Option<Amount>,
    /// MIA09.
    pub pps_capital_fsp_drg_amount: Option<Amount>,
    /// MIA10.
    pub pps_capital_hsp_drg_amount: Option<Amount>,
    /// MIA11.
    pub pps_capital_dsh_drg_amount: Option<Amount>,
    /// MIA12.
    pub old_capital_amount: Option<Amount>,
    /// MIA13.
    pub pps_capital_ime_amount: Option<Amount>,
    /// MIA14.
    pub pps_operating_hospital_specific_drg_amount: Option<Amount>,
    /// MIA15.
    pub cost_report_day_count: Option<Amount>,
    /// MIA16.
    pub pps_operating_federal_specific_drg_amount: Option<Amount>,
    /// MIA17.
    pub pps_capital_outlier_amount: Option<Amount>,
    /// MIA18.
    pub indirect_teaching_amount: Option<Amount>,
    /// MIA19.
    pub nonpayable_professional_component_amount: Option<Amount>,
    /// MIA20–MIA23: RARCs, in position.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remark_codes: Vec<Text>,
    /// MIA24.
    pub pps_capital_exception_amount: Option<Amount>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Where the MIA is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl InpatientAdjudication {
    pub(crate) fn read(f: &mut Fields<'_>) -> Self {
        InpatientAdjudication {
            covered_days_or_visits: f.amount(1),
            pps_operating_outlier_amount: f.amount(2),
            lifetime_psychiatric_days: f.amount(3),
            drg_amount: f.amount(4),
            remark_code: f.text(5),
            disproportionate_share_amount: f.amount(6),
            msp_pass_through_amount: f.amount(7),
            pps_capital_amount: f.amount(8),
            pps_capital_fsp_drg_amount: f.amount(9),
            pps_capital_hsp_drg_amount: f.amount(10),
            pps_capital_dsh_drg_amount: f.amount(11),
            old_capital_amount: f.amount(12),
            pps_capital_ime_amount: f.amount(13),
            pps_operating_hospital_specific_drg_amount: f.amount(14),
            cost_report_day_count: f.amount(15),
            pps_operating_federal_specific_drg_amount: f.amount(16),
            pps_capital_outlier_amount: f.amount(17),
            indirect_teaching_amount: f.amount(18),
            nonpayable_professional_component_amount: f.amount(19),
            remark_codes: f.list(20, 4),
            pps_capital_exception_amount: f.amount(24),
            extra: f.extra(),
            at: f.at(),
        }
    }

    /// Every RARC it carries, MIA05 first.
    pub fn remarks(&self) -> impl Iterator<Item = &Text> {
        self.remark_code
            .iter()
            .chain(self.remark_codes.iter().filter(|r| !r.is_empty()))
    }
}

/// MOA: outpatient adjudication information.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutpatientAdjudication {
    /// MOA01: reimbursement rate (a fraction).
    pub reimbursement_rate: Option<Amount>,
    /// MOA02.
    pub hcpcs_payable_amount: Option<Amount>,
    /// MOA03–MOA07: RARCs, in position.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remark_codes: Vec<Text>,
    /// MOA08.
    pub esrd_payment_amount: Option<Amount>,
    /// MOA09.
    pub nonpayable_professional_component_amount: Option<Amount>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Where the MOA is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl OutpatientAdjudication {
    pub(crate) fn read(f: &mut Fields<'_>) -> Self {
        OutpatientAdjudication {
            reimbursement_rate: f.amount(1),
            hcpcs_payable_amount: f.amount(2),
            remark_codes: f.list(3, 5),
            esrd_payment_amount: f.amount(8),
            nonpayable_professional_component_amount: f.amount(9),
            extra: f.extra(),
            at: f.at(),
        }
    }

    /// Every RARC it carries.
    pub fn remarks(&self) -> impl Iterator<Item = &Text> {
        self.remark_codes.iter().filter(|r| !r.is_empty())
    }
}
