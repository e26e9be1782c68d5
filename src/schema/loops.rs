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

use std::sync::OnceLock;

use super::guide::{ElementDef, Guide, GuideId, LoopDef, Node, SegmentDef};
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

/// A loop with its children prepared for matching: segment ids packed
/// into integers and qualifier elements looked up once per guide.
#[derive(Debug)]
pub struct CompiledLoop {
    pub def: &'static LoopDef,
    children: Vec<Child>,
}

#[derive(Debug)]
struct Child {
    /// The segment that this child is (or that starts this child loop).
    key: SegmentKey,
    node: ChildNode,
}

#[derive(Debug)]
enum ChildNode {
    Segment(&'static SegmentDef),
    Loop(Box<CompiledLoop>),
}

/// What a segment must look like to match a definition.
#[derive(Debug, Clone, Copy)]
struct SegmentKey {
    id: u32,
    /// Element (1-based), component (1-based) and the codes it must hold.
    qualifier: Option<(usize, Option<usize>, &'static [String])>,
}

/// Segment ids packed into an integer; ids longer than three bytes (never
/// valid) get a value no definition has.
fn pack_id(id: &[u8]) -> u32 {
    if id.len() > 3 {
        return u32::MAX;
    }
    id.iter().fold(0, |acc, &b| (acc << 8) | u32::from(b))
}

fn codes_of(e: &ElementDef) -> Option<&[String]> {
    e.codes.as_deref().filter(|c| !c.is_empty())
}

/// The element (and component) whose codes tell a segment's uses apart:
/// HL03 for HL, else the first element when it carries codes, else the
/// first component of the first element when that carries codes.
fn qualifier(def: &SegmentDef) -> Option<(usize, Option<usize>, &[String])> {
    if def.id == "HL" {
        return def.elements.get(2).and_then(codes_of).map(|c| (3, None, c));
    }
    let first = def.elements.first()?;
    if let Some(c) = codes_of(first) {
        return Some((1, None, c));
    }
    let comp = first.components.as_ref()?.first()?;
    codes_of(comp).map(|c| (1, Some(1), c))
}

impl SegmentKey {
    fn of(def: &'static SegmentDef) -> Self {
        SegmentKey {
            id: pack_id(def.id.as_bytes()),
            qualifier: qualifier(def),
        }
    }

    #[inline]
    fn matches(&self, id: u32, seg: &Segment<'_>) -> bool {
        if self.id != id {
            return false;
        }
        let Some((n, comp, codes)) = self.qualifier else {
            return true;
        };
        let value = match comp {
            None => seg.element(n),
            Some(m) => seg.component(n, m),
        }
        .unwrap_or_default();
        codes.iter().any(|c| c.as_bytes() == value)
    }
}

impl CompiledLoop {
    fn compile(def: &'static LoopDef) -> Self {
        let children = def
            .children
            .iter()
            .filter_map(|c| match c {
                Node::Segment(sd) => Some(Child {
                    key: SegmentKey::of(sd),
                    node: ChildNode::Segment(sd),
                }),
                Node::Loop(ld) => {
                    let inner = CompiledLoop::compile(ld);
                    // A loop with no segment at all can never start.
                    inner.first_key().map(|key| Child {
                        key,
                        node: ChildNode::Loop(Box::new(inner)),
                    })
                }
            })
            .collect();
        CompiledLoop { def, children }
    }

    /// The key of the segment that starts this loop (descending into first
    /// child loops: a wrapper starts with its first loop's first segment).
    fn first_key(&self) -> Option<SegmentKey> {
        self.children.first().map(|c| c.key)
    }

    /// The compiled root loop of a guide, built once per process.
    pub fn of(guide: GuideId) -> &'static CompiledLoop {
        static CELLS: [OnceLock<CompiledLoop>; GuideId::ALL.len()] =
            [const { OnceLock::new() }; GuideId::ALL.len()];
        CELLS[guide as usize].get_or_init(|| CompiledLoop::compile(&guide.guide().root))
    }
}

#[derive(Debug)]
struct Frame {
    lp: &'static CompiledLoop,
    instance: usize,
    /// Index in `lp.children` of the last child used.
    pos: usize,
}

/// Builds the [`LoopTree`] of one transaction set, one segment at a time.
#[derive(Debug)]
pub struct LoopBuilder {
    guide: &'static Guide,
    stack: Vec<Frame>,
    tree: LoopTree,
}

impl LoopBuilder {
    pub fn new(guide: GuideId) -> Self {
        let root = CompiledLoop::of(guide);
        LoopBuilder {
            guide: guide.guide(),
            stack: vec![Frame {
                lp: root,
                instance: 0,
                pos: 0,
            }],
            tree: LoopTree {
                instances: vec![LoopInstance {
                    def: root.def,
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
        let id = pack_id(seg.id());
        for depth in (0..self.stack.len()).rev() {
            let frame = &self.stack[depth];
            let lp = frame.lp;
            // A loop's first segment starts a new instance of it (found by
            // the enclosing frame), never a repeat inside the current one.
            let from = if depth == 0 {
                frame.pos
            } else {
                frame.pos.max(1)
            };
            for (ci, child) in lp.children.iter().enumerate().skip(from) {
                if !child.key.matches(id, seg) {
                    continue;
                }
                self.stack.truncate(depth + 1);
                let frame = &mut self.stack[depth];
                frame.pos = ci;
                match &child.node {
                    ChildNode::Segment(sd) => {
                        let instance = frame.instance;
                        self.tree.placements.push(Placement {
                            instance,
                            def: Some(sd),
                        });
                    }
                    ChildNode::Loop(inner) => self.enter(inner, index),
                }
                return;
            }
        }
        // Nowhere in the guide from here: keep it in the current loop.
        let instance = self.stack.last().map_or(0, |f| f.instance);
        self.tree.placements.push(Placement {
            instance,
            def: None,
        });
    }

    /// Open `lp` (and any loops it starts with) at segment `index`.
    fn enter(&mut self, lp: &'static CompiledLoop, index: usize) {
        let parent = self.stack.last().map(|f| f.instance);
        let instance = self.tree.instances.len();
        self.tree.instances.push(LoopInstance {
            def: lp.def,
            parent,
            first_segment: index,
        });
        self.stack.push(Frame {
            lp,
            instance,
            pos: 0,
        });
        match lp.children.first().map(|c| &c.node) {
            Some(ChildNode::Loop(inner)) => self.enter(inner, index),
            Some(ChildNode::Segment(sd)) => self.tree.placements.push(Placement {
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
    use crate::x12::tokenizer::{Token, Tokenizer};

    /// (segment id, loop id) for each segment of the first set in `input`.
    fn placed(guide: GuideId, input: &[u8]) -> Vec<(String, String)> {
        let mut b = LoopBuilder::new(guide);
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
