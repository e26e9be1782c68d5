//! `claimcheck profile check`, and reading the payer profiles of a run.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{EXIT_ERROR, EXIT_OK, error_line, write_stdout};
use crate::profile::{Profile, Profiles};

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub command: ProfileCommand,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Check payer profile TOML files, alone and together (no payer id
    /// in two of them, at most one default).
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

/// Read and parse one profile file; errors are one line.
fn read(path: &Path) -> Result<Profile, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Profile::parse(&text, path).map_err(|e| e.to_string())
}

/// Paths with a file named twice (by the configuration and by
/// `--profile`, say) left out after its first mention.
fn distinct<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) -> Vec<&'a PathBuf> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for path in paths {
        let same = path.canonicalize().unwrap_or_else(|_| path.clone());
        if !seen.contains(&same) {
            seen.push(same);
            out.push(path);
        }
    }
    out
}

/// The profiles of a run, read in order, each file once. The first
/// problem is the error.
pub fn load<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) -> Result<Profiles, String> {
    let profiles = distinct(paths)
        .into_iter()
        .map(|p| read(p))
        .collect::<Result<Vec<_>, _>>()?;
    Profiles::new(profiles).map_err(|e| e.to_string())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary(p: &Profile) -> String {
    format!(
        "{}: ok (payer {}, {}, {})",
        p.path.display(),
        p.payer.name,
        plural(p.units.len(), "unit code", "unit codes"),
        plural(p.case_rates.len(), "case rate", "case rates"),
    )
}

/// One line per good file on stdout, one error line per bad file on
/// stderr; then the files together (a clash is reported against the
/// later file, which then gets no "ok").
pub fn run(args: ProfileArgs) -> u8 {
    let ProfileCommand::Check { files } = args.command;
    let mut good = Vec::new();
    let mut failed = false;
    for path in distinct(&files) {
        match read(path) {
            Ok(p) => good.push(p),
            Err(e) => {
                error_line(&e);
                failed = true;
            }
        }
    }
    let mut lines: Vec<(PathBuf, String)> =
        good.iter().map(|p| (p.path.clone(), summary(p))).collect();
    if let Err(e) = Profiles::new(good) {
        error_line(&e.to_string());
        lines.retain(|(path, _)| *path != e.path);
        failed = true;
    }
    let written = write_stdout(|out| {
        lines
            .iter()
            .try_for_each(|(_, line)| writeln!(out, "{line}"))
    });
    if let Err(e) = written {
        error_line(&e);
        return EXIT_ERROR;
    }
    if failed { EXIT_ERROR } else { EXIT_OK }
}
