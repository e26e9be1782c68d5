//! Each ENV rule on its failing fixture (exact findings) and every passing
//! fixture (no findings). Registry invariants are in `registry.rs`.

use crate::common;

use std::collections::BTreeSet;

use claimcheck::rules::registry::RULES;
use claimcheck::validate_bytes;
use common::{Brief, brief, fixture};

fn run(name: &str) -> Vec<Brief> {
    let bytes = std::fs::read(fixture(&format!("env/{name}"))).unwrap();
    brief(&validate_bytes(&bytes).findings)
}

fn f(rule: &str, seg: &str, el: &str, line: u64) -> Brief {
    (rule.into(), seg.into(), el.into(), line)
}

/// Every failing fixture and exactly what it must produce.
fn expectations() -> Vec<(&'static str, Vec<Brief>)> {
    vec![
        ("ENV001_empty.x12", vec![f("ENV001", "", "", 1)]),
        ("ENV001_not_x12.x12", vec![f("ENV001", "", "", 1)]),
        ("ENV001_text_before_isa.x12", vec![f("ENV001", "", "", 1)]),
        (
            "ENV002_isa06_unpadded.x12",
            vec![f("ENV002", "ISA", "ISA06", 1)],
        ),
        (
            "ENV003_isa15_usage.x12",
            vec![f("ENV003", "ISA", "ISA15", 1)],
        ),
        ("ENV004_gs05_time.x12", vec![f("ENV004", "GS", "GS05", 2)]),
        (
            "ENV005_isa12_version.x12",
            vec![f("ENV005", "ISA", "ISA12", 1)],
        ),
        ("ENV006_st02_short.x12", vec![f("ENV006", "ST", "ST02", 3)]),
        (
            "ENV007_isa11_is_isa16.x12",
            vec![f("ENV007", "ISA", "ISA11", 1)],
        ),
        ("ENV008_iea02.x12", vec![f("ENV008", "IEA", "IEA02", 28)]),
        ("ENV009_iea01.x12", vec![f("ENV009", "IEA", "IEA01", 28)]),
        ("ENV010_ge02.x12", vec![f("ENV010", "GE", "GE02", 27)]),
        ("ENV011_ge01.x12", vec![f("ENV011", "GE", "GE01", 27)]),
        ("ENV012_se02.x12", vec![f("ENV012", "SE", "SE02", 26)]),
        ("ENV013_se01.x12", vec![f("ENV013", "SE", "SE01", 26)]),
        (
            "ENV014_truncated.x12",
            vec![
                f("ENV014", "ISA", "", 1),
                f("ENV014", "GS", "", 2),
                f("ENV014", "ST", "", 3),
            ],
        ),
        (
            "ENV015_segment_between_sets.x12",
            vec![f("ENV015", "NTE", "", 27)],
        ),
        (
            "ENV016_st03_differs_from_gs08.x12",
            vec![f("ENV016", "ST", "ST03", 3)],
        ),
        (
            "ENV016_835_gs08_names_another_guide.x12",
            vec![f("ENV016", "ST", "ST01", 3)],
        ),
        (
            "ENV016_837_without_st03.x12",
            vec![f("ENV016", "ST", "ST03", 3)],
        ),
        (
            "ENV017_st01_not_a_claim.x12",
            vec![f("ENV018", "ST", "ST01", 3), f("ENV017", "ST", "ST01", 3)],
        ),
        (
            "ENV017_gs01_for_837.x12",
            vec![f("ENV017", "ST", "ST01", 3)],
        ),
        (
            "ENV018_834_enrollment.x12",
            vec![f("ENV018", "ST", "ST01", 3)],
        ),
        (
            "ENV019_no_final_terminator.x12",
            vec![f("ENV019", "IEA", "", 28)],
        ),
        (
            "ENV020_empty_segment.x12",
            // The empty segment also counts toward SE01.
            vec![f("ENV020", "", "", 22), f("ENV013", "SE", "SE01", 27)],
        ),
        (
            "ENV021_duplicate_st02.x12",
            vec![f("ENV021", "ST", "ST02", 27)],
        ),
        ("ENV022_empty_group.x12", vec![f("ENV022", "GE", "", 3)]),
        (
            "ENV023_gs03_missing.x12",
            vec![f("ENV023", "GS", "GS03", 2)],
        ),
    ]
}

#[test]
fn failing_fixtures_give_exactly_their_findings() {
    for (name, want) in expectations() {
        assert_eq!(run(name), want, "{name}");
    }
}

#[test]
fn passing_fixtures_give_no_findings() {
    let mut n = 0;
    for entry in std::fs::read_dir(fixture("env")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("ok_") {
            assert_eq!(run(&name), vec![], "{name}");
            n += 1;
        }
    }
    assert!(n >= 7, "expected the ok_* fixtures, found {n}");
}

#[test]
fn every_fixture_is_listed_and_every_rule_has_one() {
    let listed: BTreeSet<&str> = expectations().iter().map(|(n, _)| *n).collect();
    for entry in std::fs::read_dir(fixture("env")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("ENV") {
            assert!(listed.contains(name.as_str()), "{name} has no expectation");
        }
    }
    for rule in RULES.iter().filter(|r| r.code.starts_with("ENV")) {
        let covered = expectations()
            .iter()
            .any(|(n, want)| n.starts_with(rule.code) && want.iter().any(|w| w.0 == rule.code));
        assert!(covered, "{} has no failing fixture", rule.code);
    }
}
