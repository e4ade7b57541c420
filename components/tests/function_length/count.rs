//! Counting the lines of code of `#[component]` and `#[hook]` functions the way clippy's
//! `too_many_lines` counts other functions (not blank, not only a comment). Clippy does not
//! see these: the attribute macros rebuild the function, so to the lint its body comes from
//! a macro, which it skips. Included with `#[path]` by the components' and the gallery's
//! `function_length` tests, so both crates hold their components to the same limit.

use std::fs;
use std::path::{Path, PathBuf};

/// The threshold of clippy.toml's `too-many-lines-threshold`.
const MAX_LINES: usize = 60;

/// Fails when a component or hook under `src` has more than [`MAX_LINES`] lines of code,
/// naming each, or when fewer than `at_least` were found (the scan broke).
pub fn assert_none_too_long_below(src: &Path, at_least: usize) {
    let (too_long, seen) = too_long_below(src);
    assert!(
        seen >= at_least,
        "found only {seen} components and hooks in {}",
        src.display()
    );
    assert!(
        too_long.is_empty(),
        "over {MAX_LINES} lines of code:\n{}",
        too_long.join("\n")
    );
}

/// Every component and hook under `src` longer than [`MAX_LINES`] (`file: name has N
/// lines`), and how many were counted.
fn too_long_below(src: &Path) -> (Vec<String>, usize) {
    let mut too_long = Vec::new();
    let mut seen = 0;
    for file in rust_files(src) {
        let text = fs::read_to_string(&file).expect("a source file reads");
        for (name, lines) in macro_built_functions(&text) {
            seen += 1;
            if lines > MAX_LINES {
                too_long.push(format!("{}: {name} has {lines} lines", file.display()));
            }
        }
    }
    (too_long, seen)
}

/// The `.rs` files below `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("the source folder reads") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// Each function under `#[component]` or `#[hook]` in `text`, with its lines of code.
pub fn macro_built_functions(text: &str) -> Vec<(String, usize)> {
    let code = blank_out_text(text);
    let lines: Vec<&str> = code.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let attribute = line.trim();
        if attribute != "#[component]" && attribute != "#[hook]" {
            continue;
        }
        let Some(start) = (i + 1..lines.len()).find(|&j| lines[j].contains("fn ")) else {
            continue;
        };
        let name = lines[start]
            .split("fn ")
            .nth(1)
            .and_then(|rest| {
                rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
            })
            .unwrap_or_default()
            .to_owned();
        found.push((name, body_lines(&lines[start..])));
    }
    found
}

/// The lines holding code between the first `{` of `lines` and its closing `}`.
fn body_lines(lines: &[&str]) -> usize {
    let (mut depth, mut opened, mut count) = (0usize, false, 0);
    for line in lines {
        let mut code_here = false;
        for c in line.chars() {
            match c {
                '{' => {
                    if opened {
                        code_here = true;
                    }
                    depth += 1;
                    opened = true;
                }
                '}' => {
                    depth -= 1;
                    if opened && depth == 0 {
                        return count + usize::from(code_here);
                    }
                    code_here = true;
                }
                c if opened && !c.is_whitespace() => code_here = true,
                _ => {}
            }
        }
        if code_here {
            count += 1;
        }
    }
    count
}

/// `text` with comments blanked and the inside of strings and character literals made
/// `_` (lines kept), so that only the code's own braces remain and a literal's lines
/// still count as code.
fn blank_out_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let at = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    };
    // Blanks `from..to` but its line breaks; a literal's other characters become `_`, so
    // its lines still count as code (as clippy counts them), a comment's become spaces.
    let blank = |out: &mut String, from: usize, to: usize, literal: bool| {
        for &c in &chars[from..to.min(chars.len())] {
            out.push(match c {
                '\n' => '\n',
                c if literal && !c.is_whitespace() => '_',
                _ => ' ',
            });
        }
    };
    while i < chars.len() {
        if at(i, "//") {
            let end = (i..chars.len())
                .find(|&j| chars[j] == '\n')
                .unwrap_or(chars.len());
            blank(&mut out, i, end, false);
            i = end;
        } else if at(i, "/*") {
            let end = (i + 2..chars.len())
                .find(|&j| at(j, "*/"))
                .map_or(chars.len(), |j| j + 2);
            blank(&mut out, i, end, false);
            i = end;
        } else if let Some(hashes) = raw_string_hashes(&chars, i) {
            let closing: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let open_end = i + 1 + hashes + 1;
            let end = (open_end..chars.len())
                .find(|&j| at(j, &closing))
                .map_or(chars.len(), |j| j + closing.len());
            out.push('_');
            blank(&mut out, i + 1, end, true);
            i = end;
        } else if chars[i] == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            out.push('_');
            blank(&mut out, i + 1, j + 1, true);
            i = j + 1;
        } else if chars[i] == '\'' && char_literal_end(&chars, i).is_some() {
            let end = char_literal_end(&chars, i).unwrap_or(i + 1);
            out.push('_');
            blank(&mut out, i + 1, end, true);
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The number of `#` of the raw string literal starting at `i` (`r"`, `r#"`, ...), `None`
/// when none starts there (a raw identifier such as `r#type` is not one).
fn raw_string_hashes(chars: &[char], i: usize) -> Option<usize> {
    if chars[i] != 'r' || (i > 0 && ident_char(chars.get(i - 1))) {
        return None;
    }
    let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
    (chars.get(i + 1 + hashes) == Some(&'"')).then_some(hashes)
}

/// Where the character literal starting at `i` ends (one past its closing quote); `None`
/// for a lifetime such as `'static`.
fn char_literal_end(chars: &[char], i: usize) -> Option<usize> {
    match chars.get(i + 1)? {
        '\\' => (i + 3..chars.len().min(i + 12))
            .find(|&j| chars[j] == '\'')
            .map(|j| j + 1),
        _ if chars.get(i + 2) == Some(&'\'') => Some(i + 3),
        _ => None,
    }
}

fn ident_char(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}
