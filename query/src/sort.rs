//! Sorting through one compiled routine: the standard library's sort is generic over
//! the element type and its comparison, so each list type sorted somewhere gets its own
//! copy (about 4.6 KB of wasm each). A collection's sorts (its rows when built, the keys
//! of a refetched list) and the persisted queue's (calls by id, owners) go through
//! [`sort_by`] instead, which sorts positions with a comparison passed as a trait object
//! (one copy for every type) and then moves the items with swaps (a few instructions per
//! type).

use std::cmp::Ordering;

/// Sorts `items` by `cmp`, stable: items that compare equal keep their order, as
/// [`slice::sort_by`] does, but through one compiled routine for every item type.
///
/// In a wasm bundle each type sorted with the standard sort carries its own copy of it
/// (about 4.6 KB of wasm); this one costs a few instructions per type over one shared
/// core. Use it where bytes count more than the last nanosecond of a large sort.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::sort_by;
/// let mut rows = vec![(2, "b"), (1, "a"), (2, "a")];
/// sort_by(&mut rows, |x, y| x.0.cmp(&y.0));
/// assert_eq!(rows, [(1, "a"), (2, "b"), (2, "a")]);
/// ```
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    // Lists come sorted by key more often than not: one pass finds them so and leaves
    // them be, as the standard sort does (sorting positions, below, would not notice).
    if items
        .windows(2)
        .all(|w| cmp(&w[0], &w[1]) != Ordering::Greater)
    {
        return;
    }
    let swaps = {
        let items = &*items;
        sorting_swaps(items.len(), &|a, b| cmp(&items[a], &items[b]))
    };
    for (a, b) in swaps {
        items.swap(a, b);
    }
}

/// The swaps that put `len` items in the stable order `cmp` (comparing the items at two
/// positions) gives, applied one after the other.
fn sorting_swaps(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<(usize, usize)> {
    let order = merge_sorted(len, cmp);
    // `at[i]`: where item `i` is now; `who[p]`: which item is at position `p` now.
    let mut at: Vec<usize> = (0..len).collect();
    let mut who: Vec<usize> = (0..len).collect();
    let mut swaps = Vec::new();
    for (j, &i) in order.iter().enumerate() {
        let p = at[i];
        if p != j {
            swaps.push((j, p));
            let displaced = who[j];
            who[p] = displaced;
            at[displaced] = p;
            who[j] = i;
            at[i] = j;
        }
    }
    swaps
}

/// The positions `0..len` in the stable order `cmp` gives: a bottom-up merge sort, a few
/// hundred bytes of wasm where the standard library's stable sort (run detection, a
/// small-sort network, its own buffer logic) is over 4 KB, for the same O(n log n).
fn merge_sorted(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, mid);
            for slot in &mut merged[start..end] {
                // Equal items are taken from the left run first: that keeps the sort stable.
                let take_left = right >= end
                    || (left < mid && cmp(order[left], order[right]) != Ordering::Greater);
                if take_left {
                    *slot = order[left];
                    left += 1;
                } else {
                    *slot = order[right];
                    right += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_keeps_equal_items_in_order() {
        let mut items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, u8::cmp);
        assert!(empty.is_empty());
    }

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Random orders with ties, against `slice::sort_by_key`: every length up to 40 and a
        // few around and past the merge widths.
        let mut seed = 7_u64;
        for len in (0..40).chain([63, 64, 65, 1000, 1025]) {
            let items: Vec<(u64, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 33) % 5, i)
                })
                .collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = items;
            std.sort_by_key(|r| r.0);
            assert_eq!(ours, std, "{len} items");
        }
    }
}
