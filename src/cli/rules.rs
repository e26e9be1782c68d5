//! `claimcheck rules`

use clap::Args;

use super::{exit_code_of, write_stdout};
use crate::rules::registry::RULES;

#[derive(Debug, Args)]
pub struct RulesArgs {}

pub fn run(_args: RulesArgs) -> u8 {
    let written = write_stdout(|out| {
        writeln!(
            out,
            "{:<8} {:<30} {:<8} {:<4} summary",
            "code", "name", "severity", "snip"
        )?;
        for r in RULES {
            let snip = r.snip.map_or("-".to_string(), |s| s.to_string());
            writeln!(
                out,
                "{:<8} {:<30} {:<8} {:<4} {}",
                r.code, r.name, r.severity, snip, r.summary
            )?;
        }
        Ok(())
    });
    exit_code_of(written)
}
