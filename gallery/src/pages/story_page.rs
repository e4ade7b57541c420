//! A component's or hook's page: its title, story tabs, and the selected story in its
//! frame, with the page's args (kept in the URL).

use yew::prelude::*;

use crate::args::Args;
use crate::frame::StoryFrame;
use crate::route::{ArgValues, Route};
use crate::stories::{PageDef, PageKind, Story};

/// Props of [`StoryPage`].
#[derive(Properties, PartialEq)]
pub struct StoryPageProps {
    /// The page.
    pub page: &'static PageDef,
    /// The story slug from the URL (`None`: the first story).
    pub story: Option<AttrValue>,
    /// The args the URL sets.
    pub args: ArgValues,
}

/// Puts `route` in the address bar without a history entry per keystroke (and without a
/// `hashchange`: the page already shows it).
fn replace_url(route: &Route) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ =
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&route.href()));
    }
}

/// What `story` shows and what to try there, from its page's prose.
fn story_prose(page: &PageDef, story: &Story) -> Html {
    // Every story has its section (the gallery's tests check); none shows no words.
    let prose = page.prose.story(story.slug).unwrap_or_default();
    html! {
        <>
            <p class="story-summary" data-testid="story-summary"><strong>{ format!("{}: ", story.title) }</strong>{ prose.summary }</p>
            <details class="story-steps" open=true>
                <summary>{ "Try it" }</summary>
                <ol>{ for prose.steps.into_iter().map(|s| html! { <li>{ s }</li> }) }</ol>
            </details>
        </>
    }
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
    // The args as the panel last set them; a link followed (a new hash) sets them anew.
    let values = use_state(|| props.args.clone());
    {
        let values = values.clone();
        use_effect_with(props.args.clone(), move |args| values.set(args.clone()));
    }
    let args = Args::new(page.args, &values);
    let on_args = {
        let (values, story) = (values.clone(), selected.map(|s| s.slug));
        Callback::from(move |next: ArgValues| {
            replace_url(&Route::Story {
                page: page.slug.into(),
                story: story.map(str::to_owned),
                args: next.clone(),
            });
            values.set(next);
        })
    };
    let kind = match page.kind {
        PageKind::Component => "Component",
        PageKind::Hook => "Hook",
    };
    let tabs = page.stories.iter().map(|s| {
        let current = selected.is_some_and(|sel| sel.slug == s.slug);
        html! {
            // Switching stories keeps the args, as Storybook does.
            <a role="tab" href={Route::story_href(page.slug, s.slug, &values)} aria-selected={current.to_string()}
                data-story-tab={s.slug}>{ s.title }</a>
        }
    });
    html! {
        <article class="story-page" data-page={page.slug}>
            <header class="page-head">
                <p class="eyebrow">{ kind }</p>
                <h2>{ page.title }</h2>
                <p class="lead">{ page.prose.blurb() }</p>
            </header>
            <nav class="story-tabs" role="tablist" aria-label="Stories">{ for tabs }</nav>
            if let Some(story) = selected {
                { story_prose(page, story) }
                <StoryFrame key={format!("{}/{}", page.slug, story.slug)} {page} story={*story} {args} {on_args} />
            }
        </article>
    }
}
