//! The `LikeButton` component.

use super::mutation::{
    like_mutation_key, like_mutation_options_with_window, like_scope, likes_query_key,
    likes_query_options,
};
use super::source::{LikeSource, Likes, SetLiked};
use super::state::{view, ButtonView, CountMotion, Facts, Notice, Slide};
use super::strings::LikeStrings;
use super::style;
use crate::feedback::dom_id::instance_prefix;
use crate::feedback::{
    resend_through, use_held_changes, use_refused_changes, with_retry, HeldChanges, ItemState,
    RefusedChange, RefusedChanges, RefusedChangesOptions,
};
use crate::hooks::{
    use_is_mutating, use_mutation_state, use_optimistic_mutation, use_query, UseMutationHandle,
    UseQueryHandle,
};
use crate::provider::use_query_client;
use crate::source_ref::SourceRef;
use optimistic_query::runtime::Millis;
use optimistic_query::RetryPolicy;
use optimistic_query::{MutationFilter, MutationId, MutationStatus, QueryClient};
use std::rc::Rc;
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
///     fn fetch(&self, _post: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
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
    /// Every other word it shows or announces, for translation (English by default).
    #[prop_or_default]
    pub strings: Rc<LikeStrings>,
    /// At most one request per post every this many ms (default
    /// [`LIKE_SEND_WINDOW_MS`](super::LIKE_SEND_WINDOW_MS)); every click still paints at
    /// once. A definition registered for offline replay should use the same window
    /// ([`like_mutation_options_with_window`](super::like_mutation_options_with_window)).
    #[prop_or(super::LIKE_SEND_WINDOW_MS)]
    pub send_window_ms: Millis,
    /// How a change the server may not have received is retried (default: three times,
    /// with back-off, for network failures, timeouts, 5xx and 429; safe because every
    /// change carries its idempotency key). `None` follows the client's
    /// `mutation_retry`.
    #[prop_or(Some(RetryPolicy::default()))]
    pub retry: Option<RetryPolicy>,
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
/// - **Unknown outcome**: a change that got no answer (a dropped connection, a 503) is
///   kept and sent again: "Waiting for the server…"; after every resend allowed it is
///   held, "Not saved yet", with Retry now and Discard. Nothing is rolled back until the
///   server refuses or the user discards.
/// - **Storage**: a change the persisted queue failed to hold says "Not kept on this
///   device" (a reload now would lose it). Persistence is the app's opt-in: likes made
///   offline survive a reload only when the app registers
///   [`like_mutation_options`](super::like_mutation_options) under
///   [`like_mutation_key`](super::like_mutation_key) on its client; without that line the
///   queue lives in memory only and no persistence code is in the bundle.
/// - **Loading**: a skeleton count and a disabled button until the likes arrive.
///
/// For tests and CSS: `data-testid="like-button"` (with `aria-pressed` and
/// `data-state="pending|waiting|held|confirmed|failed"`; `pending` also while loading,
/// with `data-loading="true"`; `data-kept="false"` when storage refused to keep a change
/// on this device), `"like-count"`, `"like-error"`, `"like-note"` (waiting, held, not
/// kept), `"like-retry-now"` and `"like-discard"`. Colours come from the
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
///     fn fetch(&self, _post: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
///         Box::pin(future::ready(Ok(Likes { liked: false, count: 41 })))
///     }
///     fn set_liked(&self, c: SetLiked, _ctx: MutationContext) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
///         Box::pin(future::ready(Ok(Likes { liked: c.liked, count: 41 + u32::from(c.liked) })))
///     }
/// }
///
/// #[component]
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
#[component]
pub fn LikeButton(props: &LikeButtonProps) -> Html {
    let client = use_query_client();
    let post = props.post.clone();
    let likes = use_query(likes_query_options(&props.source, &post));
    let of_post = MutationFilter::key(like_mutation_key())
        .exact()
        .scope(like_scope(&post));
    let (set_liked, refused) = use_like_changes(props, of_post.clone());
    let (in_flight, call_state, not_kept) = use_calls_state(of_post.clone());
    let held = use_held_changes::<SetLiked>(of_post);
    let words = props.strings.clone();
    let dom_id = use_memo((), |_| instance_prefix("like"));
    let class = use_style(style::button());

    let data: Option<Likes> = likes.data.as_deref().copied();
    // The latest refused call of this post, whoever made it (another button of the same
    // post, or the offline queue restored after a reload).
    let last_refused = refused.changes().last().cloned();
    let view = view(Facts {
        data,
        load_failed: likes.error.is_some(),
        in_flight,
        optimistic: likes.is_optimistic,
        refused_wish: last_refused.as_ref().map(|r| r.variables.liked),
        calls: call_state,
    });
    let slide = use_slide(data.map(|d| d.count));

    let onclick = toggle(client, refused.clone(), set_liked, post.clone());
    let (on_notice, detail) = notice_action(&refused, last_refused, view.notice, &likes);
    let (error_id, note_id) = (format!("{dom_id}-error"), format!("{dom_id}-note"));
    let note = note_words(&words, view.state);
    let described = match (view.state, note.is_some() || not_kept) {
        (ItemState::Failed, _) => Some(AttrValue::from(error_id.clone())),
        (_, true) => Some(AttrValue::from(note_id.clone())),
        _ => None,
    };
    // One event, one announcement: the toast, or (without a toast region, or for a
    // failed load, which makes no toast) the message itself.
    let alert = view.notice == Some(Notice::LoadFailed) || !refused.announced_by_toasts();
    html! {
        <span class={class} data-testid="like" data-post={post.clone()}>
            { button(&view, Shown { data, slide, described, not_kept, label: props.label.clone() }, onclick) }
            // Announced, not shown: the spinner says the same to sighted users.
            <span class="yo-sr-only" role="status">
                if view.state == ItemState::Pending && !view.loading { { words.saving.clone() } }
            </span>
            { like_note(&words, note_id, note.map(|n| (view.state, n)), not_kept) }
            if view.state == ItemState::Held {
                { held_actions(&words, &held) }
            }
            if let Some(notice) = view.notice {
                { notice_text(&words, notice, on_notice, Notified { id: error_id, alert, detail }) }
            }
        </span>
    }
}

/// The button's mutation (retried by its `retry` prop) and the post's refused calls of
/// it, told once in the toast region and resent under their idempotency keys.
#[hook]
fn use_like_changes(
    props: &LikeButtonProps,
    of_post: MutationFilter,
) -> (UseMutationHandle<SetLiked, Likes>, RefusedChanges<SetLiked>) {
    let set_liked = use_optimistic_mutation(with_retry(
        like_mutation_options_with_window(&props.source, props.send_window_ms),
        props.retry,
    ));
    let words = props.strings.clone();
    let refused = use_refused_changes(
        RefusedChangesOptions::resending_with(of_post, resend_through(&set_liked))
            .toast(move |r| words.toast(r.variables.liked, &r.message)),
    );
    (set_liked, refused)
}

/// Whether a call of this post is on its way, the state of its unsettled calls (waiting
/// for the server, held) and whether storage refused to keep one of them on this device.
#[hook]
fn use_calls_state(of_post: MutationFilter) -> (bool, Option<ItemState>, bool) {
    let in_flight = use_is_mutating(of_post.clone()) > 0;
    let calls = use_mutation_state(of_post.status(MutationStatus::Pending), |m| {
        (m.status, m.error.as_ref().map(|e| e.kind), m.kept_on_device)
    });
    let state = ItemState::of_calls(calls.iter().map(|(s, e, _)| (*s, *e)));
    let not_kept = calls.iter().any(|(_, _, kept)| *kept == Some(false));
    (in_flight, state, not_kept)
}

/// Which way the count slides to show `count` (up, down, or as it last did).
#[hook]
fn use_slide(count: Option<u32>) -> Slide {
    // The count's last direction, noted by the render itself (state would render again).
    let motion = use_mut_ref(CountMotion::default);
    let slide = motion.borrow_mut().next(count);
    slide
}

/// The click: the opposite of what the cache shows now, as a new wish.
fn toggle(
    client: QueryClient,
    refused: RefusedChanges<SetLiked>,
    set_liked: UseMutationHandle<SetLiked, Likes>,
    post: AttrValue,
) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        // Read the cache at click time, not this render's copy: several clicks can land
        // before Yew renders again, and each must toggle what the last one showed.
        let Ok(Some(visible)) = client.get_query_data::<Likes>(&likes_query_key(&post)) else {
            return;
        };
        // A new wish makes the refused ones moot.
        refused.dismiss(refused.changes().iter().map(|r| r.id));
        set_liked.mutate(SetLiked {
            post: post.to_string(),
            liked: !visible.liked,
        });
    })
}

/// What the notice's button does and the detail it shows: under a refusal's notice, the
/// latest refused call is sent again and the server's words shown; otherwise the likes
/// are fetched again and the load's error shown.
fn notice_action(
    refused: &RefusedChanges<SetLiked>,
    last_refused: Option<RefusedChange<SetLiked>>,
    notice: Option<Notice>,
    likes: &UseQueryHandle<Rc<Likes>>,
) -> (Callback<MouseEvent>, Option<String>) {
    match last_refused.filter(|_| matches!(notice, Some(Notice::Refused { .. }))) {
        Some(last) => (retry_refused(refused, last.id), Some(last.message)),
        None => (
            likes.refetch_callback().reform(|_: MouseEvent| ()),
            likes.error.as_ref().map(|e| e.to_string()),
        ),
    }
}

/// Sends the refused call `last` again; the other refused calls of the post are moot.
fn retry_refused(refused: &RefusedChanges<SetLiked>, last: MutationId) -> Callback<MouseEvent> {
    let others: Vec<_> = refused.changes().iter().map(|r| r.id).collect();
    let refused = refused.clone();
    Callback::from(move |_: MouseEvent| {
        refused.retry(last, others.clone());
    })
}

/// Waiting, held, not kept: shown, and announced politely as they appear. `note` is the
/// words for the calls' `state`.
fn like_note(
    words: &LikeStrings,
    id: String,
    note: Option<(ItemState, AttrValue)>,
    not_kept: bool,
) -> Html {
    html! {
        <span class="yo-like-note" {id} role="status" data-testid="like-note">
            if let Some((state, note)) = note {
                <span data-testid={format!("like-{}", state.as_str())}>{ note }</span>
            }
            if not_kept {
                { " " }<span data-testid="like-not-kept">{ words.not_kept.clone() }</span>
            }
        </span>
    }
}

/// The user's two choices for the post's held changes: send now, or give them up.
fn held_actions(words: &LikeStrings, held: &HeldChanges<SetLiked>) -> Html {
    let ids: Rc<[MutationId]> = held.changes().iter().map(|c| c.id).collect();
    let each = |act: fn(&HeldChanges<SetLiked>, MutationId) -> bool| {
        let (held, ids) = (held.clone(), ids.clone());
        Callback::from(move |_: MouseEvent| {
            for id in ids.iter() {
                act(&held, *id);
            }
        })
    };
    html! {
        <>
            <button type="button" class="yo-like-action" data-testid="like-retry-now"
                onclick={each(HeldChanges::retry_now)}>{ words.retry_now.clone() }</button>
            <button type="button" class="yo-like-action" data-testid="like-discard"
                onclick={each(HeldChanges::discard)}>{ words.discard.clone() }</button>
        </>
    }
}

/// What the button shows besides the view: the likes, how the count moves, what describes
/// it, whether a change was not kept on this device, and its accessible name.
struct Shown {
    data: Option<Likes>,
    slide: Slide,
    described: Option<AttrValue>,
    not_kept: bool,
    label: AttrValue,
}

/// The button itself: the heart and the count.
fn button(view: &ButtonView, shown: Shown, onclick: Callback<MouseEvent>) -> Html {
    let Shown {
        data,
        slide,
        described,
        not_kept,
        label,
    } = shown;
    html! {
        <button
            type="button"
            class="yo-like"
            data-testid="like-button"
            aria-pressed={data.is_some_and(|d| d.liked).to_string()}
            aria-busy={view.pending.to_string()}
            aria-describedby={described}
            data-state={view.state.as_str()}
            data-kept={not_kept.then_some("false")}
            data-loading={view.loading.then_some("true")}
            disabled={data.is_none()}
            {onclick}
        >
            { icon(view.pending && view.state != ItemState::Held) }
            <span class="yo-sr-only">{ label }</span>
            <span class="yo-like-count" data-testid="like-count">{ count(data, slide) }</span>
        </button>
    }
}

/// The count, keyed by the number: a new count is a new element, so its slide-in plays.
fn count(data: Option<Likes>, slide: Slide) -> Html {
    match data {
        Some(d) => html! {
            <span key={d.count.to_string()} data-dir={slide.as_str()}>{ d.count }</span>
        },
        None => html! { <span class="yo-like-skeleton" aria-hidden="true"></span> },
    }
}

/// Where a notice is shown: its element id, whether it is a live region itself, and its
/// detail (the server's message) as a tooltip.
struct Notified {
    id: String,
    alert: bool,
    detail: Option<String>,
}

/// The message and its action button.
fn notice_text(
    words: &LikeStrings,
    notice: Notice,
    onclick: Callback<MouseEvent>,
    at: Notified,
) -> Html {
    let (text, action) = match notice {
        Notice::Refused { wanted } => (words.refused(wanted), &words.retry),
        Notice::LoadFailed => (&words.load_failed, &words.reload),
    };
    html! {
        <span class="yo-like-error" id={at.id} data-testid="like-error"
            role={at.alert.then_some("alert")} title={at.detail}>
            <span>{ text.clone() }</span>
            <button type="button" data-testid="like-retry" {onclick}>{ action.clone() }</button>
        </span>
    }
}

/// The heart, with a spinner while a change is on its way.
fn icon(spinning: bool) -> Html {
    html! {
        <span class="yo-like-icon" aria-hidden="true">
            <svg viewBox="0 0 24 24" focusable="false">
                <path d={HEART} />
            </svg>
            if spinning { <span class="yo-like-spinner"></span> }
        </span>
    }
}

/// What the note says for the calls' state (waiting for the server, held), if anything.
fn note_words(words: &LikeStrings, state: ItemState) -> Option<AttrValue> {
    match state {
        ItemState::Waiting => Some(words.waiting_for_server.clone()),
        ItemState::Held => Some(words.not_saved_yet.clone()),
        _ => None,
    }
}

/// The heart's outline.
const HEART: &str = "M12 20.6l-1.3-1.2C5.8 15 2.75 12.2 2.75 8.7 2.75 5.9 4.95 3.7 7.75 3.7c1.6 0 3.1.75 4.25 1.95C13.15 4.45 14.65 3.7 16.25 3.7c2.8 0 5 2.2 5 5 0 3.5-3.05 6.3-7.95 10.7L12 20.6z";
