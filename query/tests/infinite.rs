//! Infinite queries: pages fetched forwards and backwards, refetches of every page,
//! `max_pages`, and optimistic patches that reach into pages (a post added to the first
//! page, a row removed from the third) living through rollbacks and refetches.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use std::cell::RefCell;
use std::rc::Rc;
use support::Gate;

/// A page of post ids, newest first, and the server's word on whether more follow.
#[derive(Clone, Debug, PartialEq)]
struct Page {
    posts: Vec<u32>,
    next: Option<u32>,
}

impl PageItems for Page {
    type Item = u32;
    fn items(&self) -> &[u32] {
        &self.posts
    }
    fn items_mut(&mut self) -> &mut Vec<u32> {
        &mut self.posts
    }
}

type Feed = InfiniteData<Page, u32>;

const PAGE: usize = 3;

/// The server's feed (newest first) and its requests, answered by hand.
#[derive(Clone, Default)]
struct Server {
    posts: Rc<RefCell<Vec<u32>>>,
    gate: Gate<Page>,
}

impl Server {
    fn with_posts(n: u32) -> Self {
        let s = Server::default();
        *s.posts.borrow_mut() = (1..=n).rev().collect();
        s
    }

    fn page(&self, p: u32) -> Page {
        let posts = self.posts.borrow();
        let start = (p as usize * PAGE).min(posts.len());
        let end = (start + PAGE).min(posts.len());
        Page {
            posts: posts[start..end].to_vec(),
            next: (end < posts.len()).then_some(p + 1),
        }
    }

    /// Answers every waiting page request from the current posts, one round of tasks
    /// at a time (a refetch asks for its pages one after the other).
    fn serve(&self, rt: &TestRuntime) {
        rt.run();
        while !self.gate.is_empty() {
            let label = self.gate.labels()[0].clone();
            let p: u32 = label.trim_start_matches("GET page ").parse().unwrap();
            self.gate.answer_next(Ok(self.page(p)));
            rt.run();
        }
    }
}

fn client(rt: &TestRuntime) -> QueryClient {
    QueryClient::with_config(
        rt.runtime(),
        ClientConfig {
            seed: Some(11),
            query_retry: RetryPolicy::never(),
            mutation_retry: RetryPolicy::never(),
            ..Default::default()
        },
    )
}

fn feed_options(server: &Server) -> InfiniteQueryOptions<Page, u32> {
    let g = server.gate.clone();
    InfiniteQueryOptions::new(keys!["feed"], 0_u32, move |_ctx, p: u32| {
        g.request(format!("GET page {p}"), None)
    })
    .get_next_page_param(|last: &Page, _, _, _| last.next)
    .get_previous_page_param(|_, _, p: &u32, _| p.checked_sub(1))
}

/// The posts of each page.
fn pages(obs: &InfiniteQueryObserver<Page, u32>) -> Vec<Vec<u32>> {
    obs.result()
        .data
        .as_ref()
        .map(|d| d.pages.iter().map(|p| p.posts.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn pages_load_forwards_until_there_is_no_next_page() {
    let rt = TestRuntime::new();
    let client = client(&rt);
    let server = Server::with_posts(7);
    let feed = InfiniteQueryObserver::new(&client, feed_options(&server)).unwrap();
    assert!(feed.result().is_loading());
    assert!(
        !feed.fetch_next_page(),
        "nothing to continue before the first page"
    );
    server.serve(&rt);
    assert_eq!(pages(&feed), vec![vec![7, 6, 5]]);
    assert!(feed.result().has_next_page);

    assert!(feed.fetch_next_page());
    let r = feed.result();
    assert!(r.is_fetching_next_page() && !r.is_fetching_previous_page() && r.is_refetching());
    assert!(feed.fetch_next_page(), "a second click joins the fetch");
    rt.run();
    assert_eq!(server.gate.labels(), vec!["GET page 1"], "one request");
    server.serve(&rt);
    assert!(!feed.result().is_fetching_next_page());
    feed.fetch_next_page();
    server.serve(&rt);
    assert_eq!(pages(&feed), vec![vec![7, 6, 5], vec![4, 3, 2], vec![1]]);
    assert_eq!(
        feed.result().data.as_ref().unwrap().page_params,
        vec![0, 1, 2]
    );
    assert!(!feed.result().has_next_page, "the server says no more");
    assert!(!feed.fetch_next_page());
    rt.run();
    assert_eq!(server.gate.len(), 0);
}

#[test]
fn pages_load_backwards_from_a_middle_page() {
    let rt = TestRuntime::new();
    let client = client(&rt);
    let server = Server::with_posts(9);
    let g = server.gate.clone();
    let opts = InfiniteQueryOptions::new(keys!["feed"], 2_u32, move |_ctx, p: u32| {
        g.request(format!("GET page {p}"), None)
    })
    .get_previous_page_param(|_, _, p: &u32, _| p.checked_sub(1));
    let feed = InfiniteQueryObserver::new(&client, opts).unwrap();
    server.serve(&rt);
    assert_eq!(pages(&feed), vec![vec![3, 2, 1]]);
    assert!(feed.result().has_previous_page && !feed.result().has_next_page);
    feed.fetch_previous_page();
    assert!(feed.result().is_fetching_previous_page());
    server.serve(&rt);
    feed.fetch_previous_page();
    server.serve(&rt);
    assert_eq!(
        pages(&feed),
        vec![vec![9, 8, 7], vec![6, 5, 4], vec![3, 2, 1]]
    );
    assert_eq!(
        feed.result().data.as_ref().unwrap().page_params,
        vec![0, 1, 2]
    );
    assert!(!feed.result().has_previous_page);
}

#[test]
fn a_refetch_fetches_every_page_again_in_order() {
    let rt = TestRuntime::new();
    let client = client(&rt);
    let server = Server::with_posts(7);
    let feed = InfiniteQueryObserver::new(&client, feed_options(&server)).unwrap();
    server.serve(&rt);
    feed.fetch_next_page();
    server.serve(&rt);
    let before = client.fetch_count();

    // Two posts arrive on the server: every page shifts.
    server.posts.borrow_mut().splice(0..0, [9, 8]);
    feed.refetch();
    rt.run();
    assert_eq!(
        server.gate.labels(),
        vec!["GET page 0"],
        "pages one after the other"
    );
    assert!(
        !feed.fetch_next_page() || server.gate.len() == 1,
        "a page fetch joins the refetch"
    );
    server.serve(&rt);
    assert_eq!(pages(&feed), vec![vec![9, 8, 7], vec![6, 5, 4]]);
    assert_eq!(
        client.fetch_count() - before,
        1,
        "one attempt fetched both pages"
    );

    // The server shrinks: the refetch stops where there is no next page.
    server.posts.borrow_mut().truncate(4);
    feed.refetch();
    server.serve(&rt);
    assert_eq!(pages(&feed), vec![vec![9, 8, 7], vec![6]]);
    server.posts.borrow_mut().truncate(2);
    feed.refetch();
    server.serve(&rt);
    assert_eq!(
        pages(&feed),
        vec![vec![9, 8]],
        "a first page without a next ends it"
    );
}

#[test]
fn max_pages_drops_pages_at_the_other_end() {
    let rt = TestRuntime::new();
    let client = client(&rt);
    let server = Server::with_posts(20);
    let feed = InfiniteQueryObserver::new(&client, feed_options(&server).max_pages(2)).unwrap();
    server.serve(&rt);
    for _ in 0..2 {
        feed.fetch_next_page();
        server.serve(&rt);
    }
    assert_eq!(feed.result().data.as_ref().unwrap().page_params, vec![1, 2]);
    assert_eq!(pages(&feed), vec![vec![17, 16, 15], vec![14, 13, 12]]);
    feed.fetch_previous_page();
    server.serve(&rt);
    assert_eq!(feed.result().data.as_ref().unwrap().page_params, vec![0, 1]);
    feed.refetch();
    server.serve(&rt);
    assert_eq!(pages(&feed).len(), 2, "a refetch fetches the pages kept");
}

#[test]
fn a_failed_page_keeps_the_pages_and_can_be_fetched_again() {
    let rt = TestRuntime::new();
    let client = client(&rt);
    let server = Server::with_posts(7);
    let feed = InfiniteQueryObserver::new(&client, feed_options(&server)).unwrap();
    server.serve(&rt);
    feed.fetch_next_page();
    rt.run();
    server
        .gate
        .answer_next(Err(FetchError::Network("reset".into())));
    rt.run();
    let r = feed.result();
    assert!(r.is_error() && !r.is_fetching_next_page());
    assert_eq!(pages(&feed), vec![vec![7, 6, 5]], "the first page stays");
    assert!(r.has_next_page);
    feed.fetch_next_page();
    server.serve(&rt);
    assert!(feed.result().is_success());
    assert_eq!(pages(&feed).len(), 2);
}

// ---------------------------------------------------------------- optimistic pages

/// A post mutation: `Ok` or a refusal, answered by hand.
fn post_options(calls: &Gate<()>, server: &Server) -> MutationOptions<u32, ()> {
    let (g, s) = (calls.clone(), server.clone());
    MutationOptions::new(move |id: u32, _ctx| {
        let reply = g.request(format!("POST {id}"), None);
        let s = s.clone();
        async move {
            reply.await?;
            s.posts.borrow_mut().insert(0, id);
            Ok(())
        }
    })
    .optimistic(|id: &u32, patches| {
        let id = *id;
        // On top of the first page, once: the same post is never shown twice, so an
        // answer that already holds it may be rebased under this layer.
        patches.modify(keys!["feed"], move |feed: &mut Feed| {
            if !feed.contains(|p| *p == id) {
                feed.insert_first(id);
            }
        });
    })
    .idempotent()
}

/// A delete of a post on the third page.
fn delete_options(calls: &Gate<()>, server: &Server) -> MutationOptions<u32, ()> {
    let (g, s) = (calls.clone(), server.clone());
    MutationOptions::new(move |id: u32, _ctx| {
        let reply = g.request(format!("DELETE {id}"), None);
        let s = s.clone();
        async move {
            reply.await?;
            s.posts.borrow_mut().retain(|p| *p != id);
            Ok(())
        }
    })
    .optimistic(|id: &u32, patches| {
        let id = *id;
        patches.modify(keys!["feed"], move |feed: &mut Feed| {
            feed.remove_in_page(2, |p| *p == id);
        });
    })
    .idempotent()
}

fn refuse() -> Result<(), FetchError> {
    Err(FetchError::Http {
        status: 422,
        body: "too long".into(),
    })
}

#[test]
fn a_refused_post_rolls_back_only_its_row_and_a_refetch_rebases_the_rest() {
    let rt = TestRuntime::new();
    let client = client(&rt);
    let server = Server::with_posts(9);
    let feed = InfiniteQueryObserver::new(&client, feed_options(&server)).unwrap();
    server.serve(&rt);
    feed.fetch_next_page();
    server.serve(&rt);
    feed.fetch_next_page();
    server.serve(&rt);
    assert_eq!(
        pages(&feed),
        vec![vec![9, 8, 7], vec![6, 5, 4], vec![3, 2, 1]]
    );

    let calls: Gate<()> = Gate::default();
    let post = MutationObserver::new(&client, post_options(&calls, &server));
    let delete = MutationObserver::new(&client, delete_options(&calls, &server));
    post.mutate(100); // will be refused
    post.mutate(101);
    delete.mutate(2); // a row of the third page
    assert_eq!(
        pages(&feed),
        vec![vec![101, 100, 9, 8, 7], vec![6, 5, 4], vec![3, 1]],
        "all three painted at once"
    );
    assert!(feed.result().is_optimistic);
    rt.run();
    assert_eq!(calls.labels(), vec!["POST 100", "POST 101", "DELETE 2"]);

    calls.answer(0, refuse());
    rt.run();
    assert_eq!(
        pages(&feed),
        vec![vec![101, 9, 8, 7], vec![6, 5, 4], vec![3, 1]],
        "only the refused post's row went"
    );
    assert!(
        post.state().is_pending(),
        "the observer follows the latest call, still pending"
    );

    // A refetch of every page lands while 101 and the delete are in flight: their
    // layers are applied again on the new pages (another post arrived meanwhile).
    server.posts.borrow_mut().insert(0, 10);
    feed.refetch();
    server.serve(&rt);
    assert_eq!(
        pages(&feed),
        vec![vec![101, 10, 9, 8], vec![7, 6, 5], vec![4, 3]],
        "rebased: 101 on top of the first page, 2 still gone from the third"
    );
    let entry = client.inspect(&keys!["feed"]).unwrap();
    assert_eq!(entry.layers.len(), 2);

    // Both succeed; the server's pages then hold them and the cache ends as the server.
    calls.answer_next(Ok(()));
    calls.answer_next(Ok(()));
    rt.run();
    feed.refetch();
    server.serve(&rt);
    assert_eq!(
        pages(&feed),
        vec![vec![101, 10, 9], vec![8, 7, 6], vec![5, 4, 3]]
    );
    assert!(client.inspect(&keys!["feed"]).unwrap().layers.is_empty());
    assert!(!feed.result().is_optimistic);
}

#[test]
fn a_page_fetched_while_a_success_waits_for_its_refetch_keeps_the_success() {
    let rt = TestRuntime::new();
    let client = client(&rt);
    let server = Server::with_posts(9);
    let opts = feed_options(&server).with_query(|q| q.network_mode(NetworkMode::Always));
    let feed = InfiniteQueryObserver::new(&client, opts).unwrap();
    server.serve(&rt);

    let calls: Gate<()> = Gate::default();
    let post = MutationObserver::new(
        &client,
        post_options(&calls, &server).invalidates(keys!["feed"]),
    );
    post.mutate(100);
    rt.run();
    // A second post waits offline, unsent: the first one's refetch waits for it.
    client.set_online(false);
    post.mutate(101);
    rt.run();
    calls.answer_next(Ok(()));
    rt.run();
    assert!(client.inspect(&keys!["feed"]).unwrap().layers[0].committed);

    feed.fetch_next_page();
    server.serve(&rt);
    assert_eq!(
        pages(&feed),
        // A page asked for while the success waits for the server's copy may hold it
        // (merged, a change could show twice; here the server's offsets moved by the
        // post it stored, and 7 would be on both pages): it is not merged, and the
        // pages loaded are read again, which brings the success.
        vec![vec![101, 100, 9, 8]],
        "100 stays shown, once"
    );

    client.set_online(true);
    rt.run();
    calls.answer_next(Ok(()));
    server.serve(&rt);
    assert_eq!(
        pages(&feed),
        vec![vec![101, 100, 9]],
        "the deferred refetch brought the page with both posts"
    );
    assert!(client.inspect(&keys!["feed"]).unwrap().layers.is_empty());
    feed.fetch_next_page();
    server.serve(&rt);
    assert_eq!(pages(&feed), vec![vec![101, 100, 9], vec![8, 7, 6]]);
}

#[test]
fn a_page_answer_that_overlaps_a_write_is_not_used() {
    let rt = TestRuntime::new();
    let client = client(&rt);
    let server = Server::with_posts(9);
    let feed = InfiniteQueryObserver::new(&client, feed_options(&server)).unwrap();
    server.serve(&rt);
    let calls: Gate<()> = Gate::default();
    // Not idempotent: it pushes a row whatever is there.
    let (g, s) = (calls.clone(), server.clone());
    let push = MutationObserver::new(
        &client,
        MutationOptions::new(move |id: u32, _| {
            let reply = g.request(format!("POST {id}"), None);
            let s = s.clone();
            async move {
                reply.await?;
                s.posts.borrow_mut().insert(0, id);
                Ok::<(), FetchError>(())
            }
        })
        .optimistic(|id: &u32, p| {
            let id = *id;
            p.modify(keys!["feed"], move |f: &mut Feed| {
                f.insert_first(id);
            });
        }),
    );
    push.mutate(50);
    rt.run();
    feed.fetch_next_page();
    server.serve(&rt);
    assert_eq!(
        pages(&feed),
        vec![vec![50, 9, 8, 7]],
        "the page answer was dropped"
    );
    assert!(client
        .recent_events()
        .iter()
        .any(|e| e.event == CacheEvent::UncertainResponseDropped { key: keys!["feed"] }));
    calls.answer_next(Ok(()));
    server.serve(&rt);
    assert_eq!(
        pages(&feed),
        vec![vec![50, 9, 8]],
        "fetched again once the write settled, without the row twice"
    );
}

#[test]
fn set_query_data_and_patches_work_on_pages() {
    let rt = TestRuntime::new();
    let client = client(&rt);
    let server = Server::with_posts(3);
    let feed = InfiniteQueryObserver::new(&client, feed_options(&server)).unwrap();
    server.serve(&rt);
    client
        .update_query_data(&keys!["feed"], |f: &Feed| {
            let mut f = f.clone();
            f.update_where(|p| *p == 2, |p| *p = 20);
            f
        })
        .unwrap();
    assert_eq!(pages(&feed), vec![vec![3, 20, 1]]);
    assert_eq!(feed.result().data.as_ref().unwrap().items().count(), 3);
}

/// A page of values after a cursor, in order, and whether more may follow (a full page).
#[derive(Clone, Debug, PartialEq)]
struct Chunk {
    values: Vec<String>,
    more: bool,
}

type Chunks = InfiniteData<Chunk, String>;

/// Answers the waiting page request (labelled with its cursor: values after it, one a
/// page) from the server's values.
fn answer_chunk(gate: &Gate<Chunk>, server: &[&str]) {
    let cursor = gate.labels()[0].clone();
    let after: Vec<String> = server
        .iter()
        .filter(|v| **v > cursor.as_str())
        .map(|v| v.to_string())
        .collect();
    gate.answer_next(Ok(Chunk {
        more: !after.is_empty(),
        values: after.into_iter().take(1).collect(),
    }));
}

fn values(feed: &InfiniteQueryObserver<Chunk, String>) -> Vec<String> {
    feed.result()
        .data
        .as_ref()
        .map(|d| d.pages.iter().flat_map(|p| p.values.clone()).collect())
        .unwrap_or_default()
}

/// Found by the model checker (an infinite query, writes in flight, a page fetch retried
/// after a 500): a value is added (its layer puts it in its place); the next page is
/// asked for and fails with a 500; the add succeeds while the retry waits, its change
/// still a layer (a read was out); the retry starts, its cursor taken from the confirmed
/// pages, which lack the accepted change; the layer folds into them meanwhile, and the
/// page, the server's copy of that change, was merged on top: "b" twice. A page fetched
/// while accepted changes wait for the server's copy may hold them: it is dropped and
/// every page read again, which retires them.
#[test]
fn a_page_fetched_while_an_accepted_change_waits_for_the_server_does_not_show_it_twice() {
    let rt = TestRuntime::new();
    let client = client(&rt);
    let pages: Gate<Chunk> = Gate::default();
    let g = pages.clone();
    let opts = InfiniteQueryOptions::new(keys!["values"], String::new(), move |_, after| {
        g.request(after, None)
    })
    .get_next_page_param(|last: &Chunk, _, _, _| {
        last.more
            .then(|| last.values.last().cloned().unwrap_or_default())
    })
    .retry(RetryPolicy::times(1).delays(10, 10));
    let feed = InfiniteQueryObserver::new(&client, opts).unwrap();
    rt.run();
    answer_chunk(&pages, &["a"]);
    rt.run();
    assert_eq!(values(&feed), ["a"]);

    let writes: Gate<()> = Gate::default();
    let w = writes.clone();
    let add = MutationObserver::new(
        &client,
        MutationOptions::new(move |v: String, _ctx| w.request(v, None)).optimistic(
            |v: &String, p| {
                let v = v.clone();
                p.modify(keys!["values"], move |f: &mut Chunks| {
                    // In its place, or after the last page loaded.
                    match f.pages.iter_mut().find(|p| p.values.iter().any(|x| *x > v)) {
                        Some(page) => {
                            let at = page.values.iter().position(|x| *x > v).unwrap_or(0);
                            page.values.insert(at, v.clone());
                        }
                        None => {
                            if let Some(last) = f.pages.last_mut() {
                                last.values.push(v.clone());
                            }
                        }
                    }
                });
            },
        ),
    );
    add.mutate("b".into());
    rt.run();
    assert_eq!(values(&feed), ["a", "b"]);
    assert!(feed.fetch_next_page());
    rt.run();
    pages.answer_next(Err(FetchError::Http {
        status: 500,
        body: "oops".into(),
    }));
    rt.run();
    writes.answer_next(Ok(()));
    rt.run();
    // The retry, and whatever the client asks next, answered from the server.
    let serve = || {
        for _ in 0..10 {
            rt.run();
            assert!(
                values(&feed).iter().filter(|v| *v == "b").count() <= 1,
                "b twice: {:?}",
                values(&feed)
            );
            if pages.is_empty() {
                break;
            }
            answer_chunk(&pages, &["a", "b"]);
        }
    };
    rt.advance(10);
    serve();
    // The page was not merged: the pages loaded were read again, and "b" is on the
    // next one.
    assert_eq!(values(&feed), ["a"]);
    assert!(client.inspect(&keys!["values"]).unwrap().layers.is_empty());
    assert!(feed.fetch_next_page());
    serve();
    assert_eq!(values(&feed), ["a", "b"]);
}
