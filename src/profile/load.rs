//! Reading one profile's TOML, strictly: unknown keys, wrong types, bad
//! choices and nonsense numbers are errors naming the line and the key.
//! The table is walked by hand (not derived) so that every message can
//! say exactly which key is wrong and on which line.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{
    Auth, CaseRate, Payer, Period, Profile, ProfileError, Rounding, SetLines, UnitRule, UnitTime,
};
use crate::codesets::procedure::{is_modifier, procedure_kind};

type Value<'i> = Spanned<DeValue<'i>>;

const TOP_KEYS: [&str; 4] = ["payer", "units", "case_rate", "auth"];
const PAYER_KEYS: [&str; 4] = ["name", "ids", "timely_filing_days", "default"];
const UNIT_KEYS: [&str; 3] = ["minutes_per_unit", "rounding", "max_units_per_day"];
const CASE_RATE_KEYS: [&str; 8] = [
    "name",
    "code",
    "modifiers",
    "period",
    "units",
    "rate",
    "bundles",
    "encounter_modifier",
];
const AUTH_KEYS: [&str; 1] = ["required"];

/// A unit longer than a day is not a time unit.
const MAX_MINUTES_PER_UNIT: i64 = 1_440;

/// Turns spans into lines and problems into [`ProfileError`]s.
struct Reader<'a> {
    text: &'a str,
    path: &'a Path,
}

/// The keys of one table, checked against the known ones.
struct Fields<'v, 'i> {
    /// Dotted path of the table (`units.H0004`), empty for the root.
    key: String,
    span: Range<usize>,
    table: &'v DeTable<'i>,
}

impl<'v, 'i> Fields<'v, 'i> {
    fn get(&self, name: &str) -> Option<&'v Value<'i>> {
        self.table.get(name)
    }

    /// Dotted path of a key of this table.
    fn path(&self, name: &str) -> String {
        if self.key.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.key)
        }
    }
}

impl Reader<'_> {
    fn line(&self, span: &Range<usize>) -> usize {
        let end = span.start.min(self.text.len());
        1 + self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    }

    fn error(&self, span: &Range<usize>, key: &str, message: String) -> ProfileError {
        ProfileError {
            path: self.path.to_path_buf(),
            line: self.line(span),
            key: (!key.is_empty()).then(|| key.to_string()),
            message,
        }
    }

    /// `value` as a table whose keys are all among `known`.
    fn fields<'v, 'i>(
        &self,
        key: String,
        value: &'v Value<'i>,
        known: &[&str],
    ) -> Result<Fields<'v, 'i>, ProfileError> {
        let Some(table) = value.get_ref().as_table() else {
            let found = value.get_ref().type_str();
            return Err(self.error(
                &value.span(),
                &key,
                format!("expected a table, found {found}"),
            ));
        };
        let fields = Fields {
            key,
            span: value.span(),
            table,
        };
        // The first unknown key in file order.
        let unknown = table
            .iter()
            .filter(|(k, _)| !known.contains(&k.get_ref().as_ref()))
            .min_by_key(|(k, _)| k.span().start);
        if let Some((k, _)) = unknown {
            return Err(self.error(
                &k.span(),
                &fields.path(k.get_ref()),
                format!("unknown key (known: {})", known.join(", ")),
            ));
        }
        Ok(fields)
    }

    fn required<'v, 'i>(
        &self,
        fields: &Fields<'v, 'i>,
        name: &str,
    ) -> Result<&'v Value<'i>, ProfileError> {
        fields.get(name).ok_or_else(|| {
            self.error(
                &fields.span,
                &fields.path(name),
                "missing (a required key)".to_string(),
            )
        })
    }

    fn wrong_type(&self, key: &str, value: &Value<'_>, expected: &str) -> ProfileError {
        let found = value.get_ref().type_str();
        self.error(
            &value.span(),
            key,
            format!("expected {expected}, found {found}"),
        )
    }

    fn string<'v>(&self, key: &str, value: &'v Value<'_>) -> Result<&'v str, ProfileError> {
        match value.get_ref().as_str() {
            Some(s) if !s.trim().is_empty() => Ok(s),
            Some(_) => Err(self.error(
                &value.span(),
                key,
                "expected a non-empty string, found \"\"".to_string(),
            )),
            None => Err(self.wrong_type(key, value, "a string")),
        }
    }

    fn boolean(&self, key: &str, value: &Value<'_>) -> Result<bool, ProfileError> {
        value
            .get_ref()
            .as_bool()
            .ok_or_else(|| self.wrong_type(key, value, "true or false"))
    }

    /// An integer from 1 to `max`.
    fn positive(&self, key: &str, value: &Value<'_>, max: i64) -> Result<u32, ProfileError> {
        let expected = "a positive integer";
        let Some(int) = value.get_ref().as_integer() else {
            return Err(self.wrong_type(key, value, expected));
        };
        let n = i64::from_str_radix(int.as_str(), int.radix()).map_err(|_| {
            self.error(
                &value.span(),
                key,
                format!("expected {expected}, found {int}"),
            )
        })?;
        if n < 1 {
            return Err(self.error(
                &value.span(),
                key,
                format!("expected {expected}, found {n}"),
            ));
        }
        if n > max {
            return Err(self.error(
                &value.span(),
                key,
                format!("expected at most {max}, found {n}"),
            ));
        }
        Ok(n as u32)
    }

    /// An amount above zero, exactly as written (a TOML float's text is
    /// read as a decimal, never through `f64`).
    fn amount(&self, key: &str, value: &Value<'_>) -> Result<Decimal, ProfileError> {
        let expected = "an amount above 0";
        let text = match value.get_ref() {
            DeValue::Float(f) => f.as_str(),
            DeValue::Integer(i) if i.radix() == 10 => i.as_str(),
            _ => return Err(self.wrong_type(key, value, "a number")),
        };
        let text = text.replace('_', "");
        let amount = Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map_err(|_| {
                self.error(
                    &value.span(),
                    key,
                    format!("expected {expected}, found {text}"),
                )
            })?;
        if amount <= Decimal::ZERO {
            return Err(self.error(
                &value.span(),
                key,
                format!("expected {expected}, found {text}"),
            ));
        }
        Ok(amount)
    }

    /// One of a fixed set of strings.
    fn choice<T: Copy>(
        &self,
        key: &str,
        value: &Value<'_>,
        names: &[(&str, T)],
    ) -> Result<T, ProfileError> {
        let expected = names
            .iter()
            .map(|(n, _)| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let Some(s) = value.get_ref().as_str() else {
            return Err(self.wrong_type(key, value, &format!("one of {expected}")));
        };
        names
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, v)| *v)
            .ok_or_else(|| {
                self.error(
                    &value.span(),
                    key,
                    format!("expected one of {expected}, found \"{s}\""),
                )
            })
    }

    /// An array of distinct strings, each passing `check`.
    fn list(
        &self,
        key: &str,
        value: &Value<'_>,
        check: impl Fn(&str) -> Result<(), String>,
    ) -> Result<Vec<(String, Range<usize>)>, ProfileError> {
        let Some(items) = value.get_ref().as_array() else {
            return Err(self.wrong_type(key, value, "an array of strings"));
        };
        let mut out: Vec<(String, Range<usize>)> = Vec::with_capacity(items.len());
        for item in items.iter() {
            let Some(s) = item.get_ref().as_str() else {
                return Err(self.wrong_type(key, item, "a string"));
            };
            check(s).map_err(|e| self.error(&item.span(), key, e))?;
            if out.iter().any(|(o, _)| o == s) {
                return Err(self.error(&item.span(), key, format!("\"{s}\" is listed twice")));
            }
            out.push((s.to_string(), item.span()));
        }
        Ok(out)
    }

    fn codes(&self, key: &str, value: &Value<'_>) -> Result<Vec<String>, ProfileError> {
        Ok(self
            .list(key, value, check_code)?
            .into_iter()
            .map(|(s, _)| s)
            .collect())
    }

    fn payer(&self, root: &Fields<'_, '_>) -> Result<(Payer, SetLines), ProfileError> {
        let value = root.get("payer").ok_or_else(|| {
            self.error(&(0..0), "payer", "missing (a required table)".to_string())
        })?;
        let f = self.fields("payer".to_string(), value, &PAYER_KEYS)?;
        let name = self.string(&f.path("name"), self.required(&f, "name")?)?;
        let ids_value = self.required(&f, "ids")?;
        let ids = self.list(&f.path("ids"), ids_value, check_payer_id)?;
        let default = match f.get("default") {
            Some(v) => (self.boolean(&f.path("default"), v)?, self.line(&v.span())),
            None => (false, 0),
        };
        if ids.is_empty() && !default.0 {
            return Err(self.error(
                &ids_value.span(),
                &f.path("ids"),
                "expected at least one payer id (none is allowed only with default = true)"
                    .to_string(),
            ));
        }
        let timely_filing_days = f
            .get("timely_filing_days")
            .map(|v| self.positive(&f.path("timely_filing_days"), v, i64::from(u32::MAX)))
            .transpose()?;
        let lines = SetLines {
            ids: ids.iter().map(|(_, span)| self.line(span)).collect(),
            default: default.1,
        };
        let payer = Payer {
            name: name.to_string(),
            ids: ids.into_iter().map(|(s, _)| s).collect(),
            timely_filing_days,
            default: default.0,
        };
        Ok((payer, lines))
    }

    fn unit_rule(&self, f: &Fields<'_, '_>) -> Result<UnitRule, ProfileError> {
        if f.table.is_empty() {
            return Err(self.error(
                &f.span,
                &f.key,
                format!("expected at least one of {}", UNIT_KEYS.join(", ")),
            ));
        }
        let minutes = f
            .get("minutes_per_unit")
            .map(|v| self.positive(&f.path("minutes_per_unit"), v, MAX_MINUTES_PER_UNIT))
            .transpose()?;
        let rounding = f
            .get("rounding")
            .map(|v| self.choice(&f.path("rounding"), v, &Rounding::NAMES))
            .transpose()?;
        let time = match (minutes, rounding) {
            (Some(minutes_per_unit), Some(rounding)) => Some(UnitTime {
                minutes_per_unit,
                rounding,
            }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(self.error(
                    &f.span,
                    &f.path("rounding"),
                    "missing (minutes_per_unit needs a rounding)".to_string(),
                ));
            }
            (None, Some(_)) => {
                return Err(self.error(
                    &f.span,
                    &f.path("minutes_per_unit"),
                    "missing (rounding needs minutes_per_unit)".to_string(),
                ));
            }
        };
        let max_units_per_day = f
            .get("max_units_per_day")
            .map(|v| self.positive(&f.path("max_units_per_day"), v, i64::from(u32::MAX)))
            .transpose()?;
        Ok(UnitRule {
            time,
            max_units_per_day,
            line: self.line(&f.span),
        })
    }

    fn units(&self, value: &Value<'_>) -> Result<BTreeMap<String, UnitRule>, ProfileError> {
        let Some(table) = value.get_ref().as_table() else {
            return Err(self.wrong_type("units", value, "a table of procedure codes"));
        };
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        let mut out = BTreeMap::new();
        for (code, value) in entries {
            let key = format!("units.{}", code.get_ref());
            check_code(code.get_ref()).map_err(|e| self.error(&code.span(), &key, e))?;
            let f = self.fields(key, value, &UNIT_KEYS)?;
            out.insert(code.get_ref().to_string(), self.unit_rule(&f)?);
        }
        Ok(out)
    }

    fn case_rate(&self, f: &Fields<'_, '_>) -> Result<CaseRate, ProfileError> {
        let name = self.string(&f.path("name"), self.required(f, "name")?)?;
        let code_value = self.required(f, "code")?;
        let code = self.string(&f.path("code"), code_value)?;
        check_code(code).map_err(|e| self.error(&code_value.span(), &f.path("code"), e))?;
        let modifiers = match f.get("modifiers") {
            Some(v) => {
                let m = self.list(&f.path("modifiers"), v, check_modifier)?;
                if m.len() > 4 {
                    return Err(self.error(
                        &v.span(),
                        &f.path("modifiers"),
                        format!("expected at most 4 modifiers, found {}", m.len()),
                    ));
                }
                m.into_iter().map(|(s, _)| s).collect()
            }
            None => Vec::new(),
        };
        let period = self.choice(
            &f.path("period"),
            self.required(f, "period")?,
            &Period::NAMES,
        )?;
        let units = f
            .get("units")
            .map(|v| self.positive(&f.path("units"), v, i64::from(u32::MAX)))
            .transpose()?
            .unwrap_or(1);
        let rate = self.amount(&f.path("rate"), self.required(f, "rate")?)?;
        let bundles = match f.get("bundles") {
            Some(v) => {
                let b = self.list(&f.path("bundles"), v, check_code)?;
                if let Some((own, span)) = b.iter().find(|(b, _)| b == code) {
                    return Err(self.error(
                        span,
                        &f.path("bundles"),
                        format!("\"{own}\" is the case rate's own code"),
                    ));
                }
                b.into_iter().map(|(s, _)| s).collect()
            }
            None => Vec::new(),
        };
        let encounter_modifier = match f.get("encounter_modifier") {
            Some(v) => {
                let key = f.path("encounter_modifier");
                let m = self.string(&key, v)?;
                check_modifier(m).map_err(|e| self.error(&v.span(), &key, e))?;
                Some(m.to_string())
            }
            None => None,
        };
        Ok(CaseRate {
            name: name.to_string(),
            code: code.to_string(),
            modifiers,
            period,
            units,
            rate,
            bundles,
            encounter_modifier,
            line: self.line(&f.span),
        })
    }

    fn case_rates(&self, value: &Value<'_>) -> Result<Vec<CaseRate>, ProfileError> {
        let Some(items) = value.get_ref().as_array() else {
            return Err(self.wrong_type("case_rate", value, "an array of tables ([[case_rate]])"));
        };
        let mut out: Vec<CaseRate> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let f = self.fields(format!("case_rate[{i}]"), item, &CASE_RATE_KEYS)?;
            let rate = self.case_rate(&f)?;
            // A line would match both: which rate applies is ambiguous.
            if let Some(j) = out
                .iter()
                .position(|o| o.code == rate.code && o.modifiers == rate.modifiers)
            {
                return Err(self.error(
                    &f.span,
                    &f.key,
                    format!("repeats the code and modifiers of case_rate[{j}]"),
                ));
            }
            out.push(rate);
        }
        Ok(out)
    }

    fn auth(&self, value: &Value<'_>) -> Result<Auth, ProfileError> {
        let f = self.fields("auth".to_string(), value, &AUTH_KEYS)?;
        let required = match f.get("required") {
            Some(v) => self.codes(&f.path("required"), v)?,
            None => Vec::new(),
        };
        Ok(Auth { required })
    }
}

fn check_code(code: &str) -> Result<(), String> {
    if procedure_kind(code.as_bytes()).is_some() {
        Ok(())
    } else {
        Err(format!(
            "expected a CPT or HCPCS code (5 characters, upper case: 90837, H0004), found \"{code}\""
        ))
    }
}

fn check_modifier(m: &str) -> Result<(), String> {
    if is_modifier(m.as_bytes()) {
        Ok(())
    } else {
        Err(format!(
            "expected a modifier (2 upper-case letters or digits: HF, U8), found \"{m}\""
        ))
    }
}

/// NM109 and N1*PR04 are 2 to 80 characters; payer ids in practice are
/// letters and digits, sometimes with `-`, `.` or `_`.
fn check_payer_id(id: &str) -> Result<(), String> {
    let ok = (2..=80).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "expected a payer id (2 to 80 letters, digits, '-', '.' or '_'), found \"{id}\""
        ))
    }
}

impl Profile {
    /// Parse the text of a profile read from `path` (named in errors and
    /// kept in [`Profile::path`]; nothing is read from disk).
    pub fn parse(text: &str, path: &Path) -> Result<Profile, ProfileError> {
        let reader = Reader { text, path };
        let table = DeTable::parse(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            reader.error(
                &span,
                "",
                format!("invalid TOML: {}", e.message().trim_end()),
            )
        })?;
        let root_value = Spanned::new(0..text.len(), DeValue::Table(table.into_inner()));
        let root = reader.fields(String::new(), &root_value, &TOP_KEYS)?;
        let (payer, lines) = reader.payer(&root)?;
        let units = root
            .get("units")
            .map(|v| reader.units(v))
            .transpose()?
            .unwrap_or_default();
        let case_rates = root
            .get("case_rate")
            .map(|v| reader.case_rates(v))
            .transpose()?
            .unwrap_or_default();
        let auth = root
            .get("auth")
            .map(|v| reader.auth(v))
            .transpose()?
            .unwrap_or_default();
        Ok(Profile {
            path: path.to_path_buf(),
            payer,
            units,
            case_rates,
            auth,
            lines,
        })
    }
}
