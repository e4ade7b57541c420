//! The `LikeButton` component.

use super::mutation::{
    like_mutation_key, like_mutation_options, like_scope, likes_query_key, likes_query_options,
};
use super::source::{LikeSource, Likes, SetLiked};
use crate::feedback::{use_toasts, ItemState, ToastKind};
use crate::hooks::{use_is_mutating, use_optimistic_mutation, use_query};
use crate::provider::use_query_client;
use crate::source_ref::SourceRef;
use optimistic_query::{AbortReason, FetchError, MutationFilter};
use std::cell::Cell;
use stylist::yew::use_style;
use yew::prelude::*;

/// Props of [`LikeButton`].
///
/// ```
/// use std::rc::Rc;
/// use futures::future::{self, LocalBoxFuture};
/// use yew_optimistic::{FetchError, MutationContext, SourceRef};
/// use yew_optimistic::like_button::{LikeButtonProps, LikeSource, Likes, SetLiked};
///
/// struct Api;
/// impl LikeSource for Api {
///     fn fetch(&self, _post: &str) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
///         Box::pin(future::ready(Ok(Likes::default())))
///     }
///     fn set_liked(&self, c: SetLiked, _ctx: MutationContext) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
///         Box::pin(future::ready(Ok(Likes { liked: c.liked, count: u32::from(c.liked) })))
///     }
/// }
///
/// let props = yew::props!(LikeButtonProps {
///     source: SourceRef::<dyn LikeSource>::new(Rc::new(Api)),
///     post: "p1",
/// });
/// assert_eq!(props.label, "Like");
/// ```
#[derive(Properties, PartialEq, Clone)]
pub struct LikeButtonProps {
    /// Where likes are read and written (the app's API client, the gallery's simulated
    /// server).
    pub source: SourceRef<dyn LikeSource>,
    /// The post whose likes the button shows.
    pub post: AttrValue,
    /// The button's accessible name (default `"Like"`); whether it is pressed is told by
    /// `aria-pressed`, so the name stays the same in both states.
    #[prop_or(AttrValue::Static("Like"))]
    pub label: AttrValue,
}

thread_local! {
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// A page-unique id, so `aria-describedby` points at this button's own message even
/// when several buttons show the same post.
fn next_dom_id() -> String {
    NEXT_ID.with(|n| {
        n.set(n.get() + 1);
        format!("yo-like-{}", n.get())
    })
}

/// Which way the count moved last, so the new number slides in from the right side.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Still,
    Up,
    Down,
}

impl Direction {
    fn as_str(self) -> &'static str {
        match self {
            Direction::Still => "still",
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

/// The short message shown next to the button after a failed change.
fn failure_message(wanted_liked: bool) -> &'static str {
    if wanted_liked {
        "Couldn't save your like."
    } else {
        "Couldn't remove your like."
    }
}

/// A heart that toggles this user's like of a post, with the post's like count.
///
/// - **Instant**: the click toggles the heart and moves the count in the same frame, before
///   the server answers (an optimistic layer, see [`like_mutation_options`](super::like_mutation_options)).
///   Each click toggles what is *visible*, read from the cache at click time, so clicks
///   that land before a re-render still alternate.
/// - **Rapid clicks**: a burst sends at most two requests and ends in the state of the last
///   click (a throttled, latest-wins scope per post).
/// - **Failure**: only the failed change is rolled back, to the server's truth (the likes
///   are also refetched); a short message appears next to the button and, when a
///   [`ToastRegion`](crate::feedback::ToastRegion) is above, as a toast. "Retry" sends the
///   same wish again.
/// - **Loading**: a skeleton count and a disabled button until the likes arrive.
///
/// For tests and CSS: `data-testid="like-button"` (with `aria-pressed` and
/// `data-state="pending|confirmed|failed"`; `pending` also while loading, with
/// `data-loading="true"`), `"like-count"` and `"like-error"`. Colours come from the
/// theme's `--yo-*` variables (and `--yo-like`, default `#e0245e`), with fallbacks.
///
/// ```
/// use std::rc::Rc;
/// use futures::future::{self, LocalBoxFuture};
/// use yew::prelude::*;
/// use yew_optimistic::{FetchError, MutationContext, QueryClientProvider, SourceRef};
/// use yew_optimistic::feedback::ToastRegion;
/// use yew_optimistic::like_button::{LikeButton, LikeSource, Likes, SetLiked};
///
/// struct Api;
/// impl LikeSource for Api {
///     fn fetch(&self, _post: &str) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
///         Box::pin(future::ready(Ok(Likes { liked: false, count: 41 })))
///     }
///     fn set_liked(&self, c: SetLiked, _ctx: MutationContext) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
///         Box::pin(future::ready(Ok(Likes { liked: c.liked, count: 41 + u32::from(c.liked) })))
///     }
/// }
///
/// #[function_component]
/// fn Post() -> Html {
///     let source = use_memo((), |_| SourceRef::<dyn LikeSource>::new(Rc::new(Api)));
///     html! {
///         <QueryClientProvider>
///             <ToastRegion>
///                 <LikeButton source={(*source).clone()} post="hello-world" />
///             </ToastRegion>
///         </QueryClientProvider>
///     }
/// }
/// # let _ = html! { <Post /> };
/// ```
#[function_component]
pub fn LikeButton(props: &LikeButtonProps) -> Html {
    let client = use_query_client();
    let toasts = use_toasts();
    let post = props.post.clone();
    let likes = use_query(likes_query_options(&props.source, &post));
    let set_liked = use_optimistic_mutation(like_mutation_options(&props.source));
    let in_flight = use_is_mutating(
        MutationFilter::key(like_mutation_key())
            .exact()
            .scope(like_scope(&post)),
    );
    let dom_id = use_state(next_dom_id);
    let last_count = use_mut_ref(|| None::<(u32, Direction)>);

    let data: Option<Likes> = likes.data.as_deref().copied();
    let loading = data.is_none() && likes.error.is_none();
    let load_failed = data.is_none() && likes.error.is_some();

    // The handle follows this button's latest call. A call replaced by a newer one (from
    // another button of the same post) did not fail, and a call for a previous `post`
    // prop is not this post's news.
    let failed_wish: Option<bool> = match (&set_liked.error, &set_liked.variables) {
        (Some(FetchError::Aborted(AbortReason::Superseded)), _) => None,
        (Some(_), Some(v)) if v.post == *post => Some(v.liked),
        _ => None,
    };
    let pending = in_flight > 0 || likes.is_optimistic;
    let state = if loading || pending {
        ItemState::Pending
    } else if failed_wish.is_some() || load_failed {
        ItemState::Failed
    } else {
        ItemState::Confirmed
    };

    {
        // One toast per failed call: the idempotency key names the call.
        let failed_call = failed_wish
            .filter(|_| state == ItemState::Failed)
            .and(set_liked.idempotency_key.clone());
        let detail = set_liked.error.as_ref().map(|e| e.to_string());
        let wish = failed_wish.unwrap_or(true);
        use_effect_with(failed_call, move |call| {
            if let (Some(_), Some(t)) = (call, &toasts) {
                let message = match detail {
                    Some(d) => format!("{} {d}", failure_message(wish)),
                    None => failure_message(wish).to_string(),
                };
                t.push(ToastKind::Error, message);
            }
        });
    }

    let direction = {
        let mut last = last_count.borrow_mut();
        let direction = match (data.map(|d| d.count), *last) {
            (Some(now), Some((before, _))) if now > before => Direction::Up,
            (Some(now), Some((before, _))) if now < before => Direction::Down,
            (_, Some((_, kept))) => kept,
            (_, None) => Direction::Still,
        };
        if let Some(d) = data {
            *last = Some((d.count, direction));
        }
        direction
    };

    let onclick = {
        let client = client.clone();
        let set_liked = set_liked.clone();
        let post = post.clone();
        Callback::from(move |_: MouseEvent| {
            // Read the cache at click time, not this render's copy: several clicks can
            // land before Yew renders again, and each must toggle what the last one showed.
            let Ok(Some(visible)) = client.get_query_data::<Likes>(&likes_query_key(&post)) else {
                return;
            };
            set_liked.mutate(SetLiked {
                post: post.to_string(),
                liked: !visible.liked,
            });
        })
    };
    let on_retry = {
        let set_liked = set_liked.clone();
        Callback::from(move |_: MouseEvent| {
            set_liked.retry();
        })
    };
    let on_reload = likes.refetch_callback().reform(|_: MouseEvent| ());

    let class = use_style!(
        r#"
        display: inline-flex;
        align-items: center;
        flex-wrap: wrap;
        gap: 0.5rem;
        font-family: inherit;

        .yo-like {
            position: relative;
            display: inline-flex;
            align-items: center;
            gap: 0.4rem;
            min-height: 2.25rem;
            padding: 0.3rem 0.8rem 0.3rem 0.6rem;
            border-radius: 999px;
            border: 1px solid var(--yo-border, #d8dde5);
            background: var(--yo-surface, #ffffff);
            color: var(--yo-muted, #5b6575);
            box-shadow: var(--yo-shadow, 0 1px 2px rgba(16,24,40,.08));
            font: inherit;
            font-weight: 600;
            font-variant-numeric: tabular-nums;
            cursor: pointer;
            transition: background-color 120ms ease, border-color 120ms ease, color 120ms ease, transform 80ms ease;
        }
        .yo-like:hover:not(:disabled) {
            border-color: var(--yo-like, #e0245e);
            color: var(--yo-like, #e0245e);
        }
        .yo-like:active:not(:disabled) { transform: scale(0.96); }
        .yo-like:focus-visible {
            outline: 3px solid var(--yo-focus, #ffb020);
            outline-offset: 2px;
        }
        .yo-like:disabled { cursor: progress; opacity: 0.75; }
        .yo-like[aria-pressed="true"] {
            color: var(--yo-like, #e0245e);
            border-color: var(--yo-like, #e0245e);
            background: var(--yo-like-bg, rgba(224, 36, 94, 0.08));
        }
        .yo-like[data-state="failed"] { border-color: var(--yo-error-text, #9b1c1c); }

        .yo-like-icon {
            position: relative;
            display: inline-flex;
            width: 1.15rem;
            height: 1.15rem;
        }
        .yo-like-icon svg { width: 100%; height: 100%; overflow: visible; }
        .yo-like-icon path {
            fill: transparent;
            stroke: currentColor;
            stroke-width: 2;
            transition: fill 120ms ease;
        }
        .yo-like[aria-pressed="true"] .yo-like-icon path { fill: currentColor; }
        .yo-like[aria-pressed="true"] .yo-like-icon svg { animation: yo-like-pop 260ms ease-out; }

        .yo-like-spinner {
            position: absolute;
            inset: -0.3rem;
            border-radius: 50%;
            border: 2px solid transparent;
            border-top-color: currentColor;
            opacity: 0;
            animation: yo-like-spin 700ms linear infinite, yo-like-appear 1ms linear 150ms forwards;
        }

        .yo-like-count {
            display: inline-block;
            min-width: 1.5ch;
            overflow: hidden;
            text-align: left;
        }
        .yo-like-count > span { display: inline-block; }
        .yo-like-count > span[data-dir="up"] { animation: yo-like-up 180ms ease-out; }
        .yo-like-count > span[data-dir="down"] { animation: yo-like-down 180ms ease-out; }
        .yo-like-skeleton {
            display: inline-block;
            width: 2ch;
            height: 0.9em;
            border-radius: 4px;
            vertical-align: middle;
            background: linear-gradient(90deg, var(--yo-surface-2, #f1f3f6) 25%, var(--yo-border, #d8dde5) 50%, var(--yo-surface-2, #f1f3f6) 75%);
            background-size: 200% 100%;
            animation: yo-like-shimmer 1.2s ease-in-out infinite;
        }

        .yo-like-error {
            display: inline-flex;
            align-items: center;
            gap: 0.4rem;
            padding: 0.15rem 0.5rem;
            border-radius: 6px;
            font-size: 0.8rem;
            color: var(--yo-error-text, #9b1c1c);
            background: var(--yo-error-bg, #fde8e8);
        }
        .yo-like-error button {
            border: none;
            background: none;
            padding: 0;
            color: inherit;
            font: inherit;
            font-weight: 600;
            text-decoration: underline;
            cursor: pointer;
        }
        .yo-like-error button:focus-visible {
            outline: 2px solid var(--yo-focus, #ffb020);
            outline-offset: 2px;
        }

        .yo-sr-only {
            position: absolute;
            width: 1px;
            height: 1px;
            padding: 0;
            margin: -1px;
            overflow: hidden;
            clip: rect(0, 0, 0, 0);
            white-space: nowrap;
            border: 0;
        }

        @keyframes yo-like-pop {
            0% { transform: scale(1); }
            45% { transform: scale(1.3); }
            100% { transform: scale(1); }
        }
        @keyframes yo-like-spin { to { transform: rotate(360deg); } }
        @keyframes yo-like-appear { to { opacity: 0.6; } }
        @keyframes yo-like-up {
            from { transform: translateY(70%); opacity: 0; }
            to { transform: translateY(0); opacity: 1; }
        }
        @keyframes yo-like-down {
            from { transform: translateY(-70%); opacity: 0; }
            to { transform: translateY(0); opacity: 1; }
        }
        @keyframes yo-like-shimmer {
            from { background-position: 100% 0; }
            to { background-position: -100% 0; }
        }
        @media (prefers-reduced-motion: reduce) {
            .yo-like, .yo-like-icon svg, .yo-like-count > span, .yo-like-skeleton { animation: none; transition: none; }
            .yo-like-spinner { animation: yo-like-appear 1ms linear 150ms forwards; }
        }
        "#
    );

    let liked = data.is_some_and(|d| d.liked);
    let error_id = format!("{}-error", *dom_id);
    let failed = state == ItemState::Failed;
    let count = match data {
        // Keyed by the number: a new count is a new element, so its slide-in plays.
        Some(d) => html! {
            <span key={d.count.to_string()} data-dir={direction.as_str()}>{ d.count }</span>
        },
        None => html! { <span class="yo-like-skeleton" aria-hidden="true"></span> },
    };
    let message = match (failed_wish, load_failed) {
        (Some(wish), _) => Some((failure_message(wish), "Retry", on_retry)),
        (None, true) => Some(("Couldn't load likes.", "Reload", on_reload)),
        (None, false) => None,
    };
    let detail = set_liked
        .error
        .as_ref()
        .or(likes.error.as_ref())
        .map(|e| AttrValue::from(e.to_string()));

    html! {
        <span class={class} data-testid="like" data-post={post.clone()}>
            <button
                type="button"
                class="yo-like"
                data-testid="like-button"
                aria-pressed={liked.to_string()}
                aria-busy={pending.to_string()}
                aria-describedby={failed.then(|| AttrValue::from(error_id.clone()))}
                data-state={state.as_str()}
                data-loading={loading.then_some("true")}
                disabled={data.is_none()}
                {onclick}
            >
                <span class="yo-like-icon" aria-hidden="true">
                    <svg viewBox="0 0 24 24" focusable="false">
                        <path d="M12 20.6l-1.3-1.2C5.8 15 2.75 12.2 2.75 8.7 2.75 5.9 4.95 3.7 7.75 3.7c1.6 0 3.1.75 4.25 1.95C13.15 4.45 14.65 3.7 16.25 3.7c2.8 0 5 2.2 5 5 0 3.5-3.05 6.3-7.95 10.7L12 20.6z" />
                    </svg>
                    if pending { <span class="yo-like-spinner"></span> }
                </span>
                <span class="yo-sr-only">{ props.label.clone() }</span>
                <span class="yo-like-count" data-testid="like-count">{ count }</span>
            </button>
            // Announced, not shown: the spinner says the same to sighted users.
            <span class="yo-sr-only" role="status">{ if pending && !loading { "Saving…" } else { "" } }</span>
            if let Some((text, action, on_action)) = message {
                <span class="yo-like-error" id={error_id} data-testid="like-error" role="alert" title={detail}>
                    <span>{ text }</span>
                    <button type="button" data-testid="like-retry" onclick={on_action}>{ action }</button>
                </span>
            }
        </span>
    }
}
