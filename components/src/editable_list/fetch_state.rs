//! What the list's own fetch is doing, shown by small components of their own: the list
//! renders when its keys or its status change, not each time a refetch starts or ends.

use super::strings::ListStrings;
use crate::hooks::subscription::use_subscribed;
use crate::provider::use_query_client;
use optimistic_query::{FetchStatus, QueryFilter, QueryKey};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The fetch status of the query under `key`; re-renders when it changes.
#[hook]
fn use_fetch_status(key: QueryKey) -> FetchStatus {
    let client = use_query_client();
    use_subscribed(
        client,
        |client, changed| client.subscribe_queries(changed),
        move |client, _| {
            client
                .inspect(&key)
                .map(|s| s.fetch_status)
                .unwrap_or_default()
        },
    )
}

#[derive(Properties, PartialEq)]
pub(crate) struct ListBusyProps {
    /// The list's root, which carries `aria-busy`.
    pub target: NodeRef,
    pub query: QueryKey,
}

/// Sets `aria-busy` on the list's root while its query fetches. Renders nothing: the
/// attribute is set in place, so a refetch renders this component alone.
#[component]
pub(crate) fn ListBusy(props: &ListBusyProps) -> Html {
    let query = props.query.clone();
    let client = use_query_client();
    let fetching = use_subscribed(
        client,
        |client, changed| client.subscribe_queries(changed),
        move |client, _| client.is_fetching(&QueryFilter::exact(query.clone())) > 0,
    );
    use_effect_with((fetching, props.target.clone()), |(fetching, target)| {
        if let Some(root) = target
            .get()
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            let _ = if *fetching {
                root.set_attribute("aria-busy", "true")
            } else {
                root.remove_attribute("aria-busy")
            };
        }
    });
    Html::default()
}

#[derive(Properties, PartialEq)]
pub(crate) struct ListLoadingProps {
    pub query: QueryKey,
    pub strings: Rc<ListStrings>,
}

/// The loading skeleton, saying so when the fetch waits for the network.
#[component]
pub(crate) fn ListLoading(props: &ListLoadingProps) -> Html {
    let paused = use_fetch_status(props.query.clone()) == FetchStatus::Paused;
    let strings = &props.strings;
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

#[derive(Properties, PartialEq)]
pub(crate) struct ListLoadErrorProps {
    pub query: QueryKey,
    pub strings: Rc<ListStrings>,
    pub error: AttrValue,
    pub on_retry: Callback<()>,
}

/// The first fetch failed: why, with Retry (which says "Retrying…" while it runs).
#[component]
pub(crate) fn ListLoadError(props: &ListLoadErrorProps) -> Html {
    let retrying = use_fetch_status(props.query.clone()) == FetchStatus::Fetching;
    let strings = &props.strings;
    let onclick = if retrying {
        Callback::noop()
    } else {
        props.on_retry.reform(|_: MouseEvent| ())
    };
    html! {
        <div class="yo-error" data-testid="list-error" role="alert">
            <p>{ ListStrings::fill(&strings.load_error, &[("error", props.error.as_str())]) }</p>
            <button type="button" class="yo-primary" data-testid="list-retry"
                aria-disabled={retrying.then_some("true")} {onclick}>
                { if retrying { strings.retrying.clone() } else { strings.retry.clone() } }
            </button>
        </div>
    }
}
