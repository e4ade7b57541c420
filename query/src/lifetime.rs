//! The client's timers end with the client.
//!
//! A timer task (garbage collection, staleness, polling, persistence throttles) holds the
//! client only weakly, so it never keeps a page's cache alive. But the task itself, its
//! sleep and, in a browser, the `setTimeout` closure behind it lived on until the deadline:
//! a provider unmounted with its client left about a kilobyte of tasks and closures per
//! mount for the 5-minute gc time. A [`Timer`] is a sleep that also ends when the client's
//! [`Lifetime`] does, so the executor drops the task (and the browser timer) at once.

use futures::future::LocalBoxFuture;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
struct Shared {
    ended: Cell<bool>,
    /// The waiting timers' wakers by slot; a timer gives its slot back when dropped, so
    /// the table stays as long as the number of timers waiting at once.
    wakers: RefCell<Vec<Option<Waker>>>,
    free: RefCell<Vec<usize>>,
}

/// Owned by the client's shared state: dropping it (the last client handle went) wakes
/// every [`Timer`] so that it ends.
#[derive(Default)]
pub(crate) struct Lifetime(Rc<Shared>);

impl Lifetime {
    /// `sleep`, ended early when the client goes.
    pub fn timer(&self, sleep: LocalBoxFuture<'static, ()>) -> Timer {
        Timer {
            sleep,
            life: self.0.clone(),
            slot: None,
        }
    }
}

impl Drop for Lifetime {
    fn drop(&mut self) {
        self.0.ended.set(true);
        // Taken out first: waking runs executor code, which must not find the table
        // borrowed.
        let wakers = std::mem::take(&mut *self.0.wakers.borrow_mut());
        for waker in wakers.into_iter().flatten() {
            waker.wake();
        }
    }
}

/// A sleep that completes at its deadline or when the client is dropped, whichever comes
/// first. The task awaiting it then finds the client gone and ends.
pub(crate) struct Timer {
    sleep: LocalBoxFuture<'static, ()>,
    life: Rc<Shared>,
    slot: Option<usize>,
}

impl Future for Timer {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.life.ended.get() || self.sleep.as_mut().poll(cx).is_ready() {
            return Poll::Ready(());
        }
        let this = &mut *self;
        let mut wakers = this.life.wakers.borrow_mut();
        let slot = *this.slot.get_or_insert_with(|| {
            this.life.free.borrow_mut().pop().unwrap_or_else(|| {
                wakers.push(None);
                wakers.len() - 1
            })
        });
        if let Some(entry) = wakers.get_mut(slot) {
            *entry = Some(cx.waker().clone());
        }
        Poll::Pending
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        let Some(slot) = self.slot else { return };
        if self.life.ended.get() {
            return;
        }
        let old = self
            .life
            .wakers
            .borrow_mut()
            .get_mut(slot)
            .and_then(Option::take);
        self.life.free.borrow_mut().push(slot);
        drop(old);
    }
}
