//! Devtools for any app under a [`QueryClientProvider`](crate::QueryClientProvider): an
//! [`EventLog`] of cache and mutation events with times (like Storybook's actions), and a
//! [`CacheInspector`] that shows, per key, the confirmed data, the pending optimistic
//! layers and the visible data. [`QueryDevtools`] puts both side by side.

mod cache_inspector;
mod event_log;
mod panel;

pub use cache_inspector::{CacheInspector, CacheInspectorProps, Formatters};
pub use event_log::{event_kind, EventLog, EventLogProps};

use stylist::yew::use_style;
use yew::prelude::*;

/// Props of [`QueryDevtools`].
///
/// ```
/// use yew_optimistic::devtools::QueryDevtoolsProps;
/// let props = yew::props!(QueryDevtoolsProps {});
/// assert_eq!(props.capacity, 200);
/// ```
#[derive(Properties, PartialEq, Clone)]
pub struct QueryDevtoolsProps {
    /// How the inspector prints cached data.
    #[prop_or_default]
    pub formatters: Formatters,
    /// How many events the log keeps (default 200).
    #[prop_or(200)]
    pub capacity: usize,
}

/// The [`EventLog`] and the [`CacheInspector`] side by side (stacked on narrow screens).
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{keys, QueryClientProvider};
/// use yew_optimistic::devtools::{Formatters, QueryDevtools};
///
/// #[component]
/// fn App() -> Html {
///     let formatters = use_memo((), |_| Formatters::new().json::<Vec<String>>(keys!["todos"]));
///     html! {
///         <QueryClientProvider>
///             <main>{ "the app" }</main>
///             <QueryDevtools formatters={(*formatters).clone()} />
///         </QueryClientProvider>
///     }
/// }
/// # let _ = html! { <App /> };
/// ```
#[component]
pub fn QueryDevtools(props: &QueryDevtoolsProps) -> Html {
    let class = use_style!(
        r#"
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr));
        gap: 0.75rem;
        align-items: start;
        "#
    );
    html! {
        <div class={class} data-testid="query-devtools">
            <EventLog capacity={props.capacity} />
            <CacheInspector formatters={props.formatters.clone()} />
        </div>
    }
}
