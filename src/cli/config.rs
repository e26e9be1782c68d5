//! Finding and reading `claimcheck.toml`, and the rule-selection flags
//! that go on top of it.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::config::{CONFIG_FILE_NAME, Config, Settings};
use crate::diagnostic::Severity;
use crate::rules::selection::{Layer, Selector};

/// Rule selection, severities and configuration file (shared by the
/// commands that run rules).
#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Only these rules: comma-separated codes or prefixes (BAL,SYN022,
    /// ALL); replaces the configuration's `select`.
    #[arg(long, value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Also these rules, on top of the configuration's selection.
    #[arg(long, value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Not these rules (a more specific --select entry wins).
    #[arg(long, value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Severity of rules' findings: CODE=error|warning|info, comma-separated
    /// (SYN022=info,BAL=warning).
    #[arg(long, value_name = "RULE=LEVEL")]
    pub severity: Vec<String>,
    /// Read this configuration file instead of looking for claimcheck.toml
    /// in the working directory and its parents.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Do not read any claimcheck.toml.
    #[arg(long)]
    pub no_config: bool,
}

/// The nearest `claimcheck.toml` in `dir` or a parent of it.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(CONFIG_FILE_NAME))
        .find(|p| p.is_file())
}

/// Read and parse a configuration file; its payer profiles must exist.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let config = Config::parse(&text, path).map_err(|e| e.to_string())?;
    for profile in &config.profiles {
        if !profile.path.is_file() {
            return Err(format!(
                "{}:{}: profiles: no file {}",
                path.display(),
                profile.line,
                profile.path.display()
            ));
        }
    }
    Ok(config)
}

fn selectors(flag: &str, values: &[String]) -> Result<Vec<Selector>, String> {
    let mut out = Vec::new();
    for v in values {
        out.extend(Selector::parse_list(v).map_err(|e| format!("{flag}: {e}"))?);
    }
    Ok(out)
}

fn severities(values: &[String]) -> Result<Vec<(Selector, Severity)>, String> {
    let mut out = Vec::new();
    for entry in values.iter().flat_map(|v| v.split(',')) {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        let Some((rules, level)) = entry.split_once('=') else {
            return Err(format!("--severity: '{entry}' is not RULE=LEVEL"));
        };
        let selector = Selector::parse(rules).map_err(|e| format!("--severity: {e}"))?;
        let level = level
            .trim()
            .parse::<Severity>()
            .map_err(|e| format!("--severity: {e}"))?;
        out.push((selector, level));
    }
    Ok(out)
}

impl SettingsArgs {
    /// The configuration file to read, if any: `--config`, else the
    /// nearest one from the working directory, unless `--no-config`.
    fn config_path(&self) -> Option<PathBuf> {
        if self.no_config {
            return None;
        }
        if let Some(path) = &self.config {
            return Some(path.clone());
        }
        discover(&std::env::current_dir().ok()?)
    }

    /// The flags as one settings layer.
    fn layer(&self) -> Result<Layer, String> {
        Ok(Layer {
            select: self
                .select
                .as_deref()
                .map(|v| selectors("--select", v))
                .transpose()?,
            extend_select: selectors("--extend-select", &self.extend_select)?,
            ignore: selectors("--ignore", &self.ignore)?,
            severity: severities(&self.severity)?,
        })
    }

    /// The run's settings: the configuration file with the flags on top.
    /// Errors are one line, ready for `claimcheck: error: `.
    pub fn resolve(&self, fail_on: Option<Severity>) -> Result<Settings, String> {
        let layer = self.layer()?;
        let config = self.config_path().map(|p| load(&p)).transpose()?;
        Ok(Settings::resolve(config.as_ref(), &layer, fail_on))
    }
}
