//! The introduction: the optimistic strategy in five points, each with the stories that
//! show it.

use yew::prelude::*;
use yew_optimistic::{BadgeStatus, StatusBadge};

use crate::route::Route;

/// One point of the strategy and where to see it.
struct Point {
    id: &'static str,
    title: &'static str,
    text: &'static str,
    stories: &'static [(&'static str, &'static str, &'static str)],
}

const POINTS: &[Point] = &[
    Point {
        id: "layers",
        title: "Layers",
        text: "Every cache entry keeps two things: the data the server last confirmed, and one \
               optimistic layer per pending mutation, in the order they started. What a \
               component sees is the confirmed data with the layers applied. A mutation's \
               “optimistic” closure describes its layer from its variables, so the change is in \
               the frame of the click.",
        stories: &[
            ("editable-list", "optimistic", "EditableList · Optimistic"),
            (
                "kanban-board",
                "optimistic",
                "KanbanBoard · Optimistic (two keys, one mutation)",
            ),
            (
                "use-optimistic-mutation",
                "optimistic",
                "use_optimistic_mutation · Optimistic",
            ),
        ],
    },
    Point {
        id: "rollback",
        title: "Rollback",
        text: "When a mutation fails for good, its layers are dropped and the view recomputed. \
               Nothing is restored from a snapshot, so another edit that is still pending stays \
               on screen. Validation errors (4xx) are not retried; 5xx, 429, timeouts and network \
               errors are, when the policy says so.",
        stories: &[
            ("editable-list", "rollback", "EditableList · Rollback"),
            ("like-button", "rollback", "LikeButton · Rollback"),
            ("kanban-board", "error", "KanbanBoard · Error"),
            (
                "use-optimistic-mutation",
                "error",
                "use_optimistic_mutation · Error (503 and 422)",
            ),
        ],
    },
    Point {
        id: "rebase",
        title: "Rebase",
        text: "A refetch that lands while mutations are pending replaces the confirmed data and \
               the layers are applied again on top: no flicker, no “cancel_queries” first. \
               Success removes the layer and writes the server's answer in the same \
               notification, and an invalidation asked by a mutation waits until nothing \
               pending touches that key.",
        stories: &[
            (
                "use-optimistic-mutation",
                "concurrent",
                "use_optimistic_mutation · Concurrent (Refetch now)",
            ),
            ("use-query", "select", "use_query · Select"),
        ],
    },
    Point {
        id: "scopes",
        title: "Scopes",
        text: "Mutations that share a scope key run one at a time, in order: Serial queues every \
               call, LatestWins replaces calls still queued, Debounce and Throttle space the \
               network calls while every click still paints at once.",
        stories: &[
            (
                "like-button",
                "concurrent",
                "LikeButton · Concurrent (LatestWins, throttled)",
            ),
            (
                "editable-list",
                "concurrent",
                "EditableList · Concurrent (Serial per row)",
            ),
            ("kanban-board", "concurrent", "KanbanBoard · Concurrent"),
        ],
    },
    Point {
        id: "offline",
        title: "Offline",
        text: "Offline, mutations pause and keep their layers. Registered definitions \
               (“register_mutation”) let the client persist the queue — key, variables, \
               idempotency key, scope — and rebuild it after a reload; back online, it replays \
               in order, and the idempotency key lets the server apply each change once.",
        stories: &[
            ("editable-list", "offline", "EditableList · Offline"),
            ("like-button", "offline", "LikeButton · Offline"),
            ("kanban-board", "offline", "KanbanBoard · Offline"),
            (
                "use-optimistic-mutation",
                "offline",
                "use_optimistic_mutation · Offline",
            ),
        ],
    },
];

/// What yew-optimistic is, how it stays correct, and where to see each point.
#[component]
pub fn Introduction() -> Html {
    html! {
        <article class="intro" data-page="introduction">
            <header class="page-head">
                <p class="eyebrow">{ "yew-optimistic" }</p>
                <h2>{ "Introduction" }</h2>
                <p class="lead">
                    { "TanStack-Query-style server state for Yew, built around optimistic mutations \
                       that stay correct when many of them overlap. Every story in this gallery runs \
                       against a simulated server in your browser, or against the reference server \
                       (axum + SQLite) when that is what served the page: set its latency, make it \
                       fail, take it offline, and watch the event log." }
                </p>
            </header>
            <section class="panel lifecycle">
                <h3>{ "A change's life" }</h3>
                <p class="badges">
                    <StatusBadge status={BadgeStatus::Idle} />
                    <span aria-hidden="true">{ " → " }</span>
                    <StatusBadge status={BadgeStatus::Pending} />
                    <span aria-hidden="true">{ " → " }</span>
                    <StatusBadge status={BadgeStatus::Success} />
                    <span class="muted">{ " or " }</span>
                    <StatusBadge status={BadgeStatus::Error} />
                </p>
                <p class="muted">{ "Pending changes are already on screen; an error removes only the change that failed." }</p>
            </section>
            <div class="points">
                { for POINTS.iter().map(|p| html! {
                    <section class="panel point" id={p.id}>
                        <h3>{ p.title }</h3>
                        <p>{ p.text }</p>
                        <p class="see"><span class="muted">{ "See:" }</span>
                            { for p.stories.iter().map(|(page, story, label)| html! {
                                <a href={Route::story_href(page, story, &Default::default())}>{ *label }</a>
                            }) }
                        </p>
                    </section>
                }) }
            </div>
            <section class="panel">
                <h3>{ "Reading a story" }</h3>
                <ul>
                    <li>{ "Tabs pick a story; the URL hash links to it (e.g. #/use-optimistic-mutation/rollback)." }</li>
                    <li>{ "Controls pick the backend (the in-page simulation, or the HTTP server this page came from: `cargo xtask gallery`) and set it: latency, failure rate, offline, fail the next request, apply then fail, client retries, reset, and Reload for offline stories." }</li>
                    <li>{ "The event log and cache view show layers being added, rolled back and rebased." }</li>
                    <li>{ "Below each story is its own source file — the one that is compiled — with a copy button." }</li>
                    <li>{ "The guide (docs/guide.md) walks through the pattern in more scenarios." }</li>
                </ul>
            </section>
        </article>
    }
}
