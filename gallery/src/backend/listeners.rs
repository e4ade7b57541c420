//! Who wants to hear that a backend changed (its settings, data or counters).

use std::cell::RefCell;
use std::rc::Rc;

type Listener = Rc<dyn Fn()>;

/// The last id handed out, and the live listeners by id.
#[derive(Default)]
struct Registry {
    last: u64,
    live: Vec<(u64, Listener)>,
}

/// A list of callbacks; each registration lives as long as its [`Registration`].
#[derive(Clone, Default)]
pub struct Listeners {
    inner: Rc<RefCell<Registry>>,
}

impl Listeners {
    /// Calls `listener` on every [`notify`](Self::notify) until the registration is dropped.
    pub fn add(&self, listener: impl Fn() + 'static) -> Registration {
        let mut inner = self.inner.borrow_mut();
        inner.last += 1;
        let id = inner.last;
        inner.live.push((id, Rc::new(listener)));
        Registration {
            listeners: self.clone(),
            id,
        }
    }

    /// Calls every listener.
    pub fn notify(&self) {
        // Clone first: a listener may re-render a component that adds or drops one.
        let all: Vec<Listener> = self
            .inner
            .borrow()
            .live
            .iter()
            .map(|(_, l)| l.clone())
            .collect();
        for listener in all {
            listener();
        }
    }
}

/// Keeps a listener registered; dropping it unregisters.
pub struct Registration {
    listeners: Listeners,
    id: u64,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.listeners
            .inner
            .borrow_mut()
            .live
            .retain(|(id, _)| *id != self.id);
    }
}
