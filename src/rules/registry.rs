//! All rules, in code order.

use super::Rule;
use super::env;

/// Every rule claimcheck has, sorted by code.
pub static RULES: &[&Rule] = &[
    &env::env001_not_x12::RULE,
    &env::env002_isa_layout::RULE,
    &env::env003_envelope_code_value::RULE,
    &env::env004_envelope_date_time::RULE,
    &env::env005_isa_version::RULE,
    &env::env006_control_number_format::RULE,
    &env::env007_delimiters::RULE,
    &env::env008_interchange_control_mismatch::RULE,
    &env::env009_group_count::RULE,
    &env::env010_group_control_mismatch::RULE,
    &env::env011_transaction_count::RULE,
    &env::env012_transaction_control_mismatch::RULE,
    &env::env013_segment_count::RULE,
    &env::env014_missing_trailer::RULE,
    &env::env015_out_of_place::RULE,
    &env::env016_version_mismatch::RULE,
    &env::env017_functional_group_mismatch::RULE,
    &env::env018_unsupported_transaction::RULE,
    &env::env019_unterminated_segment::RULE,
    &env::env020_segment_syntax::RULE,
    &env::env021_duplicate_control_number::RULE,
    &env::env022_empty_envelope::RULE,
];

/// The rule with this code (case-insensitive).
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}
