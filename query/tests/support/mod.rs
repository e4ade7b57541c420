//! A hand-driven fake server: every request waits until the test answers it, so a test
//! controls exactly how requests interleave.

#![allow(dead_code)]

pub mod fate;
pub mod world;

use futures::channel::oneshot;
use optimistic_query::FetchError;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;

/// One request the test has not answered yet.
pub struct Pending<T> {
    pub label: String,
    pub idempotency_key: Option<String>,
    reply: oneshot::Sender<Result<T, FetchError>>,
}

/// Requests of one kind, answered by hand in any order.
pub struct Gate<T> {
    queue: Rc<RefCell<VecDeque<Pending<T>>>>,
    pub sent: Rc<RefCell<Vec<String>>>,
}

impl<T> Clone for Gate<T> {
    fn clone(&self) -> Self {
        Gate {
            queue: self.queue.clone(),
            sent: self.sent.clone(),
        }
    }
}

impl<T: 'static> Default for Gate<T> {
    fn default() -> Self {
        Gate {
            queue: Rc::default(),
            sent: Rc::default(),
        }
    }
}

impl<T: 'static> Gate<T> {
    pub fn request(
        &self,
        label: impl Into<String>,
        idempotency_key: Option<String>,
    ) -> impl Future<Output = Result<T, FetchError>> + 'static {
        let (tx, rx) = oneshot::channel();
        let label = label.into();
        self.sent.borrow_mut().push(label.clone());
        self.queue.borrow_mut().push_back(Pending {
            label,
            idempotency_key,
            reply: tx,
        });
        async move {
            rx.await
                .unwrap_or(Err(FetchError::Network("dropped".into())))
        }
    }

    pub fn len(&self) -> usize {
        self.queue.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.queue.borrow().is_empty()
    }

    pub fn labels(&self) -> Vec<String> {
        self.queue
            .borrow()
            .iter()
            .map(|p| p.label.clone())
            .collect()
    }

    /// Answers the `i`-th waiting request.
    pub fn answer(&self, i: usize, result: Result<T, FetchError>) -> String {
        let p = self
            .queue
            .borrow_mut()
            .remove(i)
            .expect("no such pending request");
        let _ = p.reply.send(result);
        p.label
    }

    pub fn answer_next(&self, result: Result<T, FetchError>) -> String {
        self.answer(0, result)
    }
}

impl<T: 'static> Gate<T> {
    /// Idempotency keys of the waiting requests.
    pub fn queue_keys(&self) -> Vec<Option<String>> {
        self.queue
            .borrow()
            .iter()
            .map(|p| p.idempotency_key.clone())
            .collect()
    }
}
