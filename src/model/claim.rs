//! The typed 837 claim (professional 005010X222A1 and institutional
//! 005010X223A2): [`ClaimTransaction`] holds one transaction set's header
//! and its claims; each [`Claim`] carries its billing provider, subscriber
//! and patient (shared, not copied), so a claim can be read on its own.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::adjustment::{Adjustment, InpatientAdjudication, OutpatientAdjudication};
use super::amount::Amount;
use super::at::At;
use super::common::{AmountRef, Attachment, Currency, DateRef, Note, Procedure, QuantityRef, Ref};
use super::fields::Fields;
use super::party::{Party, ProviderInfo, Providers};
use super::raw::{Extra, OtherSegment};
use super::text::Text;

/// Which 837.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum ClaimKind {
    /// Professional, 005010X222.
    #[default]
    #[serde(rename = "837P")]
    Professional,
    /// Institutional, 005010X223.
    #[serde(rename = "837I")]
    Institutional,
}

/// One 837 transaction set (ST … SE).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimTransaction {
    pub kind: ClaimKind,
    /// ST02.
    pub control_number: Text,
    /// ST03: the guide version (`005010X222A1`), when written.
    pub version: Option<Text>,
    /// ST elements past ST03.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// BHT.
    pub header: Option<BeginHierarchy>,
    /// 1000A (NM1*41 and PER).
    pub submitter: Option<Box<Party>>,
    /// 1000B (NM1*40).
    pub receiver: Option<Box<Party>>,
    /// The claims, in file order.
    pub claims: Vec<Claim>,
    /// Hierarchy levels (HL) under which no claim stands, with the number
    /// of claims before them, so that a generator can put them back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels_without_claims: Vec<LevelWithoutClaims>,
    /// Segments of the set's header and trailer the model does not hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
}

/// BHT: beginning of hierarchical transaction.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BeginHierarchy {
    /// BHT01: `0019`.
    pub structure: Option<Text>,
    /// BHT02: `00` original, `18` reissue.
    pub purpose: Option<Text>,
    /// BHT03: the originator's batch reference.
    pub reference: Option<Text>,
    /// BHT04: CCYYMMDD.
    pub date: Option<Text>,
    /// BHT05: HHMM[SS].
    pub time: Option<Text>,
    /// BHT06: `CH` chargeable, `RP` reporting (encounters), `31`
    /// subrogation demand.
    pub claim_type: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl BeginHierarchy {
    pub(crate) fn read(f: &mut Fields<'_>) -> Self {
        BeginHierarchy {
            structure: f.text(1),
            purpose: f.text(2),
            reference: f.text(3),
            date: f.text(4),
            time: f.text(5),
            claim_type: f.text(6),
            extra: f.extra(),
        }
    }
}

/// The HL01 of a level and the HL elements no field holds. HL02 (parent)
/// and HL04 (child code) follow from the order of levels and are computed
/// by a writer.
pub(crate) fn read_hl(f: &mut Fields<'_>) -> (Option<Text>, Extra) {
    let id = f.text(1);
    f.take(2);
    f.take(3);
    f.take(4);
    (id, f.extra())
}

/// 2000A: the billing provider level.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BillingProvider {
    /// HL01. Claims that carry the same `hl` (and the same content) belong
    /// to one level.
    pub hl: Option<Text>,
    /// PRV*BI.
    pub specialty: Option<ProviderInfo>,
    /// CUR.
    pub currency: Option<Currency>,
    /// 2010AA.
    pub provider: Option<Box<Party>>,
    /// 2010AB.
    pub pay_to: Option<Box<Party>>,
    /// 2010AC.
    pub pay_to_plan: Option<Box<Party>>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
}

/// SBR: whose policy pays, and in which order (subscriber level and
/// other-payer loops).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// SBR01: `P` primary, `S` secondary, `T` tertiary, `A`–`H`, `U`.
    pub payer_responsibility: Option<Text>,
    /// SBR02: `18` self, or (2320) the relationship to the insured.
    pub relationship: Option<Text>,
    /// SBR03.
    pub group_number: Option<Text>,
    /// SBR04.
    pub group_name: Option<Text>,
    /// SBR05: insurance type (`MB`, `MC` …).
    pub insurance_type: Option<Text>,
    /// SBR06.
    pub coordination_of_benefits: Option<Text>,
    /// SBR07.
    pub condition_response: Option<Text>,
    /// SBR08.
    pub employment_status: Option<Text>,
    /// SBR09: claim filing indicator (`MC` Medicaid, `MB` Medicare B, `HM`
    /// HMO, `CI` commercial …).
    pub filing_indicator: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl Policy {
    pub(crate) fn read(f: &mut Fields<'_>) -> Self {
        Policy {
            payer_responsibility: f.text(1),
            relationship: f.text(2),
            group_number: f.text(3),
            group_name: f.text(4),
            insurance_type: f.text(5),
            coordination_of_benefits: f.text(6),
            condition_response: f.text(7),
            employment_status: f.text(8),
            filing_indicator: f.text(9),
            extra: f.extra(),
        }
    }
}

/// PAT: the patient's relationship to the subscriber, death date, weight,
/// pregnancy.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatientInfo {
    /// PAT01: `01` spouse, `19` child, `20` employee, `21` unknown …
    pub relationship: Option<Text>,
    /// PAT02.
    pub location: Option<Text>,
    /// PAT03.
    pub employment_status: Option<Text>,
    /// PAT04.
    pub student_status: Option<Text>,
    /// PAT05: `D8`.
    pub date_format: Option<Text>,
    /// PAT06.
    pub death_date: Option<Text>,
    /// PAT07: `01` pounds.
    pub weight_unit: Option<Text>,
    /// PAT08.
    pub weight: Option<Amount>,
    /// PAT09: `Y` pregnant.
    pub pregnant: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl PatientInfo {
    pub(crate) fn read(f: &mut Fields<'_>) -> Self {
        PatientInfo {
            relationship: f.text(1),
            location: f.text(2),
            employment_status: f.text(3),
            student_status: f.text(4),
            date_format: f.text(5),
            death_date: f.text(6),
            weight_unit: f.text(7),
            weight: f.amount(8),
            pregnant: f.text(9),
            extra: f.extra(),
        }
    }
}

/// 2000B: the subscriber level.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subscriber {
    /// HL01.
    pub hl: Option<Text>,
    /// SBR.
    pub policy: Option<Policy>,
    /// PAT (837P, when the subscriber is the patient).
    pub patient_info: Option<PatientInfo>,
    /// 2010BA.
    pub member: Option<Box<Party>>,
    /// 2010BB.
    pub payer: Option<Box<Party>>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
    /// Where the SBR is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
    /// Where the level opened (its HL): what tells one subscriber level
    /// from the next, whatever segments it holds.
    #[serde(skip)]
    #[schemars(skip)]
    pub opened_at: At,
}

/// 2000C: the patient level, when the patient is not the subscriber.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    /// HL01.
    pub hl: Option<Text>,
    /// PAT.
    pub info: Option<PatientInfo>,
    /// 2010CA.
    pub name: Option<Box<Party>>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
    /// Where the PAT is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
    /// Where the level opened (its HL): what tells one patient level from
    /// the next, whatever segments it holds.
    #[serde(skip)]
    #[schemars(skip)]
    pub opened_at: At,
}

/// A hierarchy level with no claim under it.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelWithoutClaims {
    /// Claims of the set before the level.
    pub after_claims: u64,
    pub billing_provider: Option<Arc<BillingProvider>>,
    pub subscriber: Option<Arc<Subscriber>>,
    pub patient: Option<Arc<Patient>>,
}

/// One claim (2300) with its context, providers, other payers and lines.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// 2000A: the billing provider level the claim stands under.
    pub billing_provider: Option<Arc<BillingProvider>>,
    /// 2000B.
    pub subscriber: Option<Arc<Subscriber>>,
    /// 2000C, when the patient is not the subscriber.
    pub patient: Option<Arc<Patient>>,
    /// CLM01: the patient control number (the provider's claim id).
    pub id: Text,
    /// CLM02.
    pub total_charge: Option<Amount>,
    /// CLM05-1: place of service (837P) or facility type (837I).
    pub facility_code: Option<Text>,
    /// CLM05-2: `B` (837P) or `A` (837I).
    pub facility_qualifier: Option<Text>,
    /// CLM05-3: `1` original, `7` replacement, `8` void.
    pub frequency_code: Option<Text>,
    /// CLM06: provider signature on file (Y/N).
    pub provider_signature: Option<Text>,
    /// CLM07: assignment or plan participation (A/B/C).
    pub assignment_participation: Option<Text>,
    /// CLM08: benefits assignment (Y/N/W).
    pub benefits_assignment: Option<Text>,
    /// CLM09: release of information (I/Y).
    pub release_of_information: Option<Text>,
    /// CLM10: patient signature source (P).
    pub patient_signature_source: Option<Text>,
    /// CLM11.
    pub related_causes: Option<Box<RelatedCauses>>,
    /// CLM12: special program code.
    pub special_program: Option<Text>,
    /// CLM20: delay reason code.
    pub delay_reason: Option<Text>,
    /// CLM elements the fields above do not hold.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// DTP, in order (`431` onset, `434` statement, `435` admission …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<DateRef>,
    /// CL1 (837I).
    pub admission: Option<Box<Admission>>,
    /// PWK.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// AMT (`F5` patient amount paid, `F3` patient responsibility).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amounts: Vec<AmountRef>,
    /// REF*G1.
    pub prior_authorization: Option<Text>,
    /// REF*9F.
    pub referral_number: Option<Text>,
    /// REF*F8: the payer's claim control number of the claim this one
    /// replaces or voids.
    pub original_claim_number: Option<Text>,
    /// Other REFs, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Ref>,
    /// NTE.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// HI composites of every HI segment, in order: diagnoses (`ABK`
    /// principal, `ABF` other, `ABJ` admitting, `APR` reason for visit,
    /// `ABN` external cause), procedures (`BBR`, `BBQ`), occurrence, value
    /// and condition codes (`BH`, `BI`, `BE`, `BG`) …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub health_codes: Vec<HealthCode>,
    /// How many composites each HI segment held, when that differs from
    /// the default packing (a new HI for each kind of code, at most 12
    /// per HI; in the 837P principal and other diagnoses share one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hi_layout: Vec<u8>,
    /// 2310x.
    #[serde(default, skip_serializing_if = "Providers::is_empty")]
    pub providers: Providers,
    /// 2320: other payers (coordination of benefits).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_subscribers: Vec<OtherSubscriber>,
    /// 2400.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<ServiceLine>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
    /// Where the CLM is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl Claim {
    /// Read the CLM into this claim.
    pub(crate) fn read_clm(&mut self, f: &mut Fields<'_>) {
        self.id = f.code(1);
        self.total_charge = f.amount(2);
        let c = f.components(5);
        if c.count <= 3 {
            f.take(5);
            self.facility_code = c.text(1);
            self.facility_qualifier = c.text(2);
            self.frequency_code = c.text(3);
        }
        self.provider_signature = f.text(6);
        self.assignment_participation = f.text(7);
        self.benefits_assignment = f.text(8);
        self.release_of_information = f.text(9);
        self.patient_signature_source = f.text(10);
        let c = f.components(11);
        if c.count <= 5 {
            f.take(11);
            self.related_causes = (c.count > 0).then(|| {
                Box::new(RelatedCauses {
                    codes: c.list(1, 3),
                    state: c.text(4),
                    country: c.text(5),
                })
            });
        }
        self.special_program = f.text(12);
        self.delay_reason = f.text(20);
        self.extra = f.extra();
        self.at = f.at();
    }

    /// The first date with this DTP01 qualifier.
    pub fn date(&self, qualifier: &str) -> Option<&DateRef> {
        self.dates.iter().find(|d| d.qualifier == qualifier)
    }

    /// The diagnosis codes (principal first as written), without their
    /// qualifiers.
    pub fn diagnosis_codes(&self) -> impl Iterator<Item = &Text> {
        self.health_codes
            .iter()
            .filter(|h| is_diagnosis_qualifier(&h.qualifier))
            .filter_map(|h| h.code.as_ref())
    }
}

/// Qualifiers of HI composites that carry ICD diagnosis codes.
pub fn is_diagnosis_qualifier(q: &str) -> bool {
    matches!(
        q,
        "ABK" | "BK" | "ABF" | "BF" | "ABJ" | "BJ" | "APR" | "PR" | "ABN" | "BN"
    )
}

/// CLM11: what the condition is related to.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelatedCauses {
    /// CLM11-1..3: `AA` auto accident, `EM` employment, `OA` other
    /// accident.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Text>,
    /// CLM11-4: state of the auto accident.
    pub state: Option<Text>,
    /// CLM11-5.
    pub country: Option<Text>,
}

/// CL1: institutional claim code (837I).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Admission {
    /// CL101: admission type.
    pub admission_type: Option<Text>,
    /// CL102: admission source.
    pub admission_source: Option<Text>,
    /// CL103: patient status.
    pub patient_status: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl Admission {
    pub(crate) fn read(f: &mut Fields<'_>) -> Self {
        Admission {
            admission_type: f.text(1),
            admission_source: f.text(2),
            patient_status: f.text(3),
            extra: f.extra(),
        }
    }
}

/// One HI composite (C022).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HealthCode {
    /// Component 1: code list qualifier (`ABK`, `ABF`, `BE` …).
    pub qualifier: Text,
    /// Component 2: the code (ICD-10-CM without the dot, value code …).
    pub code: Option<Text>,
    /// Component 3: `D8` or `RD8`.
    pub date_format: Option<Text>,
    /// Component 4.
    pub date: Option<Text>,
    /// Component 5 (value codes).
    pub amount: Option<Amount>,
    /// Component 6.
    pub quantity: Option<Amount>,
    /// Component 7.
    pub version: Option<Text>,
    /// Component 9: present on admission (`Y`, `N`, `U`, `W`).
    pub present_on_admission: Option<Text>,
    /// Where the HI segment holding the composite is (the composite's place in it
    /// follows from `hi_layout`).
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl HealthCode {
    /// Append the composites of one HI segment to `out`; false (and
    /// `out` as it was) when one of them is not exactly representable,
    /// then the whole segment is kept raw. Read in place: no list of its
    /// own per segment.
    pub(crate) fn read_hi(f: &Fields<'_>, count: usize, out: &mut Vec<HealthCode>) -> bool {
        let before = out.len();
        out.reserve(count);
        for i in 1..=count {
            let c = f.components(i);
            let code = (c.count > 0 && c.count <= 9 && !c.raw(1).is_empty() && c.raw(8).is_empty())
                .then(|| {
                    Some(HealthCode {
                        qualifier: c.code(1),
                        code: c.text(2),
                        date_format: c.text(3),
                        date: c.text(4),
                        amount: c.amount(5).ok()?,
                        quantity: c.amount(6).ok()?,
                        version: c.text(7),
                        present_on_admission: c.text(9),
                        at: f.at(),
                    })
                })
                .flatten();
            match code {
                Some(code) => out.push(code),
                None => {
                    out.truncate(before);
                    return false;
                }
            }
        }
        true
    }
}

/// Which codes share an HI segment by default: a new HI starts when this
/// changes (or after 12 composites).
pub(crate) fn hi_class(kind: ClaimKind, qualifier: &str) -> HiClass<'_> {
    use HiClass::*;
    match (kind, qualifier) {
        (ClaimKind::Professional, "ABK" | "ABF" | "BK" | "BF") => Diagnosis,
        (ClaimKind::Professional, "BP" | "BO") => Anesthesia,
        (ClaimKind::Institutional, "ABK" | "BK") => Principal,
        (ClaimKind::Institutional, "ABF" | "BF") => OtherDiagnosis,
        (ClaimKind::Institutional, "ABJ" | "BJ") => Admitting,
        (ClaimKind::Institutional, "APR" | "PR") => Reason,
        (ClaimKind::Institutional, "ABN" | "BN") => External,
        (ClaimKind::Institutional, "BBR" | "BR" | "CAH") => PrincipalProcedure,
        (ClaimKind::Institutional, "BBQ" | "BQ") => Procedure,
        (_, q) => Qualifier(q),
    }
}

/// Which HI segment a code goes in: codes of one class share HI
/// segments. (An enum, not a name: it is compared for every code of
/// every claim.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HiClass<'a> {
    Diagnosis,
    Anesthesia,
    Principal,
    OtherDiagnosis,
    Admitting,
    Reason,
    External,
    PrincipalProcedure,
    Procedure,
    /// Any other qualifier: a class of its own.
    Qualifier(&'a str),
}

/// Whether HI segments of `sizes` composites are what the default packing
/// gives `codes`: a new HI for each change of [`hi_class`], at most 12 per
/// HI.
pub(crate) fn is_default_hi_layout(kind: ClaimKind, codes: &[HealthCode], sizes: &[u8]) -> bool {
    let mut at = 0;
    for &n in sizes {
        let n = usize::from(n);
        let Some(first) = codes.get(at) else {
            return false;
        };
        let class = hi_class(kind, &first.qualifier);
        let run = codes[at..]
            .iter()
            .take(12)
            .take_while(|h| hi_class(kind, &h.qualifier) == class)
            .count();
        if run != n {
            return false;
        }
        at += n;
    }
    at == codes.len()
}

/// 2320: another payer of this claim and what it decided.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherSubscriber {
    /// SBR.
    pub policy: Option<Policy>,
    /// CAS: the other payer's claim-level adjustments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
    /// AMT (`D` payer paid, `A8` non-covered, `EAF` remaining patient
    /// liability).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amounts: Vec<AmountRef>,
    /// OI.
    pub other_insurance: Option<OtherInsurance>,
    /// MIA (837I).
    pub inpatient: Option<InpatientAdjudication>,
    /// MOA.
    pub outpatient: Option<OutpatientAdjudication>,
    /// 2330A.
    pub subscriber: Option<Box<Party>>,
    /// 2330B.
    pub payer: Option<Box<Party>>,
    /// 2330C–2330I.
    #[serde(default, skip_serializing_if = "Providers::is_empty")]
    pub providers: Providers,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
    /// Where the SBR is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

/// OI: other insurance coverage information.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherInsurance {
    /// OI03: benefits assignment (Y/N/W).
    pub benefits_assignment: Option<Text>,
    /// OI04: patient signature source.
    pub patient_signature_source: Option<Text>,
    /// OI06: release of information (I/Y).
    pub release_of_information: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl OtherInsurance {
    pub(crate) fn read(f: &mut Fields<'_>) -> Self {
        OtherInsurance {
            benefits_assignment: f.text(3),
            patient_signature_source: f.text(4),
            release_of_information: f.text(6),
            extra: f.extra(),
        }
    }
}

/// 2400: one service line. 837P lines carry SV1 fields, 837I lines SV2
/// fields; `procedure`, `charge`, `unit_basis` and `units` are shared.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceLine {
    /// LX01.
    pub number: Option<Text>,
    /// SV201 (837I).
    pub revenue_code: Option<Text>,
    /// SV101 / SV202: qualifier, code, modifiers.
    pub procedure: Option<Procedure>,
    /// SV102 / SV203.
    pub charge: Option<Amount>,
    /// SV103 / SV204: `UN` units, `MJ` minutes (837I also `DA` days).
    pub unit_basis: Option<Text>,
    /// SV104 / SV205.
    pub units: Option<Amount>,
    /// SV105 (837P): place of service when it differs from the claim's.
    pub place_of_service: Option<Text>,
    /// SV107 (837P): pointers (1-based) into the claim's diagnoses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnosis_pointers: Vec<Text>,
    /// SV109 (837P): emergency indicator.
    pub emergency: Option<Text>,
    /// SV111 (837P): EPSDT indicator.
    pub epsdt: Option<Text>,
    /// SV112 (837P): family planning indicator.
    pub family_planning: Option<Text>,
    /// SV115 (837P): co-pay status.
    pub copay_status: Option<Text>,
    /// SV206 (837I): unit rate.
    pub unit_rate: Option<Amount>,
    /// SV207 (837I): non-covered charge.
    pub noncovered_charge: Option<Amount>,
    /// LX and SV1/SV2 elements the fields above do not hold.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// PWK.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// DTP (`472` service date …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<DateRef>,
    /// QTY.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<QuantityRef>,
    /// REF*6R: the line item control number (echoed in the 835).
    pub control_number: Option<Text>,
    /// Other REFs, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Ref>,
    /// AMT.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amounts: Vec<AmountRef>,
    /// NTE.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// 2410.
    pub drug: Option<Box<Drug>>,
    /// 2420x.
    #[serde(default, skip_serializing_if = "Providers::is_empty")]
    pub providers: Providers,
    /// 2430: other payers' adjudication of this line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjudications: Vec<LineAdjudication>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
    /// Where the LX is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
    /// Where the SV1 or SV2 is.
    #[serde(skip)]
    #[schemars(skip)]
    pub service_at: At,
}

impl ServiceLine {
    pub(crate) fn read_lx(&mut self, f: &mut Fields<'_>) {
        self.number = f.text(1);
        self.extra.append(f.extra());
        self.at = f.at();
    }

    /// SV1; `modifiers`: an empty list whose storage the procedure's
    /// modifiers may reuse.
    pub(crate) fn read_sv1(&mut self, f: &mut Fields<'_>, modifiers: Vec<Text>) {
        self.procedure = Procedure::read_reusing(f, 1, modifiers);
        self.charge = f.amount(2);
        self.unit_basis = f.text(3);
        self.units = f.amount(4);
        self.place_of_service = f.text(5);
        let c = f.components(7);
        if c.count <= 4 {
            f.take(7);
            c.list_into(1, 4, &mut self.diagnosis_pointers);
        }
        self.emergency = f.text(9);
        self.epsdt = f.text(11);
        self.family_planning = f.text(12);
        self.copay_status = f.text(15);
        self.extra.append(f.extra());
        self.service_at = f.at();
    }

    /// SV2; `modifiers` as for [`ServiceLine::read_sv1`].
    pub(crate) fn read_sv2(&mut self, f: &mut Fields<'_>, modifiers: Vec<Text>) {
        self.revenue_code = f.text(1);
        self.procedure = Procedure::read_reusing(f, 2, modifiers);
        self.charge = f.amount(3);
        self.unit_basis = f.text(4);
        self.units = f.amount(5);
        self.unit_rate = f.amount(6);
        self.noncovered_charge = f.amount(7);
        self.extra.append(f.extra());
        self.service_at = f.at();
    }

    /// The first date with this DTP01 qualifier.
    pub fn date(&self, qualifier: &str) -> Option<&DateRef> {
        self.dates.iter().find(|d| d.qualifier == qualifier)
    }
}

/// 2410: the drug (NDC) given in a line.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Drug {
    /// LIN02: `N4`.
    pub qualifier: Option<Text>,
    /// LIN03: the NDC.
    pub ndc: Option<Text>,
    /// CTP04.
    pub quantity: Option<Amount>,
    /// CTP05-1: `F2` international unit, `GR`, `ME`, `ML`, `UN`.
    pub unit: Option<Text>,
    /// REF (`VY` link sequence, `XZ` prescription number).
    pub reference: Option<Ref>,
    /// LIN and CTP elements the fields above do not hold.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
    /// Where the LIN is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl Drug {
    pub(crate) fn read_lin(&mut self, f: &mut Fields<'_>) {
        self.qualifier = f.text(2);
        self.ndc = f.text(3);
        self.extra.append(f.extra());
        self.at = f.at();
    }

    pub(crate) fn read_ctp(&mut self, f: &mut Fields<'_>) {
        self.quantity = f.amount(4);
        let c = f.components(5);
        if c.count <= 1 {
            f.take(5);
            self.unit = c.text(1);
        }
        self.extra.append(f.extra());
    }
}

/// 2430: another payer's adjudication of one line.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LineAdjudication {
    /// SVD01: the other payer's id (2330B NM109).
    pub payer_id: Option<Text>,
    /// SVD02: amount paid for the line.
    pub paid: Option<Amount>,
    /// SVD03.
    pub procedure: Option<Procedure>,
    /// SVD04 (837I): revenue code.
    pub revenue_code: Option<Text>,
    /// SVD05: paid units.
    pub units: Option<Amount>,
    /// SVD06: the line this one was bundled into.
    pub bundled_line: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// CAS.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
    /// DTP*573: adjudication date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<DateRef>,
    /// AMT*EAF.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amounts: Vec<AmountRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
    /// Where the SVD is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl LineAdjudication {
    pub(crate) fn read_svd(&mut self, f: &mut Fields<'_>) {
        self.payer_id = f.text(1);
        self.paid = f.amount(2);
        self.procedure = Procedure::read(f, 3);
        self.revenue_code = f.text(4);
        self.units = f.amount(5);
        self.bundled_line = f.text(6);
        self.extra = f.extra();
        self.at = f.at();
    }
}
