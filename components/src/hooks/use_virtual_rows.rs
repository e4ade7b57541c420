//! `use_virtual_rows`: which rows of a long list are in view, so that only those are in
//! the page.

use super::after_render::use_after_every_render;
use gloo_events::EventListener;
use std::ops::Range;
use web_sys::{Element, Event};
use yew::prelude::*;

/// What [`use_virtual_rows`] gives: the rows to render and the space to leave around them.
#[derive(Clone, Debug, PartialEq)]
pub struct VirtualRows {
    /// Attach to the scrolling element (`overflow-y: auto` and a height of its own).
    pub viewport: NodeRef,
    /// The indices of the rows to render: those in view plus the overscan on each side.
    pub range: Range<usize>,
    /// Pixels of empty space before the first rendered row (the rows above, not rendered).
    pub space_before: f64,
    /// Pixels of empty space after the last rendered row.
    pub space_after: f64,
}

impl VirtualRows {
    /// The CSS for the element that holds the rendered rows, e.g. the `<ul>` inside the
    /// viewport: padding in place of the rows that are not rendered, so the scroll bar is
    /// that of the whole list. Not on the viewport itself: its padding would add to its
    /// height, and every row would be in view.
    pub fn padding_style(&self) -> String {
        format!(
            "padding-top: {}px; padding-bottom: {}px",
            self.space_before, self.space_after
        )
    }
}

/// The first row in view and how many rows the viewport holds, in whole rows: the only
/// thing a scroll changes that matters here, so scrolling within a row re-renders nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct InView {
    first: usize,
    rows: usize,
}

impl InView {
    fn of(element: &Element, row_height: f64) -> Self {
        if row_height <= 0.0 {
            return Self::default();
        }
        let top = f64::from(element.scroll_top()).max(0.0);
        let height = f64::from(element.client_height()).max(0.0);
        Self {
            first: (top / row_height).floor() as usize,
            // A row cut at the top and one cut at the bottom are both in view.
            rows: (height / row_height).ceil() as usize + 1,
        }
    }
}

/// Windowing for a list of `len` rows of `row_height` pixels each: only the rows in the
/// viewport, plus `overscan` rows on each side, are rendered, and the component re-renders
/// only when a scroll or a resize brings other rows into view (not for every pixel).
/// (yew-hooks' `use_virtual_list` computes every row's offset on each render and keeps
/// its listener after unmount, which a list of 10,000 rows cannot afford.)
///
/// With a [keyed collection](crate::use_collection), a change of one row renders that
/// row's component and nothing else, but the browser still lays out and paints the whole
/// list: with 10,000 rows in the page that costs every click tens of milliseconds, whatever
/// renders it (BENCHMARKS.md, "Keyed collections"). With windowing the page holds a few
/// dozen rows and a click paints within a frame.
///
/// Rows must all be `row_height` pixels high (set it in CSS). The viewport's height comes
/// from the page (CSS) and is measured after the first render and on window resizes; until
/// then the first `1 + 2 * overscan` rows render.
///
/// ```
/// use std::rc::Rc;
/// use yew::prelude::*;
/// use yew_optimistic::use_virtual_rows;
///
/// #[derive(Properties, PartialEq)]
/// struct Props { titles: Rc<[String]> }
///
/// #[component]
/// fn LongList(props: &Props) -> Html {
///     let window = use_virtual_rows(props.titles.len(), 24.0, 10);
///     html! {
///         <div ref={window.viewport.clone()} style="height: 480px; overflow-y: auto">
///             <ul style={window.padding_style()}>
///                 { for window.range.clone().map(|i| html! {
///                     <li key={i} style="height: 24px">{ props.titles[i].clone() }</li>
///                 }) }
///             </ul>
///         </div>
///     }
/// }
/// # let _ = html! { <LongList titles={Rc::<[String]>::from(vec![])} /> };
/// ```
#[hook]
pub fn use_virtual_rows(len: usize, row_height: f64, overscan: usize) -> VirtualRows {
    let viewport = use_node_ref();
    let in_view = use_state_eq(InView::default);
    // The DOM listeners on the viewport now there, replaced by the effect (not state: a
    // new listener must not render; DOM events, not an engine subscription, so not
    // `use_source`).
    let listening = use_mut_ref(|| None::<Listening>);
    {
        let (viewport, in_view) = (viewport.clone(), in_view.setter());
        // After every render: the viewport element may have come, gone or been replaced
        // (a list that shows a spinner first); listen to the one that is there.
        use_after_every_render(Box::new(move || {
            let element = viewport.cast::<Element>();
            let same = listening
                .borrow()
                .as_ref()
                .map(|l| (&l.element, l.row_height))
                == element.as_ref().map(|e| (e, row_height));
            if !same {
                let next = element.map(|element| Listening::on(element, row_height, in_view));
                // The old listeners go after the borrow ends.
                let old = std::mem::replace(&mut *listening.borrow_mut(), next);
                drop(old);
            }
        }));
    }
    window_of(*in_view, len, row_height, overscan, viewport)
}

/// The scroll listener on the viewport and the resize listener on the window, while
/// `element` is the viewport (gloo's listeners are passive: they never delay a scroll).
struct Listening {
    element: Element,
    row_height: f64,
    _scroll: EventListener,
    _resize: Option<EventListener>,
}

impl Listening {
    fn on(element: Element, row_height: f64, in_view: UseStateSetter<InView>) -> Self {
        in_view.set(InView::of(&element, row_height));
        let measure = {
            let (element, in_view) = (element.clone(), in_view);
            move |_: &Event| in_view.set(InView::of(&element, row_height))
        };
        let scroll = EventListener::new(&element, "scroll", measure.clone());
        let resize = web_sys::window().map(|w| EventListener::new(&w, "resize", measure));
        Self {
            element,
            row_height,
            _scroll: scroll,
            _resize: resize,
        }
    }
}

fn window_of(
    in_view: InView,
    len: usize,
    row_height: f64,
    overscan: usize,
    viewport: NodeRef,
) -> VirtualRows {
    let first = in_view.first.min(len);
    let start = first.saturating_sub(overscan);
    let end = first
        .saturating_add(in_view.rows.max(1))
        .saturating_add(overscan)
        .min(len);
    VirtualRows {
        viewport,
        range: start..end,
        space_before: start as f64 * row_height,
        space_after: (len - end) as f64 * row_height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(first: usize, rows: usize, len: usize) -> VirtualRows {
        window_of(InView { first, rows }, len, 20.0, 3, NodeRef::default())
    }

    #[test]
    fn the_rows_in_view_and_the_overscan_render() {
        let w = window(100, 25, 10_000);
        assert_eq!(w.range, 97..128);
        assert_eq!(w.space_before, 97.0 * 20.0);
        assert_eq!(w.space_after, (10_000 - 128) as f64 * 20.0);
    }

    #[test]
    fn the_window_stays_inside_the_list() {
        assert_eq!(window(0, 25, 10_000).range, 0..28);
        assert_eq!(window(9_990, 25, 10_000).range, 9_987..10_000);
        // The list got shorter than the scroll position: nothing past its end.
        assert_eq!(window(500, 25, 40).range, 37..40);
        assert_eq!(window(0, 25, 0).range, 0..0);
        assert_eq!(window(0, 25, 0).space_after, 0.0);
    }

    #[test]
    fn before_the_viewport_is_measured_a_few_rows_render() {
        assert_eq!(window(0, 0, 10_000).range, 0..4);
    }
}
