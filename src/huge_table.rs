//! Fixed-size tables that the kernel may back with 2 MiB pages.
//!
//! A table of several megabytes read at random places (one claim id per
//! claim, each in its own 4 KiB page) makes nearly every look a TLB miss,
//! and in a virtual machine each miss walks two sets of page tables: the
//! profile showed the look's prefetch waiting on that walk. On Linux, a
//! table of 2 MiB or more is placed at a 2 MiB boundary and marked with
//! `madvise(MADV_HUGEPAGE)` before it is first written, so that a handful
//! of huge pages cover it. Elsewhere, or when the kernel says no, it is an
//! ordinary allocation and works the same.

use std::alloc::{self, Layout};
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;

/// Size and alignment of a huge page (x86-64 and most arm64 kernels).
const HUGE_PAGE: usize = 2 * 1024 * 1024;

/// `len` values of `T`, all set to one value at the start; the length
/// never changes.
pub(crate) struct HugeTable<T: Copy> {
    ptr: NonNull<T>,
    len: usize,
    /// What it was allocated with (`None`: nothing, `len` or `T`'s size is
    /// 0).
    layout: Option<Layout>,
}

// SAFETY: the table owns its values like a `Box<[T]>` does.
unsafe impl<T: Copy + Send> Send for HugeTable<T> {}
// SAFETY: shared access only reads, as through `&[T]`.
unsafe impl<T: Copy + Sync> Sync for HugeTable<T> {}

impl<T: Copy> HugeTable<T> {
    /// `len` copies of `value`.
    pub fn filled(len: usize, value: T) -> Self {
        let bytes = len
            .checked_mul(std::mem::size_of::<T>())
            .expect("table size fits in memory");
        if bytes == 0 {
            return HugeTable {
                ptr: NonNull::dangling(),
                len,
                layout: None,
            };
        }
        let huge = cfg!(target_os = "linux") && bytes >= HUGE_PAGE;
        let layout = if huge {
            Layout::from_size_align(bytes.next_multiple_of(HUGE_PAGE), HUGE_PAGE)
        } else {
            Layout::array::<T>(len)
        }
        .expect("table layout");
        // SAFETY: the layout's size is not zero.
        let raw = unsafe { alloc::alloc(layout) };
        let Some(ptr) = NonNull::new(raw.cast::<T>()) else {
            alloc::handle_alloc_error(layout)
        };
        if huge {
            advise_huge(raw, layout.size());
        }
        // SAFETY: the allocation holds `len` values of `T` (it is at least
        // `bytes` long and aligned for `T`: 2 MiB is a multiple of any
        // alignment `T` can have), and each is written once before any
        // read. Writing is what faults the pages in, after the advice.
        unsafe {
            for i in 0..len {
                ptr.as_ptr().add(i).write(value);
            }
        }
        HugeTable {
            ptr,
            len,
            layout: Some(layout),
        }
    }
}

/// Ask for huge pages over `[ptr, ptr + len)`; only a hint, so a refusal
/// (a kernel without transparent huge pages, or with them off) is fine.
#[cfg(target_os = "linux")]
fn advise_huge(ptr: *mut u8, len: usize) {
    // SAFETY: the range is one live allocation of ours; the advice does not
    // change its contents or validity.
    unsafe {
        libc::madvise(ptr.cast(), len, libc::MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge(_ptr: *mut u8, _len: usize) {}

impl<T: Copy> Deref for HugeTable<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: `ptr` holds `len` initialized values (or is dangling and
        // aligned with nothing to read).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl<T: Copy> DerefMut for HugeTable<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: as for `deref`, and `&mut self` is the only access.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl<T: Copy> Drop for HugeTable<T> {
    fn drop(&mut self) {
        if let Some(layout) = self.layout {
            // SAFETY: allocated with exactly this layout; `T: Copy` values
            // need no drop.
            unsafe { alloc::dealloc(self.ptr.as_ptr().cast(), layout) }
        }
    }
}

impl<T: Copy> Default for HugeTable<T> {
    fn default() -> Self {
        HugeTable {
            ptr: NonNull::dangling(),
            len: 0,
            layout: None,
        }
    }
}

impl<T: Copy + std::fmt::Debug> std::fmt::Debug for HugeTable<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HugeTable").field("len", &self.len).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small and huge tables hold what is written, from the fill value on;
    /// an empty one is empty. On Linux, a table of 2 MiB or more starts at
    /// a huge page's boundary (else no huge page could cover its start).
    #[test]
    fn tables_of_any_size_start_filled_and_keep_what_is_written() {
        for len in [0, 1, 1000, HUGE_PAGE / 8, HUGE_PAGE / 8 * 2 + 3] {
            let mut t = HugeTable::filled(len, 7u64);
            assert_eq!(t.len(), len);
            if cfg!(target_os = "linux") && len * 8 >= HUGE_PAGE {
                assert_eq!(t.as_ptr() as usize % HUGE_PAGE, 0, "len {len}");
            }
            assert!(t.iter().all(|&v| v == 7), "len {len}");
            if len > 1 {
                t[len - 1] = 9;
                assert_eq!((t[0], t[len - 2], t[len - 1]), (7, 7, 9), "len {len}");
            }
        }
        let t: HugeTable<u64> = HugeTable::default();
        assert!(t.is_empty());
    }
}
