//! Which rules a run reports, and how severe their findings are.
//!
//! A [`Selector`] names rules by code or prefix (`BAL`, `SYN01`,
//! `UNIT003`, `ALL`), case-insensitively. Selections come in [`Layer`]s,
//! like ruff's: the defaults (every rule, its own severity), then
//! `claimcheck.toml`, then the command line. Within a layer, when a
//! `select` and an `ignore` entry both match a rule, the more specific
//! (longer) one wins and `ignore` wins ties. A layer with a `select` list
//! starts over from it; a layer without one (only `extend-select` and
//! `ignore`) changes the result of the layers before it. Severity
//! overrides follow the same order: the most specific entry of a layer
//! wins, later layers override earlier ones.
//!
//! [`Selection`] holds the outcome as one flag and one severity per rule
//! of the registry, so that asking about a finding is a table look-up.

use std::collections::HashMap;
use std::fmt;

use super::Rule;
use super::registry::RULES;
use crate::diagnostic::{Finding, Severity};

/// Rules named by code or code prefix; `ALL` names every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    /// Upper-case prefix; empty for `ALL`.
    prefix: String,
    /// As written (trimmed), for messages.
    written: String,
}

/// A selector that names no rule of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoRuleMatches(pub String);

impl fmt::Display for NoRuleMatches {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no rule matches '{}'", self.0)
    }
}

impl std::error::Error for NoRuleMatches {}

impl Selector {
    /// One selector; it must match at least one rule of the registry.
    pub fn parse(text: &str) -> Result<Selector, NoRuleMatches> {
        let written = text.trim();
        let upper = written.to_ascii_uppercase();
        let prefix = if upper == "ALL" { String::new() } else { upper };
        let selector = Selector {
            prefix,
            written: written.to_string(),
        };
        // An empty selector would match everything by accident.
        if written.is_empty() || !RULES.iter().any(|r| selector.matches(r.code)) {
            return Err(NoRuleMatches(written.to_string()));
        }
        Ok(selector)
    }

    /// Comma-separated selectors (`BAL,SYN022`); empty entries are
    /// skipped, so `""` is the empty list.
    pub fn parse_list(text: &str) -> Result<Vec<Selector>, NoRuleMatches> {
        text.split(',')
            .filter(|s| !s.trim().is_empty())
            .map(Selector::parse)
            .collect()
    }

    /// Whether `code` is this selector's prefix (case-insensitive).
    pub fn matches(&self, code: &str) -> bool {
        code.len() >= self.prefix.len()
            && code.as_bytes()[..self.prefix.len()].eq_ignore_ascii_case(self.prefix.as_bytes())
    }

    /// Longer selectors are more specific; `ALL` is the least.
    pub fn specificity(&self) -> usize {
        self.prefix.len()
    }

    /// The selector as written.
    pub fn as_str(&self) -> &str {
        &self.written
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

/// One source of settings: the configuration file or the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layer {
    /// When present, the rules this layer starts over from.
    pub select: Option<Vec<Selector>>,
    /// Rules added to what `select` (or the layers before) chose.
    pub extend_select: Vec<Selector>,
    pub ignore: Vec<Selector>,
    /// Severity overrides, in the order written.
    pub severity: Vec<(Selector, Severity)>,
}

impl Layer {
    /// Whether this layer turns rule `code` on (`Some(true)`), off
    /// (`Some(false)`) or says nothing about it.
    fn decides(&self, code: &str) -> Option<bool> {
        let best = |selectors: &mut dyn Iterator<Item = &Selector>| {
            selectors
                .filter(|s| s.matches(code))
                .map(Selector::specificity)
                .max()
        };
        let select = best(&mut self.select.iter().flatten().chain(&self.extend_select));
        let ignore = best(&mut self.ignore.iter());
        match (select, ignore) {
            (Some(s), Some(i)) => Some(s > i),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) => None,
        }
    }

    /// The most specific severity override for `code`; the later entry
    /// wins between equally specific ones.
    fn severity_of(&self, code: &str) -> Option<Severity> {
        let mut best: Option<(usize, Severity)> = None;
        for (selector, severity) in &self.severity {
            if selector.matches(code) && best.is_none_or(|(s, _)| selector.specificity() >= s) {
                best = Some((selector.specificity(), *severity));
            }
        }
        best.map(|(_, severity)| severity)
    }
}

/// Which rules are selected and at what severity: one entry per rule of
/// [`RULES`], in registry order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    selected: Vec<bool>,
    severity: Vec<Severity>,
    /// Code -> registry position.
    index: HashMap<&'static str, usize>,
    /// Every rule selected at its default severity: nothing to change.
    is_default: bool,
}

impl Default for Selection {
    fn default() -> Self {
        Selection::all()
    }
}

impl Selection {
    /// Every rule, at its default severity.
    pub fn all() -> Self {
        Selection::resolve(&[])
    }

    /// The outcome of `layers` applied in order on top of the defaults.
    pub fn resolve(layers: &[Layer]) -> Self {
        let mut selected = vec![true; RULES.len()];
        let mut severity: Vec<Severity> = RULES.iter().map(|r| r.severity).collect();
        for layer in layers {
            for (i, rule) in RULES.iter().enumerate() {
                match layer.decides(rule.code) {
                    Some(on) => selected[i] = on,
                    None if layer.select.is_some() => selected[i] = false,
                    None => {}
                }
                if let Some(s) = layer.severity_of(rule.code) {
                    severity[i] = s;
                }
            }
        }
        let is_default = selected.iter().all(|&s| s)
            && RULES.iter().zip(&severity).all(|(r, &s)| r.severity == s);
        let index = RULES.iter().enumerate().map(|(i, r)| (r.code, i)).collect();
        Selection {
            selected,
            severity,
            index,
            is_default,
        }
    }

    /// `select` and `ignore` as comma-separated selectors, one layer (an
    /// empty `select` means every rule).
    pub fn parse(select: &str, ignore: &str) -> Result<Self, NoRuleMatches> {
        let select = Selector::parse_list(select)?;
        let layer = Layer {
            select: (!select.is_empty()).then_some(select),
            ignore: Selector::parse_list(ignore)?,
            ..Layer::default()
        };
        Ok(Selection::resolve(&[layer]))
    }

    fn position(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// Whether findings of rule `code` are reported. A code outside the
    /// registry is reported: a finding is never dropped by accident.
    pub fn is_selected(&self, code: &str) -> bool {
        self.position(code).is_none_or(|i| self.selected[i])
    }

    /// The severity findings of rule `code` get; `None` for a code
    /// outside the registry.
    pub fn severity(&self, code: &str) -> Option<Severity> {
        self.position(code).map(|i| self.severity[i])
    }

    /// Whether any rule whose code starts with `prefix` is selected, so
    /// that a family's checks can be skipped when none is.
    pub fn any_selected_with_prefix(&self, prefix: &str) -> bool {
        RULES.iter().zip(&self.selected).any(|(r, &on)| {
            on && r.code.len() >= prefix.len()
                && r.code.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        })
    }

    /// The selected rules, in registry order.
    pub fn rules(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        RULES
            .iter()
            .zip(&self.selected)
            .filter(|(_, on)| **on)
            .map(|(r, _)| *r)
    }

    /// Drop the findings of rules not selected and give the rest their
    /// selected severity.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        if self.is_default {
            return;
        }
        findings.retain_mut(|f| match self.position(f.rule) {
            Some(i) if !self.selected[i] => false,
            Some(i) => {
                f.severity = self.severity[i];
                true
            }
            None => true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(list: &str) -> Vec<Selector> {
        Selector::parse_list(list).unwrap()
    }

    fn codes(selection: &Selection) -> Vec<&'static str> {
        selection.rules().map(|r| r.code).collect()
    }

    #[test]
    fn selectors_are_prefixes_case_insensitive() {
        let s = Selector::parse("syn02").unwrap();
        assert!(s.matches("SYN020") && s.matches("SYN022"));
        assert!(!s.matches("SYN019") && !s.matches("ENV020"));
        assert_eq!(s.specificity(), 5);
        let all = Selector::parse(" all ").unwrap();
        assert!(all.matches("ENV001") && all.specificity() == 0);
        assert_eq!(
            Selector::parse("XYZ9"),
            Err(NoRuleMatches("XYZ9".to_string()))
        );
        assert_eq!(
            Selector::parse("SYN0220").unwrap_err().to_string(),
            "no rule matches 'SYN0220'"
        );
        assert!(Selector::parse("").is_err());
        assert_eq!(sel("ENV, ,syn022,").len(), 2);
        assert_eq!(sel(""), vec![]);
    }

    #[test]
    fn default_selects_everything_at_default_severity() {
        let s = Selection::all();
        assert_eq!(codes(&s).len(), RULES.len());
        for r in RULES {
            assert!(s.is_selected(r.code));
            assert_eq!(s.severity(r.code), Some(r.severity));
        }
        assert!(s.is_selected("NOPE001"));
        assert_eq!(s.severity("NOPE001"), None);
    }

    #[test]
    fn select_and_ignore_by_specificity() {
        let s = Selection::parse("SYN", "SYN02").unwrap();
        assert!(s.is_selected("SYN019") && !s.is_selected("SYN020"));
        assert!(!s.is_selected("ENV001"));
        // The more specific select wins over a shorter ignore.
        let s = Selection::parse("SYN022", "SYN").unwrap();
        assert_eq!(codes(&s), ["SYN022"]);
        // Ties go to ignore.
        let s = Selection::parse("ENV001,SYN", "env001").unwrap();
        assert!(!s.is_selected("ENV001") && s.is_selected("SYN001"));
        // ALL is the least specific.
        let s = Selection::parse("ALL", "ENV").unwrap();
        assert!(!s.any_selected_with_prefix("env") && s.any_selected_with_prefix("SYN"));
        let s = Selection::parse("ENV001", "ALL").unwrap();
        assert_eq!(codes(&s), ["ENV001"]);
    }

    #[test]
    fn later_layers_start_over_with_select_or_change_without() {
        let file = Layer {
            select: Some(sel("SYN")),
            ignore: sel("SYN022"),
            ..Layer::default()
        };
        // Only ignore and extend-select: on top of the file.
        let cli = Layer {
            extend_select: sel("ENV001"),
            ignore: sel("SYN0"),
            ..Layer::default()
        };
        let s = Selection::resolve(&[file.clone(), cli]);
        assert_eq!(codes(&s), ["ENV001"]);
        // A select starts over: the file's ignore no longer applies.
        let cli = Layer {
            select: Some(sel("SYN02")),
            ..Layer::default()
        };
        let s = Selection::resolve(&[file, cli]);
        assert_eq!(codes(&s), ["SYN020", "SYN021", "SYN022"]);
    }

    #[test]
    fn severity_overrides_by_specificity_then_layer() {
        let file = Layer {
            severity: vec![
                (Selector::parse("SYN022").unwrap(), Severity::Info),
                (Selector::parse("SYN").unwrap(), Severity::Warning),
            ],
            ..Layer::default()
        };
        let s = Selection::resolve(std::slice::from_ref(&file));
        assert_eq!(s.severity("SYN022"), Some(Severity::Info));
        assert_eq!(s.severity("SYN001"), Some(Severity::Warning));
        assert_eq!(s.severity("ENV001"), Some(Severity::Error));
        let cli = Layer {
            severity: vec![(Selector::parse("SY").unwrap(), Severity::Error)],
            ..Layer::default()
        };
        let s = Selection::resolve(&[file, cli]);
        assert_eq!(s.severity("SYN022"), Some(Severity::Error));
    }

    #[test]
    fn apply_drops_and_reweighs_findings() {
        let rule = |code| super::super::registry::find(code).unwrap();
        let mut findings = vec![
            Finding::new(rule("ENV008"), "a"),
            Finding::new(rule("SYN022"), "b"),
            Finding::new(rule("SYN001"), "c"),
        ];
        let layer = Layer {
            ignore: sel("SYN001"),
            severity: vec![(Selector::parse("SYN022").unwrap(), Severity::Info)],
            ..Layer::default()
        };
        Selection::resolve(&[layer]).apply(&mut findings);
        let got: Vec<(&str, Severity)> = findings.iter().map(|f| (f.rule, f.severity)).collect();
        assert_eq!(
            got,
            [("ENV008", Severity::Error), ("SYN022", Severity::Info)]
        );
    }
}
