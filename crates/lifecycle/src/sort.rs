//! Stable sorting that links one copy of the sort algorithm.
//!
//! `slice::sort_by` is generic over the element and the comparator, so every call site compiles its
//! own copy of the driftsort/quicksort machinery (about 3 KB of wasm each, ≈ 60 KB over the page).
//! Here only a small shim is generic: the indices are sorted once, by one non-generic instance, and
//! the permutation is applied with swaps. Same result as `sort_by` (stable), a little slower, which
//! does not matter for the short lists podlife sorts.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, like `slice::sort_by`.
pub fn by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_indices(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, &order);
}

/// Sorts `v` stably by the key `key` returns, like `slice::sort_by_key`.
pub fn by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in ascending order, like `slice::sort`.
pub fn ascending<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// `0..n` stably sorted by `cmp` over indices: the one instance of the sort algorithm.
#[inline(never)]
#[allow(clippy::disallowed_methods)] // the one place the std sort is instantiated
fn sorted_indices(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Rearranges `v` so that `v[k]` becomes the old `v[order[k]]`, cycle by cycle.
fn permute<T>(v: &mut [T], order: &[usize]) {
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut k = start;
        while !placed[k] {
            placed[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            v.swap(k, from);
            k = from;
        }
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // compared against the std sort
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_stable_sort() {
        // A small deterministic generator: every permutation pattern, duplicates included.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for len in 0..40 {
            for _ in 0..25 {
                let v: Vec<(u8, usize)> = (0..len)
                    .map(|i| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        ((seed % 5) as u8, i)
                    })
                    .collect();
                let mut ours = v.clone();
                let mut std = v.clone();
                by_key(&mut ours, |p| p.0);
                std.sort_by_key(|p| p.0);
                assert_eq!(ours, std, "stable by key, from {v:?}");
                let mut ours = v.clone();
                let mut std = v;
                by(&mut ours, |a, b| b.cmp(a));
                std.sort_by(|a, b| b.cmp(a));
                assert_eq!(ours, std);
            }
        }
    }

    #[test]
    fn ascending_sorts_strings() {
        let mut v = vec!["b".to_string(), "a".to_string(), "c".to_string(), "a".to_string()];
        ascending(&mut v);
        assert_eq!(v, ["a", "a", "b", "c"]);
    }
}
