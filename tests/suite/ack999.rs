//! 999 implementation acknowledgments (`claimcheck::ack`, `validate
//! --ack999`): exact text for a rejected and an accepted set, one ST*999
//! per functional group, every 999 written for the fixtures and for
//! generated 837P files validated by pyx12 4.0.0's `x12valid` (and by
//! claimcheck's own X231A1 guide), and the CLI writing the files.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use claimcheck::ack::{Ack999File, Ack999Options, UtcTime, write_999};
use claimcheck::diagnostic::Severity;
use claimcheck::synth::{SynthOptions, write_837p};
use claimcheck::validate_bytes;
use common::{crate_dir, fixture};

const BIN: &str = env!("CARGO_BIN_EXE_claimcheck");

/// 2026-03-15 10:30:59 UTC.
const WHEN: u64 = 1_773_570_659;

fn options(control_number: u64) -> Ack999Options {
    Ack999Options {
        control_number,
        time: UtcTime::from_unix_seconds(WHEN),
    }
}

/// The 999s of one input, named after `name`.
fn acks_of(bytes: &[u8], name: &str, control_number: u64) -> Vec<Ack999File> {
    let report = validate_bytes(bytes).named(name);
    write_999(&report, &options(control_number))
}

fn acks_of_fixture(rel: &str) -> Vec<Ack999File> {
    let bytes = std::fs::read(fixture(rel)).unwrap();
    acks_of(&bytes, &format!("fixtures/{rel}"), 1)
}

#[test]
fn syn_errors_become_ik3_and_ik4_and_reject_the_set() {
    let acks = acks_of_fixture("syn/SYN005_diagnosis_code_empty.x12");
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0].name, "SYN005_diagnosis_code_empty.000000101.999");
    assert_eq!(acks[0].interchange, "000000101");
    assert_eq!(acks[0].control_number, 1);
    assert_eq!(
        acks[0].text,
        "\
ISA*00*          *00*          *ZZ*MEDICAIDPAYER  *ZZ*CLAIMCHECKSUB  *260315*1030*^*00501*000000001*0*T*:~
GS*FA*MEDICAIDPAYER*CLAIMCHECKSUB*20260315*1030*1*X*005010X231A1~
ST*999*0001*005010X231A1~
AK1*HC*101*005010X222A1~
AK2*837*0001*005010X222A1~
IK3*HI*19*2300*8~
IK4*1:2*1271*1~
IK5*R*5~
AK9*R*1*1*0~
SE*8*0001~
GE*1*1~
IEA*1*000000001~
"
    );
}

#[test]
fn a_clean_set_is_accepted() {
    let bytes = std::fs::read(fixture("env/ok_837p.x12")).unwrap();
    let acks = acks_of(&bytes, "claims/ok_837p.x12", 42);
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0].name, "ok_837p.000000101.999");
    assert_eq!(
        acks[0].text,
        "\
ISA*00*          *00*          *ZZ*MEDICAIDPAYER  *ZZ*CLAIMCHECKSUB  *260315*1030*^*00501*000000042*0*T*:~
GS*FA*MEDICAIDPAYER*CLAIMCHECKSUB*20260315*1030*42*X*005010X231A1~
ST*999*0001*005010X231A1~
AK1*HC*101*005010X222A1~
AK2*837*0001*005010X222A1~
IK5*A~
AK9*A*1*1*1~
SE*6*0001~
GE*1*42~
IEA*1*000000042~
"
    );
}

/// Lines of a 999 that start with `id*`.
fn segments<'a>(text: &'a str, id: &str) -> Vec<&'a str> {
    let prefix = format!("{id}*");
    text.lines().filter(|l| l.starts_with(&prefix)).collect()
}

#[test]
fn one_st_999_per_functional_group() {
    let acks = acks_of_fixture("env/ok_multiple_sets_and_groups.x12");
    assert_eq!(acks.len(), 1);
    let text = &acks[0].text;
    assert_eq!(
        segments(text, "ST"),
        ["ST*999*0001*005010X231A1~", "ST*999*0002*005010X231A1~"]
    );
    assert_eq!(
        segments(text, "AK1"),
        ["AK1*HC*101*005010X222A1~", "AK1*HC*102*005010X222A1~"]
    );
    assert_eq!(segments(text, "AK2").len(), 3);
    assert_eq!(segments(text, "IK5"), ["IK5*A~"; 3]);
    assert_eq!(segments(text, "AK9"), ["AK9*A*2*2*2~", "AK9*A*1*1*1~"]);
    assert_eq!(segments(text, "SE"), ["SE*8*0001~", "SE*6*0002~"]);
    assert_eq!(segments(text, "GE"), ["GE*2*1~"]);
}

#[test]
fn one_999_per_interchange_numbered_in_turn() {
    let acks = acks_of_fixture("env/ok_two_interchanges.x12");
    let names: Vec<&str> = acks.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ok_two_interchanges.000000101.999",
            "ok_two_interchanges.000000102.999"
        ]
    );
    assert_eq!(acks[0].control_number, 1);
    assert_eq!(acks[1].control_number, 2);
    assert!(acks[1].text.ends_with("IEA*1*000000002~\n"));
}

/// The IK5 and AK9 segments of a fixture's 999.
fn verdicts(rel: &str) -> (Vec<String>, Vec<String>) {
    let acks = acks_of_fixture(rel);
    assert_eq!(acks.len(), 1, "{rel}");
    let text = &acks[0].text;
    let own = |id| segments(text, id).into_iter().map(str::to_owned).collect();
    (own("IK5"), own("AK9"))
}

#[test]
fn envelope_findings_map_to_ik5_and_ak9_codes() {
    let cases: [(&str, &[&str], &str); 10] = [
        ("env/ENV006_st02_short.x12", &["IK5*R*7~"], "AK9*R*1*1*0~"),
        ("env/ENV010_ge02.x12", &["IK5*A~"], "AK9*R*1*1*1*4~"),
        ("env/ENV011_ge01.x12", &["IK5*A~"], "AK9*R*2*1*1*5~"),
        ("env/ENV012_se02.x12", &["IK5*R*3~"], "AK9*R*1*1*0~"),
        ("env/ENV013_se01.x12", &["IK5*R*4~"], "AK9*R*1*1*0~"),
        ("env/ENV014_truncated.x12", &["IK5*R*2~"], "AK9*R*1*1*0*3~"),
        (
            "env/ENV016_st03_differs_from_gs08.x12",
            &["IK5*R*19~"],
            "AK9*R*1*1*0~",
        ),
        (
            "env/ENV018_834_enrollment.x12",
            &["IK5*R*1~"],
            "AK9*R*1*1*0~",
        ),
        (
            "env/ENV021_duplicate_st02.x12",
            &["IK5*A~", "IK5*R*23~"],
            "AK9*P*2*2*1~",
        ),
        // Interchange-level problems are a TA1's business, not a 999's.
        ("env/ENV008_iea02.x12", &["IK5*A~"], "AK9*A*1*1*1~"),
    ];
    for (rel, ik5, ak9) in cases {
        let (got_ik5, got_ak9) = verdicts(rel);
        assert_eq!(got_ik5, ik5, "{rel}");
        assert_eq!(got_ak9, [ak9], "{rel}");
    }
    // An empty group is answered (with a warning noted), then the full one.
    let acks = acks_of_fixture("env/ENV022_empty_group.x12");
    assert_eq!(
        segments(&acks[0].text, "AK9"),
        ["AK9*E*0*0*0~", "AK9*A*1*1*1~"]
    );
    // No interchange, no 999.
    assert!(acks_of_fixture("env/ENV001_not_x12.x12").is_empty());
}

#[test]
fn copied_values_lose_delimiters_and_fit_their_elements() {
    let bytes = std::fs::read(fixture("env/ok_837p.x12")).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    // A 45-character claim id full of the 999's delimiters, in an input
    // that uses others: `|` between elements, `!` between components,
    // `}` between repetitions and a line break after each segment.
    let long_id = "A*B:C^D~E".repeat(5);
    let changed = text
        .replace('*', "|")
        .replace(':', "!")
        .replace("|^|", "|}|")
        .replace("~\n", "\n")
        .replace("CLM|CC-0001|", &format!("CLM|{long_id}|"));
    let acks = acks_of(changed.as_bytes(), "x.x12", 1);
    let ik4 = segments(&acks[0].text, "IK4");
    assert_eq!(
        ik4,
        ["IK4*1*1028*5*ABCDEABCDEABCDEABCDEABCDE~"],
        "{}",
        acks[0].text
    );
    let ik3 = segments(&acks[0].text, "IK3");
    assert_eq!(ik3.len(), 1);
    // IK303 holds at most four characters: loop 2010AA becomes 2010.
    let report = validate_bytes(
        text.replace("N4*BOSTON*MA*021090001", "N4*BOSTON*M*021090001")
            .as_bytes(),
    );
    let acks = write_999(&report, &options(1));
    assert_eq!(segments(&acks[0].text, "IK3"), ["IK3*N4*9*2010*8~"]);
}

// ---------------------------------------------------------------------
// pyx12
// ---------------------------------------------------------------------

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Every fixture file, sorted.
fn fixture_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for family in ["env", "syn"] {
        for entry in std::fs::read_dir(fixture(family)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "x12") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Generated 837P files: several sets and groups, with and without line
/// breaks, and copies with errors made on purpose (so that IK3/IK4 and
/// envelope codes are written too).
fn generated_837p() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (seed, claims, sets, newlines) in [(1, 1000, 50, true), (2, 15, 2, true), (3, 25, 3, false)]
    {
        let opts = SynthOptions {
            seed,
            target_bytes: 40_000,
            claims_per_transaction: claims,
            transactions_per_group: sets,
            newlines,
            ..Default::default()
        };
        let mut bytes = Vec::new();
        write_837p(&opts, &mut bytes).unwrap();
        out.push((format!("gen{seed}.x12"), bytes));
    }
    let (_, base) = &out[1];
    let text = String::from_utf8(base.clone()).unwrap();
    let damaged = [
        // Element errors with odd bad values, in several sets.
        text.replacen("*UN*", "*U!<N>&*", 3)
            .replacen("DTP*472*D8*2026", "DTP*472*D8*2O26", 2),
        // A missing required segment and an unexpected one.
        text.replacen("\nNM1*PR*", "\nXYZ*1*2~\nNM1*PR*", 1)
            .replacen("\nSBR*", "\nSBQ*", 1),
        // Envelope damage: SE02, SE01 and GE01 off.
        text.replacen("\nSE*", "\nSE*1", 1)
            .replacen("~\nGE*2*", "~\nGE*9*", 1)
            .replacen("\nSE*", "\nSE*999*X", 1),
        // A set cut short: the file ends in the middle of a claim.
        text[..text.len() * 2 / 3].to_string(),
    ];
    for (i, d) in damaged.into_iter().enumerate() {
        out.push((format!("damaged{i}.x12"), d.into_bytes()));
    }
    out
}

/// Runs `x12valid` once over all files and returns, per file, the ERROR
/// lines it logged (and a line when it did not say OK). Its exit code is
/// unreliable; the verdict is read from stderr, where each file's log
/// lines come before its "<file>: OK" line.
fn x12valid_problems(exe: &Path, files: &[PathBuf]) -> Vec<String> {
    let out = Command::new(exe)
        .args(files)
        .output()
        .expect("run x12valid");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut problems = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    let mut verdicts = 0;
    for line in stderr.lines().chain(stdout.lines()) {
        if let Some(file) = files.iter().find(|f| {
            line == format!("{}: OK", f.display()) || line == format!("{}: Failure", f.display())
        }) {
            verdicts += 1;
            if !line.ends_with(": OK") || !pending.is_empty() {
                problems.push(format!(
                    "{}:\n  {}\n  {line}",
                    file.display(),
                    pending.join("\n  ")
                ));
            }
            pending.clear();
        } else if line.contains("ERROR") || line.contains("Traceback") {
            pending.push(line);
        }
    }
    if verdicts != files.len() || !pending.is_empty() {
        problems.push(format!(
            "x12valid gave {verdicts} verdicts for {} files:\n{stderr}{stdout}",
            files.len()
        ));
    }
    problems
}

#[test]
fn every_999_is_valid_for_pyx12_and_claimcheck() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs: Vec<(String, Vec<u8>)> = fixture_files()
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(crate_dir()).unwrap().display().to_string();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    inputs.extend(generated_837p());
    let mut written = Vec::new();
    let mut control = 1;
    let mut rejected = 0;
    for (name, bytes) in &inputs {
        let report = validate_bytes(bytes).named(name);
        let acks = write_999(&report, &options(control));
        control += acks.len() as u64;
        for ack in acks {
            // claimcheck's own guide for the 999 finds nothing wrong.
            let own = validate_bytes(ack.text.as_bytes());
            let sets = segments(&ack.text, "ST").len() as u64;
            assert_eq!(own.envelopes.kinds.get("999"), Some(&sets), "{}", ack.name);
            let bad: Vec<_> = own
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .map(|f| format!("{} {}", f.rule, f.message))
                .collect();
            assert!(bad.is_empty(), "{}: {bad:#?}\n{}", ack.name, ack.text);
            rejected += ack.text.matches("IK5*R").count();
            let path = dir.path().join(&ack.name);
            assert!(!path.exists(), "two 999s named {}", ack.name);
            std::fs::write(&path, &ack.text).unwrap();
            written.push(path);
        }
    }
    assert!(written.len() > 50, "{} 999s written", written.len());
    assert!(rejected > 30, "{rejected} sets rejected");
    let Some(exe) = find_on_path("x12valid") else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "x12valid (pyx12 4.0.0) is not on PATH but CI is set; install it with `pip install pyx12==4.0.0`"
            );
        }
        eprintln!(
            "note: x12valid not on PATH (pip install pyx12==4.0.0): 999s not checked by pyx12"
        );
        return;
    };
    let problems = x12valid_problems(&exe, &written);
    assert!(
        problems.is_empty(),
        "pyx12 found problems in {} of {} 999s:\n{}",
        problems.len(),
        written.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------

fn claimcheck(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .current_dir(crate_dir())
        .output()
        .expect("claimcheck runs")
}

#[test]
fn cli_writes_one_999_per_interchange() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acks/new");
    let dir_arg = dir.to_str().unwrap();
    let inputs = [
        "fixtures/env/ok_two_interchanges.x12",
        "fixtures/syn/SYN005_diagnosis_code_empty.x12",
        "fixtures/env/ENV001_not_x12.x12",
    ];
    let plain = claimcheck(&[&["validate", "--format", "json"][..], &inputs[..]].concat());
    let before = UtcTime::now();
    let with = claimcheck(
        &[
            &["validate", "--format", "json", "--ack999", dir_arg][..],
            &inputs[..],
        ]
        .concat(),
    );
    let after = UtcTime::now();
    assert_eq!(with.status.code(), Some(1));
    assert_eq!(with.stdout, plain.stdout, "stdout does not change");
    assert_eq!(String::from_utf8_lossy(&with.stderr), "");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "SYN005_diagnosis_code_empty.000000101.999",
            "ok_two_interchanges.000000101.999",
            "ok_two_interchanges.000000102.999",
        ]
    );
    // Numbered from 1 in input order.
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    assert!(read("ok_two_interchanges.000000101.999").contains("*000000001*0*T*:~\n"));
    assert!(read("ok_two_interchanges.000000102.999").contains("*000000002*0*T*:~\n"));
    let syn = read("SYN005_diagnosis_code_empty.000000101.999");
    assert!(syn.contains("*000000003*0*T*:~\n"));
    assert!(syn.contains("IK4*1:2*1271*1~\n"));
    // Dated now (UTC).
    let gs = segments(&syn, "GS")[0];
    let date = gs.split('*').nth(4).unwrap();
    assert!(
        date == before.ccyymmdd() || date == after.ccyymmdd(),
        "{gs}"
    );

    // The same input name twice (two directories): the second gets a suffix.
    let twice = claimcheck(&[
        "validate",
        "--ack999",
        dir_arg,
        "fixtures/env/ok_837p.x12",
        "fixtures/env/ok_837p.x12",
    ]);
    assert_eq!(twice.status.code(), Some(0));
    assert!(dir.join("ok_837p.000000101.999").is_file());
    assert!(dir.join("ok_837p.000000101-2.999").is_file());
}

#[test]
fn cli_exits_2_when_the_directory_cannot_be_made() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let under_file = file.join("acks");
    let out = claimcheck(&[
        "validate",
        "--ack999",
        under_file.to_str().unwrap(),
        "fixtures/env/ok_837p.x12",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("claimcheck: error: cannot create "),
        "{stderr}"
    );
}
