//! `EventLog`: what the cache and the mutations did, with times, like Storybook's actions.

use super::panel::{use_panel_class, PanelHeader};
use crate::hooks::after_render::use_after_every_render;
use crate::hooks::subscription::{use_subscribed, Changed};
use crate::provider::use_query_client;
use optimistic_query::runtime::Millis;
use optimistic_query::{CacheEvent, QueryClient, Subscription, TimedEvent};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use stylist::yew::use_style;
use stylist::{css, StyleSource};
use yew::prelude::*;

/// A stable, kebab-case name of an event's variant, rendered as `data-kind` on each row
/// of the [`EventLog`] (for filters, CSS and tests).
///
/// ```
/// use yew_optimistic::{keys, CacheEvent, MutationId};
/// use yew_optimistic::devtools::event_kind;
/// assert_eq!(event_kind(&CacheEvent::DataSet { key: keys!["todos"] }), "data-set");
/// assert_eq!(event_kind(&CacheEvent::MutationSucceeded { mutation: MutationId(1) }), "mutation-succeeded");
/// ```
pub fn event_kind(event: &CacheEvent) -> &'static str {
    use CacheEvent::*;
    match event {
        FetchStarted { .. } => "fetch-started",
        FetchSucceeded { .. } => "fetch-succeeded",
        FetchFailed { .. } => "fetch-failed",
        StaleResponseDropped { .. } => "stale-response-dropped",
        UncertainResponseDropped { .. } => "uncertain-response-dropped",
        ResponseHeld { .. } => "response-held",
        DataSet { .. } => "data-set",
        Reset { .. } => "reset",
        Invalidated { .. } => "invalidated",
        InvalidationDeferred { .. } => "invalidation-deferred",
        LayerAdded { .. } => "layer-added",
        PatchRejected { .. } => "patch-rejected",
        RolledBack { .. } => "rolled-back",
        MutationSubmitted { .. } => "mutation-submitted",
        MutationSent { .. } => "mutation-sent",
        MutationPaused { .. } => "mutation-paused",
        MutationSucceeded { .. } => "mutation-succeeded",
        MutationFailed { .. } => "mutation-failed",
        MutationWaiting { .. } => "mutation-waiting",
        MutationHeld { .. } => "mutation-held",
        MutationSuperseded { .. } => "mutation-superseded",
        PersistFailed { .. } => "persist-failed",
        NotKeptOnDevice { .. } => "not-kept-on-device",
        KeptOnDevice { .. } => "kept-on-device",
        QueueKeptAside { .. } => "queue-kept-aside",
        OnlineChanged { .. } => "online-changed",
    }
}

/// How a row is coloured: good news, bad news, optimistic work, or plain traffic.
fn tone(event: &CacheEvent) -> &'static str {
    use CacheEvent::*;
    match event {
        FetchFailed { .. }
        | PatchRejected { .. }
        | RolledBack { .. }
        | MutationFailed { .. }
        | PersistFailed { .. }
        | NotKeptOnDevice { .. }
        | QueueKeptAside { .. } => "error",
        FetchSucceeded { .. } | MutationSucceeded { .. } | DataSet { .. } => "success",
        LayerAdded { .. }
        | MutationSubmitted { .. }
        | MutationWaiting { .. }
        | MutationHeld { .. }
        | MutationPaused { .. }
        | MutationSuperseded { .. }
        | InvalidationDeferred { .. } => "pending",
        _ => "info",
    }
}

/// `+12 ms`, `+1.250 s`: the time of an event since the log's start.
fn relative(at: Millis, base: Millis) -> String {
    let d = at.saturating_sub(base);
    if d < 1_000 {
        format!("+{d} ms")
    } else {
        format!("+{}.{:03} s", d / 1_000, d % 1_000)
    }
}

struct Row {
    seq: u64,
    at: Millis,
    kind: &'static str,
    tone: &'static str,
    text: String,
}

impl Row {
    fn matches(&self, needle: &str) -> bool {
        needle.is_empty() || self.kind.contains(needle) || self.text.to_lowercase().contains(needle)
    }
}

/// The rows, kept outside Yew's state: the client calls in once per event, and a push
/// must not copy the whole log.
#[derive(Default)]
struct Log {
    next: u64,
    base: Option<Millis>,
    rows: VecDeque<Rc<Row>>,
}

impl Log {
    fn push(&mut self, e: &TimedEvent, capacity: usize) {
        self.next += 1;
        // The first event starts the clock unless the log was mounted earlier.
        let base = *self.base.get_or_insert(e.at);
        if e.at < base {
            self.base = Some(e.at);
        }
        self.rows.push_back(Rc::new(Row {
            seq: self.next,
            at: e.at,
            kind: event_kind(&e.event),
            tone: tone(&e.event),
            text: e.event.to_string(),
        }));
        while self.rows.len() > capacity.max(1) {
            self.rows.pop_front();
        }
    }
}

/// The log as a render read it: equal while no event came (its rows are the same).
struct Seen(Rc<RefCell<Log>>, u64);

impl PartialEq for Seen {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) && self.1 == other.1
    }
}

impl Clone for Seen {
    fn clone(&self) -> Self {
        Seen(self.0.clone(), self.1)
    }
}

/// A new log of `client`'s events, and the subscription that fills it. The history is
/// read and the subscription made in one step, with nothing in between that could emit:
/// no event is lost or shown twice.
fn listen(
    client: &QueryClient,
    capacity: usize,
    include_history: bool,
    changed: Changed,
) -> (Rc<RefCell<Log>>, Subscription) {
    let mut log = Log {
        base: Some(client.runtime().clock.now()),
        ..Log::default()
    };
    if include_history {
        for e in client.recent_events() {
            log.push(&e, capacity);
        }
    }
    let log = Rc::new(RefCell::new(log));
    let filled = log.clone();
    let subscription = client.subscribe_events(move |e| {
        filled.borrow_mut().push(e, capacity);
        changed();
    });
    (log, subscription)
}

/// Props of [`EventLog`].
///
/// ```
/// use yew_optimistic::devtools::EventLogProps;
/// let props = yew::props!(EventLogProps { capacity: 50_usize });
/// assert!(props.include_history);
/// ```
#[derive(Properties, PartialEq, Clone)]
pub struct EventLogProps {
    /// How many events are kept; older ones scroll away (default 200).
    #[prop_or(200)]
    pub capacity: usize,
    /// Start with the events the client kept from before the log was mounted (default
    /// `true`), so opening the devtools late still shows what happened.
    #[prop_or(true)]
    pub include_history: bool,
    /// The heading (default `"Events"`).
    #[prop_or(AttrValue::Static("Events"))]
    pub title: AttrValue,
}

/// A live log of the cache's and the mutations' events (fetches, writes, layers added,
/// rollbacks, mutations sent, succeeded, superseded, the network going off and on), like
/// Storybook's actions panel. Works in any app under a
/// [`QueryClientProvider`](crate::QueryClientProvider).
///
/// Each row shows the time since the log started (the client's clock), the event's kind
/// ([`event_kind`]) and what happened, as text. A filter box keeps the rows whose kind or
/// text contains what is typed; "Clear" empties the log. The list follows new events while
/// it is scrolled to the bottom, and stays put when the user scrolls up to read.
///
/// For tests: `data-testid="event-log"` on the panel, `"event"` with `data-kind` on each
/// row, `"event-filter"` and `"event-clear"` on the controls.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::QueryClientProvider;
/// use yew_optimistic::devtools::EventLog;
///
/// #[component]
/// fn App() -> Html {
///     html! {
///         <QueryClientProvider>
///             <main>{ "the app" }</main>
///             <aside><EventLog capacity={500} /></aside>
///         </QueryClientProvider>
///     }
/// }
/// # let _ = html! { <App /> };
/// ```
#[component]
pub fn EventLog(props: &EventLogProps) -> Html {
    let filter = use_state(String::new);
    let list_ref = use_node_ref();
    let (log, onclear) = use_event_log(props);
    let onscroll = use_follow_bottom(list_ref.clone());
    let onfilter = {
        let filter = filter.clone();
        Callback::from(move |value: String| filter.set(value))
    };

    let chrome = use_panel_class();
    let class = use_style(log_css());

    let needle = filter.to_lowercase();
    let log = log.borrow();
    let base = log.base.unwrap_or(0);
    let shown: Vec<Rc<Row>> = log
        .rows
        .iter()
        .filter(|r| r.matches(&needle))
        .cloned()
        .collect();
    let count = if needle.is_empty() {
        format!("{} events", log.rows.len())
    } else {
        format!("{} of {} events", shown.len(), log.rows.len())
    };

    html! {
        <section class={classes!(chrome, class)} data-testid="event-log" aria-label={props.title.clone()}>
            <PanelHeader
                title={props.title.clone()}
                count={count}
                count_testid="event-count"
                filter_label="Filter events"
                filter_testid="event-filter"
                filter={(*filter).clone()}
                {onfilter}
                button_label="Clear"
                button_testid="event-clear"
                onbutton={onclear}
            />
            // Focusable, so a keyboard user can scroll it; not live: a log would flood a
            // screen reader.
            <ol ref={list_ref} {onscroll} aria-live="off" tabindex="0" aria-label={props.title.clone()}>
                { for shown.iter().map(|r| event_row(r, base)) }
            </ol>
            if shown.is_empty() {
                <p class="yo-empty">{ if log.rows.is_empty() { "No events yet." } else { "No event matches the filter." } }</p>
            }
        </section>
    }
}

/// The client's events as they come (each renders the log; the rows are kept outside
/// Yew's state: a push must not copy the whole log), and "Clear".
#[hook]
fn use_event_log(props: &EventLogProps) -> (Rc<RefCell<Log>>, Callback<MouseEvent>) {
    let client = use_query_client();
    let (capacity, include_history) = (props.capacity, props.include_history);
    let log = use_subscribed(
        client,
        move |client, changed| listen(client, capacity, include_history, changed),
        |_, (log, _)| Seen(log.clone(), log.borrow().next),
    )
    .0;
    // The events up to this one were cleared away (a state: clearing renders).
    let cleared = use_state_eq(|| 0_u64);
    let onclear = {
        let log = log.clone();
        Callback::from(move |_: MouseEvent| {
            let mut log = log.borrow_mut();
            log.rows.clear();
            cleared.set(log.next);
        })
    };
    (log, onclear)
}

/// One event: when (since the log's start), its kind, what happened.
fn event_row(r: &Row, base: Millis) -> Html {
    html! {
        <li key={r.seq} data-testid="event" data-kind={r.kind} data-tone={r.tone}>
            <time title={format!("{} ms on the client's clock", r.at)}>{ relative(r.at, base) }</time>
            <span class="yo-kind">{ r.kind }</span>
            <span class="yo-text">{ r.text.clone() }</span>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use optimistic_query::{keys, MutationId};

    #[test]
    fn times_are_relative_to_the_start() {
        assert_eq!(relative(1_012, 1_000), "+12 ms");
        assert_eq!(relative(2_250, 1_000), "+1.250 s");
        assert_eq!(relative(5, 10), "+0 ms");
    }

    #[test]
    fn the_log_keeps_the_newest_events() {
        let mut log = Log::default();
        for at in 0..5 {
            log.push(
                &TimedEvent {
                    at,
                    event: CacheEvent::DataSet { key: keys!["n"] },
                },
                3,
            );
        }
        let seqs: Vec<u64> = log.rows.iter().map(|r| r.seq).collect();
        assert_eq!(seqs, vec![3, 4, 5]);
        assert_eq!(log.base, Some(0));
    }

    #[test]
    fn rows_match_by_kind_or_text() {
        let mut log = Log::default();
        log.push(
            &TimedEvent {
                at: 0,
                event: CacheEvent::MutationSent {
                    mutation: MutationId(7),
                    attempt: 1,
                },
            },
            10,
        );
        let row = &log.rows[0];
        assert!(row.matches("mutation-sent"));
        assert!(row.matches("#7"));
        assert!(!row.matches("fetch"));
    }
}

/// Keeps the list scrolled to its newest event while the user is at the bottom (a user
/// who scrolled up to read stays where they are); returns the list's `onscroll`.
#[hook]
fn use_follow_bottom(list_ref: NodeRef) -> Callback<Event> {
    // Whether the user is at the bottom; not state: scrolling must not render.
    let follow = use_mut_ref(|| true);
    {
        let (list_ref, follow) = (list_ref.clone(), follow.clone());
        use_after_every_render(Box::new(move || {
            if *follow.borrow() {
                if let Some(el) = list_ref.cast::<web_sys::Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        }));
    }
    Callback::from(move |_: Event| {
        if let Some(el) = list_ref.cast::<web_sys::Element>() {
            // A few pixels of slack: zoomed pages scroll by fractions.
            *follow.borrow_mut() = el.scroll_top() + el.client_height() >= el.scroll_height() - 4;
        }
    })
}

/// The log's own styles (the panel chrome is shared with the cache inspector).
fn log_css() -> StyleSource {
    css!(
        r#"
        ol {
            margin: 0;
            padding: 0;
            list-style: none;
            overflow-y: auto;
            font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        }
        li {
            display: grid;
            grid-template-columns: 4.5rem 10rem 1fr;
            gap: 0.5rem;
            padding: 0.15rem 0.6rem;
            border-left: 3px solid transparent;
        }
        li:nth-child(even) { background: var(--yo-surface-2, #f1f3f6); }
        li[data-tone="error"] { border-left-color: var(--yo-error-text, #9b1c1c); }
        li[data-tone="success"] { border-left-color: var(--yo-success-text, #0b6138); }
        li[data-tone="pending"] { border-left-color: var(--yo-pending-text, #7a4b00); }
        li[data-tone="error"] .yo-kind { color: var(--yo-error-text, #9b1c1c); }
        time { color: var(--yo-muted, #5b6575); text-align: right; }
        .yo-kind { font-weight: 600; }
        .yo-text { overflow-wrap: anywhere; }
        .yo-empty { padding: 0.6rem; color: var(--yo-muted, #5b6575); }
        "#
    )
}
