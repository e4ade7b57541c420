//! A component's or hook's page: its title, story tabs, and the selected story in its
//! frame.

use yew::prelude::*;

use crate::frame::StoryFrame;
use crate::route::Route;
use crate::stories::{PageDef, PageKind};

/// Props of [`StoryPage`].
#[derive(Properties, PartialEq)]
pub struct StoryPageProps {
    /// The page.
    pub page: &'static PageDef,
    /// The story slug from the URL (`None`: the first story).
    pub story: Option<AttrValue>,
}

/// Tabs of stories and the selected one.
#[component]
pub fn StoryPage(props: &StoryPageProps) -> Html {
    let page = props.page;
    let selected = props
        .story
        .as_ref()
        .and_then(|slug| page.stories.iter().find(|s| s.slug == slug.as_str()))
        .or_else(|| page.stories.first());
    let kind = match page.kind {
        PageKind::Component => "Component",
        PageKind::Hook => "Hook",
    };
    let tabs = page.stories.iter().map(|s| {
        let current = selected.is_some_and(|sel| sel.slug == s.slug);
        html! {
            <a role="tab" href={Route::story_href(page.slug, s.slug)} aria-selected={current.to_string()}
                data-story-tab={s.slug}>{ s.title }</a>
        }
    });
    html! {
        <article class="story-page" data-page={page.slug}>
            <header class="page-head">
                <p class="eyebrow">{ kind }</p>
                <h2>{ page.title }</h2>
                <p class="lead">{ page.blurb }</p>
            </header>
            <nav class="story-tabs" role="tablist" aria-label="Stories">{ for tabs }</nav>
                if let Some(story) = selected {
                    <p class="story-summary" data-testid="story-summary"><strong>{ format!("{}: ", story.title) }</strong>{ story.summary }</p>
                    <details class="story-steps" open=true>
                        <summary>{ "Try it" }</summary>
                        <ol>{ for story.steps.iter().map(|s| html! { <li>{ *s }</li> }) }</ol>
                    </details>
                    <StoryFrame key={format!("{}/{}", page.slug, story.slug)} story={*story} wide={page.wide} />
                }
        </article>
    }
}
