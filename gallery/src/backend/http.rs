//! The reference server (`server/`, started with `--faults`) as the gallery's backend: the
//! components' own HTTP sources against the origin that served the page, and the
//! controls mapped onto the server's fault injection (`/_faults`, docs/api.md).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::net::http::Request;
use serde_json::{json, Map, Value};
use yew_optimistic::editable_list::{HttpListSource, ListSource};
use yew_optimistic::kanban::{BoardSource, HttpBoardSource};
use yew_optimistic::like_button::{HttpLikeSource, LikeSource};
use yew_optimistic::SourceRef;

use futures::future::LocalBoxFuture;
use wire::faults::{FaultSettings, FaultState};

use crate::stories::use_infinite_query::feed_server::{FeedSource, HttpFeed};

use super::listeners::{Listeners, Registration};
use super::story_backend::StorageKeys;
use super::{BackendKind, Settings, Stat, StoryBackend};
use yew_optimistic::optimistic_query::persist::QueryPersistence;
use yew_optimistic::ClientConfig;

/// Where the fault injection answers (the same origin as the page).
const FAULTS: &str = "/_faults";

#[derive(Default)]
struct State {
    /// What the server said last (`None` before its first answer).
    faults: Option<FaultState>,
    /// Why the last exchange with `/_faults` failed, if it did.
    error: Option<String>,
    /// A `GET` is on its way (polls do not pile up).
    polling: bool,
    /// Exchanges with `/_faults` begun so far: each answer carries the number of its
    /// exchange (its ticket).
    begun: u64,
    /// The ticket of the newest exchange shown. An older exchange's answer that arrives
    /// later (a poll sent just before a story's settings) tells what the server had
    /// before: shown, it would undo the newer settings on screen, and a control set to
    /// that old value would then send nothing.
    shown: u64,
}

/// The reference server at the page's origin.
#[derive(Clone)]
pub struct HttpServer {
    list: SourceRef<dyn ListSource>,
    likes: SourceRef<dyn LikeSource>,
    board: SourceRef<dyn BoardSource>,
    state: Rc<RefCell<State>>,
    listeners: Listeners,
}

impl PartialEq for HttpServer {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state)
    }
}

/// The gallery's view of the server's settings.
fn to_view(s: &FaultSettings) -> Settings {
    Settings {
        latency_ms: u32::try_from(s.latency_ms).unwrap_or(u32::MAX),
        failure_rate: (s.failure_rate * 100.0).round().clamp(0.0, 100.0) as u8,
        fail_reads: s.fail_reads,
        offline: s.offline,
        fail_next: s.fail_next > 0,
        apply_then_fail: s.apply_then_fail_next > 0,
        seed: s.seed,
    }
}

/// The fields of `next` that differ from `now`, as `PUT /_faults` takes them.
fn changes(now: &Settings, next: &Settings) -> Map<String, Value> {
    let mut out = Map::new();
    if now.latency_ms != next.latency_ms {
        out.insert("latency_ms".into(), json!(next.latency_ms));
    }
    if now.failure_rate != next.failure_rate {
        out.insert(
            "failure_rate".into(),
            json!(f64::from(next.failure_rate.min(100)) / 100.0),
        );
    }
    if now.fail_reads != next.fail_reads {
        out.insert("fail_reads".into(), json!(next.fail_reads));
    }
    if now.offline != next.offline {
        out.insert("offline".into(), json!(next.offline));
    }
    if now.fail_next != next.fail_next {
        out.insert("fail_next".into(), json!(u32::from(next.fail_next)));
    }
    if now.apply_then_fail != next.apply_then_fail {
        out.insert(
            "apply_then_fail_next".into(),
            json!(u32::from(next.apply_then_fail)),
        );
    }
    if now.seed != next.seed {
        out.insert("seed".into(), json!(next.seed));
    }
    out
}

async fn exchange(request: Result<Request, String>) -> Result<FaultState, String> {
    let response = request?.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let text = response.text().await.map_err(|e| e.to_string())?;
    if !(200..300).contains(&status) {
        return Err(format!("{FAULTS} answered {status}: {text}"));
    }
    // A static file server answers index.html here: not the reference server.
    serde_json::from_str::<FaultState>(&text)
        .map_err(|_| format!("{FAULTS} is not the reference server's fault injection"))
}

fn put(body: &Map<String, Value>) -> Result<Request, String> {
    Request::put(FAULTS)
        .header("Content-Type", "application/json")
        .body(Value::Object(body.clone()).to_string())
        .map_err(|e| e.to_string())
}

impl HttpServer {
    /// The server at the page's origin, as `state` (its first answer) describes it.
    pub fn new(state: Option<FaultState>) -> Self {
        HttpServer {
            list: HttpListSource::new("").into_source(),
            likes: HttpLikeSource::new("").into_source(),
            board: HttpBoardSource::new("").into_source(),
            state: Rc::new(RefCell::new(State {
                faults: state,
                ..State::default()
            })),
            listeners: Listeners::default(),
        }
    }

    /// Asks the page's origin whether it is the reference server with fault injection.
    pub async fn probe() -> Result<FaultState, String> {
        exchange(Ok(Request::get(FAULTS)
            .build()
            .map_err(|e| e.to_string())?))
        .await
    }

    /// The list API, as an editable list takes it (the same `SourceRef` every time).
    pub fn list_source(&self) -> SourceRef<dyn ListSource> {
        self.list.clone()
    }

    /// The likes API.
    pub fn like_source(&self) -> SourceRef<dyn LikeSource> {
        self.likes.clone()
    }

    /// The board API.
    pub fn board_source(&self) -> SourceRef<dyn BoardSource> {
        self.board.clone()
    }

    /// The settings as the server last reported them (defaults before its first answer).
    pub fn settings(&self) -> Settings {
        self.state
            .borrow()
            .faults
            .as_ref()
            .map(|f| to_view(&f.settings))
            .unwrap_or_default()
    }

    /// The server's counters.
    pub fn stats(&self) -> Vec<Stat> {
        let s = self
            .state
            .borrow()
            .faults
            .as_ref()
            .map(|f| f.stats.clone())
            .unwrap_or_default();
        vec![
            Stat::new("reads", "reads", s.reads),
            Stat::new("writes", "writes", s.writes),
            Stat::new("applied", "applied", s.applied),
            Stat::new("replays", "replays", s.replayed),
            Stat::new("refused", "refused (4xx)", s.refused),
            Stat::new("failures", "failed (503)", s.injected_failures),
            Stat::new("apply-then-fail", "applied, then failed", s.apply_then_fail),
            Stat::new("dropped", "dropped offline", s.dropped_offline),
        ]
    }

    /// Why the server could not be reached last time, if it could not.
    pub fn error(&self) -> Option<String> {
        self.state.borrow().error.clone()
    }

    /// Calls `listener` whenever what the server reported changes.
    pub fn subscribe(&self, listener: impl Fn() + 'static) -> Registration {
        self.listeners.add(listener)
    }

    /// The ticket of an exchange about to begin (see [`settle`](Self::settle)).
    pub(super) fn ticket(&self) -> u64 {
        let mut st = self.state.borrow_mut();
        st.begun += 1;
        st.begun
    }

    /// Shows the answer of the exchange `ticket`, unless a newer one is shown already.
    pub(super) fn settle(&self, ticket: u64, outcome: Result<FaultState, String>) {
        {
            let mut st = self.state.borrow_mut();
            if ticket < st.shown {
                return;
            }
            st.shown = ticket;
            match outcome {
                Ok(state) => {
                    st.faults = Some(state);
                    st.error = None;
                }
                Err(e) => st.error = Some(e),
            }
        }
        self.listeners.notify();
    }

    /// Reads the settings and counters again (the controls poll it).
    pub fn refresh(&self) {
        if std::mem::replace(&mut self.state.borrow_mut().polling, true) {
            return;
        }
        let (this, ticket) = (self.clone(), self.ticket());
        yew::platform::spawn_local(async move {
            let outcome = HttpServer::probe().await;
            this.state.borrow_mut().polling = false;
            this.settle(ticket, outcome);
        });
    }

    /// Changes settings: shown at once, sent to `PUT /_faults`, then shown as the server
    /// took them.
    pub fn update(&self, change: impl FnOnce(&mut Settings)) {
        let now = self.settings();
        let mut next = now.clone();
        change(&mut next);
        let body = changes(&now, &next);
        if body.is_empty() {
            return;
        }
        let ticket = self.ticket();
        self.show(ticket, &next);
        let this = self.clone();
        yew::platform::spawn_local(async move {
            let outcome = exchange(put(&body)).await;
            this.settle(ticket, outcome);
        });
    }

    /// Writes `next` into the last known state, so the controls follow the click (as
    /// the answer of exchange `ticket`: older answers no longer show).
    fn show(&self, ticket: u64, next: &Settings) {
        {
            let mut st = self.state.borrow_mut();
            st.shown = st.shown.max(ticket);
            let faults = st.faults.get_or_insert_with(FaultState::default);
            let s = &mut faults.settings;
            s.latency_ms = u64::from(next.latency_ms);
            s.failure_rate = f64::from(next.failure_rate) / 100.0;
            s.fail_reads = next.fail_reads;
            s.offline = next.offline;
            s.fail_next = u32::from(next.fail_next);
            s.apply_then_fail_next = u32::from(next.apply_then_fail);
            s.seed = next.seed;
        }
        self.listeners.notify();
    }

    /// Sets what a story starts from (latency, failure rate, failing reads, nothing
    /// pending to fail). Whether the server is "offline" is left as it is: that is the
    /// network's state, not the story's, and a page reloaded while offline must find it
    /// so.
    pub async fn apply_story(&self, story: &Settings) {
        let body = json!({
            "latency_ms": story.latency_ms,
            "failure_rate": f64::from(story.failure_rate.min(100)) / 100.0,
            "fail_reads": story.fail_reads,
            "fail_next": 0,
            "apply_then_fail_next": 0,
        });
        let body = match body {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let ticket = self.ticket();
        let outcome = exchange(put(&body)).await;
        self.settle(ticket, outcome);
    }

    /// Puts the server's data back to its seed (`POST /_faults/reset`), with nothing
    /// left to fail.
    pub fn reset(&self) {
        let (this, ticket) = (self.clone(), self.ticket());
        yew::platform::spawn_local(async move {
            // The server takes only JSON on its fault controls (a cross-site form cannot).
            let reset = Request::post(&format!("{FAULTS}/reset"))
                .header("Content-Type", "application/json")
                .body("{}")
                .map_err(|e| e.to_string());
            let outcome = exchange(reset).await;
            this.settle(ticket, outcome);
            this.update(|s| {
                s.fail_next = false;
                s.apply_then_fail = false;
            });
        });
    }
}

/// The reference server as a [`StoryBackend`]: shared by every story, its state read
/// again every second (other tabs and the tests change it too).
impl StoryBackend for HttpServer {
    fn kind(&self) -> BackendKind {
        BackendKind::Http
    }
    fn heading(&self) -> &'static str {
        "Server (this origin)"
    }
    /// The library's defaults, as an app would have them.
    fn storage_keys(&self) -> StorageKeys {
        StorageKeys {
            queue: ClientConfig::default().storage_key,
            queries: QueryPersistence::default().storage_key,
        }
    }
    /// Tabs of the reference server share one queue and one server: their keys come
    /// from the browser's randomness, never from a seed two tabs could share.
    fn client_seed(&self, _generation: u32) -> Option<u64> {
        None
    }
    fn tab_id(&self) -> Option<String> {
        yew_optimistic::browser::tab_id()
    }
    /// Its data is its database's.
    fn seeded_by_args(&self) -> bool {
        false
    }
    fn list_source(&self) -> SourceRef<dyn ListSource> {
        HttpServer::list_source(self)
    }
    fn like_source(&self) -> SourceRef<dyn LikeSource> {
        HttpServer::like_source(self)
    }
    fn board_source(&self) -> SourceRef<dyn BoardSource> {
        HttpServer::board_source(self)
    }
    /// The server's `/api/feeds/main`.
    fn feed_source(&self) -> Rc<dyn FeedSource> {
        Rc::new(HttpFeed::default())
    }
    fn settings(&self) -> Settings {
        HttpServer::settings(self)
    }
    fn update_with(&self, change: &mut dyn FnMut(&mut Settings)) {
        HttpServer::update(self, change);
    }
    fn stats(&self) -> Vec<Stat> {
        HttpServer::stats(self)
    }
    fn error(&self) -> Option<String> {
        HttpServer::error(self)
    }
    fn subscribe_boxed(&self, listener: Box<dyn Fn()>) -> Registration {
        HttpServer::subscribe(self, listener)
    }
    fn refresh(&self) {
        HttpServer::refresh(self);
    }
    fn poll_ms(&self) -> u32 {
        POLL_MS
    }
    fn reset_data(&self) {
        self.reset();
    }
    /// Its "offline" fault keeps the client offline; otherwise the browser's own
    /// `online` / `offline` events decide.
    fn online_override(&self) -> Option<bool> {
        HttpServer::settings(self).offline.then_some(false)
    }
    fn prepare(&self, settings: Settings) -> Option<LocalBoxFuture<'static, ()>> {
        let this = self.clone();
        Some(Box::pin(async move { this.apply_story(&settings).await }))
    }
}

/// How often the reference server's state is read again.
const POLL_MS: u32 = 1_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_fields_are_sent() {
        let now = Settings::default();
        let next = Settings {
            failure_rate: 30,
            apply_then_fail: true,
            ..now.clone()
        };
        let body = changes(&now, &next);
        assert_eq!(
            Value::Object(body),
            json!({"failure_rate": 0.3, "apply_then_fail_next": 1})
        );
    }

    fn with_failure_rate(failure_rate: f64) -> Result<FaultState, String> {
        Ok(FaultState {
            settings: FaultSettings {
                failure_rate,
                ..FaultSettings::default()
            },
            ..FaultState::default()
        })
    }

    /// Seen in the e2e run of every story: a poll sent as a story mounted was answered
    /// after the story's own settings (100 % failures), showed the old 0 %, and setting
    /// the control to 0 % then sent nothing.
    #[test]
    fn an_older_answer_arriving_late_does_not_undo_a_newer_one() {
        let server = HttpServer::new(None);
        let poll = server.ticket();
        let story = server.ticket();
        server.settle(story, with_failure_rate(1.0));
        server.settle(poll, with_failure_rate(0.0));
        assert_eq!(server.settings().failure_rate, 100);
        // A newer answer still shows.
        let next = server.ticket();
        server.settle(next, with_failure_rate(0.3));
        assert_eq!(server.settings().failure_rate, 30);
    }

    #[test]
    fn the_server_state_reads_as_the_controls_show_it() {
        let state: FaultState = serde_json::from_str(
            r#"{"settings":{"latency_ms":400,"failure_rate":0.3,"fail_reads":false,"fail_next":2,
               "apply_then_fail_next":0,"apply_then_fail_rate":0.0,"apply_then_fail_mode":"status",
               "offline":true,"seed":7},"stats":{"reads":1,"applied":2}}"#,
        )
        .expect("the server's answer parses");
        let view = to_view(&state.settings);
        assert_eq!(view.latency_ms, 400);
        assert_eq!(view.failure_rate, 30);
        assert!(view.fail_next && view.offline && !view.apply_then_fail);
        assert_eq!(state.stats.applied, 2);
    }
}
