//! `LikeButton`: toggles and moves the count in the same frame as the click.

mod source;

pub use source::{LikeSource, Likes, SetLiked};
