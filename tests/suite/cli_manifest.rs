//! The documentation manifest through the binary: `validate --manifest
//! FILE` (alias `--docs`) and `manifest = "..."` in claimcheck.toml
//! (relative to the configuration's folder); the flag replaces the
//! configuration's manifest; a manifest that cannot be read or does not
//! fit its format stops the run with one error line and exit 2, before any
//! input is read.
//!
//! Each test runs in its own temporary project: `claims/claim.x12` (a
//! clean 837P) and `docs/manifest.csv` (the example manifest).

use crate::common;
use common::{copy_into, fails, run_in, validate_claims, write};

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
            (
                "fixtures/manifest/example_manifest.csv",
                "docs/manifest.csv",
            ),
            (
                "fixtures/manifest/example_manifest.json",
                "docs/manifest.json",
            ),
            ("tests/data/manifest/bad.csv", "docs/bad.csv"),
        ],
    );
    dir
}

const FIRST_BAD: &str = "2: minutes: '1.5' is not a whole number of minutes";

#[test]
fn good_manifests_are_accepted() {
    let p = project();
    let d = p.path();
    assert_eq!(validate_claims(d, &["--no-config"]), (0, vec![]));
    for file in ["docs/manifest.csv", "docs/manifest.json"] {
        assert_eq!(
            validate_claims(d, &["--no-config", "--manifest", file]),
            (0, vec![])
        );
        assert_eq!(
            validate_claims(d, &["--no-config", "--docs", file]),
            (0, vec![])
        );
    }
}

#[test]
fn a_bad_manifest_exits_2_with_its_first_problem() {
    let p = project();
    let d = p.path();
    assert_eq!(
        fails(d, &["--no-config", "--manifest", "docs/bad.csv"]),
        format!("claimcheck: error: docs/bad.csv:{FIRST_BAD}")
    );
    let err = fails(d, &["--no-config", "--manifest", "docs/none.csv"]);
    assert!(
        err.starts_with("claimcheck: error: --manifest: cannot read docs/none.csv: "),
        "{err}"
    );
    // Read before any input: the missing input is never reached.
    let out = run_in(
        d,
        &[
            "validate",
            "missing.x12",
            "--no-config",
            "--manifest",
            "docs/bad.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        common::stderr(&out),
        format!("claimcheck: error: docs/bad.csv:{FIRST_BAD}\n")
    );
}

#[test]
fn one_manifest_per_run() {
    let p = project();
    assert_eq!(
        fails(
            p.path(),
            &[
                "--no-config",
                "--manifest",
                "docs/manifest.csv",
                "--manifest",
                "docs/manifest.json"
            ]
        ),
        "claimcheck: error: --manifest can be given only once (one manifest per run)"
    );
}

#[test]
fn the_configuration_names_the_manifest_relative_to_its_folder() {
    let p = project();
    let d = p.path();
    write(d, "docs/claimcheck.toml", "manifest = \"bad.csv\"\n");
    assert_eq!(
        fails(d, &["--config", "docs/claimcheck.toml"]),
        format!("claimcheck: error: docs/bad.csv:{FIRST_BAD}")
    );
    // The command line replaces the configuration's manifest.
    assert_eq!(
        validate_claims(
            d,
            &[
                "--config",
                "docs/claimcheck.toml",
                "--manifest",
                "docs/manifest.csv"
            ]
        ),
        (0, vec![])
    );
    write(d, "docs/claimcheck.toml", "manifest = \"manifest.json\"\n");
    assert_eq!(
        validate_claims(d, &["--config", "docs/claimcheck.toml"]),
        (0, vec![])
    );
    // Discovered from the working directory, naming a missing file.
    write(
        d,
        "claimcheck.toml",
        "fail-on = \"error\"\nmanifest = \"docs/none.csv\"\n",
    );
    let err = fails(d, &[]);
    assert!(
        err.starts_with("claimcheck: error: ")
            && err.contains("claimcheck.toml:2: manifest: cannot read ")
            && err.contains("docs/none.csv: "),
        "{err}"
    );
    write(d, "claimcheck.toml", "manifest = 3\n");
    assert!(
        fails(d, &[]).ends_with("claimcheck.toml:1: manifest: expected a string, found integer"),
    );
}
