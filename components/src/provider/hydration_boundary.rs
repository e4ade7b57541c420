//! `HydrationBoundary`: writes a dehydrated state (the server's data for this page) into
//! the client before its children first render, as TanStack's `HydrationBoundary`.

use super::use_query_client;
use optimistic_query::hydration::{
    hydrate, DehydratedState, HydrateReport, HydrationError, HydrationTypes,
};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`HydrationBoundary`].
#[derive(Properties, PartialEq)]
pub struct HydrationBoundaryProps {
    /// The types of the queries the state may hold (the same registrations the server
    /// dehydrated with; create them once, e.g. in a `use_memo`, since a new value
    /// compares unequal).
    pub types: HydrationTypes,
    /// The state to hydrate. When absent, the state is read from the page: the JSON
    /// text of the element `script_id` names.
    #[prop_or_default]
    pub state: Option<Rc<DehydratedState>>,
    /// The id of a `<script type="application/json">` element holding
    /// [`DehydratedState::to_json`]'s text (read when `state` is absent; default
    /// `"yew-optimistic-state"`).
    #[prop_or(AttrValue::Static(HYDRATION_SCRIPT_ID))]
    pub script_id: AttrValue,
    /// Told what the hydration did, or why the state was refused (the cache is then left
    /// as it was, and the children fetch as usual). Not called when there is no state.
    #[prop_or_default]
    pub on_hydrate: Callback<Result<HydrateReport, HydrationError>>,
    /// The part of the app that reads the hydrated queries.
    #[prop_or_default]
    pub children: Html,
}

/// Where [`HydrationBoundary`] looks for the state by default: the id of the server's
/// `<script type="application/json">` element.
///
/// ```
/// assert_eq!(yew_optimistic::HYDRATION_SCRIPT_ID, "yew-optimistic-state");
/// ```
pub const HYDRATION_SCRIPT_ID: &str = "yew-optimistic-state";

/// Hydrates a [`DehydratedState`] into the client of the nearest
/// [`QueryClientProvider`](crate::QueryClientProvider) before its children first render,
/// by the rules of [`hydrate`] (newer data wins, pending changes stay on top, a state
/// that cannot be read changes nothing). So a `use_query` below it whose `stale_time`
/// the data is still within shows the data in its first render and does not fetch on
/// mount. A later, different `state` is hydrated again when it arrives (a navigation
/// that brought new data); the same one is not. It hydrates after the provider restored
/// the persisted queries and queue, the order that never shows a change twice: a query
/// with restored changes keeps them on top of its data, and one whose change may
/// already be on the server is fetched rather than hydrated.
///
/// The state comes as a prop, or from the page: the server writes
/// `<script type="application/json" id="yew-optimistic-state">{state.to_json()}</script>`
/// and the boundary reads it (in a browser only; under server rendering give `state`).
///
/// ```
/// use std::rc::Rc;
/// use yew::prelude::*;
/// use yew_optimistic::optimistic_query::hydration::{DehydratedState, HydrationTypes};
/// use yew_optimistic::{keys, HydrationBoundary, QueryClientProvider};
///
/// fn types() -> HydrationTypes {
///     HydrationTypes::new().query::<Vec<String>>(keys!["todos"])
/// }
///
/// #[derive(Properties, PartialEq)]
/// struct AppProps {
///     state: Option<Rc<DehydratedState>>,
/// }
///
/// #[component]
/// fn App(props: &AppProps) -> Html {
///     let types = use_memo((), |_| types());
///     html! {
///         <QueryClientProvider>
///             <HydrationBoundary types={(*types).clone()} state={props.state.clone()}>
///                 <p>{ "the todo list, which reads keys![\"todos\"]" }</p>
///             </HydrationBoundary>
///         </QueryClientProvider>
///     }
/// }
/// # let _ = html! { <App state={None} /> };
/// ```
#[component]
pub fn HydrationBoundary(props: &HydrationBoundaryProps) -> Html {
    let client = use_query_client();
    // The state last hydrated. Hydration happens here, in the render, so that the
    // children's first render (which follows this one) already finds the data.
    let last = use_mut_ref(|| None::<Source>);
    let source = Source {
        state: props.state.clone(),
        script_id: props.script_id.clone(),
    };
    let new = last.borrow().as_ref() != Some(&source);
    if new {
        *last.borrow_mut() = Some(source);
        let state = match &props.state {
            Some(state) => Some(Ok(state.clone())),
            None => read_script(&props.script_id).map(|r| r.map(Rc::new)),
        };
        if let Some(state) = state {
            let result = state.and_then(|state| hydrate(&client, &props.types, &state));
            props.on_hydrate.emit(result);
        }
    }
    props.children.clone()
}

/// What a hydration was asked for, to hydrate once per state.
#[derive(PartialEq)]
struct Source {
    state: Option<Rc<DehydratedState>>,
    script_id: AttrValue,
}

/// The state in the page's script element `id`, if there is one.
#[cfg(target_arch = "wasm32")]
fn read_script(id: &str) -> Option<Result<DehydratedState, HydrationError>> {
    let text = gloo_utils::document()
        .get_element_by_id(id)?
        .text_content()?;
    Some(DehydratedState::from_json(&text))
}

/// Outside a browser there is no page to read (server rendering passes `state`).
#[cfg(not(target_arch = "wasm32"))]
fn read_script(_id: &str) -> Option<Result<DehydratedState, HydrationError>> {
    None
}
