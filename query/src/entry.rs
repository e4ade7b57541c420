//! One cache entry: confirmed data, the stack of optimistic layers on it, and the status
//! of fetching it.

use crate::error::{CacheError, ErrorInfo, FetchError};
use crate::fetch::{FetchSpec, InFlight};
use crate::key::QueryKey;
use crate::layer::{fold, AnyRc, Layer, TypeTag};
use crate::mutation::MutationId;
use crate::observer::ErasedObserver;
use crate::runtime::Millis;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Whether the query has data, as TanStack's `status`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueryStatus {
    /// No data yet.
    #[default]
    Pending,
    /// Data was received (it may be refetching).
    Success,
    /// The last fetch failed (earlier data, if any, is kept).
    Error,
}

/// What the query's fetch is doing, as TanStack's `fetchStatus`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FetchStatus {
    /// A request is in flight.
    Fetching,
    /// A request waits for the network.
    Paused,
    /// Nothing is running.
    #[default]
    Idle,
}

/// An error whose type the cache does not know; observers downcast it back.
#[derive(Clone)]
pub(crate) struct ErasedError {
    pub info: ErrorInfo,
    pub value: AnyRc,
}

impl ErasedError {
    pub fn new<E: Clone + std::fmt::Display + 'static>(e: FetchError<E>) -> Self {
        ErasedError {
            info: ErrorInfo::of(&e),
            value: Rc::new(e),
        }
    }

    /// The typed error back; an error stored by a fetcher of another error type is
    /// reported by its message.
    pub fn typed<E: Clone + 'static>(&self) -> FetchError<E> {
        self.value
            .downcast_ref::<FetchError<E>>()
            .cloned()
            .unwrap_or_else(|| FetchError::Decode(self.info.message.clone()))
    }
}

/// A cheap snapshot of what observers of an entry may read.
#[derive(Clone)]
pub(crate) struct EntryView {
    pub data: Option<AnyRc>,
    pub status: QueryStatus,
    pub fetch_status: FetchStatus,
    pub error: Option<ErasedError>,
    pub data_updated_at: Option<Millis>,
    pub error_updated_at: Option<Millis>,
    pub failure_count: u32,
    pub invalidated: bool,
    pub pending_layers: usize,
}

pub(crate) struct Entry {
    pub key: QueryKey,
    pub tag: Option<TypeTag>,
    pub confirmed: Option<AnyRc>,
    pub layers: Vec<Layer>,
    visible: Option<AnyRc>,
    visible_valid: bool,
    pub status: QueryStatus,
    pub fetch_status: FetchStatus,
    pub error: Option<ErasedError>,
    pub data_updated_at: Option<Millis>,
    pub error_updated_at: Option<Millis>,
    pub failure_count: u32,
    pub last_write_seq: u64,
    pub invalidated: bool,
    pub stale_time: Millis,
    pub gc_time: Millis,
    pub spec: Option<FetchSpec>,
    pub in_flight: Option<InFlight>,
    pub observers: Vec<(u64, Rc<dyn ErasedObserver>)>,
    pub gc_generation: u64,
}

impl Entry {
    pub fn new(key: QueryKey, stale_time: Millis, gc_time: Millis) -> Self {
        Entry {
            key,
            tag: None,
            confirmed: None,
            layers: Vec::new(),
            visible: None,
            visible_valid: true,
            status: QueryStatus::Pending,
            fetch_status: FetchStatus::Idle,
            error: None,
            data_updated_at: None,
            error_updated_at: None,
            failure_count: 0,
            last_write_seq: 0,
            invalidated: false,
            stale_time,
            gc_time,
            spec: None,
            in_flight: None,
            observers: Vec::new(),
            gc_generation: 0,
        }
    }

    /// What observers see: the confirmed data with every layer applied, in start order.
    pub fn visible(&mut self) -> Option<AnyRc> {
        if !self.visible_valid {
            self.visible = fold(self.confirmed.as_ref(), &self.layers);
            self.visible_valid = true;
        }
        self.visible.clone()
    }

    pub fn view(&mut self) -> EntryView {
        EntryView {
            data: self.visible(),
            status: self.status,
            fetch_status: self.fetch_status,
            error: self.error.clone(),
            data_updated_at: self.data_updated_at,
            error_updated_at: self.error_updated_at,
            failure_count: self.failure_count,
            invalidated: self.invalidated,
            pending_layers: self
                .layers
                .iter()
                .filter(|l| l.committed_at.is_none())
                .count(),
        }
    }

    /// A new layer goes on top: only it needs applying, whatever the depth of the stack.
    pub fn push_layer(&mut self, layer: Layer) {
        if self.visible_valid {
            self.visible = layer.patch.apply(self.visible.take());
        }
        self.layers.push(layer);
    }

    /// Rollback: drops the mutation's layers; the ones above are re-applied on what remains.
    pub fn remove_layers_of(&mut self, mutation: MutationId) -> bool {
        let before = self.layers.len();
        self.layers.retain(|l| l.mutation != mutation);
        let removed = self.layers.len() != before;
        if removed {
            self.visible_valid = false;
            self.compact();
        }
        removed
    }

    /// Marks the mutation's layers as succeeded at write sequence `seq`.
    pub fn commit_layers_of(&mut self, mutation: MutationId, seq: u64) -> bool {
        let mut any = false;
        for l in self.layers.iter_mut().filter(|l| l.mutation == mutation) {
            l.committed_at = Some(seq);
            any = true;
        }
        if any {
            self.compact_at(seq);
        }
        any
    }

    fn compact(&mut self) {
        let seq = self.last_write_seq;
        self.compact_at(seq);
    }

    /// Folds succeeded layers at the bottom of the stack that expect no server copy into
    /// the confirmed data. What is visible does not change.
    fn compact_at(&mut self, seq: u64) {
        let n = self
            .layers
            .iter()
            .take_while(|l| l.committed_at.is_some() && l.fold_on_commit)
            .count();
        if n == 0 {
            return;
        }
        let folded: Vec<Layer> = self.layers.drain(..n).collect();
        self.confirmed = fold(self.confirmed.as_ref(), &folded);
        // Folding is a write: a fetch started before it may not know about the change.
        self.last_write_seq = self.last_write_seq.max(seq);
    }

    /// Replaces the confirmed data. Succeeded layers whose change the new data is known to
    /// include (committed at or before `covers_seq`) retire; pending layers stay on top
    /// (rebase).
    pub fn write_confirmed(&mut self, data: AnyRc, write_seq: u64, covers_seq: u64, now: Millis) {
        self.confirmed = Some(data);
        self.layers
            .retain(|l| l.committed_at.is_none_or(|c| c > covers_seq));
        self.visible_valid = false;
        self.last_write_seq = write_seq;
        self.status = QueryStatus::Success;
        self.data_updated_at = Some(now);
        self.error = None;
        self.failure_count = 0;
        self.invalidated = false;
        self.compact();
    }

    pub fn is_stale(&self, now: Millis) -> bool {
        self.invalidated
            || self.confirmed.is_none()
            || self
                .data_updated_at
                .is_none_or(|t| now.saturating_sub(t) >= self.stale_time)
    }
}

impl Entry {
    /// Fails when the entry holds another type than `tag` (an empty entry takes any).
    pub fn expect_type(&self, tag: TypeTag) -> Result<(), CacheError> {
        match self.tag {
            Some(t) if t != tag => Err(CacheError::TypeMismatch {
                key: self.key.clone(),
                stored: t.name,
                requested: tag.name,
            }),
            _ => Ok(()),
        }
    }

    pub fn has_enabled_observer(&self) -> bool {
        self.observers.iter().any(|(_, o)| o.enabled())
    }

    /// Forgets the data (remove_queries on an observed entry); layers stay.
    pub fn reset_data(&mut self, seq: u64) {
        self.confirmed = None;
        self.visible_valid = false;
        self.status = QueryStatus::Pending;
        self.fetch_status = FetchStatus::Idle;
        self.error = None;
        self.data_updated_at = None;
        self.error_updated_at = None;
        self.failure_count = 0;
        self.last_write_seq = seq;
        self.invalidated = false;
    }
}
