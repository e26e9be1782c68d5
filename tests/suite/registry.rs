//! The registry and its coverage by fixtures, for every family at once:
//! codes and names are well formed, every rule file is registered and
//! documented, every rule has a failing fixture on which it fires, and
//! every family's passing fixtures give none of its findings.
//!
//! The exact findings of each fixture are asserted per family
//! (`env_rules.rs`, `syn_rules.rs`, …); this test only makes sure that a
//! new rule cannot come without fixtures.
//!
//! Every fixture is validated twice: as is, and with the test code files
//! (tests/data/codesets) loaded, since some CODE rules check against a
//! loaded list only. A failing fixture must fire its rule in one of the
//! two runs; a passing one must give none of its family's findings in
//! either.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use claimcheck::rules::Rule;
use claimcheck::rules::registry::RULES;
use claimcheck::validate_bytes;
use common::{crate_dir, fixture, validate_with_test_codes};

/// The family prefix of a code (`SYN022` -> `SYN`).
fn family(code: &str) -> &str {
    &code[..code.len().saturating_sub(3)]
}

fn families() -> BTreeSet<&'static str> {
    RULES.iter().map(|r| family(r.code)).collect()
}

/// `^[A-Z]{3,4}[0-9]{3}$`
fn well_formed_code(code: &str) -> bool {
    let (fam, number) = code.split_at(code.len().saturating_sub(3));
    (3..=4).contains(&fam.len())
        && fam.bytes().all(|b| b.is_ascii_uppercase())
        && number.len() == 3
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// `^[a-z0-9]+(-[a-z0-9]+)*$`
fn kebab_case(name: &str) -> bool {
    name.split('-').all(|word| {
        !word.is_empty()
            && word
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

fn family_dir(family: &str) -> PathBuf {
    fixture(&family.to_ascii_lowercase())
}

/// The `.x12` files of a family's fixture folder, sorted by name.
fn fixture_names(family: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(family_dir(family)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".x12"))
        .collect();
    names.sort();
    names
}

/// The rule a failing fixture is for: the code before the first `_`.
fn fixture_rule(name: &str) -> Option<&'static Rule> {
    let code = name.split('_').next()?;
    RULES.iter().copied().find(|r| r.code == code)
}

/// The rules that fire on a fixture, without and with the test code files
/// loaded.
fn rules_fired(path: &Path) -> BTreeSet<&'static str> {
    let bytes = std::fs::read(path).unwrap();
    let plain = validate_bytes(&bytes);
    let loaded = validate_with_test_codes(&bytes);
    plain
        .findings
        .iter()
        .chain(&loaded.findings)
        .map(|f| f.rule)
        .collect()
}

#[test]
fn codes_are_well_formed_unique_and_sorted() {
    for r in RULES {
        assert!(well_formed_code(r.code), "bad code {:?}", r.code);
    }
    let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted, "codes must be unique and in order");
    assert!(!well_formed_code("SY022") && !well_formed_code("SYNT0022"));
    assert!(!well_formed_code("syn022") && well_formed_code("UNIT003"));
}

#[test]
fn names_are_kebab_case_and_unique() {
    let mut seen = BTreeMap::new();
    for r in RULES {
        assert!(kebab_case(r.name), "{}: name {:?}", r.code, r.name);
        if let Some(other) = seen.insert(r.name, r.code) {
            panic!("{} and {other} are both named {}", r.code, r.name);
        }
    }
    assert!(!kebab_case("Trailing-Spaces") && !kebab_case("a--b") && !kebab_case("-a"));
}

#[test]
fn every_rule_is_documented_in_four_sections_in_order() {
    const SECTIONS: [&str; 4] = [
        "## What it checks",
        "## Why it matters",
        "## Example",
        "## How to fix",
    ];
    for r in RULES {
        assert!(!r.summary.trim().is_empty(), "{} has no summary", r.code);
        assert!(!r.help.trim().is_empty(), "{} has no help", r.code);
        assert!(
            !r.summary.contains('\n') && !r.help.contains('\n'),
            "{}",
            r.code
        );
        let headings: Vec<&str> = r
            .doc
            .lines()
            .filter(|l| l.starts_with("## "))
            .map(str::trim_end)
            .collect();
        assert_eq!(headings, SECTIONS, "{}: sections of its doc", r.code);
        // Each section says something.
        for (i, section) in SECTIONS.iter().enumerate() {
            let start = r.doc.find(section).unwrap() + section.len();
            let end = SECTIONS
                .get(i + 1)
                .map_or(r.doc.len(), |next| r.doc.find(next).unwrap());
            assert!(
                !r.doc[start..end].trim().is_empty(),
                "{}: {section} is empty",
                r.code
            );
        }
    }
}

/// Every `pub static RULE` under `src/rules/<family>/` is in the registry
/// (a rule left out would run, but could be neither selected nor
/// explained).
#[test]
fn every_rule_file_is_registered() {
    let registered: BTreeSet<&str> = RULES.iter().map(|r| r.code).collect();
    let mut files = 0;
    for dir in std::fs::read_dir(crate_dir().join("src/rules")).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            if !text.contains("pub static RULE: Rule") {
                continue;
            }
            files += 1;
            let code = text
                .split("code: \"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("{} has no code", path.display()));
            assert!(
                registered.contains(code),
                "{code} ({}) is not in RULES",
                path.display()
            );
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            assert!(
                stem.starts_with(&code.to_ascii_lowercase()),
                "{} holds {code}",
                path.display()
            );
        }
    }
    assert_eq!(files, RULES.len(), "one file per registered rule");
}

#[test]
fn every_rule_has_a_failing_fixture_and_every_family_a_passing_one() {
    let mut missing = Vec::new();
    for fam in families() {
        let names = fixture_names(fam);
        if !names.iter().any(|n| n.starts_with("ok_")) {
            missing.push(format!("{}/ok_*.x12", family_dir(fam).display()));
        }
        for r in RULES.iter().filter(|r| family(r.code) == fam) {
            let prefix = format!("{}_", r.code);
            if !names.iter().any(|n| n.starts_with(&prefix)) {
                missing.push(format!("{}/{prefix}*.x12", family_dir(fam).display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing fixtures:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_fixture_is_named_for_a_rule_of_its_family_or_ok() {
    for fam in families() {
        for name in fixture_names(fam) {
            if name.starts_with("ok_") {
                continue;
            }
            let rule = fixture_rule(&name)
                .unwrap_or_else(|| panic!("{fam}: {name} names no rule (CODE_case.x12 or ok_*)"));
            assert_eq!(family(rule.code), fam, "{name} is in the wrong folder");
        }
    }
}

#[test]
fn each_failing_fixture_fires_its_own_rule() {
    let mut failures = Vec::new();
    let mut n = 0;
    for fam in families() {
        for name in fixture_names(fam) {
            let Some(rule) = fixture_rule(&name) else {
                continue;
            };
            n += 1;
            let fired = rules_fired(&family_dir(fam).join(&name));
            if !fired.contains(rule.code) {
                failures.push(format!("{name}: {} not among {fired:?}", rule.code));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(n >= RULES.len(), "only {n} failing fixtures");
}

#[test]
fn passing_fixtures_give_none_of_their_familys_findings() {
    let mut failures = Vec::new();
    let mut n = 0;
    for fam in families() {
        for name in fixture_names(fam).iter().filter(|n| n.starts_with("ok_")) {
            n += 1;
            let fired: Vec<&str> = rules_fired(&family_dir(fam).join(name))
                .into_iter()
                .filter(|code| family(code) == fam)
                .collect();
            if !fired.is_empty() {
                failures.push(format!("{fam}/{name}: {fired:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(n >= families().len(), "only {n} passing fixtures");
}
