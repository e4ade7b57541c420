//! The `EditableList` component: the list's query, its one mutation, per-row state, and
//! the focus bookkeeping that keeps keyboard users where they were.

use super::mutation::{
    item_scope, list_mutation_key, list_mutation_options, list_query_options, new_item_id,
};
use super::row::{Direction, ListRow, RowAction, RowFailure};
use super::source::{Item, ItemId, ListChange, ListSource};
use crate::feedback::{use_toasts, ItemState, ToastKind};
use crate::hooks::{use_mutation_state, use_optimistic_mutation, use_query};
use crate::provider::use_query_client;
use crate::source_ref::SourceRef;
use optimistic_query::{ErrorKind, MutationFilter, MutationId, MutationStatus};
use std::collections::HashSet;
use std::rc::Rc;
use stylist::yew::use_style;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

/// Props of [`EditableList`].
#[derive(Properties, PartialEq)]
pub struct EditableListProps {
    /// Where the list is read from and changes are sent to.
    pub source: SourceRef<dyn ListSource>,
    /// Which list (its id at the source, and part of its query key).
    pub list: AttrValue,
    /// Accessible name of the list, e.g. "Groceries" (default "Items").
    #[prop_or(AttrValue::Static("Items"))]
    pub label: AttrValue,
    /// Test hook: called with an item's id every time its row renders.
    #[doc(hidden)]
    #[prop_or_default]
    pub on_render: Option<Callback<ItemId>>,
}

/// Changes the server refused, by item, oldest first. Kept by the component (the engine
/// already rolled them back) so the user can read why and retry or dismiss.
#[derive(Default, PartialEq)]
struct Failures(Vec<(ItemId, RowFailure)>);

enum FailureAction {
    Fail(MutationId, ListChange, String),
    /// The user made a new change: it replaces a failed one of the same kind on the same
    /// item (a second tick makes the failed tick moot), and a delete replaces them all.
    Supersede(ListChange),
    Clear(ItemId),
    /// Another list is shown: its failures are not this one's.
    Reset,
}

impl Reducible for Failures {
    type Action = FailureAction;
    fn reduce(self: Rc<Self>, action: FailureAction) -> Rc<Self> {
        let mut all = self.0.clone();
        match action {
            FailureAction::Fail(mutation, change, message) => {
                let id = change.item().clone();
                let failure = RowFailure {
                    mutation,
                    change,
                    message: message.into(),
                };
                // A later failure on the same item replaces the earlier one where it was,
                // so ghost rows keep their place.
                match all.iter_mut().find(|(i, _)| *i == id) {
                    Some(slot) => slot.1 = failure,
                    None => all.push((id, failure)),
                }
            }
            FailureAction::Supersede(change) => all.retain(|(i, failure)| {
                let same_kind =
                    std::mem::discriminant(&failure.change) == std::mem::discriminant(&change);
                let replaced = matches!(change, ListChange::Delete { .. }) || same_kind;
                !(i == change.item() && replaced)
            }),
            FailureAction::Clear(id) => all.retain(|(i, _)| *i != id),
            FailureAction::Reset => all.clear(),
        }
        Rc::new(Failures(all))
    }
}

/// A control inside the list, named so it can be found again after a re-render: the
/// row's item id (none for the add form) and the control's `data-testid`.
#[derive(Clone, Debug, PartialEq)]
struct FocusTarget {
    row: Option<ItemId>,
    testid: String,
}

impl FocusTarget {
    fn in_row(id: ItemId, testid: &str) -> Self {
        FocusTarget {
            row: Some(id),
            testid: testid.into(),
        }
    }
    fn outside_rows(testid: &str) -> Self {
        FocusTarget {
            row: None,
            testid: testid.into(),
        }
    }
}

/// The control inside `root` that has focus now, if any.
fn focused_control(root: &NodeRef) -> Option<FocusTarget> {
    let root = root.cast::<Element>()?;
    let active = gloo_utils::document().active_element()?;
    if !root.contains(Some(&active)) {
        return None;
    }
    let testid = active.get_attribute("data-testid")?;
    let row = active
        .closest("[data-testid=\"row\"]")
        .ok()
        .flatten()
        .and_then(|r| r.get_attribute("data-id"))
        .map(ItemId);
    Some(FocusTarget { row, testid })
}

/// Whether nothing has focus: what the browser does when the focused element is removed
/// or moved in the DOM.
fn focus_is_lost() -> bool {
    let document = gloo_utils::document();
    match document.active_element() {
        None => true,
        Some(active) => document.body().is_some_and(|body| {
            let body: &Element = body.as_ref();
            *body == active
        }),
    }
}

fn find_row(root: &Element, id: &ItemId) -> Option<Element> {
    let rows = root.query_selector_all("[data-testid=\"row\"]").ok()?;
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .find(|r| r.get_attribute("data-id").as_deref() == Some(id.0.as_str()))
}

fn focus(root: &NodeRef, target: &FocusTarget) {
    let Some(root) = root.cast::<Element>() else {
        return;
    };
    // The test id came from the DOM; only plain ids go into a selector.
    if !target
        .testid
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return;
    }
    let scope = match &target.row {
        Some(id) => find_row(&root, id),
        None => Some(root),
    };
    let Some(scope) = scope else { return };
    let element = if scope.get_attribute("data-testid").as_deref() == Some(&target.testid) {
        Some(scope)
    } else {
        scope
            .query_selector(&format!("[data-testid=\"{}\"]", target.testid))
            .ok()
            .flatten()
    };
    if let Some(element) = element.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// What the stable row callback needs from the latest render.
#[derive(Default)]
struct Latest {
    items: Rc<Vec<Item>>,
    failures: Vec<(ItemId, RowFailure)>,
    mutate: Option<Callback<ListChange>>,
}

/// An editable list of items: add, rename inline, tick off, delete and reorder. Every
/// change shows at once; a change the server refuses is rolled back alone (other pending
/// changes stay), and its row says why, with **Retry** and **Dismiss**. A refused add keeps
/// a "ghost" row with the user's text, so no typing is ever lost. Failures are also
/// announced in the nearest [`ToastRegion`](crate::feedback::ToastRegion), if any.
///
/// Each row shows its state as `data-state="confirmed|pending|failed"` and, when not
/// confirmed, as a [`StateMark`](crate::feedback::StateMark) with text ("Saving…",
/// "Not saved"), not by colour alone. The list's own fetch shows a loading skeleton, an
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
/// The list's data lives under [`list_query_key`](super::list_query_key) and its changes
/// are the mutation [`list_mutation_options`](super::list_mutation_options), so other
/// components can read the same list, and the app can register the mutation to persist
/// offline changes.
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
///     fn fetch(&self, _list: &str) -> LocalBoxFuture<'static, Result<Vec<Item>, FetchError>> {
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
/// #[function_component]
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
#[function_component]
pub fn EditableList(props: &EditableListProps) -> Html {
    let list = props.list.to_string();
    let client = use_query_client();
    let query = use_query(list_query_options(props.source.clone(), &list));
    let toasts = use_toasts();
    // `_eq`: most user actions supersede nothing, and then nothing re-renders for it.
    let failures = use_reducer_eq(Failures::default);
    // The list shown now, so a late failure from a list shown before is not pinned on
    // this one's rows.
    let shown = use_mut_ref(String::new);
    if *shown.borrow() != list {
        *shown.borrow_mut() = list.clone();
        if !failures.0.is_empty() {
            failures.dispatch(FailureAction::Reset);
        }
    }
    let mutation = use_optimistic_mutation(list_mutation_options(props.source.clone(), &list));
    // Refused changes of this list, read from the mutation cache rather than from this
    // component's own `on_error`: a change restored from the offline queue after a reload
    // runs under the registered definition, and its refusal must show here too.
    let refused: Vec<(MutationId, ListChange, String)> = {
        let prefix = item_scope(&list, &ItemId(String::new()));
        use_mutation_state(
            MutationFilter::key(list_mutation_key()).status(MutationStatus::Error),
            move |m| {
                let mine = m.scope.as_deref().is_some_and(|s| s.starts_with(&prefix));
                // A call replaced by a newer one in its scope was not refused.
                let error = m.error.as_ref().filter(|e| e.kind != ErrorKind::Aborted)?;
                let change = m.variables::<ListChange>()?;
                mine.then(|| (m.id, change.clone(), error.message.clone()))
            },
        )
        .into_iter()
        .flatten()
        .collect()
    };
    {
        let seen = use_mut_ref(HashSet::<MutationId>::new);
        let report = failures.dispatcher();
        let toasts = toasts.clone();
        use_effect_with(refused, move |refused| {
            for (id, change, message) in refused {
                if seen.borrow_mut().insert(*id) {
                    if let Some(toasts) = &toasts {
                        toasts.push(
                            ToastKind::Error,
                            format!("Couldn't {}: {message}", change.describe()),
                        );
                    }
                    report.dispatch(FailureAction::Fail(*id, change.clone(), message.clone()));
                }
            }
        });
    }
    // Pending changes of this list, by item (the scope names the list; the mutation key
    // is shared by every list).
    let pending: HashSet<ItemId> = {
        let prefix = item_scope(&list, &ItemId(String::new()));
        use_mutation_state(
            MutationFilter::key(list_mutation_key()).status(MutationStatus::Pending),
            move |m| {
                let mine = m.scope.as_deref().is_some_and(|s| s.starts_with(&prefix));
                mine.then(|| m.variables::<ListChange>().map(|c| c.item().clone()))
                    .flatten()
            },
        )
        .into_iter()
        .flatten()
        .collect()
    };

    let items: Rc<Vec<Item>> = query.data.clone().unwrap_or_default();
    let latest = use_mut_ref(Latest::default);
    {
        let mut latest = latest.borrow_mut();
        latest.items = items.clone();
        latest.failures = failures.0.clone();
        latest.mutate = Some(mutation.mutate_callback());
    }

    // Focus bookkeeping. The body runs before Yew patches the DOM, so this is the control
    // that had focus before this render; if the patch removes or moves it (a rolled-back
    // row jumping back, a moved row), the effect below puts focus back on the same
    // control of the same row.
    let root = use_node_ref();
    let focus_before = use_mut_ref(|| None::<FocusTarget>);
    let focus_next = use_mut_ref(|| None::<FocusTarget>);
    *focus_before.borrow_mut() = focused_control(&root);
    {
        let (root, focus_before, focus_next) =
            (root.clone(), focus_before.clone(), focus_next.clone());
        use_effect(move || {
            let before = focus_before.borrow_mut().take();
            if let Some(next) = focus_next.borrow_mut().take() {
                focus(&root, &next);
            } else if let Some(before) = before {
                if focus_is_lost() {
                    focus(&root, &before);
                }
            }
        });
    }

    // One callback for every row, the same for the component's whole life, so rows whose
    // data did not change keep equal props and do not re-render.
    let on_action = {
        let (latest, focus_next, report) =
            (latest.clone(), focus_next.clone(), failures.dispatcher());
        let client = client.clone();
        use_callback((), move |action: RowAction, _| {
            let latest = latest.borrow();
            let Some(mutate) = latest.mutate.clone() else {
                return;
            };
            let index = |id: &ItemId| latest.items.iter().position(|i| &i.id == id);
            let send = |change: ListChange| {
                report.dispatch(FailureAction::Supersede(change.clone()));
                mutate.emit(change);
            };
            match action {
                RowAction::Toggle(id, done) => send(ListChange::Toggle { id, done }),
                RowAction::Rename(id, title) => send(ListChange::Rename { id, title }),
                RowAction::Delete(id) => {
                    // The row goes at once; focus moves to its neighbour, not to <body>.
                    let next = index(&id).and_then(|i| {
                        latest
                            .items
                            .get(i + 1)
                            .or_else(|| i.checked_sub(1).and_then(|p| latest.items.get(p)))
                    });
                    *focus_next.borrow_mut() = Some(match next {
                        Some(n) => FocusTarget::in_row(n.id.clone(), "row-title"),
                        None => FocusTarget::outside_rows("list-add-input"),
                    });
                    send(ListChange::Delete { id });
                }
                RowAction::Move(id, direction) => {
                    let Some(i) = index(&id) else { return };
                    let to = match direction {
                        Direction::Up => i.checked_sub(1),
                        Direction::Down => (i + 1 < latest.items.len()).then_some(i + 1),
                    };
                    if let Some(to) = to {
                        send(ListChange::Move { id, to });
                    }
                }
                RowAction::Retry(id) => {
                    let failed = latest
                        .failures
                        .iter()
                        .find(|(i, _)| *i == id)
                        .map(|(_, f)| (f.mutation, f.change.clone()));
                    if let Some((refused, change)) = failed {
                        client.dismiss_mutation(refused);
                        // The Retry button disappears with the failure; the title stays.
                        *focus_next.borrow_mut() =
                            Some(FocusTarget::in_row(id.clone(), "row-title"));
                        report.dispatch(FailureAction::Clear(id));
                        mutate.emit(change);
                    }
                }
                RowAction::Dismiss(id) => {
                    let refused = latest
                        .failures
                        .iter()
                        .find(|(i, _)| *i == id)
                        .map(|(_, f)| f.mutation);
                    if let Some(refused) = refused {
                        client.dismiss_mutation(refused);
                    }
                    let in_list = index(&id).is_some();
                    *focus_next.borrow_mut() = Some(if in_list {
                        FocusTarget::in_row(id.clone(), "row-title")
                    } else {
                        FocusTarget::outside_rows("list-add-input")
                    });
                    report.dispatch(FailureAction::Clear(id));
                }
            }
        })
    };
    let on_add = {
        let latest = latest.clone();
        use_callback((), move |title: String, _| {
            if let Some(mutate) = latest.borrow().mutate.clone() {
                mutate.emit(ListChange::Add {
                    id: new_item_id(),
                    title,
                });
            }
        })
    };

    let class = use_style!(
        r#"
        box-sizing: border-box;
        width: 100%;
        max-width: 40rem;
        padding: 1rem;
        border: 1px solid var(--yo-border, #d8dde5);
        border-radius: 12px;
        background: var(--yo-surface, #fff);
        color: var(--yo-text, #1d2430);
        box-shadow: var(--yo-shadow, 0 1px 2px rgba(16,24,40,.08));
        font-family: inherit;
        font-size: 0.95rem;

        button, input { font: inherit; color: inherit; }
        button:focus-visible, input:focus-visible, .yo-row:focus-visible {
            outline: 2px solid var(--yo-focus, #ffb020);
            outline-offset: 2px;
        }

        .yo-add { display: flex; gap: 0.5rem; margin-bottom: 0.75rem; }
        .yo-add-input {
            flex: 1;
            min-width: 0;
            padding: 0.5rem 0.7rem;
            border: 1px solid var(--yo-border, #d8dde5);
            border-radius: 8px;
            background: var(--yo-surface-2, #f1f3f6);
        }
        .yo-add-input:focus { border-color: var(--yo-accent, #3158d4); background: var(--yo-surface, #fff); }
        .yo-primary {
            padding: 0.5rem 1rem;
            border: none;
            border-radius: 8px;
            background: var(--yo-accent, #3158d4);
            color: var(--yo-accent-text, #fff);
            font-weight: 600;
            cursor: pointer;
        }
        .yo-primary:hover { filter: brightness(1.08); }
        .yo-primary[aria-disabled="true"] { opacity: 0.55; cursor: not-allowed; }

        .yo-rows { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.35rem; }
        .yo-row {
            border: 1px solid transparent;
            border-radius: 8px;
            background: var(--yo-surface, #fff);
            transition: background-color 120ms ease, opacity 120ms ease;
        }
        .yo-row:hover, .yo-row:focus-within { background: var(--yo-surface-2, #f1f3f6); }
        .yo-row[data-state="pending"] { border: 1px dashed var(--yo-pending-text, #7a4b00); }
        .yo-row[data-state="pending"] .yo-title, .yo-row[data-state="pending"] .yo-check { opacity: 0.6; }
        .yo-row[data-state="failed"] {
            border-color: var(--yo-error-text, #9b1c1c);
            box-shadow: inset 4px 0 0 var(--yo-error-text, #9b1c1c);
        }
        .yo-ghost .yo-title { font-style: italic; color: var(--yo-muted, #5b6575); }
        .yo-row-main { display: flex; align-items: center; gap: 0.5rem; padding: 0.35rem 0.5rem; min-height: 2.25rem; }
        .yo-check { width: 1.1rem; height: 1.1rem; margin: 0; accent-color: var(--yo-accent, #3158d4); cursor: pointer; }
        .yo-title {
            flex: 1;
            min-width: 0;
            padding: 0.25rem 0.35rem;
            border: none;
            border-radius: 6px;
            background: none;
            text-align: left;
            overflow-wrap: anywhere;
            white-space: pre-wrap;
            cursor: text;
        }
        .yo-done .yo-title { text-decoration: line-through; color: var(--yo-muted, #5b6575); }
        .yo-edit {
            flex: 1;
            min-width: 0;
            padding: 0.25rem 0.35rem;
            border: 1px solid var(--yo-accent, #3158d4);
            border-radius: 6px;
            background: var(--yo-surface, #fff);
        }
        .yo-row-actions { display: inline-flex; gap: 0.15rem; opacity: 0.55; transition: opacity 120ms ease; }
        .yo-row:hover .yo-row-actions, .yo-row:focus-within .yo-row-actions { opacity: 1; }
        .yo-icon {
            width: 1.9rem;
            height: 1.9rem;
            border: none;
            border-radius: 6px;
            background: none;
            cursor: pointer;
            line-height: 1;
        }
        .yo-icon:hover { background: var(--yo-border, #d8dde5); }
        .yo-icon[aria-disabled="true"] { opacity: 0.35; cursor: default; background: none; }
        .yo-delete:hover { background: var(--yo-error-bg, #fde8e8); color: var(--yo-error-text, #9b1c1c); }

        .yo-row-error {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: 0.5rem;
            margin: 0 0.5rem 0.4rem 2.1rem;
            padding: 0.35rem 0.6rem;
            border-radius: 6px;
            background: var(--yo-error-bg, #fde8e8);
            color: var(--yo-error-text, #9b1c1c);
            font-size: 0.85rem;
        }
        .yo-row-error-text { flex: 1; min-width: 10rem; overflow-wrap: anywhere; }
        .yo-link {
            padding: 0.15rem 0.5rem;
            border: 1px solid currentColor;
            border-radius: 6px;
            background: none;
            font-size: 0.8rem;
            font-weight: 600;
            cursor: pointer;
        }
        .yo-link:hover { background: var(--yo-surface, #fff); }

        .yo-status { margin: 0.75rem 0 0; color: var(--yo-muted, #5b6575); font-size: 0.85rem; }
        .yo-empty { padding: 1.5rem 0.5rem; text-align: center; color: var(--yo-muted, #5b6575); }
        .yo-error {
            display: flex; align-items: center; gap: 0.75rem; flex-wrap: wrap;
            padding: 0.75rem; border-radius: 8px;
            background: var(--yo-error-bg, #fde8e8); color: var(--yo-error-text, #9b1c1c);
        }
        .yo-error p { margin: 0; flex: 1; }
        .yo-skeleton { display: flex; flex-direction: column; gap: 0.5rem; }
        .yo-skeleton-bar {
            height: 2.25rem;
            border-radius: 8px;
            background: linear-gradient(90deg, var(--yo-surface-2, #f1f3f6) 25%, var(--yo-border, #d8dde5) 50%, var(--yo-surface-2, #f1f3f6) 75%);
            background-size: 200% 100%;
            animation: yo-shimmer 1.4s ease-in-out infinite;
        }
        @keyframes yo-shimmer { from { background-position: 200% 0; } to { background-position: -200% 0; } }
        @media (prefers-reduced-motion: reduce) {
            .yo-skeleton-bar { animation: none; }
            .yo-row { transition: none; }
        }
        "#
    );

    let body = match (&query.data, &query.error) {
        (None, None) => html! {
            <div class="yo-skeleton" data-testid="list-loading" role="status" aria-live="polite">
                <p class="yo-status">
                    { if query.is_paused() { "Waiting for the network…" } else { "Loading items…" } }
                </p>
                <div class="yo-skeleton-bar" aria-hidden="true" />
                <div class="yo-skeleton-bar" aria-hidden="true" />
                <div class="yo-skeleton-bar" aria-hidden="true" />
            </div>
        },
        (None, Some(error)) => {
            let retrying = query.is_fetching();
            let onclick = query.refetch_callback().reform(|_: MouseEvent| ());
            html! {
                <div class="yo-error" data-testid="list-error" role="alert">
                    <p>{ format!("Couldn't load the list: {error}") }</p>
                    <button type="button" class="yo-primary" data-testid="list-retry"
                        aria-disabled={retrying.then_some("true")}
                        onclick={if retrying { Callback::noop() } else { onclick }}>
                        { if retrying { "Retrying…" } else { "Retry" } }
                    </button>
                </div>
            }
        }
        (Some(_), error) => {
            let n = items.len();
            let announce = toasts.is_none();
            let failed: Vec<(ItemId, RowFailure)> = failures.0.clone();
            let failure_of =
                |id: &ItemId| failed.iter().find(|(i, _)| i == id).map(|(_, f)| f.clone());
            let present: HashSet<&ItemId> = items.iter().map(|i| &i.id).collect();
            let rows = items.iter().enumerate().map(|(i, item)| {
                let failure = failure_of(&item.id);
                let state = if pending.contains(&item.id) {
                    ItemState::Pending
                } else if failure.is_some() {
                    ItemState::Failed
                } else {
                    ItemState::Confirmed
                };
                html! {
                    <ListRow
                        key={item.id.0.clone()}
                        item={item.clone()}
                        {state}
                        {failure}
                        first={i == 0}
                        last={i + 1 == n}
                        {announce}
                        on_action={on_action.clone()}
                        on_render={props.on_render.clone()}
                    />
                }
            });
            // Refused adds have no row after the rollback: keep the user's text as a ghost
            // row at the end, where the add put it.
            let ghosts = failed
                .iter()
                .filter_map(|(id, failure)| match &failure.change {
                    ListChange::Add { title, .. } if !present.contains(id) => Some(html! {
                        <ListRow
                            key={id.0.clone()}
                            item={Item { id: id.clone(), title: title.clone(), done: false }}
                            state={ItemState::Failed}
                            failure={Some(failure.clone())}
                            ghost=true
                            {announce}
                            on_action={on_action.clone()}
                            on_render={props.on_render.clone()}
                        />
                    }),
                    _ => None,
                });
            let rows: Vec<Html> = rows.chain(ghosts).collect();
            let empty = rows.is_empty();
            let done = items.iter().filter(|i| i.done).count();
            let saving = pending.len();
            html! {
                <>
                    if let Some(error) = error {
                        <div class="yo-error" data-testid="list-refresh-error">
                            <p>{ format!("Couldn't refresh the list: {error}") }</p>
                            <button type="button" class="yo-link" data-testid="list-retry"
                                onclick={query.refetch_callback().reform(|_: MouseEvent| ())}>{ "Retry" }</button>
                        </div>
                    }
                    <AddForm on_add={on_add.clone()} />
                    <ul class="yo-rows" aria-label={props.label.clone()}>{ for rows }</ul>
                    if empty {
                        <p class="yo-empty" data-testid="list-empty">
                            { "Nothing here yet. Add the first item above." }
                        </p>
                    }
                    <p class="yo-status" data-testid="list-summary">
                        { format!("{done} of {n} done") }
                        if saving > 0 { { format!(" · saving {saving} change(s)…") } }
                    </p>
                </>
            }
        }
    };

    html! {
        <section ref={root} class={class} data-testid="editable-list" aria-label={props.label.clone()}
            aria-busy={query.is_fetching().then_some("true")}>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AddFormProps {
    on_add: Callback<String>,
}

/// The add field, its own component so typing re-renders the field, not the list.
#[function_component]
fn AddForm(props: &AddFormProps) -> Html {
    let draft = use_state_eq(String::new);
    let submit = {
        let (draft, on_add) = (draft.clone(), props.on_add.clone());
        Callback::from(move |()| {
            let title = draft.trim();
            if !title.is_empty() {
                on_add.emit(title.to_string());
                // Focus stays in the field, ready for the next item.
                draft.set(String::new());
            }
        })
    };
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            draft.set(input.value());
        })
    };
    let onkeydown = {
        let submit = submit.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                // Handled here, so the form's own submit does not add it twice.
                e.prevent_default();
                submit.emit(());
            }
        })
    };
    let onsubmit = submit.reform(|e: SubmitEvent| e.prevent_default());
    let empty = draft.trim().is_empty();
    html! {
        <form class="yo-add" {onsubmit}>
            <input
                type="text"
                class="yo-add-input"
                data-testid="list-add-input"
                aria-label="New item"
                placeholder="Add an item…"
                value={(*draft).clone()}
                {oninput}
                {onkeydown}
            />
            <button type="submit" class="yo-primary" data-testid="list-add-button"
                aria-disabled={empty.then_some("true")}>{ "Add" }</button>
        </form>
    }
}
