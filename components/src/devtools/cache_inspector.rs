//! `CacheInspector`: per key, the confirmed data, the pending layers and the visible data.

use super::panel::{use_panel_class, PanelHeader};
use crate::hooks::subscription::{use_subscribed, Changed};
use crate::provider::use_query_client;
use optimistic_query::{
    sort_by, EntrySnapshot, FetchStatus, MutationFilter, MutationId, MutationInfo, MutationStatus,
    QueryClient, QueryFilter, QueryKey, QueryStatus, Subscription,
};
use serde::Serialize;
use std::any::Any;
use std::cell::Cell;
use std::fmt;
use std::rc::Rc;
use stylist::yew::use_style;
use stylist::{css, StyleSource};
use yew::prelude::*;

type FormatFn = Rc<dyn Fn(&dyn Any) -> Option<String>>;

/// How the [`CacheInspector`] prints cached data. The cache stores `Rc<dyn Any>` and
/// cannot print it by itself, so the app says, per key prefix, how to print what is
/// stored there; data with no formatter shows its type name.
///
/// Two `Formatters` are equal when they are the same registry (compared by pointer), so
/// build them once (outside the component, or in `use_memo`) rather than on every render.
///
/// ```
/// use yew_optimistic::keys;
/// use yew_optimistic::devtools::Formatters;
///
/// #[derive(serde::Serialize)]
/// struct Todo { title: String }
///
/// let f = Formatters::new()
///     .json::<Vec<Todo>>(keys!["todos"])
///     .debug::<u32>(keys!["count"]);
/// let todos = vec![Todo { title: "write docs".into() }];
/// let shown = f.format(&keys!["todos", "open"], &todos).unwrap();
/// assert!(shown.contains(r#""title": "write docs""#));
/// assert_eq!(f.format(&keys!["count"], &7_u32).as_deref(), Some("7"));
/// assert_eq!(f.format(&keys!["other"], &7_u32), None);
/// ```
#[derive(Clone, Default)]
pub struct Formatters {
    entries: Rc<Vec<(QueryKey, FormatFn)>>,
}

impl PartialEq for Formatters {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.entries, &other.entries)
    }
}

impl fmt::Debug for Formatters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.entries.iter().map(|(k, _)| k.to_string()))
            .finish()
    }
}

impl Formatters {
    /// No formatters: every value shows its type name.
    ///
    /// ```
    /// let f = yew_optimistic::devtools::Formatters::new();
    /// assert_eq!(f.format(&yew_optimistic::keys!["n"], &1_u8), None);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Prints data under keys that start with `prefix` with `f`; `f` answers `None` for a
    /// value it does not know (usually: the downcast failed), and the next matching
    /// formatter is asked. Longer prefixes are asked first; among equal prefixes, the one
    /// added last.
    ///
    /// ```
    /// use yew_optimistic::{keys, devtools::Formatters};
    /// let f = Formatters::new().with(keys!["flags"], |v| v.downcast_ref::<bool>().map(|b| if *b { "on".into() } else { "off".into() }));
    /// assert_eq!(f.format(&keys!["flags", "beta"], &true).as_deref(), Some("on"));
    /// ```
    pub fn with(
        mut self,
        prefix: QueryKey,
        f: impl Fn(&dyn Any) -> Option<String> + 'static,
    ) -> Self {
        Rc::make_mut(&mut self.entries).push((prefix, Rc::new(f)));
        self
    }

    /// Prints data of type `T` under `prefix` as pretty JSON.
    ///
    /// ```
    /// use yew_optimistic::{keys, devtools::Formatters};
    /// let f = Formatters::new().json::<Vec<u8>>(keys!["bytes"]);
    /// assert_eq!(f.format(&keys!["bytes"], &vec![1_u8]).as_deref(), Some("[\n  1\n]"));
    /// ```
    pub fn json<T: Serialize + 'static>(self, prefix: QueryKey) -> Self {
        self.with(prefix, |value| {
            value.downcast_ref::<T>().map(|t| {
                serde_json::to_string_pretty(t)
                    .unwrap_or_else(|e| format!("(could not print as JSON: {e})"))
            })
        })
    }

    /// Prints data of type `T` under `prefix` with its pretty `Debug` form (`{:#?}`).
    ///
    /// ```
    /// use yew_optimistic::{keys, devtools::Formatters};
    /// let f = Formatters::new().debug::<Option<u8>>(keys!["maybe"]);
    /// assert_eq!(f.format(&keys!["maybe"], &Some(1_u8)).as_deref(), Some("Some(\n    1,\n)"));
    /// ```
    pub fn debug<T: fmt::Debug + 'static>(self, prefix: QueryKey) -> Self {
        self.with(prefix, |value| {
            value.downcast_ref::<T>().map(|t| format!("{t:#?}"))
        })
    }

    /// The printed form of `value` stored under `key`, or `None` when no formatter knows it.
    ///
    /// ```
    /// use yew_optimistic::{keys, devtools::Formatters};
    /// let f = Formatters::new().json::<u32>(keys![]).debug::<u32>(keys!["hex"]);
    /// assert_eq!(f.format(&keys!["n"], &10_u32).as_deref(), Some("10"));
    /// assert_eq!(f.format(&keys!["hex", 1], &10_u32).as_deref(), Some("10"));
    /// ```
    pub fn format(&self, key: &QueryKey, value: &dyn Any) -> Option<String> {
        let mut matching: Vec<(usize, &(QueryKey, FormatFn))> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, (prefix, _))| key.starts_with(prefix))
            .collect();
        // Longest prefix first, then the latest registered.
        sort_by(&mut matching, |(i, (p, _)), (j, (q, _))| {
            (q.len(), j).cmp(&(p.len(), i))
        });
        matching.into_iter().find_map(|(_, (_, f))| f(value))
    }

    /// The text shown for one side of an entry (confirmed or visible).
    fn show(&self, snap: &EntrySnapshot, value: Option<&Rc<dyn Any>>) -> String {
        match value {
            None => "(no data)".into(),
            // `&**v`: the stored value, not the `Rc` around it.
            Some(v) => self.format(&snap.key, &**v).unwrap_or_else(|| {
                format!(
                    "<{}> (add a formatter for this key to see the value)",
                    snap.type_name.unwrap_or("unknown type")
                )
            }),
        }
    }
}

fn query_status(s: QueryStatus) -> &'static str {
    match s {
        QueryStatus::Pending => "pending",
        QueryStatus::Success => "success",
        QueryStatus::Error => "error",
    }
}

fn fetch_status(s: FetchStatus) -> &'static str {
    match s {
        FetchStatus::Fetching => "fetching",
        FetchStatus::Paused => "paused",
        FetchStatus::Idle => "idle",
    }
}

fn mutation_status(s: MutationStatus) -> &'static str {
    match s {
        MutationStatus::Idle => "idle",
        MutationStatus::Pending => "pending",
        MutationStatus::Paused => "paused",
        MutationStatus::Held => "held",
        MutationStatus::Success => "success",
        MutationStatus::Error => "error",
    }
}

/// Props of [`CacheInspector`].
///
/// ```
/// use yew_optimistic::keys;
/// use yew_optimistic::devtools::{CacheInspectorProps, Formatters};
/// let props = yew::props!(CacheInspectorProps {
///     formatters: Formatters::new().json::<Vec<String>>(keys!["todos"]),
///     prefix: Some(keys!["todos"]),
/// });
/// assert_eq!(props.max_mutations, 50);
/// ```
#[derive(Properties, PartialEq, Clone)]
pub struct CacheInspectorProps {
    /// How to print cached data (default: none, every value shows its type name).
    #[prop_or_default]
    pub formatters: Formatters,
    /// Only keys under this prefix (default: every key).
    #[prop_or_default]
    pub prefix: Option<QueryKey>,
    /// How many mutations to list, newest first (default 50).
    #[prop_or(50)]
    pub max_mutations: usize,
    /// The heading (default `"Cache"`).
    #[prop_or(AttrValue::Static("Cache"))]
    pub title: AttrValue,
}

/// A live view of the cache, for devtools in any app: per key, its status, fetch status,
/// observers and whether it is invalidated; the **confirmed** data (the server's last
/// word), each optimistic **layer** on it (owning mutation, pending or committed), and the
/// **visible** data observers get. Below, the recent mutations with status, scope, failure
/// count and error. It refreshes whenever a query or a mutation changes; "Refresh" catches
/// what the client does not announce (an entry collected after its `gc_time`).
///
/// It acts too, as TanStack's devtools, through the client's own methods: each key has
/// **Refetch**, **Invalidate**, **Reset** and **Remove** (on that key only); a mutation that
/// waits for the server after an unknown outcome, or is held, has **Retry now** and
/// **Cancel** (rolled back); a settled one has **Dismiss**.
///
/// Data is printed by [`Formatters`] and rendered as text in `<pre>`, never as HTML.
///
/// For tests: `data-testid="cache-inspector"`; per key `"inspector-entry"` with
/// `data-key` (the key's display form, e.g. `["todos", 1]`), containing
/// `"inspector-confirmed"`, `"inspector-layer"` (with `data-mutation` and
/// `data-state="pending|committed"`) and `"inspector-visible"`; per mutation
/// `"inspector-mutation"` with `data-status`. The buttons: `"inspector-refetch"`,
/// `"inspector-invalidate"`, `"inspector-reset"`, `"inspector-remove"` in an entry;
/// `"inspector-retry"`, `"inspector-cancel"`, `"inspector-dismiss"` in a mutation row.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{keys, QueryClientProvider};
/// use yew_optimistic::devtools::{CacheInspector, Formatters};
///
/// #[component]
/// fn Devtools() -> Html {
///     let formatters = use_memo((), |_| Formatters::new().json::<Vec<String>>(keys!["todos"]));
///     html! { <CacheInspector formatters={(*formatters).clone()} /> }
/// }
/// # let _ = html! { <QueryClientProvider><Devtools /></QueryClientProvider> };
/// ```
#[component]
pub fn CacheInspector(props: &CacheInspectorProps) -> Html {
    let client = use_query_client();
    let search = use_state(String::new);
    let onrefresh = use_live_client(&client);
    let onfilter = {
        let search = search.clone();
        Callback::from(move |value: String| search.set(value))
    };

    let chrome = use_panel_class();
    let class = use_style(inspector_css());

    let filter = props
        .prefix
        .clone()
        .map_or_else(QueryFilter::all, QueryFilter::key);
    let needle = search.to_lowercase();
    let snapshots: Vec<EntrySnapshot> = client
        .query_keys(&filter)
        .iter()
        .filter(|k| needle.is_empty() || k.to_string().to_lowercase().contains(&needle))
        .filter_map(|k| client.inspect(k))
        .collect();
    // Every call, for the layers' owners; the newest `max_mutations` are listed.
    let calls = client.mutation_infos(&MutationFilter::default());
    let mutations: Vec<MutationInfo> = calls
        .iter()
        .rev()
        .take(props.max_mutations)
        .cloned()
        .collect();
    let unsettled = mutations.iter().filter(|m| m.status.is_unsettled()).count();

    html! {
        <section class={classes!(chrome, class)} data-testid="cache-inspector" aria-label={props.title.clone()}>
            <PanelHeader
                title={props.title.clone()}
                count={format!("{} keys · {unsettled} pending mutations", snapshots.len())}
                filter_label="Filter keys"
                filter_testid="inspector-filter"
                filter={(*search).clone()}
                {onfilter}
                button_label="Refresh"
                onbutton={onrefresh}
            />
            <div class="yo-scroll">
                if snapshots.is_empty() {
                    <p class="yo-none">{ "Nothing cached." }</p>
                }
                { for snapshots.iter().map(|snap| entry(&client, snap, &calls, &props.formatters)) }
                <h4>{ "Mutations (newest first)" }</h4>
                { mutations_table(&client, &mutations) }
            </div>
        </section>
    }
}

/// Renders the inspector on every change of a query or a mutation (it shows them all);
/// returns "Refresh", which renders it again: the ages and staleness shown follow the
/// clock, which tells no one.
#[hook]
fn use_live_client(client: &QueryClient) -> Callback<MouseEvent> {
    use_subscribed(client.clone(), subscribe_all, |_, (changes, ..)| {
        changes.get()
    });
    let update = use_force_update();
    Callback::from(move |_: MouseEvent| update.force_update())
}

/// The mutations, newest first, one row each.
fn mutations_table(client: &QueryClient, mutations: &[MutationInfo]) -> Html {
    if mutations.is_empty() {
        return html! { <p class="yo-none">{ "No mutations yet." }</p> };
    }
    html! {
        <table data-testid="inspector-mutations">
            <thead>
                <tr>
                    <th>{ "id" }</th><th>{ "key" }</th><th>{ "scope" }</th><th>{ "status" }</th>
                    <th>{ "failures" }</th><th>{ "patched" }</th><th>{ "error" }</th><th>{ "actions" }</th>
                </tr>
            </thead>
            <tbody>{ for mutations.iter().map(|m| mutation_row(client, m)) }</tbody>
        </table>
    }
}

/// Counts the client's query and mutation changes, telling `changed` of each.
fn subscribe_all(
    client: &QueryClient,
    changed: Changed,
) -> (Rc<Cell<u64>>, Subscription, Subscription) {
    let changes = Rc::new(Cell::new(0_u64));
    let changed: Rc<dyn Fn()> = Rc::from(changed);
    let tell = |changes: Rc<Cell<u64>>, changed: Rc<dyn Fn()>| {
        move || {
            changes.set(changes.get() + 1);
            changed();
        }
    };
    let queries = client.subscribe_queries(tell(changes.clone(), changed.clone()));
    let mutations = client.subscribe_mutations(tell(changes.clone(), changed));
    (changes, queries, mutations)
}

/// What a button of the inspector does to one query (TanStack's devtools actions).
#[derive(Clone, Copy)]
enum QueryAction {
    Refetch,
    Invalidate,
    Reset,
    Remove,
}

impl QueryAction {
    const ALL: [QueryAction; 4] = [
        QueryAction::Refetch,
        QueryAction::Invalidate,
        QueryAction::Reset,
        QueryAction::Remove,
    ];

    fn label(self) -> &'static str {
        match self {
            QueryAction::Refetch => "Refetch",
            QueryAction::Invalidate => "Invalidate",
            QueryAction::Reset => "Reset",
            QueryAction::Remove => "Remove",
        }
    }

    /// Through the client's own methods, on this key only (not the keys under it).
    fn run(self, client: &QueryClient, key: &QueryKey) {
        let only = QueryFilter::exact(key.clone());
        match self {
            QueryAction::Refetch => client.refetch_queries(&only),
            QueryAction::Invalidate => client.invalidate_queries(&only),
            QueryAction::Reset => client.reset_queries(&only),
            QueryAction::Remove => client.remove_queries(&only),
        }
    }
}

fn query_actions(client: &QueryClient, key: &QueryKey) -> Html {
    html! {
        <div class="yo-actions" role="group" aria-label={format!("Actions on {key}")}>
            { for QueryAction::ALL.into_iter().map(|action| {
                let (client, key) = (client.clone(), key.clone());
                let onclick = Callback::from(move |_: MouseEvent| action.run(&client, &key));
                html! {
                    <button type="button" {onclick} data-testid={format!("inspector-{}", action.label().to_lowercase())}>
                        { action.label() }
                    </button>
                }
            }) }
        </div>
    }
}

/// An entry's optimistic layers, bottom first, each with the mutation that owns it.
fn layers(snap: &EntrySnapshot, calls: &[MutationInfo]) -> Html {
    if snap.layers.is_empty() {
        html! { <p class="yo-none">{ "none" }</p> }
    } else {
        html! {
            <ol>
                { for snap.layers.iter().map(|l| {
                    let state = if l.committed { "committed" } else { "pending" };
                    let owner = calls.iter().find(|m| m.id == l.mutation).map(|m| {
                        let key = m.key.as_ref().map(|k| format!(" {k}")).unwrap_or_default();
                        let scope = m.scope.as_ref().map(|s| format!(" in {s}")).unwrap_or_default();
                        format!("{key}{scope}")
                    }).unwrap_or_default();
                    html! {
                        <li data-testid="inspector-layer" data-mutation={l.mutation.0.to_string()} data-state={state}>
                            { format!("{}{owner} · {state}", l.mutation) }
                        </li>
                    }
                }) }
            </ol>
        }
    }
}

/// One cache entry: its key and states, confirmed data, layers and visible data.
fn entry(
    client: &QueryClient,
    snap: &EntrySnapshot,
    calls: &[MutationInfo],
    formatters: &Formatters,
) -> Html {
    let key = snap.key.to_string();
    let status = query_status(snap.status);
    let status_tone = match snap.status {
        QueryStatus::Success => "success",
        QueryStatus::Pending => "pending",
        QueryStatus::Error => "error",
    };
    let layers = layers(snap, calls);
    html! {
        <details key={key.clone()} open={true} data-testid="inspector-entry" data-key={key.clone()}
                 data-layers={(!snap.layers.is_empty()).to_string()}>
            <summary>
                <code>{ key.clone() }</code>
                <span class="yo-badge" data-tone={status_tone} data-testid="inspector-status">{ status }</span>
                <span class="yo-badge" data-tone={if snap.fetch_status == FetchStatus::Idle { "info" } else { "pending" }}
                      data-testid="inspector-fetch-status">{ fetch_status(snap.fetch_status) }</span>
                <span class="yo-badge">{ format!("{} observer{}", snap.observers, if snap.observers == 1 { "" } else { "s" }) }</span>
                if snap.invalidated { <span class="yo-badge" data-tone="pending">{ "invalidated" }</span> }
                if !snap.layers.is_empty() {
                    <span class="yo-badge" data-tone="pending">{ format!("{} layer{}", snap.layers.len(), if snap.layers.len() == 1 { "" } else { "s" }) }</span>
                }
            </summary>
            { query_actions(client, &snap.key) }
            <div class="yo-body">
                <section data-testid="inspector-confirmed">
                    <h4>{ "Confirmed" }</h4>
                    // Focusable: a keyboard user must be able to scroll long data.
                    <pre tabindex="0" aria-label={format!("Confirmed data of {key}")}>{ formatters.show(snap, snap.confirmed.as_ref()) }</pre>
                </section>
                <section data-testid="inspector-layers">
                    <h4>{ "Layers (bottom first)" }</h4>
                    { layers }
                </section>
                <section data-testid="inspector-visible">
                    <h4>{ "Visible" }</h4>
                    <pre tabindex="0" aria-label={format!("Visible data of {key}")}>{ formatters.show(snap, snap.visible.as_ref()) }</pre>
                </section>
            </div>
        </details>
    }
}

/// One mutation of the mutation cache, as a table row.
/// The buttons of a mutation row: a call that waits for the server after an unknown
/// outcome, or is held, can be sent again now or given up (its change rolled back); a
/// settled call can be dismissed from the list.
fn mutation_actions(client: &QueryClient, m: &MutationInfo) -> Html {
    let id = m.id;
    let waiting = m.status == MutationStatus::Held
        || (m.status == MutationStatus::Pending
            && m.error.as_ref().is_some_and(|e| e.kind.is_unknown()));
    let button = |label: &'static str, testid: &'static str, act: fn(&QueryClient, MutationId)| {
        let client = client.clone();
        let onclick = Callback::from(move |_: MouseEvent| act(&client, id));
        html! { <button type="button" {onclick} data-testid={testid}>{ label }</button> }
    };
    if waiting {
        html! {
            <>
                { button("Retry now", "inspector-retry", |c, id| { c.retry_mutation_now(id); }) }
                { button("Cancel", "inspector-cancel", |c, id| { c.discard_mutation(id); }) }
            </>
        }
    } else if !m.status.is_unsettled() {
        button("Dismiss", "inspector-dismiss", |c, id| {
            c.dismiss_mutation(id);
        })
    } else {
        Html::default()
    }
}

fn mutation_row(client: &QueryClient, m: &MutationInfo) -> Html {
    let status = mutation_status(m.status);
    let tone = match m.status {
        MutationStatus::Success => "success",
        MutationStatus::Error => "error",
        MutationStatus::Pending | MutationStatus::Paused | MutationStatus::Held => "pending",
        MutationStatus::Idle => "info",
    };
    let layers = m
        .layer_keys
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <tr key={m.id.0} data-testid="inspector-mutation" data-mutation={m.id.0.to_string()} data-status={status}>
            <td>{ format!("#{}", m.id.0) }</td>
            <td>{ m.key.as_ref().map(ToString::to_string).unwrap_or_else(|| "—".into()) }</td>
            <td>{ m.scope.as_ref().map(ToString::to_string).unwrap_or_else(|| "—".into()) }</td>
            <td><span class="yo-badge" data-tone={tone}>{ status }</span></td>
            <td>{ m.failure_count }</td>
            <td>{ if layers.is_empty() { "—".to_string() } else { layers } }</td>
            <td>{ m.error.as_ref().map(|e| e.message.clone()).unwrap_or_default() }</td>
            <td class="yo-actions">{ mutation_actions(client, m) }</td>
        </tr>
    }
}

/// The inspector's own styles (the panel chrome is shared with the event log).
#[allow(
    clippy::too_many_lines,
    reason = "a stylesheet: its lines are CSS text, not steps (split into sheet! parts it cost +2.4 KB gzip)"
)]
fn inspector_css() -> StyleSource {
    css!(
        r#"
        h4 {
            margin: 0 0 0.2rem;
            font-size: 0.7rem;
            text-transform: uppercase;
            letter-spacing: 0.04em;
            color: var(--yo-muted, #5b6575);
        }
        summary:focus-visible {
            outline: 2px solid var(--yo-focus, #b45309);
            outline-offset: 1px;
        }
        .yo-scroll { overflow-y: auto; padding: 0.4rem 0.6rem; }
        .yo-actions { display: flex; flex-wrap: wrap; gap: 0.3rem; padding: 0.2rem 0.5rem; }
        .yo-actions button {
            padding: 0.1rem 0.5rem;
            border: 1px solid var(--yo-border, #d8dde5);
            border-radius: 4px;
            background: var(--yo-surface, #ffffff);
            color: inherit;
            font: inherit;
            cursor: pointer;
        }
        .yo-actions button:focus-visible {
            outline: 2px solid var(--yo-focus, #b45309);
            outline-offset: 1px;
        }
        details {
            margin-bottom: 0.4rem;
            border: 1px solid var(--yo-border, #d8dde5);
            border-radius: 6px;
        }
        details[data-layers="true"] { border-left: 3px solid var(--yo-pending-text, #7a4b00); }
        summary {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: 0.4rem;
            padding: 0.3rem 0.5rem;
            cursor: pointer;
        }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; }
        .yo-badge {
            padding: 0 0.4rem;
            border-radius: 999px;
            font-size: 0.7rem;
            line-height: 1.2rem;
            background: var(--yo-surface-2, #f1f3f6);
            color: var(--yo-muted, #5b6575);
        }
        .yo-badge[data-tone="success"] { background: var(--yo-success-bg, #ddf5e8); color: var(--yo-success-text, #0b6138); }
        .yo-badge[data-tone="pending"] { background: var(--yo-pending-bg, #fff4d6); color: var(--yo-pending-text, #7a4b00); }
        .yo-badge[data-tone="error"] { background: var(--yo-error-bg, #fde8e8); color: var(--yo-error-text, #9b1c1c); }
        .yo-body {
            display: grid;
            grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
            gap: 0.5rem;
            padding: 0.4rem 0.5rem 0.5rem;
        }
        pre {
            margin: 0;
            padding: 0.4rem;
            max-height: 12rem;
            overflow: auto;
            border-radius: 4px;
            background: var(--yo-surface-2, #f1f3f6);
            font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
            font-size: 0.75rem;
            white-space: pre-wrap;
            overflow-wrap: anywhere;
        }
        ol { margin: 0; padding-left: 1.2rem; }
        li[data-state="pending"] { color: var(--yo-pending-text, #7a4b00); }
        .yo-none { margin: 0; color: var(--yo-muted, #5b6575); }
        table { width: 100%; border-collapse: collapse; }
        th, td { text-align: left; padding: 0.15rem 0.4rem; border-bottom: 1px solid var(--yo-border, #d8dde5); vertical-align: top; }
        th { font-size: 0.7rem; color: var(--yo-muted, #5b6575); font-weight: 600; }
        td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
        "#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use optimistic_query::keys;

    #[test]
    fn longer_prefixes_are_asked_first_and_fall_through() {
        let f = Formatters::new()
            .with(keys!["a"], |_| Some("outer".into()))
            .with(keys!["a", "b"], |v| {
                v.downcast_ref::<u8>().map(|_| "inner".into())
            });
        assert_eq!(f.format(&keys!["a", "b"], &1_u8).as_deref(), Some("inner"));
        // The inner one does not know strings: the outer one is asked next.
        assert_eq!(f.format(&keys!["a", "b"], &"x").as_deref(), Some("outer"));
        assert_eq!(f.format(&keys!["c"], &1_u8), None);
    }

    #[test]
    fn equal_by_pointer() {
        let a = Formatters::new().json::<u8>(keys!["n"]);
        let b = a.clone();
        assert_eq!(a, b);
        assert_ne!(a, Formatters::new().json::<u8>(keys!["n"]));
    }
}
