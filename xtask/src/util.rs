//! Running commands from the workspace root, with the tool cache first on `PATH`.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::tools;

/// The workspace root (the parent of `xtask/`).
///
/// Taken from `CARGO_MANIFEST_DIR` at run time (`cargo run` sets it), so that a binary
/// reused from a shared target dir still works on the checkout that ran it.
pub fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// The cargo that runs us (`$CARGO`), or `cargo` from `PATH`.
pub fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// `Err(message)`, for symmetry with early returns.
pub fn fail<T>(message: String) -> Result<T, String> {
    Err(message)
}

/// A command run from the workspace root (or [`Cmd::dir`]), with the tool cache's `bin`
/// folders first on `PATH` ([`tools::path`]) unless it sets `PATH` itself.
pub struct Cmd {
    program: OsString,
    args: Vec<OsString>,
    envs: Vec<(OsString, OsString)>,
    dir: Option<PathBuf>,
}

impl Cmd {
    /// `program`, no arguments yet.
    pub fn new(program: impl AsRef<OsStr>) -> Cmd {
        Cmd {
            program: program.as_ref().to_owned(),
            args: Vec::new(),
            envs: Vec::new(),
            dir: None,
        }
    }

    /// Append arguments.
    pub fn args<I, S>(mut self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Set an environment variable for the command.
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Cmd {
        self.envs
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Run in `dir` (relative to the workspace root) instead of the root.
    pub fn dir(mut self, dir: impl Into<PathBuf>) -> Cmd {
        self.dir = Some(dir.into());
        self
    }

    /// The command line, for headers and error messages.
    pub fn display(&self) -> String {
        let mut line = String::new();
        if let Some(dir) = &self.dir {
            line.push_str(&format!("(cd {}) ", dir.display()));
        }
        for (key, value) in &self.envs {
            if key != "PATH" {
                line.push_str(&format!(
                    "{}={} ",
                    key.to_string_lossy(),
                    value.to_string_lossy()
                ));
            }
        }
        let program = Path::new(&self.program)
            .file_name()
            .unwrap_or(&self.program)
            .to_string_lossy()
            .into_owned();
        line.push_str(&program);
        for arg in &self.args {
            line.push(' ');
            line.push_str(&arg.to_string_lossy());
        }
        line
    }

    fn command(&self) -> Command {
        // Resolved through the tool cache first, as the shell would with that PATH.
        let program = match Path::new(&self.program).components().count() {
            1 => self
                .program
                .to_str()
                .and_then(tools::which)
                .map(OsString::from)
                .unwrap_or_else(|| self.program.clone()),
            _ => self.program.clone(),
        };
        let mut command = Command::new(program);
        let dir = match &self.dir {
            Some(dir) => root().join(dir),
            None => root(),
        };
        command.args(&self.args).current_dir(dir);
        command.env("PATH", tools::path());
        for (key, value) in &self.envs {
            command.env(key, value);
        }
        command
    }

    /// Run with inherited stdio; `Err` if it cannot start or exits non-zero.
    pub fn run(&self) -> Result<(), String> {
        let status = self
            .command()
            .status()
            .map_err(|e| format!("cannot run `{}`: {e}", self.display()))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{}` exited with {status}", self.display()))
        }
    }

    /// Become this command (Unix: `exec`, so the process id the caller holds is the
    /// command's from now on, and a signal sent to it reaches the command itself; cargo's
    /// own `run` execs too). Returns only if that fails. Elsewhere: [`Cmd::run`].
    pub fn exec(&self) -> Result<(), String> {
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt as _;
            let error = self.command().exec();
            Err(format!("cannot run `{}`: {error}", self.display()))
        }
        #[cfg(not(unix))]
        {
            self.run()
        }
    }

    /// Start it with inherited stdio and return at once (the caller waits or kills).
    pub fn spawn(&self) -> Result<std::process::Child, String> {
        self.command()
            .spawn()
            .map_err(|e| format!("cannot run `{}`: {e}", self.display()))
    }

    /// Run quietly and return its stdout (then stderr) as text, or `None` if it cannot
    /// start or exits non-zero. Used to probe installed tools.
    pub fn probe(&self) -> Option<String> {
        let output = self
            .command()
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .ok()?;
        if !output.status.success() {
            return None;
        }
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        Some(text)
    }
}
