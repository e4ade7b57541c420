//! Every word a [`LikeButton`](super::LikeButton) shows or announces, so an app can
//! translate it without forking the component.

use crate::feedback::template::fill;
use yew::AttrValue;

/// The words of a [`LikeButton`](super::LikeButton), English by default (its accessible
/// name is its `label` prop). A field may hold `{name}` placeholders, listed in its doc.
///
/// ```
/// use yew_optimistic::like_button::LikeStrings;
/// let italian = LikeStrings {
///     refused_like: "Impossibile salvare il tuo like.".into(),
///     retry: "Riprova".into(),
///     ..LikeStrings::default()
/// };
/// assert_eq!(italian.reload, "Reload");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LikeStrings {
    /// Announced (not shown) while a change is on its way.
    pub saving: AttrValue,
    /// A like was refused.
    pub refused_like: AttrValue,
    /// An unlike was refused.
    pub refused_unlike: AttrValue,
    /// The likes could not be loaded.
    pub load_failed: AttrValue,
    /// Sends a refused change again.
    pub retry: AttrValue,
    /// Loads the likes again.
    pub reload: AttrValue,
    /// The toast of a refused change; `{message}` (one of the two above), `{reason}`.
    pub refused_toast: AttrValue,
    /// Shown while a change got no answer and is being sent again.
    pub waiting_for_server: AttrValue,
    /// Shown when a change is held after every resend allowed (with Retry now / Discard).
    pub not_saved_yet: AttrValue,
    /// Sends a held change again now.
    pub retry_now: AttrValue,
    /// Gives up a held change.
    pub discard: AttrValue,
    /// Shown when storage refused to keep a change on this device (a reload would lose it).
    pub not_kept: AttrValue,
}

/// The English words, the default. A constant, not code that builds them: each
/// field is a static string, so the default is a copy of data.
const ENGLISH: LikeStrings = LikeStrings {
    saving: AttrValue::Static("Saving…"),
    refused_like: AttrValue::Static("Couldn't save your like."),
    refused_unlike: AttrValue::Static("Couldn't remove your like."),
    load_failed: AttrValue::Static("Couldn't load likes."),
    retry: AttrValue::Static("Retry"),
    reload: AttrValue::Static("Reload"),
    refused_toast: AttrValue::Static("{message} {reason}"),
    waiting_for_server: AttrValue::Static("Waiting for the server…"),
    not_saved_yet: AttrValue::Static("Not saved yet: the server has not answered."),
    retry_now: AttrValue::Static("Retry now"),
    discard: AttrValue::Static("Discard"),
    not_kept: AttrValue::Static("Not kept on this device"),
};

impl Default for LikeStrings {
    fn default() -> Self {
        ENGLISH
    }
}

impl LikeStrings {
    /// The message of a refused wish (`true`: a like).
    pub(crate) fn refused(&self, wanted: bool) -> &AttrValue {
        if wanted {
            &self.refused_like
        } else {
            &self.refused_unlike
        }
    }

    /// The toast of a refused wish.
    pub(crate) fn toast(&self, wanted: bool, reason: &str) -> String {
        fill(
            &self.refused_toast,
            &[("message", self.refused(wanted)), ("reason", reason)],
        )
    }
}
