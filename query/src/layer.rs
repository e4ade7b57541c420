//! Optimistic layers: typed patches owned by mutations, applied in start order on top of
//! the confirmed data.

use crate::filter::QueryFilter;
use crate::key::{KeyFor, QueryKey};
use std::any::{Any, TypeId};
use std::fmt;
use std::rc::Rc;

pub(crate) type AnyRc = Rc<dyn Any>;

/// Runtime identity of a cached data type, with its name for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TypeTag {
    pub id: TypeId,
    pub name: &'static str,
}

impl TypeTag {
    pub fn of<T: 'static>() -> Self {
        TypeTag {
            id: TypeId::of::<T>(),
            name: std::any::type_name::<T>(),
        }
    }
}

// By value, so a patch that edits in place can reuse an intermediate nobody else holds.
type ApplyFn = Rc<dyn Fn(Option<AnyRc>) -> Option<AnyRc>>;

/// What one optimistic change does to one key's data: a pure function of the value below
/// it. Patches are re-applied whenever the data below changes (a refetch, an earlier
/// rollback), so they must not read or write the cache themselves.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::Patch;
/// let add_one = Patch::update(|v: &Vec<i32>| { let mut v = v.clone(); v.push(1); v });
/// let reset = Patch::set(Vec::<i32>::new());
/// # let _ = (add_one, reset);
/// ```
#[derive(Clone)]
pub struct Patch {
    pub(crate) tag: TypeTag,
    apply: ApplyFn,
}

impl fmt::Debug for Patch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Patch<{}>", self.tag.name)
    }
}

impl Patch {
    /// Transforms the data when there is some; leaves an empty entry empty.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::Patch;
    /// let p = Patch::update(|n: &u32| n + 1);
    /// # let _ = p;
    /// ```
    pub fn update<T: 'static>(f: impl Fn(&T) -> T + 'static) -> Self {
        Patch {
            tag: TypeTag::of::<T>(),
            apply: Rc::new(move |cur| {
                let cur = cur?;
                match cur.downcast_ref::<T>() {
                    Some(t) => Some(Rc::new(f(t)) as AnyRc),
                    None => Some(cur),
                }
            }),
        }
    }

    /// Edits the data in place when there is some. Cheaper than [`update`](Self::update)
    /// for large data: when several layers are re-applied (a refetch under pending
    /// mutations, a rollback), the data is cloned once and each layer edits that copy.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::Patch;
    /// let tick = Patch::modify(|rows: &mut Vec<(u32, bool)>| {
    ///     if let Some(row) = rows.iter_mut().find(|r| r.0 == 7) { row.1 = true; }
    /// });
    /// # let _ = tick;
    /// ```
    pub fn modify<T: Clone + 'static>(f: impl Fn(&mut T) + 'static) -> Self {
        Patch {
            tag: TypeTag::of::<T>(),
            apply: Rc::new(move |cur| match cur?.downcast::<T>() {
                Ok(mut t) => {
                    // Clones only when someone else (the confirmed data, an observer)
                    // still holds this value.
                    f(Rc::make_mut(&mut t));
                    Some(t as AnyRc)
                }
                Err(other) => Some(other),
            }),
        }
    }

    /// Replaces the data, also when the entry is empty.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::Patch;
    /// let p = Patch::set(String::from("draft"));
    /// # let _ = p;
    /// ```
    pub fn set<T: Clone + 'static>(value: T) -> Self {
        let value: AnyRc = Rc::new(value);
        Patch {
            tag: TypeTag::of::<T>(),
            apply: Rc::new(move |_| Some(value.clone())),
        }
    }

    /// Computes the data from what is there, or from nothing.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::Patch;
    /// let p = Patch::upsert(|n: Option<&u32>| n.copied().unwrap_or(0) + 1);
    /// # let _ = p;
    /// ```
    pub fn upsert<T: 'static>(f: impl Fn(Option<&T>) -> T + 'static) -> Self {
        Patch {
            tag: TypeTag::of::<T>(),
            apply: Rc::new(move |cur| match cur {
                None => Some(Rc::new(f(None)) as AnyRc),
                Some(c) => match c.downcast_ref::<T>() {
                    Some(t) => Some(Rc::new(f(Some(t))) as AnyRc),
                    None => Some(c),
                },
            }),
        }
    }

    /// Applies the patch; data of another type passes through untouched (the cache rejects
    /// such patches before they become layers, so this only guards against misuse).
    pub(crate) fn apply(&self, cur: Option<AnyRc>) -> Option<AnyRc> {
        (self.apply)(cur)
    }
}

/// Where a patch goes: one key, or every cached key a filter matches.
#[derive(Clone, Debug)]
pub(crate) enum Target {
    Key(QueryKey),
    Matching(QueryFilter),
}

/// The patches one mutation wants, collected by its `optimistic` function.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{keys, Patches};
/// let mut p = Patches::default();
/// p.update(keys!["count"], |n: &u32| n + 1)
///  .set(keys!["draft"], String::from("hello"));
/// assert_eq!(p.len(), 2);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Patches {
    pub(crate) items: Vec<(Target, Patch)>,
}

impl Patches {
    /// Adds a [`Patch::update`] of `key` (a [`QueryKey`], or a
    /// [`TypedKey`](crate::TypedKey) whose type the patch must edit).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, Patches, TypedKey};
    /// let mut p = Patches::default();
    /// p.update(keys!["n"], |n: &i64| n * 2);
    /// let total = TypedKey::<u32>::new(keys!["total"]);
    /// p.update(&total, |t| t + 1); // `t: &u32`, from the key
    /// ```
    pub fn update<T: 'static>(
        &mut self,
        key: impl KeyFor<T>,
        f: impl Fn(&T) -> T + 'static,
    ) -> &mut Self {
        self.patch(key.query_key().clone(), Patch::update(f))
    }

    /// Adds a [`Patch::modify`] of `key`: an in-place edit, the cheap choice for large
    /// lists.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, Patches, TypedKey};
    /// let rows = TypedKey::<Vec<u32>>::new(keys!["rows"]);
    /// let mut p = Patches::default();
    /// p.modify(&rows, |rows| rows.push(4)); // `rows: &mut Vec<u32>`, from the key
    /// ```
    pub fn modify<T: Clone + 'static>(
        &mut self,
        key: impl KeyFor<T>,
        f: impl Fn(&mut T) + 'static,
    ) -> &mut Self {
        self.patch(key.query_key().clone(), Patch::modify(f))
    }

    /// Adds a [`Patch::set`] of `key`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, Patches, TypedKey};
    /// let liked = TypedKey::<bool>::new(keys!["liked"]);
    /// let mut p = Patches::default();
    /// p.set(&liked, true);
    /// ```
    pub fn set<T: Clone + 'static>(&mut self, key: impl KeyFor<T>, value: T) -> &mut Self {
        self.patch(key.query_key().clone(), Patch::set(value))
    }

    /// Adds any patch of `key`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, Patch, Patches};
    /// let mut p = Patches::default();
    /// p.patch(keys!["n"], Patch::upsert(|n: Option<&u8>| n.map_or(1, |n| n + 1)));
    /// ```
    pub fn patch(&mut self, key: QueryKey, patch: Patch) -> &mut Self {
        self.items.push((Target::Key(key), patch));
        self
    }

    /// Patches every cached entry the filter matches (that holds data of type `T`), as
    /// TanStack's `setQueriesData`; e.g. every filtered view of a list.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, Patches, QueryFilter};
    /// let mut p = Patches::default();
    /// p.update_matching(QueryFilter::key(keys!["todos"]), |v: &Vec<u32>| v.clone());
    /// ```
    pub fn update_matching<T: 'static>(
        &mut self,
        filter: QueryFilter,
        f: impl Fn(&T) -> T + 'static,
    ) -> &mut Self {
        self.items
            .push((Target::Matching(filter), Patch::update(f)));
        self
    }

    /// Number of patches collected.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert_eq!(yew_optimistic::Patches::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no patch was collected.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(yew_optimistic::Patches::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// A patch placed in one entry's stack by one mutation.
#[derive(Clone)]
pub(crate) struct Layer {
    pub mutation: crate::mutation::MutationId,
    pub patch: Patch,
    /// Write sequence at which the mutation succeeded; `None` while it is pending.
    pub committed_at: Option<u64>,
    /// On success, fold into the confirmed data (no invalidation will bring the server's
    /// copy) instead of waiting for a confirming write.
    pub fold_on_commit: bool,
}

/// A public, read-only description of a layer, for devtools.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// assert!(client.inspect(&keys!["x"]).is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerInfo {
    /// The owning mutation.
    pub mutation: crate::mutation::MutationId,
    /// Whether the mutation already succeeded and the layer waits for the server's copy.
    pub committed: bool,
}

/// Folds `layers` over `base` in order.
pub(crate) fn fold(base: Option<AnyRc>, layers: &[Layer]) -> Option<AnyRc> {
    let mut cur = base;
    for l in layers {
        cur = l.patch.apply(cur);
    }
    cur
}
