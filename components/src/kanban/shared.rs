//! `Shared`: a value the board holds and its parts read, each part re-rendering only
//! when the piece of it that part shows changes (the board itself never re-renders for
//! it). The move in progress and the state of the board's changes live in one each.

use crate::hooks::subscription::use_subscribed;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use yew::prelude::*;

type Listener<T> = Rc<dyn Fn(&T)>;

struct Inner<T> {
    value: RefCell<Rc<T>>,
    next_id: RefCell<u64>,
    listeners: RefCell<Vec<(u64, Listener<T>)>>,
}

/// A value with listeners. Clones share it; equal when the same.
pub(crate) struct Shared<T>(Rc<Inner<T>>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Ends a listener when dropped.
pub(crate) struct Listening<T> {
    shared: Weak<Inner<T>>,
    id: u64,
}

impl<T> Drop for Listening<T> {
    fn drop(&mut self) {
        if let Some(inner) = self.shared.upgrade() {
            // Taken out under the borrow, dropped after it.
            let removed = {
                let mut ls = inner.listeners.borrow_mut();
                ls.iter()
                    .position(|(i, _)| *i == self.id)
                    .map(|p| ls.swap_remove(p))
            };
            drop(removed);
        }
    }
}

impl<T: 'static> Shared<T> {
    pub(crate) fn new(value: T) -> Self {
        Shared(Rc::new(Inner {
            value: RefCell::new(Rc::new(value)),
            next_id: RefCell::new(0),
            listeners: RefCell::default(),
        }))
    }

    /// The value now.
    pub(crate) fn get(&self) -> Rc<T> {
        self.0.value.borrow().clone()
    }

    /// Replaces the value and tells every listener, with no borrow held.
    pub(crate) fn set(&self, value: T) {
        let value = Rc::new(value);
        let old = self.0.value.replace(value.clone());
        drop(old);
        let listeners: Vec<Listener<T>> = self
            .0
            .listeners
            .borrow()
            .iter()
            .map(|(_, l)| l.clone())
            .collect();
        for listener in listeners {
            listener(&value);
        }
    }

    fn listen(&self, listener: impl Fn(&T) + 'static) -> Listening<T> {
        let id = {
            let mut next = self.0.next_id.borrow_mut();
            *next += 1;
            *next
        };
        self.0.listeners.borrow_mut().push((id, Rc::new(listener)));
        Listening {
            shared: Rc::downgrade(&self.0),
            id,
        }
    }
}

/// `select(value)` now; the component re-renders when a new value of `shared` selects
/// something else than what it shows, and only then.
#[hook]
pub(crate) fn use_selected<T, R, F>(shared: &Shared<T>, select: F) -> R
where
    T: 'static,
    R: Clone + PartialEq + 'static,
    F: Fn(&T) -> R + 'static,
{
    use_subscribed(
        shared.clone(),
        |shared, changed| shared.listen(move |_| changed()),
        move |shared, _| select(&shared.get()),
    )
}
