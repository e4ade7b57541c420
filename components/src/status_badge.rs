//! [`StatusBadge`]: a pill that names the state of a request.

use stylist::yew::use_style;
use yew::prelude::*;

/// The state a [`StatusBadge`] shows. It mirrors the life of a TanStack mutation.
///
/// ```
/// use yew_optimistic::BadgeStatus;
///
/// assert_eq!(BadgeStatus::Pending.label(), "Pending");
/// assert_eq!(BadgeStatus::default(), BadgeStatus::Idle);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BadgeStatus {
    /// Nothing has been asked yet.
    #[default]
    Idle,
    /// A request is in flight.
    Pending,
    /// The last request succeeded.
    Success,
    /// The last request failed.
    Error,
}

impl BadgeStatus {
    /// The default text shown in the badge, e.g. `"Pending"`.
    ///
    /// ```
    /// assert_eq!(yew_optimistic::BadgeStatus::Error.label(), "Error");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Self::Idle => "Idle",
            Self::Pending => "Pending",
            Self::Success => "Success",
            Self::Error => "Error",
        }
    }

    /// A stable machine-readable name (`"idle"`, `"pending"`, `"success"`, `"error"`),
    /// rendered as the badge's `data-status` attribute so tests and CSS can select it.
    ///
    /// ```
    /// assert_eq!(yew_optimistic::BadgeStatus::Success.as_str(), "success");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Pending => "pending",
            Self::Success => "success",
            Self::Error => "error",
        }
    }

    /// (text colour, background colour) of the badge: the theme's variables, with the
    /// light theme's values as fallbacks for apps without a `ThemeRoot`.
    fn colors(self) -> (&'static str, &'static str) {
        match self {
            Self::Idle => ("var(--yo-muted, #374151)", "var(--yo-surface-2, #e5e7eb)"),
            Self::Pending => (
                "var(--yo-pending-text, #92400e)",
                "var(--yo-pending-bg, #fef3c7)",
            ),
            Self::Success => (
                "var(--yo-success-text, #065f46)",
                "var(--yo-success-bg, #d1fae5)",
            ),
            Self::Error => (
                "var(--yo-error-text, #991b1b)",
                "var(--yo-error-bg, #fee2e2)",
            ),
        }
    }
}

/// Properties of [`StatusBadge`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct StatusBadgeProps {
    /// The state to show.
    pub status: BadgeStatus,
    /// Text to show instead of the status's default [`label`](BadgeStatus::label).
    #[prop_or_default]
    pub label: Option<AttrValue>,
}

/// A small coloured pill that names the state of a request.
///
/// It renders a `<span role="status">` with a `data-status` attribute
/// (see [`BadgeStatus::as_str`]), so screen readers announce changes and tests can
/// select it.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{BadgeStatus, StatusBadge};
///
/// #[component]
/// fn Saving() -> Html {
///     html! {
///         <p>
///             {"Your changes: "}
///             <StatusBadge status={BadgeStatus::Pending} label="Saving…" />
///         </p>
///     }
/// }
/// # let _ = html! { <Saving /> };
/// ```
#[component]
pub fn StatusBadge(props: &StatusBadgeProps) -> Html {
    let (color, background) = props.status.colors();
    let class = use_style!(
        r#"
        display: inline-block;
        padding: 0.125rem 0.5rem;
        border-radius: 999px;
        font-size: 0.75rem;
        font-weight: 600;
        line-height: 1.25rem;
        color: ${color};
        background: ${background};
        "#,
        color = color,
        background = background,
    );
    let text = props
        .label
        .clone()
        .unwrap_or_else(|| AttrValue::Static(props.status.label()));
    html! {
        <span class={class} role="status" data-status={props.status.as_str()}>{ text }</span>
    }
}
