//! Where each segment of a transaction set stands: the guide's loop
//! walker places it, and [`LoopCursor`] mirrors the walker's open loops as
//! a stack of frames that carry the builder's role for each loop instance
//! and count the segments placed in it.
//!
//! The walker is the cursor's own, or (when validation already walks the
//! set for the guide rules) someone else's: then the cursor follows that
//! walk ([`Walked`]) instead of placing every segment a second time.

use crate::schema::guide::{GuideId, LoopDef};
use crate::schema::loops::{CompiledGuide, LoopWalker, Step};
use crate::x12::tokenizer::Segment;

/// A walker that has just placed the segment being pushed, and where it
/// put it.
pub(crate) type Walked<'w> = (Step, &'w LoopWalker);

struct Frame<R> {
    instance: usize,
    loop_id: &'static str,
    /// Segments placed directly in this instance so far.
    count: u32,
    role: R,
}

/// The open loop instances of one transaction set, each with a role `R`.
pub(crate) struct LoopCursor<R> {
    /// The cursor's own walker; `None` when it follows another's.
    walker: Option<LoopWalker>,
    /// Loops the last push opened: (instance, definition, parent).
    opened: Vec<(usize, &'static LoopDef, Option<usize>)>,
    stack: Vec<Frame<R>>,
    /// The instance that must stay on top after the last push closed the
    /// loops it left.
    keep: Option<usize>,
}

impl<R: Copy> LoopCursor<R> {
    /// A cursor at the start of a set; `root` is the role of the set
    /// itself (ST, SE). With `walked` (a walker of the same guide that has
    /// just placed the ST), the cursor follows that walker for the whole
    /// set: every later push must then come with it.
    pub fn new(guide: GuideId, root: R, walked: Option<Walked<'_>>) -> Self {
        let shared = walked.is_some_and(|(_, w)| w.guide().id == guide);
        let root_id = CompiledGuide::of(guide).root.def.id.as_str();
        LoopCursor {
            walker: (!shared).then(|| LoopWalker::new(guide)),
            opened: Vec::new(),
            stack: vec![Frame {
                instance: 0,
                loop_id: root_id,
                count: 0,
                role: root,
            }],
            keep: None,
        }
    }

    /// Let the walker place `seg`; true when the guide has a place for it
    /// here. Follow with [`LoopCursor::pop_closed`] until `None`, then
    /// [`LoopCursor::enter`] for each opened loop, then
    /// [`LoopCursor::place`].
    ///
    /// `walked` is the shared walker's placement of `seg`; it is ignored
    /// when the cursor has its own walker.
    pub fn push(&mut self, seg: &Segment<'_>, walked: Option<Walked<'_>>) -> bool {
        self.opened.clear();
        let step = match (&mut self.walker, walked) {
            (Some(own), _) => {
                let step = own.push(seg);
                self.opened.extend_from_slice(&own.opened);
                step
            }
            (None, Some((step, shared))) => {
                self.opened.extend_from_slice(&shared.opened);
                step
            }
            // Following a walker that did not place this segment (never
            // expected): it stays in the innermost loop, unplaced.
            (None, None) => Step {
                spec: None,
                instance: self.stack.last().map_or(0, |f| f.instance),
            },
        };
        self.keep = match self.opened.first() {
            Some(&(_, _, parent)) => parent,
            None => Some(step.instance),
        };
        step.spec.is_some()
    }

    /// The role of a loop instance the last push closed (innermost first).
    pub fn pop_closed(&mut self) -> Option<R> {
        if self.stack.len() > 1 && self.stack.last().map(|f| Some(f.instance)) != Some(self.keep) {
            return self.stack.pop().map(|f| f.role);
        }
        None
    }

    /// Loops the last push opened (outermost first).
    pub fn opened(&self) -> usize {
        self.opened.len()
    }

    /// The guide id of opened loop `k`.
    pub fn opened_id(&self, k: usize) -> &'static str {
        self.opened[k].1.id.as_str()
    }

    /// Open a frame for opened loop `k` with `role`.
    pub fn enter(&mut self, k: usize, role: R) {
        let (instance, def, _) = self.opened[k];
        self.stack.push(Frame {
            instance,
            loop_id: def.id.as_str(),
            count: 0,
            role,
        });
    }

    /// Count the pushed segment in the innermost loop: its loop id and its
    /// index (0-based) there.
    pub fn place(&mut self) -> (&'static str, u32) {
        let top = self.stack.last_mut().expect("the root frame stays");
        top.count += 1;
        (top.loop_id, top.count - 1)
    }

    /// Roles of the open loops, innermost first.
    pub fn roles(&self) -> impl Iterator<Item = R> + '_ {
        self.stack.iter().rev().map(|f| f.role)
    }

    /// The role of the innermost open loop.
    pub fn top(&self) -> R {
        self.stack.last().expect("the root frame stays").role
    }

    /// End of the set: the role of each loop still open, innermost first
    /// (the root excluded), then `None`.
    pub fn pop_open(&mut self) -> Option<R> {
        if self.stack.len() > 1 {
            self.stack.pop().map(|f| f.role)
        } else {
            None
        }
    }

    /// Tell the walker the set ended (a shared one is finished by its
    /// owner).
    pub fn finish(&mut self) {
        if let Some(own) = &mut self.walker {
            own.finish();
        }
    }
}
