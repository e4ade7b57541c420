//! The guide's code blocks, compiled: `docs/guide.md` is this crate's documentation, so
//! `cargo test -p guide` (and `cargo test --workspace`) builds and runs every Rust code block in it
//! as a doc test. Lines starting with `# ` in a block are context the
//! compiler needs and the rendered docs hide (imports, a component's props).
#![doc = include_str!("../guide.md")]
