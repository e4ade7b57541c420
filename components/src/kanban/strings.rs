//! Every word a [`KanbanBoard`](super::KanbanBoard) shows or announces, so an app can
//! translate it without forking the component.

use crate::feedback::template::fill;
use crate::feedback::words;
use yew::AttrValue;

/// The words of a [`KanbanBoard`](super::KanbanBoard), its columns and cards, English by
/// default. A field may hold `{name}` placeholders, listed in its doc; the board fills
/// them in.
///
/// ```
/// use yew_optimistic::kanban::BoardStrings;
/// let spanish = BoardStrings {
///     add_button: "Añadir".into(),
///     all_saved: "Todo guardado".into(),
///     ..BoardStrings::default()
/// };
/// assert_eq!(spanish.try_again, "Try again");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BoardStrings {
    /// While the columns load.
    pub loading_board: AttrValue,
    /// The columns could not be loaded; `{error}`.
    pub board_error: AttrValue,
    /// Button that loads again.
    pub try_again: AttrValue,
    /// While a column's cards load.
    pub loading_cards: AttrValue,
    /// A column's cards could not be loaded; `{error}`.
    pub cards_error: AttrValue,
    /// A column's cards could not be refreshed (the old ones stay); `{error}`.
    pub refresh_error: AttrValue,
    /// A column refreshes.
    pub refreshing: AttrValue,
    /// A column has no cards.
    pub empty_column: AttrValue,
    /// Accessible name of a column's count; `{count}`.
    pub card_count: AttrValue,
    /// Placeholder of the add field.
    pub add_placeholder: AttrValue,
    /// Accessible name of the add field; `{column}`.
    pub add_label: AttrValue,
    /// The add button.
    pub add_button: AttrValue,
    /// How to move cards with the keyboard, read to screen readers on every card.
    pub keyboard_help: AttrValue,
    /// The shortcuts, shown above the columns.
    pub shortcuts: AttrValue,
    /// What a card is, to screen readers.
    pub card_role: AttrValue,
    /// ✎ button; `{title}`.
    pub rename: AttrValue,
    /// ← button; `{title}`.
    pub move_left: AttrValue,
    /// → button; `{title}`.
    pub move_right: AttrValue,
    /// Accessible name of the rename field; `{title}`.
    pub rename_label: AttrValue,
    /// Save a rename.
    pub save: AttrValue,
    /// Cancel a rename.
    pub cancel: AttrValue,
    /// Retry a refused change.
    pub retry: AttrValue,
    /// Dismiss a refused change.
    pub dismiss: AttrValue,
    /// A refused change with no reason given.
    pub not_saved_fallback: AttrValue,
    /// Mark of a card whose change is on its way.
    pub saving: AttrValue,
    /// Mark of a card whose last change was refused.
    pub not_saved: AttrValue,
    /// Mark of a card whose change got no answer and is sent again.
    pub waiting_for_server: AttrValue,
    /// Mark of a card whose change is held after every resend allowed.
    pub not_saved_yet: AttrValue,
    /// The note of a held card (with Retry now / Discard).
    pub held_note: AttrValue,
    /// Sends a held change again now.
    pub retry_now: AttrValue,
    /// Gives up a held change.
    pub discard: AttrValue,
    /// A card whose change storage refused to keep (a reload would lose it).
    pub not_kept: AttrValue,
    /// Announced on pick-up; `{title}`.
    pub picked_up: AttrValue,
    /// Where a moving card would land; `{column}`, `{position}`, `{total}`.
    pub position: AttrValue,
    /// Announced on each keyboard step; `{title}`, `{position}` (the words above).
    pub moving_to: AttrValue,
    /// Announced on a drop; `{title}`, `{position}`.
    pub moved: AttrValue,
    /// Announced when a drop leaves the card where it was; `{title}`.
    pub stays: AttrValue,
    /// Announced on Escape; `{title}`, `{column}`.
    pub cancelled: AttrValue,
    /// Announced on an add; `{title}`, `{column}`.
    pub added: AttrValue,
    /// A refused move, in the toast; `{title}`, `{to}`, `{from}`, `{reason}`.
    pub move_refused_long: AttrValue,
    /// A refused move, on the card; `{to}`, `{reason}`.
    pub move_refused: AttrValue,
    /// A refused rename; `{title}` (the new one), `{reason}`.
    pub rename_refused: AttrValue,
    /// A refused add; `{title}`, `{column}`, `{reason}`.
    pub add_refused: AttrValue,
    /// The badge while one change is on its way.
    pub saving_one: AttrValue,
    /// The badge while several are; `{count}`.
    pub saving_many: AttrValue,
    /// The badge when one change was refused.
    pub refused_one: AttrValue,
    /// The badge when several were; `{count}`.
    pub refused_many: AttrValue,
    /// The badge once every change is saved.
    pub all_saved: AttrValue,
}

/// The English words, the default. A constant, not code that builds them: each
/// field is a static string, so the default is a copy of data.
const ENGLISH: BoardStrings = BoardStrings {
    loading_board: AttrValue::Static("Loading board…"),
    board_error: AttrValue::Static("Could not load the board: {error}"),
    try_again: AttrValue::Static("Try again"),
    loading_cards: AttrValue::Static("Loading cards…"),
    cards_error: AttrValue::Static("Could not load the cards: {error}"),
    refresh_error: AttrValue::Static("Could not refresh: {error}"),
    refreshing: AttrValue::Static("Refreshing…"),
    empty_column: AttrValue::Static("No cards yet. Drop one here or add one below."),
    card_count: AttrValue::Static("{count} cards"),
    add_placeholder: AttrValue::Static("Add a card…"),
    add_label: AttrValue::Static("New card in “{column}”"),
    add_button: AttrValue::Static("Add"),
    keyboard_help: AttrValue::Static(
        "Press Space or Enter to pick a card up, the arrow keys to move it, \
                        Space to drop it and Escape to cancel. F2 renames it.",
    ),
    shortcuts: AttrValue::Static(
        "Keys on a card: Space picks up and drops · arrows move · Esc cancels · F2 renames",
    ),
    card_role: AttrValue::Static("draggable card"),
    rename: AttrValue::Static("Rename “{title}”"),
    move_left: AttrValue::Static("Move “{title}” to the previous column"),
    move_right: AttrValue::Static("Move “{title}” to the next column"),
    rename_label: AttrValue::Static("New title for “{title}”"),
    save: AttrValue::Static("Save"),
    cancel: AttrValue::Static("Cancel"),
    retry: AttrValue::Static("Retry"),
    dismiss: AttrValue::Static("Dismiss"),
    not_saved_fallback: AttrValue::Static("The change was not saved."),
    saving: words::SAVING,
    not_saved: words::NOT_SAVED,
    waiting_for_server: words::WAITING_FOR_SERVER,
    not_saved_yet: words::NOT_SAVED_YET,
    held_note: words::HELD_NOTE,
    retry_now: words::RETRY_NOW,
    discard: words::DISCARD,
    not_kept: words::NOT_KEPT,
    picked_up: AttrValue::Static(
        "Picked up card “{title}”. Use arrow keys to move, Space to drop, Escape to cancel.",
    ),
    position: AttrValue::Static("“{column}”, position {position} of {total}"),
    moving_to: AttrValue::Static("“{title}”: {position}."),
    moved: AttrValue::Static("Moved “{title}” to {position}."),
    stays: AttrValue::Static("“{title}” stays where it was."),
    cancelled: AttrValue::Static("Move cancelled. “{title}” is back in “{column}”."),
    added: AttrValue::Static("Added “{title}” to “{column}”."),
    move_refused_long: AttrValue::Static(
        "Could not move “{title}” to “{to}”: {reason}. It is back in “{from}”.",
    ),
    move_refused: AttrValue::Static("Could not move to “{to}”: {reason}"),
    rename_refused: AttrValue::Static("Could not rename to “{title}”: {reason}"),
    add_refused: AttrValue::Static("Could not add “{title}” to “{column}”: {reason}"),
    saving_one: AttrValue::Static("Saving 1 change…"),
    saving_many: AttrValue::Static("Saving {count} changes…"),
    refused_one: AttrValue::Static("1 change not saved"),
    refused_many: AttrValue::Static("{count} changes not saved"),
    all_saved: AttrValue::Static("All changes saved"),
};

impl Default for BoardStrings {
    fn default() -> Self {
        ENGLISH
    }
}

impl BoardStrings {
    /// `template` with its placeholders filled.
    pub(crate) fn fill(template: &AttrValue, values: &[(&str, &str)]) -> String {
        fill(template, values)
    }
}
