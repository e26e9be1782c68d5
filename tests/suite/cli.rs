//! The `claimcheck` binary end to end: exit codes, text and JSON output,
//! stdin, directories, determinism, closed pipes, `rules` and `explain`.
//!
//! Every test runs the built binary with the crate directory as its working
//! directory, so fixture paths appear in the output as `fixtures/env/…`.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

use crate::common::stderr;

const BIN: &str = env!("CARGO_BIN_EXE_claimcheck");
const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// The fields every finding carries in JSON, in wire order (`related` is
/// added only when another segment is involved).
const FINDING_FIELDS: [&str; 17] = [
    "rule",
    "severity",
    "snip",
    "message",
    "file",
    "interchange",
    "group",
    "transaction",
    "segment_index",
    "segment_id",
    "element",
    "byte_offset",
    "line",
    "loop",
    "claim_id",
    "service_line",
    "help",
];

fn command<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(CRATE_DIR);
    cmd
}

/// Run with stdin closed (empty).
fn run<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    command(args)
        .stdin(Stdio::null())
        .output()
        .expect("claimcheck runs")
}

/// Run with `input` piped to stdin.
fn run_with_stdin<I, S>(args: I, input: &[u8]) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("claimcheck starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = input.to_vec();
    // Write from another thread so a full stdout pipe cannot deadlock us.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("claimcheck finishes");
    writer.join().unwrap().expect("stdin accepted");
    out
}

fn code(out: &Output) -> i32 {
    out.status
        .code()
        .unwrap_or_else(|| panic!("claimcheck was killed: {:?}", out.status))
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn crate_path(rel: &str) -> PathBuf {
    Path::new(CRATE_DIR).join(rel)
}

/// Every fixture under `fixtures/env`, relative to the crate, sorted.
fn env_fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(crate_path("fixtures/env"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| format!("fixtures/env/{n}"))
        .collect()
}

fn assert_single_error_line(out: &Output) {
    let err = stderr(out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one stderr line expected, got {err:?}");
    assert!(
        lines[0].starts_with("claimcheck: error: "),
        "stderr line {:?}",
        lines[0]
    );
}

/// Copy `fixture` into `dir` `n` times.
fn copies(dir: &Path, fixture: &str, n: usize) {
    let bytes = std::fs::read(crate_path(fixture)).unwrap();
    for i in 0..n {
        std::fs::write(dir.join(format!("f{i:04}.x12")), &bytes).unwrap();
    }
}

// ---------------------------------------------------------------- exit codes

#[test]
fn clean_file_exits_0_and_ends_with_the_run_summary() {
    let out = run(["validate", "fixtures/env/ok_837p.x12"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert_eq!(
        text.lines().last(),
        Some("0 errors, 0 warnings, 0 infos in 1 file(s)"),
        "{text}"
    );
    assert_eq!(
        text,
        "fixtures/env/ok_837p.x12: 1 837P (1 interchange, 1 group, 1 transaction set; \
         824 bytes): 0 errors, 0 warnings, 0 infos\n\
         0 errors, 0 warnings, 0 infos in 1 file(s)\n"
    );
}

#[test]
fn every_clean_fixture_exits_0_even_with_fail_on_warning() {
    let clean: Vec<String> = env_fixtures()
        .into_iter()
        .filter(|p| p.starts_with("fixtures/env/ok_"))
        .collect();
    assert!(clean.len() >= 7, "{clean:?}");
    for path in &clean {
        let out = run(["validate", "--fail-on", "warning", path.as_str()]);
        assert_eq!(code(&out), 0, "{path}: {}", stdout(&out));
        assert_eq!(
            stdout(&out).lines().last(),
            Some("0 errors, 0 warnings, 0 infos in 1 file(s)"),
            "{path}"
        );
    }
}

#[test]
fn failing_fixture_exits_1_with_a_caret_under_iea02() {
    let out = run(["validate", "fixtures/env/ENV008_iea02.x12"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "error[ENV008]: IEA02 '000000102' differs from ISA13 '000000101'"
    );
    assert_eq!(
        lines[1],
        "  --> fixtures/env/ENV008_iea02.x12:28 \
         (segment 27, IEA02, byte 813, interchange 000000101)"
    );
    // The source line, then a caret line exactly under IEA02's value.
    let src = lines
        .iter()
        .position(|l| *l == "28 | IEA*1*000000102")
        .unwrap_or_else(|| panic!("no source line in\n{text}"));
    let caret = lines[src + 1];
    assert_eq!(caret, "   |       ^^^^^^^^^", "{text}");
    let value_at = lines[src].find("000000102").unwrap();
    let caret_at = caret.find('^').unwrap();
    assert_eq!(caret_at, value_at, "caret column");
    assert_eq!(
        caret.trim_start_matches([' ', '|']).len(),
        "000000102".len()
    );
    assert!(text.contains("   = note: ISA (line 1): ISA13 is set here\n"));
    assert!(text.contains("   = help: IEA02 must be identical to ISA13"));
    assert_eq!(
        lines.last(),
        Some(&"1 error, 0 warnings, 0 infos in 1 file(s)")
    );
}

#[test]
fn fail_on_warning() {
    let warning_only = "fixtures/env/ENV019_no_final_terminator.x12";
    let out = run(["validate", warning_only]);
    assert_eq!(code(&out), 0, "a warning alone passes by default");
    assert!(stdout(&out).starts_with("warning[ENV019]: "));
    assert_eq!(
        stdout(&out).lines().last(),
        Some("0 errors, 1 warning, 0 infos in 1 file(s)")
    );
    let out = run(["validate", "--fail-on", "warning", warning_only]);
    assert_eq!(code(&out), 1);
    let out = run(["validate", "--fail-on", "error", warning_only]);
    assert_eq!(code(&out), 0);

    let info_only = "fixtures/env/ENV018_834_enrollment.x12";
    let out = run(["validate", "--fail-on", "warning", info_only]);
    assert_eq!(code(&out), 0, "an info never fails the run");
    assert!(stdout(&out).starts_with("info[ENV018]: "));
    assert_eq!(
        stdout(&out).lines().last(),
        Some("0 errors, 0 warnings, 1 info in 1 file(s)")
    );

    // Only error and warning are levels to fail on.
    let out = run(["validate", "--fail-on", "info", info_only]);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
}

/// Each failing fixture's exit code follows its worst finding.
#[test]
fn exit_code_of_every_failing_fixture() {
    let failing: Vec<String> = env_fixtures()
        .into_iter()
        .filter(|p| p.starts_with("fixtures/env/ENV"))
        .collect();
    assert!(failing.len() >= 24, "{failing:?}");
    for path in &failing {
        let report = json_of(&run(["validate", "--format", "json", path.as_str()]));
        let summary = &report["summary"];
        let errors = summary["errors"].as_u64().unwrap();
        let warnings = summary["warnings"].as_u64().unwrap();
        assert!(
            summary["findings"].as_u64().unwrap() > 0,
            "{path} has no finding"
        );
        let default = code(&run(["validate", path.as_str()]));
        assert_eq!(default, i32::from(errors > 0), "{path}");
        let strict = code(&run(["validate", "--fail-on", "warning", path.as_str()]));
        assert_eq!(strict, i32::from(errors + warnings > 0), "{path}");
    }
}

#[test]
fn nonexistent_path_exits_2_with_one_error_line() {
    let out = run(["validate", "fixtures/env/no_such_file.x12"]);
    assert_eq!(code(&out), 2);
    assert_single_error_line(&out);
    assert_eq!(
        stderr(&out),
        "claimcheck: error: cannot read fixtures/env/no_such_file.x12: \
         no such file or directory\n"
    );

    // Also when other inputs are fine, and whatever the format.
    let out = run([
        "validate",
        "--format",
        "json",
        "fixtures/env/ok_837p.x12",
        "fixtures/env/no_such_file.x12",
    ]);
    assert_eq!(code(&out), 2);
    assert_single_error_line(&out);
}

#[test]
fn bad_arguments_exit_2() {
    let cases: &[&[&str]] = &[
        &["validate", "--format", "xml", "fixtures/env/ok_837p.x12"],
        &["validate", "-j", "many", "fixtures/env/ok_837p.x12"],
        &["validate", "--no-such-flag", "fixtures/env/ok_837p.x12"],
        &["validate"],
        &["frobnicate"],
        &[],
    ];
    for args in cases {
        let out = run(*args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
    let out = run(["validate", "--format", "xml", "fixtures/env/ok_837p.x12"]);
    assert!(stderr(&out).contains("'xml'"), "{}", stderr(&out));

    // stdin can be read only once.
    let out = run(["validate", "-", "-"]);
    assert_eq!(code(&out), 2);
    assert_single_error_line(&out);
}

#[test]
fn version_and_help_exit_0() {
    let out = run(["--version"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).starts_with("claimcheck "), "{}", stdout(&out));
    let out = run(["validate", "--help"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("--fail-on"));
}

#[test]
fn not_x12_is_a_finding_not_a_tool_error() {
    for (path, message) in [
        (
            "fixtures/env/ENV001_not_x12.x12",
            "error[ENV001]: 57 byte(s) are not an X12 interchange: expected an ISA header",
        ),
        (
            "fixtures/env/ENV001_empty.x12",
            "error[ENV001]: the input is empty: expected an ISA header",
        ),
    ] {
        let out = run(["validate", path]);
        assert_eq!(code(&out), 1, "{path}");
        assert_eq!(stderr(&out), "", "{path}");
        let text = stdout(&out);
        assert_eq!(text.lines().next(), Some(message), "{path}");
        assert!(
            text.contains(&format!("  --> {path}:1 (byte 0)\n")),
            "{text}"
        );
    }
}

// ---------------------------------------------------------------------- JSON

#[test]
fn json_report_of_env008_is_exact() {
    let out = run([
        "validate",
        "--format",
        "json",
        "fixtures/env/ENV008_iea02.x12",
    ]);
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out), "");
    assert!(out.stdout.ends_with(b"}\n"));
    let doc = json_of(&out);
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    let mut want_keys = vec!["version", "files", "findings", "summary"];
    want_keys.sort();
    assert_eq!(keys, want_keys);
    assert_eq!(doc["version"], json!(1));
    assert_eq!(
        doc["files"],
        json!([{
            "path": "fixtures/env/ENV008_iea02.x12",
            "bytes": 824,
            "interchanges": 1,
            "groups": 1,
            "transactions": 1,
            "kinds": {"837P": 1}
        }])
    );
    assert_eq!(
        doc["findings"],
        json!([{
            "rule": "ENV008",
            "severity": "error",
            "snip": 1,
            "message": "IEA02 '000000102' differs from ISA13 '000000101'",
            "file": "fixtures/env/ENV008_iea02.x12",
            "interchange": "000000101",
            "group": null,
            "transaction": null,
            "segment_index": 27,
            "segment_id": "IEA",
            "element": "IEA02",
            "byte_offset": 813,
            "line": 28,
            "loop": null,
            "claim_id": null,
            "service_line": null,
            "help": "IEA02 must be identical to ISA13 of the same interchange",
            "related": [{
                "segment_index": 0,
                "segment_id": "ISA",
                "line": 1,
                "byte_offset": 0,
                "note": "ISA13 is set here"
            }]
        }])
    );
    // The byte offset is where IEA02's value starts in the file.
    let bytes = std::fs::read(crate_path("fixtures/env/ENV008_iea02.x12")).unwrap();
    assert!(bytes[813..].starts_with(b"000000102"));
    assert_eq!(
        doc["summary"],
        json!({"files": 1, "findings": 1, "errors": 1, "warnings": 0, "infos": 0})
    );
}

/// Over the whole fixture directory: one `files` entry per input with the
/// file's size, every finding with every field, summary counts that add up,
/// and findings identical to what the library reports for the same bytes.
#[test]
fn json_report_of_the_fixture_directory() {
    let out = run(["validate", "--format", "json", "fixtures/env"]);
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out), "");
    let doc = json_of(&out);
    assert_eq!(doc["version"], json!(1));

    let fixtures = env_fixtures();
    let files = doc["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, fixtures);
    for f in files {
        let obj = f.as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(|k| k.as_str()).collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "bytes",
                "groups",
                "interchanges",
                "kinds",
                "path",
                "transactions"
            ],
            "{f}"
        );
        let path = f["path"].as_str().unwrap();
        let len = std::fs::metadata(crate_path(path)).unwrap().len();
        assert_eq!(f["bytes"], json!(len), "{path}");
        let kinds_total: u64 = f["kinds"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(f["transactions"], json!(kinds_total), "{path}");
    }
    let kinds = |p: &str| {
        files
            .iter()
            .find(|f| f["path"] == json!(p))
            .map(|f| f["kinds"].clone())
            .unwrap()
    };
    assert_eq!(kinds("fixtures/env/ok_835.x12"), json!({"835": 1}));
    assert_eq!(
        kinds("fixtures/env/ok_multiple_sets_and_groups.x12"),
        json!({"837P": 3})
    );
    assert_eq!(kinds("fixtures/env/ENV001_empty.x12"), json!({}));

    let findings = doc["findings"].as_array().unwrap();
    let mut tally = BTreeMap::<String, u64>::new();
    for f in findings {
        let obj = f.as_object().unwrap();
        let keys: Vec<&str> = obj
            .keys()
            .map(|k| k.as_str())
            .filter(|k| *k != "related" && *k != "ack999")
            .collect();
        let mut want: Vec<&str> = FINDING_FIELDS.to_vec();
        want.sort();
        let mut got = keys.clone();
        got.sort();
        assert_eq!(got, want, "{f}");
        let severity = f["severity"].as_str().unwrap();
        assert!(["error", "warning", "info"].contains(&severity), "{f}");
        *tally.entry(severity.to_string()).or_default() += 1;
        let rule = f["rule"].as_str().unwrap();
        assert!(rule.starts_with("ENV") || rule.starts_with("SYN"), "{f}");
        assert!(!f["message"].as_str().unwrap().is_empty(), "{f}");
        assert!(paths.contains(&f["file"].as_str().unwrap()), "{f}");
        if let (Some(i), Some(line)) = (f["segment_index"].as_u64(), f["line"].as_u64()) {
            // Every fixture holds one segment per line.
            assert_eq!(line, i + 1, "{f}");
        }
    }
    let count = |s: &str| tally.get(s).copied().unwrap_or(0);
    assert_eq!(
        doc["summary"],
        json!({
            "files": fixtures.len(),
            "findings": findings.len(),
            "errors": count("error"),
            "warnings": count("warning"),
            "infos": count("info"),
        })
    );

    // The binary reports exactly what the library finds in the same bytes.
    for path in &fixtures {
        let bytes = std::fs::read(crate_path(path)).unwrap();
        let report = claimcheck::validate_bytes(&bytes).named(path);
        let want = serde_json::to_value(&report.findings).unwrap();
        let got: Vec<Value> = findings
            .iter()
            .filter(|f| f["file"] == json!(path))
            .cloned()
            .collect();
        assert_eq!(Value::Array(got), want, "{path}");
        let file = files.iter().find(|f| f["path"] == json!(path)).unwrap();
        assert_eq!(*file, serde_json::to_value(&report).unwrap(), "{path}");
    }

    // Text mode tells the same story.
    let text = stdout(&run(["validate", "fixtures/env"]));
    let plural = |n: u64, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    let summary = format!(
        "{}, {}, {} in {} file(s)",
        plural(count("error"), "error"),
        plural(count("warning"), "warning"),
        plural(count("info"), "info"),
        fixtures.len()
    );
    assert_eq!(text.lines().last(), Some(summary.as_str()));
}

// --------------------------------------------------------------------- stdin

#[test]
fn stdin_gives_the_same_findings_as_the_path() {
    let path = "fixtures/env/ENV008_iea02.x12";
    let bytes = std::fs::read(crate_path(path)).unwrap();

    let by_path = run(["validate", "--format", "json", path]);
    let by_stdin = run_with_stdin(["validate", "--format", "json", "-"], &bytes);
    assert_eq!(code(&by_stdin), 1, "{}", stderr(&by_stdin));
    assert_eq!(stderr(&by_stdin), "");

    let mut want = json_of(&by_path);
    want["files"][0]["path"] = json!("-");
    for f in want["findings"].as_array_mut().unwrap() {
        f["file"] = json!("-");
    }
    assert_eq!(json_of(&by_stdin), want);

    // Text: the same report under the name "-".
    let text_path = stdout(&run(["validate", path]));
    let text_stdin = run_with_stdin(["validate", "-"], &bytes);
    assert_eq!(code(&text_stdin), 1);
    assert_eq!(stdout(&text_stdin), text_path.replace(path, "-"));
    assert!(stdout(&text_stdin).contains("  --> -:28 (segment 27, IEA02, byte 813"));

    // A clean input on stdin passes.
    let ok = std::fs::read(crate_path("fixtures/env/ok_837p.x12")).unwrap();
    let out = run_with_stdin(["validate", "-"], &ok);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).starts_with("-: 1 837P "));
}

/// A claim rule runs after its claim streamed past. A file is read again
/// for the segment text of its findings, stdin was copied as it went: both
/// show the same text, each interchange in its own delimiters.
#[test]
fn claim_findings_show_their_segment_from_a_file_and_from_stdin() {
    let first =
        std::fs::read_to_string(crate_path("fixtures/sit/SIT002_same_claim_id_twice.x12")).unwrap();
    // The same interchange again in other delimiters, with another id.
    let second = crate::common::redelimited(&first.replace("CC-0001", "CC-0002"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.x12");
    std::fs::write(&path, format!("{first}{second}")).unwrap();
    let path = path.to_str().unwrap();

    let by_path = stdout(&run(["validate", path]));
    assert!(
        by_path.contains("25 | CLM*CC-0001*150***11:B:1*Y*A*Y*Y\n   |     ^^^^^^^\n"),
        "{by_path}"
    );
    assert!(
        by_path.contains("57 | CLM|CC-0002|150|||11>B>1|Y|A|Y|Y\n   |     ^^^^^^^\n"),
        "{by_path}"
    );
    let by_stdin = run_with_stdin(["validate", "-"], format!("{first}{second}").as_bytes());
    assert_eq!(stdout(&by_stdin), by_path.replace(path, "-"));
}

#[test]
fn every_fixture_on_stdin_matches_its_path() {
    for path in env_fixtures() {
        let bytes = std::fs::read(crate_path(&path)).unwrap();
        let by_path = run(["validate", "--format", "json", path.as_str()]);
        let by_stdin = run_with_stdin(["validate", "--format", "json", "-"], &bytes);
        assert_eq!(code(&by_stdin), code(&by_path), "{path}");
        let mut want = json_of(&by_path);
        want["files"][0]["path"] = json!("-");
        for f in want["findings"].as_array_mut().unwrap() {
            f["file"] = json!("-");
        }
        assert_eq!(json_of(&by_stdin), want, "{path}");
    }
}

// --------------------------------------------------------------- directories

/// The per-file lines of text output (`PATH: KINDS (…; N bytes): COUNTS`).
fn file_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.contains(" bytes): ") && !l.starts_with(' '))
        .map(|l| l.split(": ").next().unwrap().to_string())
        .collect()
}

#[test]
fn directory_is_recursed_in_sorted_order() {
    let out = run(["validate", "fixtures/env"]);
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out), "");
    assert_eq!(file_lines(&stdout(&out)), env_fixtures());
}

#[test]
fn nested_directories_sorted_and_hidden_entries_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ok = std::fs::read(crate_path("fixtures/env/ok_837p.x12")).unwrap();
    let bad = std::fs::read(crate_path("fixtures/env/ENV008_iea02.x12")).unwrap();
    for dir in ["a", "a/deeper", "B", ".hidden", "z"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    for (rel, bytes) in [
        ("b.x12", &ok),
        ("a/2.x12", &bad),
        ("a/10.x12", &ok),
        ("a/deeper/x.x12", &bad),
        ("a-c.x12", &ok),
        ("B/upper.x12", &ok),
        (".hidden/skipped.x12", &bad),
        (".dotfile.x12", &bad),
        ("z/.also_skipped.x12", &bad),
        ("z/last.x12", &ok),
    ] {
        std::fs::write(root.join(rel), bytes).unwrap();
    }
    let out = run([OsStr::new("validate"), root.as_os_str()]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let want: Vec<String> = [
        "B/upper.x12",
        "a/10.x12",
        "a/2.x12",
        "a/deeper/x.x12",
        "a-c.x12",
        "b.x12",
        "z/last.x12",
    ]
    .iter()
    .map(|rel| root.join(rel).display().to_string())
    .collect();
    // That is the order of the paths themselves.
    let mut sorted: Vec<PathBuf> = want.iter().map(PathBuf::from).collect();
    sorted.sort();
    assert_eq!(
        sorted
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>(),
        want
    );
    assert_eq!(file_lines(&stdout(&out)), want);
    assert_eq!(
        stdout(&out).lines().last(),
        Some("2 errors, 0 warnings, 0 infos in 7 file(s)")
    );
}

#[test]
fn inputs_keep_argument_order() {
    let out = run([
        "validate",
        "fixtures/env/ok_837p.x12",
        "fixtures/env/ENV008_iea02.x12",
        "fixtures/env/ENV002_isa06_unpadded.x12",
    ]);
    assert_eq!(
        file_lines(&stdout(&out)),
        [
            "fixtures/env/ok_837p.x12",
            "fixtures/env/ENV008_iea02.x12",
            "fixtures/env/ENV002_isa06_unpadded.x12",
        ]
    );
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    for format in ["text", "json"] {
        let one = run(["validate", "--format", format, "-j", "1", "fixtures/env"]);
        let four = run(["validate", "--format", format, "-j", "4", "fixtures/env"]);
        let default = run(["validate", "--format", format, "fixtures/env"]);
        assert_eq!(code(&one), 1);
        assert!(one.stdout == four.stdout, "{format}: -j 1 and -j 4 differ");
        assert!(
            one.stdout == default.stdout,
            "{format}: -j 1 and default differ"
        );
        assert_eq!(code(&four), code(&one));
    }

    // Many files of different sizes, so workers finish out of order.
    let tmp = tempfile::tempdir().unwrap();
    for (i, path) in env_fixtures().iter().cycle().take(120).enumerate() {
        std::fs::copy(crate_path(path), tmp.path().join(format!("{i:03}.x12"))).unwrap();
    }
    let one = run([
        OsStr::new("validate"),
        OsStr::new("-j"),
        OsStr::new("1"),
        tmp.path().as_os_str(),
    ]);
    let eight = run([
        OsStr::new("validate"),
        OsStr::new("-j"),
        OsStr::new("8"),
        tmp.path().as_os_str(),
    ]);
    assert!(one.stdout == eight.stdout, "-j 1 and -j 8 differ");
    assert_eq!(file_lines(&stdout(&one)).len(), 120);
}

// --------------------------------------------------------------- closed pipe

/// A directory whose report is larger than any pipe buffer (Linux pipes hold
/// 64 KiB by default, 1 MiB at most without privileges).
fn big_input() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copies(tmp.path(), "fixtures/env/ENV008_iea02.x12", 2000);
    tmp
}

/// Spawn `validate ARGS DIR`, read a few bytes of stdout, close it, and
/// return the exit status and stderr.
fn read_a_little_then_close(args: &[&str], dir: &Path) -> (std::process::ExitStatus, String) {
    let mut child = command(args.iter().map(OsStr::new).chain([dir.as_os_str()]))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("claimcheck starts");
    let mut pipe = child.stdout.take().unwrap();
    let mut head = [0u8; 16];
    pipe.read_exact(&mut head).expect("some output");
    drop(pipe);
    let out = child.wait_with_output().expect("claimcheck finishes");
    (out.status, stderr(&out))
}

#[test]
fn closed_pipe_does_not_panic() {
    let dir = big_input();
    // The whole report really is bigger than a pipe can hold.
    for format in ["json", "text"] {
        let full = run([
            OsStr::new("validate"),
            OsStr::new("--format"),
            OsStr::new(format),
            dir.path().as_os_str(),
        ]);
        assert!(
            full.stdout.len() > 1 << 20,
            "{format}: {} bytes",
            full.stdout.len()
        );
    }

    for args in [
        &["validate", "--format", "json"][..],
        &["validate", "--format", "text"][..],
    ] {
        let (status, err) = read_a_little_then_close(args, dir.path());
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        // Ended by itself (or by SIGPIPE), never with a crash code.
        if let Some(c) = status.code() {
            assert!((0..=2).contains(&c), "{args:?}: exit {c}");
        }
    }
}

#[test]
fn closed_pipe_ends_quietly_in_text_mode() {
    let dir = big_input();
    let (status, err) = read_a_little_then_close(&["validate"], dir.path());
    assert_eq!(err, "", "| head must end quietly");
    // The findings still decide the exit code (or SIGPIPE ended it).
    assert!(matches!(status.code(), Some(1) | None), "{status:?}");
}

/// README: "`| head` ends quietly"; DESIGN: "A closed pipe (`| head`) exits
/// quietly". With `--format json` the binary instead prints
/// `claimcheck: error: cannot write output: Broken pipe (os error 32)` and
/// exits 2: the JSON renderer wraps serde_json's error in
/// `io::Error::other`, which loses `ErrorKind::BrokenPipe`, so
/// `write_stdout` no longer recognises the closed pipe.
#[test]
fn closed_pipe_ends_quietly_in_json_mode() {
    let dir = big_input();
    let (status, err) = read_a_little_then_close(&["validate", "--format", "json"], dir.path());
    assert_eq!(err, "", "| head must end quietly");
    assert!(matches!(status.code(), Some(1) | None), "{status:?}");
}

// ------------------------------------------------------------ rules, explain

fn env_codes() -> Vec<String> {
    (1..=23).map(|n| format!("ENV{n:03}")).collect()
}

#[test]
fn rules_lists_every_env_code_one_per_line() {
    let out = run(["rules"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["code", "name", "severity", "snip", "summary"]);
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split_whitespace().collect()).collect();
    let env: Vec<String> = rows
        .iter()
        .map(|r| r[0].to_string())
        .filter(|c| c.starts_with("ENV"))
        .collect();
    assert_eq!(env, env_codes());
    for row in &rows {
        assert!(row.len() >= 5, "{row:?}");
        let code = row[0];
        let (family, number) = code.split_at(code.len() - 3);
        assert!(family.chars().all(|c| c.is_ascii_uppercase()), "{row:?}");
        assert!(number.chars().all(|c| c.is_ascii_digit()), "{row:?}");
        assert!(["error", "warning", "info"].contains(&row[2]), "{row:?}");
        if family == "ENV" {
            assert_eq!(row[3], "1", "ENV rules are SNIP level 1: {row:?}");
        }
    }
    let severity = |c: &str| rows.iter().find(|r| r[0] == c).unwrap()[2];
    assert_eq!(severity("ENV008"), "error");
    assert_eq!(severity("ENV018"), "info");
    assert_eq!(severity("ENV019"), "warning");
    assert_eq!(severity("ENV022"), "warning");
}

/// The table's columns line up: every row's summary starts under the
/// header's `summary`. The severity column is not padded because
/// `Severity`'s `Display` writes with `f.write_str`, which ignores the
/// `{:<8}` width (it should use `f.pad`), so rows read
/// `error 1    …` / `warning 1    …` and the summaries zig-zag.
#[test]
fn rules_table_columns_line_up() {
    let text = stdout(&run(["rules"]));
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let column = header.find("summary").unwrap();
    let at = header.find("severity").unwrap();
    for line in lines {
        assert_eq!(line.get(column - 1..column), Some(" "), "{line:?}");
        assert_ne!(line.get(column..=column), Some(" "), "{line:?}");
        assert_eq!(line.get(at - 1..at), Some(" "), "{line:?}");
        let severity = &line[at..at + 9];
        assert!(
            ["error    ", "warning  ", "info     "].contains(&severity),
            "{line:?}"
        );
    }
}

#[test]
fn explain_prints_a_rules_documentation() {
    let out = run(["explain", "ENV008"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert_eq!(
        text.lines().next(),
        Some("# ENV008 interchange-control-mismatch")
    );
    assert!(text.contains("\nDefault severity: error. SNIP level: 1.\n"));
    let mut at = 0;
    for section in [
        "## What it checks",
        "## Why it matters",
        "## Example",
        "## How to fix",
    ] {
        let found = text[at..]
            .find(&format!("\n{section}\n"))
            .unwrap_or_else(|| panic!("no '{section}' after byte {at} in\n{text}"));
        at += found + 1;
    }
}

#[test]
fn explain_documents_every_env_rule() {
    for c in env_codes() {
        let out = run(["explain", c.as_str()]);
        assert_eq!(code(&out), 0, "{c}");
        let text = stdout(&out);
        assert!(text.starts_with(&format!("# {c} ")), "{c}: {text}");
        for section in [
            "## What it checks",
            "## Why it matters",
            "## Example",
            "## How to fix",
        ] {
            assert!(text.contains(section), "{c} lacks '{section}'");
        }
    }
}

#[test]
fn explain_unknown_rule_exits_2() {
    let out = run(["explain", "NOPE"]);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    assert_single_error_line(&out);
    assert!(stderr(&out).contains("'NOPE'"), "{}", stderr(&out));
    let out = run(["explain"]);
    assert_eq!(code(&out), 2);
}

// ------------------------------------------------------------ one-line files

#[test]
fn one_line_file_reports_the_segment_ordinal_as_line() {
    let bytes = std::fs::read(crate_path("fixtures/env/ok_one_line.x12")).unwrap();
    assert!(!bytes.contains(&b'\n') && !bytes.contains(&b'\r'));
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.matches("IEA*1*000000101~").count(), 1);
    let broken = text.replace("IEA*1*000000101~", "IEA*1*000000999~");
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("one_line_iea02.x12");
    std::fs::write(&path, &broken).unwrap();
    let name = path.display().to_string();

    let out = run([
        OsStr::new("validate"),
        OsStr::new("--format"),
        OsStr::new("json"),
        path.as_os_str(),
    ]);
    assert_eq!(code(&out), 1);
    let doc = json_of(&out);
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{doc}");
    let f = &findings[0];
    assert_eq!(f["rule"], json!("ENV008"));
    assert_eq!(f["element"], json!("IEA02"));
    assert_eq!(f["file"], json!(name));
    let index = f["segment_index"].as_u64().unwrap();
    assert_eq!(index, 27);
    assert_eq!(f["line"], json!(index + 1));
    let offset = broken.find("000000999").unwrap();
    assert_eq!(f["byte_offset"], json!(offset));
    let related = &f["related"][0];
    assert_eq!(related["segment_id"], json!("ISA"));
    assert_eq!(
        related["line"],
        json!(related["segment_index"].as_u64().unwrap() + 1)
    );

    // Text shows the same line number, and stdin behaves the same.
    let out = run([OsStr::new("validate"), path.as_os_str()]);
    assert!(
        stdout(&out).contains(&format!(
            "  --> {name}:28 (segment 27, IEA02, byte {offset}"
        )),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("\n28 | IEA*1*000000999\n"));
    let out = run_with_stdin(["validate", "--format", "json", "-"], broken.as_bytes());
    assert_eq!(json_of(&out)["findings"][0]["line"], json!(28));
}

/// A one-line file that ends with a line break is still a one-line file.
#[test]
fn one_line_file_with_a_final_newline_reports_segment_ordinals() {
    let text = std::fs::read_to_string(crate_path("fixtures/env/ok_one_line.x12")).unwrap();
    let broken = text.replace("IEA*1*000000101~", "IEA*1*000000999~") + "\r\n";
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("one_line_newline.x12");
    std::fs::write(&path, &broken).unwrap();
    let out = run([
        OsStr::new("validate"),
        OsStr::new("--format"),
        OsStr::new("json"),
        path.as_os_str(),
    ]);
    let doc = json_of(&out);
    assert_eq!(doc["findings"][0]["segment_index"], json!(27));
    assert_eq!(doc["findings"][0]["line"], json!(28));
}

/// Files reached through a symbolic link inside a directory are validated.
#[cfg(unix)]
#[test]
fn symlinked_files_in_a_directory_are_followed() {
    let tmp = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        crate_path("fixtures/env/ENV008_iea02.x12"),
        tmp.path().join("link.x12"),
    )
    .unwrap();
    let out = run([OsStr::new("validate"), tmp.path().as_os_str()]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stdout(&out).contains("error[ENV008]"));
    assert!(stdout(&out).ends_with("1 error, 0 warnings, 0 infos in 1 file(s)\n"));
}

/// An empty directory is a tool error, not a clean pass.
#[test]
fn empty_directory_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run([OsStr::new("validate"), tmp.path().as_os_str()]);
    assert_eq!(code(&out), 2);
    assert_single_error_line(&out);
    assert!(
        stderr(&out).contains("no files found under"),
        "{}",
        stderr(&out)
    );
}

/// Every `--format` is accepted, keeps the exit code, and prints its own
/// shape; JUnit follows `--fail-on`; stdin findings carry no file.
#[test]
fn every_output_format_on_a_failing_fixture() {
    let path = "fixtures/env/ENV008_iea02.x12";
    let expect = [
        ("jsonl", "{\"rule\":\"ENV008\""),
        ("sarif", "\"version\": \"2.1.0\""),
        ("junit", "<failure type=\"ENV008\""),
        (
            "github",
            "::error file=fixtures/env/ENV008_iea02.x12,line=28,title=ENV008::",
        ),
    ];
    for (format, shows) in expect {
        let out = run(["validate", "--format", format, path]);
        assert_eq!(code(&out), 1, "{format}");
        assert!(stdout(&out).contains(shows), "{format}: {}", stdout(&out));
        assert_eq!(stderr(&out), "", "{format}");
    }
    let sarif = json_of(&run(["validate", "--format", "sarif", path]));
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "ENV008");

    // ENV019 is a warning: a passing test case unless --fail-on warning.
    let warning = "fixtures/env/ENV019_no_final_terminator.x12";
    let out = run(["validate", "--format", "junit", warning]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("failures=\"0\""));
    assert!(stdout(&out).contains("<system-out>warning[ENV019]"));
    let out = run([
        "validate",
        "--format",
        "junit",
        "--fail-on",
        "warning",
        warning,
    ]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("<failure type=\"ENV019\""));

    let bytes = std::fs::read(crate_path(path)).unwrap();
    let out = run_with_stdin(["validate", "--format", "github", "-"], &bytes);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).starts_with("::error line=28,title=ENV008::"));
}
