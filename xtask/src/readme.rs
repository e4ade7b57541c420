//! The README shows the quickstart app (examples/quickstart) line for line; this check
//! keeps the two from drifting apart.
//!
//! - The README's first ```rust block is taken from the app: its lines appear in
//!   `src/main.rs` in the same order, with a line `// ...` standing for lines left out
//!   (`# ...` in TOML).
//! - Section "Use it in your app" has a ```rust block equal to `src/main.rs` and a
//!   ```toml block taken (in the same way) from the app's `Cargo.toml`.
//!
//! The app itself is compiled (and linted) by `cargo xtask test`, so both blocks compile.

use std::path::Path;

/// The quickstart app, relative to the workspace root.
pub const QUICKSTART: &str = "examples/quickstart";
/// The README heading whose section is the quickstart.
const SECTION: &str = "Use it in your app";
/// Whether a line stands for lines left out of an excerpt: a comment that starts with
/// `// ...` (Rust) or `# ...` (TOML), possibly saying what was left out.
fn is_elision(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("// ...") || line.starts_with("# ...")
}

/// A fenced code block of a Markdown file.
#[derive(Debug, PartialEq, Eq)]
struct Block {
    /// The heading the block is under (without `#`s).
    heading: String,
    /// The info string after the opening fence (`rust`, `toml`, `sh`, ...).
    info: String,
    /// 1-based line of the opening fence.
    line: usize,
    /// The lines between the fences.
    lines: Vec<String>,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut heading = String::new();
    let mut open: Option<Block> = None;
    for (index, line) in markdown.lines().enumerate() {
        if let Some(block) = open.as_mut() {
            if line.trim_end() == "```" {
                out.extend(open.take());
            } else {
                block.lines.push(line.to_owned());
            }
        } else if let Some(info) = line.strip_prefix("```") {
            open = Some(Block {
                heading: heading.clone(),
                info: info.trim().to_owned(),
                line: index + 1,
                lines: Vec::new(),
            });
        } else if line.starts_with('#') {
            heading = line.trim_start_matches('#').trim().to_owned();
        }
    }
    out
}

/// `Ok` when `excerpt`'s lines appear in `source`, in order, each run between `// ...`
/// lines contiguous; otherwise the first line that was not found where expected.
fn is_excerpt(excerpt: &[String], source: &str) -> Result<(), String> {
    let source: Vec<&str> = source.lines().collect();
    let mut from = 0;
    for run in excerpt.split(|line| is_elision(line)) {
        if run.is_empty() {
            continue;
        }
        let found = (from..=source.len().saturating_sub(run.len())).find(|&start| {
            run.iter()
                .zip(&source[start..start + run.len()])
                .all(|(a, b)| a == b)
        });
        match found {
            Some(start) => from = start + run.len(),
            None => {
                // Say which line breaks the run: the longest prefix that does match.
                let matched = (1..=run.len())
                    .rev()
                    .find(|&n| {
                        (from..=source.len().saturating_sub(n))
                            .any(|s| run[..n].iter().zip(&source[s..s + n]).all(|(a, b)| a == b))
                    })
                    .unwrap_or(0);
                let bad = run.get(matched).map(String::as_str).unwrap_or("");
                return Err(format!(
                    "the line `{}` is not where the excerpt says (after {} matching line(s))",
                    bad.trim(),
                    matched
                ));
            }
        }
    }
    Ok(())
}

/// Checks README.md against the quickstart app under `root`.
pub fn check(root: &Path) -> Result<(), String> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let readme = read(&root.join("README.md"))?;
    let app = root.join(QUICKSTART);
    let main_rs = read(&app.join("src/main.rs"))?;
    let cargo_toml = read(&app.join("Cargo.toml"))?;
    check_text(&readme, &main_rs, &cargo_toml)
}

fn check_text(readme: &str, main_rs: &str, cargo_toml: &str) -> Result<(), String> {
    let blocks = blocks(readme);
    let first = blocks
        .iter()
        .find(|b| b.info.starts_with("rust"))
        .ok_or("README.md has no ```rust block")?;
    is_excerpt(&first.lines, main_rs).map_err(|e| {
        format!(
            "README.md's first rust block (line {}) is not taken from {QUICKSTART}/src/main.rs: {e}",
            first.line
        )
    })?;

    let section: Vec<&Block> = blocks.iter().filter(|b| b.heading == SECTION).collect();
    if section.is_empty() {
        return Err(format!("README.md has no code in a section \"{SECTION}\""));
    }
    let main_lines: Vec<&str> = main_rs.lines().collect();
    let whole = section
        .iter()
        .find(|b| b.info.starts_with("rust"))
        .ok_or(format!("README.md's \"{SECTION}\" has no ```rust block"))?;
    if whole.lines != main_lines {
        let differs = whole
            .lines
            .iter()
            .zip(&main_lines)
            .position(|(a, b)| a != b)
            .unwrap_or(whole.lines.len().min(main_lines.len()));
        return Err(format!(
            "README.md's \"{SECTION}\" rust block (line {}) differs from {QUICKSTART}/src/main.rs \
             at its line {} ({} lines in the README, {} in the file); copy the file into the README",
            whole.line,
            differs + 1,
            whole.lines.len(),
            main_lines.len()
        ));
    }
    let toml = section
        .iter()
        .find(|b| b.info == "toml")
        .ok_or(format!("README.md's \"{SECTION}\" has no ```toml block"))?;
    is_excerpt(&toml.lines, cargo_toml).map_err(|e| {
        format!(
            "README.md's \"{SECTION}\" toml block (line {}) is not taken from {QUICKSTART}/Cargo.toml: {e}",
            toml.line
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIN: &str = "use a;\nuse b;\n\nfn main() {\n    run();\n}\n";
    const TOML: &str = "[package]\nname = \"q\"\n\n[dependencies]\nyew = \"0.23\"\n";

    fn readme(first: &str, whole: &str, toml: &str) -> String {
        format!(
            "# Title\n\n```rust\n{first}```\n\n## {SECTION}\n\n```toml\n{toml}```\n\n```rust\n{whole}```\n\n## Other\n\n```sh\nls\n```\n"
        )
    }

    #[test]
    fn finds_blocks_under_their_headings() {
        let found = blocks(&readme("x\n", "y\n", "z\n"));
        let summary: Vec<(&str, &str, usize)> = found
            .iter()
            .map(|b| (b.heading.as_str(), b.info.as_str(), b.line))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("Title", "rust", 3),
                (SECTION, "toml", 9),
                (SECTION, "rust", 13),
                ("Other", "sh", 19)
            ]
        );
        assert_eq!(found[2].lines, vec!["y".to_owned()]);
    }

    #[test]
    fn accepts_the_file_and_excerpts_of_it() {
        let first = "use a;\n// ...\nfn main() {\n    // ... what it runs\n}\n";
        let toml = "# ...\n[dependencies]\nyew = \"0.23\"\n";
        assert_eq!(check_text(&readme(first, MAIN, toml), MAIN, TOML), Ok(()));
    }

    #[test]
    fn refuses_a_first_block_that_is_not_in_the_file() {
        let first = "use a;\nfn main() {}\n";
        let err = check_text(&readme(first, MAIN, "yew = \"0.23\"\n"), MAIN, TOML).unwrap_err();
        assert!(err.contains("first rust block"), "{err}");
        assert!(err.contains("`fn main() {}`"), "{err}");
    }

    #[test]
    fn refuses_excerpts_out_of_order() {
        let first = "fn main() {\n// ...\nuse a;\n";
        assert!(check_text(&readme(first, MAIN, "yew = \"0.23\"\n"), MAIN, TOML).is_err());
    }

    #[test]
    fn refuses_a_section_that_differs_from_the_file() {
        let changed = MAIN.replace("run();", "walk();");
        let err = check_text(
            &readme("use a;\n", &changed, "yew = \"0.23\"\n"),
            MAIN,
            TOML,
        )
        .unwrap_err();
        assert!(err.contains("at its line 5"), "{err}");
    }

    #[test]
    fn refuses_a_toml_block_not_in_the_manifest() {
        let err =
            check_text(&readme("use a;\n", MAIN, "yew = \"0.22\"\n"), MAIN, TOML).unwrap_err();
        assert!(err.contains("toml block"), "{err}");
    }
}
