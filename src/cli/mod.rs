//! The command line: clap types, one file per subcommand.

mod codes;
mod config;
mod explain;
mod generate;
mod inputs;
mod manifest;
mod parse;
mod profile;
mod rules;
mod validate;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Validate X12 5010 health-care claim files (837P, 837I, 835) the way a
/// payer's front end does.
#[derive(Debug, Parser)]
#[command(name = "claimcheck", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate files, directories (recursively) or stdin (`-`).
    Validate(validate::ValidateArgs),
    /// Print the typed model (claims, remittances) of an X12 file as JSON.
    Parse(parse::ParseArgs),
    /// Write X12 (837P, 837I, 835) from JSON as `parse` prints it, or from
    /// a CSV of service lines.
    Generate(generate::GenerateArgs),
    /// List every rule: code, severity, SNIP level, summary.
    Rules(rules::RulesArgs),
    /// Print a rule's full documentation.
    Explain(explain::ExplainArgs),
    /// Payer profiles: `profile check FILE…` validates them.
    Profile(profile::ProfileArgs),
}

/// Exit codes: nothing at or above --fail-on; findings at or above it; the
/// tool could not run.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Parse the arguments and run; the binary's whole job.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Parse(args) => parse::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Profile(args) => profile::run(args),
    };
    ExitCode::from(code)
}

/// Write to stdout; a closed pipe (`| head`) ends quietly.
pub(crate) fn write_stdout(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), String> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match f(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

/// Exit code of a command whose only work was writing to stdout.
pub(crate) fn exit_code_of(written: Result<(), String>) -> u8 {
    match written {
        Ok(()) => EXIT_OK,
        Err(e) => {
            error_line(&e);
            EXIT_ERROR
        }
    }
}

/// The one-line error format for problems that stop the tool.
pub(crate) fn error_line(msg: &str) {
    let _ = writeln!(io::stderr(), "claimcheck: error: {msg}");
}
