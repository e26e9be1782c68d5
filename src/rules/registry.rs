//! All rules, in code order.

use super::Rule;
use super::{bal, env, sit, syn};

/// Every rule claimcheck has, sorted by code.
pub static RULES: &[&Rule] = &[
    &bal::bal001_claim_total::RULE,
    &bal::bal002_service_payment_balance::RULE,
    &bal::bal003_claim_payment_balance::RULE,
    &bal::bal004_patient_responsibility::RULE,
    &bal::bal005_payment_total::RULE,
    &bal::bal006_line_adjudication_balance::RULE,
    &bal::bal007_other_payer_claim_balance::RULE,
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
    &env::env023_group_sender_receiver::RULE,
    &sit::sit001_original_claim_number::RULE,
    &sit::sit002_duplicate_claim_id::RULE,
    &sit::sit003_future_service_date::RULE,
    &sit::sit004_rendering_same_as_billing::RULE,
    &sit::sit005_patient_level_for_self::RULE,
    &sit::sit006_dependent_without_patient_level::RULE,
    &sit::sit007_line_date_outside_statement::RULE,
    &sit::sit008_admission_date_hour::RULE,
    &sit::sit009_diagnosis_pointer::RULE,
    &sit::sit010_other_payer_missing::RULE,
    &sit::sit011_reversal_amounts::RULE,
    &sit::sit012_duplicate_service_line::RULE,
    &sit::sit013_subscriber_demographics::RULE,
    &sit::sit014_accident_date::RULE,
    &syn::syn001_unexpected_segment::RULE,
    &syn::syn002_required_segment_missing::RULE,
    &syn::syn003_segment_repeat_exceeded::RULE,
    &syn::syn004_loop_repeat_exceeded::RULE,
    &syn::syn005_required_element_missing::RULE,
    &syn::syn006_not_used_element::RULE,
    &syn::syn007_too_many_elements::RULE,
    &syn::syn008_element_too_short::RULE,
    &syn::syn009_element_too_long::RULE,
    &syn::syn010_invalid_character::RULE,
    &syn::syn011_invalid_date::RULE,
    &syn::syn012_invalid_time::RULE,
    &syn::syn013_invalid_code::RULE,
    &syn::syn014_bad_composite::RULE,
    &syn::syn015_too_many_repetitions::RULE,
    &syn::syn016_syntax_note::RULE,
    &syn::syn017_hl_sequence::RULE,
    &syn::syn018_hl_parent::RULE,
    &syn::syn019_lx_sequence::RULE,
    &syn::syn020_trailing_separators::RULE,
    &syn::syn021_invalid_pattern::RULE,
    &syn::syn022_trailing_spaces::RULE,
];

/// The rule with this code (case-insensitive).
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}
