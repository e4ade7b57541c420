//! The pages listed in the sidebar.

mod introduction;

use yew::prelude::*;

/// A page of the gallery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// What the library is and how to read the gallery.
    Introduction,
}

impl Page {
    /// Every page, in sidebar order.
    pub const ALL: &'static [Page] = &[Page::Introduction];

    /// The title shown in the sidebar.
    pub fn title(self) -> &'static str {
        match self {
            Page::Introduction => "Introduction",
        }
    }

    /// A stable identifier, used as list key and `data-page` attribute.
    pub fn slug(self) -> &'static str {
        match self {
            Page::Introduction => "introduction",
        }
    }

    /// The page's content.
    pub fn render(self) -> Html {
        match self {
            Page::Introduction => html! { <introduction::Introduction /> },
        }
    }
}
