//! Payer profiles through the binary: `claimcheck profile check FILE…`,
//! `validate --profile FILE` and claimcheck.toml's `profiles`. Good
//! profiles give one "ok" line each; a bad one gives one error line and
//! exit 2, and stops `validate` before any input is read.

use crate::common;

use common::{code, run_in, stderr, stdout, write};

const GOOD: &str =
    "[payer]\nname = \"Plan A\"\nids = [\"PLANA\"]\n\n[units.H0004]\nmax_units_per_day = 8\n";
const BAD: &str = "[payer]\nname = \"Plan B\"\nids = [\"PLANB\"]\n\n[units.H0004]\nminutes_per_unit = 15\nrounding = \"nearest\"\n";
const BAD_ERROR: &str = "claimcheck: error: payers/b.toml:7: units.H0004.rounding: expected one of \"8-minute\", \"midpoint\", \"any-part\", found \"nearest\"\n";

/// A project with a good and a bad profile and one claim file that has
/// no finding.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "payers/a.toml", GOOD);
    write(dir.path(), "payers/b.toml", BAD);
    std::fs::create_dir(dir.path().join("claims")).unwrap();
    std::fs::copy(
        common::fixture("env/ok_837p.x12"),
        dir.path().join("claims/ok.x12"),
    )
    .unwrap();
    dir
}

#[test]
fn profile_check_prints_one_line_per_shipped_example() {
    let out = run_in(
        &common::crate_dir(),
        &[
            "profile",
            "check",
            "schemas/profiles/ccbhc_pps.toml",
            "schemas/profiles/managed_care_case_rate.toml",
            "schemas/profiles/medicaid_ffs.toml",
            "schemas/profiles/otp_weekly_bundle.toml",
        ],
    );
    assert_eq!(stderr(&out), "");
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out),
        "schemas/profiles/ccbhc_pps.toml: ok (payer Example State Medicaid (CCBHC), 3 unit codes, 1 case rate)\n\
         schemas/profiles/managed_care_case_rate.toml: ok (payer Example Health Plan (Medicaid managed care), 4 unit codes, 1 case rate)\n\
         schemas/profiles/medicaid_ffs.toml: ok (payer Example State Medicaid (fee-for-service), 12 unit codes, 0 case rates)\n\
         schemas/profiles/otp_weekly_bundle.toml: ok (payer Example Medicare Contractor (opioid treatment programs), 5 unit codes, 5 case rates)\n"
    );
}

#[test]
fn profile_check_of_a_bad_file_exits_2_with_one_error_line() {
    let p = project();
    let out = run_in(
        p.path(),
        &["profile", "check", "payers/a.toml", "payers/b.toml"],
    );
    assert_eq!(code(&out), 2);
    assert_eq!(stderr(&out), BAD_ERROR);
    // The good file is still reported.
    assert_eq!(
        stdout(&out),
        "payers/a.toml: ok (payer Plan A, 1 unit code, 0 case rates)\n"
    );
    let out = run_in(p.path(), &["profile", "check", "payers/missing.toml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("claimcheck: error: cannot read payers/missing.toml: "),
        "{}",
        stderr(&out)
    );
    assert_eq!(stderr(&out).lines().count(), 1);
    // Without a file: a usage error.
    assert_eq!(code(&run_in(p.path(), &["profile", "check"])), 2);
}

#[test]
fn profile_check_finds_clashes_between_files() {
    let p = project();
    write(
        p.path(),
        "payers/c.toml",
        "[payer]\nname = \"Plan C\"\nids = [\"PLANC\", \"PLANA\"]\n",
    );
    let out = run_in(
        p.path(),
        &["profile", "check", "payers/a.toml", "payers/c.toml"],
    );
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "claimcheck: error: payers/c.toml:3: payer.ids: \"PLANA\" is also a payer id of payers/a.toml\n"
    );
    assert_eq!(
        stdout(&out),
        "payers/a.toml: ok (payer Plan A, 1 unit code, 0 case rates)\n"
    );
    // The same file named twice is checked once.
    let out = run_in(
        p.path(),
        &[
            "profile",
            "check",
            "payers/a.toml",
            "payers/../payers/a.toml",
        ],
    );
    assert_eq!((code(&out), stderr(&out)), (0, String::new()));
    assert_eq!(stdout(&out).lines().count(), 1);
}

#[test]
fn validate_loads_profiles_given_with_the_flag() {
    let p = project();
    let d = p.path();
    let ok = run_in(
        d,
        &[
            "validate",
            "--no-config",
            "--select",
            "ENV",
            "--profile",
            "payers/a.toml",
            "claims",
        ],
    );
    assert_eq!((code(&ok), stderr(&ok)), (0, String::new()));
    // A bad profile stops the run before any input is read: no output,
    // no 999 directory, only the profile's error.
    let out = run_in(
        d,
        &[
            "validate",
            "--no-config",
            "--ack999",
            "acks",
            "--profile",
            "payers/a.toml",
            "--profile",
            "payers/b.toml",
            "claims",
            "no-such-input.x12",
        ],
    );
    assert_eq!(code(&out), 2);
    assert_eq!(stderr(&out), BAD_ERROR);
    assert_eq!(stdout(&out), "");
    assert!(!d.join("acks").exists());
}

#[test]
fn validate_loads_the_profiles_of_claimcheck_toml() {
    let p = project();
    let d = p.path();
    write(d, "claimcheck.toml", "profiles = [\"payers/a.toml\"]\n");
    let ok = run_in(d, &["validate", "--select", "ENV", "claims"]);
    assert_eq!((code(&ok), stderr(&ok)), (0, String::new()));
    // The same file from the configuration and the flag is loaded once,
    // so its payer ids do not clash with themselves.
    let twice = run_in(
        d,
        &[
            "validate",
            "--select",
            "ENV",
            "--profile",
            "payers/a.toml",
            "claims",
        ],
    );
    assert_eq!((code(&twice), stderr(&twice)), (0, String::new()));
    // Profiles from both places must not clash.
    write(
        d,
        "payers/c.toml",
        "[payer]\nname = \"Plan C\"\nids = [\"PLANA\"]\n",
    );
    let clash = run_in(d, &["validate", "--profile", "payers/c.toml", "claims"]);
    assert_eq!(code(&clash), 2);
    assert_eq!(
        stderr(&clash),
        format!(
            "claimcheck: error: payers/c.toml:3: payer.ids: \"PLANA\" is also a payer id of {}\n",
            d.canonicalize().unwrap().join("payers/a.toml").display()
        )
    );
    // A bad profile named by the configuration.
    write(d, "claimcheck.toml", "profiles = [\"payers/b.toml\"]\n");
    let out = run_in(d, &["validate", "claims"]);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        BAD_ERROR.replace(
            "payers/b.toml",
            &d.canonicalize()
                .unwrap()
                .join("payers/b.toml")
                .display()
                .to_string()
        )
    );
}
