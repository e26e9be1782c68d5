//! Loading code files through the binary: `validate --codes KIND=FILE`
//! and the configuration's `[codes]` table (paths relative to the
//! configuration's folder), the command line replacing the file of the
//! same kind, and every unreadable or malformed code file as one error
//! line with exit 2.
//!
//! Each test runs in its own temporary project whose `claims/claim.x12`
//! bills under taxonomy 101YM0801X (well formed, not in the test NUCC
//! file) and procedure H0005 (not in the test HCPCS file).

use crate::common;
use common::{copy_into, fails, run_in, validate_claims};

use serde_json::Value;
use tempfile::TempDir;

fn project() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_into(
        dir.path(),
        &[
            (
                "fixtures/code/CODE009_unknown_taxonomy.x12",
                "claims/claim.x12",
            ),
            ("tests/data/codesets/nucc_taxonomy.csv", "codes/nucc.csv"),
            ("tests/data/codesets/hcpcs_anweb.txt", "codes/hcpcs.txt"),
            ("tests/data/codesets/rarc.txt", "codes/rarc.txt"),
        ],
    );
    // The same claim billing H0005 instead of H0004.
    let claim = std::fs::read_to_string(dir.path().join("claims/claim.x12")).unwrap();
    assert!(claim.contains("SV1*HC:H0004"));
    std::fs::write(
        dir.path().join("claims/claim.x12"),
        claim.replace("SV1*HC:H0004", "SV1*HC:H0005"),
    )
    .unwrap();
    dir
}

fn finding(rule: &str, message: &str) -> (String, String) {
    (rule.to_string(), message.to_string())
}

fn unknown_taxonomy() -> (String, String) {
    finding(
        "CODE009",
        "taxonomy code 101YM0801X of the billing provider (NM1*85) is not in the loaded NUCC taxonomy file",
    )
}

fn unknown_hcpcs() -> (String, String) {
    finding(
        "CODE012",
        "procedure code H0005 is not in the loaded HCPCS Level II file",
    )
}

#[test]
fn without_code_files_the_claim_passes() {
    let p = project();
    assert_eq!(validate_claims(p.path(), &["--no-config"]), (0, vec![]));
}

#[test]
fn codes_flags_load_files_and_unknown_codes_become_findings() {
    let p = project();
    assert_eq!(
        validate_claims(
            p.path(),
            &[
                "--no-config",
                "--codes",
                "taxonomy=codes/nucc.csv",
                "--codes",
                "hcpcs=codes/hcpcs.txt"
            ]
        ),
        (1, vec![unknown_taxonomy(), unknown_hcpcs()])
    );
    // One kind only: only its rule reports.
    assert_eq!(
        validate_claims(
            p.path(),
            &["--no-config", "--codes", "HCPCS=codes/hcpcs.txt"]
        ),
        (1, vec![unknown_hcpcs()])
    );
}

#[test]
fn the_configuration_names_code_files_relative_to_its_folder() {
    let p = project();
    let d = p.path();
    std::fs::write(
        d.join("codes/claimcheck.toml"),
        "[codes]\ntaxonomy = \"nucc.csv\"\nrarc = \"rarc.txt\"\n",
    )
    .unwrap();
    assert_eq!(
        validate_claims(d, &["--config", "codes/claimcheck.toml"]),
        (1, vec![unknown_taxonomy()])
    );
    // Found from a subfolder by discovery, too.
    std::fs::rename(d.join("codes/claimcheck.toml"), d.join("claimcheck.toml")).unwrap();
    std::fs::write(
        d.join("claimcheck.toml"),
        "[codes]\ntaxonomy = \"codes/nucc.csv\"\n",
    )
    .unwrap();
    let sub = d.join("claims");
    let out = run_in(&sub, &["validate", "--format", "json", "claim.x12"]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["findings"][0]["rule"], "CODE009");
}

#[test]
fn the_command_line_replaces_the_configurations_file_of_a_kind() {
    let p = project();
    let d = p.path();
    // The configuration's taxonomy file lists 101YM0801X; the command
    // line's does not.
    std::fs::write(d.join("codes/all.csv"), "Code\n101YM0801X\n").unwrap();
    std::fs::write(
        d.join("claimcheck.toml"),
        "[codes]\ntaxonomy = \"codes/all.csv\"\n",
    )
    .unwrap();
    assert_eq!(validate_claims(d, &[]), (0, vec![]));
    assert_eq!(
        validate_claims(d, &["--codes", "taxonomy=codes/nucc.csv"]),
        (1, vec![unknown_taxonomy()])
    );
}

#[test]
fn unreadable_code_files_exit_2() {
    let p = project();
    let d = p.path();
    let err = fails(d, &["--no-config", "--codes", "carc=codes/none.csv"]);
    assert!(
        err.starts_with("claimcheck: error: --codes: cannot read codes/none.csv: "),
        "{err}"
    );
    std::fs::write(
        d.join("claimcheck.toml"),
        "fail-on = \"error\"\n\n[codes]\nhcpcs = \"codes/none.txt\"\n",
    )
    .unwrap();
    // The configuration was discovered: it and the path are named in full.
    let err = fails(d, &[]);
    assert!(
        err.starts_with("claimcheck: error: ")
            && err.contains("claimcheck.toml:4: codes.hcpcs: cannot read ")
            && err.contains("codes/none.txt: "),
        "{err}"
    );
}

#[test]
fn malformed_code_files_exit_2_naming_file_and_line() {
    let p = project();
    let d = p.path();
    // A RARC list given as a CARC list: its first code is line 2.
    assert_eq!(
        fails(d, &["--no-config", "--codes", "carc=codes/rarc.txt"]),
        "claimcheck: error: codes/rarc.txt:2: column 1 (code): 'M15' is not a CARC code"
    );
    std::fs::write(d.join("codes/bad.csv"), "Code\n101YM0800X\n101YM080X\n").unwrap();
    assert_eq!(
        fails(d, &["--no-config", "--codes", "taxonomy=codes/bad.csv"]),
        "claimcheck: error: codes/bad.csv:3: column 1 (Code): '101YM080X' is not a taxonomy code (9 letters or digits and X)"
    );
    std::fs::write(
        d.join("claimcheck.toml"),
        "[codes]\ntaxonomy = \"codes/bad.csv\"\n",
    )
    .unwrap();
    let err = fails(d, &[]);
    assert!(
        err.starts_with("claimcheck: error: ") && err.ends_with("codes/bad.csv:3: column 1 (Code): '101YM080X' is not a taxonomy code (9 letters or digits and X)"),
        "{err}"
    );
}

#[test]
fn bad_codes_values_exit_2() {
    let p = project();
    let d = p.path();
    for (value, message) in [
        (
            "icd=codes/x.csv",
            "unknown code file kind 'icd' (expected hcpcs, taxonomy, carc, rarc or mue)",
        ),
        (
            "codes/nucc.csv",
            "'codes/nucc.csv' is not KIND=FILE (KIND: hcpcs, taxonomy, carc, rarc or mue)",
        ),
    ] {
        let out = run_in(d, &["validate", "claims", "--no-config", "--codes", value]);
        assert_eq!(out.status.code(), Some(2), "{value}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(message), "{value}: {err}");
    }
    std::fs::write(
        d.join("claimcheck.toml"),
        "[codes]\nicd = \"codes/x.csv\"\n",
    )
    .unwrap();
    let err = fails(d, &[]);
    assert!(
        err.ends_with(
            "claimcheck.toml:2: codes.icd: unknown code file kind 'icd' (expected hcpcs, taxonomy, carc, rarc or mue)"
        ),
        "{err}"
    );
}
