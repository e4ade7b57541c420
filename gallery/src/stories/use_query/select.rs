//! use_query · Select: each row reads only its own item with `use_query_select`, so a
//! change to one row re-renders that row alone.

use std::rc::Rc;

use yew::prelude::*;
use yew_optimistic::editable_list::Item;
use yew_optimistic::{keys, use_query_client, use_query_select, NotifyOn, QueryKey, QueryOptions};

use crate::frame::use_backend;

fn key() -> QueryKey {
    keys!["groceries"]
}

/// The same options in every observer: one fetch, many readers. Fresh for a minute: the
/// rows mount once the list has come, and stale data would have each mount fetch it again
/// (a second read, which a Refetch pressed meanwhile would join instead of reading anew).
#[hook]
fn use_groceries_options() -> QueryOptions<Vec<Item>> {
    let source = use_backend().list_source();
    QueryOptions::new(key(), move |ctx| source.fetch("groceries", &ctx))
        .notify_on(NotifyOn::Data)
        .stale_time(60_000)
}

#[derive(Properties, PartialEq)]
struct RowProps {
    index: usize,
}

/// One row: re-renders only when its own item changes.
#[component]
fn Row(props: &RowProps) -> Html {
    let index = props.index;
    let renders = use_mut_ref(|| 0_u32);
    *renders.borrow_mut() += 1;
    let options = use_groceries_options();
    let item = use_query_select(options, move |items: &Rc<Vec<Item>>| {
        items.get(index).cloned()
    });
    let client = use_query_client();
    let Some(item) = item.data.clone().flatten() else {
        return html! {};
    };
    let toggle = {
        let id = item.id.clone();
        Callback::from(move |_: Event| {
            // A local write, to show who re-renders; the mutation stories send changes.
            let id = id.clone();
            let _ = client.update_query_data(&key(), move |items: &Vec<Item>| {
                items
                    .iter()
                    .map(|i| Item {
                        done: if i.id == id { !i.done } else { i.done },
                        ..i.clone()
                    })
                    .collect()
            });
        })
    };
    html! {
        <li data-testid="item" data-renders={renders.borrow().to_string()}>
            <input type="checkbox" checked={item.done} onchange={toggle} data-testid="toggle" aria-label={item.title.clone()} />
            <span class="title">{ &item.title }</span>
            <span class="render-count" data-testid="renders">{ format!("renders: {}", renders.borrow()) }</span>
        </li>
    }
}

/// The list: it selects only the number of rows, so it re-renders when that changes.
#[component]
fn SelectStory() -> Html {
    let options = use_groceries_options();
    let count = use_query_select(options, |items: &Rc<Vec<Item>>| items.len());
    let rows = count.data.unwrap_or(0);
    let refetch = {
        let count = count.clone();
        Callback::from(move |_: MouseEvent| count.refetch())
    };
    html! {
        <div class="query-demo">
            <ul class="rows">{ for (0..rows).map(|index| html! { <Row key={index} {index} /> }) }</ul>
            <button type="button" onclick={refetch} data-testid="refetch">{ "Refetch" }</button>
        </div>
    }
}

/// The story.
pub fn render() -> Html {
    html! { <SelectStory /> }
}
