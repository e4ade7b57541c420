//! The `EditableList` component: wiring of the list's query, its one mutation, the
//! refused changes and the focus bookkeeping, and the markup. The decisions live in
//! [`state`](super::state), the styles in [`style`](super::style).

use super::add_form::AddForm;
use super::focus::{focus_is_lost, ListIds};
use super::mutation::{
    list_mutation_key, list_mutation_options, list_query_options, list_scope, new_item_id,
};
use super::row::ListRow;
use super::source::{Item, ItemId, ListChange, ListItem, ListSource};
use super::state::{ghosts, plan, row_failures, Control, FocusTarget, RowAction, RowFailure};
use super::strings::ListStrings;
use super::style;
use crate::feedback::dom_id::instance_prefix;
use crate::feedback::{ItemState, RefusedChanges};
use crate::hooks::{use_mutation_state, use_query, UseQueryHandle};
use crate::provider::use_query_client;
use crate::scoped_changes::{use_scoped_changes, ScopedChanges};
use crate::source_ref::SourceRef;
use optimistic_query::RetryPolicy;
use optimistic_query::{MutationFilter, MutationId, MutationStatus, QueryClient};
use std::cell::RefCell;
use std::collections::HashMap;
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
}

/// An item's unsettled calls: its state, the calls waiting for the server or held (for
/// Retry now / Discard), and whether storage refused to keep one of them on this device.
type PendingItem = (ItemState, Vec<MutationId>, bool);

/// Items of list `list` with a change on its way (the scope names the list; the mutation
/// key is shared by every list): each item's state (pending, waiting for the server,
/// held) and its calls that wait for the server or are held (for Retry now / Discard).
#[hook]
fn use_pending_items(list: &str) -> Rc<HashMap<ItemId, PendingItem>> {
    let prefix = list_scope(list);
    let calls = use_mutation_state(
        MutationFilter::key(list_mutation_key()).status(MutationStatus::Pending),
        move |m| {
            let mine = m.scope.as_ref().is_some_and(|s| s.starts_with(&prefix));
            let item = m.variables::<ListChange>().map(|c| c.item().clone());
            mine.then_some(item).flatten().map(|item| {
                let kind = m.error.as_ref().map(|e| e.kind);
                (item, m.id, m.status, kind, m.kept_on_device)
            })
        },
    );
    use_memo(calls, |calls| {
        let mut by_item: HashMap<ItemId, Vec<_>> = HashMap::new();
        for (item, id, status, error, kept) in calls.iter().flatten() {
            by_item
                .entry(item.clone())
                .or_default()
                .push((*id, *status, *error, *kept));
        }
        by_item
            .into_iter()
            .map(|(item, calls)| {
                let state = ItemState::of_calls(calls.iter().map(|(_, s, e, _)| (*s, *e)))
                    .unwrap_or(ItemState::Pending);
                let waiting = calls
                    .iter()
                    .filter(|(_, s, e, _)| {
                        *s == MutationStatus::Held || e.is_some_and(|k| k.is_unknown())
                    })
                    .map(|(id, _, _, _)| *id)
                    .collect();
                let not_kept = calls.iter().any(|(_, _, _, kept)| *kept == Some(false));
                (item, (state, waiting, not_kept))
            })
            .collect()
    })
}

/// Keeps the keyboard focus on the same control across renders. The body runs before
/// Yew patches the DOM, so it notes the control that has the focus now; if the patch
/// removes or moves it (a rolled-back row jumping back, a moved row), the effect puts the
/// focus back on the same control of the same row. An action can also ask for the focus
/// to go elsewhere next (after a delete, to the neighbour) through the returned slot.
#[hook]
fn use_kept_focus(ids: Rc<ListIds>) -> Rc<RefCell<Option<FocusTarget>>> {
    let before = use_mut_ref(|| None::<FocusTarget>);
    let next = use_mut_ref(|| None::<FocusTarget>);
    *before.borrow_mut() = ids.focused();
    {
        let next = next.clone();
        use_effect(move || {
            let before = before.borrow_mut().take();
            if let Some(target) = next.borrow_mut().take() {
                ids.focus(&target);
            } else if let Some(target) = before.filter(|_| focus_is_lost()) {
                ids.focus(&target);
            }
        });
    }
    next
}

/// What the stable row callback needs from the latest render.
struct Snapshot<T> {
    items: Rc<Vec<T>>,
    refused: RefusedChanges<ListChange>,
    mutate: Callback<ListChange>,
    pending: Rc<HashMap<ItemId, PendingItem>>,
    client: QueryClient,
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
/// The list's data lives under [`list_query_key`](super::list_query_key) and its changes
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
    let list = props.list.to_string();
    let strings = props.strings.clone();
    let query = use_query(list_query_options(props.source.clone(), &list));
    let ScopedChanges {
        mutation,
        refused,
        announce,
    } = {
        let strings = strings.clone();
        use_scoped_changes(
            list_mutation_options(props.source.clone(), &list),
            props.retry,
            MutationFilter::key(list_mutation_key()),
            list_scope(&list),
            move |r| strings.refusal(&r.variables, &r.message),
        )
    };
    let pending = use_pending_items(&list);
    let client = use_query_client();
    let ids = use_memo((), |_| ListIds::new(instance_prefix("list")));
    let focus_next = use_kept_focus(ids.clone());
    let items: Rc<Vec<T>> = query.data.clone().unwrap_or_default();
    let failures = row_failures(refused.changes());
    let latest = use_latest(Snapshot {
        items: items.clone(),
        refused,
        mutate: mutation.mutate_callback(),
        pending: pending.clone(),
        client,
    });

    // One callback for every row, the same for the component's whole life, so rows whose
    // data did not change keep equal props and do not re-render.
    let on_action = {
        let latest = latest.clone();
        use_callback((), move |action: RowAction, _| {
            let now = latest.current();
            // A row's held (or waiting) changes: sent again now, or given up.
            if let RowAction::RetryNow(id) | RowAction::Discard(id) = &action {
                let calls = now
                    .pending
                    .get(id)
                    .map(|(_, c, _)| c.clone())
                    .unwrap_or_default();
                for call in calls {
                    if matches!(action, RowAction::Discard(_)) {
                        now.client.discard_mutation(call);
                    } else {
                        now.client.retry_mutation_now(call);
                    }
                }
                return;
            }
            let plan = plan(action, &now.items, now.refused.changes());
            now.refused.dismiss(plan.dismiss);
            if plan.focus.is_some() {
                *focus_next.borrow_mut() = plan.focus;
            }
            if let Some(change) = plan.send {
                now.mutate.emit(change);
            }
        })
    };
    let on_add = use_callback((), move |title: String, _| {
        let id = new_item_id();
        latest.current().mutate.emit(ListChange::Add { id, title });
    });
    let class = use_style(style::list());

    let body = match (&query.data, &query.error) {
        (None, None) => loading(&strings, query.is_paused()),
        (None, Some(error)) => load_error(&strings, &query, &error.to_string()),
        (Some(_), error) => {
            let rows = RowsView {
                items: &items,
                failures: &failures,
                pending: &pending,
                announce,
                ids: &ids,
                strings: &strings,
                render_item: &props.render_item,
                on_action: &on_action,
                on_render: &props.on_render,
            };
            let refetch = query.refetch_callback().reform(|_: MouseEvent| ());
            html! {
                <>
                    if let Some(error) = error {
                        <div class="yo-error" data-testid="list-refresh-error">
                            <p>{ ListStrings::fill(&strings.refresh_error, &[("error", &error.to_string())]) }</p>
                            <button type="button" class="yo-link" data-testid="list-retry" onclick={refetch}>
                                { strings.retry.clone() }
                            </button>
                        </div>
                    }
                    <AddForm input_id={ids.of(None, Control::AddInput)} label={strings.add_label.clone()}
                        placeholder={strings.add_placeholder.clone()} button={strings.add_button.clone()} {on_add} />
                    { rows.render(&props.label) }
                    { summary(&strings, &items, pending.len()) }
                    if props.show_shortcuts {
                        <p class="yo-keys" data-testid="list-shortcuts">{ strings.shortcuts.clone() }</p>
                    }
                </>
            }
        }
    };
    html! {
        <section class={class} data-testid="editable-list" aria-label={props.label.clone()}
            aria-busy={query.is_fetching().then_some("true")}>
            { body }
        </section>
    }
}

/// [`EditableListOf`] over the crate's own [`Item`]: what most apps start with.
pub type EditableList = EditableListOf<Item>;

fn loading(strings: &ListStrings, paused: bool) -> Html {
    html! {
        <div class="yo-skeleton" data-testid="list-loading" role="status" aria-live="polite">
            <p class="yo-status">
                { if paused { strings.waiting_for_network.clone() } else { strings.loading.clone() } }
            </p>
            <div class="yo-skeleton-bar" aria-hidden="true" />
            <div class="yo-skeleton-bar" aria-hidden="true" />
            <div class="yo-skeleton-bar" aria-hidden="true" />
        </div>
    }
}

fn load_error<T: ListItem>(
    strings: &ListStrings,
    query: &UseQueryHandle<Rc<Vec<T>>>,
    error: &str,
) -> Html {
    let retrying = query.is_fetching();
    let onclick = if retrying {
        Callback::noop()
    } else {
        query.refetch_callback().reform(|_: MouseEvent| ())
    };
    html! {
        <div class="yo-error" data-testid="list-error" role="alert">
            <p>{ ListStrings::fill(&strings.load_error, &[("error", error)]) }</p>
            <button type="button" class="yo-primary" data-testid="list-retry"
                aria-disabled={retrying.then_some("true")} {onclick}>
                { if retrying { strings.retrying.clone() } else { strings.retry.clone() } }
            </button>
        </div>
    }
}

fn summary<T: ListItem>(strings: &ListStrings, items: &[T], saving: usize) -> Html {
    let done = items.iter().filter(|i| i.done()).count().to_string();
    let total = items.len().to_string();
    let count = saving.to_string();
    html! {
        <p class="yo-status" data-testid="list-summary">
            { ListStrings::fill(&strings.summary, &[("done", &done), ("total", &total)]) }
            if saving > 0 { { ListStrings::fill(&strings.saving_changes, &[("count", &count)]) } }
        </p>
    }
}

/// What the rows are made of, for one render.
struct RowsView<'a, T: ListItem> {
    items: &'a [T],
    failures: &'a [(ItemId, RowFailure)],
    pending: &'a HashMap<ItemId, PendingItem>,
    announce: bool,
    ids: &'a Rc<ListIds>,
    strings: &'a Rc<ListStrings>,
    render_item: &'a Option<Callback<T, Html>>,
    on_action: &'a Callback<RowAction>,
    on_render: &'a Option<Callback<ItemId>>,
}

impl<T: ListItem> RowsView<'_, T> {
    fn row(&self, item: T, failure: Option<RowFailure>, place: (bool, bool), ghost: bool) -> Html {
        let id = item.id();
        let not_kept = self.pending.get(&id).is_some_and(|(_, _, n)| *n);
        let state = if let Some((state, _, _)) = self.pending.get(&id) {
            *state
        } else if failure.is_some() {
            ItemState::Failed
        } else {
            ItemState::Confirmed
        };
        html! {
            <ListRow<T>
                key={id.0}
                {item}
                render_item={self.render_item.clone()}
                strings={self.strings.clone()}
                {state}
                {failure}
                {not_kept}
                first={place.0}
                last={place.1}
                {ghost}
                announce={self.announce}
                ids={self.ids.clone()}
                on_action={self.on_action.clone()}
                on_render={self.on_render.clone()}
            />
        }
    }

    fn render(&self, label: &AttrValue) -> Html {
        let n = self.items.len();
        let failure_of = |id: &ItemId| {
            self.failures
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, f)| f.clone())
        };
        let rows = self.items.iter().enumerate().map(|(i, item)| {
            let failure = failure_of(&item.id());
            self.row(item.clone(), failure, (i == 0, i + 1 == n), false)
        });
        // Refused adds have no row after the rollback: keep the user's text as a ghost
        // row at the end, where the add put it.
        let ghosts = ghosts(self.failures, self.items)
            .into_iter()
            .map(|(id, f, title)| {
                let item = T::new_item(id, title.to_owned());
                self.row(item, Some(f.clone()), (false, false), true)
            });
        let rows: Vec<Html> = rows.chain(ghosts).collect();
        let empty = rows.is_empty();
        html! {
            <>
                <ul class="yo-rows" aria-label={label.clone()}>{ for rows }</ul>
                if empty {
                    <p class="yo-empty" data-testid="list-empty">{ self.strings.empty.clone() }</p>
                }
            </>
        }
    }
}
