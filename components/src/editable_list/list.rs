//! The `EditableList` component: wiring of the list's keyed query, its one mutation (an
//! optimistic action, which never renders the list), the refused changes and the
//! announcements, and the markup around the rows. The list renders when its set of items,
//! its status or its refused changes change; the order is [`OrderedRows`]'s, each row's
//! item and unsettled changes its [`KeyedRow`](super::keyed_row::KeyedRow)'s, so a tick
//! renders one row. The decisions live in [`state`](super::state), the styles in
//! [`style`](super::style).

use super::add_form::AddForm;
use super::fetch_state::{ListBusy, ListLoadError, ListLoading};
use super::focus::ListIds;
use super::mutation::{
    list_mutation_key, list_mutation_options, list_query_key, list_query_options, list_scope,
    new_item_id,
};
use super::ordered_rows::{FocusSlot, OrderedRows};
use super::pending::{use_pending_rows, PendingRows};
use super::rows::{ordered, Placed};
use super::source::{Item, ItemId, ListChange, ListItem, ListSource};
use super::state::{plan, row_failures, Control, RowAction};
use super::strings::ListStrings;
use super::style;
use super::summary::ListSummary;
use crate::feedback::changes::{use_changes, Changes, ChangesOf};
use crate::feedback::dom_id::instance_prefix;
use crate::feedback::RefusedChanges;
use crate::hooks::{use_collection, OptimisticAction};
use crate::provider::use_query_client;
use crate::source_ref::SourceRef;
use optimistic_query::{CollectionObserver, MutationFilter, QueryClient, QueryKey, RetryPolicy};
use std::rc::Rc;
use stylist::yew::use_style;
use yew::prelude::*;
use yew_hooks::use_latest;

/// Props of [`EditableList`] (and of [`EditableListOf`] for an app's own item type `T`).
#[derive(Properties, PartialEq)]
pub struct EditableListProps<T: ListItem = Item> {
    /// Where the list is read from and changes are sent to.
    pub source: SourceRef<dyn ListSource<T>>,
    /// Which list (its id at the source, and part of its query key).
    pub list: AttrValue,
    /// Accessible name of the list, e.g. "Groceries" (default "Items").
    #[prop_or(AttrValue::Static("Items"))]
    pub label: AttrValue,
    /// Every word the list shows, for translation (English by default).
    #[prop_or_default]
    pub strings: Rc<ListStrings>,
    /// Renders an item's content in place of its title: an app's own fields (a due
    /// date, an assignee) beside the title. The title stays what a rename edits. Keep
    /// the callback stable (`use_callback`), or every row re-renders each time.
    #[prop_or_default]
    pub render_item: Option<Callback<T, Html>>,
    /// Show the keyboard shortcuts under the list (default `true`).
    #[prop_or(true)]
    pub show_shortcuts: bool,
    /// How a change the server may not have received is retried (default: three times,
    /// with back-off, for network failures, timeouts, 5xx and 429; safe because every
    /// change carries its idempotency key). `None` follows the client's
    /// `mutation_retry`.
    #[prop_or(Some(RetryPolicy::default()))]
    pub retry: Option<RetryPolicy>,
    /// Test hook: called with an item's id every time its row renders.
    #[doc(hidden)]
    #[prop_or_default]
    pub on_render: Option<Callback<ItemId>>,
    /// Test hook: called every time the list itself (or its ordered rows) renders.
    #[doc(hidden)]
    #[prop_or_default]
    pub on_list_render: Option<Callback<()>>,
}

/// The list's one mutation: an optimistic action, so sending a change never renders the
/// list (the rows it paints render themselves).
type Action = OptimisticAction<ListChange, ()>;

/// What the stable row callback needs from the latest render.
struct Snapshot<T> {
    rows: Option<CollectionObserver<ItemId, Placed<T>>>,
    refused: RefusedChanges<ListChange>,
    action: Action,
    pending: PendingRows,
    client: QueryClient,
}

/// The ids in the order shown, read when an action needs them (a delete's neighbour, a
/// move's index), not on every render.
fn shown_order<T>(rows: &Option<CollectionObserver<ItemId, Placed<T>>>) -> Vec<ItemId>
where
    T: ListItem,
{
    rows.as_ref()
        .and_then(|r| r.data())
        .map(|d| ordered(&d))
        .unwrap_or_default()
}

/// Carries out a row action with the latest state: held changes sent again or given up,
/// or the plan's dismissals, change and focus.
fn act<T: ListItem>(now: &Snapshot<T>, action: RowAction, focus_next: &FocusSlot) {
    if let RowAction::RetryNow(id) | RowAction::Discard(id) = &action {
        let calls = now.pending.get(id).map(|p| p.waiting).unwrap_or_default();
        for call in calls {
            if matches!(action, RowAction::Discard(_)) {
                now.client.discard_mutation(call);
            } else {
                now.client.retry_mutation_now(call);
            }
        }
        return;
    }
    let order = match &action {
        RowAction::Delete(_) | RowAction::Move(..) | RowAction::Dismiss(_) => {
            shown_order(&now.rows)
        }
        _ => Vec::new(),
    };
    let plan = plan(action, &order, now.refused.changes());
    now.refused.dismiss(plan.dismiss);
    if plan.focus.is_some() {
        focus_next.set(plan.focus);
    }
    if let Some(change) = plan.send {
        now.action.mutate(change);
    }
}

/// The list's changes: its mutation ([`list_mutation_options`]), its refused changes
/// (told in the list's words) and whether it announces failures itself.
#[hook]
fn use_list_changes<T: ListItem>(props: &EditableListProps<T>) -> Changes<ListChange> {
    let strings = props.strings.clone();
    use_changes(ChangesOf {
        options: list_mutation_options(props.source.clone(), &props.list),
        retry: props.retry,
        filter: MutationFilter::key(list_mutation_key()),
        scope: list_scope(&props.list),
        describe: Box::new(move |r| strings.refusal(&r.variables, &r.message)),
    })
}

/// The rows' action callback and the add form's, each the same for the component's
/// whole life (so rows whose data did not change keep equal props and do not render),
/// acting on the latest render's rows, changes and unsettled calls.
#[hook]
fn use_list_callbacks<T: ListItem>(
    rows: Option<CollectionObserver<ItemId, Placed<T>>>,
    changes: Changes<ListChange>,
    pending: PendingRows,
    focus_next: &FocusSlot,
) -> (Callback<RowAction>, Callback<String>) {
    let action = changes.action.clone();
    let client = use_query_client();
    let latest = use_latest(Snapshot {
        rows,
        refused: changes.refused,
        action: changes.action,
        pending,
        client,
    });
    let on_action = {
        let focus_next = focus_next.clone();
        use_callback((), move |action: RowAction, _| {
            act(&latest.current(), action, &focus_next);
        })
    };
    let on_add = use_callback((), move |title: String, _| {
        let id = new_item_id();
        action.mutate(ListChange::Add { id, title });
    });
    (on_action, on_add)
}

/// An editable list of items: add, rename inline, tick off, delete and reorder. Every
/// change shows at once; a change the server refuses is rolled back alone (other pending
/// changes stay), and its row says why, with **Retry** and **Dismiss**. A refused add keeps
/// a "ghost" row with the user's text, so no typing is ever lost. Failures are also
/// announced in the nearest [`ToastRegion`](crate::feedback::ToastRegion), if any.
///
/// Each row shows its state as `data-state="confirmed|pending|waiting|held|failed"` and,
/// when not confirmed, as a [`StateMark`](crate::feedback::StateMark) with text
/// ("Saving…", "Waiting for the server…", "Not saved yet" with Retry now / Discard,
/// "Not saved"), not by colour alone. A row whose change storage refused to keep on this
/// device says so (`row-not-kept`, in a polite live region). The list's own fetch shows a loading skeleton, an
/// error with Retry, or an empty state. It is styled with the theme's `--yo-*` variables
/// (see [`theme`](crate::theme)), with fallbacks.
///
/// Keyboard: Enter in the add field adds; on a title, Enter, F2, a click or a
/// double-click starts renaming, Enter saves and Escape cancels; Space or Enter on the
/// checkbox ticks; Alt+↑ / Alt+↓ on any control of a row moves it (as do the ↑ ↓
/// buttons). Focus stays on the same control when a change is rolled back or a row
/// moves; after a delete it goes to the next row.
///
/// Stable `data-testid`s: `editable-list` (root), `list-loading`, `list-error`,
/// `list-retry`, `list-refresh-error`, `list-empty`, `list-add-input`, `list-add-button`,
/// `list-summary`; per row `row` (with `data-id` and `data-state`), and inside it
/// `row-toggle`, `row-title`, `row-edit-input`, `row-move-up`, `row-move-down`,
/// `row-delete`, `row-error`, `row-retry`, `row-dismiss`.
///
/// **Your own items.** `EditableList` is `EditableListOf<Item>`. For an app's own item
/// type, implement [`ListItem`](super::ListItem) and [`ListSource`](super::ListSource)
/// for it, and use `EditableListOf<T>`; `render_item` shows its other fields, and
/// `strings` ([`ListStrings`](super::ListStrings)) translates every word:
///
/// ```
/// use std::rc::Rc;
/// use futures::future::LocalBoxFuture;
/// use yew::prelude::*;
/// use yew_optimistic::{FetchError, MutationContext, SourceRef};
/// use yew_optimistic::editable_list::{EditableListOf, ItemId, ListChange, ListItem, ListSource, ListStrings};
///
/// #[derive(Clone, PartialEq)]
/// struct Task { id: String, text: String, completed: bool, due: Option<String> }
/// impl ListItem for Task {
///     fn id(&self) -> ItemId { ItemId(self.id.clone()) }
///     fn title(&self) -> &str { &self.text }
///     fn done(&self) -> bool { self.completed }
///     fn set_title(&mut self, title: String) { self.text = title; }
///     fn set_done(&mut self, done: bool) { self.completed = done; }
///     fn new_item(id: &ItemId, title: String) -> Self {
///         Task { id: id.0.clone(), text: title, completed: false, due: None }
///     }
/// }
///
/// struct Tasks;
/// impl ListSource<Task> for Tasks {
///     fn fetch(&self, _list: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Task>, FetchError>> {
///         Box::pin(async { Ok(vec![]) })
///     }
///     fn apply(&self, _list: &str, _c: ListChange, _ctx: MutationContext) -> LocalBoxFuture<'static, Result<(), FetchError>> {
///         Box::pin(async { Ok(()) })
///     }
/// }
///
/// #[component]
/// fn Sprint() -> Html {
///     let source = use_memo((), |_| SourceRef::<dyn ListSource<Task>>::new(Rc::new(Tasks)));
///     let render = use_callback((), |task: Task, _| html! {
///         <>{ task.text.clone() }if let Some(due) = task.due { <small>{ format!(" · due {due}") }</small> }</>
///     });
///     let strings = use_memo((), |_| ListStrings { add_button: "Ajouter".into(), ..ListStrings::default() });
///     html! {
///         <EditableListOf<Task> source={(*source).clone()} list="sprint" label="Sprint"
///             render_item={render} strings={strings} />
///     }
/// }
/// # let _ = html! { <Sprint /> };
/// ```
///
/// The list's data lives under [`list_query_key`](super::list_query_key), as a keyed
/// collection ([`ListRows`](super::ListRows): a tick or a rename changes one row and
/// renders that row alone, not the list), and its changes
/// are the mutation [`list_mutation_options`](super::list_mutation_options), so other
/// components can read the same list, and the app can register the mutation to persist
/// offline changes.
///
/// **Persistence is the app's opt-in**: changes made offline survive a reload only when
/// the app registers the mutation (`client.register_mutation(list_mutation_key(),
/// list_mutation_options(source, list))`) on the client it gives the provider; without
/// that line the list keeps its offline queue in memory only, and no persistence code
/// is in the app's bundle.
///
/// ```
/// use std::rc::Rc;
/// use futures::future::LocalBoxFuture;
/// use yew::prelude::*;
/// use yew_optimistic::{FetchError, MutationContext, QueryClientProvider, SourceRef};
/// use yew_optimistic::editable_list::{EditableList, Item, ItemId, ListChange, ListSource};
/// use yew_optimistic::feedback::ToastRegion;
///
/// /// A source that holds one list in memory.
/// struct InMemory(std::cell::RefCell<Vec<Item>>);
/// impl ListSource for InMemory {
///     fn fetch(&self, _list: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Item>, FetchError>> {
///         let items = self.0.borrow().clone();
///         Box::pin(async move { Ok(items) })
///     }
///     fn apply(&self, _list: &str, change: ListChange, _ctx: MutationContext) -> LocalBoxFuture<'static, Result<(), FetchError>> {
///         let next = change.apply(&self.0.borrow());
///         *self.0.borrow_mut() = next;
///         Box::pin(async { Ok(()) })
///     }
/// }
///
/// #[component]
/// fn App() -> Html {
///     let source = use_memo((), |_| {
///         let milk = Item { id: ItemId("1".into()), title: "milk".into(), done: false };
///         SourceRef::<dyn ListSource>::new(Rc::new(InMemory(vec![milk].into())))
///     });
///     html! {
///         <QueryClientProvider>
///             <ToastRegion>
///                 <EditableList source={(*source).clone()} list="groceries" label="Groceries" />
///             </ToastRegion>
///         </QueryClientProvider>
///     }
/// }
/// # let _ = html! { <App /> };
/// ```
#[component]
pub fn EditableListOf<T: ListItem>(props: &EditableListProps<T>) -> Html {
    if let Some(on_list_render) = &props.on_list_render {
        on_list_render.emit(());
    }
    let list = props.list.to_string();
    let strings = props.strings.clone();
    let query = use_collection(list_query_options(props.source.clone(), &list));
    let changes = use_list_changes(props);
    let announce = changes.announce;
    let pending = use_pending_rows(&list);
    let ids = use_memo((), |_| ListIds::new(instance_prefix("list")));
    let focus_next = use_memo((), |_| FocusSlot::default());
    let failures = Rc::new(row_failures(changes.refused.changes()));
    let (on_action, on_add) = use_list_callbacks(
        query.observer.clone(),
        changes,
        pending.clone(),
        &focus_next,
    );
    let root = use_node_ref();
    let query_key = list_query_key(&list);
    let class = use_style(style::list());

    let data = query.observer.as_ref().filter(|r| r.data().is_some());
    let refetch = refetch(&query.observer);
    let error = query.error.as_ref().map(|e| AttrValue::from(e.to_string()));
    let body = match data {
        None => unavailable(query_key.clone(), strings.clone(), error, refetch),
        Some(rows) => {
            html! {
                <>
                    { error.map(|e| refresh_error(&strings, &e, refetch)) }
                    <AddForm input_id={ids.of(None, Control::AddInput)} label={strings.add_label.clone()}
                        placeholder={strings.add_placeholder.clone()} button={strings.add_button.clone()} {on_add} />
                    <OrderedRows<T> rows={rows.clone()} pending={pending.clone()} {failures}
                        label={props.label.clone()} strings={strings.clone()} render_item={props.render_item.clone()}
                        {announce} ids={ids.clone()} focus_next={(*focus_next).clone()} {on_action}
                        on_render={props.on_render.clone()} on_list_render={props.on_list_render.clone()} />
                    <ListSummary<T> rows={rows.clone()} {pending} strings={strings.clone()} total={query.keys.len()} />
                    if props.show_shortcuts {
                        <p class="yo-keys" data-testid="list-shortcuts">{ strings.shortcuts.clone() }</p>
                    }
                </>
            }
        }
    };
    html! {
        <section ref={root.clone()} class={class} data-testid="editable-list" aria-label={props.label.clone()}>
            <ListBusy target={root} query={query_key} />
            { body }
        </section>
    }
}

/// The list before it has rows: loading, or why the first fetch failed, with "Retry".
fn unavailable(
    query: QueryKey,
    strings: Rc<ListStrings>,
    error: Option<AttrValue>,
    on_retry: Callback<()>,
) -> Html {
    match error {
        None => html! { <ListLoading {query} {strings} /> },
        Some(error) => html! { <ListLoadError {query} {strings} {error} {on_retry} /> },
    }
}

/// Why the list could not be read again (the rows it had stay), with "Retry".
fn refresh_error(strings: &ListStrings, error: &str, refetch: Callback<()>) -> Html {
    html! {
        <div class="yo-error" data-testid="list-refresh-error">
            <p>{ ListStrings::fill(&strings.refresh_error, &[("error", error)]) }</p>
            <button type="button" class="yo-link" data-testid="list-retry" onclick={refetch.reform(|_: MouseEvent| ())}>
                { strings.retry.clone() }
            </button>
        </div>
    }
}

/// [`EditableListOf`] over the crate's own [`Item`]: what most apps start with.
pub type EditableList = EditableListOf<Item>;

/// Fetches the list again now.
fn refetch<T: ListItem>(rows: &Option<CollectionObserver<ItemId, Placed<T>>>) -> Callback<()> {
    let rows = rows.clone();
    Callback::from(move |()| {
        if let Some(rows) = &rows {
            rows.refetch();
        }
    })
}
