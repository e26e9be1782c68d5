//! The runner of the rules that look at whole claims and claim payments
//! (BAL, SIT, CODE): the typed model is built in the same pass as the
//! guide checks, and each claim (837) or claim payment (835) is checked as
//! soon as it is complete, then dropped.
//!
//! Rules are plain functions over the model (`check(&Claim, &mut Report)`)
//! called one after another from here (the run sorts findings by position
//! afterwards); a finding points at the segment the model value was read
//! from (its [`At`]), and the segment's text is added
//! by the caller from its store of recent segments, so that the text
//! renderer can draw the caret.

use std::cell::Cell;
use std::io;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::ledger::{CountedClaim, Envelope, Ledger, Occurrence};
use super::services::{ClaimServices, Service, ServiceBuffer};
use super::{Rule, bal, code, rate, sit, unit};
use crate::codesets::CodeSets;
use crate::diagnostic::Finding;
use crate::manifest::Manifest;
use crate::model::{
    At, Claim, ClaimKind, ClaimPayment, Group, Interchange, ModelSink, Transaction, TransactionRef,
};
use crate::profile::Profiles;

/// Where a finding of a claim rule points: the segment (by the position a
/// model value carries), the element (1-based, 0 for the whole segment)
/// and component (0 for none), and the loop.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    pub at: At,
    pub segment: &'static str,
    pub element: u8,
    pub component: u8,
    pub loop_id: &'static str,
}

impl Place {
    pub(crate) fn new(at: At, segment: &'static str, element: u8, loop_id: &'static str) -> Place {
        Place {
            at,
            segment,
            element,
            component: 0,
            loop_id,
        }
    }

    pub(crate) fn component(mut self, component: u8) -> Place {
        self.component = component;
        self
    }

    /// `CLM02`, `SV101-02`.
    fn reference(&self) -> Option<String> {
        match (self.element, self.component) {
            (0, _) => None,
            (e, 0) => Some(format!("{}{e:02}", self.segment)),
            (e, c) => Some(format!("{}{e:02}-{c:02}", self.segment)),
        }
    }
}

/// An element caret to draw once the segment's text is at hand.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Caret {
    /// Index of the finding in [`ClaimChecks::findings`].
    pub finding: usize,
    pub segment_index: u64,
    pub element: u8,
}

/// What a rule writes its findings to; knows the claim (and line) being
/// checked so that every finding names them.
pub(crate) struct Report<'a> {
    findings: &'a mut Vec<Finding>,
    carets: &'a mut Vec<Caret>,
    stamp: &'a Stamp,
    claim_id: Option<&'a str>,
    settings: &'a ClaimSettings,
}

impl<'a> Report<'a> {
    /// Today as `CCYYMMDD`.
    pub(crate) fn today(&self) -> u32 {
        self.settings.today
    }

    /// The code sets of the run (shipped and loaded); borrowed from the
    /// run's settings, not from the report, so a rule can hold a list
    /// while it pushes findings.
    pub(crate) fn codes(&self) -> &'a CodeSets {
        &self.settings.codes
    }

    /// Report a finding of `rule` at `place`; returns it for additions
    /// (`service_line`, related segments).
    pub(crate) fn push(
        &mut self,
        rule: &'static Rule,
        place: Place,
        message: impl Into<String>,
    ) -> &mut Finding {
        let mut f = Finding::new(rule, message);
        f.interchange.clone_from(&self.stamp.interchange);
        f.group.clone_from(&self.stamp.group);
        f.transaction.clone_from(&self.stamp.transaction);
        f.claim_id = self.claim_id.map(str::to_string);
        f.loop_id = Some(place.loop_id.to_string()).filter(|l| !l.is_empty());
        f.segment_id = Some(place.segment.to_string());
        f.element = place.reference();
        if place.at.is_known() {
            f.segment_index = Some(place.at.segment_index);
            f.byte_offset = Some(place.at.byte_offset);
            f.line = Some(place.at.line);
            self.carets.push(Caret {
                finding: self.findings.len(),
                segment_index: place.at.segment_index,
                element: place.element,
            });
        }
        self.findings.push(f);
        self.last()
    }

    /// The finding pushed last.
    pub(crate) fn last(&mut self) -> &mut Finding {
        self.findings.last_mut().expect("a finding was pushed")
    }
}

/// The envelope a finding stands in (ISA13, GS06, ST02).
#[derive(Debug, Default)]
pub(crate) struct Stamp {
    interchange: Option<String>,
    group: Option<String>,
    transaction: Option<String>,
}

/// What rules remember across the claims of one transaction set of
/// remittances: the sums that the set's header must match.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct RemittanceTotals {
    /// Σ CLP04 over the set's claim payments.
    pub paid: Decimal,
    /// Claim payments seen in the set.
    pub claims: u64,
}

/// What rules remember across the claims of one file.
#[derive(Debug, Default)]
pub(crate) struct FileState {
    /// The CLM01 of every claim seen (SIT002).
    pub claim_ids: super::sit::sit002_duplicate_claim_id::ClaimIds,
    /// The subscriber level (2000B) of the last claim.
    last_subscriber: Option<LevelKey>,
    /// The patient level (2000C) of the last claim.
    last_patient: Option<LevelKey>,
}

/// Which level a claim stands under: the position of the HL that opened
/// it. (Not the level's address: a level without its SBR or PAT could
/// share one with a dropped level, so findings depended on the heap.)
type LevelKey = u64;

impl FileState {
    /// Which of the claim's levels no earlier claim stood under; rules
    /// about a level report once, on its first claim.
    pub(crate) fn new_levels(&mut self, claim: &Claim) -> NewLevels {
        let subscriber = claim.subscriber.as_ref().map(|s| s.opened_at.segment_index);
        let patient = claim.patient.as_ref().map(|p| p.opened_at.segment_index);
        let new = NewLevels {
            subscriber: subscriber.is_some() && subscriber != self.last_subscriber,
            patient: patient.is_some() && patient != self.last_patient,
        };
        self.last_subscriber = subscriber;
        self.last_patient = patient;
        new
    }
}

/// Whether a claim is the first under its levels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewLevels {
    /// The subscriber level (2000B).
    pub subscriber: bool,
    /// The patient level (2000C).
    pub patient: bool,
}

/// A stable 64-bit hash of `s` (the same in every run).
pub(crate) fn stable_hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// Settings of a run that claim rules read.
#[derive(Debug, Clone)]
pub(crate) struct ClaimSettings {
    /// Today as `CCYYMMDD`, for "not in the future".
    pub today: u32,
    /// The code sets of the run, shared with the other inputs' checks.
    pub codes: Arc<CodeSets>,
    /// The payer profiles of the run (UNIT, RATE).
    pub profiles: Arc<Profiles>,
    /// The documentation manifest: minutes of services (UNIT).
    pub manifest: Arc<Manifest>,
}

/// A claim as the source of counted occurrences: the index it has in the
/// ledger's claims once one of its lines is counted.
pub(crate) struct Origin {
    claim: u32,
    counted: Cell<bool>,
}

impl Origin {
    /// Where a service line of the claim is, for the run's counts.
    pub(crate) fn occurrence(&self, s: &Service<'_>) -> Occurrence {
        self.counted.set(true);
        Occurrence {
            at: s.at,
            claim: self.claim,
            lx: s
                .line
                .number
                .as_ref()
                .and_then(|n| n.as_str().parse().ok())
                .unwrap_or(0),
        }
    }
}

/// The model sink that runs the claim rules.
pub(crate) struct ClaimChecks {
    pub(crate) findings: Vec<Finding>,
    pub(crate) carets: Vec<Caret>,
    pub(crate) settings: ClaimSettings,
    stamp: Stamp,
    kind: Option<ClaimKind>,
    remittance: RemittanceTotals,
    file: FileState,
    /// The cross-file counts of this input, merged with the other
    /// inputs' when the run ends.
    pub(crate) ledger: Ledger,
    /// The current set's envelope, shared by the occurrences counted in
    /// it (made on first use).
    envelope: Option<Arc<Envelope>>,
    /// The allocation of the last claim's services, for the next one's.
    spare_services: ServiceBuffer,
}

impl ClaimChecks {
    pub(crate) fn new(settings: ClaimSettings) -> Self {
        ClaimChecks {
            findings: Vec::new(),
            carets: Vec::new(),
            settings,
            stamp: Stamp::default(),
            kind: None,
            remittance: RemittanceTotals::default(),
            file: FileState::default(),
            ledger: Ledger::default(),
            envelope: None,
            spare_services: ServiceBuffer::default(),
        }
    }
}

impl ClaimChecks {
    /// A claim with this CLM01 has started (its CLM was just read): the
    /// rules that look its id up can fetch what they need now.
    #[inline]
    pub(crate) fn claim_started(&self, id: &[u8]) {
        self.file.claim_ids.prefetch(id);
    }

    /// Where the rules of one claim (or claim payment, or none) report.
    fn report<'a>(&'a mut self, claim_id: Option<&'a str>) -> Report<'a> {
        self.report_and_file(claim_id).0
    }

    /// [`Self::report`] and the state of the file, for the rules that
    /// compare a claim with the ones before it.
    fn report_and_file<'a>(
        &'a mut self,
        claim_id: Option<&'a str>,
    ) -> (Report<'a>, &'a mut FileState) {
        let report = Report {
            findings: &mut self.findings,
            carets: &mut self.carets,
            stamp: &self.stamp,
            claim_id,
            settings: &self.settings,
        };
        (report, &mut self.file)
    }

    /// The UNIT and RATE rules: per claim, and the counts for the run.
    fn services(&mut self, claim: &Claim, kind: ClaimKind) {
        // Borrowed field by field: the services borrow the settings while
        // the findings and the ledger grow (cloning the settings' `Arc`s
        // instead cost two atomic updates per claim).
        let ClaimChecks {
            findings,
            carets,
            settings,
            stamp,
            ledger,
            envelope,
            spare_services,
            ..
        } = self;
        let buffer = spare_services.take();
        let services =
            ClaimServices::of(claim, kind, &settings.profiles, &settings.manifest, buffer);
        if !services.services.is_empty() {
            let mut r = Report {
                findings,
                carets,
                stamp,
                claim_id: Some(claim.id.as_str()),
                settings,
            };
            check_services(&mut r, ledger, envelope, claim, &services);
        }
        spare_services.give(services.services);
    }
}

/// The UNIT and RATE rules over a claim's services, and the counts they
/// add to the run's `ledger` (`envelope`: the current set's, made on
/// first use).
fn check_services(
    r: &mut Report<'_>,
    ledger: &mut Ledger,
    envelope: &mut Option<Arc<Envelope>>,
    claim: &Claim,
    services: &ClaimServices<'_>,
) {
    unit::unit001_psychotherapy_time::check(services, r);
    unit::unit002_fractional_units::check(services, r);
    unit::unit003_units_exceed_minutes::check(services, r);
    unit::unit006_unit_basis::check(services, r);
    // A void cancels its claim: it bills nothing to count.
    let void = claim
        .frequency_code
        .as_ref()
        .is_some_and(|f| f.as_str() == "8");
    if void {
        return;
    }
    let origin = Origin {
        claim: ledger.claims.len() as u32,
        counted: Cell::new(false),
    };
    unit::unit003_units_exceed_minutes::record(services, &origin, &mut ledger.eight_minute_days);
    unit::unit005_add_on_without_primary::record(services, &origin, &mut ledger.add_on_days);
    unit::unit004_units_per_day::record(
        services,
        &origin,
        r.settings.codes.mue.as_ref(),
        &mut ledger.units_per_day,
    );
    rate::record(claim, services, &origin, &mut ledger.rate);
    // The claim is kept once, and only when a line of it counts.
    if origin.counted.get() {
        let stamp = r.stamp;
        let envelope = envelope.get_or_insert_with(|| {
            Arc::new(Envelope {
                interchange: stamp.interchange.clone(),
                group: stamp.group.clone(),
                transaction: stamp.transaction.clone(),
            })
        });
        ledger.claims.push(CountedClaim {
            file: 0,
            institutional: services.kind == ClaimKind::Institutional,
            envelope: Arc::clone(envelope),
            id: claim.id.as_str().into(),
        });
    }
    rate::check(services, r);
}

impl ModelSink for ClaimChecks {
    /// No claim rule reads a postal address or a contact.
    fn reads_addresses(&self) -> bool {
        false
    }

    /// The rules read a claim and keep nothing of it (the ledger and the
    /// duplicate checks copy what they need).
    fn borrows_claims(&self) -> bool {
        true
    }

    fn interchange_start(&mut self, head: &Interchange) -> io::Result<()> {
        self.stamp.interchange = Some(head.control_number.to_string());
        Ok(())
    }

    fn group_start(&mut self, head: &Group) -> io::Result<()> {
        self.stamp.group = Some(head.control_number.to_string());
        Ok(())
    }

    fn transaction_start(&mut self, head: TransactionRef<'_>) -> io::Result<()> {
        let (control, kind) = match head {
            TransactionRef::Claims(t) => (&t.control_number, Some(t.kind)),
            TransactionRef::Remittance(t) => (&t.control_number, None),
            TransactionRef::Other(t) => (&t.control_number, None),
        };
        self.stamp.transaction = Some(control.to_string());
        self.envelope = None;
        self.kind = kind;
        self.remittance = RemittanceTotals::default();
        Ok(())
    }

    fn claim(&mut self, claim: Claim) -> io::Result<()> {
        self.claim_ref(&claim)
    }

    fn claim_ref(&mut self, claim: &Claim) -> io::Result<()> {
        let kind = self.kind.unwrap_or(ClaimKind::Professional);
        let new = self.file.new_levels(claim);
        let (mut r, file) = self.report_and_file(Some(claim.id.as_str()));
        bal::bal001_claim_total::check(claim, kind, &mut r);
        bal::bal006_line_adjudication_balance::check(claim, kind, &mut r);
        bal::bal007_other_payer_claim_balance::check(claim, &mut r);
        bal::bal009_other_payer_paid_from_lines::check(claim, &mut r);
        sit::sit001_original_claim_number::check(claim, &mut r);
        sit::sit002_duplicate_claim_id::check(claim, file, &mut r);
        sit::sit003_future_service_date::check(claim, &mut r);
        code::code001_unknown_diagnosis::check(claim, &mut r);
        code::code002_non_billable_diagnosis::check(claim, &mut r);
        code::code003_icd9_qualifier::check(claim, &mut r);
        code::code004_outside_icd10_release::check(claim, &mut r);
        code::code005_procedure_code_format::check(claim, kind, &mut r);
        code::code006_modifier_format::check(claim, kind, &mut r);
        code::code007_place_of_service::check(claim, kind, &mut r);
        code::code008_npi_check_digit::check(claim, kind, &mut r);
        code::code009_taxonomy_code::check(claim, kind, &mut r);
        code::code010_adjustment_reason_code::check(claim, &mut r);
        code::code011_remark_code::check(claim, &mut r);
        code::code012_unknown_hcpcs::check(claim, kind, &mut r);
        sit::sit004_rendering_same_as_billing::check(claim, &mut r);
        sit::sit005_patient_level_for_self::check(claim, new, &mut r);
        sit::sit006_dependent_without_patient_level::check(claim, new, &mut r);
        sit::sit007_line_date_outside_statement::check(claim, kind, &mut r);
        sit::sit008_admission_date_hour::check(claim, kind, &mut r);
        sit::sit009_diagnosis_pointer::check(claim, kind, &mut r);
        sit::sit010_other_payer_missing::check(claim, &mut r);
        sit::sit012_duplicate_service_line::check(claim, &mut r);
        sit::sit013_subscriber_demographics::check(claim, new, &mut r);
        sit::sit014_accident_date::check(claim, kind, &mut r);
        self.services(claim, kind);
        Ok(())
    }

    fn claim_payment(&mut self, payment: ClaimPayment) -> io::Result<()> {
        if let Some(paid) = payment.paid {
            self.remittance.paid += paid.value();
        }
        self.remittance.claims += 1;
        let mut r = self.report(Some(payment.id.as_str()));
        bal::bal002_service_payment_balance::check(&payment, &mut r);
        bal::bal003_claim_payment_balance::check(&payment, &mut r);
        bal::bal004_patient_responsibility::check(&payment, &mut r);
        bal::bal008_claim_paid_from_lines::check(&payment, &mut r);
        code::code008_npi_check_digit::check_payment(&payment, &mut r);
        code::code010_adjustment_reason_code::check_payment(&payment, &mut r);
        code::code011_remark_code::check_payment(&payment, &mut r);
        sit::sit011_reversal_amounts::check(&payment, &mut r);
        Ok(())
    }

    fn transaction_end(&mut self, transaction: Transaction) -> io::Result<()> {
        if let Transaction::Remittance(t) = &transaction {
            let totals = self.remittance;
            let mut r = self.report(None);
            bal::bal005_payment_total::check(t, &totals, &mut r);
        }
        Ok(())
    }
}
