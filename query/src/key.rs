//! Hierarchical query keys: a list of segments, matched exactly or by prefix.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One segment of a [`QueryKey`]: a string, an integer or a boolean.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::KeySegment;
/// assert_eq!(KeySegment::from("todos"), KeySegment::Str("todos".into()));
/// assert_eq!(KeySegment::from(7), KeySegment::Int(7));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum KeySegment {
    /// A boolean segment, e.g. a `done` filter.
    Bool(bool),
    /// An integer segment, e.g. an entity id.
    Int(i64),
    /// A string segment, e.g. `"todos"`.
    Str(String),
}

impl fmt::Display for KeySegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySegment::Bool(b) => write!(f, "{b}"),
            KeySegment::Int(i) => write!(f, "{i}"),
            KeySegment::Str(s) => write!(f, "{s:?}"),
        }
    }
}

impl From<&str> for KeySegment {
    fn from(s: &str) -> Self {
        KeySegment::Str(s.to_owned())
    }
}
impl From<String> for KeySegment {
    fn from(s: String) -> Self {
        KeySegment::Str(s)
    }
}
impl From<&String> for KeySegment {
    fn from(s: &String) -> Self {
        KeySegment::Str(s.clone())
    }
}
impl From<bool> for KeySegment {
    fn from(b: bool) -> Self {
        KeySegment::Bool(b)
    }
}
macro_rules! int_segment {
    ($($t:ty),*) => {$(
        impl From<$t> for KeySegment {
            fn from(i: $t) -> Self {
                KeySegment::Int(i as i64)
            }
        }
    )*};
}
int_segment!(i8, i16, i32, i64, u8, u16, u32, isize);
impl From<u64> for KeySegment {
    /// Values above `i64::MAX` become string segments rather than wrapping.
    fn from(i: u64) -> Self {
        i64::try_from(i).map_or_else(|_| KeySegment::Str(i.to_string()), KeySegment::Int)
    }
}
impl From<usize> for KeySegment {
    fn from(i: usize) -> Self {
        KeySegment::from(i as u64)
    }
}

/// A hierarchical cache key, like TanStack's `['todos', 7]`.
///
/// Keys match exactly or by prefix: `["todos"]` is a prefix of `["todos", 7]`, so an
/// invalidation of `["todos"]` reaches both.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::keys;
/// let list = keys!["todos"];
/// let one = keys!["todos", 7];
/// assert!(one.starts_with(&list));
/// assert!(!list.starts_with(&one));
/// assert_eq!(one.hash_string(), r#"["todos",7]"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
// Shared segments: the engine keeps a key in every record, layer, window and filter that
// names it, so a clone must not copy the segments (a settled call held several copies).
pub struct QueryKey(std::rc::Rc<[KeySegment]>);

impl QueryKey {
    /// A key made of the given segments.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{KeySegment, QueryKey};
    /// let k = QueryKey::new(vec![KeySegment::from("board"), KeySegment::from(1)]);
    /// assert_eq!(k.len(), 2);
    /// ```
    pub fn new(segments: Vec<KeySegment>) -> Self {
        QueryKey(segments.into())
    }

    /// The segments in order.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, KeySegment};
    /// assert_eq!(keys!["a"].segments(), &[KeySegment::from("a")]);
    /// ```
    pub fn segments(&self) -> &[KeySegment] {
        &self.0
    }

    /// Number of segments.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert_eq!(yew_optimistic::keys!["a", 1].len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the key has no segments (the empty key is a prefix of every key).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(yew_optimistic::QueryKey::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// This key with one more segment.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::keys;
    /// assert_eq!(keys!["todos"].with(3), keys!["todos", 3]);
    /// ```
    pub fn with(self, segment: impl Into<KeySegment>) -> Self {
        let mut segments = self.0.to_vec();
        segments.push(segment.into());
        QueryKey(segments.into())
    }

    /// Whether `prefix` is a prefix of this key (every key starts with itself).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::keys;
    /// assert!(keys!["a", 1].starts_with(&keys!["a"]));
    /// ```
    pub fn starts_with(&self, prefix: &QueryKey) -> bool {
        self.0.starts_with(&prefix.0)
    }

    /// The canonical JSON text of the key; equal keys give equal text on every run and
    /// platform, so it is safe to persist or to use as a storage key.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert_eq!(yew_optimistic::keys!["a", true].hash_string(), r#"["a",true]"#);
    /// ```
    pub fn hash_string(&self) -> String {
        // Serialising a Vec of plain enums cannot fail.
        serde_json::to_string(&self.0).unwrap_or_default()
    }

    /// A 64-bit FNV-1a hash of [`hash_string`](Self::hash_string): stable across runs,
    /// unlike `std`'s randomly seeded hasher.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::keys;
    /// assert_eq!(keys!["a"].stable_hash(), keys!["a"].stable_hash());
    /// assert_ne!(keys!["a"].stable_hash(), keys!["b"].stable_hash());
    /// ```
    pub fn stable_hash(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in self.hash_string().bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    }
}

impl fmt::Display for QueryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[")?;
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{s}")?;
        }
        write!(f, "]")
    }
}

impl<S: Into<KeySegment>> FromIterator<S> for QueryKey {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        QueryKey(iter.into_iter().map(Into::into).collect::<Vec<_>>().into())
    }
}

/// A query key that carries the type of the data stored under it: reading or writing
/// it with another type is a compile error instead of a [`CacheError::TypeMismatch`]
/// at run time. The plain [`QueryKey`] (and [`keys!`](crate::keys)) stays for code that
/// does not want this; both name the same cache entry, and filters take the plain key
/// ([`TypedKey::key`]).
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient, TypedKey};
/// let count: TypedKey<u32> = TypedKey::new(keys!["count"]);
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// client.set_query_data(&count, 41).unwrap();
/// let n = client.get_query_data(&count).unwrap().unwrap(); // an Rc<u32>, inferred
/// assert_eq!(*n + 1, 42);
/// ```
///
/// Reading it as another type does not compile:
///
/// ```compile_fail
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient, TypedKey};
/// let count: TypedKey<u32> = TypedKey::new(keys!["count"]);
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// let s = client.get_query_data::<String>(&count);
/// ```
///
/// Nor does writing another type:
///
/// ```compile_fail
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient, TypedKey};
/// let count: TypedKey<u32> = TypedKey::new(keys!["count"]);
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// client.set_query_data(&count, "forty-one").unwrap();
/// ```
///
/// [`CacheError::TypeMismatch`]: crate::CacheError::TypeMismatch
pub struct TypedKey<T> {
    key: QueryKey,
    // `fn() -> T`: the key neither owns a `T` nor is tied to `T`'s auto traits.
    _type: std::marker::PhantomData<fn() -> T>,
}

impl<T> TypedKey<T> {
    /// The typed name of `key`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, TypedKey};
    /// let todo = |id: u32| TypedKey::<String>::new(keys!["todo", id]);
    /// assert_eq!(todo(7).key(), &keys!["todo", 7]);
    /// ```
    pub fn new(key: QueryKey) -> Self {
        TypedKey {
            key,
            _type: std::marker::PhantomData,
        }
    }

    /// The plain key (for filters, `invalidate_queries`, events).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, QueryFilter, TypedKey};
    /// let todos = TypedKey::<Vec<String>>::new(keys!["todos"]);
    /// let filter = QueryFilter::key(todos.key().clone());
    /// # let _ = filter;
    /// ```
    pub fn key(&self) -> &QueryKey {
        &self.key
    }

    /// This key with one more segment, for the same type.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, TypedKey};
    /// let page = TypedKey::<Vec<u32>>::new(keys!["rows"]).with(2);
    /// assert_eq!(page.key(), &keys!["rows", 2]);
    /// ```
    pub fn with(self, segment: impl Into<KeySegment>) -> Self {
        TypedKey::new(self.key.with(segment))
    }
}

// By hand: deriving would ask `T` for the same traits.
impl<T> Clone for TypedKey<T> {
    fn clone(&self) -> Self {
        TypedKey::new(self.key.clone())
    }
}

impl<T> PartialEq for TypedKey<T> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<T> Eq for TypedKey<T> {}

impl<T> fmt::Debug for TypedKey<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TypedKey<{}>({})", std::any::type_name::<T>(), self.key)
    }
}

impl<T> fmt::Display for TypedKey<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.key.fmt(f)
    }
}

impl<T> From<TypedKey<T>> for QueryKey {
    fn from(k: TypedKey<T>) -> Self {
        k.key
    }
}

/// A key that may name data of type `T`: any plain [`QueryKey`] (checked at run time),
/// or a [`TypedKey<T>`] (checked by the compiler). What `get_query_data`,
/// `set_query_data` and the [`Patches`](crate::Patches) methods accept.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, KeyFor, QueryKey, TypedKey};
/// fn name<T>(k: impl KeyFor<T>) -> String { k.query_key().to_string() }
/// assert_eq!(name::<u8>(keys!["a"]), r#"["a"]"#);
/// assert_eq!(name(&TypedKey::<u8>::new(keys!["b"])), r#"["b"]"#);
/// ```
pub trait KeyFor<T> {
    /// The cache key.
    fn query_key(&self) -> &QueryKey;
}

impl<T> KeyFor<T> for QueryKey {
    fn query_key(&self) -> &QueryKey {
        self
    }
}

impl<T> KeyFor<T> for TypedKey<T> {
    fn query_key(&self) -> &QueryKey {
        &self.key
    }
}

impl<T, K: KeyFor<T> + ?Sized> KeyFor<T> for &K {
    fn query_key(&self) -> &QueryKey {
        (**self).query_key()
    }
}

/// Builds a [`QueryKey`] from segments of mixed types.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::keys;
/// let k = keys!["board", 1, "column", "todo"];
/// assert_eq!(k.to_string(), r#"["board", 1, "column", "todo"]"#);
/// ```
#[macro_export]
macro_rules! keys {
    () => { $crate::QueryKey::default() };
    ($($seg:expr),+ $(,)?) => {
        $crate::QueryKey::new(vec![$($crate::KeySegment::from($seg)),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_and_exact() {
        let a = keys!["todos"];
        let b = keys!["todos", 1];
        assert!(b.starts_with(&a));
        assert!(a.starts_with(&a));
        assert!(!a.starts_with(&b));
        assert!(b.starts_with(&QueryKey::default()));
        assert_ne!(keys!["todos", 1], keys!["todos", "1"]);
    }

    #[test]
    fn serde_round_trip() {
        let k = keys!["a", -3, false, "b"];
        let text = serde_json::to_string(&k).unwrap();
        assert_eq!(text, r#"["a",-3,false,"b"]"#);
        let back: QueryKey = serde_json::from_str(&text).unwrap();
        assert_eq!(back, k);
    }

    #[test]
    fn big_unsigned_does_not_wrap() {
        assert_eq!(
            KeySegment::from(u64::MAX),
            KeySegment::Str(u64::MAX.to_string())
        );
    }

    #[test]
    fn stable_hash_is_fixed() {
        // Fixed value: changing the hash would orphan persisted data.
        assert_eq!(keys!["todos"].stable_hash(), keys!["todos"].stable_hash());
        assert_eq!(keys![].hash_string(), "[]");
    }
}
