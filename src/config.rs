//! `claimcheck.toml`: which rules run, their severities, the exit
//! threshold and the payer profiles of a project.
//!
//! ```toml
//! select = ["ENV", "SYN"]        # default: every rule
//! extend-select = ["BAL001"]
//! ignore = ["SYN022"]
//! fail-on = "warning"            # or "error" (the default)
//! profiles = ["payers/medicaid.toml"]   # relative to this file's folder
//!
//! [severity]
//! SYN020 = "info"
//! "BAL" = "warning"
//!
//! manifest = "docs/manifest.csv"      # relative to this file's folder
//!
//! [codes]                        # code files, relative to this file's folder
//! hcpcs = "codes/HCPC2026_JAN_ANWEB.txt"
//! taxonomy = "codes/nucc_taxonomy_251.csv"
//! ```
//!
//! [`Config::parse`] reads the text; finding and reading the file is the
//! CLI's job. Every problem is one [`ConfigError`] naming the line and
//! the key. [`Settings`] combines a file with the command line.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::codesets::CodeFileKind;
use crate::diagnostic::Severity;
use crate::rules::selection::{Layer, Selection, Selector};

/// The file name looked for in the working directory and its parents.
pub const CONFIG_FILE_NAME: &str = "claimcheck.toml";

/// Keys a configuration file may hold.
const KEYS: [&str; 8] = [
    "select",
    "extend-select",
    "ignore",
    "severity",
    "fail-on",
    "profiles",
    "codes",
    "manifest",
];

/// A parsed configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Where it was read from.
    pub path: PathBuf,
    /// `select`, `extend-select`, `ignore` and `[severity]`.
    pub rules: Layer,
    pub fail_on: Option<Severity>,
    /// Payer profiles, resolved against the file's folder; not loaded here.
    pub profiles: Vec<ProfileRef>,
    /// Code files (`[codes]`), resolved against the file's folder; not
    /// read here.
    pub codes: Vec<CodeFileRef>,
    /// The documentation manifest, resolved against the file's folder;
    /// not read here.
    pub manifest: Option<ManifestRef>,
}

/// The documentation manifest of a run: the configuration's `manifest`
/// or `validate --manifest FILE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestRef {
    /// The configuration file's folder joined with the path as written, or
    /// the path as given on the command line.
    pub path: PathBuf,
    /// Where it was named, for messages: `claimcheck.toml:3: manifest` or
    /// `--manifest`.
    pub origin: String,
}

/// A code file to load: named in the configuration's `[codes]` table or
/// given with `--codes KIND=FILE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeFileRef {
    pub kind: CodeFileKind,
    /// The configuration file's folder joined with the path as written, or
    /// the path as given on the command line.
    pub path: PathBuf,
    /// Where it was named, for messages: `claimcheck.toml:7: codes.hcpcs`
    /// or `--codes`.
    pub origin: String,
}

/// A payer profile named in the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileRef {
    /// The file's folder joined with the path as written.
    pub path: PathBuf,
    /// Line of the entry in the configuration file, for messages.
    pub line: usize,
}

/// A problem in a configuration file: `FILE:LINE: KEY: MESSAGE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// The key at fault (`select`, `severity.SYN022`), if any.
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.path.display(), self.line)?;
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Reads values out of the parsed table, turning spans into lines.
struct Reader<'a> {
    text: &'a str,
    path: &'a Path,
}

impl Reader<'_> {
    fn line(&self, span: Range<usize>) -> usize {
        let end = span.start.min(self.text.len());
        1 + self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    }

    fn error(&self, span: Range<usize>, key: Option<&str>, message: String) -> ConfigError {
        ConfigError {
            path: self.path.to_path_buf(),
            line: self.line(span),
            key: key.map(str::to_string),
            message,
        }
    }

    fn string<'v>(
        &self,
        key: &str,
        value: &'v Spanned<DeValue<'_>>,
    ) -> Result<&'v str, ConfigError> {
        value.get_ref().as_str().ok_or_else(|| {
            let found = value.get_ref().type_str();
            self.error(
                value.span(),
                Some(key),
                format!("expected a string, found {found}"),
            )
        })
    }

    fn strings<'v>(
        &self,
        key: &str,
        value: &'v Spanned<DeValue<'_>>,
    ) -> Result<Vec<(&'v str, Range<usize>)>, ConfigError> {
        let Some(items) = value.get_ref().as_array() else {
            let found = value.get_ref().type_str();
            return Err(self.error(
                value.span(),
                Some(key),
                format!("expected an array of strings, found {found}"),
            ));
        };
        items
            .iter()
            .map(|item| Ok((self.string(key, item)?, item.span())))
            .collect()
    }

    fn selectors(
        &self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<Vec<Selector>, ConfigError> {
        self.strings(key, value)?
            .into_iter()
            .map(|(text, span)| {
                Selector::parse(text).map_err(|e| self.error(span, Some(key), e.to_string()))
            })
            .collect()
    }

    fn severities(
        &self,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<Vec<(Selector, Severity)>, ConfigError> {
        let Some(table) = value.get_ref().as_table() else {
            let found = value.get_ref().type_str();
            return Err(self.error(
                value.span(),
                Some("severity"),
                format!("expected a table of CODE = \"error\"|\"warning\"|\"info\", found {found}"),
            ));
        };
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        let mut out: Vec<(Selector, Severity)> = Vec::new();
        for (key, value) in entries {
            let name = format!("severity.{}", key.get_ref());
            let selector = Selector::parse(key.get_ref())
                .map_err(|e| self.error(key.span(), Some(&name), e.to_string()))?;
            if let Some((earlier, _)) = out
                .iter()
                .find(|(s, _)| s.as_str().eq_ignore_ascii_case(selector.as_str()))
            {
                return Err(self.error(key.span(), Some(&name), format!("repeats '{earlier}'")));
            }
            let severity = self
                .string(&name, value)?
                .parse::<Severity>()
                .map_err(|e| self.error(value.span(), Some(&name), e))?;
            out.push((selector, severity));
        }
        Ok(out)
    }
}

impl Reader<'_> {
    /// `[codes]`: `KIND = "path"` for each kind of code file.
    fn code_files(
        &self,
        value: &Spanned<DeValue<'_>>,
        base: &Path,
    ) -> Result<Vec<CodeFileRef>, ConfigError> {
        let Some(table) = value.get_ref().as_table() else {
            let found = value.get_ref().type_str();
            return Err(self.error(
                value.span(),
                Some("codes"),
                format!("expected a table of KIND = \"path\", found {found}"),
            ));
        };
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        let mut out: Vec<CodeFileRef> = Vec::new();
        for (key, value) in entries {
            let name = format!("codes.{}", key.get_ref());
            let kind = key
                .get_ref()
                .parse::<CodeFileKind>()
                .map_err(|e| self.error(key.span(), Some(&name), e))?;
            if out.iter().any(|c| c.kind == kind) {
                return Err(self.error(
                    key.span(),
                    Some(&name),
                    format!("repeats '{}'", kind.name()),
                ));
            }
            let path = self.string(&name, value)?;
            out.push(CodeFileRef {
                kind,
                path: base.join(path),
                origin: format!(
                    "{}:{}: {name}",
                    self.path.display(),
                    self.line(value.span())
                ),
            });
        }
        Ok(out)
    }
}

impl Config {
    /// Parse the text of a configuration file read from `path` (used in
    /// messages and to resolve profile paths; nothing is read from disk).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let reader = Reader { text, path };
        let table = DeTable::parse(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            reader.error(span, None, format!("invalid TOML: {}", e.message()))
        })?;
        let mut entries: Vec<_> = table.get_ref().iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        let base = path.parent().unwrap_or(Path::new(""));
        let mut config = Config {
            path: path.to_path_buf(),
            rules: Layer::default(),
            fail_on: None,
            profiles: Vec::new(),
            codes: Vec::new(),
            manifest: None,
        };
        for (key, value) in entries {
            let name: &str = key.get_ref();
            match name {
                "select" => config.rules.select = Some(reader.selectors(name, value)?),
                "extend-select" => config.rules.extend_select = reader.selectors(name, value)?,
                "ignore" => config.rules.ignore = reader.selectors(name, value)?,
                "severity" => config.rules.severity = reader.severities(value)?,
                "fail-on" => {
                    let level = reader.string(name, value)?;
                    config.fail_on = Some(
                        parse_fail_on(level)
                            .map_err(|e| reader.error(value.span(), Some(name), e))?,
                    );
                }
                "profiles" => {
                    for (p, span) in reader.strings(name, value)? {
                        config.profiles.push(ProfileRef {
                            path: base.join(p),
                            line: reader.line(span),
                        });
                    }
                }
                "codes" => config.codes = reader.code_files(value, base)?,
                "manifest" => {
                    let path = reader.string(name, value)?;
                    config.manifest = Some(ManifestRef {
                        path: base.join(path),
                        origin: format!(
                            "{}:{}: manifest",
                            reader.path.display(),
                            reader.line(value.span())
                        ),
                    });
                }
                other => {
                    return Err(reader.error(
                        key.span(),
                        None,
                        format!("unknown key '{other}' (known: {})", KEYS.join(", ")),
                    ));
                }
            }
        }
        Ok(config)
    }
}

/// `--fail-on` / `fail-on`: the severity from which findings fail a run.
pub fn parse_fail_on(s: &str) -> Result<Severity, String> {
    match s {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        other => Err(format!("'{other}' is not error or warning")),
    }
}

/// What a validation run uses: the rule selection and severities, the
/// exit threshold, the payer profiles and the configuration's code files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub selection: Selection,
    pub fail_on: Severity,
    pub profiles: Vec<PathBuf>,
    /// From the configuration; the command line's `--codes` come after
    /// them (and replace one of the same kind).
    pub codes: Vec<CodeFileRef>,
    /// From the configuration; `--manifest` replaces it.
    pub manifest: Option<ManifestRef>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            selection: Selection::all(),
            fail_on: Severity::Error,
            profiles: Vec::new(),
            codes: Vec::new(),
            manifest: None,
        }
    }
}

impl Settings {
    /// The configuration file (if any) with the command line on top: the
    /// command line's `fail_on` wins; its rule layer applies after the
    /// file's (see [`crate::rules::selection`]).
    pub fn resolve(config: Option<&Config>, cli: &Layer, cli_fail_on: Option<Severity>) -> Self {
        let mut layers = Vec::with_capacity(2);
        if let Some(c) = config {
            layers.push(c.rules.clone());
        }
        layers.push(cli.clone());
        Settings {
            selection: Selection::resolve(&layers),
            fail_on: cli_fail_on
                .or(config.and_then(|c| c.fail_on))
                .unwrap_or(Severity::Error),
            profiles: config.map_or_else(Vec::new, |c| {
                c.profiles.iter().map(|p| p.path.clone()).collect()
            }),
            codes: config.map_or_else(Vec::new, |c| c.codes.clone()),
            manifest: config.and_then(|c| c.manifest.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("proj/claimcheck.toml"))
    }

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn every_key() {
        let c = parse(
            "select = [\"ENV\", \"syn\"]\nextend-select = [\"SYN022\"]\nignore = [\"ENV0\"]\n\
             fail-on = \"warning\"\nprofiles = [\"payers/a.toml\", \"/abs/b.toml\"]\n\n\
             [severity]\nSYN022 = \"info\"\n\"SYN\" = \"warning\"\n",
        )
        .unwrap();
        let texts = |v: &[Selector]| v.iter().map(|s| s.as_str().to_string()).collect::<Vec<_>>();
        assert_eq!(texts(c.rules.select.as_deref().unwrap()), ["ENV", "syn"]);
        assert_eq!(texts(&c.rules.extend_select), ["SYN022"]);
        assert_eq!(texts(&c.rules.ignore), ["ENV0"]);
        assert_eq!(c.fail_on, Some(Severity::Warning));
        assert_eq!(
            c.profiles,
            [
                ProfileRef {
                    path: PathBuf::from("proj/payers/a.toml"),
                    line: 5
                },
                ProfileRef {
                    path: PathBuf::from("/abs/b.toml"),
                    line: 5
                },
            ]
        );
        let sev: Vec<(String, Severity)> = c
            .rules
            .severity
            .iter()
            .map(|(s, v)| (s.as_str().to_string(), *v))
            .collect();
        assert_eq!(
            sev,
            [
                ("SYN022".to_string(), Severity::Info),
                ("SYN".to_string(), Severity::Warning)
            ]
        );
        let s = Settings::resolve(Some(&c), &Layer::default(), None);
        assert!(!s.selection.is_selected("ENV001") && s.selection.is_selected("SYN022"));
        assert_eq!(s.selection.severity("SYN022"), Some(Severity::Info));
        assert_eq!(s.fail_on, Severity::Warning);
        let s = Settings::resolve(Some(&c), &Layer::default(), Some(Severity::Error));
        assert_eq!(s.fail_on, Severity::Error);
    }

    #[test]
    fn code_files_resolve_against_the_files_folder() {
        let c = parse(
            "fail-on = \"error\"\n[codes]\nHCPCS = \"codes/h.txt\"\ntaxonomy = \"/abs/nucc.csv\"\n",
        )
        .unwrap();
        assert_eq!(
            c.codes,
            [
                CodeFileRef {
                    kind: CodeFileKind::Hcpcs,
                    path: PathBuf::from("proj/codes/h.txt"),
                    origin: "proj/claimcheck.toml:3: codes.HCPCS".into(),
                },
                CodeFileRef {
                    kind: CodeFileKind::Taxonomy,
                    path: PathBuf::from("/abs/nucc.csv"),
                    origin: "proj/claimcheck.toml:4: codes.taxonomy".into(),
                },
            ]
        );
        let s = Settings::resolve(Some(&c), &Layer::default(), None);
        assert_eq!(s.codes, c.codes);
        let p = "proj/claimcheck.toml";
        assert_eq!(
            err("[codes]\nicd = \"x.csv\""),
            format!(
                "{p}:2: codes.icd: unknown code file kind 'icd' (expected hcpcs, taxonomy, carc, rarc or mue)"
            )
        );
        assert_eq!(
            err("[codes]\ncarc = \"a.csv\"\nCARC = \"b.csv\""),
            format!("{p}:3: codes.CARC: repeats 'carc'")
        );
        assert_eq!(
            err("[codes]\nrarc = [\"a.csv\"]"),
            format!("{p}:2: codes.rarc: expected a string, found array")
        );
        assert_eq!(
            err("codes = \"a.csv\""),
            format!("{p}:1: codes: expected a table of KIND = \"path\", found string")
        );
    }

    #[test]
    fn the_manifest_resolves_against_the_files_folder() {
        let c = parse("fail-on = \"error\"\nmanifest = \"docs/m.csv\"\n").unwrap();
        let expected = ManifestRef {
            path: PathBuf::from("proj/docs/m.csv"),
            origin: "proj/claimcheck.toml:2: manifest".into(),
        };
        assert_eq!(c.manifest.as_ref(), Some(&expected));
        let s = Settings::resolve(Some(&c), &Layer::default(), None);
        assert_eq!(s.manifest, Some(expected));
        assert_eq!(
            err("manifest = [\"a.csv\", \"b.csv\"]"),
            "proj/claimcheck.toml:1: manifest: expected a string, found array"
        );
    }

    #[test]
    fn empty_file_changes_nothing() {
        let c = parse("# nothing\n").unwrap();
        assert_eq!(
            Settings::resolve(Some(&c), &Layer::default(), None),
            Settings::default()
        );
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let p = "proj/claimcheck.toml";
        assert_eq!(
            err("select = [\"ENV\",\n  \"XYZ9\"]"),
            format!("{p}:2: select: no rule matches 'XYZ9'")
        );
        assert_eq!(
            err("\n\nselct = []"),
            format!(
                "{p}:3: unknown key 'selct' (known: select, extend-select, ignore, severity, fail-on, profiles, codes, manifest)"
            )
        );
        assert_eq!(
            err("ignore = \"SYN\""),
            format!("{p}:1: ignore: expected an array of strings, found string")
        );
        assert_eq!(
            err("ignore = [\"SYN\", 3]"),
            format!("{p}:1: ignore: expected a string, found integer")
        );
        assert_eq!(
            err("[severity]\nSYN022 = \"fatal\""),
            format!(
                "{p}:2: severity.SYN022: unknown severity 'fatal' (expected error, warning or info)"
            )
        );
        assert_eq!(
            err("[severity]\nSYN = \"info\"\nQQQ = \"info\""),
            format!("{p}:3: severity.QQQ: no rule matches 'QQQ'")
        );
        assert_eq!(
            err("[severity]\nSYN = \"info\"\nsyn = \"error\""),
            format!("{p}:3: severity.syn: repeats 'SYN'")
        );
        assert_eq!(
            err("severity = 1"),
            format!(
                "{p}:1: severity: expected a table of CODE = \"error\"|\"warning\"|\"info\", found integer"
            )
        );
        assert_eq!(
            err("fail-on = \"info\""),
            format!("{p}:1: fail-on: 'info' is not error or warning")
        );
        let syntax = err("select = [\"ENV\"\n\nignore = ]");
        assert!(
            syntax.starts_with(&format!("{p}:3: invalid TOML: ")),
            "{syntax}"
        );
        assert!(!syntax.contains('\n'), "{syntax}");
    }
}
