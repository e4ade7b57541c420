//! An item's state: confirmed by the server, pending, or failed.

use stylist::yew::use_style;
use yew::prelude::*;

/// Where one item stands. Rendered as `data-state` on the item, and as a visible mark
/// with text (not colour alone).
///
/// ```
/// use yew_optimistic::feedback::ItemState;
/// assert_eq!(ItemState::Pending.as_str(), "pending");
/// assert_eq!(ItemState::Failed.label(), "Not saved");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ItemState {
    /// The server has it.
    #[default]
    Confirmed,
    /// A change is on its way (or waiting for the network).
    Pending,
    /// The server refused the last change; it was rolled back.
    Failed,
}

impl ItemState {
    /// `"confirmed"`, `"pending"` or `"failed"`, for `data-state`.
    ///
    /// ```
    /// assert_eq!(yew_optimistic::feedback::ItemState::Confirmed.as_str(), "confirmed");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Confirmed => "confirmed",
            ItemState::Pending => "pending",
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
        ItemState::Pending => (
            "var(--yo-pending-text, #7a4b00)",
            "var(--yo-pending-bg, #fff4d6)",
            "⟳",
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
