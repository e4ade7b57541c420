//! `OfflineBanner`: where the user looks to learn whether their changes are safe: offline
//! (changes are kept and sent on reconnect), changes a reload would lose (storage
//! refused the queue write), and a saved queue that could not be read.

use super::kept::{use_not_kept_on_device, use_queue_kept_aside};
use crate::hooks::use_online;
use optimistic_query::MutationFilter;
use std::rc::Rc;
use yew::prelude::*;

/// The words of an [`OfflineBanner`], English by default.
///
/// ```
/// use yew_optimistic::feedback::BannerStrings;
/// let s = BannerStrings { offline: "Hors ligne.".into(), ..BannerStrings::default() };
/// assert!(s.not_kept.contains("not kept on this device"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BannerStrings {
    /// Shown while offline.
    pub offline: AttrValue,
    /// Shown while some unsettled change is not kept on this device (storage refused it).
    pub not_kept: AttrValue,
    /// Shown when the saved changes of an earlier visit could not be read.
    pub kept_aside: AttrValue,
}

/// The English words, the default. A constant, not code that builds them: each
/// field is a static string, so the default is a copy of data.
const ENGLISH: BannerStrings = BannerStrings {
    offline: AttrValue::Static("Offline: changes are kept and sent when you reconnect."),
    not_kept: AttrValue::Static(
        "Some changes are not kept on this device: storage is full or \
                   blocked, so a reload now would lose them.",
    ),
    kept_aside: AttrValue::Static(
        "Changes saved on this device earlier could not be read; they were \
                     set aside and not sent.",
    ),
};

impl Default for BannerStrings {
    fn default() -> Self {
        ENGLISH
    }
}

/// Props of [`OfflineBanner`].
#[derive(Properties, PartialEq)]
pub struct OfflineBannerProps {
    /// The calls whose storage is watched (default: every call).
    #[prop_or_default]
    pub filter: MutationFilter,
    /// Its words, for translation.
    #[prop_or_default]
    pub strings: Rc<BannerStrings>,
}

/// A polite status banner, shown only when there is something to say: offline, changes
/// that are not kept on this device (`data-not-kept="<count>"`), or an unreadable saved
/// queue set aside. For tests and CSS: `data-testid="offline-banner"` (only while
/// offline), `"storage-banner"` (a storage problem), each line with its own
/// `data-testid` (`offline-line`, `not-kept-line`, `kept-aside-line`).
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::QueryClientProvider;
/// use yew_optimistic::feedback::OfflineBanner;
/// let _ = html! { <QueryClientProvider><OfflineBanner /></QueryClientProvider> };
/// ```
#[component]
pub fn OfflineBanner(props: &OfflineBannerProps) -> Html {
    let online = use_online();
    let not_kept = use_not_kept_on_device(props.filter.clone());
    let aside = use_queue_kept_aside();
    let s = &props.strings;
    let storage = !not_kept.is_empty() || aside.is_some();
    let testid = if online {
        "storage-banner"
    } else {
        "offline-banner"
    };
    html! {
        // Always in the page, so screen readers hear what appears in it.
        <div role="status" aria-live="polite" class="yo-banner-region">
            if !online || storage {
                <p class="banner" data-testid={testid}
                    data-not-kept={(!not_kept.is_empty()).then(|| not_kept.len().to_string())}>
                    if !online { <span data-testid="offline-line">{ s.offline.clone() }</span> }
                    if !not_kept.is_empty() {
                        { " " }<span data-testid="not-kept-line">{ s.not_kept.clone() }</span>
                    }
                    if aside.is_some() {
                        { " " }<span data-testid="kept-aside-line" title={aside.clone()}>{ s.kept_aside.clone() }</span>
                    }
                </p>
            }
        </div>
    }
}
