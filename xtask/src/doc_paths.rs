//! Examples in rustdoc use the paths an app that depends on yew-optimistic has.
//!
//! yew-optimistic re-exports the engine's everyday items (`pub use optimistic_query::{...}`),
//! and rustdoc shows them, examples included, in yew-optimistic's docs. An example that
//! says `use optimistic_query::...` fails to compile there (E0432: the app depends on
//! yew-optimistic only). So every visible line of a code block in the doc comments of
//! `query/src` and `components/src` must name the engine as `yew_optimistic::...` (the
//! engine's examples compile through a hidden line that makes that path point at the
//! engine); hidden lines (`# ...`) may say anything.

use std::path::Path;

/// The source folders whose doc comments are shown in yew-optimistic's docs.
const SOURCES: [&str; 2] = ["query/src", "components/src"];

/// Checks every `.rs` file under [`SOURCES`] of the workspace at `root`.
pub fn check(root: &Path) -> Result<(), String> {
    let mut found = Vec::new();
    for dir in SOURCES {
        let mut files = Vec::new();
        rust_files(&root.join(dir), &mut files)?;
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let shown = file
                .strip_prefix(root)
                .unwrap_or(&file)
                .display()
                .to_string();
            found.extend(
                engine_paths(&text)
                    .into_iter()
                    .map(|line| format!("{shown}:{line}")),
            );
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    Err(format!(
        "rustdoc examples name the engine as `optimistic_query::`, which an app that \
         depends on yew-optimistic cannot write (use `yew_optimistic::...`, or \
         `yew_optimistic::optimistic_query::...` for what is not at its root):\n  {}",
        found.join("\n  ")
    ))
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// 1-based numbers of the lines of `source` that are visible lines of a doc-comment
/// code block and name `optimistic_query::` other than as `yew_optimistic::optimistic_query::`.
fn engine_paths(source: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut in_code = false;
    for (index, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(doc) = trimmed
            .strip_prefix("///")
            .or_else(|| trimmed.strip_prefix("//!"))
        else {
            in_code = false;
            continue;
        };
        let text = doc.strip_prefix(' ').unwrap_or(doc);
        if text.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        let hidden = text.trim_start() == "#" || text.trim_start().starts_with("# ");
        if in_code && !hidden && names_engine(text) {
            out.push(index + 1);
        }
    }
    out
}

/// Whether `code` names `optimistic_query::` other than through yew-optimistic: not as
/// `yew_optimistic::optimistic_query::`, nor inside a `yew_optimistic::{...}` group.
fn names_engine(code: &str) -> bool {
    code.match_indices("optimistic_query::").any(|(at, _)| {
        let before = &code[..at];
        !(before.ends_with("yew_optimistic::") || in_group(before))
    })
}

/// Whether the end of `before` is inside a `yew_optimistic::{` group it opened.
fn in_group(before: &str) -> bool {
    let Some(open) = before.rfind("yew_optimistic::{") else {
        return false;
    };
    let mut depth = 0_i32;
    for c in before[open..].chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_engine_paths_in_examples_are_found() {
        let source = "\
/// Text about optimistic_query::QueryKey is prose.
///
/// ```
/// # use optimistic_query::testing::TestRuntime;
/// use yew_optimistic::{keys, QueryKey};
/// use yew_optimistic::optimistic_query::testing::TestRuntime;
/// use optimistic_query::QueryClient;
/// use yew_optimistic::{use_query, optimistic_query::{keys, QueryOptions}};
/// use yew_optimistic::{use_query}; use optimistic_query::keys;
/// ```
fn f() {}
//! ```
//! let k = optimistic_query::keys![\"a\"];
//! ```
";
        assert_eq!(engine_paths(source), vec![7, 9, 13]);
    }

    #[test]
    fn a_block_ends_with_its_comment() {
        // An unclosed fence in one comment does not spill into the next.
        let source = "/// ```\nfn f() {}\n/// use optimistic_query::QueryKey;\n";
        assert_eq!(engine_paths(source), Vec::<usize>::new());
    }
}
