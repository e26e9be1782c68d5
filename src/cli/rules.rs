//! `claimcheck rules`

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{exit_code_of, write_stdout};
use crate::diagnostic::Severity;
use crate::rules::registry::RULES;

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format: an aligned table, or a JSON array of
    /// {code, name, severity, snip, summary, help}.
    #[arg(long, value_enum, default_value = "text")]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

/// A rule as `--format json` lists it.
#[derive(Serialize)]
struct RuleEntry {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    snip: Option<u8>,
    summary: &'static str,
    help: &'static str,
}

pub fn run(args: RulesArgs) -> u8 {
    let written = write_stdout(|out| match args.format {
        RulesFormat::Json => {
            let entries: Vec<RuleEntry> = RULES
                .iter()
                .map(|r| RuleEntry {
                    code: r.code,
                    name: r.name,
                    severity: r.severity,
                    snip: r.snip,
                    summary: r.summary,
                    help: r.help,
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &entries)?;
            writeln!(out)
        }
        RulesFormat::Text => {
            // The name column is as wide as the longest name.
            let w = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0).max(4);
            writeln!(
                out,
                "{:<8} {:<w$} {:<8} {:<4} summary",
                "code", "name", "severity", "snip"
            )?;
            for r in RULES {
                let snip = r.snip.map_or("-".to_string(), |s| s.to_string());
                writeln!(
                    out,
                    "{:<8} {:<w$} {:<8} {:<4} {}",
                    r.code, r.name, r.severity, snip, r.summary
                )?;
            }
            Ok(())
        }
    });
    exit_code_of(written)
}
