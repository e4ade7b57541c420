//! One cache entry: confirmed data, the stack of optimistic layers on it, and the status
//! of fetching it.

use crate::error::{AbortReason, CacheError, ErrorInfo, FetchError};
use crate::fetch::{FetchSpec, InFlight};
use crate::infinite::PageDirection;
use crate::key::QueryKey;
use crate::layer::{AnyRc, Layer, TypeTag};
use crate::mutation::MutationId;
use crate::observer::ErasedObserver;
use crate::runtime::Millis;
use crate::version::VersionSlot;
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
    /// Why it was aborted, for an abort: the engine treats a discard apart.
    pub abort: Option<AbortReason>,
}

impl ErasedError {
    // Kept out of line: every fetcher and request function of the same error type
    // shares one copy (it formats the message).
    #[inline(never)]
    pub fn new<E: Clone + std::fmt::Display + 'static>(e: FetchError<E>) -> Self {
        let abort = match &e {
            FetchError::Aborted(reason) => Some(*reason),
            _ => None,
        };
        ErasedError {
            info: ErrorInfo::of(&e),
            value: Rc::new(e),
            abort,
        }
    }

    /// An error the engine itself makes (an abort, a mismatch): it has no application
    /// payload, so every typed view of it reads the same.
    pub fn engine(e: FetchError<std::convert::Infallible>) -> Self {
        ErasedError::new(e)
    }

    /// Lends the typed error to `f` without cloning it (see [`typed`](Self::typed)).
    pub fn with_typed<E: 'static, R>(&self, f: impl FnOnce(&FetchError<E>) -> R) -> R {
        if let Some(e) = self.value.downcast_ref::<FetchError<E>>() {
            return f(e);
        }
        let e = match self
            .value
            .downcast_ref::<FetchError<std::convert::Infallible>>()
        {
            Some(e) => e.clone().map_app(|never| match never {}),
            None => FetchError::Decode(self.info.message.clone()),
        };
        f(&e)
    }

    /// The typed error back; an error the engine made converts to any error type, and
    /// one stored by a fetcher of another error type is reported by its message.
    pub fn typed<E: Clone + 'static>(&self) -> FetchError<E> {
        if let Some(e) = self.value.downcast_ref::<FetchError<E>>() {
            return e.clone();
        }
        match self
            .value
            .downcast_ref::<FetchError<std::convert::Infallible>>()
        {
            Some(e) => e.clone().map_app(|never| match never {}),
            None => FetchError::Decode(self.info.message.clone()),
        }
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
    pub failure_reason: Option<ErasedError>,
    pub invalidated: bool,
    pub is_stale: bool,
    pub pending_layers: usize,
    /// The page an infinite query is fetching, if that is what runs.
    pub fetching_page: Option<PageDirection>,
}

/// A sent mutation's request on this key, from its first send to its settle: a fetch
/// answer whose request overlaps it may or may not include the change.
#[derive(Clone, Debug)]
pub(crate) struct WriteWindow {
    pub mutation: MutationId,
    pub settled_seq: Option<u64>,
    /// Its patches give the same data applied once or twice.
    pub idempotent: bool,
    /// It settled with a success (its layers were committed).
    pub succeeded: bool,
    /// The version the server gave the change, when the source reports one.
    pub version: VersionSlot,
}

/// A fetch answer that may or may not include writes still in flight when it landed:
/// kept beside the entry until they settle, then shown (rebased) or dropped.
pub(crate) struct HeldAnswer {
    pub data: AnyRc,
    /// When its request went out: writes settled before are in it.
    pub started_seq: u64,
    /// The version the source reported with it.
    pub version: Option<u64>,
    /// The writes it may or may not include: sent before it landed and not settled
    /// when it was requested.
    pub overlapping: Vec<MutationId>,
}

/// What to do with an answer that may overlap writes.
#[derive(Debug, PartialEq)]
pub(crate) enum Verdict {
    /// Show it; the committed layers of `includes` are in it and retire. Unless
    /// `exact`, a write it overlapped is still a guess (it failed, perhaps after the
    /// server applied it; or it succeeded without a version and its idempotent layer
    /// stays on top): the key is read again once no write to it is in flight.
    Show {
        includes: Vec<MutationId>,
        exact: bool,
    },
    /// Hold it until a write it may include settles.
    Wait,
    /// It cannot be shown without risking a change twice or an accepted change gone.
    Drop,
}

/// The last folded visible data, valid for one `version` of confirmed data and layers,
/// covering the first `upto` layers.
#[derive(Default)]
struct VisibleCache {
    value: Option<AnyRc>,
    version: u64,
    upto: usize,
    valid: bool,
}

/// Folding to do outside the borrow: `layers` applied on `start`.
pub(crate) struct FoldJob {
    pub start: Option<AnyRc>,
    pub layers: Vec<Layer>,
    pub version: u64,
    pub upto: usize,
}

pub(crate) struct Entry {
    pub key: QueryKey,
    pub tag: Option<TypeTag>,
    pub confirmed: Option<AnyRc>,
    pub layers: Vec<Layer>,
    /// Moves whenever the confirmed data or the layers change, except for a layer pushed
    /// on top (which the cached visible data can absorb by applying only it).
    pub version: u64,
    cache: VisibleCache,
    pub status: QueryStatus,
    pub fetch_status: FetchStatus,
    pub error: Option<ErasedError>,
    pub data_updated_at: Option<Millis>,
    pub error_updated_at: Option<Millis>,
    pub failure_count: u32,
    /// The error of the current or last fetch's latest failed attempt (TanStack's
    /// `failureReason`): set while retries run, cleared by success or a new fetch.
    pub failure_reason: Option<ErasedError>,
    /// The last explicit write (`set_query_data`, a removal): answers to requests sent
    /// before it are older than what the cache holds.
    pub last_write_seq: u64,
    /// When the confirmed data was last written (an answer landed, or an explicit write).
    pub confirmed_seq: u64,
    pub invalidated: bool,
    pub stale_time: Millis,
    pub gc_time: Millis,
    pub spec: Option<FetchSpec>,
    pub in_flight: Option<InFlight>,
    pub observers: Vec<(u64, Rc<dyn ErasedObserver>)>,
    pub writes: Vec<WriteWindow>,
    /// An answer was dropped because it overlapped a write: fetch again once no write
    /// to this key is in flight.
    pub refetch_after_writes: bool,
    /// The newest answer that landed while writes it may include were in flight.
    pub held: Option<HeldAnswer>,
    /// A collection timer is running for this entry.
    pub gc_timer: bool,
    /// When the running staleness timer fires (it tells observers the data went stale).
    pub stale_timer: Option<Millis>,
    /// When the entry last lost its last observer (or was made without one).
    pub idle_since: Millis,
}

impl Entry {
    pub fn new(key: QueryKey, stale_time: Millis, gc_time: Millis, now: Millis) -> Self {
        Entry {
            key,
            tag: None,
            confirmed: None,
            layers: Vec::new(),
            version: 0,
            cache: VisibleCache {
                valid: true,
                ..VisibleCache::default()
            },
            status: QueryStatus::Pending,
            fetch_status: FetchStatus::Idle,
            error: None,
            data_updated_at: None,
            error_updated_at: None,
            failure_count: 0,
            failure_reason: None,
            last_write_seq: 0,
            confirmed_seq: 0,
            invalidated: false,
            stale_time,
            gc_time,
            spec: None,
            in_flight: None,
            observers: Vec::new(),
            writes: Vec::new(),
            refetch_after_writes: false,
            held: None,
            gc_timer: false,
            stale_timer: None,
            idle_since: now,
        }
    }

    /// The visible data when it is already folded.
    pub fn visible_cached(&self) -> Option<Option<AnyRc>> {
        let c = &self.cache;
        (c.valid && c.version == self.version && c.upto == self.layers.len())
            .then(|| c.value.clone())
    }

    /// What remains to fold: only the layers pushed since the last fold when that fold is
    /// still valid, else everything from the confirmed data. The cached value is taken
    /// out, so a patch that edits in place can reuse it when nobody else holds it.
    pub fn fold_job(&mut self) -> FoldJob {
        let c = &mut self.cache;
        let job = if c.valid && c.version == self.version && c.upto <= self.layers.len() {
            FoldJob {
                start: c.value.take(),
                layers: self.layers[c.upto..].to_vec(),
                version: self.version,
                upto: self.layers.len(),
            }
        } else {
            FoldJob {
                start: self.confirmed.clone(),
                layers: self.layers.clone(),
                version: self.version,
                upto: self.layers.len(),
            }
        };
        // While the fold runs, nobody may build on the half-taken cache.
        c.valid = false;
        job
    }

    /// Keeps a fold's result if nothing changed while it ran; the value it replaces is
    /// handed back, to be dropped after the borrow.
    pub fn store_visible(
        &mut self,
        version: u64,
        upto: usize,
        value: Option<AnyRc>,
    ) -> Result<Option<AnyRc>, Option<AnyRc>> {
        if self.version != version || upto > self.layers.len() {
            return Err(value);
        }
        let old = std::mem::replace(
            &mut self.cache,
            VisibleCache {
                value,
                version,
                upto,
                valid: true,
            },
        );
        Ok(old.value)
    }

    pub fn view(&self, data: Option<AnyRc>, now: Millis) -> EntryView {
        EntryView {
            data,
            status: self.status,
            fetch_status: self.fetch_status,
            error: self.error.clone(),
            data_updated_at: self.data_updated_at,
            error_updated_at: self.error_updated_at,
            failure_count: self.failure_count,
            failure_reason: self.failure_reason.clone(),
            invalidated: self.invalidated,
            is_stale: self.is_stale(now),
            pending_layers: self
                .layers
                .iter()
                .filter(|l| l.committed_at.is_none())
                .count(),
            fetching_page: self.in_flight.as_ref().and_then(|f| f.page),
        }
    }

    /// Adds a layer in start (mutation id) order. On top, only it needs applying; a layer
    /// restored late into the middle of the stack refolds it.
    pub fn push_layer(&mut self, layer: Layer) {
        let pos = self
            .layers
            .iter()
            .rposition(|l| l.mutation <= layer.mutation)
            .map_or(0, |i| i + 1);
        if pos != self.layers.len() {
            self.version += 1;
        }
        self.layers.insert(pos, layer);
    }

    /// Rollback: takes the mutation's layers out (the ones above are re-applied on what
    /// remains) and hands them back, to be dropped after the borrow.
    pub fn remove_layers_of(&mut self, mutation: MutationId) -> Vec<Layer> {
        let (removed, kept): (Vec<Layer>, Vec<Layer>) = std::mem::take(&mut self.layers)
            .into_iter()
            .partition(|l| l.mutation == mutation);
        self.layers = kept;
        if !removed.is_empty() {
            self.version += 1;
        }
        removed
    }

    /// Marks the mutation's layers as succeeded at `seq`. What is visible does not change;
    /// folding them into the confirmed data happens at the next delivery.
    pub fn commit_layers_of(&mut self, mutation: MutationId, seq: u64) -> bool {
        let mut any = false;
        for l in self.layers.iter_mut().filter(|l| l.mutation == mutation) {
            l.committed_at = Some(seq);
            any = true;
        }
        any
    }

    /// The succeeded layers at the bottom of the stack that expect no server copy, to
    /// fold into the confirmed data (outside the borrow).
    /// A layer that succeeded while a read of the key was out stays a layer until that
    /// read is judged: the answer may or may not hold the change, and only the layer can
    /// tell the two apart (see [`judge`](Self::judge)).
    pub fn compaction_job(&self) -> Option<FoldJob> {
        let open_read = self.oldest_open_read().unwrap_or(u64::MAX);
        let n = self
            .layers
            .iter()
            .take_while(|l| l.fold_on_commit && l.committed_at.is_some_and(|c| c <= open_read))
            .count();
        (n > 0).then(|| FoldJob {
            start: self.confirmed.clone(),
            layers: self.layers[..n].to_vec(),
            version: self.version,
            upto: n,
        })
    }

    /// The succeeded layers still waiting for the server's copy, bottom first: the
    /// changes the server accepted since the confirmed data, to fold (outside the
    /// borrow) for whoever asks what the server holds.
    pub fn accepted_layers(&self) -> Vec<Layer> {
        self.layers
            .iter()
            .filter(|l| l.committed_at.is_some())
            .cloned()
            .collect()
    }

    /// Keeps a compaction's result if nothing changed while it ran. The visible data is
    /// the same value as before, so observers are not asked to select again. Hands back
    /// what it replaced (the old confirmed data and the folded layers), or the result
    /// when it came too late.
    pub fn store_compaction(
        &mut self,
        version: u64,
        n: usize,
        confirmed: Option<AnyRc>,
    ) -> Result<(Option<AnyRc>, Vec<Layer>), Option<AnyRc>> {
        if self.version != version || n > self.layers.len() {
            return Err(confirmed);
        }
        let old = std::mem::replace(&mut self.confirmed, confirmed);
        let folded: Vec<Layer> = self.layers.drain(..n).collect();
        self.version += 1;
        let c = &mut self.cache;
        if c.valid && c.version == version && c.upto >= n {
            c.version = self.version;
            c.upto -= n;
        } else {
            c.valid = false;
        }
        Ok((old, folded))
    }

    /// Replaces the confirmed data with the server's word (an explicit write, initial or
    /// restored data): succeeded layers retire, pending layers stay on top (rebase).
    /// An explicit write also makes a held answer obsolete.
    pub fn write_confirmed(
        &mut self,
        data: AnyRc,
        seq: u64,
        explicit: bool,
        now: Millis,
    ) -> (
        Option<AnyRc>,
        Vec<Layer>,
        Option<ErasedError>,
        Option<HeldAnswer>,
    ) {
        let held = if explicit { self.held.take() } else { None };
        let (old, retired, reason) = self.replace_confirmed(data, seq, explicit, now, |_| true);
        (old, retired, reason, held)
    }

    /// Replaces the confirmed data with a fetch answer requested at `started_seq`. The
    /// succeeded layers it holds retire: those settled before it was requested and those
    /// of `includes` (judged by version). Those it may not hold stay, committed, on top
    /// (only ever an idempotent change, or one sent after it landed, see
    /// [`judge`](Self::judge)), for a later answer to retire; pending layers stay on top.
    pub fn write_answer(
        &mut self,
        data: AnyRc,
        seq: u64,
        started_seq: u64,
        includes: &[MutationId],
        now: Millis,
    ) -> (Option<AnyRc>, Vec<Layer>, Option<ErasedError>) {
        self.replace_confirmed(data, seq, false, now, |l| {
            l.committed_at.is_some_and(|c| c <= started_seq) || includes.contains(&l.mutation)
        })
    }

    fn replace_confirmed(
        &mut self,
        data: AnyRc,
        seq: u64,
        explicit: bool,
        now: Millis,
        included: impl Fn(&Layer) -> bool,
    ) -> (Option<AnyRc>, Vec<Layer>, Option<ErasedError>) {
        let old = self.confirmed.replace(data);
        self.confirmed_seq = seq;
        let (retired, kept): (Vec<Layer>, Vec<Layer>) = std::mem::take(&mut self.layers)
            .into_iter()
            .partition(|l| l.committed_at.is_some() && included(l));
        self.layers = kept;
        self.version += 1;
        if explicit {
            self.last_write_seq = seq;
        }
        self.status = QueryStatus::Success;
        self.data_updated_at = Some(now);
        self.error = None;
        self.failure_count = 0;
        let reason = self.failure_reason.take();
        self.invalidated = false;
        (old, retired, reason)
    }

    /// Replaces the confirmed data with the pages plus one fetched page (an infinite
    /// query's `fetch_next_page`). Unlike a full answer, it is not the server's copy of
    /// the pages it kept: succeeded layers keep waiting for one, and an invalidated
    /// entry stays invalidated. Hands back what it replaced.
    pub fn add_confirmed_page(
        &mut self,
        data: AnyRc,
        seq: u64,
        now: Millis,
    ) -> (Option<AnyRc>, Option<ErasedError>) {
        let old = self.confirmed.replace(data);
        self.confirmed_seq = seq;
        self.version += 1;
        self.status = QueryStatus::Success;
        self.data_updated_at = Some(now);
        self.error = None;
        self.failure_count = 0;
        (old, self.failure_reason.take())
    }

    pub fn is_stale(&self, now: Millis) -> bool {
        self.invalidated
            || self.confirmed.is_none()
            || self
                .data_updated_at
                .is_none_or(|t| now.saturating_sub(t) >= self.stale_time)
    }

    /// A mutation's request on this key was sent; `version` is where its function
    /// reports the version its change produced.
    pub fn open_write(&mut self, mutation: MutationId, idempotent: bool, version: VersionSlot) {
        if !self.writes.iter().any(|w| w.mutation == mutation) {
            self.writes.push(WriteWindow {
                mutation,
                settled_seq: None,
                idempotent,
                succeeded: false,
                version,
            });
        }
    }

    /// A mutation settled at `seq` (its layers were committed just before when it
    /// succeeded).
    pub fn close_write(&mut self, mutation: MutationId, seq: u64) {
        let succeeded = self
            .layers
            .iter()
            .any(|l| l.mutation == mutation && l.committed_at == Some(seq));
        for w in self.writes.iter_mut().filter(|w| w.mutation == mutation) {
            w.settled_seq = Some(seq);
            w.succeeded = succeeded;
        }
    }

    /// The writes an answer requested at `started_seq` may or may not include: every
    /// one sent so far that had not settled when the request went out.
    pub fn overlapping(&self, started_seq: u64) -> Vec<MutationId> {
        self.writes
            .iter()
            .filter(|w| w.settled_seq.is_none_or(|s| s > started_seq))
            .map(|w| w.mutation)
            .collect()
    }

    /// Whether an answer requested at `started_seq`, reporting `version`, that may
    /// include the `overlapping` writes can be shown now (the bounded-staleness rule,
    /// with versions exact):
    /// - a write still in flight: wait for it, unless it is idempotent (its pending layer
    ///   on top gives the same data whether the answer holds it or not);
    /// - a write that failed: its layer is gone, the answer is what the server said;
    /// - a write that succeeded with a version: in the answer when its version is at most
    ///   the answer's (its layer retires), else its layer stays on top;
    /// - one that succeeded without a version: its committed layer stays on top when it
    ///   is idempotent; otherwise the answer cannot be shown (with the layer the change
    ///   might show twice, without it an accepted change might vanish) and is dropped.
    pub fn judge(&self, version: Option<u64>, overlapping: &[MutationId]) -> Verdict {
        let mut wait = false;
        let mut exact = true;
        let mut includes = Vec::new();
        for w in self
            .writes
            .iter()
            .filter(|w| overlapping.contains(&w.mutation))
        {
            match w.settled_seq {
                None => wait |= !w.idempotent,
                // A failure may have applied (a 503 after the write, a lost answer):
                // the answer may or may not hold it, and rule 4's refetch may have
                // joined this very request.
                Some(_) if !w.succeeded => exact = false,
                Some(_) => {
                    let has_layer = self
                        .layers
                        .iter()
                        .any(|l| l.mutation == w.mutation && l.committed_at.is_some());
                    match (version, w.version.get()) {
                        (Some(answer), Some(write)) if write <= answer => includes.push(w.mutation),
                        (Some(_), Some(_)) if has_layer => {}
                        _ if has_layer && w.idempotent => exact = false,
                        _ => return Verdict::Drop,
                    }
                }
            }
        }
        if wait {
            Verdict::Wait
        } else {
            Verdict::Show { includes, exact }
        }
    }

    /// Where the oldest read of the key still to be judged was requested: the fetch in
    /// flight or the held answer.
    pub fn oldest_open_read(&self) -> Option<u64> {
        let flying = self.in_flight.as_ref().map(|f| f.started_seq);
        let held = self.held.as_ref().map(|h| h.started_seq);
        match (flying, held) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether sending `mutation` now puts it on the server in another order than its
    /// layer's place: an earlier call's layer is still unsent below it, or a later
    /// call's layer above it was already sent.
    pub fn sent_out_of_order(&self, mutation: MutationId) -> bool {
        let sent = |m: MutationId| self.writes.iter().any(|w| w.mutation == m);
        self.layers.iter().any(|l| {
            (l.mutation < mutation && l.committed_at.is_none() && !sent(l.mutation))
                || (l.mutation > mutation && (l.committed_at.is_some() || sent(l.mutation)))
        })
    }

    pub fn has_open_writes(&self) -> bool {
        self.writes.iter().any(|w| w.settled_seq.is_none())
    }

    /// Whether an answer to a request sent at `started_seq` cannot be used: a mutation
    /// was sent before the answer arrived (its window is here) and had not settled when
    /// the request was sent, so the answer may or may not include its change. Only a
    /// pending idempotent change is harmless: its layer re-applied on top gives the same
    /// data either way. One that settled meanwhile may have folded into the confirmed
    /// data, which an answer from before it would erase.
    pub fn overlaps_write(&self, started_seq: u64) -> bool {
        self.writes.iter().any(|w| match w.settled_seq {
            None => !w.idempotent,
            Some(s) => s > started_seq,
        })
    }

    /// Forgets windows no request still in flight (or answer held) can overlap.
    pub fn prune_writes(&mut self) {
        let oldest = self.oldest_open_read();
        self.writes.retain(|w| match (w.settled_seq, oldest) {
            (None, _) => true,
            (Some(s), Some(started)) => s > started,
            (Some(_), None) => false,
        });
    }

    /// Whether the entry must stay: observed, holding pending work, or fetching.
    pub fn is_busy(&self) -> bool {
        !self.observers.is_empty()
            || self.layers.iter().any(|l| l.committed_at.is_none())
            || self.in_flight.is_some()
            || self.has_open_writes()
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

    /// Forgets the data (remove_queries on an observed entry, reset_queries) and any
    /// held answer; layers stay. Hands back the data and errors it dropped, to be dropped after the borrow.
    pub fn reset_data(
        &mut self,
        seq: u64,
    ) -> (Option<AnyRc>, [Option<ErasedError>; 2], Option<HeldAnswer>) {
        let old = self.confirmed.take();
        self.version += 1;
        self.status = QueryStatus::Pending;
        self.fetch_status = FetchStatus::Idle;
        self.data_updated_at = None;
        self.error_updated_at = None;
        self.failure_count = 0;
        self.last_write_seq = seq;
        self.invalidated = false;
        (
            old,
            [self.error.take(), self.failure_reason.take()],
            self.held.take(),
        )
    }
}
