//! Each SYN rule on its failing fixture: the exact finding (rule, segment,
//! element, line) and the 999 codes it maps to. The passing fixtures
//! (`fixtures/env/ok_*`) give no finding at all (see `env_rules.rs`);
//! `fixtures/syn/ok_*` give no SYN finding (see `registry.rs`).

use crate::common;

use claimcheck::diagnostic::Finding;
use claimcheck::rules::registry::RULES;
use claimcheck::validate_bytes;
use common::fixture;

/// (rule, segment id, element, line, IK304, IK403)
type Expect = (
    &'static str,
    &'static str,
    &'static str,
    u64,
    &'static str,
    &'static str,
);

fn expectations() -> Vec<(&'static str, Vec<Expect>)> {
    vec![
        (
            "SYN001_dtp_after_ref",
            vec![("SYN001", "DTP", "", 26, "7", "")],
        ),
        (
            "SYN002_billing_provider_tax_id",
            vec![("SYN002", "HL", "", 12, "3", "")],
        ),
        (
            "SYN003_two_service_dates",
            vec![("SYN003", "DTP", "", 25, "5", "")],
        ),
        (
            "SYN004_two_submitters",
            vec![("SYN004", "NM1", "", 7, "4", "")],
        ),
        (
            "SYN005_diagnosis_code_empty",
            vec![("SYN005", "HI", "HI01-02", 21, "8", "1")],
        ),
        (
            "SYN006_payer_first_name",
            vec![("SYN006", "NM1", "NM104", 7, "8", "I10")],
        ),
        (
            "SYN007_n3_three_elements",
            vec![("SYN007", "N3", "N303", 10, "8", "3")],
        ),
        (
            "SYN008_state_one_letter",
            vec![("SYN008", "N4", "N402", 11, "8", "4")],
        ),
        (
            "SYN009_claim_id_too_long",
            vec![("SYN009", "CLM", "CLM01", 20, "8", "5")],
        ),
        (
            "SYN010_letter_in_amount",
            vec![("SYN010", "SV1", "SV102", 23, "8", "6")],
        ),
        (
            "SYN011_february_30",
            vec![("SYN011", "DTP", "DTP03", 24, "8", "8")],
        ),
        (
            "SYN012_minute_60",
            vec![("SYN012", "BHT", "BHT05", 4, "8", "9")],
        ),
        (
            "SYN013_date_qualifier",
            vec![("SYN013", "DTP", "DTP02", 24, "8", "7")],
        ),
        (
            "SYN014_component_in_tax_id",
            vec![("SYN014", "REF", "REF02", 12, "8", "13")],
        ),
        (
            "SYN015_repetition_in_address",
            vec![("SYN015", "N3", "N301", 10, "8", "12")],
        ),
        (
            "SYN016_extension_without_number",
            vec![("SYN016", "PER", "PER06", 6, "8", "2")],
        ),
        (
            "SYN017_hl_skips_a_number",
            vec![("SYN017", "HL", "HL01", 13, "8", "I12")],
        ),
        (
            "SYN018_hl_parent",
            vec![("SYN018", "HL", "HL02", 13, "8", "I12")],
        ),
        (
            "SYN019_lx_starts_at_2",
            vec![("SYN019", "LX", "LX01", 22, "8", "I12")],
        ),
        (
            "SYN020_trailing_element_separator",
            vec![("SYN020", "REF", "REF03", 12, "8", "")],
        ),
        (
            "SYN021_five_digit_zip",
            vec![("SYN021", "N4", "N403", 11, "8", "I12")],
        ),
        (
            "SYN022_padded_last_name",
            vec![("SYN022", "NM1", "NM103", 15, "8", "6")],
        ),
    ]
}

fn run(name: &str) -> Vec<Expect> {
    let bytes = std::fs::read(fixture(&format!("syn/{name}.x12"))).unwrap();
    validate_bytes(&bytes)
        .findings
        .iter()
        .map(|f| {
            let ack = f.ack999.as_deref().expect("SYN findings carry 999 codes");
            let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
            (
                f.rule,
                leak(f.segment_id.clone().unwrap_or_default()),
                leak(f.element.clone().unwrap_or_default()),
                f.line.unwrap_or(0),
                ack.ik304,
                ack.ik4.as_ref().map_or("", |e| e.ik403),
            )
        })
        .collect()
}

#[test]
fn each_syn_rule_reports_exactly_its_fixture() {
    let mut failures = Vec::new();
    for (name, want) in expectations() {
        let got = run(name);
        if got != want {
            failures.push(format!("{name}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_syn_rule_has_a_failing_fixture() {
    let names: Vec<&str> = expectations().iter().map(|(n, _)| *n).collect();
    for rule in RULES.iter().filter(|r| r.code.starts_with("SYN")) {
        assert!(
            names.iter().any(|n| n.starts_with(rule.code)),
            "{} has no fixture",
            rule.code
        );
    }
    // Every failing fixture file is asserted (the ok_* ones are checked
    // by registry.rs).
    let on_disk = std::fs::read_dir(fixture("syn"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("SYN")
        })
        .count();
    assert_eq!(on_disk, names.len(), "every fixture file is asserted");
}

#[test]
fn syn_findings_name_their_loop_and_claim() {
    let bytes = std::fs::read(fixture("syn/SYN011_february_30.x12")).unwrap();
    let f = &validate_bytes(&bytes).findings[0];
    assert_eq!(f.loop_id.as_deref(), Some("2400"));
    assert_eq!(f.claim_id.as_deref(), Some("CC-0001"));
    assert_eq!(f.service_line.as_deref(), Some("1"));
    let ack = f.ack999.as_deref().unwrap();
    assert_eq!((ack.ik301.as_str(), ack.ik302), ("DTP", 22));
    assert_eq!(ack.ik303.as_deref(), Some("2400"));
    let ik4 = ack.ik4.as_ref().unwrap();
    assert_eq!(
        (ik4.position, ik4.data_element.as_deref()),
        (3, Some("1251"))
    );
    assert_eq!(ik4.bad_value.as_deref(), Some("20260230"));
}

#[test]
fn a_missing_segment_is_named_in_ik301_and_reported_where_it_was_due() {
    let bytes = std::fs::read(fixture("syn/SYN002_billing_provider_tax_id.x12")).unwrap();
    let f = &validate_bytes(&bytes).findings[0];
    let ack = f.ack999.as_deref().unwrap();
    assert_eq!(ack.ik301, "REF");
    assert_eq!(ack.ik303.as_deref(), Some("2010AA"));
    assert_eq!(f.segment_id.as_deref(), Some("HL"));
}

/// Composite values found clean are not checked again, but only under
/// the component separator they were checked with: `HC:90837>HF` is a
/// clean SVD03 where the component separator is `:`, and a bad qualifier
/// `HC:90837` where it is `>`. An interchange's element findings are the
/// same after one with other delimiters as alone, and a bad composite is
/// reported every time it occurs.
#[test]
fn a_composite_is_judged_again_when_the_component_separator_changes() {
    let fixture = String::from_utf8(common::fixture_bytes("syn/ok_rich_837p.x12")).unwrap();
    let first = fixture.replace("*HC:90837:HF:95*", "*HC:90837>HF*");
    assert_ne!(first, fixture, "the fixture's SVD03");
    let isa_end = first.find('~').unwrap();
    assert_eq!(&first[isa_end - 1..isa_end], ":");
    // The same interchange with `>` for the component separator (and its
    // own control numbers).
    let second = format!("{}>{}", &first[..isa_end - 1], &first[isa_end..])
        .replace("000000201", "000000202")
        .replace("*0915*201*X*", "*0915*202*X*")
        .replace("GE*1*201~", "GE*1*202~");
    let lines_of_first = first.lines().count() as u64;
    // Element findings at or after `from`, by rule, element and line
    // counted from `from`.
    let elements = |findings: &[Finding], from: u64| -> Vec<(&'static str, String, u64)> {
        findings
            .iter()
            .filter(|f| f.rule.starts_with("SYN") && f.element.is_some())
            .filter_map(|f| Some((f.rule, f.element.clone()?, f.line?.checked_sub(from)?)))
            .collect()
    };
    let alone = elements(&validate_bytes(second.as_bytes()).findings, 0);
    assert!(
        alone.contains(&("SYN013", "SVD03-01".to_string(), 52)),
        "{alone:?}"
    );
    assert_eq!(elements(&validate_bytes(first.as_bytes()).findings, 0), []);
    let both = validate_bytes(format!("{first}{second}").as_bytes()).findings;
    assert_eq!(elements(&both, lines_of_first), alone);
    let twice = validate_bytes(format!("{second}{second}").as_bytes()).findings;
    assert_eq!(elements(&twice, lines_of_first), alone);
    assert_eq!(elements(&twice, 0)[..alone.len()], alone);
    assert_eq!(elements(&twice, 0).len(), 2 * alone.len());
}
