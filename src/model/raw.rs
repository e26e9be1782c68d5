//! X12 kept as data where the typed model has no field for it, so that
//! nothing is lost: whole segments ([`RawSegment`], [`OtherSegment`]) and
//! single elements ([`Extra`]).

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::text::Text;
use crate::x12::delimiters::Delimiters;

/// One element or one repetition of an element: a simple value, or the
/// components of a composite (present when the value holds the component
/// separator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Value {
    Text(Text),
    Composite(Vec<Text>),
}

impl Value {
    fn of(b: &[u8], component: u8) -> Value {
        if memchr::memchr(component, b).is_some() {
            Value::Composite(b.split(|&c| c == component).map(Text::from_bytes).collect())
        } else {
            Value::Text(Text::from_bytes(b))
        }
    }
}

/// An element: a [`Value`], or its repetitions when it holds the
/// repetition separator (`{"repeats": [...]}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Element {
    Text(Text),
    Composite(Vec<Text>),
    Repeated(Repeated),
}

/// The repetitions of a repeated element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Repeated {
    pub repeats: Vec<Value>,
}

impl Element {
    /// The element written as `b` under delimiters `d`.
    pub fn of(b: &[u8], d: &Delimiters) -> Element {
        if let Some(r) = d.repetition
            && memchr::memchr(r, b).is_some()
        {
            return Element::Repeated(Repeated {
                repeats: b
                    .split(|&c| c == r)
                    .map(|v| Value::of(v, d.component))
                    .collect(),
            });
        }
        match Value::of(b, d.component) {
            Value::Text(t) => Element::Text(t),
            Value::Composite(c) => Element::Composite(c),
        }
    }
}

/// A whole segment: its id and elements, in order. JSON: an array whose
/// first item is the id, `["K3", "STATE DATA"]`, with composites as nested
/// arrays: `["SV5", ["HC", "E0570"], "UN", "1"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSegment {
    pub id: Text,
    pub elements: Vec<Element>,
}

impl RawSegment {
    /// The segment `bytes` (without terminator) under delimiters `d`.
    pub fn of(bytes: &[u8], d: &Delimiters) -> RawSegment {
        let mut parts = bytes.split(|&b| b == d.element);
        let id = Text::from_bytes(parts.next().unwrap_or_default());
        RawSegment {
            id,
            elements: parts.map(|e| Element::of(e, d)).collect(),
        }
    }
}

impl Serialize for RawSegment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.elements.len() + 1))?;
        seq.serialize_element(&self.id)?;
        for e in &self.elements {
            seq.serialize_element(e)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for RawSegment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawSegment;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an array: the segment id, then its elements")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawSegment, A::Error> {
                let id: Text = seq
                    .next_element()?
                    .ok_or_else(|| serde::de::Error::invalid_length(0, &self))?;
                let mut elements = Vec::new();
                while let Some(e) = seq.next_element()? {
                    elements.push(e);
                }
                Ok(RawSegment { id, elements })
            }
        }
        d.deserialize_seq(V)
    }
}

impl JsonSchema for RawSegment {
    fn schema_name() -> Cow<'static, str> {
        "RawSegment".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let element = generator.subschema_for::<Element>();
        json_schema!({
            "description": "A segment as an array: its id (two or three letters or digits in well-formed X12; kept as written otherwise), then its elements (composites as arrays of components, repeated elements as {\"repeats\": [...]}).",
            "type": "array",
            "prefixItems": [{ "type": "string" }],
            "items": element,
            "minItems": 1
        })
    }
}

/// A segment the typed model does not hold, kept in the typed level it
/// belongs to.
///
/// A generator writes it back in loop `loop` (the guide's loop id such as
/// `2300`, or a wrapper: `HEADER`, `DETAIL`, `FOOTER`, `ST_LOOP`) so that it
/// is segment number `index` (0-based) of that loop instance, counting the
/// loop's own segments (not those of loops inside it). In an envelope
/// (interchange, group, document) `index` counts the groups, transaction
/// sets or interchanges before it instead, and `loop` is absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherSegment {
    #[serde(rename = "loop", default, skip_serializing_if = "Option::is_none")]
    pub loop_id: Option<Text>,
    pub index: u32,
    /// The guide has no place for the segment where it stood (validation
    /// reports it as SYN001).
    #[serde(default, skip_serializing_if = "is_false")]
    pub unexpected: bool,
    pub segment: RawSegment,
}

impl OtherSegment {
    pub(crate) fn of(
        seg: &crate::x12::tokenizer::Segment<'_>,
        loop_id: &str,
        index: u32,
        unexpected: bool,
    ) -> Self {
        OtherSegment {
            loop_id: Some(Text::new(loop_id)),
            index,
            unexpected,
            segment: RawSegment::of(seg.bytes(), &seg.delimiters),
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Elements of a typed segment that its fields do not hold (elements the
/// guide does not use, or values that are not in the field's form), by
/// element reference: `{"CLM13": "Y", "SV102": "12.5.0"}`. A generator
/// writes each in place of whatever the typed fields give that position.
/// Nearly always empty, so it is boxed: an empty one costs a null pointer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
// The box is the point: an empty `Extra` is one null pointer that drops
// for free, where an empty map is 24 bytes whose drop runs its iterator.
#[allow(clippy::box_collection)]
pub struct Extra(Option<Box<BTreeMap<Text, Element>>>);

impl Extra {
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|m| m.is_empty())
    }

    pub fn get(&self, reference: &str) -> Option<&Element> {
        self.0.as_ref()?.get(&Text::new(reference))
    }

    /// The elements, by reference.
    pub fn iter(&self) -> impl Iterator<Item = (&Text, &Element)> {
        self.0.iter().flat_map(|m| m.iter())
    }

    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |m| m.len())
    }

    pub(crate) fn insert(&mut self, reference: Text, e: Element) {
        self.0.get_or_insert_default().insert(reference, e);
    }

    pub(crate) fn append(&mut self, other: Extra) {
        if let Some(mut m) = other.0 {
            self.0.get_or_insert_default().append(&mut m);
        }
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let m = BTreeMap::<Text, Element>::deserialize(d)?;
        Ok(Extra((!m.is_empty()).then(|| Box::new(m))))
    }
}

impl JsonSchema for Extra {
    fn schema_name() -> Cow<'static, str> {
        "Extra".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let element = generator.subschema_for::<Element>();
        json_schema!({
            "description": "Elements the typed fields do not hold, by element reference (CLM13, SV102); each replaces what the typed fields give at that position.",
            "type": "object",
            "propertyNames": { "pattern": "^[A-Z0-9]{2,3}[0-9]{2,3}$" },
            "additionalProperties": element
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_segments_are_arrays_with_composites_and_repeats() {
        let d = Delimiters::default();
        let seg = RawSegment::of(b"SV5*HC:E0570*UN*1**A^B:C", &d);
        let json = serde_json::to_string(&seg).unwrap();
        assert_eq!(
            json,
            r#"["SV5",["HC","E0570"],"UN","1","",{"repeats":["A",["B","C"]]}]"#
        );
        let back: RawSegment = serde_json::from_str(&json).unwrap();
        assert_eq!(back, seg);
    }
}
