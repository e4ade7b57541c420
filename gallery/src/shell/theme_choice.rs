//! Which theme the gallery starts in: `?theme=dark` in the URL (for screenshots and
//! links), else the last choice, else what the system prefers (`prefers-color-scheme`).

use yew_optimistic::browser::LocalStorage;
use yew_optimistic::optimistic_query::Storage;
use yew_optimistic::theme::Theme;

const KEY: &str = "gallery/theme";

fn parse(text: &str) -> Option<Theme> {
    match text {
        "dark" => Some(Theme::Dark),
        "light" => Some(Theme::Light),
        _ => None,
    }
}

/// The theme to start in.
pub fn initial_theme() -> Theme {
    let from_url = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|search| {
            search
                .trim_start_matches('?')
                .split('&')
                .find_map(|pair| pair.strip_prefix("theme=").and_then(parse))
        });
    from_url
        .or_else(|| LocalStorage.get(KEY).as_deref().and_then(parse))
        .unwrap_or_else(Theme::preferred)
}

/// Remembers the choice for the next visit.
pub fn remember(theme: Theme) {
    // Storage refused (private mode): the gallery simply starts light next time.
    let _ = LocalStorage.set(KEY, theme.as_str());
}
