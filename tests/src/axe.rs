//! Accessibility checks with axe-core: the npm package, installed into `tests/node_modules`
//! (git-ignored) the first time it is needed, injected into the page through WebDriver,
//! and run against the WCAG 2.0, 2.1 and 2.2 A/AA rules and axe's best practices.

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use serde_json::Value;

use crate::Page;

/// The axe-core release the tests use.
pub const AXE_VERSION: &str = "4.14.1";

/// The rule tags the tests run: every WCAG A and AA level up to 2.2, and best practices.
pub const TAGS: &[&str] = &[
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
];

/// One rule a page breaks, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// The rule's id, e.g. `color-contrast`.
    pub rule: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    /// What the rule asks, in axe's words.
    pub help: String,
    /// Selectors of (up to five of) the elements that break it.
    pub targets: Vec<String>,
    /// How many elements break it.
    pub count: usize,
}

impl Violation {
    /// Serious or critical: what the tests do not allow.
    pub fn is_blocking(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}, {} element(s)): {} — {}",
            self.rule,
            self.impact,
            self.count,
            self.help,
            self.targets.join(" | ")
        )
    }
}

/// Where `npm install --prefix tests` puts axe-core.
fn script_path() -> PathBuf {
    crate::workspace_root()
        .join("tests")
        .join("node_modules")
        .join("axe-core")
        .join("axe.min.js")
}

/// The installed axe-core's version, if any.
fn installed_version() -> Option<String> {
    let manifest = script_path().with_file_name("package.json");
    let text = std::fs::read_to_string(manifest).ok()?;
    let json: Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_owned)
}

/// Installs axe-core [`AXE_VERSION`] into `tests/node_modules` unless it is there (once
/// per process: the tests of a binary run in parallel), and returns its script.
pub fn script() -> Result<&'static str, String> {
    static SCRIPT: OnceLock<String> = OnceLock::new();
    static INSTALLING: Mutex<()> = Mutex::new(());
    if let Some(text) = SCRIPT.get() {
        return Ok(text);
    }
    let _guard = INSTALLING.lock().unwrap_or_else(|e| e.into_inner());
    if installed_version().as_deref() != Some(AXE_VERSION) {
        crate::announce(&format!(
            "installing axe-core {AXE_VERSION} into tests/node_modules (npm)"
        ));
        let tests = crate::workspace_root().join("tests");
        let status = Command::new("npm")
            .args(["install", "--prefix"])
            .arg(&tests)
            .args(["--no-save", "--no-package-lock", "--no-audit", "--no-fund"])
            .arg(format!("axe-core@{AXE_VERSION}"))
            .status()
            .map_err(|e| format!("cannot run npm to install axe-core: {e}"))?;
        if !status.success() {
            return Err(format!(
                "npm install axe-core@{AXE_VERSION} failed: {status}"
            ));
        }
    }
    let path = script_path();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(SCRIPT.get_or_init(|| text))
}

/// Runs axe on `page` (injecting it first if the page lost it) and returns every
/// violation, whatever its impact.
pub async fn check(page: &Page) -> Result<Vec<Violation>, String> {
    let script = script()?;
    page.js(
        "if (!window.axe) {
             const s = document.createElement('script');
             s.textContent = arguments[0];
             document.head.appendChild(s);
         }
         return !!window.axe;",
        vec![script.into()],
    )
    .await?;
    let tags: Vec<Value> = TAGS.iter().map(|t| Value::from(*t)).collect();
    let result = page
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.axe
                 .run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
                 .then(r => done(r.violations.map(v => ({
                     rule: v.id,
                     impact: v.impact || 'unknown',
                     help: v.help,
                     count: v.nodes.length,
                     targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
                 }))))
                 .catch(e => done({ error: String(e) }));",
            vec![Value::from(tags)],
        )
        .await
        .map_err(|e| format!("axe could not run: {e}"))?;
    if let Some(error) = result.get("error") {
        return Err(format!("axe failed: {error}"));
    }
    let list = result
        .as_array()
        .ok_or_else(|| format!("axe returned {result}"))?;
    Ok(list
        .iter()
        .map(|v| Violation {
            rule: v["rule"].as_str().unwrap_or_default().to_owned(),
            impact: v["impact"].as_str().unwrap_or_default().to_owned(),
            help: v["help"].as_str().unwrap_or_default().to_owned(),
            count: v["count"].as_u64().unwrap_or_default() as usize,
            targets: v["targets"]
                .as_array()
                .map(|t| {
                    t.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect())
}
