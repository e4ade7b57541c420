//! In-memory [`Storage`], for tests and for apps that do not persist.

pub use crate::runtime::Storage;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A [`Storage`] kept in memory; clones share the same map, so a "reload" in a test is a
/// new client over a clone.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::storage::{MemoryStorage, Storage};
/// let a = MemoryStorage::default();
/// let b = a.clone();
/// a.set("q", "1").unwrap();
/// assert_eq!(b.get("q").as_deref(), Some("1"));
/// ```
#[derive(Clone, Default)]
pub struct MemoryStorage {
    map: Rc<RefCell<BTreeMap<String, String>>>,
    refuse_writes: Rc<RefCell<bool>>,
}

impl MemoryStorage {
    /// Every key currently stored, sorted.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::storage::{MemoryStorage, Storage};
    /// let s = MemoryStorage::default();
    /// s.set("b", "").unwrap();
    /// s.set("a", "").unwrap();
    /// assert_eq!(s.keys(), vec!["a".to_string(), "b".to_string()]);
    /// ```
    pub fn keys(&self) -> Vec<String> {
        self.map.borrow().keys().cloned().collect()
    }

    /// Makes later writes fail, as a full quota would.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::storage::{MemoryStorage, Storage};
    /// let s = MemoryStorage::default();
    /// s.refuse_writes(true);
    /// assert!(s.set("a", "1").is_err());
    /// ```
    pub fn refuse_writes(&self, refuse: bool) {
        *self.refuse_writes.borrow_mut() = refuse;
    }
}

impl Storage for MemoryStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.map.borrow().get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        if *self.refuse_writes.borrow() {
            return Err("quota exceeded".into());
        }
        self.map
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
        Ok(())
    }
    fn remove(&self, key: &str) {
        self.map.borrow_mut().remove(key);
    }
}
