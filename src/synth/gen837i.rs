//! The 837I (005010X223A2) writer: behavioral-health outpatient facility
//! claims (2300 loop and below) inside the shared 837 frame of
//! [`super::gen837`].
//!
//! Each billing provider is a facility ([`facility`]: community mental
//! health center, recovery center, psychiatric hospital outpatient
//! department, substance use disorder clinic) with a facility taxonomy in
//! 2000A PRV; CLM05 carries its type of bill (`76:A:1`, `89:A:1`,
//! `13:A:1`: admit-through-discharge claims). Per claim: DTP*434 statement
//! covers period (one week, RD8), CL1 (priority of visit, point of origin,
//! patient status 01), optional REF*G1, HI*ABK principal diagnosis, HI*APR
//! reason for visit where the guide asks for it, HI*ABF other diagnoses,
//! 2310A attending clinician (NM1*71 with NPI, PRV*AT), then one 2400 loop
//! per line: LX, SV2 (revenue code, HC procedure, charge, UN, units),
//! DTP*472, REF*6R.

use std::io::{self, Write};

use super::gen837::{ClaimWriter, write_claim_provider, write_line_date_and_id, write_procedure};
use super::model::{
    DIAGNOSES, FileFacts, Head, InstClaim, Provider, Rendering, claim_id, facility,
};
use super::out::Out;
use super::{SynthOptions, SynthStats};

/// CL103 patient discharge status: discharged to home or self care.
const PATIENT_STATUS: &[u8] = b"01";

#[derive(Default)]
struct Institutional {
    claim: InstClaim,
}

impl ClaimWriter for Institutional {
    const VERSION: &'static [u8] = b"005010X223A2";

    fn billing_provider(&self, seed: u64, provider_no: u64, p: &mut Provider) {
        let f = facility(seed, provider_no);
        p.name2 = f.name_kind;
        p.taxonomy = f.taxonomy;
    }

    fn write_claim<W: Write>(
        &mut self,
        o: &mut Out<W>,
        seed: u64,
        head: &Head,
        facts: &FileFacts,
    ) -> u64 {
        let claim = &mut self.claim;
        claim.generate(seed, head.index, facts.doy_837);
        let fac = facility(seed, head.provider);

        // 2300 claim.
        let mut id = [0u8; 12];
        o.seg(b"CLM");
        o.e(claim_id(claim.index, &mut id));
        o.e_amt(claim.total);
        o.stars(2);
        o.e(fac.type_code);
        o.raw(b":A:1**A*Y*Y");
        o.end();
        o.seg(b"DTP*434*RD8");
        o.e_date(claim.from);
        o.raw(b"-");
        o.date(claim.through());
        o.end();
        o.seg(b"CL1");
        o.e_num(u64::from(claim.admission_type));
        o.e_num(u64::from(claim.admission_source));
        o.e(PATIENT_STATUS);
        o.end();
        if let Some(pa) = claim.prior_auth {
            o.seg(b"REF*G1*PA");
            o.num(pa);
            o.end();
        }
        let diagnoses = &claim.diagnoses[..claim.n_diagnoses as usize];
        o.seg(b"HI*ABK:");
        o.raw(DIAGNOSES[diagnoses[0] as usize]);
        o.end();
        // The patient's reason for visit is required on hospital outpatient
        // (013x) bills of an emergency, urgent or trauma visit (X12 RFI
        // 1256); elsewhere it is not sent.
        if fac.type_code == b"13" && claim.admission_type == 2 {
            o.seg(b"HI*APR:");
            o.raw(DIAGNOSES[diagnoses[0] as usize]);
            o.end();
        }
        if diagnoses.len() > 1 {
            o.seg(b"HI");
            for &d in &diagnoses[1..] {
                o.e(b"ABF:");
                o.raw(DIAGNOSES[d as usize]);
            }
            o.end();
        }
        // 2310A attending provider.
        let att = Rendering::new(seed, claim.attending);
        write_claim_provider(o, b"NM1*71*1", b"PRV*AT*PXC", &att);
        // 2400 service lines.
        for (k, line) in claim.lines().iter().enumerate() {
            let service = line.service();
            o.seg(b"LX");
            o.e_num(k as u64 + 1);
            o.end();
            o.seg(b"SV2");
            o.e(service.revenue);
            o.raw(b"*");
            write_procedure(o, service.procedure.code, &[line.modifier]);
            o.e_amt(line.charge);
            o.raw(b"*UN");
            o.e_num(line.units);
            o.end();
            write_line_date_and_id(o, line.date, claim.index, k + 1);
        }
        u64::from(claim.n_lines)
    }
}

pub(crate) fn write<W: Write>(opts: &SynthOptions, out: W) -> io::Result<SynthStats> {
    super::gen837::write(opts, out, &mut Institutional::default())
}
