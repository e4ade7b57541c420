//! `LikeButton`: toggles and moves the count in the same frame as the click.
//!
//! - `source.rs`: the data ([`Likes`], [`SetLiked`]) and the [`LikeSource`] trait;
//! - `mutation.rs`: keys, the throttle window and the one mutation definition;
//! - `state.rs`: what the button shows for what the caches say, tested natively;
//! - `button.rs`: the view, wiring and markup only; `strings.rs`: every word
//!   ([`LikeStrings`]), for translation; `style.rs`: the stylesheet.

mod button;
#[cfg(feature = "http")]
mod http;
mod mutation;
mod source;
mod state;
mod strings;
mod style;

pub use button::{LikeButton, LikeButtonProps};
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub use http::HttpLikeSource;
pub use mutation::{
    like_mutation_key, like_mutation_options, like_mutation_options_with_window, like_scope,
    likes_query_key, likes_query_options, LIKE_SEND_WINDOW_MS,
};
pub use source::{LikeSource, Likes, SetLiked};
pub use strings::LikeStrings;
