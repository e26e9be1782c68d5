//! [`Amount`]: an exact decimal (money, units, percentages) that prints
//! exactly as the X12 wrote it.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An exact decimal number as written in an X12 element: `250.00` keeps
/// its two decimals, `100` has none. JSON carries it as a string
/// (`"250.00"`), never as a float.
///
/// Only the plain form is accepted: an optional minus sign, digits without
/// a leading zero (but `0` itself), and an optional point followed by at
/// least one digit; at most 28 digits. Anything else (`.5`, `007`, `1E2`,
/// `-0`) has no single exact form, so the model keeps such a value as
/// written, in the `extra` of the segment it came from.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Amount(Decimal);

/// Most digits an [`Amount`] holds: what a 96-bit mantissa always fits.
const MAX_DIGITS: usize = 28;

impl Amount {
    /// Parse the plain form, without allocating.
    #[inline]
    pub fn parse(b: &[u8]) -> Option<Amount> {
        let (negative, digits) = match b.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, b),
        };
        if digits.is_empty() || digits.len() > MAX_DIGITS + 1 {
            return None;
        }
        // At most 28 digits: below 2^96, the mantissa's size.
        let mut mantissa = 0u128;
        let mut point = None;
        for (i, &c) in digits.iter().enumerate() {
            match c {
                b'0'..=b'9' => mantissa = mantissa * 10 + u128::from(c - b'0'),
                b'.' if point.is_none() => point = Some(i),
                _ => return None,
            }
        }
        let int_len = point.unwrap_or(digits.len());
        let scale = point.map_or(0, |p| digits.len() - p - 1);
        let count = digits.len() - usize::from(point.is_some());
        if int_len == 0
            || (int_len > 1 && digits[0] == b'0')
            || (point.is_some() && scale == 0)
            || count > MAX_DIGITS
            || (negative && mantissa == 0)
        {
            return None;
        }
        Some(Amount(Decimal::from_parts(
            mantissa as u32,
            (mantissa >> 32) as u32,
            (mantissa >> 64) as u32,
            negative,
            scale as u32,
        )))
    }

    pub fn value(self) -> Decimal {
        self.0
    }
}

impl From<Decimal> for Amount {
    fn from(d: Decimal) -> Self {
        Amount(d)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({})", self.0)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <Cow<'de, str>>::deserialize(d)?;
        Amount::parse(s.as_bytes()).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "'{s}' is not an exact decimal as X12 writes it (e.g. \"250.00\")"
            ))
        })
    }
}

impl JsonSchema for Amount {
    fn schema_name() -> Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An exact decimal as written in the X12, as a string: \"250.00\", \"4\", \"-12.5\".",
            "type": "string",
            "pattern": "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$",
            "not": { "pattern": "^-0(\\.0+)?$" },
            "maxLength": 30
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(s: &str) -> Option<String> {
        Amount::parse(s.as_bytes()).map(|a| a.to_string())
    }

    #[test]
    fn plain_numbers_print_as_written() {
        for s in [
            "250.00",
            "100",
            "0",
            "0.50",
            "-12.5",
            "92.50",
            "1234567890123456789012345678",
        ] {
            assert_eq!(round(s).as_deref(), Some(s), "{s}");
        }
    }

    #[test]
    fn other_forms_are_refused() {
        for s in [
            "",
            "-",
            ".5",
            "5.",
            "007",
            "1E2",
            "+5",
            "-0",
            "-0.00",
            "1.2.3",
            " 5",
            "12,50",
            "12345678901234567890123456789",
        ] {
            assert_eq!(round(s), None, "{s:?}");
        }
    }

    #[test]
    fn json_is_a_string() {
        let a = Amount::parse(b"75.00").unwrap();
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"75.00\"");
        let back: Amount = serde_json::from_str("\"75.00\"").unwrap();
        assert_eq!(back.to_string(), "75.00");
        assert!(serde_json::from_str::<Amount>("75.0e0").is_err());
        assert!(serde_json::from_str::<Amount>("\"007\"").is_err());
    }
}
