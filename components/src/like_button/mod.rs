//! `LikeButton`: toggles and moves the count in the same frame as the click.

mod button;
#[cfg(feature = "http")]
mod http;
mod mutation;
mod source;

pub use button::{LikeButton, LikeButtonProps};
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub use http::HttpLikeSource;
pub use mutation::{
    like_mutation_key, like_mutation_options, like_scope, likes_query_key, likes_query_options,
    LIKE_SEND_WINDOW_MS,
};
pub use source::{LikeSource, Likes, SetLiked};
