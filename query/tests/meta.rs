//! `meta` on queries and mutations (issue 18): the app's own value comes back where
//! code sees a query or a call without its types.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Debug, PartialEq)]
struct Toast(&'static str);

#[test]
fn a_querys_meta_reaches_every_fetch_attempt_and_inspect() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let seen = Rc::new(RefCell::new(Vec::new()));
    let s = seen.clone();
    let opts = QueryOptions::new(keys!["todos"], move |ctx: FetchContext| {
        let s = s.clone();
        async move {
            s.borrow_mut().push((
                ctx.attempt,
                ctx.meta
                    .as_ref()
                    .and_then(|m| m.get::<Toast>().map(|t| t.0)),
            ));
            if ctx.attempt == 1 {
                Err(FetchError::<String>::Network("down".into()))
            } else {
                Ok(vec![1_u8])
            }
        }
    })
    .retry(RetryPolicy::times(1).delays(1, 1))
    .meta(Toast("Could not load your todos"));
    let obs = QueryObserver::new(&client, opts).unwrap();
    rt.settle(1_000);
    assert_eq!(obs.result().data.as_deref(), Some(&vec![1]));
    assert_eq!(
        *seen.borrow(),
        vec![
            (1, Some("Could not load your todos")),
            (2, Some("Could not load your todos"))
        ],
        "the retry is told the same meta"
    );
    let snap = client.inspect(&keys!["todos"]).unwrap();
    assert_eq!(
        snap.meta.unwrap().get::<Toast>(),
        Some(&Toast("Could not load your todos"))
    );
}

#[test]
fn a_query_without_meta_shows_none_and_new_options_replace_it() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let plain = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) });
    let obs = QueryObserver::new(&client, plain.clone()).unwrap();
    rt.run();
    assert!(client.inspect(&keys!["n"]).unwrap().meta.is_none());
    obs.set_options(plain.meta(Toast("now")), Rc::clone)
        .unwrap();
    assert_eq!(
        client
            .inspect(&keys!["n"])
            .unwrap()
            .meta
            .unwrap()
            .get::<Toast>(),
        Some(&Toast("now"))
    );
}

#[test]
fn a_mutations_meta_reaches_its_function_and_its_info_until_it_settles() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let seen = Rc::new(RefCell::new(None));
    let s = seen.clone();
    let save = MutationOptions::new(move |n: u32, ctx: MutationContext| {
        *s.borrow_mut() = ctx
            .meta
            .as_ref()
            .and_then(|m| m.get::<Toast>().map(|t| t.0));
        async move {
            Err::<u32, FetchError>(FetchError::Http {
                status: 422,
                body: format!("{n} taken"),
            })
        }
    })
    .retry(RetryPolicy::never())
    .meta(Toast("Could not save the score"));
    let m = MutationObserver::new(&client, save);
    m.mutate(3);
    let infos = client.mutation_infos(&MutationFilter::default());
    assert_eq!(infos.len(), 1);
    let meta = infos[0].meta.clone().unwrap();
    assert_eq!(
        meta.get::<Toast>(),
        Some(&Toast("Could not save the score"))
    );
    rt.run();
    assert_eq!(*seen.borrow(), Some("Could not save the score"));
    assert!(m.state().is_error());
    // A global error handler reads it from the failed call's info.
    let failed = client.mutation_infos(&MutationFilter::default());
    assert_eq!(
        failed[0].meta.as_ref(),
        Some(&meta),
        "the same value, not a copy"
    );
    assert!(failed[0].error.is_some());
}

#[test]
fn a_mutation_without_meta_shows_none() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let m = MutationObserver::new(
        &client,
        MutationOptions::new(|n: u32, ctx: MutationContext| async move {
            assert!(ctx.meta.is_none());
            Ok::<u32, FetchError>(n)
        }),
    );
    m.mutate(1);
    assert!(client.mutation_infos(&MutationFilter::default())[0]
        .meta
        .is_none());
    rt.run();
    assert!(m.state().is_success());
}
