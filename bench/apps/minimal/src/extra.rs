//! Features `devtools`, `components`, `infinite`, `suspense`, `query2`, `mutation2`,
//! `collections`: one
//! use each of that part of the library, next to the minimal app's list.

use yew::prelude::*;
#[cfg(any(feature = "infinite", feature = "suspense", feature = "query2"))]
use yew_optimistic::FetchContext;

#[function_component]
pub fn Extra() -> Html {
    html! {
        <>
            { devtools() }
            { component() }
            { infinite() }
            { suspense() }
            { query2() }
            { mutation2() }
            { collections() }
        </>
    }
}

#[cfg(feature = "devtools")]
fn devtools() -> Html {
    html! { <yew_optimistic::devtools::EventLog /> }
}
#[cfg(not(feature = "devtools"))]
fn devtools() -> Html {
    Html::default()
}

#[cfg(feature = "components")]
mod like {
    use futures::future::LocalBoxFuture;
    use yew_optimistic::like_button::{LikeSource, Likes, SetLiked};
    use yew_optimistic::optimistic_query::AbortSignal;
    use yew_optimistic::{FetchError, MutationContext};

    pub struct Api(pub yew_optimistic::browser::http::Http);

    impl LikeSource for Api {
        fn fetch(
            &self,
            post: &str,
            _ctx: &yew_optimistic::FetchContext,
        ) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
            Box::pin(
                self.0
                    .get_json(&format!("/posts/{post}/likes"), &AbortSignal::default()),
            )
        }
        fn set_liked(
            &self,
            change: SetLiked,
            ctx: MutationContext,
        ) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
            let path = format!("/posts/{}/likes", change.post);
            Box::pin(self.0.send_json(
                yew_optimistic::browser::http::Method::PUT,
                &path,
                &change,
                &ctx,
            ))
        }
    }
}

#[cfg(feature = "components")]
fn component() -> Html {
    use yew_optimistic::like_button::{LikeButton, LikeSource};
    use yew_optimistic::SourceRef;
    let likes: SourceRef<dyn LikeSource> =
        SourceRef::new(std::rc::Rc::new(like::Api(super::api())));
    html! { <LikeButton source={likes} post="hello" /> }
}
#[cfg(not(feature = "components"))]
fn component() -> Html {
    Html::default()
}

#[cfg(feature = "infinite")]
#[function_component]
fn Pages() -> Html {
    use yew_optimistic::{keys, use_infinite_query, InfiniteQueryOptions};
    let http = super::api();
    let pages = use_infinite_query(
        InfiniteQueryOptions::new(
            keys!["pages"],
            0_u32,
            move |ctx: FetchContext, page: u32| {
                http.get_json::<Vec<String>, String>(&format!("/pages/{page}"), &ctx.signal)
            },
        )
        .get_next_page_param(|_, _, page: &u32, _| (*page < 4).then_some(page + 1)),
    );
    let more = {
        let pages = pages.clone();
        Callback::from(move |_: MouseEvent| pages.fetch_next_page())
    };
    html! {
        <>
            <ul>{ for pages.data.iter().flat_map(|d| d.items()).map(|s| html! { <li>{ s }</li> }) }</ul>
            <button onclick={more}>{ "More" }</button>
        </>
    }
}
#[cfg(feature = "infinite")]
fn infinite() -> Html {
    html! { <Pages /> }
}
#[cfg(not(feature = "infinite"))]
fn infinite() -> Html {
    Html::default()
}

#[cfg(feature = "suspense")]
#[function_component]
fn Names() -> HtmlResult {
    use yew_optimistic::{keys, use_suspense_query, QueryOptions};
    let http = super::api();
    let names = match use_suspense_query(QueryOptions::new(
        keys!["names"],
        move |ctx: FetchContext| http.get_json::<Vec<String>, String>("/names", &ctx.signal),
    ))? {
        Ok(names) => names,
        Err(e) => return Ok(html! { <p role="alert">{ e.to_string() }</p> }),
    };
    Ok(html! { <ul>{ for names.data.iter().map(|n| html! { <li>{ n }</li> }) }</ul> })
}
#[cfg(feature = "suspense")]
fn suspense() -> Html {
    html! { <Suspense fallback={html! { <p>{ "Loading…" }</p> }}><Names /></Suspense> }
}
#[cfg(not(feature = "suspense"))]
fn suspense() -> Html {
    Html::default()
}

/// A second data type, so that its query and mutation are new instantiations.
#[cfg(any(feature = "query2", feature = "mutation2"))]
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Tag {
    name: String,
    count: u64,
}

#[cfg(feature = "query2")]
#[function_component]
fn Tags() -> Html {
    use yew_optimistic::{keys, use_query, QueryOptions};
    let http = super::api();
    let tags = use_query(QueryOptions::new(
        keys!["tags"],
        move |ctx: FetchContext| http.get_json::<Vec<Tag>, String>("/tags", &ctx.signal),
    ));
    html! { <ul>{ for tags.data.iter().flat_map(|t| t.iter()).map(|t| html! { <li>{ &t.name }{ t.count }</li> }) }</ul> }
}
#[cfg(feature = "query2")]
fn query2() -> Html {
    html! { <Tags /> }
}
#[cfg(not(feature = "query2"))]
fn query2() -> Html {
    Html::default()
}

#[cfg(feature = "mutation2")]
#[function_component]
fn RenameTag() -> Html {
    use yew_optimistic::browser::http::Method;
    use yew_optimistic::{keys, use_optimistic_mutation, MutationContext, MutationOptions};
    let http = super::api();
    let rename = use_optimistic_mutation(
        MutationOptions::new(move |tag: Tag, ctx: MutationContext| {
            http.send_json::<_, Tag, String>(Method::PUT, "/tags", &tag, &ctx)
        })
        .optimistic(|tag: &Tag, patches| {
            let tag = tag.clone();
            patches.modify(keys!["tags"], move |tags: &mut Vec<Tag>| {
                tags.push(tag.clone())
            });
        })
        .invalidates(keys!["tags"]),
    );
    let onclick = Callback::from(move |_: MouseEvent| {
        rename.mutate(Tag {
            name: "new".into(),
            count: 0,
        });
    });
    html! { <button {onclick}>{ "Add tag" }</button> }
}
#[cfg(feature = "mutation2")]
fn mutation2() -> Html {
    html! { <RenameTag /> }
}
#[cfg(not(feature = "mutation2"))]
fn mutation2() -> Html {
    Html::default()
}

#[cfg(feature = "collections")]
mod rows {
    use yew::prelude::*;
    use yew_optimistic::browser::http::Method;
    use yew_optimistic::{
        keys, use_collection, use_optimistic_action, use_row, Collection, CollectionObserver,
        FetchContext, MutationContext, MutationOptions, OptimisticAction, QueryOptions, TypedKey,
    };

    type Todos = Collection<u32, crate::Todo>;

    fn todos() -> TypedKey<Todos> {
        TypedKey::new(keys!["todo-rows"])
    }

    #[derive(Properties, PartialEq)]
    struct RowProps {
        rows: CollectionObserver<u32, crate::Todo>,
        id: u32,
        toggle: OptimisticAction<u32, ()>,
    }

    #[function_component]
    fn Row(props: &RowProps) -> Html {
        let Some(todo) = use_row(&props.rows, props.id) else {
            return Html::default();
        };
        let id = props.id;
        let onclick = props
            .toggle
            .mutate_callback()
            .reform(move |_: MouseEvent| id);
        html! { <li><button {onclick}>{ &todo.title }</button></li> }
    }

    #[function_component]
    pub fn Rows() -> Html {
        let http = crate::api();
        let list = use_collection(QueryOptions::collection(
            &todos(),
            |t: &crate::Todo| t.id,
            move |ctx: FetchContext| {
                http.get_json::<Vec<crate::Todo>, String>("/rows", &ctx.signal)
            },
        ));
        let http = crate::api();
        let toggle = use_optimistic_action(
            MutationOptions::new(move |id: u32, ctx: MutationContext| {
                http.send_json::<_, (), String>(
                    Method::POST,
                    &format!("/rows/{id}/toggle"),
                    &id,
                    &ctx,
                )
            })
            .optimistic(|id: &u32, patches| {
                patches
                    .collection(todos())
                    .update(*id, |t| t.done = !t.done);
            }),
        );
        let Some(rows) = list.observer.clone() else {
            return Html::default();
        };
        html! {
            <ul>{ for list.keys.iter().map(|id| html! {
                <Row key={*id} rows={rows.clone()} id={*id} toggle={toggle.clone()} />
            }) }</ul>
        }
    }
}
#[cfg(feature = "collections")]
fn collections() -> Html {
    html! { <rows::Rows /> }
}
#[cfg(not(feature = "collections"))]
fn collections() -> Html {
    Html::default()
}
