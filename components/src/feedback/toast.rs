//! A toast region: short messages (errors above all) announced to screen readers.

use std::collections::HashSet;
use std::rc::Rc;
use stylist::yew::use_style;
use yew::prelude::*;

/// How a toast looks and how long it stays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    /// Neutral news; goes away by itself.
    Info,
    /// Something worked; goes away by itself.
    Success,
    /// Something failed; stays until dismissed.
    Error,
}

/// One message.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    /// Unique within the region.
    pub id: u64,
    /// Its kind.
    pub kind: ToastKind,
    /// The text (rendered as text, never HTML).
    pub message: AttrValue,
}

#[derive(Default, PartialEq)]
struct ToastList {
    next: u64,
    toasts: Vec<(Toast, Option<AttrValue>)>,
    /// Keys of keyed toasts ever shown: each is told once.
    told: HashSet<AttrValue>,
}

enum ToastAction {
    Push(ToastKind, AttrValue, Option<AttrValue>),
    Dismiss(u64),
    DismissKey(AttrValue),
}

impl Reducible for ToastList {
    type Action = ToastAction;
    fn reduce(self: Rc<Self>, action: ToastAction) -> Rc<Self> {
        let mut toasts = self.toasts.clone();
        let mut told = self.told.clone();
        let mut next = self.next;
        match action {
            ToastAction::Push(_, _, Some(key)) if told.contains(&key) => return self,
            ToastAction::Push(kind, message, key) => {
                next += 1;
                if let Some(key) = &key {
                    told.insert(key.clone());
                }
                toasts.push((
                    Toast {
                        id: next,
                        kind,
                        message,
                    },
                    key,
                ));
                // Keep the region short: the oldest messages go first.
                if toasts.len() > 5 {
                    toasts.remove(0);
                }
            }
            ToastAction::Dismiss(id) => toasts.retain(|(t, _)| t.id != id),
            ToastAction::DismissKey(key) => toasts.retain(|(_, k)| k.as_ref() != Some(&key)),
        }
        Rc::new(ToastList { next, toasts, told })
    }
}

/// Handle to push messages into the nearest [`ToastRegion`].
#[derive(Clone, PartialEq)]
pub struct Toasts {
    list: UseReducerDispatcher<ToastList>,
}

impl Toasts {
    /// Shows a message.
    ///
    /// ```
    /// use yew::prelude::*;
    /// use yew_optimistic::feedback::{use_toasts, ToastKind};
    /// #[component]
    /// fn Save() -> Html {
    ///     let toasts = use_toasts();
    ///     let onclick = Callback::from(move |_| {
    ///         if let Some(t) = &toasts { t.push(ToastKind::Success, "Saved"); }
    ///     });
    ///     html! { <button {onclick}>{ "Save" }</button> }
    /// }
    /// # let _ = html! { <Save /> };
    /// ```
    pub fn push(&self, kind: ToastKind, message: impl Into<AttrValue>) {
        self.list
            .dispatch(ToastAction::Push(kind, message.into(), None));
    }

    /// Shows a message about the thing `key` names, once: the region ignores a key it
    /// already showed (two components reporting the same failed call make one toast).
    ///
    /// ```
    /// use yew::prelude::*;
    /// use yew_optimistic::feedback::{use_toasts, ToastKind};
    /// #[component]
    /// fn Report() -> Html {
    ///     if let Some(t) = use_toasts() {
    ///         t.push_keyed("save/42", ToastKind::Error, "Could not save");
    ///         t.push_keyed("save/42", ToastKind::Error, "Could not save"); // ignored
    ///     }
    ///     html! {}
    /// }
    /// # let _ = html! { <Report /> };
    /// ```
    pub fn push_keyed(&self, key: &str, kind: ToastKind, message: impl Into<AttrValue>) {
        let key = AttrValue::from(key.to_owned());
        self.list
            .dispatch(ToastAction::Push(kind, message.into(), Some(key)));
    }

    /// Removes the message pushed with `key`, if it is still shown (what it was about was
    /// retried or dismissed elsewhere).
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::feedback::use_toasts;
    /// #[component]
    /// fn Resolved() -> Html {
    ///     if let Some(t) = use_toasts() { t.dismiss_key("save/42"); }
    ///     html! {}
    /// }
    /// # let _ = html! { <Resolved /> };
    /// ```
    pub fn dismiss_key(&self, key: &str) {
        self.list
            .dispatch(ToastAction::DismissKey(AttrValue::from(key.to_owned())));
    }

    /// Removes a message.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::feedback::use_toasts;
    /// #[component]
    /// fn Clear() -> Html {
    ///     let toasts = use_toasts();
    ///     let onclick = Callback::from(move |_| { if let Some(t) = &toasts { t.dismiss(1); } });
    ///     html! { <button {onclick}>{ "clear" }</button> }
    /// }
    /// # let _ = html! { <Clear /> };
    /// ```
    pub fn dismiss(&self, id: u64) {
        self.list.dispatch(ToastAction::Dismiss(id));
    }
}

/// Props of [`ToastRegion`].
#[derive(Properties, PartialEq)]
pub struct ToastRegionProps {
    /// The part of the app whose messages this region shows.
    #[prop_or_default]
    pub children: Html,
    /// How long info and success toasts stay, in ms (errors stay until dismissed).
    #[prop_or(5_000)]
    pub timeout_ms: u32,
    /// Accessible name of the region (default "Notifications").
    #[prop_or(AttrValue::Static("Notifications"))]
    pub label: AttrValue,
    /// Accessible name of each toast's close button (default "Dismiss").
    #[prop_or(AttrValue::Static("Dismiss"))]
    pub dismiss_label: AttrValue,
}

/// Shows messages pushed with [`use_toasts`] below, in an `aria-live` region so screen
/// readers announce them. Components of this crate report failures here when a region
/// is above them.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::feedback::ToastRegion;
/// let _ = html! { <ToastRegion><p>{ "the app" }</p></ToastRegion> };
/// ```
#[component]
pub fn ToastRegion(props: &ToastRegionProps) -> Html {
    let list = use_reducer(ToastList::default);
    let toasts = Toasts {
        list: list.dispatcher(),
    };
    {
        // Info and success toasts leave by themselves; one timer per toast shown.
        let dispatcher = list.dispatcher();
        let timeout = props.timeout_ms;
        let transient: Vec<u64> = list
            .toasts
            .iter()
            .map(|(t, _)| t)
            .filter(|t| t.kind != ToastKind::Error)
            .map(|t| t.id)
            .collect();
        use_effect_with(transient, move |ids| {
            let timers: Vec<gloo::timers::callback::Timeout> = ids
                .iter()
                .map(|&id| {
                    let d = dispatcher.clone();
                    gloo::timers::callback::Timeout::new(timeout, move || {
                        d.dispatch(ToastAction::Dismiss(id))
                    })
                })
                .collect();
            move || drop(timers)
        });
    }
    let region = use_style!(
        r#"
        position: fixed;
        right: 1rem;
        bottom: 1rem;
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
        max-width: min(24rem, calc(100vw - 2rem));
        z-index: 1000;
        "#
    );
    let toast_class = use_style!(
        r#"
        display: flex;
        align-items: flex-start;
        gap: 0.75rem;
        padding: 0.6rem 0.8rem;
        border-radius: 8px;
        border: 1px solid var(--yo-border, #d8dde5);
        background: var(--yo-surface, #fff);
        color: var(--yo-text, #1d2430);
        box-shadow: 0 4px 14px rgba(0,0,0,.15);
        font-size: 0.9rem;
        &[data-kind="error"] { border-left: 4px solid var(--yo-error-text, #9b1c1c); }
        &[data-kind="success"] { border-left: 4px solid var(--yo-success-text, #0b6138); }
        &[data-kind="info"] { border-left: 4px solid var(--yo-accent, #3158d4); }
        button { margin-left: auto; background: none; border: none; color: inherit; cursor: pointer; font-size: 1rem; }
        "#
    );
    html! {
        <ContextProvider<Toasts> context={toasts.clone()}>
            { props.children.clone() }
            <div class={region} role="region" aria-label={props.label.clone()} aria-live="polite" data-testid="toasts">
                { for list.toasts.iter().map(|(t, _)| {
                    let kind = match t.kind { ToastKind::Info => "info", ToastKind::Success => "success", ToastKind::Error => "error" };
                    let dismiss = { let toasts = toasts.clone(); let id = t.id; Callback::from(move |_| toasts.dismiss(id)) };
                    html! {
                        <div key={t.id} class={toast_class.clone()} data-kind={kind} data-testid="toast"
                             role={if t.kind == ToastKind::Error { "alert" } else { "status" }}>
                            <span>{ t.message.clone() }</span>
                            <button type="button" aria-label={props.dismiss_label.clone()} onclick={dismiss}>{ "×" }</button>
                        </div>
                    }
                }) }
            </div>
        </ContextProvider<Toasts>>
    }
}

/// The toasts of the nearest [`ToastRegion`], if there is one.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::feedback::{use_toasts, ToastKind};
/// #[component]
/// fn Oops() -> Html {
///     if let Some(t) = use_toasts() { t.push(ToastKind::Error, "Could not save"); }
///     html! {}
/// }
/// # let _ = html! { <Oops /> };
/// ```
#[hook]
pub fn use_toasts() -> Option<Toasts> {
    use_context::<Toasts>()
}
