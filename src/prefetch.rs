//! Cache-line hints: ask the CPU for memory a few steps before it is read.
//! Used where a table or document is larger than the cache and what will
//! be read next is known early.

/// Bring the cache line holding `p` in, without waiting for it.
#[inline(always)]
fn prefetch_line(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it reads nothing the program sees and
    // cannot fault, whatever the address.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Bring the cache line holding the start of `value` in.
#[inline(always)]
pub(crate) fn prefetch<T>(value: &T) {
    prefetch_line((value as *const T).cast());
}

/// Bring every cache line of `items` in.
pub(crate) fn prefetch_all<T>(items: &[T]) {
    let p: *const u8 = items.as_ptr().cast();
    for off in (0..std::mem::size_of_val(items)).step_by(64) {
        prefetch_line(p.wrapping_add(off));
    }
}
