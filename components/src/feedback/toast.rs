//! A toast region: short messages (errors above all) announced to screen readers.

use std::rc::Rc;
use stylist::yew::use_style;
use wasm_bindgen::JsCast;
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

/// Why toasts are held (their clocks stopped): a pointer over the region, or the focus in
/// it. Both count: reading a toast, or reaching its button, must not race its timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hold {
    Hover,
    Focus,
}

/// One toast on show. An info or success toast has a clock: the time it leaves while
/// running, or the time it has left while held. An error has none: it stays until
/// dismissed.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    toast: Toast,
    key: Option<AttrValue>,
    clock: Option<Clock>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Clock {
    /// Leaves at this time (ms since the epoch).
    Until(f64),
    /// Held, with this many ms left.
    Left(f64),
}

/// The toasts on show, as a reducer of plain data (times are given, not read), so it is
/// tested natively.
#[derive(Clone, Default, PartialEq)]
struct ToastList {
    next: u64,
    toasts: Vec<Shown>,
    /// Keys of keyed toasts ever shown: each is told once. A vector: one key per refused
    /// change the user saw, and no set type of its own in every app.
    told: Vec<AttrValue>,
    hovered: bool,
    focused: bool,
}

enum ToastAction {
    Push {
        kind: ToastKind,
        message: AttrValue,
        key: Option<AttrValue>,
        timeout_ms: u32,
        now: f64,
    },
    Dismiss(u64),
    DismissKey(AttrValue),
    /// `on`: the hold starts (`false`: it ends), at `now`.
    Hold(Hold, bool, f64),
    /// Removes the toasts whose time is up at `now`.
    Expire(f64),
}

impl ToastList {
    fn held(&self) -> bool {
        self.hovered || self.focused
    }

    /// The earliest time a running toast leaves, if any runs.
    fn next_deadline(&self) -> Option<f64> {
        self.toasts
            .iter()
            .filter_map(|t| match t.clock {
                Some(Clock::Until(at)) => Some(at),
                _ => None,
            })
            .reduce(f64::min)
    }

    /// Shows a new toast: its clock runs, or starts held when the region is held; an
    /// error has none.
    fn push(
        &mut self,
        kind: ToastKind,
        message: AttrValue,
        key: Option<AttrValue>,
        timeout_ms: u32,
        now: f64,
    ) {
        self.next += 1;
        if let Some(key) = &key {
            if !self.told.contains(key) {
                self.told.push(key.clone());
            }
        }
        let timeout = f64::from(timeout_ms);
        let clock = (kind != ToastKind::Error).then(|| {
            if self.held() {
                Clock::Left(timeout)
            } else {
                Clock::Until(now + timeout)
            }
        });
        let id = self.next;
        self.toasts.push(Shown {
            toast: Toast { id, kind, message },
            key,
            clock,
        });
        // Keep the region short: the oldest messages go first.
        if self.toasts.len() > 5 {
            self.toasts.remove(0);
        }
    }

    /// Starts (`on`) or ends a hold at `now`: when the region becomes held the running
    /// clocks stop with the time they have left; when it is released they run again.
    fn hold(&mut self, hold: Hold, on: bool, now: f64) {
        let was = self.held();
        match hold {
            Hold::Hover => self.hovered = on,
            Hold::Focus => self.focused = on,
        }
        let is = self.held();
        for t in &mut self.toasts {
            t.clock = match (t.clock, was, is) {
                (Some(Clock::Until(at)), false, true) => Some(Clock::Left((at - now).max(0.0))),
                (Some(Clock::Left(left)), true, false) => Some(Clock::Until(now + left)),
                (clock, _, _) => clock,
            };
        }
    }
}

impl Reducible for ToastList {
    type Action = ToastAction;
    fn reduce(self: Rc<Self>, action: ToastAction) -> Rc<Self> {
        // A keyed toast is told once.
        if matches!(&action, ToastAction::Push { key: Some(key), .. } if self.told.contains(key)) {
            return self;
        }
        let mut list = (*self).clone();
        match action {
            ToastAction::Push {
                kind,
                message,
                key,
                timeout_ms,
                now,
            } => list.push(kind, message, key, timeout_ms, now),
            ToastAction::Dismiss(id) => list.toasts.retain(|t| t.toast.id != id),
            ToastAction::DismissKey(key) => list.toasts.retain(|t| t.key.as_ref() != Some(&key)),
            ToastAction::Hold(hold, on, now) => list.hold(hold, on, now),
            ToastAction::Expire(now) => list
                .toasts
                .retain(|t| !matches!(t.clock, Some(Clock::Until(at)) if at <= now)),
        }
        Rc::new(list)
    }
}

/// The time now, in ms.
fn now() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Handle to push messages into the nearest [`ToastRegion`].
#[derive(Clone, PartialEq)]
pub struct Toasts {
    list: UseReducerDispatcher<ToastList>,
    timeout_ms: u32,
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
        self.push_with(kind, message.into(), None);
    }

    fn push_with(&self, kind: ToastKind, message: AttrValue, key: Option<AttrValue>) {
        self.list.dispatch(ToastAction::Push {
            kind,
            message,
            key,
            timeout_ms: self.timeout_ms,
            now: now(),
        });
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
        self.push_with(kind, message.into(), Some(key));
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
    /// How long info and success toasts stay, in ms, not counting the time a pointer
    /// is over the region or the focus is in it (errors stay until dismissed).
    #[prop_or(5_000)]
    pub timeout_ms: u32,
    /// Accessible name of the region (default "Notifications").
    #[prop_or(AttrValue::Static("Notifications"))]
    pub label: AttrValue,
    /// Accessible name of each toast's close button (default "Dismiss").
    #[prop_or(AttrValue::Static("Dismiss"))]
    pub dismiss_label: AttrValue,
}

/// Shows messages pushed with [`use_toasts`] below. Each toast is announced once by
/// itself (an error as an `alert`, other news as a `status`); the region around them is
/// not a live region too, so nothing is read twice. Errors stay until dismissed; other
/// toasts leave after `timeout_ms`, and wait while a pointer is over the region or the
/// focus is in it. Components of this crate report failures here when a region is above
/// them (and then do not make their inline messages live regions too).
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
        timeout_ms: props.timeout_ms,
    };
    use_expiry(&list);
    let hold = |hold: Hold, on: bool| {
        let d = list.dispatcher();
        move || d.dispatch(ToastAction::Hold(hold, on, now()))
    };
    let (enter, leave) = (hold(Hold::Hover, true), hold(Hold::Hover, false));
    let focus_in = hold(Hold::Focus, true);
    let focus_out = {
        let release = hold(Hold::Focus, false);
        Callback::from(move |e: FocusEvent| {
            // Moving between the toasts' own buttons keeps the hold.
            let within = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .zip(
                    e.current_target()
                        .and_then(|t| t.dyn_into::<web_sys::Node>().ok()),
                )
                .is_some_and(|(to, region)| region.contains(Some(&to)));
            if !within {
                release();
            }
        })
    };
    let region = use_style(style::region());
    let toast_class = use_style(style::toast());
    html! {
        <ContextProvider<Toasts> context={toasts.clone()}>
            { props.children.clone() }
            <div class={region} role="region" aria-label={props.label.clone()} data-testid="toasts"
                onmouseenter={move |_| enter()} onmouseleave={move |_| leave()}
                onfocusin={move |_| focus_in()} onfocusout={focus_out}>
                { for list.toasts.iter().map(|shown| toast_view(&shown.toast, &toasts, &toast_class, &props.dismiss_label)) }
            </div>
        </ContextProvider<Toasts>>
    }
}

/// One timer, for the next toast to leave; none while the toasts are held.
#[hook]
fn use_expiry(list: &UseReducerHandle<ToastList>) {
    let dispatcher = list.dispatcher();
    let next = list.next_deadline().filter(|_| !list.held());
    use_effect_with(next.map(f64::to_bits), move |_| {
        let timer = next.map(|at| {
            let wait = (at - now()).clamp(0.0, f64::from(u32::MAX)) as u32;
            gloo_timers::callback::Timeout::new(wait, move || {
                dispatcher.dispatch(ToastAction::Expire(now()))
            })
        });
        move || drop(timer)
    });
}

/// One toast: its message and its dismiss button; errors are alerts, the rest status.
fn toast_view(
    t: &Toast,
    toasts: &Toasts,
    class: &stylist::Style,
    dismiss_label: &AttrValue,
) -> Html {
    let kind = match t.kind {
        ToastKind::Info => "info",
        ToastKind::Success => "success",
        ToastKind::Error => "error",
    };
    let dismiss = {
        let (toasts, id) = (toasts.clone(), t.id);
        Callback::from(move |_: MouseEvent| toasts.dismiss(id))
    };
    html! {
        <div key={t.id} class={class.clone()} data-kind={kind} data-testid="toast"
             role={if t.kind == ToastKind::Error { "alert" } else { "status" }}>
            <span>{ t.message.clone() }</span>
            <button type="button" aria-label={dismiss_label.clone()} onclick={dismiss}>{ "×" }</button>
        </div>
    }
}

mod style {
    use stylist::{css, StyleSource};

    /// The region: bottom right, above the app.
    pub(super) fn region() -> StyleSource {
        css!(
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
        )
    }

    /// One toast; its close button is a 24 px target at least.
    pub(super) fn toast() -> StyleSource {
        css!(
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
            span { flex: 1; overflow-wrap: anywhere; }
            button {
                flex: none; min-width: 1.5rem; min-height: 1.5rem; margin: -0.2rem -0.3rem 0 0;
                background: none; border: none; border-radius: 6px; color: inherit; cursor: pointer;
                font-size: 1rem; line-height: 1;
            }
            button:focus-visible { outline: 2px solid var(--yo-focus, #b45309); outline-offset: 1px; }
            "#
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn push(list: Rc<ToastList>, kind: ToastKind, key: Option<&str>, now: f64) -> Rc<ToastList> {
        list.reduce(ToastAction::Push {
            kind,
            message: "m".into(),
            key: key.map(|k| AttrValue::from(k.to_owned())),
            timeout_ms: 1_000,
            now,
        })
    }

    fn ids(list: &ToastList) -> Vec<u64> {
        list.toasts.iter().map(|t| t.toast.id).collect()
    }

    #[test]
    fn info_leaves_in_time_an_error_stays_until_dismissed() {
        let list = push(Rc::new(ToastList::default()), ToastKind::Info, None, 0.0);
        let list = push(list, ToastKind::Error, None, 0.0);
        assert_eq!(list.next_deadline(), Some(1_000.0));
        let list = list.reduce(ToastAction::Expire(999.0));
        assert_eq!(ids(&list), vec![1, 2]);
        let list = list.reduce(ToastAction::Expire(1_000.0));
        assert_eq!(ids(&list), vec![2], "the error stays");
        assert_eq!(list.next_deadline(), None);
        let list = list.reduce(ToastAction::Dismiss(2));
        assert!(list.toasts.is_empty());
    }

    #[test]
    fn hovering_or_focusing_holds_the_clock_and_releasing_resumes_it() {
        let list = push(Rc::new(ToastList::default()), ToastKind::Success, None, 0.0);
        let list = list.reduce(ToastAction::Hold(Hold::Hover, true, 400.0));
        assert!(list.held());
        let list = list.reduce(ToastAction::Hold(Hold::Focus, true, 500.0));
        let list = list.reduce(ToastAction::Expire(5_000.0));
        assert_eq!(ids(&list), vec![1], "held toasts do not leave");
        let list = list.reduce(ToastAction::Hold(Hold::Hover, false, 9_000.0));
        assert!(list.held(), "the focus still holds it");
        let list = list.reduce(ToastAction::Hold(Hold::Focus, false, 10_000.0));
        assert_eq!(list.next_deadline(), Some(10_600.0), "600 ms were left");
        // A toast pushed while held starts with its full time.
        let held = push(
            Rc::new(ToastList::default()).reduce(ToastAction::Hold(Hold::Hover, true, 0.0)),
            ToastKind::Info,
            None,
            50.0,
        );
        assert_eq!(held.next_deadline(), None);
        let released = held.reduce(ToastAction::Hold(Hold::Hover, false, 100.0));
        assert_eq!(released.next_deadline(), Some(1_100.0));
    }

    #[test]
    fn a_key_is_told_once_and_its_toast_can_be_withdrawn() {
        let list = push(
            Rc::new(ToastList::default()),
            ToastKind::Error,
            Some("k"),
            0.0,
        );
        let list = push(list, ToastKind::Error, Some("k"), 0.0);
        assert_eq!(ids(&list), vec![1]);
        let list = list.reduce(ToastAction::DismissKey("k".into()));
        assert!(list.toasts.is_empty());
        let list = push(list, ToastKind::Error, Some("k"), 0.0);
        assert!(list.toasts.is_empty(), "told once for the region's life");
    }
}
