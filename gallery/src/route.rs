//! Deep links: the URL hash names the page and the story (`#/editable-list/rollback`), so
//! a story can be opened directly and back/forward move between stories.

/// Where the gallery is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The introduction (also for an empty or unknown hash).
    Introduction,
    /// A component's or hook's page, at one of its stories (`None`: the first).
    Story {
        /// The page's slug, e.g. `editable-list`.
        page: String,
        /// The story's slug, e.g. `rollback`.
        story: Option<String>,
    },
}

impl Route {
    /// Reads a `location.hash` such as `#/editable-list/rollback`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.split('/').filter(|p| !p.is_empty());
        match (parts.next(), parts.next()) {
            (None, _) | (Some("introduction"), _) => Route::Introduction,
            (Some(page), story) => Route::Story {
                page: page.to_owned(),
                story: story.map(str::to_owned),
            },
        }
    }

    /// The hash for this route, e.g. `#/editable-list/rollback`.
    pub fn href(&self) -> String {
        match self {
            Route::Introduction => "#/introduction".into(),
            Route::Story { page, story: None } => format!("#/{page}"),
            Route::Story {
                page,
                story: Some(story),
            } => format!("#/{page}/{story}"),
        }
    }

    /// The hash of `page`'s story `story`.
    pub fn story_href(page: &str, story: &str) -> String {
        Route::Story {
            page: page.into(),
            story: Some(story.into()),
        }
        .href()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_deep_links() {
        assert_eq!(Route::parse(""), Route::Introduction);
        assert_eq!(Route::parse("#/introduction"), Route::Introduction);
        assert_eq!(
            Route::parse("#/editable-list/rollback"),
            Route::Story {
                page: "editable-list".into(),
                story: Some("rollback".into())
            }
        );
        assert_eq!(
            Route::parse("#/like-button"),
            Route::Story {
                page: "like-button".into(),
                story: None
            }
        );
    }

    #[test]
    fn href_round_trips() {
        for hash in ["#/introduction", "#/kanban-board/offline", "#/use-query"] {
            assert_eq!(Route::parse(hash).href(), hash);
        }
    }
}
