//! How to fetch an infinite query: a page fetcher, the first page's param, and how to
//! find the params of the pages after (and before) the ones fetched.

use super::{InfiniteData, PageDirection};
use crate::entry::ErasedError;
use crate::error::FetchError;
use crate::fetch::{ErasedFetcher, FetchContext, FetchRequest, FetchSpec, MergePage};
use crate::key::QueryKey;
use crate::layer::AnyRc;
use crate::network::NetworkMode;
use crate::query_options::{QueryOptions, RefetchOnMount};
use crate::query_result::NotifyOn;
use crate::retry::RetryPolicy;
use crate::runtime::Millis;
use futures::future::LocalBoxFuture;
use std::fmt;
use std::future::Future;
use std::rc::Rc;

type FetchPage<T, P, E> =
    Rc<dyn Fn(FetchContext, P) -> LocalBoxFuture<'static, Result<T, FetchError<E>>>>;
/// `(page, all pages, its param, all params) -> the next param`, as TanStack's
/// `getNextPageParam`; `None` when there is no such page.
pub(crate) type PageParamFn<T, P> = Rc<dyn Fn(&T, &[T], &P, &[P]) -> Option<P>>;

/// The param of the page after the last one (`next`) or before the first.
pub(crate) fn page_param<T, P>(
    f: Option<&PageParamFn<T, P>>,
    data: &InfiniteData<T, P>,
    direction: PageDirection,
) -> Option<P> {
    let f = f?;
    let (page, param) = match direction {
        PageDirection::Next => (data.pages.last()?, data.page_params.last()?),
        PageDirection::Previous => (data.pages.first()?, data.page_params.first()?),
    };
    f(page, &data.pages, param, &data.page_params)
}

/// How to fetch and keep an infinite query, as TanStack's `useInfiniteQuery` options:
/// `fetch_page(ctx, param)` fetches one page, the first with `initial_page_param`;
/// [`get_next_page_param`](Self::get_next_page_param) tells the param of the page after
/// the last one (`None`: there is none). The cache stores an [`InfiniteData<T, P>`].
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{keys, FetchError, InfiniteQueryOptions};
/// // Pages of 10 numbers, by offset; 30 in all.
/// let opts = InfiniteQueryOptions::new(keys!["numbers"], 0_u32, |_ctx, offset: u32| async move {
///         Ok::<_, FetchError>((offset..(offset + 10).min(30)).collect::<Vec<u32>>())
///     })
///     .get_next_page_param(|last: &Vec<u32>, _pages, offset: &u32, _params| {
///         (last.len() == 10 && offset + 10 < 30).then_some(offset + 10)
///     });
/// assert_eq!(opts.key(), &keys!["numbers"]);
/// ```
pub struct InfiniteQueryOptions<T, P, E = String> {
    pub(crate) query: QueryOptions<InfiniteData<T, P>, E>,
    fetch_page: FetchPage<T, P, E>,
    initial_page_param: P,
    pub(crate) next: Option<PageParamFn<T, P>>,
    pub(crate) previous: Option<PageParamFn<T, P>>,
    max_pages: Option<usize>,
}

impl<T, P: Clone, E> Clone for InfiniteQueryOptions<T, P, E> {
    fn clone(&self) -> Self {
        InfiniteQueryOptions {
            query: self.query.clone(),
            fetch_page: self.fetch_page.clone(),
            initial_page_param: self.initial_page_param.clone(),
            next: self.next.clone(),
            previous: self.previous.clone(),
            max_pages: self.max_pages,
        }
    }
}

impl<T, P, E> InfiniteQueryOptions<T, P, E>
where
    T: Clone + 'static,
    P: Clone + 'static,
    E: Clone + fmt::Display + 'static,
{
    /// Options for `key`, whose pages `fetch_page` fetches, the first one with
    /// `initial_page_param`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, FetchError, InfiniteQueryOptions};
    /// let o = InfiniteQueryOptions::new(keys!["feed"], None::<String>, |_ctx, cursor: Option<String>| async move {
    ///     let _ = cursor;
    ///     Ok::<_, FetchError>(vec!["post".to_string()])
    /// });
    /// # let _ = o;
    /// ```
    pub fn new<F, Fut>(key: QueryKey, initial_page_param: P, fetch_page: F) -> Self
    where
        F: Fn(FetchContext, P) -> Fut + 'static,
        Fut: Future<Output = Result<T, FetchError<E>>> + 'static,
    {
        let unbuilt: ErasedFetcher = Rc::new(|_| {
            Box::pin(async {
                Err(ErasedError::new(FetchError::<String>::Decode(
                    "infinite query options used before they were built".into(),
                )))
            })
        });
        InfiniteQueryOptions {
            query: QueryOptions::with_spec(
                key,
                FetchSpec::erased(unbuilt, RetryPolicy::default(), NetworkMode::Online),
            ),
            fetch_page: Rc::new(move |ctx, param| Box::pin(fetch_page(ctx, param))),
            initial_page_param,
            next: None,
            previous: None,
            max_pages: None,
        }
    }

    /// The param of the page after the last one, from `(last page, all pages, its
    /// param, all params)`, as TanStack's `getNextPageParam`; `None` means there is no
    /// next page (`has_next_page` is false).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, FetchError, InfiniteQueryOptions};
    /// #[derive(Clone)]
    /// struct Page { rows: Vec<u32>, next_cursor: Option<u32> }
    /// let o = InfiniteQueryOptions::new(keys!["rows"], 0_u32, |_, cursor: u32| async move {
    ///         Ok::<_, FetchError>(Page { rows: vec![cursor], next_cursor: (cursor < 3).then_some(cursor + 1) })
    ///     })
    ///     .get_next_page_param(|last: &Page, _, _, _| last.next_cursor);
    /// # let _ = o;
    /// ```
    pub fn get_next_page_param(
        mut self,
        f: impl Fn(&T, &[T], &P, &[P]) -> Option<P> + 'static,
    ) -> Self {
        self.next = Some(Rc::new(f));
        self
    }

    /// The param of the page before the first one, from `(first page, all pages, its
    /// param, all params)`, as TanStack's `getPreviousPageParam`; `None` means there is
    /// none (`has_previous_page` is false).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, FetchError, InfiniteQueryOptions};
    /// // A chat opened at message 100, scrolling back to older pages.
    /// let o = InfiniteQueryOptions::new(keys!["chat"], 100_u32, |_, from: u32| async move {
    ///         Ok::<_, FetchError>((from..from + 20).collect::<Vec<u32>>())
    ///     })
    ///     .get_previous_page_param(|_, _, from: &u32, _| from.checked_sub(20));
    /// # let _ = o;
    /// ```
    pub fn get_previous_page_param(
        mut self,
        f: impl Fn(&T, &[T], &P, &[P]) -> Option<P> + 'static,
    ) -> Self {
        self.previous = Some(Rc::new(f));
        self
    }

    /// At most this many pages are kept (TanStack's `maxPages`): fetching one more drops
    /// one at the other end. A refetch fetches the pages kept.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, FetchError, InfiniteQueryOptions};
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) })
    ///     .max_pages(3);
    /// # let _ = o;
    /// ```
    pub fn max_pages(mut self, max: usize) -> Self {
        self.max_pages = Some(max.max(1));
        self
    }

    /// The query options of the entry: the page fetcher and the merge of fetched pages
    /// joined to the options set on it.
    pub(crate) fn to_query_options(&self) -> QueryOptions<InfiniteData<T, P>, E> {
        let mut query = self.query.clone();
        query.spec.fetch = self.erased_fetcher();
        query.spec.merge_page = Some(self.merge());
        query
    }

    /// One attempt: a page fetch fetches the page after (or before) the pages it was
    /// sent for and answers with it alone; any other fetch fetches every page again,
    /// in order, from the first page's param (the first load: the initial param).
    fn erased_fetcher(&self) -> ErasedFetcher {
        let fetch_page = self.fetch_page.clone();
        let initial = self.initial_page_param.clone();
        let (next, previous) = (self.next.clone(), self.previous.clone());
        Rc::new(move |req: FetchRequest| {
            let current = req
                .current
                .and_then(|c| c.downcast::<InfiniteData<T, P>>().ok());
            let fetch_page = fetch_page.clone();
            if let (Some(direction), Some(pages)) = (req.page, &current) {
                let f = match direction {
                    PageDirection::Next => next.as_ref(),
                    PageDirection::Previous => previous.as_ref(),
                };
                // The app's param functions and fetcher: called with no borrow held.
                let Some(param) = page_param(f, pages, direction) else {
                    return Box::pin(async { Ok(Rc::new(None::<(T, P)>) as AnyRc) });
                };
                let fut = fetch_page(req.ctx, param.clone());
                return Box::pin(async move {
                    match fut.await {
                        Ok(page) => Ok(Rc::new(Some((page, param))) as AnyRc),
                        Err(e) => Err(ErasedError::new(e)),
                    }
                });
            }
            let count = current.as_ref().map_or(1, |c| c.page_count().max(1));
            let first = current
                .as_ref()
                .and_then(|c| c.page_params.first().cloned())
                .unwrap_or_else(|| initial.clone());
            drop(current);
            let next = next.clone();
            let ctx = req.ctx;
            Box::pin(async move {
                let mut data = InfiniteData {
                    pages: Vec::with_capacity(count),
                    page_params: Vec::with_capacity(count),
                };
                let mut param = first;
                loop {
                    let page = fetch_page(ctx.clone(), param.clone())
                        .await
                        .map_err(ErasedError::new)?;
                    data.pages.push(page);
                    data.page_params.push(param);
                    if data.pages.len() >= count {
                        break;
                    }
                    match page_param(next.as_ref(), &data, PageDirection::Next) {
                        Some(p) => param = p,
                        None => break,
                    }
                }
                Ok(Rc::new(data) as AnyRc)
            })
        })
    }

    /// Joins a fetched page to the pages the cache holds when it lands.
    fn merge(&self) -> MergePage {
        let max = self.max_pages;
        Rc::new(move |base: Option<AnyRc>, piece: AnyRc, direction| {
            let piece = piece.downcast::<Option<(T, P)>>().ok()?;
            let base = base?.downcast::<InfiniteData<T, P>>().ok()?;
            let Some((page, param)) = Rc::try_unwrap(piece).unwrap_or_else(|rc| (*rc).clone())
            else {
                // No such page after all: the pages stay as they are.
                return Some(base as AnyRc);
            };
            let mut data = (*base).clone();
            match direction {
                PageDirection::Next => data.push_page(page, param, max),
                PageDirection::Previous => data.unshift_page(page, param, max),
            }
            Some(Rc::new(data) as AnyRc)
        })
    }
}

impl<T, P, E> InfiniteQueryOptions<T, P, E> {
    /// The key.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, InfiniteQueryOptions};
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) });
    /// assert_eq!(o.key(), &keys!["n"]);
    /// ```
    pub fn key(&self) -> &QueryKey {
        self.query.key()
    }

    /// Sets any option of the underlying [`QueryOptions`] (those without a shortcut
    /// here): `.with_query(|q| q.refetch_interval(10_000))`.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, InfiniteQueryOptions};
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) })
    ///     .with_query(|q| q.refetch_on_window_focus(false).gc_time(0));
    /// # let _ = o;
    /// ```
    pub fn with_query(
        mut self,
        f: impl FnOnce(QueryOptions<InfiniteData<T, P>, E>) -> QueryOptions<InfiniteData<T, P>, E>,
    ) -> Self {
        self.query = f(self.query);
        self
    }

    /// Whether the query fetches at all ([`QueryOptions::enabled`]).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, InfiniteQueryOptions};
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) }).enabled(false);
    /// # let _ = o;
    /// ```
    pub fn enabled(self, enabled: bool) -> Self {
        self.with_query(|q| q.enabled(enabled))
    }

    /// How long the pages count as fresh ([`QueryOptions::stale_time`]).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, InfiniteQueryOptions};
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) }).stale_time(30_000);
    /// # let _ = o;
    /// ```
    pub fn stale_time(self, ms: Millis) -> Self {
        self.with_query(|q| q.stale_time(ms))
    }

    /// Retry policy ([`QueryOptions::retry`]); a retry fetches the page (or, for a
    /// refetch, every page) again.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, InfiniteQueryOptions, RetryPolicy};
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) }).retry(RetryPolicy::never());
    /// # let _ = o;
    /// ```
    pub fn retry(self, retry: RetryPolicy) -> Self {
        self.with_query(|q| q.retry(retry))
    }

    /// Whether a mounted component refetches ([`QueryOptions::refetch_on_mount`]).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, InfiniteQueryOptions};
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) }).refetch_on_mount(false);
    /// # let _ = o;
    /// ```
    pub fn refetch_on_mount(self, on: impl Into<RefetchOnMount>) -> Self {
        let on = on.into();
        self.with_query(|q| q.refetch_on_mount(on))
    }

    /// Which changes notify ([`QueryOptions::notify_on`]).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, InfiniteQueryOptions, NotifyOn};
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) }).notify_on(NotifyOn::Data);
    /// # let _ = o;
    /// ```
    pub fn notify_on(self, notify_on: NotifyOn) -> Self {
        self.with_query(|q| q.notify_on(notify_on))
    }
}
