//! An item's state: confirmed by the server, pending, waiting for the server, held
//! ("not saved yet"), or refused.

use stylist::yew::use_style;
use yew::prelude::*;

/// Where one item stands. Rendered as `data-state` on the item, and as a visible mark
/// with text (not colour alone).
///
/// ```
/// use yew_optimistic::feedback::ItemState;
/// assert_eq!(ItemState::Pending.as_str(), "pending");
/// assert_eq!(ItemState::Failed.label(), "Not saved");
/// assert_eq!(ItemState::Held.label(), "Not saved yet");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ItemState {
    /// The server has it.
    #[default]
    Confirmed,
    /// A change is on its way (or waiting for the network).
    Pending,
    /// A change's last attempt ended without an answer (a dropped connection, a 503):
    /// it is kept and sent again under its idempotency key.
    Waiting,
    /// A change's outcome stayed unknown after every resend allowed: kept, shown as
    /// "not saved yet", with Retry now and Discard.
    Held,
    /// The server refused the last change; it was rolled back.
    Failed,
}

impl ItemState {
    /// A change of the item is unsettled (pending, waiting or held).
    ///
    /// ```
    /// use yew_optimistic::feedback::ItemState;
    /// assert!(ItemState::Held.is_unsettled());
    /// assert!(!ItemState::Failed.is_unsettled());
    /// ```
    pub fn is_unsettled(self) -> bool {
        matches!(
            self,
            ItemState::Pending | ItemState::Waiting | ItemState::Held
        )
    }

    /// The state of an item whose unsettled calls are `calls` (their status and last
    /// error): held beats waiting beats pending; `None` when there is none.
    ///
    /// ```
    /// use yew_optimistic::feedback::ItemState;
    /// use yew_optimistic::{ErrorKind, MutationStatus};
    /// let calls = [(MutationStatus::Pending, Some(ErrorKind::Network)), (MutationStatus::Pending, None)];
    /// assert_eq!(ItemState::of_calls(calls), Some(ItemState::Waiting));
    /// ```
    pub fn of_calls(
        calls: impl IntoIterator<
            Item = (
                optimistic_query::MutationStatus,
                Option<optimistic_query::ErrorKind>,
            ),
        >,
    ) -> Option<ItemState> {
        use optimistic_query::MutationStatus;
        calls
            .into_iter()
            .filter(|(status, _)| status.is_unsettled())
            .map(|(status, error)| match status {
                MutationStatus::Held => ItemState::Held,
                MutationStatus::Pending if error.is_some_and(|k| k.is_unknown()) => {
                    ItemState::Waiting
                }
                _ => ItemState::Pending,
            })
            .max_by_key(|s| match s {
                ItemState::Held => 2,
                ItemState::Waiting => 1,
                _ => 0,
            })
    }

    /// `"confirmed"`, `"pending"`, `"waiting"`, `"held"` or `"failed"`, for `data-state`.
    ///
    /// ```
    /// assert_eq!(yew_optimistic::feedback::ItemState::Confirmed.as_str(), "confirmed");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Confirmed => "confirmed",
            ItemState::Pending => "pending",
            ItemState::Waiting => "waiting",
            ItemState::Held => "held",
            ItemState::Failed => "failed",
        }
    }

    /// The words shown next to the item.
    ///
    /// ```
    /// assert_eq!(yew_optimistic::feedback::ItemState::Pending.label(), "Saving…");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            ItemState::Confirmed => "Saved",
            ItemState::Pending => "Saving…",
            ItemState::Waiting => "Waiting for the server…",
            ItemState::Held => "Not saved yet",
            ItemState::Failed => "Not saved",
        }
    }
}

/// Props of [`StateMark`].
#[derive(Properties, PartialEq, Clone)]
pub struct StateMarkProps {
    /// The state to show.
    pub state: ItemState,
    /// Show the mark for confirmed items too (default: only pending and failed).
    #[prop_or_default]
    pub show_confirmed: bool,
    /// The word to show instead of [`ItemState::label`] (a translation).
    #[prop_or_default]
    pub label: Option<AttrValue>,
}

/// A small mark with an icon and a word for an item's state.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::feedback::{ItemState, StateMark};
/// let _ = html! { <StateMark state={ItemState::Pending} /> };
/// ```
#[component]
pub fn StateMark(props: &StateMarkProps) -> Html {
    let (fg, bg, icon) = match props.state {
        ItemState::Confirmed => (
            "var(--yo-success-text, #0b6138)",
            "var(--yo-success-bg, #ddf5e8)",
            "✓",
        ),
        ItemState::Pending | ItemState::Waiting => (
            "var(--yo-pending-text, #7a4b00)",
            "var(--yo-pending-bg, #fff4d6)",
            "⟳",
        ),
        ItemState::Held => (
            "var(--yo-pending-text, #7a4b00)",
            "var(--yo-held-bg, #ffe2b8)",
            "⏸",
        ),
        ItemState::Failed => (
            "var(--yo-error-text, #9b1c1c)",
            "var(--yo-error-bg, #fde8e8)",
            "!",
        ),
    };
    let class = use_style!(
        r#"
        display: inline-flex;
        align-items: center;
        gap: 0.25rem;
        padding: 0 0.4rem;
        border-radius: 999px;
        font-size: 0.72rem;
        font-weight: 600;
        line-height: 1.3rem;
        white-space: nowrap;
        color: ${fg};
        background: ${bg};
        "#,
        fg = fg,
        bg = bg,
    );
    if props.state == ItemState::Confirmed && !props.show_confirmed {
        return html! {};
    }
    html! {
        <span class={class} data-testid="state-mark" data-state={props.state.as_str()}>
            <span aria-hidden="true">{ icon }</span>
            <span>{ props.label.clone().unwrap_or(AttrValue::Static(props.state.label())) }</span>
        </span>
    }
}
