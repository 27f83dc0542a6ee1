//! What the bad-input suites share: counting the work a call does by its allocations on this
//! thread (never by wall time), and asserting that it grows linearly.

// Each test file uses the part it needs.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Counts the allocations and allocated bytes of the current thread.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| {
            let (n, bytes) = c.get();
            c.set((n + 1, bytes + layout.size() as u64));
        });
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// The allocations and bytes `f` makes on this thread.
pub fn allocations(f: impl FnOnce()) -> (u64, u64) {
    let (n0, b0) = ALLOCATIONS.with(Cell::get);
    f();
    let (n1, b1) = ALLOCATIONS.with(Cell::get);
    (n1 - n0, b1 - b0)
}

/// Asserts that `work(n)` grows linearly from 5,000 to 20,000 items.
pub fn assert_linear(what: &str, work: impl Fn(usize)) {
    assert_linear_from(what, 5_000, work);
}

/// Asserts that `work(n)` grows linearly from `n` to `4 n` items: the allocations and the bytes
/// grow about fourfold (a quadratic step would grow them sixteenfold).
pub fn assert_linear_from(what: &str, n: usize, work: impl Fn(usize)) {
    let small = allocations(|| work(n));
    let large = allocations(|| work(4 * n));
    let ratio = |a: u64, b: u64| b as f64 / a.max(1) as f64;
    assert!(
        ratio(small.0, large.0) < 6.0,
        "{what}: {} → {} allocations",
        small.0,
        large.0
    );
    assert!(
        ratio(small.1, large.1) < 6.0,
        "{what}: {} → {} bytes",
        small.1,
        large.1
    );
}
