//! Rule selection, severity overrides and `claimcheck.toml`, through the
//! binary: `--select`, `--extend-select`, `--ignore`, `--severity`,
//! `--config`, `--no-config`, discovery from a parent folder, the exit
//! code and the 999 under the adjusted settings, every error as one line
//! with exit 2; and `claimcheck rules --format json`.
//!
//! Each test runs in its own temporary project: `claims/env.x12` gives
//! ENV020 and ENV013 (errors), `claims/syn.x12` gives SYN022 (error).

use crate::common;

use common::{code, fails, json_findings, run_in, stderr, write};

use std::path::{Path, PathBuf};

use claimcheck::rules::registry::RULES;
use serde_json::Value;
use tempfile::TempDir;

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// A project folder with two claim files and no configuration.
fn project() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let claims = dir.path().join("claims");
    std::fs::create_dir(&claims).unwrap();
    for (fixture, name) in [
        ("env/ENV020_empty_segment.x12", "env.x12"),
        ("syn/SYN022_padded_last_name.x12", "syn.x12"),
    ] {
        let from = Path::new(CRATE_DIR).join("fixtures").join(fixture);
        std::fs::copy(from, claims.join(name)).unwrap();
    }
    dir
}

/// The project's path as the binary sees its working directory.
fn root(dir: &TempDir) -> PathBuf {
    dir.path().canonicalize().unwrap()
}

/// `validate --format json claims ARGS…` in `dir`: exit code and the
/// (rule, severity) of each finding.
fn validate(dir: &Path, args: &[&str]) -> (i32, Vec<(String, String)>) {
    let claims = dir
        .ancestors()
        .map(|d| d.join("claims"))
        .find(|c| c.is_dir())
        .expect("inside a project");
    let claims = claims.to_string_lossy().into_owned();
    let mut all = vec!["validate", "--format", "json", &claims];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    assert!(
        code(&out) != 2,
        "exit 2 for {args:?}: {}",
        stderr(&out).trim_end()
    );
    assert_eq!(stderr(&out), "", "{args:?}");
    let found = json_findings(&out, "severity");
    (code(&out), found)
}

/// Just the rule codes of a run.
fn rules(dir: &Path, args: &[&str]) -> Vec<String> {
    validate(dir, args).1.into_iter().map(|(r, _)| r).collect()
}

// ------------------------------------------------------------- selection

#[test]
fn without_selection_every_rule_reports() {
    let p = project();
    assert_eq!(
        validate(p.path(), &[]),
        (
            1,
            vec![
                ("ENV020".into(), "error".into()),
                ("ENV013".into(), "error".into()),
                ("SYN022".into(), "error".into()),
            ]
        )
    );
}

#[test]
fn select_and_ignore_by_code_prefix_and_all() {
    let p = project();
    let d = p.path();
    assert_eq!(rules(d, &["--select", "ENV"]), ["ENV020", "ENV013"]);
    assert_eq!(rules(d, &["--select", "env013"]), ["ENV013"]);
    assert_eq!(rules(d, &["--select", "ENV013,SYN"]), ["ENV013", "SYN022"]);
    assert_eq!(
        rules(d, &["--select", "ENV013", "--select", "SYN022"]),
        ["ENV013", "SYN022"]
    );
    assert_eq!(rules(d, &["--ignore", "ENV"]), ["SYN022"]);
    assert_eq!(
        rules(d, &["--ignore", "ENV01", "--ignore", "syn"]),
        ["ENV020"]
    );
    assert_eq!(
        rules(d, &["--select", "ALL", "--ignore", "ENV02"]),
        ["ENV013", "SYN022"]
    );
    assert_eq!(
        rules(d, &["--select", "ENV013", "--ignore", "ALL"]),
        ["ENV013"]
    );
}

#[test]
fn the_more_specific_selector_wins_and_ignore_wins_ties() {
    let p = project();
    let d = p.path();
    assert_eq!(
        rules(d, &["--select", "SYN022", "--ignore", "SYN"]),
        ["SYN022"]
    );
    assert_eq!(
        rules(d, &["--select", "SYN", "--ignore", "SYN022"]),
        Vec::<String>::new()
    );
    assert_eq!(
        rules(d, &["--select", "ENV0", "--ignore", "ENV01"]),
        ["ENV020"]
    );
    assert_eq!(
        rules(d, &["--select", "ENV013", "--ignore", "env013"]),
        Vec::<String>::new()
    );
    // Nothing left at or above error: exit 0.
    assert_eq!(validate(d, &["--ignore", "ENV,SYN"]), (0, vec![]));
}

#[test]
fn severity_override_changes_the_exit_code() {
    let p = project();
    let d = p.path();
    let args = ["--select", "SYN022", "--severity", "SYN022=warning"];
    assert_eq!(
        validate(d, &args),
        (0, vec![("SYN022".into(), "warning".into())])
    );
    let mut failing = args.to_vec();
    failing.extend(["--fail-on", "warning"]);
    assert_eq!(validate(d, &failing).0, 1);
    // A prefix, and the more specific entry wins.
    let (exit, found) = validate(d, &["--severity", "ENV=info,ENV013=warning,syn=info"]);
    assert_eq!(exit, 0);
    assert_eq!(
        found,
        [
            ("ENV020".to_string(), "info".to_string()),
            ("ENV013".into(), "warning".into()),
            ("SYN022".into(), "info".into()),
        ]
    );
    // The text renderer shows the adjusted severity too.
    let out = run_in(
        d,
        &["validate", "claims/syn.x12", "--severity", "SYN022=warning"],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("warning[SYN022]: "), "{text}");
    assert!(text.contains("0 errors, 1 warning"), "{text}");
}

// ------------------------------------------------------ claimcheck.toml

#[test]
fn config_is_found_in_a_parent_folder() {
    let p = project();
    write(
        p.path(),
        "claimcheck.toml",
        "ignore = [\"ENV\"]\n[severity]\nSYN022 = \"warning\"\n",
    );
    let deep = p.path().join("a/b");
    std::fs::create_dir_all(&deep).unwrap();
    for dir in [p.path(), deep.as_path()] {
        assert_eq!(
            validate(dir, &[]),
            (0, vec![("SYN022".into(), "warning".into())]),
            "from {}",
            dir.display()
        );
    }
    // The nearest file wins; files further up are not merged.
    write(&deep, "claimcheck.toml", "select = [\"ENV013\"]\n");
    assert_eq!(rules(&deep, &[]), ["ENV013"]);
    assert_eq!(rules(&deep, &["--no-config"]).len(), 3);
}

#[test]
fn config_option_names_the_file_and_turns_discovery_off() {
    let p = project();
    write(p.path(), "claimcheck.toml", "ignore = [\"SYN\"]\n");
    write(
        p.path(),
        "conf/strict.toml",
        "select = [\"SYN\"]\nfail-on = \"warning\"\n",
    );
    assert_eq!(rules(p.path(), &[]), ["ENV020", "ENV013"]);
    assert_eq!(
        rules(p.path(), &["--config", "conf/strict.toml"]),
        ["SYN022"]
    );
    // fail-on from the file; the flag overrides it.
    assert_eq!(
        validate(
            p.path(),
            &[
                "--config",
                "conf/strict.toml",
                "--severity",
                "SYN022=warning"
            ]
        )
        .0,
        1
    );
    assert_eq!(
        validate(
            p.path(),
            &[
                "--config",
                "conf/strict.toml",
                "--severity",
                "SYN022=warning",
                "--fail-on",
                "error"
            ]
        )
        .0,
        0
    );
    assert_eq!(rules(p.path(), &["--no-config"]).len(), 3);
}

#[test]
fn flags_override_and_extend_the_file() {
    let p = project();
    let d = p.path();
    write(
        d,
        "claimcheck.toml",
        "select = [\"ENV\"]\nignore = [\"ENV020\"]\n[severity]\nENV = \"warning\"\n",
    );
    assert_eq!(
        validate(d, &[]),
        (0, vec![("ENV013".into(), "warning".into())])
    );
    // --ignore adds to the file's ignore.
    assert_eq!(rules(d, &["--ignore", "ENV013"]), Vec::<String>::new());
    // --extend-select adds to the file's selection, even what it ignored.
    assert_eq!(
        rules(d, &["--extend-select", "SYN022,ENV020"]),
        ["ENV020", "ENV013", "SYN022"]
    );
    // --select starts over: the file's select and ignore no longer apply,
    // its severities still do.
    assert_eq!(
        validate(d, &["--select", "ENV020,SYN"]),
        (
            1,
            vec![
                ("ENV020".into(), "warning".into()),
                ("SYN022".into(), "error".into())
            ]
        )
    );
    // A --severity flag goes on top of the file's.
    assert_eq!(
        validate(d, &["--severity", "ENV0=info"]),
        (0, vec![("ENV013".into(), "info".into())])
    );
}

#[test]
fn profiles_must_exist_and_load() {
    let p = project();
    let d = p.path();
    write(
        d,
        "conf/claimcheck.toml",
        "profiles = [\"payers/a.toml\"]\n",
    );
    write(
        d,
        "conf/payers/a.toml",
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n",
    );
    assert_eq!(rules(d, &["--config", "conf/claimcheck.toml"]).len(), 3);
    write(d, "conf/payers/a.toml", "not even TOML [");
    assert_eq!(
        fails(d, &["--config", "conf/claimcheck.toml"]),
        "claimcheck: error: conf/payers/a.toml:1: invalid TOML: key with no value, expected `=`"
    );
    std::fs::remove_file(d.join("conf/payers/a.toml")).unwrap();
    assert_eq!(
        fails(d, &["--config", "conf/claimcheck.toml"]),
        "claimcheck: error: conf/claimcheck.toml:1: profiles: no file conf/payers/a.toml"
    );
}

// ---------------------------------------------------------------- errors

#[test]
fn bad_selectors_on_the_command_line_exit_2() {
    let p = project();
    let d = p.path();
    let cases: [(&[&str], &str); 7] = [
        (&["--select", "XYZ9"], "--select: no rule matches 'XYZ9'"),
        (
            &["--select", "ENV,SYN0220"],
            "--select: no rule matches 'SYN0220'",
        ),
        (&["--ignore", "BOGUS"], "--ignore: no rule matches 'BOGUS'"),
        (
            &["--extend-select", "E N V"],
            "--extend-select: no rule matches 'E N V'",
        ),
        (
            &["--severity", "SYN022"],
            "--severity: 'SYN022' is not RULE=LEVEL",
        ),
        (
            &["--severity", "SYN022=fatal"],
            "--severity: unknown severity 'fatal' (expected error, warning or info)",
        ),
        (
            &["--severity", "NOPE=info"],
            "--severity: no rule matches 'NOPE'",
        ),
    ];
    for (args, message) in cases {
        assert_eq!(fails(d, args), format!("claimcheck: error: {message}"));
    }
}

#[test]
fn bad_configuration_files_exit_2_naming_file_line_and_key() {
    let p = project();
    let dir = root(&p);
    let file = dir.join("claimcheck.toml");
    let at = |line: usize| format!("claimcheck: error: {}:{line}: ", file.display());
    let cases: [(&str, String); 7] = [
        (
            "select = [\"ENV\",\n    \"XYZ9\"]\n",
            format!("{}select: no rule matches 'XYZ9'", at(2)),
        ),
        (
            "# comment\nselct = [\"ENV\"]\n",
            format!(
                "{}unknown key 'selct' (known: select, extend-select, ignore, severity, fail-on, profiles, codes, manifest)",
                at(2)
            ),
        ),
        (
            "ignore = \"SYN\"\n",
            format!(
                "{}ignore: expected an array of strings, found string",
                at(1)
            ),
        ),
        (
            "\n[severity]\nENV = \"warning\"\nSYN022 = \"fatal\"\n",
            format!(
                "{}severity.SYN022: unknown severity 'fatal' (expected error, warning or info)",
                at(4)
            ),
        ),
        (
            "[severity]\nBAD1 = \"info\"\n",
            format!("{}severity.BAD1: no rule matches 'BAD1'", at(2)),
        ),
        (
            "fail-on = \"never\"\n",
            format!("{}fail-on: 'never' is not error or warning", at(1)),
        ),
        (
            "profiles = [\"missing.toml\"]\n",
            format!(
                "{}profiles: no file {}",
                at(1),
                dir.join("missing.toml").display()
            ),
        ),
    ];
    for (text, message) in cases {
        std::fs::write(&file, text).unwrap();
        assert_eq!(fails(&dir, &[]), message, "{text}");
    }
    // TOML syntax: the line of the problem and the parser's message.
    std::fs::write(&file, "select = [\"ENV\"]\nignore = [\"SYN\"\n\n").unwrap();
    assert_eq!(
        fails(&dir, &[]),
        format!("{}invalid TOML: unclosed array, expected `]`", at(2))
    );
    // --no-config skips the broken file.
    assert_eq!(rules(&dir, &["--no-config"]).len(), 3);
}

#[test]
fn unreadable_config_file_exits_2() {
    let p = project();
    let err = fails(p.path(), &["--config", "nowhere.toml"]);
    assert!(
        err.starts_with("claimcheck: error: cannot read nowhere.toml: "),
        "{err}"
    );
    let out = run_in(
        p.path(),
        &["validate", "claims", "--config", "x.toml", "--no-config"],
    );
    assert_eq!(code(&out), 2);
}

// ------------------------------------------------------------------- 999

/// IK5 (set acknowledgment code) of the 999 written for `claims/syn.x12`.
fn ik5(dir: &Path, args: &[&str]) -> String {
    let acks = dir.join("acks");
    let _ = std::fs::remove_dir_all(&acks);
    let mut all = vec!["validate", "claims/syn.x12", "--ack999", "acks"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    assert_ne!(code(&out), 2, "{}", stderr(&out));
    let entries: Vec<_> = std::fs::read_dir(&acks).unwrap().collect();
    assert_eq!(entries.len(), 1);
    let text = std::fs::read_to_string(entries[0].as_ref().unwrap().path()).unwrap();
    let ik5 = text
        .split('~')
        .map(str::trim)
        .find(|s| s.starts_with("IK5*"))
        .unwrap_or_else(|| panic!("no IK5 in {text}"));
    let has_ik3 = text.contains("IK3*");
    format!("{ik5} ik3={has_ik3}")
}

#[test]
fn the_999_acknowledges_only_selected_findings_at_their_severity() {
    let p = project();
    let d = p.path();
    assert_eq!(ik5(d, &[]), "IK5*R*5 ik3=true");
    assert_eq!(
        ik5(d, &["--severity", "SYN022=warning"]),
        "IK5*E*5 ik3=true"
    );
    assert_eq!(ik5(d, &["--ignore", "SYN022"]), "IK5*A ik3=false");
    assert_eq!(ik5(d, &["--severity", "SYN=info"]), "IK5*A ik3=false");
}

// ----------------------------------------------------------------- rules

#[test]
fn rules_json_lists_every_rule() {
    let p = project();
    // A configuration does not change the list.
    write(p.path(), "claimcheck.toml", "select = [\"ENV001\"]\n");
    let out = run_in(p.path(), &["rules", "--format", "json"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stderr(&out), "");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), RULES.len());
    for (entry, rule) in list.iter().zip(RULES) {
        let keys: Vec<&str> = entry
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 6, "{entry}");
        assert_eq!(entry["code"], rule.code);
        assert_eq!(entry["name"], rule.name);
        assert_eq!(entry["severity"], rule.severity.as_str());
        assert_eq!(entry["snip"].as_u64(), rule.snip.map(u64::from));
        assert_eq!(entry["summary"], rule.summary);
        assert_eq!(entry["help"], rule.help);
    }
    let text = run_in(p.path(), &["rules"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert_eq!(text.lines().count(), RULES.len() + 1);
}
