//! How a persisted call's scope is written: the key's canonical JSON text in a string.
//! Builds before typed scopes wrote the scope as a plain string, so a queue stays
//! readable both ways while tabs of two builds share it; an old string reads back as a
//! one-part key (informational only: a restored call takes its scope from its
//! definition).

use crate::key::{KeySegment, QueryKey};
use serde::{Deserialize, Deserializer, Serializer};

pub(crate) fn serialize<S: Serializer>(
    scope: &Option<QueryKey>,
    out: S,
) -> Result<S::Ok, S::Error> {
    match scope {
        Some(key) => out.serialize_some(&key.hash_string()),
        None => out.serialize_none(),
    }
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    input: D,
) -> Result<Option<QueryKey>, D::Error> {
    let text = Option::<String>::deserialize(input)?;
    Ok(text.map(|text| {
        serde_json::from_str::<QueryKey>(&text)
            .unwrap_or_else(|_| QueryKey::new(vec![KeySegment::Str(text)]))
    }))
}
