//! Typed keys: a `TypedKey<T>` names the same entry as its plain key, and reading or
//! writing it with another type does not compile (the `compile_fail` doc tests of
//! `TypedKey` and `QueryOptions::typed` check that side).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
struct Todo {
    id: u32,
    title: String,
}

/// The app's keys, in one place: each says what it holds.
mod api_keys {
    use super::Todo;
    use optimistic_query::{keys, TypedKey};

    pub fn todos() -> TypedKey<Vec<Todo>> {
        TypedKey::new(keys!["todos"])
    }

    pub fn todo(id: u32) -> TypedKey<Todo> {
        TypedKey::new(keys!["todo", id])
    }

    pub fn count() -> TypedKey<usize> {
        TypedKey::new(keys!["todos", "count"])
    }
}

fn todo(id: u32, title: &str) -> Todo {
    Todo {
        id,
        title: title.into(),
    }
}

#[test]
fn typed_reads_and_writes_infer_the_type() {
    let client = QueryClient::new(TestRuntime::new().runtime());
    client
        .set_query_data(&api_keys::todos(), vec![todo(1, "a")])
        .unwrap();
    let list: Rc<Vec<Todo>> = client.get_query_data(&api_keys::todos()).unwrap().unwrap();
    assert_eq!(list.len(), 1);
    client
        .update_query_data(&api_keys::todos(), |l| {
            let mut l = l.clone();
            l.push(todo(2, "b"));
            l
        })
        .unwrap();
    assert_eq!(
        client
            .get_confirmed_data(&api_keys::todos())
            .unwrap()
            .unwrap()
            .len(),
        2
    );
    assert!(client.get_query_data(&api_keys::todo(9)).unwrap().is_none());
}

#[test]
fn typed_and_plain_keys_name_the_same_entry() {
    let client = QueryClient::new(TestRuntime::new().runtime());
    client.set_query_data(&api_keys::count(), 3).unwrap();
    let plain = client
        .get_query_data::<usize>(&keys!["todos", "count"])
        .unwrap()
        .unwrap();
    assert_eq!(*plain, 3);
    // The plain key is still checked at run time.
    assert!(matches!(
        client.get_query_data::<String>(api_keys::count().key()),
        Err(CacheError::TypeMismatch { .. })
    ));
    // Filters take the plain key.
    client.invalidate_queries(&QueryFilter::exact(api_keys::count().key().clone()));
    assert!(client.inspect(api_keys::count().key()).unwrap().invalidated);
}

#[test]
fn typed_query_options_and_patches() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let opts = QueryOptions::typed(&api_keys::todos(), |_| async {
        Ok::<_, FetchError>(vec![todo(1, "a")])
    });
    let obs = QueryObserver::new(&client, opts).unwrap();
    rt.run();
    assert_eq!(obs.result().data.unwrap().len(), 1);

    let add = MutationObserver::new(
        &client,
        MutationOptions::new(|t: Todo, _| async move { Ok::<_, FetchError>(t) }).optimistic(
            |t: &Todo, patches| {
                let t = t.clone();
                // The list type comes from the key: no annotation needed.
                patches.modify(api_keys::todos(), move |list| list.push(t.clone()));
                patches.set(api_keys::todo(2), todo(2, "b"));
            },
        ),
    );
    add.mutate(todo(2, "b"));
    assert_eq!(obs.result().data.unwrap().len(), 2);
    assert_eq!(
        client
            .get_query_data(&api_keys::todo(2))
            .unwrap()
            .unwrap()
            .title,
        "b"
    );
}

#[test]
fn typed_keys_compare_print_and_extend() {
    let a = api_keys::todos();
    assert_eq!(a.clone(), a);
    assert_eq!(a.to_string(), r#"["todos"]"#);
    assert!(format!("{a:?}").contains("Vec"));
    let page: TypedKey<Vec<Todo>> = api_keys::todos().with("page").with(2);
    assert_eq!(page.key(), &keys!["todos", "page", 2]);
    assert_eq!(QueryKey::from(page), keys!["todos", "page", 2]);
}
