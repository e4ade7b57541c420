//! `use_restore`: the persisted queries and queue restored before the children first
//! render, and the tabs that own stored calls asked about before they do.

use super::browser_signals::browser_online;
use super::client_effect::{nothing_to_undo, use_client_effect};
use crate::browser::tabs_sync::{self, Report};
use optimistic_query::{PersistError, QueryClient, QueryRestoreReport, RestoreReport};
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// What starting a client did.
struct Started {
    /// What restoring the queries did (`None`: not asked to restore), taken when told:
    /// a report is handed over, never copied (a skipped call's report holds its
    /// variables as JSON, and copying one links a JSON tree's clone into every app).
    queries: Cell<Option<QueryRestoreReport>>,
    /// What restoring the queue did at start, taken when told.
    queue: Cell<Option<Result<RestoreReport, PersistError>>>,
    /// Whether the children may render: false while the provider asks the browser
    /// which of the tabs owning stored calls are still open.
    ready: Rc<Cell<bool>>,
}

/// Sets the client's network state, then, if the app enabled persistence, restores the
/// persisted queries and the queue (the calls of no tab, of this tab, and, once the
/// browser has said which tabs are open, of closed tabs).
fn start(client: &QueryClient, restore: bool, online: Option<bool>) -> Started {
    // Before anything is restored: a queue restored offline must stay paused.
    client.set_online(online.unwrap_or_else(browser_online));
    let ready = Rc::new(Cell::new(true));
    let Some(persistence) = restore.then(|| client.persistence()).flatten() else {
        return Started {
            queries: Cell::new(None),
            queue: Cell::new(None),
            ready,
        };
    };
    // Data first, so the queue's layers go on top of it.
    let queries = Some(persistence.restore_queries());
    let queue = match (client.config().tab_id.is_some(), tabs_sync::hooks()) {
        (false, _) => persistence.restore_mutations(),
        (true, Some(tabs)) => {
            let (report, others) = (tabs.start)(&persistence);
            ready.set(!others);
            report
        }
        // A tab id without coordination: only calls of no tab and this tab's own, so
        // that no call of an open tab is sent twice.
        (true, None) => persistence.adopt_mutations(&|_| false),
    };
    Started {
        queries: Cell::new(queries),
        queue: Cell::new(Some(queue)),
        ready,
    }
}

/// The client the restore ran for, and what it did.
type StartedSlot = std::cell::RefCell<Option<(QueryClient, Rc<Started>)>>;

/// Starts `client` (see [`start`]) and remembers that it did, in `slot`.
fn start_once(
    slot: &StartedSlot,
    client: &QueryClient,
    restore: bool,
    online: Option<bool>,
) -> Rc<Started> {
    // No borrow of the ref while restoring: a restore runs the app's closures.
    let started = Rc::new(start(client, restore, online));
    *slot.borrow_mut() = Some((client.clone(), started.clone()));
    started
}

/// Starts `client` once (see [`start`]) and tells the reports once mounted; returns
/// whether the children may render yet.
///
/// The start runs during render, not in an effect, because the children's first frame
/// must already show the restored data and changes; a ref remembers which client it
/// ran for, so it runs once per client however often the provider renders. When the
/// children hydrate server-rendered HTML (`hydrating`), their first render must be the
/// server's markup instead (anything else is a hydration mismatch, which Yew answers
/// with a panic when elements differ): the start then runs in the effect after it, and
/// the restored changes show in the render that follows.
#[hook]
pub(super) fn use_restore(
    client: &QueryClient,
    restore: bool,
    hydrating: bool,
    online: Option<bool>,
    on_restore: Callback<Result<RestoreReport, PersistError>>,
    on_restore_queries: Callback<QueryRestoreReport>,
) -> bool {
    // The client the restore ran for (see above): once per client, not a render
    // trigger.
    let slot = use_mut_ref(|| None::<(QueryClient, Rc<Started>)>);
    let known = slot
        .borrow()
        .as_ref()
        .filter(|(c, _)| c == client)
        .map(|(_, s)| s.clone());
    let started = match known {
        Some(started) => Some(started),
        None if hydrating => None,
        None => Some(start_once(&slot, client, restore, online)),
    };
    let rerender = yew_hooks::use_update();
    let ready = started.as_ref().is_none_or(|s| s.ready.get());
    use_client_effect(
        client,
        Box::new(move |client| {
            let reports = started.unwrap_or_else(|| start_once(&slot, client, restore, online));
            if let Some(report) = reports.queries.take() {
                on_restore_queries.emit(report);
            }
            if let Some(report) = reports.queue.take() {
                on_restore.emit(report);
            }
            let waiting = (!reports.ready.get())
                .then(|| tabs_sync::hooks().zip(client.persistence()))
                .flatten();
            if let Some((tabs, persistence)) = waiting {
                // Which of the tabs owning stored calls are open? Calls of the others are
                // replayed here, before the children first render.
                let ready = reports.ready.clone();
                let done = move |report: Report| {
                    on_restore.emit(report);
                    ready.set(true);
                    rerender();
                };
                (tabs.finish_start)(persistence, Box::new(done));
            }
            nothing_to_undo()
        }),
    );
    ready
}
