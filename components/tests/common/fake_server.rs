//! A hand-answered fake server: every request waits until the test answers it, so a test
//! decides exactly how requests and renders interleave (the wasm twin of
//! `query/tests/support`).

use futures::channel::oneshot;
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;
use yew_optimistic::FetchError;

/// One request the test has not answered yet.
struct Pending<T> {
    label: String,
    idempotency_key: Option<String>,
    reply: oneshot::Sender<Result<T, FetchError>>,
}

/// Requests of one kind, answered by hand in any order. Clones share the same queue.
///
/// Two gates are equal when they are the same gate, so a gate can be a component prop.
pub struct Gate<T> {
    queue: Rc<RefCell<VecDeque<Pending<T>>>>,
    sent: Rc<RefCell<Vec<String>>>,
    keys: Rc<RefCell<Vec<Option<String>>>>,
}

impl<T> Clone for Gate<T> {
    fn clone(&self) -> Self {
        Gate {
            queue: self.queue.clone(),
            sent: self.sent.clone(),
            keys: self.keys.clone(),
        }
    }
}

impl<T> PartialEq for Gate<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.queue, &other.queue)
    }
}

impl<T> Default for Gate<T> {
    fn default() -> Self {
        Gate {
            queue: Rc::default(),
            sent: Rc::default(),
            keys: Rc::default(),
        }
    }
}

impl<T: 'static> Gate<T> {
    /// Sends a request; it completes when the test answers it. A request whose gate is
    /// dropped unanswered fails as a network error.
    pub fn request(
        &self,
        label: impl Into<String>,
        idempotency_key: Option<String>,
    ) -> impl Future<Output = Result<T, FetchError>> + 'static {
        let (tx, rx) = oneshot::channel();
        let label = label.into();
        self.sent.borrow_mut().push(label.clone());
        self.keys.borrow_mut().push(idempotency_key.clone());
        self.queue.borrow_mut().push_back(Pending {
            label,
            idempotency_key,
            reply: tx,
        });
        async move {
            rx.await
                .unwrap_or_else(|_| Err(FetchError::Network("the fake server hung up".into())))
        }
    }

    /// Number of requests waiting for an answer.
    pub fn len(&self) -> usize {
        self.queue.borrow().len()
    }

    /// Whether no request waits.
    pub fn is_empty(&self) -> bool {
        self.queue.borrow().is_empty()
    }

    /// Labels of the waiting requests, oldest first.
    pub fn labels(&self) -> Vec<String> {
        self.queue
            .borrow()
            .iter()
            .map(|p| p.label.clone())
            .collect()
    }

    /// Labels of every request ever sent, answered or not, in the order sent.
    pub fn sent(&self) -> Vec<String> {
        self.sent.borrow().clone()
    }

    /// Idempotency keys of every request ever sent, in the order sent.
    pub fn sent_keys(&self) -> Vec<Option<String>> {
        self.keys.borrow().clone()
    }

    /// Idempotency keys of the waiting requests.
    pub fn waiting_keys(&self) -> Vec<Option<String>> {
        self.queue
            .borrow()
            .iter()
            .map(|p| p.idempotency_key.clone())
            .collect()
    }

    /// Answers the `i`-th waiting request; returns its label.
    ///
    /// # Panics
    ///
    /// When fewer than `i + 1` requests wait: the test expected a request that was not sent.
    pub fn answer(&self, i: usize, result: Result<T, FetchError>) -> String {
        let pending = self.queue.borrow_mut().remove(i);
        let p = pending.unwrap_or_else(|| {
            panic!(
                "no waiting request #{i}; waiting: {:?}, sent so far: {:?}",
                self.labels(),
                self.sent()
            )
        });
        // The receiver is gone only when the request was cancelled, which is an answer too.
        let _ = p.reply.send(result);
        p.label
    }

    /// Answers the oldest waiting request labelled `label`.
    ///
    /// # Panics
    ///
    /// When no such request waits.
    pub fn answer_label(&self, label: &str, result: Result<T, FetchError>) {
        let i = self.labels().iter().position(|l| l == label);
        let i = i.unwrap_or_else(|| panic!("no waiting {label:?}; waiting: {:?}", self.labels()));
        self.answer(i, result);
    }

    /// Answers the oldest waiting request.
    pub fn answer_next(&self, result: Result<T, FetchError>) -> String {
        self.answer(0, result)
    }
}

/// Decodes a raw JSON body as a real HTTP fetcher would: malformed text becomes
/// `FetchError::Decode` carrying serde_json's own message.
pub fn decode<T: DeserializeOwned>(body: Result<String, FetchError>) -> Result<T, FetchError> {
    let text = body?;
    serde_json::from_str(&text).map_err(|e| FetchError::Decode(e.to_string()))
}

/// The server's definite "no" (a 422): not retried; a change it answers is rolled back.
/// (A 5xx or a network error is not a refusal: a change is kept and sent again under its
/// idempotency key, see `unknown_outcomes_*` in editable_list.rs.)
pub fn server_error(body: &str) -> FetchError {
    FetchError::Http {
        status: 422,
        body: body.into(),
    }
}
