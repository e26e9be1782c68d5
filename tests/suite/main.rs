//! The integration tests, one module per area, built as one test binary:
//! a binary per file meant thirty release links of the whole crate, most
//! of the CI build time.

mod common;

mod ack999;
mod bal_rules;
mod cli;
mod cli_codes;
mod cli_config;
mod cli_generate;
mod cli_manifest;
mod cli_parse;
mod cli_profile;
mod code_rules;
mod corpus;
mod env_rules;
mod generate;
mod loops;
mod manifest;
mod model_parse;
mod model_positions;
mod mutations;
mod profiles;
mod pyx12_agreement;
mod rate_rules;
mod registry;
mod render;
mod roundtrip;
mod run_ledger;
mod sit_rules;
mod syn_rules;
mod synth;
mod unit_rules;
