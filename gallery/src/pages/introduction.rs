//! The introduction page.

use yew::prelude::*;
use yew_optimistic::{BadgeStatus, StatusBadge};

/// What yew-optimistic is and what the gallery will show.
#[function_component]
pub fn Introduction() -> Html {
    html! {
        <article>
            <h2>{ "Introduction" }</h2>
            <p>
                { "yew-optimistic brings TanStack-Query-style server state to Yew, built \
                   around optimistic mutations that stay correct when many of them overlap: \
                   each pending mutation owns a layer on top of the data the server confirmed, \
                   so a rollback, a refetch or a success never erases another mutation's \
                   pending change." }
            </p>
            <p>
                { "This gallery will show every state of the ready components (editable list, \
                   like button, kanban board) against a simulated server. For now it shows the \
                   building blocks that exist." }
            </p>
            <h3>{ "StatusBadge" }</h3>
            <p>{ "The state of a request, as a mutation goes through it:" }</p>
            <p class="badges">
                <StatusBadge status={BadgeStatus::Idle} />{ " " }
                <StatusBadge status={BadgeStatus::Pending} />{ " " }
                <StatusBadge status={BadgeStatus::Success} />{ " " }
                <StatusBadge status={BadgeStatus::Error} />
            </p>
        </article>
    }
}
