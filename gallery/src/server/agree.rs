//! The simulated server against the reference server (issues 17 and 21): the same
//! changes, with the same idempotency keys, played against both, answer alike (status,
//! problem `type`, `title` and `detail`, or the answer's body) and leave the same data.
//! Native only: the reference server runs in this process on a free loopback port.

use hyper::Method;
use serde::Serialize;
use serde_json::Value;
use server::client::Client;
use server::{Config, RunningServer};
use yew_optimistic::editable_list::{ItemId, ListChange};
use yew_optimistic::kanban::{BoardChange, Card, CardId, ColumnId};
use yew_optimistic::like_button::SetLiked;

use super::{Seed, SimServer};
use crate::backend::Settings;

/// One answer, reduced to what both servers must agree on.
#[derive(Debug, PartialEq)]
enum Answer {
    /// A 200 and its body.
    Ok(Value),
    /// A refusal: status, problem type, title, detail.
    Refused(u16, String, String, String),
}

/// A change for one of the three resources.
#[derive(Clone, Debug)]
enum Change {
    List(&'static str, ListChange),
    Board(&'static str, BoardChange),
    Like(SetLiked),
}

fn sim_answer<T: Serialize>(
    handled: Result<super::idempotency::Accepted<T>, wire::problem::Problem>,
) -> Answer {
    match handled {
        Ok(accepted) => Answer::Ok(serde_json::to_value(accepted.answer).unwrap_or(Value::Null)),
        Err(p) => Answer::Refused(p.status, p.kind, p.title, p.detail),
    }
}

fn play_sim(sim: &SimServer, key: &str, change: &Change) -> Answer {
    match change {
        Change::List(list, c) => sim_answer(sim.list.handle(list, c, key)),
        Change::Board(board, c) => {
            sim_answer(
                sim.board
                    .handle(board, c, key)
                    .map(|a| super::idempotency::Accepted {
                        answer: serde_json::json!({ "columns": a.answer }),
                        version: a.version,
                        replayed: a.replayed,
                    }),
            )
        }
        Change::Like(c) => sim_answer(sim.likes.handle(c, key)),
    }
}

async fn play_real(client: &mut Client, key: &str, change: &Change) -> Answer {
    let (method, path, body) = match change {
        Change::List(list, c) => (
            Method::POST,
            format!("/api/lists/{list}/changes"),
            serde_json::to_string(c),
        ),
        Change::Board(board, c) => (
            Method::POST,
            format!("/api/boards/{board}/changes"),
            serde_json::to_string(c),
        ),
        Change::Like(c) => (
            Method::PUT,
            format!("/api/likes/{}", c.post),
            serde_json::to_string(c),
        ),
    };
    let body = body.expect("a change serialises");
    let reply = client
        .write(method, &path, Some(key), body)
        .await
        .expect("the server answers");
    let json: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
    if reply.status.is_success() {
        Answer::Ok(json)
    } else {
        let text = |field: &str| json[field].as_str().unwrap_or_default().to_owned();
        Answer::Refused(
            reply.status.as_u16(),
            text("type"),
            text("title"),
            text("detail"),
        )
    }
}

async fn get(client: &mut Client, path: &str) -> Value {
    let reply = client.get(path).await.expect("the server answers");
    assert!(reply.status.is_success(), "GET {path}: {}", reply.body);
    serde_json::from_str(&reply.body).unwrap_or(Value::Null)
}

fn json<T: Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The gallery's simulation seeded as the reference server's database is.
fn seeded_sim() -> SimServer {
    SimServer::seeded(Settings::default(), Seed { rows: 4, cards: 5 })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

async fn start() -> (RunningServer, Client) {
    let real = server::start(Config::default())
        .await
        .expect("the reference server starts");
    let client = Client::new(real.addr());
    (real, client)
}

/// Plays `steps` (idempotency key, change) against both and returns the answers that
/// differ, as (step, simulation, server).
async fn differences(
    sim: &SimServer,
    client: &mut Client,
    steps: &[(&str, Change)],
) -> Vec<(String, Answer, Answer)> {
    let mut out = Vec::new();
    for (key, change) in steps {
        let simulated = play_sim(sim, key, change);
        let real = play_real(client, key, change).await;
        if simulated != real {
            out.push((format!("{key}: {change:?}"), simulated, real));
        }
    }
    out
}

fn add(id: &str, title: &str) -> Change {
    Change::List(
        "groceries",
        ListChange::Add {
            id: ItemId(id.into()),
            title: title.into(),
        },
    )
}

fn card(id: &str, title: &str) -> Card {
    Card {
        id: CardId(id.into()),
        title: title.into(),
    }
}

fn column(id: &str) -> ColumnId {
    ColumnId(id.into())
}

fn mv(id: &str, title: &str, from: &str, to: &str) -> Change {
    Change::Board(
        "roadmap",
        BoardChange::MoveCard {
            card: card(id, title),
            from: column(from),
            to: column(to),
            index: 0,
        },
    )
}

fn like(post: &str, liked: bool) -> Change {
    Change::Like(SetLiked {
        post: post.into(),
        liked,
    })
}

#[test]
fn titles_are_refused_alike() {
    let steps = [
        ("t1", add("a1", "   ")),
        ("t2", add("a2", "\u{200B}\u{3164}")),
        ("t3", add("a3", "\u{FEFF}\u{2060}")),
        ("t4", add("a4", "invoice\u{202E}fdp.exe")),
        ("t5", add("a5", "x\u{2066}y")),
        ("t6", add("a6", &"é".repeat(201))),
        ("t7", add("a7", &"é".repeat(200))),
        ("t8", add("a8", "one\ttwo")),
        ("t9", add("a9", "<b>kept as text</b>")),
        ("t10", add("", "no id")),
        ("t11", add(&"i".repeat(101), "long id")),
        (
            "t12",
            Change::Board(
                "roadmap",
                BoardChange::AddCard {
                    column: column("todo"),
                    card: card("n1", "\u{200D}"),
                },
            ),
        ),
        (
            "t13",
            Change::Board(
                "roadmap",
                BoardChange::EditCard {
                    column: column("todo"),
                    id: CardId("c1".into()),
                    title: "a\u{202D}b".into(),
                },
            ),
        ),
        ("t14", mv("c2", "\u{00AD}", "todo", "done")),
    ];
    let sim = seeded_sim();
    let found = runtime().block_on(async {
        let (real, mut client) = start().await;
        let found = differences(&sim, &mut client, &steps).await;
        real.stop().await;
        found
    });
    assert!(found.is_empty(), "the two servers differ: {found:#?}");
}

#[test]
fn both_start_from_the_same_seed() {
    let sim = seeded_sim();
    let posts = ["post-1", "post-2", "post-3", "post-4"];
    let real_data = runtime().block_on(async {
        let (real, mut client) = start().await;
        let mut data = vec![get(&mut client, "/api/lists/groceries").await];
        data.push(get(&mut client, "/api/boards/roadmap").await);
        for c in ["todo", "doing", "done"] {
            let path = format!("/api/boards/roadmap/columns/{c}/cards");
            data.push(get(&mut client, &path).await);
        }
        for post in posts {
            data.push(get(&mut client, &format!("/api/likes/{post}")).await);
        }
        real.stop().await;
        data
    });
    let mut sim_data = vec![json(sim.list.items("groceries"))];
    sim_data.push(json(sim.board.column_list("roadmap")));
    for c in ["todo", "doing", "done"] {
        sim_data.push(json(sim.board.card_list("roadmap", &column(c))));
    }
    for post in posts {
        sim_data.push(json(sim.likes.likes(post)));
    }
    assert_eq!(
        sim_data, real_data,
        "the two servers start from different data"
    );
}

fn item(id: &str) -> ItemId {
    ItemId(id.into())
}

fn on_list(change: ListChange) -> Change {
    Change::List("groceries", change)
}

fn on_board(change: BoardChange) -> Change {
    Change::Board("roadmap", change)
}

fn edit(column_id: &str, id: &str, title: &str) -> Change {
    on_board(BoardChange::EditCard {
        column: column(column_id),
        id: CardId(id.into()),
        title: title.into(),
    })
}

fn add_card(column_id: &str, id: &str, title: &str) -> Change {
    on_board(BoardChange::AddCard {
        column: column(column_id),
        card: card(id, title),
    })
}

/// Lists: an add, its retry, its key with another change, an id added twice, changes
/// to an item that does not exist, a name that is too long.
fn conflicting_list_steps() -> Vec<(&'static str, Change)> {
    let long_name: &'static str = Box::leak("n".repeat(101).into_boxed_str());
    vec![
        ("l1", add("a1", "Milk")),
        ("l1", add("a1", "Milk")),
        ("l1", add("a2", "Bread")),
        ("l2", add("a1", "Milk again")),
        (
            "l3",
            on_list(ListChange::Rename {
                id: item("nope"),
                title: "x".into(),
            }),
        ),
        (
            "l4",
            on_list(ListChange::Toggle {
                id: item("seed-1"),
                done: true,
            }),
        ),
        ("l5", on_list(ListChange::Delete { id: item("seed-2") })),
        ("l6", on_list(ListChange::Delete { id: item("seed-2") })),
        (
            "l7",
            on_list(ListChange::Move {
                id: item("a1"),
                to: 0,
            }),
        ),
        (
            "l8",
            Change::List(long_name, ListChange::Delete { id: item("seed-1") }),
        ),
    ]
}

/// Boards: a move, then a move of the same card from where it was (another tab's stale
/// view), an add of an id that exists, an edit in the wrong column, unknown cards and
/// columns, and changes that apply.
fn conflicting_board_steps() -> Vec<(&'static str, Change)> {
    vec![
        ("b1", mv("c1", "Write the release notes", "todo", "doing")),
        ("b1", mv("c1", "Write the release notes", "todo", "doing")),
        ("b2", mv("c1", "Write the release notes", "todo", "done")),
        ("b1", mv("c1", "Write the release notes", "todo", "done")),
        ("b3", add_card("todo", "c1", "Again")),
        ("b4", edit("todo", "c1", "Renamed")),
        ("b5", edit("doing", "zz", "Ghost")),
        ("b6", mv("zz", "Ghost", "todo", "done")),
        ("b7", add_card("nowhere", "n1", "Lost")),
        ("b8", mv("c4", "Kanban drag and drop", "doing", "nowhere")),
        ("b9", edit("doing", "c1", "Renamed")),
        ("b10", add_card("done", "n2", "New")),
    ]
}

/// Likes: a like, its retry, its key with the opposite wish.
fn conflicting_like_steps() -> Vec<(&'static str, Change)> {
    vec![
        ("k1", like("post-1", true)),
        ("k1", like("post-1", true)),
        ("k1", like("post-1", false)),
        ("k2", like("post-1", false)),
    ]
}

/// The reference server's groceries, roadmap columns and post-1 likes.
async fn real_data_after(client: &mut Client) -> Vec<Value> {
    let mut data = vec![get(client, "/api/lists/groceries").await];
    for c in ["todo", "doing", "done"] {
        let path = format!("/api/boards/roadmap/columns/{c}/cards");
        data.push(get(client, &path).await);
    }
    data.push(get(client, "/api/likes/post-1").await);
    data
}

/// The simulation's, as [`real_data_after`] reads the server's.
fn sim_data_after(sim: &SimServer) -> Vec<Value> {
    let mut data = vec![json(sim.list.items("groceries"))];
    for c in ["todo", "doing", "done"] {
        data.push(json(sim.board.card_list("roadmap", &column(c))));
    }
    data.push(json(sim.likes.likes("post-1")));
    data
}

#[test]
fn conflicts_unknown_ids_and_keys_are_answered_alike() {
    let steps = [
        conflicting_list_steps(),
        conflicting_board_steps(),
        conflicting_like_steps(),
    ]
    .concat();
    let sim = seeded_sim();
    let (found, real_data) = runtime().block_on(async {
        let (real, mut client) = start().await;
        let found = differences(&sim, &mut client, &steps).await;
        let data = real_data_after(&mut client).await;
        real.stop().await;
        (found, data)
    });
    assert!(found.is_empty(), "the two servers differ: {found:#?}");
    assert_eq!(
        sim_data_after(&sim),
        real_data,
        "the data after the changes differs"
    );
}

#[test]
fn full_lists_and_columns_are_refused_alike() {
    let cap = wire::limits::MAX_ITEMS;
    let sim = seeded_sim();
    let found = runtime().block_on(async {
        let (real, mut client) = start().await;
        let mut steps = Vec::new();
        // The list holds the 4 seed items; the board's `done` column 1 seed card.
        for i in 0..cap - 4 {
            steps.push((format!("f{i}"), add(&format!("f{i}"), "filler")));
        }
        for i in 0..cap - 1 {
            steps.push((
                format!("g{i}"),
                Change::Board(
                    "roadmap",
                    BoardChange::AddCard {
                        column: column("done"),
                        card: card(&format!("g{i}"), "filler"),
                    },
                ),
            ));
        }
        for (key, change) in &steps {
            let simulated = play_sim(&sim, key, change);
            let real = play_real(&mut client, key, change).await;
            assert!(
                matches!(simulated, Answer::Ok(_)) && matches!(real, Answer::Ok(_)),
                "filling {key}: {simulated:?} / {real:?}"
            );
        }
        let last = [
            ("over-list", add("over", "one too many")),
            (
                "over-column",
                Change::Board(
                    "roadmap",
                    BoardChange::AddCard {
                        column: column("done"),
                        card: card("over", "one too many"),
                    },
                ),
            ),
            (
                "over-move",
                mv("c1", "Write the release notes", "todo", "done"),
            ),
        ];
        let found = differences(&sim, &mut client, &last).await;
        let refused = play_real(&mut client, "over-list-2", &add("over2", "x")).await;
        real.stop().await;
        (found, refused)
    });
    let (found, refused) = found;
    assert!(found.is_empty(), "the two servers differ: {found:#?}");
    assert!(
        matches!(&refused, Answer::Refused(422, kind, ..) if kind.ends_with("/too-many-items")),
        "the server refuses an add to a full list: {refused:?}"
    );
}
