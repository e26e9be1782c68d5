//! Segment stream -> loop tree, by the implementation guide.
//!
//! [`LoopBuilder`] places each segment of one transaction set (ST..SE) in a
//! loop instance of its guide: the 2000A billing provider, the 2300 claim,
//! the 2400 line and so on. A segment starts a loop when it is the loop's
//! first segment with one of its qualifier codes (NM1*85 vs NM1*87, HL03 20
//! vs 22); otherwise it belongs to the innermost open loop that lists it
//! at or after the last position used, or to an enclosing one (which
//! closes the loops inside). A segment that fits nowhere is kept, placed in
//! the current loop with no definition, and the builder carries on.
//!
//! The builder judges nothing: usage, repeats and element checks are the
//! SYN rules' job, from the tree.

use super::guide::{ElementDef, Guide, LoopDef, Node, SegmentDef};
use crate::x12::tokenizer::Segment;

/// One instance of a loop in a transaction set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopInstance {
    pub def: &'static LoopDef,
    /// Index of the enclosing instance; `None` for the transaction set.
    pub parent: Option<usize>,
    /// Position in the set (0 = ST) of the segment that started it.
    pub first_segment: usize,
}

/// Where one segment went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The loop instance it belongs to.
    pub instance: usize,
    /// Its definition; `None` when the guide has no place for it here.
    pub def: Option<&'static SegmentDef>,
}

/// A transaction set's loops and where each of its segments went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoopTree {
    pub instances: Vec<LoopInstance>,
    /// One per segment, in order (0 = ST).
    pub placements: Vec<Placement>,
}

impl LoopTree {
    /// The guide loop id a segment sits in (the innermost non-wrapper
    /// loop), e.g. `2300`; `None` in the header/trailer of the set.
    pub fn loop_id(&self, segment: usize) -> Option<&'static str> {
        let mut at = Some(self.placements.get(segment)?.instance);
        while let Some(i) = at {
            let inst = &self.instances[i];
            if !inst.def.wrapper {
                return Some(inst.def.id.as_str());
            }
            at = inst.parent;
        }
        None
    }
}

#[derive(Debug)]
struct Frame {
    def: &'static LoopDef,
    instance: usize,
    /// Index in `def.children` of the last child used.
    pos: usize,
}

/// Builds the [`LoopTree`] of one transaction set, one segment at a time.
#[derive(Debug)]
pub struct LoopBuilder {
    guide: &'static Guide,
    stack: Vec<Frame>,
    tree: LoopTree,
}

/// The element (and component) whose codes tell a segment's uses apart:
/// HL03 for HL, else the first element when it carries codes, else the
/// first component of the first element when that carries codes.
fn codes_of(e: &ElementDef) -> Option<&[String]> {
    e.codes.as_deref().filter(|c| !c.is_empty())
}

fn qualifier(def: &SegmentDef) -> Option<(usize, Option<usize>, &[String])> {
    let codes = codes_of;
    if def.id == "HL" {
        return def.elements.get(2).and_then(codes).map(|c| (3, None, c));
    }
    let first = def.elements.first()?;
    if let Some(c) = codes(first) {
        return Some((1, None, c));
    }
    let comp = first.components.as_ref()?.first()?;
    codes(comp).map(|c| (1, Some(1), c))
}

fn segment_matches(def: &SegmentDef, seg: &Segment<'_>) -> bool {
    if def.id.as_bytes() != seg.id() {
        return false;
    }
    match qualifier(def) {
        None => true,
        Some((n, comp, codes)) => {
            let value = match comp {
                None => seg.element(n),
                Some(m) => seg.component(n, m),
            };
            let value = value.unwrap_or_default();
            codes.iter().any(|c| c.as_bytes() == value)
        }
    }
}

/// The segment definition that starts `def` (descending into first child
/// loops: a wrapper starts with its first loop's first segment).
fn first_segment(def: &LoopDef) -> Option<&SegmentDef> {
    match def.children.first()? {
        Node::Segment(s) => Some(s),
        Node::Loop(l) => first_segment(l),
    }
}

impl LoopBuilder {
    pub fn new(guide: &'static Guide) -> Self {
        let root = &guide.root;
        LoopBuilder {
            guide,
            stack: vec![Frame {
                def: root,
                instance: 0,
                pos: 0,
            }],
            tree: LoopTree {
                instances: vec![LoopInstance {
                    def: root,
                    parent: None,
                    first_segment: 0,
                }],
                placements: Vec::new(),
            },
        }
    }

    pub fn guide(&self) -> &'static Guide {
        self.guide
    }

    /// Place the next segment of the set.
    pub fn push(&mut self, seg: &Segment<'_>) {
        let index = self.tree.placements.len();
        for depth in (0..self.stack.len()).rev() {
            let frame = &self.stack[depth];
            let def = frame.def;
            // A loop's first segment starts a new instance of it (found by
            // the enclosing frame), never a repeat inside the current one.
            let from = if depth == 0 {
                frame.pos
            } else {
                frame.pos.max(1)
            };
            for (ci, child) in def.children.iter().enumerate().skip(from) {
                match child {
                    Node::Segment(sd) if segment_matches(sd, seg) => {
                        self.stack.truncate(depth + 1);
                        let frame = &mut self.stack[depth];
                        frame.pos = ci;
                        let instance = frame.instance;
                        self.tree.placements.push(Placement {
                            instance,
                            def: Some(sd),
                        });
                        return;
                    }
                    Node::Loop(ld)
                        if first_segment(ld).is_some_and(|f| segment_matches(f, seg)) =>
                    {
                        self.stack.truncate(depth + 1);
                        self.stack[depth].pos = ci;
                        self.enter(ld, index);
                        return;
                    }
                    _ => {}
                }
            }
        }
        // Nowhere in the guide from here: keep it in the current loop.
        let instance = self.stack.last().map_or(0, |f| f.instance);
        self.tree.placements.push(Placement {
            instance,
            def: None,
        });
    }

    /// Open `def` (and any loops it starts with) at segment `index`.
    fn enter(&mut self, def: &'static LoopDef, index: usize) {
        let parent = self.stack.last().map(|f| f.instance);
        let instance = self.tree.instances.len();
        self.tree.instances.push(LoopInstance {
            def,
            parent,
            first_segment: index,
        });
        self.stack.push(Frame {
            def,
            instance,
            pos: 0,
        });
        match def.children.first() {
            Some(Node::Loop(inner)) => self.enter(inner, index),
            Some(Node::Segment(sd)) => self.tree.placements.push(Placement {
                instance,
                def: Some(sd),
            }),
            None => {}
        }
    }

    pub fn finish(self) -> LoopTree {
        self.tree
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::guide::GuideId;
    use crate::x12::tokenizer::{Token, Tokenizer};

    /// (segment id, loop id) for each segment of the first set in `input`.
    fn placed(guide: GuideId, input: &[u8]) -> Vec<(String, String)> {
        let mut b = LoopBuilder::new(guide.guide());
        let mut ids = Vec::new();
        let mut inside = false;
        for t in Tokenizer::new(input) {
            let Token::Segment(s) = t else { continue };
            if s.id() == b"ST" {
                inside = true;
            }
            if inside {
                b.push(&s);
                ids.push(String::from_utf8_lossy(s.id()).into_owned());
            }
            if s.id() == b"SE" {
                break;
            }
        }
        let tree = b.finish();
        ids.into_iter()
            .enumerate()
            .map(|(i, id)| {
                let unplaced = tree.placements[i].def.is_none();
                let l = tree.loop_id(i).unwrap_or("-");
                (
                    id,
                    if unplaced {
                        format!("?{l}")
                    } else {
                        l.to_string()
                    },
                )
            })
            .collect()
    }

    #[test]
    fn professional_claim_segments_land_in_their_loops() {
        let input = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/env/ok_837p.x12"
        ))
        .unwrap();
        let got = placed(GuideId::X222A1, &input);
        let want = [
            ("ST", "-"),
            ("BHT", "-"),
            ("NM1", "1000A"),
            ("PER", "1000A"),
            ("NM1", "1000B"),
            ("HL", "2000A"),
            ("NM1", "2010AA"),
            ("N3", "2010AA"),
            ("N4", "2010AA"),
            ("REF", "2010AA"),
            ("HL", "2000B"),
            ("SBR", "2000B"),
            ("NM1", "2010BA"),
            ("N3", "2010BA"),
            ("N4", "2010BA"),
            ("DMG", "2010BA"),
            ("NM1", "2010BB"),
            ("CLM", "2300"),
            ("HI", "2300"),
            ("LX", "2400"),
            ("SV1", "2400"),
            ("DTP", "2400"),
            ("REF", "2400"),
            ("SE", "-"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn remittance_segments_land_in_their_loops() {
        let input = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/env/ok_835.x12"
        ))
        .unwrap();
        let got = placed(GuideId::X221A1, &input);
        let loops: Vec<&str> = got.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            loops,
            [
                "-", "-", "-", "-", "1000A", "1000A", "1000A", "1000A", "1000B", "2000", "2100",
                "2100", "2110", "2110", "2110", "2110", "-"
            ]
        );
    }

    #[test]
    fn a_segment_with_no_place_is_kept_and_the_builder_goes_on() {
        let input = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/env/ok_837p.x12"
        ))
        .unwrap();
        let text = String::from_utf8(input)
            .unwrap()
            .replace("HI*ABK:F331~", "HI*ABK:F331~ZZZ*1~");
        let got = placed(GuideId::X222A1, text.as_bytes());
        assert!(
            got.contains(&("ZZZ".to_string(), "?2300".to_string())),
            "{got:?}"
        );
        assert!(
            got.contains(&("SV1".to_string(), "2400".to_string())),
            "{got:?}"
        );
    }
}
