//! Features `query2` and `mutation2`: the minimal app's second query type and second
//! mutation type (`bench/apps/minimal/src/extra.rs`) written by hand, with the same markup,
//! the same requests and the same JSON. What a hand-written app pays for one more type is
//! what these add; the rest of what the library's rows add is the library's share.

use gloo_net::http::Request;
use serde::{Deserialize, Serialize};
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Tag {
    name: String,
    count: u64,
}

#[function_component]
pub fn Extra() -> Html {
    html! {
        <>
            { query2() }
            { mutation2() }
        </>
    }
}

/// The tags, fetched once on mount (the library's query: fetched when first observed).
#[cfg(feature = "query2")]
#[function_component]
fn Tags() -> Html {
    let tags = use_state(|| None::<Vec<Tag>>);
    {
        let tags = tags.setter();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(list) = fetch_tags().await {
                    tags.set(Some(list));
                }
            });
        });
    }
    html! { <ul>{ for tags.iter().flat_map(|t| t.iter()).map(|t| html! { <li>{ &t.name }{ t.count }</li> }) }</ul> }
}

#[cfg(feature = "query2")]
async fn fetch_tags() -> Result<Vec<Tag>, String> {
    let response = Request::get("/api/tags")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response.json().await.map_err(|e| e.to_string())
}

#[cfg(feature = "query2")]
fn query2() -> Html {
    html! { <Tags /> }
}
#[cfg(not(feature = "query2"))]
fn query2() -> Html {
    Html::default()
}

/// The tags added and not answered yet (the library's optimistic layer), and the last
/// failure; a failed one is rolled back.
#[cfg(feature = "mutation2")]
#[derive(Default, PartialEq)]
struct Added {
    pending: Vec<(u64, Tag)>,
    error: Option<String>,
}

#[cfg(feature = "mutation2")]
enum Change {
    Sent(u64, Tag),
    Saved(u64),
    Failed(u64, String),
}

#[cfg(feature = "mutation2")]
impl Reducible for Added {
    type Action = Change;

    fn reduce(self: std::rc::Rc<Self>, change: Change) -> std::rc::Rc<Self> {
        let mut next = Added {
            pending: self.pending.clone(),
            error: self.error.clone(),
        };
        match change {
            Change::Sent(id, tag) => next.pending.push((id, tag)),
            Change::Saved(id) => next.pending.retain(|(p, _)| *p != id),
            Change::Failed(id, e) => {
                next.pending.retain(|(p, _)| *p != id);
                next.error = Some(e);
            }
        }
        std::rc::Rc::new(next)
    }
}

#[cfg(feature = "mutation2")]
async fn save_tag(tag: &Tag) -> Result<Tag, String> {
    let response = Request::put("/api/tags")
        .json(tag)
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response.json().await.map_err(|e| e.to_string())
}

#[cfg(feature = "mutation2")]
#[function_component]
fn RenameTag() -> Html {
    let added = use_reducer(Added::default);
    let ids = use_mut_ref(|| 0_u64);
    let dispatch = added.dispatcher();
    let onclick = Callback::from(move |_: MouseEvent| {
        let tag = Tag {
            name: "new".into(),
            count: 0,
        };
        let pending = {
            let mut ids = ids.borrow_mut();
            *ids += 1;
            *ids
        };
        dispatch.dispatch(Change::Sent(pending, tag.clone()));
        let dispatch = dispatch.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match save_tag(&tag).await {
                Ok(_) => dispatch.dispatch(Change::Saved(pending)),
                Err(e) => dispatch.dispatch(Change::Failed(pending, e)),
            }
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
