//! Where each segment of a transaction set stands: the guide's loop
//! walker places it, and [`LoopCursor`] mirrors the walker's open loops as
//! a stack of frames that carry the builder's role for each loop instance
//! and count the segments placed in it.

use crate::schema::guide::GuideId;
use crate::schema::loops::LoopWalker;
use crate::x12::tokenizer::Segment;

struct Frame<R> {
    instance: usize,
    loop_id: &'static str,
    /// Segments placed directly in this instance so far.
    count: u32,
    role: R,
}

/// The open loop instances of one transaction set, each with a role `R`.
pub(crate) struct LoopCursor<R> {
    walker: LoopWalker,
    stack: Vec<Frame<R>>,
    /// The instance that must stay on top after the last push closed the
    /// loops it left.
    keep: Option<usize>,
}

impl<R: Copy> LoopCursor<R> {
    /// A cursor at the start of a set; `root` is the role of the set
    /// itself (ST, SE).
    pub fn new(guide: GuideId, root: R) -> Self {
        let walker = LoopWalker::new(guide);
        let root_id = walker.guide().root.def.id.as_str();
        LoopCursor {
            walker,
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
    pub fn push(&mut self, seg: &Segment<'_>) -> bool {
        let step = self.walker.push(seg);
        self.keep = match self.walker.opened.first() {
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
        self.walker.opened.len()
    }

    /// The guide id of opened loop `k`.
    pub fn opened_id(&self, k: usize) -> &'static str {
        self.walker.opened[k].1.id.as_str()
    }

    /// Open a frame for opened loop `k` with `role`.
    pub fn enter(&mut self, k: usize, role: R) {
        let (instance, def, _) = self.walker.opened[k];
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

    /// Tell the walker the set ended.
    pub fn finish(&mut self) {
        self.walker.finish();
    }
}
