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

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::elements::{CodeSet, SegmentSpec, pack_code};
use super::guide::{ElementDef, Guide, GuideId, LoopDef, Node, SegmentDef, Usage};
use crate::prefetch::prefetch;
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

/// A guide prepared for walking: its compiled root loop and every segment
/// id it defines anywhere.
#[derive(Debug)]
pub struct CompiledGuide {
    pub id: GuideId,
    pub root: CompiledLoop,
    /// Packed ids of every segment the guide defines, sorted: a segment
    /// id's place here is its dense number.
    ids: Vec<u32>,
    /// Open-addressing table from packed id to dense number, so that a
    /// push finds it with a multiply and a probe or two.
    dense: Vec<(u32, u16)>,
    /// By dense number: where the definitions of that id read the
    /// qualifier that tells them apart.
    qualifier_at: Vec<QualifierAt>,
}

/// Where a segment id's definitions, across the whole guide, read their
/// qualifier. Where a segment goes is a function of the walker's state,
/// its id and that one value, which lets [`LoopWalker`] remember it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QualifierAt {
    /// No definition has one: the id alone decides.
    Nowhere,
    /// Every definition that has one reads it at this element and
    /// component (both 1-based; component 0 is the whole element).
    At(u8, u8),
    /// Definitions read it at different places: not remembered.
    Mixed,
}

/// Slots of [`CompiledGuide::dense`]: a power of two, at least twice the
/// number of segment ids any guide defines.
const DENSE_SLOTS: usize = 512;

#[inline]
fn dense_slot(id: u32) -> usize {
    (id.wrapping_mul(0x9e37_79b1) >> 23) as usize % DENSE_SLOTS
}

impl CompiledGuide {
    /// The compiled guide, built once per process.
    pub fn of(guide: GuideId) -> &'static CompiledGuide {
        static CELLS: [OnceLock<CompiledGuide>; GuideId::ALL.len()] =
            [const { OnceLock::new() }; GuideId::ALL.len()];
        CELLS[guide as usize].get_or_init(|| {
            let mut root = CompiledLoop::compile(&guide.guide().root);
            let mut ids = Vec::new();
            root.collect_ids(&mut ids);
            ids.sort_unstable();
            ids.dedup();
            assert!(
                ids.len() * 2 <= DENSE_SLOTS,
                "guide defines too many segment ids"
            );
            let mut dense = vec![(0u32, 0u16); DENSE_SLOTS];
            for (n, &id) in ids.iter().enumerate() {
                let mut i = dense_slot(id);
                while dense[i].0 != 0 {
                    i = (i + 1) % DENSE_SLOTS;
                }
                dense[i] = (id, n as u16);
            }
            root.index_dense(&ids);
            root.class_specs(&mut HashMap::new());
            let mut qualifier_at = vec![QualifierAt::Nowhere; ids.len()];
            root.note_qualifiers(&ids, &mut qualifier_at);
            CompiledGuide {
                id: guide,
                root,
                ids,
                dense,
                qualifier_at,
            }
        })
    }

    /// Whether the guide defines a segment with this id anywhere.
    pub fn defines(&self, id: &[u8]) -> bool {
        self.ids.binary_search(&pack_id(id)).is_ok()
    }

    /// The dense number of a packed segment id, if the guide defines it.
    #[inline]
    fn dense_of(&self, id: u32) -> Option<usize> {
        if id == 0 {
            return None;
        }
        let mut i = dense_slot(id);
        loop {
            let (key, n) = self.dense[i];
            if key == id {
                return Some(usize::from(n));
            }
            if key == 0 {
                return None;
            }
            i = (i + 1) % DENSE_SLOTS;
        }
    }
}

/// A loop with its children prepared for matching: segment ids packed
/// into integers and qualifier elements looked up once per guide.
#[derive(Debug)]
pub struct CompiledLoop {
    pub def: &'static LoopDef,
    children: Vec<Child>,
    /// For each segment id among the children (sorted by packed id), the
    /// indices of the children it can match, ascending: a push looks up
    /// its id instead of trying every child.
    by_id: Vec<(u32, u16, u16)>,
    /// `by_id` by the guide's dense segment number: (start, len) in
    /// `candidates`, len 0 when no child has that id.
    by_dense: Vec<(u16, u16)>,
    /// The child indices `by_id` ranges point into.
    candidates: Vec<u16>,
    /// The children's keys, apart from the children for a compact scan.
    keys: Vec<SegmentKey>,
    /// Indices of the required children, ascending.
    required: Vec<u16>,
}

#[derive(Debug)]
struct Child {
    /// The segment that this child is (or that starts this child loop).
    key: SegmentKey,
    node: ChildNode,
    usage: Usage,
    max_repeat: Option<u32>,
}

#[derive(Debug)]
enum ChildNode {
    Segment(Box<SegmentSpec>),
    Loop(Box<CompiledLoop>),
}

/// What a segment must look like to match a definition. Kept to 16
/// bytes: keys are scanned on every push.
#[derive(Debug, Clone, Copy)]
struct SegmentKey {
    id: u32,
    /// Element (1-based) holding the qualifier; 0 when there is none.
    element: u8,
    /// Component (1-based) of that element; 0 for the whole element.
    component: u8,
    /// The codes the qualifier must hold.
    codes: Option<&'static CodeSet>,
}

/// The first element of a segment (empty when it has none). Most are a
/// few bytes, so a word at a time or a plain loop beats a memchr call.
#[inline]
fn first_element<'a>(seg: &Segment<'a>) -> &'a [u8] {
    let bytes = seg.bytes();
    let start = seg.id().len() + 1;
    if start > bytes.len() {
        return &[];
    }
    if let Some((separators, _)) = seg.element_masks()
        && start < 64
    {
        // A short segment (nearly all): the next separator from its mask.
        // A short one was a byte loop below (`LX*1`, `HL*1**20*1`).
        let after = separators >> start;
        let end = if after == 0 {
            bytes.len()
        } else {
            start + after.trailing_zeros() as usize
        };
        return &bytes[start..end];
    }
    let sep = seg.delimiters.element;
    if let Some(chunk) = bytes.get(start..start + 8) {
        // Eight bytes at once (a qualifier is a few bytes): the lowest
        // byte equal to the separator, by the zero-byte bit trick, whose
        // lowest hit is exact.
        let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let x = w ^ (u64::from(sep) * 0x0101_0101_0101_0101);
        let hits = x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080;
        if hits != 0 {
            return &bytes[start..start + (hits.trailing_zeros() / 8) as usize];
        }
    }
    let end = bytes[start..]
        .iter()
        .position(|&b| b == sep)
        .map_or(bytes.len(), |p| start + p);
    &bytes[start..end]
}

/// Segment ids packed into an integer, with their length, so that no two
/// ids share a value (a NUL byte before `N3` is not `N3`: a placed
/// segment's id is one of the guide's); ids longer than three bytes
/// (never valid) get a value no definition has.
fn pack_id(id: &[u8]) -> u32 {
    if id.len() > 3 {
        return u32::MAX;
    }
    id.iter().fold(0, |acc, &b| (acc << 8) | u32::from(b)) | ((id.len() as u32) << 24)
}

fn codes_of(e: &'static ElementDef) -> Option<&'static [String]> {
    e.codes.as_deref().filter(|c| !c.is_empty())
}

/// The element (and component) whose codes tell a segment's uses apart:
/// HL03 for HL, else the first element when it carries codes, else the
/// first component of the first element when that carries codes.
fn qualifier(def: &'static SegmentDef) -> Option<(usize, Option<usize>, &'static [String])> {
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
        let q = qualifier(def);
        SegmentKey {
            id: pack_id(def.id.as_bytes()),
            element: q.map_or(0, |(n, _, _)| n as u8),
            component: q.and_then(|(_, m, _)| m).map_or(0, |m| m as u8),
            // Compiled guides live for the whole process (one per guide,
            // built once), so their code sets may too.
            codes: q.map(|(_, _, codes)| &*Box::leak(Box::new(CodeSet::new(codes)))),
        }
    }

    /// Whether `seg` (whose id packs to `id` and whose first element is
    /// `first`) matches.
    #[inline]
    fn matches(&self, id: u32, seg: &Segment<'_>, first: &[u8]) -> bool {
        if self.id != id {
            return false;
        }
        let Some(codes) = self.codes else {
            return true;
        };
        codes.contains(qualifier_value(self.element, self.component, seg, first))
    }
}

/// The value at element `n` and component `m` (1-based; `m` 0 for the
/// whole element) of `seg`, whose first element is `first`; empty when
/// absent.
#[inline]
fn qualifier_value<'a>(n: u8, m: u8, seg: &Segment<'a>, first: &'a [u8]) -> &'a [u8] {
    match (usize::from(n), usize::from(m)) {
        (1, 0) => first,
        (1, m) => first
            .split(|&b| b == seg.delimiters.component)
            .nth(m - 1)
            .unwrap_or_default(),
        (n, 0) => seg.element(n).unwrap_or_default(),
        (n, m) => seg.component(n, m).unwrap_or_default(),
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
                    node: ChildNode::Segment(Box::new(SegmentSpec::compile(sd))),
                    usage: sd.usage,
                    max_repeat: sd.max_repeat,
                }),
                Node::Loop(ld) => {
                    let inner = CompiledLoop::compile(ld);
                    // A loop with no segment at all can never start.
                    inner.first_key().map(|key| Child {
                        key,
                        node: ChildNode::Loop(Box::new(inner)),
                        usage: ld.usage,
                        max_repeat: ld.max_repeat,
                    })
                }
            })
            .collect::<Vec<Child>>();
        let keys: Vec<SegmentKey> = children.iter().map(|c| c.key).collect();
        let mut ids: Vec<u32> = keys.iter().map(|k| k.id).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut by_id = Vec::with_capacity(ids.len());
        let mut candidates = Vec::with_capacity(keys.len());
        for id in ids {
            let start = candidates.len() as u16;
            candidates.extend(
                (0..keys.len())
                    .filter(|&i| keys[i].id == id)
                    .map(|i| i as u16),
            );
            by_id.push((id, start, candidates.len() as u16 - start));
        }
        let required = (0..children.len())
            .filter(|&i| children[i].usage == Usage::Required)
            .map(|i| i as u16)
            .collect();
        CompiledLoop {
            def,
            children,
            by_id,
            by_dense: Vec::new(),
            candidates,
            keys,
            required,
        }
    }

    /// Fill `by_dense` here and in every loop inside, once the guide's
    /// segment ids (sorted: their dense numbers) are known.
    fn index_dense(&mut self, ids: &[u32]) {
        self.by_dense = ids
            .iter()
            .map(|id| match self.by_id.binary_search_by_key(id, |e| e.0) {
                Ok(at) => (self.by_id[at].1, self.by_id[at].2),
                Err(_) => (0, 0),
            })
            .collect();
        for c in &mut self.children {
            if let ChildNode::Loop(inner) = &mut c.node {
                inner.index_dense(ids);
            }
        }
    }

    /// The first child at index `from` or later that `seg` matches; `id`
    /// is its packed id and `dense` the guide's number for it.
    #[inline]
    fn find_child(
        &self,
        from: usize,
        id: u32,
        dense: usize,
        seg: &Segment<'_>,
        first: &[u8],
    ) -> Option<usize> {
        // Files mostly go child by child: try the next two first.
        let near = (from + 2).min(self.keys.len());
        if let Some(i) = (from..near).find(|&i| self.keys[i].matches(id, seg, first)) {
            return Some(i);
        }
        let from = near;
        let (start, len) = self.by_dense[dense];
        let start = usize::from(start);
        self.candidates[start..start + usize::from(len)]
            .iter()
            .map(|&i| usize::from(i))
            .filter(|&i| i >= from)
            .find(|&i| self.keys[i].matches(id, seg, first))
    }

    /// The key of the segment that starts this loop (descending into first
    /// child loops: a wrapper starts with its first loop's first segment).
    fn first_key(&self) -> Option<SegmentKey> {
        self.children.first().map(|c| c.key)
    }

    /// The definition of the segment that starts this loop.
    pub fn first_segment(&self) -> Option<&'static SegmentDef> {
        match &self.children.first()?.node {
            ChildNode::Segment(spec) => Some(spec.def),
            ChildNode::Loop(inner) => inner.first_segment(),
        }
    }

    /// Merge where this loop's keys (and those of the loops inside) read
    /// their qualifiers into `at`, by dense number.
    fn note_qualifiers(&self, ids: &[u32], at: &mut [QualifierAt]) {
        for c in &self.children {
            if c.key.codes.is_some()
                && let Ok(n) = ids.binary_search(&c.key.id)
            {
                let here = QualifierAt::At(c.key.element, c.key.component);
                at[n] = match at[n] {
                    QualifierAt::Nowhere => here,
                    seen if seen == here => here,
                    _ => QualifierAt::Mixed,
                };
            }
            if let ChildNode::Loop(inner) = &c.node {
                inner.note_qualifiers(ids, at);
            }
        }
    }

    /// Give every segment definition its [`SegmentSpec::checked_as`]:
    /// the class of an earlier one with the same id, elements and syntax
    /// notes in `seen` (by segment id), or a new class, unique in the
    /// process.
    fn class_specs(&mut self, seen: &mut HashMap<&'static str, Vec<(&'static SegmentDef, usize)>>) {
        static NEXT: AtomicUsize = AtomicUsize::new(1);
        for c in &mut self.children {
            match &mut c.node {
                ChildNode::Segment(spec) => {
                    let def = spec.def;
                    let same_id = seen.entry(def.id.as_str()).or_default();
                    let same = same_id
                        .iter()
                        .find(|(d, _)| d.elements == def.elements && d.syntax == def.syntax);
                    spec.checked_as = match same {
                        Some(&(_, class)) => class,
                        None => {
                            let class = NEXT.fetch_add(1, Ordering::Relaxed);
                            same_id.push((def, class));
                            class
                        }
                    };
                }
                ChildNode::Loop(inner) => inner.class_specs(seen),
            }
        }
    }

    fn collect_ids(&self, out: &mut Vec<u32>) {
        for c in &self.children {
            match &c.node {
                ChildNode::Segment(_) => out.push(c.key.id),
                ChildNode::Loop(inner) => inner.collect_ids(out),
            }
        }
    }
}

/// Something the guide requires that a loop instance lacks, or has too
/// often. The walker reports these; the SYN rules word them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructureIssue {
    /// A required segment, or a required loop (`loop_def` set, `segment`
    /// its first segment), that did not occur in an instance of `parent`.
    Missing {
        parent: &'static LoopDef,
        segment: &'static SegmentDef,
        loop_def: Option<&'static LoopDef>,
    },
    /// The segment just pushed is occurrence `count` of a segment the
    /// guide allows `max` times in its loop.
    SegmentRepeat {
        def: &'static SegmentDef,
        count: u32,
        max: u32,
    },
    /// The loop the segment just pushed starts is occurrence `count` of a
    /// loop the guide allows `max` times.
    LoopRepeat {
        def: &'static LoopDef,
        count: u32,
        max: u32,
    },
}

#[derive(Debug)]
struct Frame {
    lp: &'static CompiledLoop,
    instance: usize,
    /// Index in `lp.children` of the last child used.
    pos: usize,
    /// Where this instance's occurrence counts (one per child) start in
    /// the walker's `counts`.
    base: usize,
}

/// Where [`LoopWalker::push`] put a segment.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    /// The segment's definition; `None` when it has no place here.
    pub spec: Option<&'static SegmentSpec>,
    /// The loop instance it belongs to.
    pub instance: usize,
}

/// Walks one transaction set segment by segment, keeping only the open
/// loops: memory does not grow with the set. Structural issues are
/// collected in [`LoopWalker::issues`] for the caller to drain.
#[derive(Debug)]
pub struct LoopWalker {
    guide: &'static CompiledGuide,
    stack: Vec<Frame>,
    instances: usize,
    /// Loop instances opened by the last push: (instance, def, parent).
    pub opened: Vec<(usize, &'static LoopDef, Option<usize>)>,
    /// Issues found by the last push (or by `finish`).
    pub issues: Vec<StructureIssue>,
    /// Occurrences of each child of each open loop instance, the frames'
    /// runs end to end: opening a loop only appends zeros.
    counts: Vec<u32>,
    /// [`LoopWalker::loop_id`], updated when loops open or close.
    loop_id: Option<&'static str>,
    /// Where recent pushes went, to skip the search next time.
    places: Places,
}

/// Where a push went, by what decides it: the innermost open loop and its
/// position (which fix every enclosing frame: each one's position is the
/// loop open inside it), the segment id and its qualifier value. Most
/// segments of a file repeat a few hundred such cases, and the search
/// through the frames, with its qualifier lookups, was the walker's main
/// cost. Direct-mapped; a hit compares the whole key.
#[derive(Debug)]
struct Places {
    /// A fixed number, so that indexing by `% PLACE_SLOTS` needs no bounds
    /// check.
    slots: Box<[PlaceSlot; PLACE_SLOTS]>,
    /// The slot the last push used, to note which one followed it.
    last: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PlaceKey {
    top: usize,
    pos: u32,
    id: u32,
    /// The qualifier value, packed by [`pack_code`] (0 when the id alone
    /// decides).
    value: u64,
}

#[derive(Debug, Clone, Copy)]
struct PlaceSlot {
    key: PlaceKey,
    /// The frame and child the search found; `None` when the segment has
    /// no place.
    found: Option<(u16, u16)>,
    /// The slot the push after this one used last time. Segments follow
    /// one another in the same few patterns, so this is where the next
    /// push most likely looks: its line is fetched ahead (the look came
    /// too late to hide the wait when the table had left the first-level
    /// cache, as it does while a claim's rules run).
    next: u16,
}

const PLACE_SLOTS: usize = 512;

impl Places {
    fn new() -> Self {
        Places {
            slots: Box::new(
                [PlaceSlot {
                    // No loop lives at address 0: never a hit.
                    key: PlaceKey {
                        top: 0,
                        pos: 0,
                        id: 0,
                        value: 0,
                    },
                    found: None,
                    next: 0,
                }; PLACE_SLOTS],
            ),
            last: 0,
        }
    }

    #[inline]
    fn slot(key: &PlaceKey) -> usize {
        let h = (key.top as u64 ^ u64::from(key.pos).rotate_left(32) ^ u64::from(key.id))
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            ^ key.value.wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        (h >> 40) as usize % PLACE_SLOTS
    }
}

impl LoopWalker {
    pub fn new(guide: GuideId) -> Self {
        let compiled = CompiledGuide::of(guide);
        let root = &compiled.root;
        LoopWalker {
            guide: compiled,
            stack: vec![Frame {
                lp: root,
                instance: 0,
                pos: 0,
                base: 0,
            }],
            instances: 1,
            opened: Vec::new(),
            issues: Vec::new(),
            counts: vec![0; root.children.len()],
            loop_id: None,
            places: Places::new(),
        }
    }

    pub fn guide(&self) -> &'static CompiledGuide {
        self.guide
    }

    /// The guide loop id of the innermost open loop that is not a wrapper
    /// (`2300`); `None` in the header or trailer of the set.
    #[inline]
    pub fn loop_id(&self) -> Option<&'static str> {
        self.loop_id
    }

    fn find_loop_id(&self) -> Option<&'static str> {
        self.stack
            .iter()
            .rev()
            .find(|f| !f.lp.def.wrapper && f.instance != 0)
            .map(|f| f.lp.def.id.as_str())
    }

    /// Number of open loops (the set itself included).
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Where a segment that fits nowhere would have been expected: true
    /// when an open loop defines it at an earlier position (it is out of
    /// sequence rather than foreign to this place).
    pub fn defined_earlier(&self, seg: &Segment<'_>) -> bool {
        let id = pack_id(seg.id());
        let first = seg.element(1).unwrap_or_default();
        self.stack.iter().any(|f| {
            f.lp.children[..f.pos.min(f.lp.children.len())]
                .iter()
                .any(|c| c.key.matches(id, seg, first))
        })
    }

    /// Place the next segment of the set.
    pub fn push(&mut self, seg: &Segment<'_>) -> Step {
        self.opened.clear();
        self.issues.clear();
        let id = pack_id(seg.id());
        let Some(dense) = self.guide.dense_of(id) else {
            // A segment id the guide has nowhere.
            return self.unplaced();
        };
        let first = first_element(seg);
        let found = match self.place_key(id, dense, seg, first) {
            Some(key) => {
                let i = Places::slot(&key);
                let last = std::mem::replace(&mut self.places.last, i);
                self.places.slots[last % PLACE_SLOTS].next = i as u16;
                let slot = &self.places.slots[i];
                let next = slot.next;
                let hit = (slot.key == key).then_some(slot.found);
                prefetch(&self.places.slots[usize::from(next) % PLACE_SLOTS]);
                match hit {
                    Some(found) => found.map(|(d, c)| (usize::from(d), usize::from(c))),
                    None => {
                        let found = self.search(id, dense, seg, first);
                        self.places.slots[i] = PlaceSlot {
                            key,
                            found: found.map(|(d, c)| (d as u16, c as u16)),
                            next,
                        };
                        found
                    }
                }
            }
            None => self.search(id, dense, seg, first),
        };
        match found {
            Some((depth, ci)) => self.place(depth, ci),
            // Nowhere in the guide from here: keep it in the current loop.
            None => self.unplaced(),
        }
    }

    fn unplaced(&self) -> Step {
        Step {
            spec: None,
            instance: self.stack.last().map_or(0, |f| f.instance),
        }
    }

    /// What decides where `seg` goes, when it can be remembered.
    #[inline]
    fn place_key(
        &self,
        id: u32,
        dense: usize,
        seg: &Segment<'_>,
        first: &[u8],
    ) -> Option<PlaceKey> {
        let top = self.stack.last()?;
        let value = match self.guide.qualifier_at[dense] {
            QualifierAt::Nowhere => 0,
            QualifierAt::At(n, m) => pack_code(qualifier_value(n, m, seg, first))?,
            QualifierAt::Mixed => return None,
        };
        // Frames and children are counted in u16 in the memo.
        (self.stack.len() <= usize::from(u16::MAX)).then_some(PlaceKey {
            top: std::ptr::from_ref(top.lp) as usize,
            pos: u32::try_from(top.pos).ok()?,
            id,
            value,
        })
    }

    /// The open frame (by depth) and child of its loop that `seg` is,
    /// trying the innermost loop first.
    fn search(
        &self,
        id: u32,
        dense: usize,
        seg: &Segment<'_>,
        first: &[u8],
    ) -> Option<(usize, usize)> {
        (0..self.stack.len()).rev().find_map(|depth| {
            let frame = &self.stack[depth];
            // A loop's first segment starts a new instance of it (found by
            // the enclosing frame), never a repeat inside the current one.
            let from = if depth == 0 {
                frame.pos
            } else {
                frame.pos.max(1)
            };
            frame
                .lp
                .find_child(from, id, dense, seg, first)
                .map(|ci| (depth, ci))
        })
    }

    /// Put the segment at child `ci` of the frame at `depth`: close the
    /// loops inside it, count the child, and open it if it is a loop.
    fn place(&mut self, depth: usize, ci: usize) -> Step {
        let lp = self.stack[depth].lp;
        let closes = self.stack.len() > depth + 1;
        while self.stack.len() > depth + 1 {
            self.close_top();
        }
        self.advance(ci);
        let frame = self.stack.last_mut().expect("a frame is open");
        let child = &lp.children[ci];
        let step = match &child.node {
            ChildNode::Segment(spec) => Step {
                spec: Some(spec),
                instance: frame.instance,
            },
            ChildNode::Loop(inner) => self.enter(inner),
        };
        if closes || !self.opened.is_empty() {
            self.loop_id = self.find_loop_id();
        }
        step
    }

    /// Use child `ci` of the top frame: report the required children it
    /// skips over, count it, and report it when it repeats too often.
    fn advance(&mut self, ci: usize) {
        let frame = self.stack.last_mut().expect("a frame is open");
        let lp = frame.lp;
        let counts = &mut self.counts[frame.base..];
        let skipped_from = if counts[frame.pos] == 0 {
            frame.pos
        } else {
            frame.pos + 1
        };
        if skipped_from < ci {
            let from = lp
                .required
                .partition_point(|&i| usize::from(i) < skipped_from);
            for &i in &lp.required[from..] {
                let i = usize::from(i);
                if i >= ci {
                    break;
                }
                if counts[i] == 0 {
                    self.issues.push(missing(lp.def, &lp.children[i]));
                }
            }
        }
        frame.pos = ci;
        counts[ci] += 1;
        let count = counts[ci];
        let child = &lp.children[ci];
        if let Some(max) = child.max_repeat
            && count > max
        {
            self.issues.push(match &child.node {
                ChildNode::Segment(spec) => StructureIssue::SegmentRepeat {
                    def: spec.def,
                    count,
                    max,
                },
                ChildNode::Loop(inner) => StructureIssue::LoopRepeat {
                    def: inner.def,
                    count,
                    max,
                },
            });
        }
    }

    /// Open `lp` (and any loops it starts with); returns where the
    /// segment that opened it went.
    fn enter(&mut self, lp: &'static CompiledLoop) -> Step {
        let parent = self.stack.last().map(|f| f.instance);
        let instance = self.instances;
        self.instances += 1;
        self.opened.push((instance, lp.def, parent));
        let base = self.counts.len();
        self.counts.resize(base + lp.children.len(), 0);
        if let Some(first) = self.counts.get_mut(base) {
            *first = 1;
        }
        self.stack.push(Frame {
            lp,
            instance,
            pos: 0,
            base,
        });
        match lp.children.first().map(|c| &c.node) {
            Some(ChildNode::Loop(inner)) => self.enter(inner),
            Some(ChildNode::Segment(spec)) => Step {
                spec: Some(spec),
                instance,
            },
            None => Step {
                spec: None,
                instance,
            },
        }
    }

    /// Close the innermost loop: report the required children it never had.
    fn close_top(&mut self) {
        let frame = self.stack.pop().expect("a frame is open");
        let counts = &self.counts[frame.base..];
        let start = if counts[frame.pos] == 0 {
            frame.pos
        } else {
            frame.pos + 1
        };
        for &i in &frame.lp.required {
            let i = usize::from(i);
            if i >= start && counts[i] == 0 {
                self.issues
                    .push(missing(frame.lp.def, &frame.lp.children[i]));
            }
        }
        self.counts.truncate(frame.base);
    }

    /// End of the set: close every open loop and report what they lack.
    pub fn finish(&mut self) {
        self.opened.clear();
        self.issues.clear();
        while !self.stack.is_empty() {
            self.close_top();
        }
        self.loop_id = None;
    }
}

fn missing(parent: &'static LoopDef, child: &Child) -> StructureIssue {
    match &child.node {
        ChildNode::Segment(spec) => StructureIssue::Missing {
            parent,
            segment: spec.def,
            loop_def: None,
        },
        ChildNode::Loop(inner) => StructureIssue::Missing {
            parent,
            segment: inner
                .first_segment()
                .expect("compiled loops have a first segment"),
            loop_def: Some(inner.def),
        },
    }
}

/// Builds the [`LoopTree`] of one transaction set, one segment at a time:
/// a [`LoopWalker`] that records every instance and placement.
#[derive(Debug)]
pub struct LoopBuilder {
    walker: LoopWalker,
    tree: LoopTree,
}

impl LoopBuilder {
    pub fn new(guide: GuideId) -> Self {
        let walker = LoopWalker::new(guide);
        LoopBuilder {
            tree: LoopTree {
                instances: vec![LoopInstance {
                    def: walker.guide.root.def,
                    parent: None,
                    first_segment: 0,
                }],
                placements: Vec::new(),
            },
            walker,
        }
    }

    pub fn guide(&self) -> &'static Guide {
        self.walker.guide.id.guide()
    }

    /// Place the next segment of the set.
    pub fn push(&mut self, seg: &Segment<'_>) {
        let index = self.tree.placements.len();
        let step = self.walker.push(seg);
        for &(_, def, parent) in &self.walker.opened {
            self.tree.instances.push(LoopInstance {
                def,
                parent,
                first_segment: index,
            });
        }
        self.tree.placements.push(Placement {
            instance: step.instance,
            def: step.spec.map(|s| s.def),
        });
    }

    pub fn finish(self) -> LoopTree {
        self.tree
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x12::delimiters::Delimiters;
    use crate::x12::tokenizer::{Token, Tokenizer};

    fn specs<'a>(l: &'a CompiledLoop, out: &mut Vec<(&'static str, &'a SegmentSpec)>) {
        for c in &l.children {
            match &c.node {
                ChildNode::Segment(spec) => out.push((l.def.id.as_str(), spec)),
                ChildNode::Loop(inner) => specs(inner, out),
            }
        }
    }

    /// The first element, from the separator mask (short segments), a
    /// word or a loop (long ones), is the byte split's at every length.
    #[test]
    fn first_element_is_the_split_ones() {
        for len in 0..80 {
            for first in [0, 1, 2, 5, 9, 70] {
                let mut seg = b"HL".to_vec();
                if len > 0 {
                    seg.push(b'*');
                    seg.extend(std::iter::repeat_n(b'Q', first));
                    seg.extend(b"*20*1");
                }
                seg.truncate(len.max(2));
                let expected = seg.split(|&b| b == b'*').nth(1).unwrap_or_default();
                let s = Segment::from_parts(&seg, Delimiters::default(), 0, 1, 0);
                assert_eq!(
                    first_element(&s),
                    expected,
                    "{:?}",
                    String::from_utf8_lossy(&seg)
                );
            }
        }
    }

    #[test]
    fn ids_pack_apart_whatever_bytes_they_hold() {
        assert_ne!(pack_id(b"\0N3"), pack_id(b"N3"));
        assert_ne!(pack_id(b"\0\0"), pack_id(b""));
        assert_ne!(pack_id(b"SV1"), pack_id(b"SV2"));
        assert_eq!(pack_id(b"ABCD"), u32::MAX);
        // A segment whose id is a guide id behind a NUL byte has no place.
        let mut walker = LoopWalker::new(GuideId::X222A1);
        walker.push(&Segment::from_parts(
            b"ST*837*0001*005010X222A1",
            Delimiters::default(),
            0,
            1,
            0,
        ));
        let bht = b"BHT*0019*00*1*20250101*1200*CH";
        let step = walker.push(&Segment::from_parts(bht, Delimiters::default(), 25, 1, 1));
        assert!(step.spec.is_some());
        let step = walker.push(&Segment::from_parts(
            b"\0HL*1**20*1",
            Delimiters::default(),
            56,
            1,
            2,
        ));
        assert!(step.spec.is_none());
        let step = walker.push(&Segment::from_parts(
            b"HL*1**20*1",
            Delimiters::default(),
            68,
            1,
            3,
        ));
        assert!(step.spec.is_some());
    }

    /// Two definitions of a guide share a clean-segment class exactly when
    /// their element checks are the same (the 837P's CLM under 2000B and
    /// under 2000C); definitions of different guides never share one.
    #[test]
    fn definitions_share_a_class_only_with_the_same_element_checks() {
        let mut guides = Vec::new();
        for g in [GuideId::X222A1, GuideId::X223A2] {
            let mut all = Vec::new();
            specs(&CompiledGuide::of(g).root, &mut all);
            assert!(all.iter().all(|(_, s)| s.checked_as != 0));
            for (i, (_, a)) in all.iter().enumerate() {
                for (_, b) in &all[i + 1..] {
                    let same = a.def.id == b.def.id
                        && a.def.elements == b.def.elements
                        && a.def.syntax == b.def.syntax;
                    assert_eq!(a.checked_as == b.checked_as, same, "{}", a.def.id);
                }
            }
            let clm: Vec<usize> = all
                .iter()
                .filter(|(l, s)| *l == "2300" && s.def.id == "CLM")
                .map(|(_, s)| s.checked_as)
                .collect();
            assert_eq!(clm.len(), 2, "2300 under 2000B and under 2000C");
            assert_eq!(clm[0], clm[1]);
            guides.push(all);
        }
        for (_, a) in &guides[0] {
            assert!(guides[1].iter().all(|(_, b)| a.checked_as != b.checked_as));
        }
    }

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

    /// Every segment of every set in `input`: the walker that remembers
    /// where pushes went and one that always searches agree on each step.
    fn remembered_equals_searched(input: &[u8]) -> usize {
        let mut walkers: Option<(LoopWalker, LoopWalker)> = None;
        let mut pushed = 0;
        let mut gs08 = Vec::new();
        for t in Tokenizer::new(input) {
            let Token::Segment(s) = t else { continue };
            if s.id() == b"GS" {
                gs08 = s.element(8).unwrap_or_default().to_vec();
            }
            if s.id() == b"ST" {
                // ST03, or GS08 where the set does not name its guide.
                let version = s.element(3).filter(|v| !v.is_empty()).unwrap_or(&gs08);
                walkers = GuideId::for_version(&String::from_utf8_lossy(version))
                    .map(|g| (LoopWalker::new(g), LoopWalker::new(g)));
            }
            let Some((memo, fresh)) = &mut walkers else {
                continue;
            };
            fresh.places = Places::new();
            let (a, b) = (memo.push(&s), fresh.push(&s));
            let spec = |s: Step| s.spec.map(std::ptr::from_ref);
            assert_eq!(spec(a), spec(b), "segment {}", s.index);
            assert_eq!(a.instance, b.instance, "segment {}", s.index);
            assert_eq!(memo.opened, fresh.opened, "segment {}", s.index);
            assert_eq!(memo.issues, fresh.issues, "segment {}", s.index);
            assert_eq!(memo.loop_id(), fresh.loop_id(), "segment {}", s.index);
            assert_eq!(memo.depth(), fresh.depth(), "segment {}", s.index);
            pushed += 1;
            if s.id() == b"SE" {
                walkers = None;
            }
        }
        pushed
    }

    #[test]
    fn remembered_places_are_the_places_a_search_finds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs: Vec<_> = ["../shared/corpus", "fixtures"]
            .iter()
            .map(|d| root.join(d))
            .collect();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        files.sort();
        let mut pushed = 0;
        for path in &files {
            if let Ok(input) = std::fs::read(path) {
                pushed += remembered_equals_searched(&input);
            }
        }
        // The fixtures alone hold hundreds of sets: the walk happened.
        assert!(pushed > 5_000, "only {pushed} segments walked");
        // A generated file repeats the same cases thousands of times.
        let opts = crate::synth::SynthOptions {
            target_bytes: 300_000,
            claims_per_transaction: 100,
            ..Default::default()
        };
        for kind in 0..3 {
            let mut synth = Vec::new();
            match kind {
                0 => crate::synth::write_837p(&opts, &mut synth),
                1 => crate::synth::write_837i(&opts, &mut synth),
                _ => crate::synth::write_835(&opts, &mut synth),
            }
            .expect("written to memory");
            assert!(remembered_equals_searched(&synth) > 5_000);
        }
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
