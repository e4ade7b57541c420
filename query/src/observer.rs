//! Query observers: an observer selects part of an entry and is notified only when what
//! it selected changed.

use crate::client::QueryClient;
use crate::defaults::DefaultFlags;
use crate::entry::EntryView;
use crate::entry::QueryStatus;
use crate::error::CacheError;
use crate::key::QueryKey;
use crate::layer::AnyRc;
use crate::notify::Listener;
use crate::query_options::{Placeholder, QueryOptions, Refetch};
use crate::query_result::{NotifyOn, QueryResult};
use crate::runtime::Millis;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

/// The cache's view of an observer, without its types.
pub(crate) trait ErasedObserver {
    /// Recomputes the result from `view`; returns the listener if the result changed.
    /// The data the observer held before goes to `retired`, to be freed after the
    /// listeners ran rather than on the notification path.
    fn update(&self, view: &EntryView, retired: &mut Vec<AnyRc>) -> Option<Listener>;
    /// Recomputes the result from `view` without telling the listener (the observer's
    /// own read, on creation and new options); called with no borrow held.
    fn refresh(&self, view: &EntryView);
    /// The settings that do not depend on the observer's types.
    fn flags(&self) -> &Flags;
    /// The same, shared with the polling task.
    fn flags_rc(&self) -> &Rc<Flags>;
    fn enabled(&self) -> bool {
        self.flags().enabled.get()
    }
    fn refetch_on_focus(&self) -> Refetch {
        self.flags().on_focus.get()
    }
    fn refetch_on_reconnect(&self) -> Refetch {
        self.flags().on_reconnect.get()
    }
}

/// What an observer is besides its types: its flags, its polling and its listener. The
/// code that reads them is compiled once for every observer type.
pub(crate) struct Flags {
    notify_on: Cell<NotifyOn>,
    enabled: Cell<bool>,
    on_focus: Cell<Refetch>,
    on_reconnect: Cell<Refetch>,
    interval: Cell<Option<Millis>>,
    /// Polls while the page is hidden too.
    in_background: Cell<bool>,
    /// Bumped when the interval changes, so the old polling task stops.
    interval_generation: Cell<u64>,
    listener: RefCell<Option<Listener>>,
}

/// A polling period and the routine that polls ([`poll`]). Only the options that ask for
/// polling name the routine, so an app that never polls links none of its code.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Interval {
    every: Millis,
    poll: Poll,
}

/// Starts polling `key` every `ms` for the observer with `flags`, until the flags'
/// interval generation moves past `generation`.
type Poll = fn(&QueryClient, &QueryKey, &Rc<Flags>, Millis, u64);

impl Interval {
    /// Polling every `ms` (`0`: none).
    pub(crate) fn every(ms: Millis) -> Option<Self> {
        (ms > 0).then_some(Interval {
            every: ms,
            poll: poll as Poll,
        })
    }
}

/// The options an observer takes that do not depend on its types.
#[derive(Clone, Copy)]
struct Settings {
    notify_on: NotifyOn,
    enabled: bool,
    on_focus: Refetch,
    on_reconnect: Refetch,
    refetch_on_mount: Refetch,
    interval: Option<Interval>,
    in_background: bool,
}

impl Settings {
    /// The options' settings, what they leave unset from their key's `defaults`.
    fn of<T, E>(options: &QueryOptions<T, E>, defaults: DefaultFlags) -> Self {
        let (focus, reconnect, interval) = defaults;
        Settings {
            notify_on: options.notify_on,
            enabled: options.enabled,
            on_focus: options
                .refetch_on_window_focus
                .or(focus)
                .unwrap_or_default(),
            on_reconnect: options
                .refetch_on_reconnect
                .or(reconnect)
                .unwrap_or_default(),
            refetch_on_mount: options.refetch_on_mount,
            interval: options.refetch_interval.or(interval),
            in_background: options.refetch_interval_in_background,
        }
    }
}

type Select<T, S> = Rc<dyn Fn(&Rc<T>) -> S>;

struct ObserverCell<T, E, S> {
    flags: Rc<Flags>,
    select: RefCell<Select<T, S>>,
    placeholder: RefCell<Option<Placeholder<T>>>,
    /// The data this observer had before its query lost it (or before it took over from
    /// another observer): what a placeholder function gets as the previous data. While
    /// the query has data it is `None`, and `last_input` holds it (one reference per
    /// observer, not two: each change would otherwise retire two).
    last_defined: RefCell<Option<Rc<T>>>,
    last_input: RefCell<Option<AnyRc>>,
    result: RefCell<QueryResult<S, E>>,
}

impl<T: 'static, E: Clone + PartialEq + 'static, S: Clone + PartialEq + 'static>
    ObserverCell<T, E, S>
{
    /// The query's data as this observer last saw it, or what it had before the query
    /// lost it.
    fn last_data(&self) -> Option<Rc<T>> {
        let input = self.last_input.borrow().clone();
        input
            .and_then(|d| d.downcast::<T>().ok())
            .or_else(|| self.last_defined.borrow().clone())
    }

    /// Keeps `input` (data this observer is letting go of) as the previous data for a
    /// placeholder; returns what it replaces, to be retired.
    fn keep_as_previous(&self, input: Option<AnyRc>) -> Option<AnyRc> {
        match input.map(|d| d.downcast::<T>()) {
            Some(Ok(t)) => self.last_defined.replace(Some(t)).map(|old| old as AnyRc),
            Some(Err(other)) => Some(other),
            None => None,
        }
    }

    fn compute(&self, view: &EntryView, retired: &mut Vec<AnyRc>) -> QueryResult<S, E> {
        let same_input = match (&*self.last_input.borrow(), &view.data) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        let typed = view.data.clone().and_then(|d| d.downcast::<T>().ok());
        let (data, is_placeholder) = match typed {
            // Selecting is skipped when the entry's data object did not change.
            Some(_)
                if same_input
                    && !self.result.borrow().is_placeholder
                    && self.result.borrow().data.is_some() =>
            {
                (self.result.borrow().data.clone(), false)
            }
            Some(t) => {
                let selected = (self.select.borrow())(&t);
                if let Some(old) = self.last_defined.take() {
                    retired.push(old as AnyRc);
                }
                (Some(selected), false)
            }
            // As TanStack's: only a pending query shows a placeholder (not a failed one).
            None if view.status == QueryStatus::Pending => {
                let placeholder = self.placeholder.borrow().clone();
                let previous = self.last_data();
                // A placeholder function is the app's code; no borrow of the client is
                // held here.
                match placeholder.and_then(|p| p.get(previous.as_ref())) {
                    Some(p) => (Some((self.select.borrow())(&p)), true),
                    None => (None, false),
                }
            }
            None => (None, false),
        };
        let old = self.last_input.replace(view.data.clone());
        if view.data.is_none() {
            retired.extend(self.keep_as_previous(old));
        } else {
            retired.extend(old);
        }
        let error = view.error.as_ref().map(|e| e.typed());
        QueryResult {
            data,
            error,
            // As TanStack's: placeholder data reads as success.
            status: if is_placeholder {
                QueryStatus::Success
            } else {
                view.status
            },
            fetch_status: view.fetch_status,
            data_updated_at: view.data_updated_at,
            error_updated_at: view.error_updated_at,
            failure_count: view.failure_count,
            failure_reason: view.failure_reason.as_ref().map(|e| e.typed()),
            is_placeholder,
            is_optimistic: view.pending_layers > 0,
            is_invalidated: view.invalidated,
            is_stale: view.is_stale,
            fetching_page: view.fetching_page,
        }
    }
}

impl<T: 'static, E: Clone + PartialEq + 'static, S: Clone + PartialEq + 'static> ErasedObserver
    for ObserverCell<T, E, S>
{
    fn update(&self, view: &EntryView, retired: &mut Vec<AnyRc>) -> Option<Listener> {
        let next = self.compute(view, retired);
        let changed = {
            let prev = self.result.borrow();
            match self.flags.notify_on.get() {
                NotifyOn::All => *prev != next,
                NotifyOn::Data => {
                    prev.data != next.data || prev.error != next.error || prev.status != next.status
                }
            }
        };
        *self.result.borrow_mut() = next;
        if changed {
            self.flags.listener.borrow().clone()
        } else {
            None
        }
    }
    fn refresh(&self, view: &EntryView) {
        let mut retired = Vec::new();
        let next = self.compute(view, &mut retired);
        let old = self.result.replace(next);
        drop((old, retired));
    }
    fn flags(&self) -> &Flags {
        &self.flags
    }
    fn flags_rc(&self) -> &Rc<Flags> {
        &self.flags
    }
}

/// Watches one query: registers its fetcher, fetches when the data is missing or stale,
/// and tells its listener when the selected result changes. Dropping it unsubscribes.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
/// let rt = TestRuntime::new();
/// let client = QueryClient::new(rt.runtime());
/// let opts = QueryOptions::new(keys!["todos"], |_| async { Ok::<_, FetchError>(vec!["a", "b"]) });
/// let count = QueryObserver::with_select(&client, opts, |v: &std::rc::Rc<Vec<&str>>| v.len()).unwrap();
/// assert!(count.result().is_loading());
/// rt.run();
/// assert_eq!(count.result().data, Some(2));
/// ```
pub struct QueryObserver<T, E = String, S = Rc<T>> {
    client: QueryClient,
    key: QueryKey,
    id: u64,
    cell: Rc<ObserverCell<T, E, S>>,
}

impl<T: PartialEq + 'static, E: Clone + PartialEq + fmt::Display + 'static>
    QueryObserver<T, E, Rc<T>>
{
    /// Observes the whole data.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let obs = QueryObserver::new(&client, QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(3) })).unwrap();
    /// rt.run();
    /// assert_eq!(obs.result().data.as_deref(), Some(&3));
    /// ```
    pub fn new(client: &QueryClient, options: QueryOptions<T, E>) -> Result<Self, CacheError> {
        Self::with_select(client, options, Rc::clone)
    }
}

impl<T, E, S> QueryObserver<T, E, S>
where
    T: 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
    S: Clone + PartialEq + 'static,
{
    /// Observes what `select` picks from the data; the listener runs only when that
    /// changes (by `PartialEq`).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let opts = QueryOptions::new(keys!["v"], |_| async { Ok::<_, FetchError>(vec![1, 2, 3]) });
    /// let first = QueryObserver::with_select(&client, opts, |v: &std::rc::Rc<Vec<i32>>| v[0]).unwrap();
    /// rt.run();
    /// assert_eq!(first.result().data, Some(1));
    /// ```
    pub fn with_select(
        client: &QueryClient,
        options: QueryOptions<T, E>,
        select: impl Fn(&Rc<T>) -> S + 'static,
    ) -> Result<Self, CacheError> {
        Self::build(client, options, select, None)
    }

    /// An observer of another key that takes over from `previous` (a component whose
    /// key changed): a placeholder function, such as
    /// [`keep_previous_data`](crate::keep_previous_data), gets the data `previous`
    /// showed. Counts as a mount for [`refetch_on_mount`](QueryOptions::refetch_on_mount).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keep_previous_data, keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let page = |n: u32| QueryOptions::new(keys!["page", n], move |_| async move { Ok::<_, FetchError>(vec![n; 3]) })
    ///     .placeholder_data_with(keep_previous_data);
    /// let first = QueryObserver::new(&client, page(1)).unwrap();
    /// rt.run();
    /// let second = QueryObserver::switch_from(&first, page(2), std::rc::Rc::clone).unwrap();
    /// drop(first);
    /// assert!(second.result().is_placeholder);
    /// assert_eq!(second.result().data.as_deref(), Some(&vec![1, 1, 1]), "page 1 while page 2 loads");
    /// rt.run();
    /// assert_eq!(second.result().data.as_deref(), Some(&vec![2, 2, 2]));
    /// ```
    pub fn switch_from<S2: Clone + PartialEq + 'static>(
        previous: &QueryObserver<T, E, S2>,
        options: QueryOptions<T, E>,
        select: impl Fn(&Rc<T>) -> S + 'static,
    ) -> Result<Self, CacheError> {
        let last = previous.last_data();
        Self::build(&previous.client, options, select, last)
    }

    fn build(
        client: &QueryClient,
        options: QueryOptions<T, E>,
        select: impl Fn(&Rc<T>) -> S + 'static,
        previous: Option<Rc<T>>,
    ) -> Result<Self, CacheError> {
        let defaults = client.register_spec(&options)?;
        let settings = Settings::of(&options, defaults);
        let cell = Rc::new(ObserverCell {
            flags: Rc::new(Flags {
                notify_on: Cell::new(settings.notify_on),
                enabled: Cell::new(settings.enabled),
                on_focus: Cell::new(settings.on_focus),
                on_reconnect: Cell::new(settings.on_reconnect),
                interval: Cell::new(None),
                in_background: Cell::new(settings.in_background),
                interval_generation: Cell::new(0),
                listener: RefCell::new(None),
            }),
            select: RefCell::new(Rc::new(select)),
            placeholder: RefCell::new(options.placeholder.clone()),
            last_defined: RefCell::new(previous),
            last_input: RefCell::new(None),
            result: RefCell::new(QueryResult::default()),
        });
        let id = attach(client, &options.key, cell.clone(), settings);
        Ok(QueryObserver {
            client: client.clone(),
            key: options.key.clone(),
            id,
            cell,
        })
    }

    /// Applies new options for the same key (a re-render with new closures or flags):
    /// the fetcher, flags and select are replaced, and turning `enabled` on fetches stale
    /// data. Returns [`CacheError::KeyChanged`] when the key differs: observe the new key
    /// with a new observer instead.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let opts = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) });
    /// let obs = QueryObserver::new(&client, opts.clone().enabled(false)).unwrap();
    /// rt.run();
    /// assert!(obs.result().data.is_none());
    /// obs.set_options(opts, std::rc::Rc::clone).unwrap();
    /// rt.run();
    /// assert_eq!(obs.result().data.as_deref(), Some(&1));
    /// ```
    pub fn set_options(
        &self,
        options: QueryOptions<T, E>,
        select: impl Fn(&Rc<T>) -> S + 'static,
    ) -> Result<(), CacheError> {
        if options.key != self.key {
            return Err(CacheError::KeyChanged {
                from: self.key.clone(),
                to: options.key.clone(),
            });
        }
        let defaults = self.client.register_spec(&options)?;
        let old_select = self.cell.select.replace(Rc::new(select));
        drop(old_select);
        // The new select may read other values (a prop): run it even on the same data.
        let input = self.cell.last_input.borrow_mut().take();
        let replaced = self.cell.keep_as_previous(input);
        drop(replaced);
        let old_placeholder = self.cell.placeholder.replace(options.placeholder.clone());
        drop(old_placeholder);
        reconfigure(
            &self.client,
            &self.key,
            &*self.cell,
            Settings::of(&options, defaults),
        );
        Ok(())
    }

    /// The last data this observer had from its query (never placeholder data), or the
    /// data of the observer it took over from ([`switch_from`](Self::switch_from)).
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let obs = QueryObserver::new(&client, QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(4) })).unwrap();
    /// assert!(obs.last_data().is_none());
    /// rt.run();
    /// assert_eq!(obs.last_data().as_deref(), Some(&4));
    /// ```
    pub fn last_data(&self) -> Option<Rc<T>> {
        self.cell.last_data()
    }

    /// Sets the function called when the result changes (replacing any earlier one).
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// # let rt = TestRuntime::new();
    /// # let client = QueryClient::new(rt.runtime());
    /// let obs = QueryObserver::new(&client, QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) })).unwrap();
    /// obs.subscribe(|| println!("changed"));
    /// ```
    pub fn subscribe(&self, listener: impl Fn() + 'static) {
        *self.cell.flags.listener.borrow_mut() = Some(Rc::new(listener));
    }

    /// The current result.
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// # let rt = TestRuntime::new();
    /// # let client = QueryClient::new(rt.runtime());
    /// let obs = QueryObserver::new(&client, QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) })).unwrap();
    /// assert!(obs.result().data.is_none());
    /// ```
    pub fn result(&self) -> QueryResult<S, E> {
        self.cell.result.borrow().clone()
    }

    /// Refetches now, even if the data is fresh (a running fetch is restarted).
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// # let rt = TestRuntime::new();
    /// # let client = QueryClient::new(rt.runtime());
    /// let obs = QueryObserver::new(&client, QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) })).unwrap();
    /// rt.run();
    /// obs.refetch();
    /// rt.run();
    /// assert_eq!(client.fetch_count(), 2);
    /// ```
    pub fn refetch(&self) {
        self.client
            .batch(|| self.client.start_fetch(&self.key, true));
    }

    pub(crate) fn client(&self) -> &QueryClient {
        &self.client
    }

    /// The observed key.
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// # let rt = TestRuntime::new();
    /// # let client = QueryClient::new(rt.runtime());
    /// let obs = QueryObserver::new(&client, QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) })).unwrap();
    /// assert_eq!(obs.key(), &keys!["n"]);
    /// ```
    pub fn key(&self) -> &QueryKey {
        &self.key
    }
}

impl<T, E, S> Drop for QueryObserver<T, E, S> {
    fn drop(&mut self) {
        detach(&self.client, &self.key, self.id);
    }
}

/// Adds a new observer to its entry, fetches as its settings say, reads its first result
/// and starts its polling. Returns its id.
fn attach(
    client: &QueryClient,
    key: &QueryKey,
    cell: Rc<dyn ErasedObserver>,
    settings: Settings,
) -> u64 {
    let (id, should_fetch) = client.batch(|| {
        let now = client.now();
        let mut guard = client.st();
        let st = &mut *guard;
        let id = st.next_id();
        let e = client.entry_mut(st, key);
        e.observers.push((id, cell.clone()));
        let wanted = match settings.refetch_on_mount {
            Refetch::IfStale => e.is_stale(now),
            // Without data there is nothing to keep: the query loads.
            Refetch::Never => e.confirmed.is_none(),
            Refetch::Always => true,
        };
        let fetch = settings.enabled && wanted && e.in_flight.is_none();
        (id, fetch)
    });
    if should_fetch {
        client.batch(|| client.start_fetch(key, false));
    }
    // Read the entry now (the fetch status moved to fetching above), so the first
    // result already says "loading".
    refresh(client, key, &*cell);
    set_interval(client, key, cell.flags_rc(), settings.interval);
    id
}

/// The type-free part of [`QueryObserver::set_options`]: the flags, a fetch when turning
/// `enabled` on finds stale data, the polling, and a fresh result.
fn reconfigure(
    client: &QueryClient,
    key: &QueryKey,
    cell: &dyn ErasedObserver,
    settings: Settings,
) {
    let flags = cell.flags();
    let was_enabled = flags.enabled.replace(settings.enabled);
    flags.notify_on.set(settings.notify_on);
    flags.on_focus.set(settings.on_focus);
    flags.on_reconnect.set(settings.on_reconnect);
    flags.in_background.set(settings.in_background);
    if settings.enabled && !was_enabled {
        let stale = {
            let now = client.now();
            let st = client.st();
            st.queries
                .entries
                .get(key)
                .is_some_and(|e| e.is_stale(now) && e.in_flight.is_none())
        };
        if stale {
            client.batch(|| client.start_fetch(key, false));
        }
    }
    if settings.interval.map(|i| i.every) != flags.interval.get() {
        set_interval(client, key, cell.flags_rc(), settings.interval);
    }
    refresh(client, key, cell);
}

/// Reads the entry into the observer's result, without telling its listener.
fn refresh(client: &QueryClient, key: &QueryKey, cell: &dyn ErasedObserver) {
    client.compact(key);
    let data = client.visible_of(key);
    let view = {
        let now = client.now();
        let st = client.st();
        st.queries.entries.get(key).map(|e| e.view(data, now))
    };
    if let Some(v) = view {
        cell.refresh(&v);
    }
    client.ensure_stale_timer(key);
}

/// Polls every `every` ms while the observer lives, is enabled and the page is visible
/// (TanStack's `refetchInterval`; losing focus to another window does not stop it), or
/// hidden too with `refetch_interval_in_background`. A new interval replaces the running
/// one; `None` stops it.
fn set_interval(
    client: &QueryClient,
    key: &QueryKey,
    flags: &Rc<Flags>,
    interval: Option<Interval>,
) {
    let generation = flags.interval_generation.get() + 1;
    flags.interval_generation.set(generation);
    flags.interval.set(interval.map(|i| i.every));
    if let Some(i) = interval {
        (i.poll)(client, key, flags, i.every, generation);
    }
}

/// The polling task of [`set_interval`], reached only through an [`Interval`].
fn poll(client: &QueryClient, key: &QueryKey, flags: &Rc<Flags>, every: Millis, generation: u64) {
    let weak_flags = Rc::downgrade(flags);
    let key = key.clone();
    client.after(
        every,
        Box::new(move |client| {
            let Some(flags) = weak_flags.upgrade() else {
                return;
            };
            // A new interval (or none) replaced this one.
            if flags.interval_generation.get() != generation {
                return;
            }
            if flags.enabled.get() && (flags.in_background.get() || client.is_visible()) {
                client.batch(|| client.start_fetch(&key, false));
            }
            poll(client, &key, &flags, every, generation);
        }),
    );
}

/// Takes observer `id` off its entry.
fn detach(client: &QueryClient, key: &QueryKey, id: u64) {
    // Observers are never dropped under the state's borrow (user values are buried
    // instead), so the borrow succeeds; `batch` delivers the removal.
    client.batch(|| {
        let now = client.now();
        let Some(mut guard) = client.try_st() else {
            return;
        };
        let st = &mut *guard;
        let Some(e) = st.queries.entries.get_mut(key) else {
            return;
        };
        let Some(pos) = e.observers.iter().position(|(i, _)| *i == id) else {
            return;
        };
        let removed = e.observers.remove(pos);
        st.notify.bury(removed);
        // The others are not told (unmounting 1,000 rows would ask them a million
        // times); the last one leaving starts the collection timer.
        if e.observers.is_empty() {
            e.idle_since = now;
            QueryClient::mark_dirty(st, key);
        }
    });
}
