//! X12 syntax without health-care knowledge: delimiters, segments,
//! envelopes.

pub mod delimiters;
pub mod envelope;
pub mod recent;
pub mod segment_at;
pub mod tokenizer;
pub mod writer;
