//! How a mutation ended, as the client reports it: what the property tests compare with
//! their server's record of each call.

use optimistic_query::{AbortReason, ErrorKind, FetchError, MutationInfo, MutationStatus};

/// The end of one call, from its [`MutationInfo`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    Unsettled,
    Success,
    /// Replaced by a newer call of its scope (aborted).
    Superseded,
    Failed(ErrorKind),
    /// Given up by the user after an unknown outcome (it may be on the server).
    Discarded,
}

impl Fate {
    pub fn of(info: &MutationInfo) -> Fate {
        match info.status {
            MutationStatus::Success => Fate::Success,
            MutationStatus::Error => match info.error.as_ref().map(|e| e.kind) {
                Some(ErrorKind::Aborted)
                    if info.error.as_ref().is_some_and(|e| {
                        e.message
                            == FetchError::<String>::Aborted(AbortReason::Discarded).to_string()
                    }) =>
                {
                    Fate::Discarded
                }
                Some(ErrorKind::Aborted) => Fate::Superseded,
                Some(kind) => Fate::Failed(kind),
                None => Fate::Failed(ErrorKind::App),
            },
            _ => Fate::Unsettled,
        }
    }
}
