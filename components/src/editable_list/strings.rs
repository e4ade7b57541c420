//! Every word an [`EditableList`](super::EditableList) shows or announces, so an app can
//! translate it without forking the component.

use super::source::ListChange;
use crate::feedback::template::{fill, quote};
use crate::feedback::words;
use yew::AttrValue;

/// The words of an [`EditableList`](super::EditableList), English by default. A field may
/// hold `{name}` placeholders, listed in its doc; the list fills them in.
///
/// ```
/// use yew_optimistic::editable_list::ListStrings;
/// let french = ListStrings {
///     add_button: "Ajouter".into(),
///     add_placeholder: "Ajouter un article…".into(),
///     summary: "{done} sur {total} faits".into(),
///     ..ListStrings::default()
/// };
/// assert_eq!(french.add_button, "Ajouter");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ListStrings {
    /// While the list loads.
    pub loading: AttrValue,
    /// While the list waits for the network to load.
    pub waiting_for_network: AttrValue,
    /// The list could not be loaded; `{error}`.
    pub load_error: AttrValue,
    /// The list could not be refreshed (the old items stay); `{error}`.
    pub refresh_error: AttrValue,
    /// Button that loads the list again.
    pub retry: AttrValue,
    /// That button while it works.
    pub retrying: AttrValue,
    /// Accessible name of the add field.
    pub add_label: AttrValue,
    /// Placeholder of the add field.
    pub add_placeholder: AttrValue,
    /// The add button.
    pub add_button: AttrValue,
    /// The list is empty.
    pub empty: AttrValue,
    /// Under the list; `{done}`, `{total}`.
    pub summary: AttrValue,
    /// After the summary while changes are on their way; `{count}`.
    pub saving_changes: AttrValue,
    /// Accessible name of a row's checkbox; `{title}`.
    pub toggle_label: AttrValue,
    /// Tooltip of a title (how to rename it).
    pub rename_hint: AttrValue,
    /// Accessible name of the rename field; `{title}`.
    pub rename_label: AttrValue,
    /// The ↑ button; `{title}`.
    pub move_up: AttrValue,
    /// The ↓ button; `{title}`.
    pub move_down: AttrValue,
    /// The ✕ button; `{title}`.
    pub delete: AttrValue,
    /// A refused change, on its row and in the toast; `{change}` (one of the six change
    /// words below), `{reason}` (the server's).
    pub refused: AttrValue,
    /// Retry a refused change.
    pub retry_change: AttrValue,
    /// Dismiss a refused change.
    pub dismiss: AttrValue,
    /// What an add was, for `refused`; `{title}`.
    pub change_add: AttrValue,
    /// What a rename was; `{title}` (the new one).
    pub change_rename: AttrValue,
    /// What ticking was.
    pub change_tick: AttrValue,
    /// What unticking was.
    pub change_untick: AttrValue,
    /// What a delete was.
    pub change_delete: AttrValue,
    /// What a move was.
    pub change_move: AttrValue,
    /// The mark of a row whose change is on its way.
    pub saving: AttrValue,
    /// The mark of a row whose last change was refused.
    pub not_saved: AttrValue,
    /// The mark of a row whose change got no answer and is being sent again.
    pub waiting_for_server: AttrValue,
    /// The mark of a row whose change is held after every resend allowed.
    pub not_saved_yet: AttrValue,
    /// The note of a held row.
    pub held_note: AttrValue,
    /// Send a held change again now.
    pub retry_now: AttrValue,
    /// Give up a held change.
    pub discard: AttrValue,
    /// A row whose change storage refused to keep on this device (a reload would lose it).
    pub not_kept: AttrValue,
    /// The keyboard shortcuts, shown under the list.
    pub shortcuts: AttrValue,
}

/// The English words, the default. A constant, not code that builds them: each
/// field is a static string, so the default is a copy of data.
const ENGLISH: ListStrings = ListStrings {
    loading: AttrValue::Static("Loading items…"),
    waiting_for_network: AttrValue::Static("Waiting for the network…"),
    load_error: AttrValue::Static("Couldn't load the list: {error}"),
    refresh_error: AttrValue::Static("Couldn't refresh the list: {error}"),
    retry: AttrValue::Static("Retry"),
    retrying: AttrValue::Static("Retrying…"),
    add_label: AttrValue::Static("New item"),
    add_placeholder: AttrValue::Static("Add an item…"),
    add_button: AttrValue::Static("Add"),
    empty: AttrValue::Static("Nothing here yet. Add the first item above."),
    summary: AttrValue::Static("{done} of {total} done"),
    saving_changes: AttrValue::Static(" · saving {count} change(s)…"),
    toggle_label: AttrValue::Static("Done: {title}"),
    rename_hint: AttrValue::Static("Rename: click, Enter or F2"),
    rename_label: AttrValue::Static("Rename {title}"),
    move_up: AttrValue::Static("Move {title} up"),
    move_down: AttrValue::Static("Move {title} down"),
    delete: AttrValue::Static("Delete {title}"),
    refused: AttrValue::Static("Couldn't {change}: {reason}"),
    retry_change: AttrValue::Static("Retry"),
    dismiss: AttrValue::Static("Dismiss"),
    change_add: AttrValue::Static("add “{title}”"),
    change_rename: AttrValue::Static("rename to “{title}”"),
    change_tick: AttrValue::Static("tick"),
    change_untick: AttrValue::Static("untick"),
    change_delete: AttrValue::Static("delete"),
    change_move: AttrValue::Static("move"),
    saving: words::SAVING,
    not_saved: words::NOT_SAVED,
    waiting_for_server: words::WAITING_FOR_SERVER,
    not_saved_yet: words::NOT_SAVED_YET,
    held_note: words::HELD_NOTE,
    retry_now: words::RETRY_NOW,
    discard: words::DISCARD,
    not_kept: words::NOT_KEPT,
    shortcuts: AttrValue::Static(
        "Keys: Alt+↑ / Alt+↓ move a row · Enter or F2 renames · Space ticks",
    ),
};

impl Default for ListStrings {
    fn default() -> Self {
        ENGLISH
    }
}

impl ListStrings {
    /// `template` with its placeholders filled.
    pub(crate) fn fill(template: &AttrValue, values: &[(&str, &str)]) -> String {
        fill(template, values)
    }

    /// What a change was, in these words ("add “milk”").
    pub(crate) fn change(&self, change: &ListChange) -> String {
        match change {
            ListChange::Add { title, .. } => fill(&self.change_add, &[("title", &quote(title))]),
            ListChange::Rename { title, .. } => {
                fill(&self.change_rename, &[("title", &quote(title))])
            }
            ListChange::Toggle { done: true, .. } => self.change_tick.to_string(),
            ListChange::Toggle { done: false, .. } => self.change_untick.to_string(),
            ListChange::Delete { .. } => self.change_delete.to_string(),
            ListChange::Move { .. } => self.change_move.to_string(),
        }
    }

    /// The message of a refused change.
    pub(crate) fn refusal(&self, change: &ListChange, reason: &str) -> String {
        fill(
            &self.refused,
            &[("change", &self.change(change)), ("reason", reason)],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editable_list::ItemId;

    #[test]
    fn the_default_words_describe_a_refused_change_as_before() {
        let s = ListStrings::default();
        let add = ListChange::Add {
            id: ItemId("a".into()),
            title: "milk".into(),
        };
        assert_eq!(s.refusal(&add, "503"), "Couldn't add “milk”: 503");
        let tick = ListChange::Toggle {
            id: ItemId("a".into()),
            done: true,
        };
        assert_eq!(s.refusal(&tick, "no"), "Couldn't tick: no");
        let german = ListStrings {
            refused: "{change} fehlgeschlagen: {reason}".into(),
            change_tick: "Abhaken".into(),
            ..ListStrings::default()
        };
        assert_eq!(
            german.refusal(&tick, "nein"),
            "Abhaken fehlgeschlagen: nein"
        );
    }

    #[test]
    fn a_refused_huge_title_is_quoted_short() {
        let add = ListChange::Add {
            id: ItemId("a".into()),
            title: "x".repeat(1 << 20),
        };
        let message = ListStrings::default().refusal(&add, "413");
        assert!(message.len() < 200, "{} bytes", message.len());
        assert!(message.ends_with("…”: 413"), "{message}");
    }
}
