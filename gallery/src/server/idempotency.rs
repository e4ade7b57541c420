//! Idempotency keys: a change sent again with the same key (a retry after a lost answer,
//! a replay after a reload) gets the first answer and is not applied twice.

use std::collections::HashMap;

/// The answers already given, by idempotency key.
#[derive(Clone, Debug)]
pub struct Replays<T> {
    answers: HashMap<String, T>,
}

impl<T> Default for Replays<T> {
    fn default() -> Self {
        Replays {
            answers: HashMap::new(),
        }
    }
}

impl<T: Clone> Replays<T> {
    /// The answer given to `key` before, if any.
    pub fn answered(&self, key: &str) -> Option<T> {
        self.answers.get(key).cloned()
    }

    /// Remembers the answer given to `key`.
    pub fn remember(&mut self, key: &str, answer: T) {
        self.answers.insert(key.to_owned(), answer);
    }

    /// Forgets every answer (the data was reset).
    pub fn clear(&mut self) {
        self.answers.clear();
    }
}
