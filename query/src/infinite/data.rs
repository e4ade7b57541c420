//! The data of an infinite query: its pages and the param each was fetched with.

use serde::{Deserialize, Serialize};

/// The pages of an infinite query, oldest param first, with the param each page was
/// fetched with (TanStack's `{ pages, pageParams }`). What the cache stores under an
/// infinite query's key, so optimistic patches and `set_query_data` work on it as on any
/// data.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::InfiniteData;
/// let mut feed = InfiniteData::new(vec![vec!["c", "b"], vec!["a"]], vec![0_u32, 2]);
/// feed.insert_first("d");                          // a new post on top
/// assert_eq!(feed.items().copied().collect::<Vec<_>>(), ["d", "c", "b", "a"]);
/// assert_eq!(feed.remove_in_page(1, |p| *p == "a"), Some("a"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfiniteData<T, P> {
    /// The pages, in order.
    pub pages: Vec<T>,
    /// The param each page was fetched with (same length as `pages`).
    pub page_params: Vec<P>,
}

impl<T, P> InfiniteData<T, P> {
    /// Pages and their params (the shorter list decides how many are kept).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::InfiniteData;
    /// let d = InfiniteData::new(vec![vec![1, 2]], vec!["cursor-0"]);
    /// assert_eq!(d.page_count(), 1);
    /// ```
    pub fn new(mut pages: Vec<T>, mut page_params: Vec<P>) -> Self {
        let n = pages.len().min(page_params.len());
        pages.truncate(n);
        page_params.truncate(n);
        InfiniteData { pages, page_params }
    }

    /// Number of pages.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert_eq!(yew_optimistic::InfiniteData::<Vec<u8>, u32>::default().page_count(), 0);
    /// ```
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Whether there is no page.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(yew_optimistic::InfiniteData::<Vec<u8>, u32>::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// The page at `index`, to edit (an optimistic patch that reaches into one page).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::InfiniteData;
    /// let mut d = InfiniteData::new(vec![vec![1], vec![2]], vec![0, 1]);
    /// if let Some(page) = d.page_mut(1) { page.push(3); }
    /// assert_eq!(d.pages[1], vec![2, 3]);
    /// ```
    pub fn page_mut(&mut self, index: usize) -> Option<&mut T> {
        self.pages.get_mut(index)
    }

    pub(crate) fn push_page(&mut self, page: T, param: P, max_pages: Option<usize>) {
        self.pages.push(page);
        self.page_params.push(param);
        if max_pages.is_some_and(|max| self.pages.len() > max.max(1)) {
            self.pages.remove(0);
            self.page_params.remove(0);
        }
    }

    pub(crate) fn unshift_page(&mut self, page: T, param: P, max_pages: Option<usize>) {
        self.pages.insert(0, page);
        self.page_params.insert(0, param);
        if max_pages.is_some_and(|max| self.pages.len() > max.max(1)) {
            self.pages.pop();
            self.page_params.pop();
        }
    }
}

/// A page that holds rows, so [`InfiniteData`]'s row helpers can reach into it. `Vec`
/// is one; implement it for a page type that carries more (a cursor, a total).
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{InfiniteData, PageItems};
/// #[derive(Clone)]
/// struct Page { posts: Vec<String>, next: Option<u32> }
/// impl PageItems for Page {
///     type Item = String;
///     fn items(&self) -> &[String] { &self.posts }
///     fn items_mut(&mut self) -> &mut Vec<String> { &mut self.posts }
/// }
/// let mut feed = InfiniteData::new(vec![Page { posts: vec![], next: None }], vec![0_u32]);
/// feed.insert_first("hello".to_string());
/// assert_eq!(feed.pages[0].posts, ["hello"]);
/// ```
pub trait PageItems {
    /// One row.
    type Item;
    /// The rows of the page.
    fn items(&self) -> &[Self::Item];
    /// The rows of the page, to edit.
    fn items_mut(&mut self) -> &mut Vec<Self::Item>;
}

impl<I> PageItems for Vec<I> {
    type Item = I;
    fn items(&self) -> &[I] {
        self
    }
    fn items_mut(&mut self) -> &mut Vec<I> {
        self
    }
}

impl<T: PageItems, P> InfiniteData<T, P> {
    /// Every row of every page, in order.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::InfiniteData;
    /// let d = InfiniteData::new(vec![vec![1, 2], vec![3]], vec![0, 1]);
    /// assert_eq!(d.items().sum::<i32>(), 6);
    /// ```
    pub fn items(&self) -> impl Iterator<Item = &T::Item> + '_ {
        self.pages.iter().flat_map(|p| p.items().iter())
    }

    /// Adds `item` at the top of the first page (a new post in a newest-first feed);
    /// `false` when there is no page to add it to.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::InfiniteData;
    /// let mut d = InfiniteData::new(vec![vec![2, 1]], vec![0]);
    /// assert!(d.insert_first(3));
    /// assert_eq!(d.pages[0], vec![3, 2, 1]);
    /// ```
    pub fn insert_first(&mut self, item: T::Item) -> bool {
        match self.pages.first_mut() {
            Some(page) => {
                page.items_mut().insert(0, item);
                true
            }
            None => false,
        }
    }

    /// Adds `item` at the end of the last page (a new row in an oldest-first list);
    /// `false` when there is no page.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::InfiniteData;
    /// let mut d = InfiniteData::new(vec![vec![1], vec![2]], vec![0, 1]);
    /// assert!(d.push_last(3));
    /// assert_eq!(d.pages[1], vec![2, 3]);
    /// ```
    pub fn push_last(&mut self, item: T::Item) -> bool {
        match self.pages.last_mut() {
            Some(page) => {
                page.items_mut().push(item);
                true
            }
            None => false,
        }
    }

    /// Removes the first row of page `page` (0-based) that `matches`, and returns it.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::InfiniteData;
    /// let mut d = InfiniteData::new(vec![vec![1], vec![2], vec![3, 4]], vec![0, 1, 2]);
    /// assert_eq!(d.remove_in_page(2, |n| *n == 4), Some(4)); // from the third page
    /// assert_eq!(d.remove_in_page(2, |n| *n == 1), None);    // 1 is on the first
    /// ```
    pub fn remove_in_page(
        &mut self,
        page: usize,
        matches: impl Fn(&T::Item) -> bool,
    ) -> Option<T::Item> {
        let rows = self.pages.get_mut(page)?.items_mut();
        let at = rows.iter().position(matches)?;
        Some(rows.remove(at))
    }

    /// Removes every row of every page that `matches`; returns how many went.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::InfiniteData;
    /// let mut d = InfiniteData::new(vec![vec![1, 2], vec![2, 3]], vec![0, 1]);
    /// assert_eq!(d.remove_where(|n| *n == 2), 2);
    /// assert_eq!(d.pages, vec![vec![1], vec![3]]);
    /// ```
    pub fn remove_where(&mut self, matches: impl Fn(&T::Item) -> bool) -> usize {
        let mut removed = 0;
        for page in &mut self.pages {
            let rows = page.items_mut();
            let before = rows.len();
            rows.retain(|r| !matches(r));
            removed += before - rows.len();
        }
        removed
    }

    /// Edits every row of every page that `matches`; returns how many were edited.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::InfiniteData;
    /// let mut d = InfiniteData::new(vec![vec![(1, false)], vec![(2, false)]], vec![0, 1]);
    /// assert_eq!(d.update_where(|r| r.0 == 2, |r| r.1 = true), 1);
    /// assert_eq!(d.pages[1], vec![(2, true)]);
    /// ```
    pub fn update_where(
        &mut self,
        matches: impl Fn(&T::Item) -> bool,
        mut edit: impl FnMut(&mut T::Item),
    ) -> usize {
        let mut edited = 0;
        for page in &mut self.pages {
            for row in page.items_mut().iter_mut().filter(|r| matches(r)) {
                edit(row);
                edited += 1;
            }
        }
        edited
    }

    /// Whether any row of any page `matches` (an idempotent insert checks this first).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::InfiniteData;
    /// let d = InfiniteData::new(vec![vec![1], vec![2]], vec![0, 1]);
    /// assert!(d.contains(|n| *n == 2) && !d.contains(|n| *n == 3));
    /// ```
    pub fn contains(&self, matches: impl Fn(&T::Item) -> bool) -> bool {
        self.items().any(matches)
    }
}
