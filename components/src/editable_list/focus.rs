//! Element ids of the list's controls, and the focus bookkeeping that keeps keyboard
//! users where they were when a row is re-created or moved (a rollback, a reorder).

use super::source::ItemId;
use super::state::{Control, FocusTarget};
use crate::feedback::dom_id::{decode, encode, focus_by_id};

/// The ids of one mounted list's controls: `{prefix}-{control}` for the add field,
/// `{prefix}-{control}-{item}` inside a row (the item id encoded to be id-safe).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ListIds {
    prefix: String,
}

impl ListIds {
    pub(crate) fn new(prefix: String) -> Self {
        ListIds { prefix }
    }

    /// The element id of a control.
    pub(crate) fn of(&self, row: Option<&ItemId>, control: Control) -> String {
        match row {
            Some(id) => format!("{}-{}-{}", self.prefix, control.as_str(), encode(&id.0)),
            None => format!("{}-{}", self.prefix, control.as_str()),
        }
    }

    /// Which control an element id names, if it is one of this list's.
    pub(crate) fn parse(&self, element_id: &str) -> Option<FocusTarget> {
        let rest = element_id.strip_prefix(&self.prefix)?.strip_prefix('-')?;
        let (control, row) = match rest.split_once('-') {
            Some((control, row)) => (control, Some(ItemId(decode(row)?))),
            None => (rest, None),
        };
        Some(FocusTarget {
            row,
            control: Control::parse(control)?,
        })
    }

    /// The control of this list that has the focus now, if any.
    pub(crate) fn focused(&self) -> Option<FocusTarget> {
        let active = gloo_utils::document().active_element()?;
        self.parse(&active.id())
    }

    /// Focuses a control; `false` when it is not on the page.
    pub(crate) fn focus(&self, target: &FocusTarget) -> bool {
        focus_by_id(&self.of(target.row.as_ref(), target.control))
    }
}

/// Whether nothing has focus: what the browser does when the focused element is removed
/// or moved in the DOM.
pub(crate) fn focus_is_lost() -> bool {
    let document = gloo_utils::document();
    match document.active_element() {
        None => true,
        Some(active) => document.body().is_some_and(|body| {
            let body: &web_sys::Element = body.as_ref();
            *body == active
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_name_their_control_and_row_and_parse_back() {
        let ids = ListIds::new("yo-list-3".into());
        let row = ItemId("i18f-0a 3".into());
        let id = ids.of(Some(&row), Control::Retry);
        assert!(!id.contains(' '));
        assert_eq!(
            ids.parse(&id),
            Some(FocusTarget::in_row(row, Control::Retry))
        );
        assert_eq!(
            ids.parse(&ids.of(None, Control::AddInput)),
            Some(FocusTarget::add_input())
        );
        assert_eq!(ids.parse("yo-list-33-title-a"), None, "another list's");
        assert_eq!(ids.parse("yo-list-3-bogus-a"), None);
    }
}
