//! Chrome DevTools Protocol commands through chromedriver (`goog/cdp/execute`), and a
//! CPU profile summarised by self time, to find where a scenario spends its time.

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{json, Value};
use std::collections::HashMap;

/// One DevTools Protocol command, e.g. `Profiler.start`.
#[derive(Debug)]
pub struct Cdp {
    /// The method, `Domain.command`.
    pub cmd: &'static str,
    /// Its parameters.
    pub params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params }).to_string();
        (http::Method::POST, Some(body))
    }
}

/// Sends `cmd` with `params` and returns its result.
pub async fn send(
    client: &fantoccini::Client,
    cmd: &'static str,
    params: Value,
) -> Result<Value, String> {
    client
        .issue_cmd(Cdp { cmd, params })
        .await
        .map_err(|e| format!("CDP {cmd}: {e}"))
}

/// The functions of a `Profiler.stop` profile by self time, most first: `(ms, name)`.
pub fn self_times(profile: &Value) -> Vec<(f64, String)> {
    let nodes = profile["nodes"].as_array().cloned().unwrap_or_default();
    let samples = profile["samples"].as_array().cloned().unwrap_or_default();
    let deltas = profile["timeDeltas"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut name_of: HashMap<i64, String> = HashMap::new();
    for node in &nodes {
        let frame = &node["callFrame"];
        let function = frame["functionName"].as_str().unwrap_or("");
        let url = frame["url"].as_str().unwrap_or("");
        let file = url.rsplit('/').next().unwrap_or(url);
        let name = if function.is_empty() {
            format!("(anonymous) {file}")
        } else {
            format!("{function} {file}")
        };
        name_of.insert(node["id"].as_i64().unwrap_or(-1), name);
    }
    // Each sample's time is the delta to the next one.
    let mut totals: HashMap<String, f64> = HashMap::new();
    for (i, sample) in samples.iter().enumerate() {
        let dt = deltas.get(i + 1).and_then(Value::as_f64).unwrap_or(0.0) / 1000.0;
        let name = name_of
            .get(&sample.as_i64().unwrap_or(-1))
            .cloned()
            .unwrap_or_else(|| "?".into());
        *totals.entry(name).or_default() += dt;
    }
    let mut list: Vec<(f64, String)> = totals.into_iter().map(|(n, t)| (t, n)).collect();
    list.sort_by(|a, b| b.0.total_cmp(&a.0));
    list
}
