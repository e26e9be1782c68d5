//! External code sets (WEDI SNIP 5): what ships in the binary and what the
//! user loads.
//!
//! Shipped: ICD-10-CM ([`icd10cm`], with its release and effective window)
//! and the CMS place-of-service list ([`pos`]). Checked by format only:
//! NPI check digit ([`npi`]), CPT/HCPCS, modifier and revenue code
//! ([`procedure`]), taxonomy ([`taxonomy`]), CARC/RARC ([`carc_rarc`]).
//! Loaded from files the user points to ([`loaders`]): HCPCS Level II,
//! NUCC taxonomy, CARC and RARC lists, MUE table. A [`CodeSets`] bundles
//! the loaded ones; it is built once per run and shared by every worker.

pub mod carc_rarc;
pub mod icd10cm;
pub mod loaders;
pub mod npi;
pub mod pos;
pub mod procedure;
pub mod taxonomy;

use loaders::adjustment_codes::AdjustmentCodeKind;
use loaders::hcpcs::HcpcsFile;
use loaders::mue::MueTable;
use loaders::{CodeList, LoadError};

/// The kinds of code file a user can load (`--codes KIND=FILE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeFileKind {
    /// `hcpcs`: the CMS HCPCS Level II annual file.
    Hcpcs,
    /// `taxonomy`: the NUCC taxonomy CSV.
    Taxonomy,
    /// `carc`: claim adjustment reason codes.
    Carc,
    /// `rarc`: remittance advice remark codes.
    Rarc,
    /// `mue`: a CMS MUE table.
    Mue,
}

impl CodeFileKind {
    pub const ALL: [CodeFileKind; 5] = [
        CodeFileKind::Hcpcs,
        CodeFileKind::Taxonomy,
        CodeFileKind::Carc,
        CodeFileKind::Rarc,
        CodeFileKind::Mue,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CodeFileKind::Hcpcs => "hcpcs",
            CodeFileKind::Taxonomy => "taxonomy",
            CodeFileKind::Carc => "carc",
            CodeFileKind::Rarc => "rarc",
            CodeFileKind::Mue => "mue",
        }
    }
}

impl std::str::FromStr for CodeFileKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CodeFileKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "unknown code file kind '{s}' (expected hcpcs, taxonomy, carc, rarc or mue)"
                )
            })
    }
}

/// The code sets one run checks against: the shipped ones (always there,
/// reached through the modules) and the files the user loaded. Read-only
/// once built, so it is shared by reference across threads.
#[derive(Debug, Clone, Default)]
pub struct CodeSets {
    pub hcpcs: Option<HcpcsFile>,
    pub taxonomy: Option<CodeList>,
    pub carc: Option<CodeList>,
    pub rarc: Option<CodeList>,
    pub mue: Option<MueTable>,
}

impl CodeSets {
    /// Only the shipped sets; nothing loaded.
    pub fn shipped() -> Self {
        CodeSets::default()
    }

    /// Reads a user file of `kind` (named `file` in messages) into the
    /// bundle, replacing one of the same kind.
    pub fn load(&mut self, kind: CodeFileKind, file: &str, bytes: &[u8]) -> Result<(), LoadError> {
        match kind {
            CodeFileKind::Hcpcs => self.hcpcs = Some(loaders::hcpcs::load(file, bytes)?),
            CodeFileKind::Taxonomy => self.taxonomy = Some(loaders::taxonomy::load(file, bytes)?),
            CodeFileKind::Carc => {
                self.carc = Some(loaders::adjustment_codes::load(
                    file,
                    bytes,
                    AdjustmentCodeKind::Carc,
                )?)
            }
            CodeFileKind::Rarc => {
                self.rarc = Some(loaders::adjustment_codes::load(
                    file,
                    bytes,
                    AdjustmentCodeKind::Rarc,
                )?)
            }
            CodeFileKind::Mue => self.mue = Some(loaders::mue::load(file, bytes)?),
        }
        Ok(())
    }

    /// The shipped ICD-10-CM release.
    pub fn icd10cm_release(&self) -> &'static icd10cm::Release {
        icd10cm::release()
    }
}

/// A small code file of the tests (tests/data/codesets).
#[cfg(test)]
pub(crate) fn test_data(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/data/codesets/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::codesets::test_data as fixture;

    #[test]
    fn code_sets_are_shared_across_threads() {
        fn is_sync<T: Sync + Send>() {}
        is_sync::<CodeSets>();
    }

    #[test]
    fn kinds_parse_by_name() {
        for kind in CodeFileKind::ALL {
            assert_eq!(kind.name().parse::<CodeFileKind>(), Ok(kind));
        }
        assert_eq!("HCPCS".parse::<CodeFileKind>(), Ok(CodeFileKind::Hcpcs));
        assert_eq!(
            "icd".parse::<CodeFileKind>().unwrap_err(),
            "unknown code file kind 'icd' (expected hcpcs, taxonomy, carc, rarc or mue)"
        );
    }

    #[test]
    fn every_kind_loads_its_fixture_into_the_bundle() {
        let mut sets = CodeSets::shipped();
        assert!(sets.hcpcs.is_none() && sets.mue.is_none());
        for (kind, file) in [
            (CodeFileKind::Hcpcs, "hcpcs_anweb.txt"),
            (CodeFileKind::Taxonomy, "nucc_taxonomy.csv"),
            (CodeFileKind::Carc, "carc.csv"),
            (CodeFileKind::Rarc, "rarc.txt"),
            (CodeFileKind::Mue, "mue_practitioner.csv"),
        ] {
            sets.load(kind, file, &fixture(file)).unwrap();
        }
        assert!(sets.hcpcs.as_ref().unwrap().codes.contains(b"H2015"));
        assert!(sets.taxonomy.as_ref().unwrap().contains(b"261QM0801X"));
        assert!(sets.carc.as_ref().unwrap().contains(b"253"));
        assert!(sets.rarc.as_ref().unwrap().contains(b"MA130"));
        assert_eq!(
            sets.mue
                .as_ref()
                .unwrap()
                .get(b"H2015")
                .map(|e| e.max_units),
            Some(16)
        );
        assert_eq!(sets.icd10cm_release().fiscal_year, 2026);
        let e = sets
            .load(CodeFileKind::Carc, "rarc.txt", &fixture("rarc.txt"))
            .unwrap_err();
        assert_eq!(e.line, 2);
    }
}
