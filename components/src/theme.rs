//! Light and dark themes as CSS custom properties, so every component (and an app's own
//! CSS) follows one switch, and the system's `prefers-color-scheme` picks the default.
//!
//! Contrast (WCAG 2.2 AA, checked by this module's tests): text at least 4.5:1 on every
//! surface; the focus ring (`--yo-focus`) and control borders (`--yo-control-border`) at
//! least 3:1 against the background, both surfaces and the error and pending backgrounds.
//!
//! | theme | focus ring on bg / surface / surface-2 | control border on bg / surface / surface-2 |
//! | --- | --- | --- |
//! | light | `#b45309`: 4.68 / 5.02 / 4.52 | `#7a8494`: 3.53 / 3.78 / 3.40 |
//! | dark | `#ffb020`: 10.11 / 9.26 / 8.22 | `#7c889c`: 5.16 / 4.72 / 4.20 |
//!
//! (The light theme's ring used to be `#ffb020`, 1.83:1 on white.)

use stylist::yew::{use_media_query, use_style};
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

    /// The theme the system asks for (`prefers-color-scheme`), light when it says
    /// nothing or outside a browser.
    ///
    /// ```
    /// use yew_optimistic::theme::Theme;
    /// let _start_in = Theme::preferred();
    /// ```
    pub fn preferred() -> Theme {
        if prefers_dark() {
            Theme::Dark
        } else {
            Theme::Light
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
                 --yo-focus:#b45309;--yo-control-border:#7a8494;\
                 --yo-shadow:0 1px 2px rgba(16,24,40,.08),0 1px 3px rgba(16,24,40,.06);"
            }
            Theme::Dark => {
                "--yo-bg:#0f141b;--yo-surface:#171d26;--yo-surface-2:#1f2733;--yo-text:#e7ebf1;\
                 --yo-muted:#9aa5b5;--yo-border:#2c3645;--yo-accent:#7b9cff;--yo-accent-text:#0b1020;\
                 --yo-pending-bg:#3a2f12;--yo-pending-text:#ffd277;--yo-error-bg:#3d1719;\
                 --yo-error-text:#ff9b9b;--yo-success-bg:#10301f;--yo-success-text:#7be0a6;\
                 --yo-focus:#ffb020;--yo-control-border:#7c889c;--yo-shadow:0 1px 2px rgba(0,0,0,.4);"
            }
        }
    }
}

/// Whether the system asks for dark colours (`matchMedia`, read through `Reflect` so no
/// extra web-sys feature is needed).
#[cfg(target_arch = "wasm32")]
fn prefers_dark() -> bool {
    use wasm_bindgen::JsCast;
    let window = js_sys::global();
    let query = || -> Option<bool> {
        let match_media = js_sys::Reflect::get(&window, &"matchMedia".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let list = match_media
            .call1(&window, &"(prefers-color-scheme: dark)".into())
            .ok()?;
        js_sys::Reflect::get(&list, &"matches".into())
            .ok()?
            .as_bool()
    };
    query().unwrap_or(false)
}

#[cfg(not(target_arch = "wasm32"))]
fn prefers_dark() -> bool {
    false
}

/// Props of [`ThemeRoot`].
#[derive(Properties, PartialEq)]
pub struct ThemeRootProps {
    /// The theme; `None` (the default) follows the system's `prefers-color-scheme`, also
    /// when it changes.
    #[prop_or_default]
    pub theme: Option<Theme>,
    /// What it applies to.
    #[prop_or_default]
    pub children: Html,
}

/// Applies a [`Theme`] to everything inside it: the one given, or the one the system
/// prefers (`prefers-color-scheme`), following it when it changes.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::theme::{Theme, ThemeRoot};
/// let _ = html! { <ThemeRoot theme={Theme::Dark}><p>{ "dark" }</p></ThemeRoot> };
/// ```
#[component]
pub fn ThemeRoot(props: &ThemeRootProps) -> Html {
    let system_dark = use_media_query("(prefers-color-scheme: dark)");
    let theme = props.theme.unwrap_or(if system_dark {
        Theme::Dark
    } else {
        Theme::Light
    });
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
        <div class={class} style={theme.css_variables()} data-theme={theme.as_str()}>
            { props.children.clone() }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::Theme;

    /// The value of custom property `name` in `theme`.
    fn var(theme: Theme, name: &str) -> String {
        theme
            .css_variables()
            .split(';')
            .find_map(|d| d.trim().strip_prefix(&format!("--yo-{name}:")))
            .unwrap_or_else(|| panic!("{theme:?} has no --yo-{name}"))
            .trim()
            .to_string()
    }

    /// WCAG 2.x relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let hex = hex.trim_start_matches('#');
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    const BACKGROUNDS: [&str; 5] = ["bg", "surface", "surface-2", "error-bg", "pending-bg"];

    #[test]
    fn focus_ring_and_control_borders_reach_3_to_1_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            for fg in ["focus", "control-border"] {
                for bg in BACKGROUNDS {
                    let ratio = contrast(&var(theme, fg), &var(theme, bg));
                    assert!(
                        ratio >= 3.0,
                        "{theme:?}: --yo-{fg} on --yo-{bg} is {ratio:.2}:1"
                    );
                }
            }
        }
        // The figures in the module's table.
        let light = contrast(&var(Theme::Light, "focus"), &var(Theme::Light, "surface"));
        assert!((light - 5.02).abs() < 0.01, "{light}");
        let dark = contrast(
            &var(Theme::Dark, "control-border"),
            &var(Theme::Dark, "surface-2"),
        );
        assert!((dark - 4.20).abs() < 0.01, "{dark}");
    }

    #[test]
    fn text_reaches_4_5_to_1_on_every_surface() {
        for theme in [Theme::Light, Theme::Dark] {
            for (fg, bgs) in [
                ("text", &["bg", "surface", "surface-2"][..]),
                ("muted", &["bg", "surface", "surface-2"][..]),
                ("accent-text", &["accent"][..]),
                ("error-text", &["error-bg", "surface"][..]),
                ("pending-text", &["pending-bg", "surface"][..]),
                ("success-text", &["success-bg", "surface"][..]),
            ] {
                for bg in bgs {
                    let ratio = contrast(&var(theme, fg), &var(theme, bg));
                    assert!(
                        ratio >= 4.5,
                        "{theme:?}: --yo-{fg} on --yo-{bg} is {ratio:.2}:1"
                    );
                }
            }
        }
    }
}
