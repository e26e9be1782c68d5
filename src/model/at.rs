//! Where a model value was read from: the position of its segment in the
//! input, so that rules working on claims can point at the segment (and
//! element) a finding is about.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::x12::tokenizer::Segment;

/// The position of the segment a value came from. Never part of the JSON
/// form (it is not claim data) and never part of equality: a claim read
/// back from a regenerated file is the same claim even though its
/// segments moved. A value built in code (from JSON or CSV) has
/// [`At::NOWHERE`].
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema)]
pub struct At {
    /// 0-based ordinal of the segment in the input (as in
    /// `Finding::segment_index`); `u64::MAX` for a value not read from a
    /// file.
    pub segment_index: u64,
    /// Byte offset of the segment's first byte.
    pub byte_offset: u64,
    /// 1-based line of the segment's first byte.
    pub line: u64,
}

impl At {
    /// The position of a value that was not read from a file.
    pub const NOWHERE: At = At {
        segment_index: u64::MAX,
        byte_offset: 0,
        line: 0,
    };

    /// The position of `seg`.
    #[inline]
    pub fn of(seg: &Segment<'_>) -> At {
        At {
            segment_index: seg.index,
            byte_offset: seg.offset,
            line: seg.line,
        }
    }

    /// Whether the value was read from a file.
    pub fn is_known(&self) -> bool {
        self.segment_index != u64::MAX
    }
}

impl Default for At {
    fn default() -> At {
        At::NOWHERE
    }
}

/// Positions never make two values differ.
impl PartialEq for At {
    fn eq(&self, _: &At) -> bool {
        true
    }
}

impl Eq for At {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_do_not_take_part_in_equality() {
        let a = At {
            segment_index: 3,
            byte_offset: 120,
            line: 4,
        };
        assert_eq!(a, At::NOWHERE);
        assert!(a.is_known());
        assert!(!At::NOWHERE.is_known());
        assert!(!At::default().is_known());
        assert!(
            At {
                segment_index: 0,
                byte_offset: 0,
                line: 1
            }
            .is_known()
        );
    }
}
