//! The bundle-size figure of the full components: an app that shows every ready component
//! (editable list, like button, kanban board, devtools, toasts, theme) over an HTTP API.

use futures::future::LocalBoxFuture;
use std::rc::Rc;
use yew::prelude::*;
use yew_optimistic::browser::http::{Http, Method};
use yew_optimistic::devtools::{CacheInspector, EventLog};
use yew_optimistic::editable_list::{EditableList, Item, ListChange, ListSource};
use yew_optimistic::feedback::ToastRegion;
use yew_optimistic::kanban::{BoardChange, BoardSource, Card, Column, ColumnId, KanbanBoard};
use yew_optimistic::like_button::{LikeButton, LikeSource, Likes, SetLiked};
use yew_optimistic::optimistic_query::AbortSignal;
use yew_optimistic::theme::ThemeRoot;
use yew_optimistic::{FetchError, MutationContext, QueryClientProvider, SourceRef};

/// The app's API, one HTTP client for every component.
struct Api(Http);

impl ListSource for Api {
    fn fetch(
        &self,
        list: &str,
        _ctx: &yew_optimistic::FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Item>, FetchError>> {
        Box::pin(
            self.0
                .get_json(&format!("/lists/{list}"), &AbortSignal::default()),
        )
    }
    fn apply(
        &self,
        list: &str,
        change: ListChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        Box::pin(self.0.send_json(
            Method::POST,
            &format!("/lists/{list}/changes"),
            &change,
            &ctx,
        ))
    }
}

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
        Box::pin(self.0.send_json(Method::PUT, &path, &change, &ctx))
    }
}

impl BoardSource for Api {
    fn columns(
        &self,
        board: &str,
        _ctx: &yew_optimistic::FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> {
        Box::pin(
            self.0
                .get_json(&format!("/boards/{board}/columns"), &AbortSignal::default()),
        )
    }
    fn cards(
        &self,
        board: &str,
        column: &ColumnId,
        _ctx: &yew_optimistic::FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> {
        let path = format!("/boards/{board}/columns/{}/cards", column.0);
        Box::pin(self.0.get_json(&path, &AbortSignal::default()))
    }
    fn apply(
        &self,
        board: &str,
        change: BoardChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        Box::pin(self.0.send_json(
            Method::POST,
            &format!("/boards/{board}/changes"),
            &change,
            &ctx,
        ))
    }
}

#[function_component]
fn App() -> Html {
    let api = use_memo((), |_| Rc::new(Api(Http::new("/api"))));
    let lists: SourceRef<dyn ListSource> = SourceRef::new((*api).clone());
    let likes: SourceRef<dyn LikeSource> = SourceRef::new((*api).clone());
    let boards: SourceRef<dyn BoardSource> = SourceRef::new((*api).clone());
    html! {
        <QueryClientProvider>
            <ThemeRoot>
                <ToastRegion>
                    <EditableList source={lists} list="groceries" />
                    <LikeButton source={likes} post="hello" />
                    <KanbanBoard source={boards} board="work" />
                    <EventLog />
                    <CacheInspector />
                </ToastRegion>
            </ThemeRoot>
        </QueryClientProvider>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
