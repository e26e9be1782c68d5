//! The 837P (005010X222A1) writer: the professional claim (2300 loop and
//! below) inside the shared 837 frame of [`super::gen837`].

use std::io::{self, Write};

use super::gen837::{ClaimWriter, write_claim_provider, write_line_date_and_id, write_procedure};
use super::model::{Claim, DIAGNOSES, FileFacts, Head, PLACES, Rendering, claim_id};
use super::out::Out;
use super::{SynthOptions, SynthStats};

#[derive(Default)]
struct Professional {
    claim: Claim,
}

impl ClaimWriter for Professional {
    const VERSION: &'static [u8] = b"005010X222A1";

    fn write_claim<W: Write>(
        &mut self,
        o: &mut Out<W>,
        seed: u64,
        head: &Head,
        facts: &FileFacts,
    ) -> u64 {
        let claim = &mut self.claim;
        claim.generate(seed, head.index, facts.doy_837);

        // 2300 claim.
        let mut id = [0u8; 12];
        o.seg(b"CLM");
        o.e(claim_id(claim.index, &mut id));
        o.e_amt(claim.total);
        o.stars(2);
        o.e(PLACES[claim.place as usize]);
        o.raw(b":B:1*Y*A*Y*Y");
        o.end();
        if let Some(onset) = claim.onset {
            o.seg(b"DTP*431*D8");
            o.e_date(onset);
            o.end();
        }
        if let Some(pa) = claim.prior_auth {
            o.seg(b"REF*G1*PA");
            o.num(pa);
            o.end();
        }
        o.seg(b"HI");
        for (k, &d) in claim.diagnoses[..claim.n_diagnoses as usize]
            .iter()
            .enumerate()
        {
            o.e(if k == 0 { b"ABK:" } else { b"ABF:" });
            o.raw(DIAGNOSES[d as usize]);
        }
        o.end();
        // 2310B rendering provider.
        if let Some(rno) = claim.rendering {
            let r = Rendering::new(seed, rno);
            write_claim_provider(o, b"NM1*82*1", b"PRV*PE*PXC", &r);
        }
        // 2400 service lines.
        for (k, line) in claim.lines().iter().enumerate() {
            o.seg(b"LX");
            o.e_num(k as u64 + 1);
            o.end();
            o.seg(b"SV1*");
            write_procedure(o, line.procedure().code, &line.modifiers);
            o.e_amt(line.charge);
            o.raw(b"*UN");
            o.e_num(line.units);
            o.raw(if line.pointers == 2 {
                b"***1:2"
            } else {
                b"***1"
            });
            o.end();
            write_line_date_and_id(o, line.date, claim.index, k + 1);
        }
        u64::from(claim.n_lines)
    }
}

pub(crate) fn write<W: Write>(opts: &SynthOptions, out: W) -> io::Result<SynthStats> {
    super::gen837::write(opts, out, &mut Professional::default())
}
