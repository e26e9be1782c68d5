//! `claimcheck explain CODE`

use clap::Args;

use super::{EXIT_ERROR, error_line, exit_code_of, write_stdout};
use crate::rules::registry;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule code, e.g. ENV008.
    pub code: String,
}

pub fn run(args: ExplainArgs) -> u8 {
    let Some(rule) = registry::find(&args.code) else {
        error_line(&format!(
            "no rule '{}'; `claimcheck rules` lists them",
            args.code
        ));
        return EXIT_ERROR;
    };
    let written = write_stdout(|out| {
        let snip = rule.snip.map_or("-".to_string(), |s| s.to_string());
        writeln!(out, "# {} {}", rule.code, rule.name)?;
        writeln!(out)?;
        writeln!(out, "{}", rule.summary)?;
        writeln!(out)?;
        writeln!(
            out,
            "Default severity: {}. SNIP level: {snip}.",
            rule.severity
        )?;
        writeln!(out)?;
        write!(out, "{}", rule.doc)
    });
    exit_code_of(written)
}
