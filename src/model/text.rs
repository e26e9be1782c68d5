//! [`Text`]: an element value as written in the X12, without padding
//! removed or case changed.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use compact_str::CompactString;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// A string value from the X12. Values up to 24 bytes (nearly all codes,
/// ids, dates and names) are stored inline, so building a model allocates
/// little. Bytes that are not UTF-8 are replaced by U+FFFD (validation
/// reports them as SYN010).
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(CompactString);

impl Text {
    pub fn new(s: &str) -> Self {
        Text(CompactString::new(s))
    }

    /// The value of element bytes.
    pub fn from_bytes(b: &[u8]) -> Self {
        match std::str::from_utf8(b) {
            Ok(s) => Text(CompactString::new(s)),
            Err(_) => Text(CompactString::new(String::from_utf8_lossy(b))),
        }
    }

    /// The value of element bytes known to be ASCII (checked once per
    /// segment, so that each value skips the UTF-8 check).
    #[inline]
    pub(crate) fn from_ascii(b: &[u8]) -> Self {
        debug_assert!(b.is_ascii());
        // SAFETY: the caller checked that `b` is ASCII, and ASCII is UTF-8.
        Text(CompactString::new(unsafe {
            std::str::from_utf8_unchecked(b)
        }))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<[u8]> for Text {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::new(s)
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.0.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string" })
    }
}
