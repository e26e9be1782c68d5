//! Payer profiles: the shipped examples load, together, with the values
//! they spell; they conform to schemas/profile.schema.json; every kind of
//! mistake is one error with the exact file, line, key and message, and
//! the schema rejects the same profiles where it can say the rule;
//! lookup by payer id falls back to the default profile.

use crate::common;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use claimcheck::profile::{Period, Profile, Profiles, Rounding, UnitTime};
use rust_decimal::Decimal;
use serde_json::Value;

fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(common::crate_dir().join("schemas/profiles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn example(name: &str) -> Profile {
    let path = common::crate_dir().join("schemas/profiles").join(name);
    Profile::parse(&std::fs::read_to_string(&path).unwrap(), &path).unwrap()
}

fn schema() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(common::crate_dir().join("schemas/profile.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// A profile's TOML as the JSON the schema describes.
fn as_json(text: &str) -> Value {
    toml::from_str(text).expect("valid TOML")
}

fn schema_errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    validator
        .iter_errors(&as_json(text))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

const PATH: &str = "payers/p.toml";

fn parse(text: &str) -> Result<Profile, String> {
    Profile::parse(text, Path::new(PATH)).map_err(|e| e.to_string())
}

// ------------------------------------------------------------- examples

#[test]
fn the_four_examples_are_shipped() {
    let names: Vec<String> = examples()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "ccbhc_pps.toml",
            "managed_care_case_rate.toml",
            "medicaid_ffs.toml",
            "otp_weekly_bundle.toml"
        ]
    );
}

#[test]
fn every_example_loads_and_they_load_together() {
    let profiles: Vec<Profile> = examples()
        .iter()
        .map(|p| {
            Profile::parse(&std::fs::read_to_string(p).unwrap(), p)
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    let set = Profiles::new(profiles).unwrap();
    assert_eq!(set.len(), 4);
    assert!(set.default_profile().is_none());
    let names: Vec<(&str, &str)> = ["SKMCD", "SKMCD-FFS", "EXHP1", "SKCCBHC", "EXMAC01"]
        .iter()
        .map(|id| {
            (
                *id,
                set.for_payer_id(id.as_bytes()).unwrap().payer.name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("SKMCD", "Example State Medicaid (fee-for-service)"),
            ("SKMCD-FFS", "Example State Medicaid (fee-for-service)"),
            ("EXHP1", "Example Health Plan (Medicaid managed care)"),
            ("SKCCBHC", "Example State Medicaid (CCBHC)"),
            (
                "EXMAC01",
                "Example Medicare Contractor (opioid treatment programs)"
            ),
        ]
    );
    assert!(set.for_payer_id(b"OTHER").is_none());
}

#[test]
fn every_example_conforms_to_the_schema() {
    let validator = schema();
    for path in examples() {
        let errors = schema_errors(&validator, &std::fs::read_to_string(&path).unwrap());
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn medicaid_fee_for_service_counts_15_minute_units_with_daily_maxima() {
    let p = example("medicaid_ffs.toml");
    assert_eq!(p.payer.ids, ["SKMCD", "SKMCD-FFS"]);
    assert_eq!(p.payer.timely_filing_days, Some(365));
    assert!(!p.payer.default);
    for code in ["H0004", "H0038", "H2014", "H2015", "H2017", "T1017"] {
        let rule = p.unit_rule(code.as_bytes()).unwrap();
        assert_eq!(
            rule.time,
            Some(UnitTime {
                minutes_per_unit: 15,
                rounding: Rounding::Midpoint
            }),
            "{code}"
        );
        assert!(rule.max_units_per_day.is_some(), "{code}");
    }
    let h0004 = p.unit_rule(b"H0004").unwrap();
    assert_eq!(
        (h0004.time, h0004.max_units_per_day, h0004.line),
        (
            Some(UnitTime {
                minutes_per_unit: 15,
                rounding: Rounding::Midpoint
            }),
            Some(8),
            18
        )
    );
    for code in ["90832", "90834", "90837"] {
        let rule = p.unit_rule(code.as_bytes()).unwrap();
        assert_eq!(
            (rule.time, rule.max_units_per_day),
            (None, Some(1)),
            "{code}"
        );
    }
    assert!(p.case_rates.is_empty());
    assert!(p.requires_auth(b"H2017") && !p.requires_auth(b"H0004"));
}

#[test]
fn managed_care_pays_a_monthly_case_rate_with_bundled_encounter_lines() {
    let p = example("managed_care_case_rate.toml");
    let rates: Vec<_> = p.case_rates_for(b"T2022").collect();
    assert_eq!(rates.len(), 1);
    let r = rates[0];
    assert_eq!(r.modifiers, ["HF"]);
    assert_eq!(r.period, Period::CalendarMonth);
    assert_eq!(r.units, 1);
    assert_eq!(r.rate, Decimal::from_str("410.00").unwrap());
    assert_eq!(r.rate.to_string(), "410.00");
    assert_eq!(r.bundles, ["H0038", "H2015", "T1017"]);
    assert_eq!(r.encounter_modifier.as_deref(), Some("U8"));
    assert_eq!(
        p.unit_rule(b"H0004").unwrap().time.unwrap().rounding,
        Rounding::EightMinute
    );
}

#[test]
fn ccbhc_bills_t1040_once_a_day() {
    let p = example("ccbhc_pps.toml");
    let r = &p.case_rates[0];
    assert_eq!(
        (r.code.as_str(), r.period, r.units),
        ("T1040", Period::Day, 1)
    );
    assert_eq!(r.rate.to_string(), "287.43");
    assert!(r.modifiers.is_empty() && r.encounter_modifier.is_none());
    assert!(r.bundles.iter().any(|b| b == "90837"));
    assert_eq!(
        p.unit_rule(b"H2011").unwrap().time.unwrap().rounding,
        Rounding::AnyPart
    );
}

#[test]
fn opioid_treatment_bundles_are_weekly() {
    let p = example("otp_weekly_bundle.toml");
    let codes: Vec<&str> = p.case_rates.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["G2067", "G2068", "G2069", "G2073", "G2074"]);
    assert!(p.case_rates.iter().all(|r| r.period == Period::Week));
    assert_eq!(p.case_rates[2].rate.to_string(), "1950.04");
    let add_ons: Vec<&str> = p.units.keys().map(String::as_str).collect();
    assert_eq!(add_ons, ["G2076", "G2077", "G2078", "G2079", "G2080"]);
    assert_eq!(
        p.unit_rule(b"G2080")
            .unwrap()
            .time
            .unwrap()
            .minutes_per_unit,
        30
    );
}

/// The profile README.md shows under "Payer profiles" loads and
/// conforms to the schema.
#[test]
fn the_readme_profile_loads() {
    let readme = std::fs::read_to_string(common::crate_dir().join("README.md")).unwrap();
    let section = &readme[readme.find("## Payer profiles").expect("the section")..];
    let start = section.find("```toml\n").expect("a TOML block") + "```toml\n".len();
    let text = &section[start..start + section[start..].find("```").unwrap()];
    let p = parse(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.payer.ids, ["SKMA1"]);
    assert_eq!(p.case_rates[0].rate.to_string(), "410.00");
    assert_eq!(schema_errors(&schema(), text), Vec::<String>::new());
}

// ---------------------------------------------------------------- values

const PAYER: &str = "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n";

#[test]
fn optional_keys_take_their_defaults() {
    let p = parse(&format!(
        "{PAYER}\n[[case_rate]]\nname = \"Daily\"\ncode = \"T1040\"\nperiod = \"day\"\nrate = 100\n"
    ))
    .unwrap();
    assert_eq!(p.payer.timely_filing_days, None);
    assert!(!p.payer.default);
    assert!(p.units.is_empty() && p.auth.required.is_empty());
    let r = &p.case_rates[0];
    assert_eq!(r.units, 1);
    assert_eq!(r.rate, Decimal::from(100));
    assert!(r.modifiers.is_empty() && r.bundles.is_empty() && r.encounter_modifier.is_none());
}

#[test]
fn rates_are_read_exactly_from_the_text() {
    for (written, exact) in [
        ("0.1", "0.1"),
        ("410.10", "410.10"),
        ("1_250.005", "1250.005"),
        ("4.1e2", "410"),
        ("12345678901234567.89", "12345678901234567.89"),
    ] {
        let p = parse(&format!(
            "{PAYER}[[case_rate]]\nname = \"R\"\ncode = \"T2022\"\nperiod = \"week\"\nrate = {written}\n"
        ))
        .unwrap();
        assert_eq!(p.case_rates[0].rate.to_string(), exact, "{written}");
    }
}

// ---------------------------------------------------------------- errors

/// Every kind of mistake: the profile text, the exact error, and whether
/// the schema rejects it too (false where only the loader can say it).
const ERRORS: &[(&str, &str, bool)] = &[
    // TOML syntax.
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"\n",
        "3: invalid TOML: unclosed array, expected `]`",
        false,
    ),
    // Required tables and keys.
    (
        "[auth]\nrequired = []\n",
        "1: payer: missing (a required table)",
        true,
    ),
    (
        "\n[payer]\nids = [\"PLAN1\"]\n",
        "2: payer.name: missing (a required key)",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = []\n",
        "3: payer.ids: expected at least one payer id (none is allowed only with default = true)",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[[case_rate]]\nname = \"M\"\ncode = \"T2022\"\nperiod = \"calendar-month\"\n",
        "5: case_rate[0].rate: missing (a required key)",
        true,
    ),
    // Unknown keys, at every level.
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[unit.H0004]\nmax_units_per_day = 4\n",
        "5: unit: unknown key (known: payer, units, case_rate, auth)",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\ntimely_filing = 90\n",
        "4: payer.timely_filing: unknown key (known: name, ids, timely_filing_days, default)",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[units.H0004]\nminutes_per_unit = 15\nrounding = \"midpoint\"\nmax_units = 8\n",
        "8: units.H0004.max_units: unknown key (known: minutes_per_unit, rounding, max_units_per_day)",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[[case_rate]]\nname = \"M\"\ncode = \"T2022\"\nperiod = \"week\"\nrate = 5\nmodifier = \"HF\"\n",
        "10: case_rate[0].modifier: unknown key (known: name, code, modifiers, period, units, rate, bundles, encounter_modifier)",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n[auth]\nrequire = [\"H0015\"]\n",
        "5: auth.require: unknown key (known: required)",
        true,
    ),
    // Wrong types.
    (
        "payer = \"Plan\"\n",
        "1: payer: expected a table, found string",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = \"PLAN1\"\n",
        "3: payer.ids: expected an array of strings, found string",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\", 7]\n",
        "3: payer.ids: expected a string, found integer",
        true,
    ),
    (
        "[payer]\nname = 3\nids = [\"PLAN1\"]\n",
        "2: payer.name: expected a string, found integer",
        true,
    ),
    (
        "[payer]\nname = \"  \"\nids = [\"PLAN1\"]\n",
        "2: payer.name: expected a non-empty string, found \"\"",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\ndefault = \"yes\"\n",
        "4: payer.default: expected true or false, found string",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\ntimely_filing_days = \"365\"\n",
        "4: payer.timely_filing_days: expected a positive integer, found string",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[units.H0004]\nminutes_per_unit = 15.0\nrounding = \"midpoint\"\n",
        "6: units.H0004.minutes_per_unit: expected a positive integer, found float",
        // JSON Schema counts 15.0 as an integer.
        false,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\nunits = 4\n",
        "4: payer.units: unknown key (known: name, ids, timely_filing_days, default)",
        true,
    ),
    (
        "units = 4\n[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n",
        "1: units: expected a table of procedure codes, found integer",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n[case_rate]\nname = \"M\"\n",
        "4: case_rate: expected an array of tables ([[case_rate]]), found table",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[[case_rate]]\nname = \"M\"\ncode = \"T2022\"\nperiod = \"week\"\nrate = \"410.00\"\n",
        "9: case_rate[0].rate: expected a number, found string",
        true,
    ),
    // Bad choices.
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[units.H0004]\nminutes_per_unit = 15\nrounding = \"nearest\"\n",
        "7: units.H0004.rounding: expected one of \"8-minute\", \"midpoint\", \"any-part\", found \"nearest\"",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[units.H0004]\nminutes_per_unit = 15\nrounding = 8\n",
        "7: units.H0004.rounding: expected one of \"8-minute\", \"midpoint\", \"any-part\", found integer",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[[case_rate]]\nname = \"M\"\ncode = \"T2022\"\nperiod = \"month\"\nrate = 410\n",
        "8: case_rate[0].period: expected one of \"day\", \"week\", \"calendar-month\", \"episode\", found \"month\"",
        true,
    ),
    // Nonsense numbers.
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\ntimely_filing_days = 0\n",
        "4: payer.timely_filing_days: expected a positive integer, found 0",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[units.H0004]\nmax_units_per_day = -4\n",
        "6: units.H0004.max_units_per_day: expected a positive integer, found -4",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[units.H0004]\nminutes_per_unit = 1441\nrounding = \"any-part\"\n",
        "6: units.H0004.minutes_per_unit: expected at most 1440, found 1441",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[[case_rate]]\nname = \"M\"\ncode = \"T2022\"\nperiod = \"week\"\nrate = 5\nunits = 0\n",
        "10: case_rate[0].units: expected a positive integer, found 0",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[[case_rate]]\nname = \"M\"\ncode = \"T2022\"\nperiod = \"week\"\nrate = 0.00\n",
        "9: case_rate[0].rate: expected an amount above 0, found 0.00",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[[case_rate]]\nname = \"M\"\ncode = \"T2022\"\nperiod = \"week\"\nrate = -410.00\n",
        "9: case_rate[0].rate: expected an amount above 0, found -410.00",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[[case_rate]]\nname = \"M\"\ncode = \"T2022\"\nperiod = \"week\"\nrate = nan\n",
        "9: case_rate[0].rate: expected an amount above 0, found nan",
        // serde_json has no NaN: the JSON form of this file cannot exist.
        false,
    ),
    // Codes, modifiers and payer ids.
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[units.h0004]\nmax_units_per_day = 4\n",
        "5: units.h0004: expected a CPT or HCPCS code (5 characters, upper case: 90837, H0004), found \"h0004\"",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n[auth]\nrequired = [\"H0015\", \"H15\"]\n",
        "5: auth.required: expected a CPT or HCPCS code (5 characters, upper case: 90837, H0004), found \"H15\"",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[[case_rate]]\nname = \"M\"\ncode = \"T2022\"\nmodifiers = [\"hf\"]\nperiod = \"week\"\nrate = 5\n",
        "8: case_rate[0].modifiers: expected a modifier (2 upper-case letters or digits: HF, U8), found \"hf\"",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[[case_rate]]\nname = \"M\"\ncode = \"T2022\"\nmodifiers = [\"HF\", \"U1\", \"U2\", \"U3\", \"U4\"]\nperiod = \"week\"\nrate = 5\n",
        "8: case_rate[0].modifiers: expected at most 4 modifiers, found 5",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[[case_rate]]\nname = \"M\"\ncode = \"T2022\"\nperiod = \"week\"\nrate = 5\nencounter_modifier = \"U\"\n",
        "10: case_rate[0].encounter_modifier: expected a modifier (2 upper-case letters or digits: HF, U8), found \"U\"",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN 1\"]\n",
        "3: payer.ids: expected a payer id (2 to 80 letters, digits, '-', '.' or '_'), found \"PLAN 1\"",
        true,
    ),
    // Repeats and contradictions.
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\",\n  \"PLAN1\"]\n",
        "4: payer.ids: \"PLAN1\" is listed twice",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[units.H0004]\nminutes_per_unit = 15\n",
        "5: units.H0004.rounding: missing (minutes_per_unit needs a rounding)",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[units.H0004]\nrounding = \"midpoint\"\n",
        "5: units.H0004.minutes_per_unit: missing (rounding needs minutes_per_unit)",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[units.H0004]\n",
        "5: units.H0004: expected at least one of minutes_per_unit, rounding, max_units_per_day",
        true,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[[case_rate]]\nname = \"M\"\ncode = \"T2022\"\nperiod = \"week\"\nrate = 5\nbundles = [\"H0004\", \"T2022\"]\n",
        "10: case_rate[0].bundles: \"T2022\" is the case rate's own code",
        false,
    ),
    (
        "[payer]\nname = \"Plan\"\nids = [\"PLAN1\"]\n\n[[case_rate]]\nname = \"M\"\ncode = \"T2022\"\nmodifiers = [\"HF\"]\nperiod = \"calendar-month\"\nrate = 410\n\n[[case_rate]]\nname = \"W\"\ncode = \"T2022\"\nmodifiers = [\"HF\"]\nperiod = \"week\"\nrate = 100\n",
        "12: case_rate[1]: repeats the code and modifiers of case_rate[0]",
        false,
    ),
];

#[test]
fn every_mistake_is_one_error_naming_file_line_and_key() {
    for (text, message, _) in ERRORS {
        assert_eq!(
            parse(text).map(|_| ()),
            Err(format!("{PATH}:{message}")),
            "{text}"
        );
    }
}

#[test]
fn the_schema_rejects_what_the_loader_rejects() {
    let validator = schema();
    for (text, message, schema_says_it) in ERRORS {
        if !schema_says_it {
            continue;
        }
        assert!(
            !schema_errors(&validator, text).is_empty(),
            "the schema accepts what the loader rejects with {message}:\n{text}"
        );
    }
    // ... and accepts the minimal profiles the loader accepts.
    for text in [
        PAYER.to_string(),
        "[payer]\nname = \"Fallback\"\nids = []\ndefault = true\n".to_string(),
        format!("{PAYER}[units.90837]\nmax_units_per_day = 1\n[auth]\n"),
    ] {
        parse(&text).unwrap();
        assert_eq!(
            schema_errors(&validator, &text),
            Vec::<String>::new(),
            "{text}"
        );
    }
}

// ------------------------------------------------------------------ sets

fn profile(path: &str, text: &str) -> Profile {
    Profile::parse(text, Path::new(path)).unwrap()
}

#[test]
fn lookup_by_payer_id_falls_back_to_the_default() {
    let set = Profiles::new(vec![
        profile(
            "a.toml",
            "[payer]\nname = \"A\"\nids = [\"AAA1\", \"AAA2\"]\n",
        ),
        profile(
            "b.toml",
            "[payer]\nname = \"B\"\nids = []\ndefault = true\n",
        ),
    ])
    .unwrap();
    let name = |id: &[u8]| set.for_payer_id(id).map(|p| p.payer.name.clone());
    assert_eq!(name(b"AAA1").as_deref(), Some("A"));
    assert_eq!(name(b"AAA2").as_deref(), Some("A"));
    // Exact match only: no case folding, no trimming.
    assert_eq!(name(b"aaa1").as_deref(), Some("B"));
    assert_eq!(name(b"ZZZ").as_deref(), Some("B"));
    assert!(set.listing(b"ZZZ").is_none());
    assert_eq!(set.default_profile().unwrap().path, Path::new("b.toml"));
    let empty = Profiles::empty();
    assert!(empty.is_empty() && empty.for_payer_id(b"AAA1").is_none());
}

#[test]
fn a_payer_id_in_two_profiles_is_an_error_in_the_later_one() {
    let err = Profiles::new(vec![
        profile("a.toml", "[payer]\nname = \"A\"\nids = [\"AAA1\"]\n"),
        profile(
            "b.toml",
            "[payer]\nname = \"B\"\nids = [\"BBB1\",\n  \"AAA1\"]\n",
        ),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "b.toml:4: payer.ids: \"AAA1\" is also a payer id of a.toml"
    );
}

#[test]
fn a_second_default_is_an_error_in_the_later_one() {
    let err = Profiles::new(vec![
        profile(
            "a.toml",
            "[payer]\nname = \"A\"\nids = [\"AAA1\"]\ndefault = true\n",
        ),
        profile("b.toml", "[payer]\nname = \"B\"\nids = [\"BBB1\"]\n"),
        profile(
            "c.toml",
            "# fallback\n[payer]\nname = \"C\"\nids = []\ndefault = true\n",
        ),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.toml:5: payer.default: a second default profile (a.toml is the default)"
    );
}

/// Compiles only if a run's profiles can be shared by the worker
/// threads (behind an `Arc`, as `validate::Options` holds them).
#[test]
fn profiles_are_send_and_sync() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Profiles>();
    shareable::<claimcheck::validate::Options>();
}
