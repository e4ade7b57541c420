//! Light and dark themes as CSS custom properties, so every component (and an app's own
//! CSS) follows one switch.

use stylist::yew::use_style;
use yew::prelude::*;

/// A colour theme.
///
/// ```
/// use yew_optimistic::theme::Theme;
/// assert_eq!(Theme::Dark.as_str(), "dark");
/// assert_eq!(Theme::Light.toggled(), Theme::Dark);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    /// Dark text on light surfaces.
    #[default]
    Light,
    /// Light text on dark surfaces.
    Dark,
}

impl Theme {
    /// `"light"` or `"dark"`, as the `data-theme` attribute.
    ///
    /// ```
    /// assert_eq!(yew_optimistic::theme::Theme::Light.as_str(), "light");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The other theme.
    ///
    /// ```
    /// use yew_optimistic::theme::Theme;
    /// assert_eq!(Theme::Dark.toggled(), Theme::Light);
    /// ```
    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    /// The theme's custom properties. Components read them with fallbacks
    /// (`var(--yo-surface, #fff)`), so they also look right without a [`ThemeRoot`].
    ///
    /// ```
    /// assert!(yew_optimistic::theme::Theme::Dark.css_variables().contains("--yo-surface"));
    /// ```
    pub fn css_variables(self) -> &'static str {
        match self {
            Theme::Light => {
                "--yo-bg:#f6f7f9;--yo-surface:#ffffff;--yo-surface-2:#f1f3f6;--yo-text:#1d2430;\
                 --yo-muted:#5b6575;--yo-border:#d8dde5;--yo-accent:#3158d4;--yo-accent-text:#ffffff;\
                 --yo-pending-bg:#fff4d6;--yo-pending-text:#7a4b00;--yo-error-bg:#fde8e8;\
                 --yo-error-text:#9b1c1c;--yo-success-bg:#ddf5e8;--yo-success-text:#0b6138;\
                 --yo-focus:#ffb020;--yo-shadow:0 1px 2px rgba(16,24,40,.08),0 1px 3px rgba(16,24,40,.06);"
            }
            Theme::Dark => {
                "--yo-bg:#0f141b;--yo-surface:#171d26;--yo-surface-2:#1f2733;--yo-text:#e7ebf1;\
                 --yo-muted:#9aa5b5;--yo-border:#2c3645;--yo-accent:#7b9cff;--yo-accent-text:#0b1020;\
                 --yo-pending-bg:#3a2f12;--yo-pending-text:#ffd277;--yo-error-bg:#3d1719;\
                 --yo-error-text:#ff9b9b;--yo-success-bg:#10301f;--yo-success-text:#7be0a6;\
                 --yo-focus:#ffb020;--yo-shadow:0 1px 2px rgba(0,0,0,.4);"
            }
        }
    }
}

/// Props of [`ThemeRoot`].
#[derive(Properties, PartialEq)]
pub struct ThemeRootProps {
    /// The theme.
    #[prop_or_default]
    pub theme: Theme,
    /// What it applies to.
    #[prop_or_default]
    pub children: Html,
}

/// Applies a [`Theme`] to everything inside it.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::theme::{Theme, ThemeRoot};
/// let _ = html! { <ThemeRoot theme={Theme::Dark}><p>{ "dark" }</p></ThemeRoot> };
/// ```
#[component]
pub fn ThemeRoot(props: &ThemeRootProps) -> Html {
    let class = use_style!(
        r#"
        background: var(--yo-bg);
        color: var(--yo-text);
        font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
        "#
    );
    html! {
        // Custom properties are whole declarations, which `use_style!` cannot take as
        // parameters; an inline style carries them and they inherit from there.
        <div class={class} style={props.theme.css_variables()} data-theme={props.theme.as_str()}>
            { props.children.clone() }
        </div>
    }
}
