//! Which backend the gallery uses: the one `?backend=sim|http` in the page's URL names;
//! else the reference server when the page's origin is one (it answers `GET /_faults`,
//! as a server started with `--faults` does); else the simulation. The switch in the
//! controls changes it and writes it into the URL, so a reload keeps it.

use yew::prelude::*;

use super::http::HttpServer;

/// The two backends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BackendKind {
    /// The simulated server in the page.
    Sim,
    /// The reference server at the page's origin.
    Http,
}

impl BackendKind {
    /// Its name in the URL (`?backend=http`).
    pub fn slug(self) -> &'static str {
        match self {
            BackendKind::Sim => "sim",
            BackendKind::Http => "http",
        }
    }

    /// What the switch calls it.
    pub fn label(self) -> &'static str {
        match self {
            BackendKind::Sim => "In-page simulation",
            BackendKind::Http => "HTTP server",
        }
    }

    /// The kind a URL value names.
    pub fn parse(text: &str) -> Option<BackendKind> {
        match text {
            "sim" => Some(BackendKind::Sim),
            "http" => Some(BackendKind::Http),
            _ => None,
        }
    }
}

/// The backend in use, and the way to change it (a context of the whole app).
#[derive(Clone, PartialEq)]
pub struct BackendChoice {
    /// The backend in use; `None` while the page asks its origin whether it is the
    /// reference server (a few milliseconds).
    pub kind: Option<BackendKind>,
    /// The reference server at the page's origin (whether or not it is there).
    pub http: HttpServer,
    /// Whether the origin answered as the reference server (`None`: not known yet).
    pub http_available: Option<bool>,
    /// Switches to another backend.
    pub select: Callback<BackendKind>,
}

/// `?backend=` of the page's URL.
fn from_url() -> Option<BackendKind> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("backend="))
        .and_then(BackendKind::parse)
}

/// Writes `?backend=<kind>` into the URL, keeping the hash (the story and its args),
/// without a reload or a history entry.
fn write_url(kind: BackendKind) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_else(|_| "/".into());
    let hash = location.hash().unwrap_or_default();
    let others: Vec<String> = location
        .search()
        .unwrap_or_default()
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("backend="))
        .map(str::to_owned)
        .collect();
    let mut query = others.join("&");
    if !query.is_empty() {
        query.push('&');
    }
    query.push_str(&format!("backend={}", kind.slug()));
    if let Ok(history) = window.history() {
        let url = format!("{path}?{query}{hash}");
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The app's backend choice: what the URL says, else what the origin turns out to be.
#[hook]
pub fn use_backend_choice() -> BackendChoice {
    let http = use_memo((), |_| HttpServer::new(None));
    let kind = use_state(from_url);
    let available = use_state(|| None::<bool>);
    {
        let (http, kind, available) = ((*http).clone(), kind.clone(), available.clone());
        use_effect_with((), move |_| {
            let ticket = http.ticket();
            yew::platform::spawn_local(async move {
                let answer = HttpServer::probe().await;
                let found = answer.is_ok();
                http.settle(ticket, answer);
                available.set(Some(found));
                if kind.is_none() {
                    kind.set(Some(if found {
                        BackendKind::Http
                    } else {
                        BackendKind::Sim
                    }));
                }
            });
        });
    }
    let select = {
        let kind = kind.clone();
        Callback::from(move |next: BackendKind| {
            write_url(next);
            kind.set(Some(next));
        })
    };
    BackendChoice {
        kind: *kind,
        http: (*http).clone(),
        http_available: *available,
        select,
    }
}
