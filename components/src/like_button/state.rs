//! The like button's state, without the DOM: what it shows (pending, failed, the
//! message and its action) for what the cache and the mutation cache say, and which way
//! the count slides. Pure, so it is tested natively.

use super::source::Likes;
use crate::feedback::ItemState;

/// Which way the count moved last, so the new number slides in from the right side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slide {
    Still,
    Up,
    Down,
}

impl Slide {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Slide::Still => "still",
            Slide::Up => "up",
            Slide::Down => "down",
        }
    }
}

/// Remembers the last count shown, to tell which way the next one moved. A render
/// without data (a reload) keeps the last direction.
#[derive(Debug, Default)]
pub(crate) struct CountMotion {
    last: Option<(u32, Slide)>,
}

impl CountMotion {
    /// The direction for a render showing `count`.
    pub(crate) fn next(&mut self, count: Option<u32>) -> Slide {
        let slide = match (count, self.last) {
            (Some(now), Some((before, _))) if now > before => Slide::Up,
            (Some(now), Some((before, _))) if now < before => Slide::Down,
            (_, Some((_, kept))) => kept,
            (_, None) => Slide::Still,
        };
        if let Some(now) = count {
            self.last = Some((now, slide));
        }
        slide
    }
}

/// The message next to the button, and the action it offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Notice {
    /// The user's wish (`true`: like) was refused; Retry sends it again.
    Refused { wanted: bool },
    /// The likes could not be loaded; Reload fetches them again.
    LoadFailed,
}

/// What the button shows in one render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ButtonView {
    pub state: ItemState,
    /// Loading the likes (no data yet, no error).
    pub loading: bool,
    /// A change is on its way.
    pub pending: bool,
    pub notice: Option<Notice>,
}

/// Facts of one render: the likes shown (optimistic changes included), whether loading
/// them failed, whether a change of this post is in flight or painted, and the wish of
/// the refused change of this post, if one is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Facts {
    pub data: Option<Likes>,
    pub load_failed: bool,
    pub in_flight: bool,
    pub optimistic: bool,
    pub refused_wish: Option<bool>,
    /// What this post's unsettled calls say (waiting for the server, held), if any.
    pub calls: Option<ItemState>,
}

/// What to show for `facts`: pending wins over failed (a new click is on its way), and a
/// refused change wins over a failed load (it says more).
pub(crate) fn view(facts: Facts) -> ButtonView {
    let loading = facts.data.is_none() && !facts.load_failed;
    let load_failed = facts.data.is_none() && facts.load_failed;
    let pending = facts.in_flight || facts.optimistic;
    // A refused change is old news once a new click is on its way.
    let notice = match (facts.refused_wish.filter(|_| !pending), load_failed) {
        (Some(wanted), _) => Some(Notice::Refused { wanted }),
        (None, true) => Some(Notice::LoadFailed),
        (None, false) => None,
    };
    let state = if loading {
        ItemState::Pending
    } else if pending || facts.calls.is_some() {
        // Held beats waiting beats pending: the user has something to decide.
        facts.calls.unwrap_or(ItemState::Pending)
    } else if notice.is_some() {
        ItemState::Failed
    } else {
        ItemState::Confirmed
    };
    ButtonView {
        state,
        loading,
        pending,
        notice,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn likes(liked: bool, count: u32) -> Option<Likes> {
        Some(Likes { liked, count })
    }

    #[test]
    fn the_count_slides_the_way_it_moved_and_keeps_it_while_loading() {
        let mut m = CountMotion::default();
        assert_eq!(m.next(Some(41)), Slide::Still);
        assert_eq!(m.next(Some(42)), Slide::Up);
        assert_eq!(
            m.next(Some(42)),
            Slide::Up,
            "unchanged keeps the last slide"
        );
        assert_eq!(m.next(None), Slide::Up);
        assert_eq!(m.next(Some(40)), Slide::Down);
    }

    #[test]
    fn loading_is_pending_without_a_message() {
        let v = view(Facts::default());
        assert!(v.loading && !v.pending, "no change is on its way");
        assert_eq!(v.state, ItemState::Pending);
        assert_eq!(v.notice, None);
    }

    #[test]
    fn a_refused_wish_fails_the_button_until_a_new_click_is_on_its_way() {
        let refused = Facts {
            data: likes(false, 41),
            refused_wish: Some(true),
            ..Facts::default()
        };
        let v = view(refused);
        assert_eq!(v.state, ItemState::Failed);
        assert_eq!(v.notice, Some(Notice::Refused { wanted: true }));

        let v = view(Facts {
            in_flight: true,
            ..refused
        });
        assert_eq!(v.state, ItemState::Pending);
        assert_eq!(v.notice, None);
    }

    #[test]
    fn unsettled_calls_say_waiting_or_held() {
        let base = Facts {
            data: likes(true, 11),
            in_flight: true,
            optimistic: true,
            ..Facts::default()
        };
        assert_eq!(view(base).state, ItemState::Pending);
        for s in [ItemState::Waiting, ItemState::Held] {
            let v = view(Facts {
                calls: Some(s),
                ..base
            });
            assert_eq!(v.state, s);
            assert_eq!(v.notice, None);
        }
    }

    #[test]
    fn a_failed_load_offers_a_reload() {
        let v = view(Facts {
            load_failed: true,
            ..Facts::default()
        });
        assert_eq!(v.state, ItemState::Failed);
        assert_eq!(v.notice, Some(Notice::LoadFailed));
        assert!(!v.loading);
    }

    #[test]
    fn confirmed_when_nothing_is_on_its_way() {
        let v = view(Facts {
            data: likes(true, 42),
            ..Facts::default()
        });
        assert_eq!(v.state, ItemState::Confirmed);
        assert!(!v.pending);
    }
}
