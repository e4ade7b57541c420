//! Args: a page's knobs for its component's own props (Storybook's "Controls"), their
//! values from the URL, and [`use_args`] for the demo that reads them.

use yew::prelude::*;

use crate::route::ArgValues;

/// How an arg is edited and read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ArgKind {
    /// Free text (a label, a title).
    Text,
    /// A whole number in a range.
    Number {
        /// Smallest value.
        min: u32,
        /// Largest value.
        max: u32,
        /// Step of the slider.
        step: u32,
    },
    /// One of a few values: (value in the URL, label shown).
    Choice(&'static [(&'static str, &'static str)]),
    /// On or off.
    Toggle,
}

impl ArgKind {
    /// A whole number from `min` to `max`, by `step`.
    pub const fn number(min: u32, max: u32, step: u32) -> ArgKind {
        ArgKind::Number { min, max, step }
    }
}

/// One arg of a page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ArgDef {
    /// Its name in the URL (`?rows=6`).
    pub name: &'static str,
    /// Its label in the panel.
    pub label: &'static str,
    /// The prop (or setting) it drives, shown under the label.
    pub prop: &'static str,
    /// How it is edited.
    pub kind: ArgKind,
    /// Its value when the URL does not say.
    pub default: &'static str,
    /// Changing it gives the story a new simulated server seeded with it (the number of
    /// rows or cards); other args only re-render the story.
    pub seeds_data: bool,
}

impl ArgDef {
    /// The arg `name`, shown as `label` over the prop it drives, `default` when the URL
    /// does not say; changing it re-renders the story.
    pub const fn new(
        name: &'static str,
        label: &'static str,
        prop: &'static str,
        kind: ArgKind,
        default: &'static str,
    ) -> ArgDef {
        ArgDef {
            name,
            label,
            prop,
            kind,
            default,
            seeds_data: false,
        }
    }

    /// This arg, seeding the simulated server's data: changing it gives the story a new
    /// simulated server, and it has no knob where the backend is not seeded from args.
    pub const fn seeding(mut self) -> ArgDef {
        self.seeds_data = true;
        self
    }
}

/// The rows the simulated server's list starts with.
pub const ROWS: ArgDef = ArgDef::new(
    "rows",
    "Rows",
    "the simulated server's seed items",
    ArgKind::number(0, 12, 1),
    "4",
)
.seeding();

/// Whether a component shows its keyboard shortcuts.
pub const SHORTCUTS: ArgDef = ArgDef::new(
    "shortcuts",
    "Show shortcuts",
    "show_shortcuts",
    ArgKind::Toggle,
    "true",
);

/// The language of the components' words.
pub const LANG: ArgDef = ArgDef::new(
    "lang",
    "Language",
    "strings",
    ArgKind::Choice(&[("en", "English"), ("fr", "Français"), ("de", "Deutsch")]),
    "en",
);

/// The theme of the story's canvas.
pub const THEME: ArgDef = ArgDef::new(
    "theme",
    "Theme",
    "ThemeRoot theme",
    ArgKind::Choice(&[
        ("inherit", "Gallery's"),
        ("system", "System"),
        ("light", "Light"),
        ("dark", "Dark"),
    ]),
    "inherit",
);

/// A page's args with their values: the URL's, else the defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Args {
    defs: &'static [ArgDef],
    values: ArgValues,
}

impl Args {
    /// The args `defs` with the values the URL gives (unknown names are ignored).
    pub fn new(defs: &'static [ArgDef], values: &ArgValues) -> Self {
        let values = values
            .iter()
            .filter(|(k, _)| defs.iter().any(|d| d.name == k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Args { defs, values }
    }

    /// The arg definitions that apply on the simulated server or not (`simulated`): an
    /// arg that seeds the simulation's data (the rows of a list) does nothing on the
    /// reference server, whose data is its database's, so it gets no knob there.
    pub fn knobs(&self, simulated: bool) -> impl Iterator<Item = &'static ArgDef> {
        self.defs.iter().filter(move |d| simulated || !d.seeds_data)
    }

    fn def(&self, name: &str) -> Option<&'static ArgDef> {
        self.defs.iter().find(|d| d.name == name)
    }

    /// The value of `name` as text (its default when the URL does not set it).
    pub fn get(&self, name: &str) -> String {
        match (self.values.get(name), self.def(name)) {
            (Some(v), _) => v.clone(),
            (None, Some(def)) => def.default.to_string(),
            (None, None) => String::new(),
        }
    }

    /// The value of a number arg, clamped to its range (its default if unreadable).
    pub fn number(&self, name: &str) -> u32 {
        let Some(def) = self.def(name) else { return 0 };
        let default = def.default.parse().unwrap_or(0);
        let value = self.get(name).trim().parse().unwrap_or(default);
        match def.kind {
            ArgKind::Number { min, max, .. } => value.clamp(min, max),
            _ => value,
        }
    }

    /// The value of a toggle.
    pub fn flag(&self, name: &str) -> bool {
        self.get(name) == "true"
    }

    /// The URL's values with `name` set to `value` (dropped when it is the default, so
    /// links stay short).
    pub fn with(&self, name: &str, value: &str) -> ArgValues {
        let mut values = self.values.clone();
        match self.def(name) {
            Some(def) if def.default == value => {
                values.remove(name);
            }
            Some(_) => {
                values.insert(name.to_string(), value.to_string());
            }
            None => {}
        }
        values
    }

    /// The values as the URL carries them.
    pub fn values(&self) -> &ArgValues {
        &self.values
    }

    /// What the simulated server is seeded from (the values of `seeds_data` args).
    pub fn data_key(&self) -> String {
        self.defs
            .iter()
            .filter(|d| d.seeds_data)
            .map(|d| format!("{}={}", d.name, self.get(d.name)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Every value, for keying what must start again when any arg changes.
    pub fn key(&self) -> String {
        self.defs
            .iter()
            .map(|d| format!("{}={}", d.name, self.get(d.name)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// The args of the story being shown.
///
/// # Panics
///
/// Outside a story frame: a wiring mistake in the gallery.
#[hook]
pub fn use_args() -> Args {
    use_context::<Args>().expect("use_args: a story must be rendered inside a StoryFrame")
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFS: &[ArgDef] = &[ROWS, LANG];

    fn values(pairs: &[(&str, &str)]) -> ArgValues {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn values_fall_back_to_defaults_and_numbers_are_clamped() {
        let args = Args::new(DEFS, &values(&[("rows", "99"), ("nope", "x")]));
        assert_eq!(args.number("rows"), 12);
        assert_eq!(args.get("lang"), "en");
        assert_eq!(
            args.values(),
            &values(&[("rows", "99")]),
            "unknown names dropped"
        );
        assert_eq!(
            Args::new(DEFS, &values(&[("rows", "two")])).number("rows"),
            4
        );
    }

    #[test]
    fn setting_the_default_drops_it_from_the_url() {
        let args = Args::new(DEFS, &values(&[("rows", "6")]));
        assert_eq!(args.with("rows", "4"), ArgValues::new());
        assert_eq!(
            args.with("lang", "fr"),
            values(&[("lang", "fr"), ("rows", "6")])
        );
        assert_eq!(args.data_key(), "rows=6");
        assert_eq!(args.key(), "rows=6&lang=en");
    }

    #[test]
    fn data_seeding_knobs_show_on_the_simulation_only() {
        let args = Args::new(DEFS, &ArgValues::new());
        let names = |simulated| args.knobs(simulated).map(|d| d.name).collect::<Vec<_>>();
        assert_eq!(names(true), ["rows", "lang"]);
        assert_eq!(names(false), ["lang"]);
    }
}
