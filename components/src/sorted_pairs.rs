//! Small maps kept as vectors of `(key, value)` pairs sorted by key: the components'
//! states of the few items with a change in flight (a list's items, a board's cards).
//! Each `BTreeMap<K, V>` or `HashMap<K, V>` type is its own copy of the map's code in
//! every app; a sorted vector is a binary search and a `Vec::insert`, for a handful of
//! entries. Maps that hold an entry per row stay maps.

/// The value of `key` in `pairs` (sorted by key), if it has one.
pub(crate) fn get<'a, K: Ord, V>(pairs: &'a [(K, V)], key: &K) -> Option<&'a V> {
    let at = pairs.binary_search_by(|(k, _)| k.cmp(key)).ok()?;
    Some(&pairs[at].1)
}

/// Adds `item` to the group of `key` in `groups` (sorted by key), making the group where
/// it has none yet.
pub(crate) fn push_to<K: Ord, T>(groups: &mut Vec<(K, Vec<T>)>, key: K, item: T) {
    match groups.binary_search_by(|(k, _)| k.cmp(&key)) {
        Ok(at) => groups[at].1.push(item),
        Err(at) => groups.insert(at, (key, vec![item])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_stay_sorted_and_keep_their_order_inside() {
        let mut groups: Vec<(&str, Vec<u8>)> = Vec::new();
        for (key, item) in [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)] {
            push_to(&mut groups, key, item);
        }
        assert_eq!(
            groups,
            vec![("a", vec![2, 5]), ("b", vec![1, 3]), ("c", vec![4])]
        );
        assert_eq!(get(&groups, &"b"), Some(&vec![1, 3]));
        assert_eq!(get(&groups, &"d"), None);
    }
}
