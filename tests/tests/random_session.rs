//! Issues 8 and 21: a long random session of clicks on the editable list (adds, ticks,
//! moves, deletes), the like buttons (likes and unlikes, rapid or not) and the kanban
//! board (cards added and moved left and right), in bursts on one component at a time
//! (through the sidebar, as a person switches pages), seeded (the seed printed), against
//! the reference server failing 30 % of the writes with a latency that changes every
//! burst, the client retrying once. The test keeps its own record of every change the
//! user made and of every change the page showed as refused.
//!
//! After each burst, once that component has settled, what it shows as saved is what the
//! server holds, read over HTTP (the likes of each post, the cards of each column).
//! At the end, per list item and per card, the database applied exactly the user's
//! changes that were not refused, in the order they were made (nothing lost, nothing
//! doubled, nothing refused applied), no idempotency key twice, and the page shows the
//! server's list.
//!
//! `E2E_SEED=<n>` repeats a run; `E2E_CLICKS=<n>` sets its length (default 100).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use e2e::live::{pause, run, LiveSession};
use e2e::page::{Page, SETTLE};
use e2e::ui::{board, client_retries, likes, list};
use serde_json::{json, Value};

/// What the user did to one item.
#[derive(Clone, Debug, PartialEq)]
enum Change {
    Add(String),
    Toggle(bool),
    MoveUp,
    Delete,
}

/// One change the user made, and whether the page showed it refused.
#[derive(Debug)]
struct Made {
    item: String,
    change: Change,
    refused: Option<String>,
}

/// A row as the test reads it in one go.
#[derive(Debug)]
struct Row {
    id: String,
    title: String,
    done: bool,
    state: String,
    can_move_up: bool,
    error: String,
}

/// The rows, and whether the list says changes are still on their way, read in one
/// script (so in one rendered state of the page: a delete refused between two reads
/// cannot be missed by both).
async fn shown(page: &Page) -> Result<(Vec<Row>, bool), String> {
    let v = page
        .js(
            "const rows = [...document.querySelectorAll('[data-testid=row]')].map(r => {
                const q = s => r.querySelector(s);
                const up = q('[data-testid=row-move-up]');
                const err = q('[data-testid=row-error]');
                return [r.getAttribute('data-id'), (q('[data-testid=row-title]') || {}).textContent || '',
                        !!(q('[data-testid=row-toggle]') || {}).checked, r.getAttribute('data-state'),
                        !!up && up.getAttribute('aria-disabled') !== 'true', err ? err.textContent.trim() : ''];
             });
             const summary = document.querySelector(arguments[0]);
             return [rows, !summary || summary.textContent.includes(arguments[1])];",
            vec![list::SUMMARY.into(), list::SAVING.into()],
        )
        .await?;
    let rows = v[0].as_array().ok_or("rows: not a list")?;
    let saving = v[1].as_bool().ok_or("saving: not a boolean")?;
    let rows = rows
        .iter()
        .map(|r| Row {
            id: r[0].as_str().unwrap_or_default().to_owned(),
            title: r[1].as_str().unwrap_or_default().trim().to_owned(),
            done: r[2].as_bool().unwrap_or_default(),
            state: r[3].as_str().unwrap_or_default().to_owned(),
            can_move_up: r[4].as_bool().unwrap_or_default(),
            error: r[5].as_str().unwrap_or_default().to_owned(),
        })
        .collect();
    Ok((rows, saving))
}

async fn rows(page: &Page) -> Result<Vec<Row>, String> {
    Ok(shown(page).await?.0)
}

/// Whether the list has settled: nothing on its way and every row confirmed. Rows alone
/// cannot say it: a delete in flight has no row (the row goes at once), so only the
/// summary's "saving" tells it is not answered yet; if it is refused, its row comes
/// back, failed.
fn settled(rows: &[Row], saving: bool) -> bool {
    !saving && rows.iter().all(|r| r.state == "confirmed")
}

fn in_row(id: &str, target: &str) -> String {
    format!("{}[data-id='{id}'] {target}", list::ROW)
}

/// Clicks the element at `css` with the DOM's own `click()`: the same event to the
/// component as a person's click, but on exactly that element (a WebDriver click goes to
/// a point on the screen, where another row may have moved meanwhile, as rows do here).
/// False, and nothing clicked, when it is not there or disabled (`disabled`, or
/// `aria-disabled` as the first row's "up"): the row moved since the test looked.
async fn dom_click(page: &Page, css: &str) -> Result<bool, String> {
    let clicked = page
        .js(
            "const e = document.querySelector(arguments[0]); if (!e || e.disabled || e.getAttribute('aria-disabled') === 'true') { return false; } e.click(); return true;",
            vec![css.into()],
        )
        .await?;
    Ok(clicked == json!(true))
}

/// [`dom_click`] on what must be there.
async fn must_click(page: &Page, css: &str) -> Result<(), String> {
    let clicked = dom_click(page, css).await?;
    Page::check(clicked, format!("nothing to click at {css}"))
}

/// Records every failed row as the refusal of the item's latest change (the test only
/// changes an item whose row is confirmed, so at most one change of it is ever
/// outstanding), then dismisses it.
async fn collect_refusals(
    page: &Page,
    made: &mut [Made],
    latest: &BTreeMap<String, usize>,
) -> Result<(), String> {
    let failed: Vec<Row> = rows(page)
        .await?
        .into_iter()
        .filter(|r| r.state == "failed")
        .collect();
    for row in &failed {
        let index = *latest.get(&row.id).ok_or_else(|| {
            format!(
                "row {:?} ({}) shows a failure, but the user never changed it",
                row.title, row.id
            )
        })?;
        if made[index].refused.is_some() {
            continue; // seen and dismissed already; the page has not redrawn yet
        }
        Page::check(
            !row.error.is_empty(),
            format!("the failed row {:?} says nothing about why", row.title),
        )?;
        made[index].refused = Some(row.error.clone());
        must_click(page, &in_row(&row.id, "[data-testid=row-dismiss]")).await?;
    }
    Ok(())
}

/// The user's changes of one item as the database has them.
fn applied_change(body: &Value) -> Option<(String, Change)> {
    let (kind, fields) = body.as_object()?.iter().next()?;
    let id = fields["id"].as_str()?.to_owned();
    let change = match kind.as_str() {
        "Add" => Change::Add(fields["title"].as_str()?.to_owned()),
        "Toggle" => Change::Toggle(fields["done"].as_bool()?),
        "Move" => Change::MoveUp,
        "Delete" => Change::Delete,
        _ => return None,
    };
    Some((id, change))
}

/// Writes the session (what the user did, what the database applied) to
/// `target/e2e/random_session-<seed>.log`, for a failure's post-mortem.
fn write_log(seed: u64, made: &[Made], applied: &[e2e::db::Applied]) {
    let mut text = String::from("# made (index, item, change, refused)\n");
    for (i, m) in made.iter().enumerate() {
        text += &format!("{i}\t{}\t{:?}\t{:?}\n", m.item, m.change, m.refused);
    }
    text += "# applied (seq, key, body)\n";
    for a in applied {
        text += &format!("{}\t{}\t{}\n", a.seq, a.key, a.body);
    }
    let dir = e2e::artefacts_dir();
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join(format!("random_session-{seed}.log")), text);
}

fn seed() -> u64 {
    std::env::var("E2E_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..))
}

fn clicks() -> usize {
    std::env::var("E2E_CLICKS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100)
}

/// The editable list's part of the session: every change the user made, and the latest
/// change of each item (the one a failure shown on its row belongs to).
#[derive(Default)]
struct ListRun {
    made: Vec<Made>,
    latest: BTreeMap<String, usize>,
    last_changed: String,
}

impl ListRun {
    /// One random click on the list: an add, a tick, a move up or a delete.
    async fn click(
        &mut self,
        page: &Page,
        rng: &mut fastrand::Rng,
        seed: u64,
        click: usize,
    ) -> Result<(), String> {
        collect_refusals(page, &mut self.made, &self.latest).await?;
        let now = rows(page).await?;
        // Items with nothing outstanding (so a failure shown is the latest change's);
        // not the item of the click just made either, whatever its row says yet.
        let free: Vec<&Row> = now
            .iter()
            .filter(|r| r.state == "confirmed" && r.id != self.last_changed)
            .collect();
        let roll = rng.u32(0..10);
        let pick = |rng: &mut fastrand::Rng, rows: &[&Row]| -> Option<(String, bool)> {
            (!rows.is_empty()).then(|| {
                let r = rows[rng.usize(..rows.len())];
                (r.id.clone(), r.done)
            })
        };
        let movable: Vec<&Row> = free.iter().copied().filter(|r| r.can_move_up).collect();
        let (id, change) = if roll < 3 || free.len() < 3 {
            let title = format!("Random {seed:x} #{click}");
            set_input(page, "[data-testid=list-add-input]", &title).await?;
            must_click(page, "[data-testid=list-add-button]").await?;
            let id = id_of_title(page, list::ROW, list::TITLE, &title)
                .await?
                .ok_or_else(|| format!("the added row {title:?} is not shown at once"))?;
            (id, Change::Add(title))
        } else {
            let (id, change, target) = if roll < 6 {
                let (id, done) = pick(rng, &free).ok_or("no row")?;
                (id, Change::Toggle(!done), list::TOGGLE)
            } else if roll < 9 && !movable.is_empty() {
                let (id, _) = pick(rng, &movable).ok_or("no row")?;
                (id, Change::MoveUp, list::UP)
            } else {
                let (id, _) = pick(rng, &free).ok_or("no row")?;
                (id, Change::Delete, list::DELETE)
            };
            if !dom_click(page, &in_row(&id, target)).await? {
                return Ok(()); // the row moved to the top meanwhile: the click did nothing
            }
            (id, change)
        };
        self.latest.insert(id.clone(), self.made.len());
        self.last_changed = id.clone();
        self.made.push(Made {
            item: id,
            change,
            refused: None,
        });
        Ok(())
    }

    /// Waits until the list has settled, picking up the last refusals (a refused
    /// delete's row comes back only when the server answers: see `settled`).
    async fn settle(&mut self, page: &Page) -> Result<(), String> {
        let deadline = Instant::now() + SETTLE + Duration::from_secs(15);
        loop {
            collect_refusals(page, &mut self.made, &self.latest).await?;
            let (now, saving) = shown(page).await?;
            if settled(&now, saving) {
                self.last_changed.clear();
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the list did not settle (changes still on their way: {saving}): {now:?}"
                ));
            }
            pause(200).await;
        }
    }

    /// The database's applied changes against the record, item by item: exactly the
    /// user's changes that were not refused, in order.
    fn check_applied(&self, applied: &[e2e::db::Applied]) -> Result<(), String> {
        let mut in_db: BTreeMap<String, Vec<Change>> = BTreeMap::new();
        for a in applied {
            let (id, change) = applied_change(&a.body)
                .ok_or_else(|| format!("an applied change the user never made: {}", a.body))?;
            in_db.entry(id).or_default().push(change);
        }
        let mut wanted: BTreeMap<String, Vec<Change>> = BTreeMap::new();
        for m in self.made.iter().filter(|m| m.refused.is_none()) {
            wanted
                .entry(m.item.clone())
                .or_default()
                .push(m.change.clone());
        }
        for (id, changes) in wanted.iter().chain(in_db.iter()) {
            let db_side = in_db.get(id).cloned().unwrap_or_default();
            let user_side = wanted.get(id).cloned().unwrap_or_default();
            if db_side != user_side {
                let refused: Vec<&Made> = self
                    .made
                    .iter()
                    .filter(|m| &m.item == id && m.refused.is_some())
                    .collect();
                return Err(format!(
                    "item {id}: the user made (not refused) {user_side:?}, the database applied \
                     {db_side:?} (refused: {refused:?}; {} changes)",
                    changes.len()
                ));
            }
        }
        let refused = self.refused();
        Page::check(
            applied.len() + refused == self.made.len(),
            format!(
                "list: {} made = {} applied + {refused} refused",
                self.made.len(),
                applied.len()
            ),
        )
    }

    fn refused(&self) -> usize {
        self.made.iter().filter(|m| m.refused.is_some()).count()
    }
}

/// Sets a text field's value at once, as pasting would.
async fn set_input(page: &Page, css: &str, text: &str) -> Result<(), String> {
    page.js(
        "const e = document.querySelector(arguments[0]);
         Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(e, arguments[1]);
         e.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![css.into(), text.into()],
    )
    .await
    .map(drop)
}

/// The `data-id` of the element `row` whose `title` element reads `text`.
async fn id_of_title(
    page: &Page,
    row: &str,
    title: &str,
    text: &str,
) -> Result<Option<String>, String> {
    let id = page
        .js(
            "const r = [...document.querySelectorAll(arguments[0])].find(r =>
                (r.querySelector(arguments[1]) || {}).textContent.trim() === arguments[2]);
             return r ? r.getAttribute('data-id') : null;",
            vec![row.into(), title.into(), text.into()],
        )
        .await?;
    Ok(id.as_str().map(str::to_owned))
}

/// `GET path` on the reference server, as JSON: the server's state, not the page's.
async fn server_json(s: &LiveSession, path: &str) -> Result<Value, String> {
    let reply = s
        .server
        .client()
        .get(path)
        .await
        .map_err(|e| format!("GET {path}: {e:?}"))?;
    Page::check(
        reply.status.is_success(),
        format!("GET {path}: {} {}", reply.status, reply.body),
    )?;
    reply.json()
}

/// The posts whose like buttons the session clicks (the story's default three).
const POSTS: [&str; 3] = ["post-1", "post-2", "post-3"];

/// The like buttons' part of the session.
#[derive(Default)]
struct LikesRun {
    clicks: usize,
    /// Times a button ended a burst refused (rolled back to the server's value).
    refused: usize,
}

impl LikesRun {
    /// One random click on a like button (pending or not: the scope is LatestWins, so
    /// clicks on one post replace each other and only the last is sent).
    async fn click(&mut self, page: &Page, rng: &mut fastrand::Rng) -> Result<(), String> {
        let post = POSTS[rng.usize(..POSTS.len())];
        if dom_click(page, &likes::button(post)).await? {
            self.clicks += 1;
        }
        Ok(())
    }

    /// Waits until no like is on its way, then checks every button against the server:
    /// what a confirmed button shows is what the server holds, and a refused one shows
    /// the server's value again.
    async fn settle_and_check(&mut self, s: &LiveSession, page: &Page) -> Result<(), String> {
        let busy = POSTS
            .iter()
            .map(|p| {
                format!(
                    "{b}[data-state=pending], {b}[data-state=waiting], {b}[data-state=held]",
                    b = likes::button(p)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        page.wait_gone(&busy, SETTLE + Duration::from_secs(15))
            .await?;
        for post in POSTS {
            let (pressed, count, state) = likes::shown(page, post).await?;
            if state == "failed" {
                self.refused += 1;
            }
            let stored = server_json(s, &format!("/api/likes/{post}")).await?;
            let held = (
                stored["liked"].as_bool().unwrap_or_default(),
                stored["count"].as_u64().unwrap_or(u64::MAX),
            );
            Page::check(
                held == (pressed, u64::from(count)),
                format!(
                    "{post} shows liked {pressed}, count {count} ({state}); the server holds {stored}"
                ),
            )?;
        }
        Ok(())
    }
}

/// What the user did to one card.
#[derive(Clone, Debug, PartialEq)]
enum CardChange {
    Add(String),
    Move { from: String, to: String },
}

/// One change the user made to the board, and whether the page showed it refused.
#[derive(Debug)]
struct CardMade {
    card: String,
    change: CardChange,
    refused: Option<String>,
}

/// A card as the test reads it.
#[derive(Debug)]
struct Card {
    id: String,
    column: String,
    title: String,
    state: String,
    error: String,
}

/// Every card of the board and the text of each failed add shown, in one script.
async fn cards(page: &Page) -> Result<(Vec<Card>, Vec<String>), String> {
    let v = page
        .js(
            "const cards = [...document.querySelectorAll('[data-testid=card]')].map(k => {
                const t = k.querySelector('[data-testid=card-title]');
                const e = k.querySelector('[data-testid=card-error]');
                return [k.getAttribute('data-id'), k.closest('[data-testid=column]').getAttribute('data-id'),
                        t ? t.textContent.trim() : '', k.getAttribute('data-state'), e ? e.textContent.trim() : ''];
             });
             return [cards, [...document.querySelectorAll('[data-testid=failed-add]')].map(f => f.textContent)];",
            vec![],
        )
        .await?;
    let list = v[0].as_array().ok_or("cards: not a list")?;
    let text = |c: &Value, i: usize| c[i].as_str().unwrap_or_default().to_owned();
    let cards = list
        .iter()
        .map(|c| Card {
            id: text(c, 0),
            column: text(c, 1),
            title: text(c, 2),
            state: text(c, 3),
            error: text(c, 4),
        })
        .collect();
    let failed_adds = v[1]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| t.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    Ok((cards, failed_adds))
}

/// Records every card element the page adds from now on (id and title), until
/// [`added_card`] reads them.
async fn watch_added_cards(page: &Page) -> Result<(), String> {
    page.js(
        "window.__addedCards = [];
         if (window.__cardWatch) { window.__cardWatch.disconnect(); }
         window.__cardWatch = new MutationObserver(records => {
            for (const r of records) for (const n of r.addedNodes) {
                if (n.nodeType !== 1) continue;
                const cards = n.matches('[data-testid=card]') ? [n] : [...n.querySelectorAll('[data-testid=card]')];
                for (const k of cards) {
                    const t = k.querySelector('[data-testid=card-title]');
                    window.__addedCards.push([k.getAttribute('data-id'), t ? t.textContent.trim() : '']);
                }
            }
         });
         window.__cardWatch.observe(document.body, { childList: true, subtree: true });",
        vec![],
    )
    .await
    .map(drop)
}

/// The id of the card titled `title` the page added since [`watch_added_cards`] (it
/// shows in the render after the click: a few milliseconds), or `None` when it was
/// refused before it was ever painted (the engine's notifications are batched: an answer
/// in the same batch as the click takes the card away before a render) and a failed add
/// names it.
async fn added_card(page: &Page, title: &str) -> Result<Option<String>, String> {
    let found = page
        .wait_js(
            &format!("the added card {title:?} shown, or refused"),
            Duration::from_secs(5),
            "const found = (window.__addedCards || []).find(c => c[1] === arguments[0]);
             if (found) { window.__cardWatch.disconnect(); return ['card', found[0]]; }
             const failed = [...document.querySelectorAll('[data-testid=failed-add]')]
                .some(f => f.textContent.includes(arguments[0]));
             return failed ? ['refused', null] : null;",
            vec![title.into()],
        )
        .await?;
    Ok(found[1].as_str().map(str::to_owned))
}

/// The board's columns, left to right.
const COLUMNS: [&str; 3] = ["todo", "doing", "done"];

/// The kanban board's part of the session.
#[derive(Default)]
struct BoardRun {
    made: Vec<CardMade>,
    latest: BTreeMap<String, usize>,
    last_changed: String,
    /// Adds of this burst, by index into `made` (an add refused leaves no card to say so:
    /// its card goes, and a failed add shows in its column).
    adds: Vec<usize>,
    /// Titles of this burst's adds seen refused (a failed add shows each).
    failed_adds: Vec<String>,
}

impl BoardRun {
    /// One random action on the board: add a card to a column, or move a card whose
    /// last change is confirmed one column left or right.
    async fn click(
        &mut self,
        page: &Page,
        rng: &mut fastrand::Rng,
        seed: u64,
        click: usize,
    ) -> Result<(), String> {
        self.collect_refusals(page).await?;
        let (now, _) = cards(page).await?;
        let free: Vec<&Card> = now
            .iter()
            .filter(|c| c.state == "confirmed" && c.id != self.last_changed)
            .collect();
        let (card, change) = if rng.u32(0..10) < 3 || free.len() < 2 {
            let column = COLUMNS[rng.usize(..COLUMNS.len())];
            let title = format!("Card {seed:x} #{click}");
            let footer = format!("[data-testid=column][data-id='{column}']");
            // A refused add's card goes when the answer comes, which at a low latency
            // can be before the test looks: the page records every card it shows.
            watch_added_cards(page).await?;
            // Typed and sent in one script: an answer to an earlier change re-renders
            // the column, and a field re-rendered between the two would be empty.
            let sent = page
                .js(
                    "const input = document.querySelector(arguments[0] + ' [data-testid=add-card-input]');
                     const button = document.querySelector(arguments[0] + ' [data-testid=add-card-button]');
                     if (!input || !button) { return false; }
                     Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, arguments[1]);
                     input.dispatchEvent(new Event('input', { bubbles: true }));
                     button.click();
                     return true;",
                    vec![footer.into(), title.clone().into()],
                )
                .await?;
            Page::check(
                sent == json!(true),
                format!("no add field in column {column}"),
            )?;
            match added_card(page, &title).await? {
                Some(id) => {
                    self.adds.push(self.made.len());
                    (id, CardChange::Add(title))
                }
                None => {
                    // Refused before it was ever painted: a failed add says so.
                    self.made.push(CardMade {
                        card: format!("never shown: {title}"),
                        change: CardChange::Add(title.clone()),
                        refused: Some("refused before it was painted".into()),
                    });
                    self.failed_adds.push(title);
                    return Ok(());
                }
            }
        } else {
            let c = free[rng.usize(..free.len())];
            let at = COLUMNS
                .iter()
                .position(|k| *k == c.column)
                .ok_or("unknown column")?;
            let right = at == 0 || (at + 1 < COLUMNS.len() && rng.bool());
            let (to, button) = if right {
                (COLUMNS[at + 1], "card-move-right")
            } else {
                (COLUMNS[at - 1], "card-move-left")
            };
            let css = format!("{} [data-testid={button}]", board::card(&c.id));
            if !dom_click(page, &css).await? {
                return Ok(());
            }
            let change = CardChange::Move {
                from: c.column.clone(),
                to: to.to_owned(),
            };
            (c.id.clone(), change)
        };
        self.latest.insert(card.clone(), self.made.len());
        self.last_changed = card.clone();
        self.made.push(CardMade {
            card,
            change,
            refused: None,
        });
        Ok(())
    }

    /// Records every card showing an error as the refusal of its latest change (only a
    /// confirmed card is changed, so at most one change of it is outstanding), then
    /// dismisses it.
    async fn collect_refusals(&mut self, page: &Page) -> Result<(), String> {
        let (now, _) = cards(page).await?;
        for card in now.iter().filter(|c| !c.error.is_empty()) {
            let index = *self.latest.get(&card.id).ok_or_else(|| {
                format!(
                    "card {} shows a failure, but the user never changed it",
                    card.id
                )
            })?;
            if self.made[index].refused.is_some() {
                continue;
            }
            self.made[index].refused = Some(card.error.clone());
            must_click(
                page,
                &format!("{} [data-testid=card-dismiss]", board::card(&card.id)),
            )
            .await?;
        }
        Ok(())
    }

    /// Waits until no card is on its way, records the refusals (a refused add: its card
    /// is gone and a failed add shows), then checks the board against the server: every
    /// column holds, in order, the cards the page shows confirmed there.
    async fn settle_and_check(&mut self, s: &LiveSession, page: &Page) -> Result<(), String> {
        let deadline = Instant::now() + SETTLE + Duration::from_secs(15);
        let (now, failed_adds) = loop {
            self.collect_refusals(page).await?;
            let (now, failed_adds) = cards(page).await?;
            // Failed counts as settled only once its refusal is recorded (dismissed, not
            // redrawn yet): a change refused between the two reads above fails its card
            // now, and the next round records it.
            if now.iter().all(|c| {
                c.state == "confirmed" || (c.state == "failed" && self.refusal_recorded(&c.id))
            }) {
                break (now, failed_adds);
            }
            if Instant::now() > deadline {
                return Err(format!("the board did not settle: {now:?}"));
            }
            pause(200).await;
        };
        for &i in &self.adds {
            if !now.iter().any(|c| c.id == self.made[i].card) {
                self.made[i].refused = Some("add refused (a failed add shown)".into());
                if let CardChange::Add(title) = &self.made[i].change {
                    self.failed_adds.push(title.clone());
                }
            }
        }
        // Each add refused, and only those, shows as a failed add naming its card.
        let explained = self
            .failed_adds
            .iter()
            .all(|title| failed_adds.iter().any(|f| f.contains(title.as_str())));
        Page::check(
            explained && self.failed_adds.len() == failed_adds.len(),
            format!(
                "adds refused: {:?}; failed adds shown: {failed_adds:?}",
                self.failed_adds
            ),
        )?;
        self.adds.clear();
        self.failed_adds.clear();
        self.last_changed.clear();
        while page
            .count("[data-testid=failed-add] [data-testid=card-dismiss]")
            .await?
            > 0
        {
            must_click(page, "[data-testid=failed-add] [data-testid=card-dismiss]").await?;
        }
        for column in COLUMNS {
            let shown: Vec<(String, String)> = now
                .iter()
                .filter(|c| c.column == column)
                .map(|c| (c.id.clone(), c.title.clone()))
                .collect();
            let stored =
                server_json(s, &format!("/api/boards/roadmap/columns/{column}/cards")).await?;
            let stored: Vec<(String, String)> = stored
                .as_array()
                .ok_or("cards: not a list")?
                .iter()
                .map(|c| {
                    (
                        c["id"].as_str().unwrap_or_default().to_owned(),
                        c["title"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect();
            Page::check(
                shown == stored,
                format!("column {column}: the page shows {shown:?}, the server holds {stored:?}"),
            )?;
        }
        Ok(())
    }

    /// The database's applied board changes against the record, card by card.
    fn check_applied(&self, applied: &[e2e::db::Applied]) -> Result<(), String> {
        let mut in_db: BTreeMap<String, Vec<CardChange>> = BTreeMap::new();
        for a in applied {
            let (card, change) = applied_card_change(&a.body)
                .ok_or_else(|| format!("a board change the user never made: {}", a.body))?;
            in_db.entry(card).or_default().push(change);
        }
        let mut wanted: BTreeMap<String, Vec<CardChange>> = BTreeMap::new();
        for m in self.made.iter().filter(|m| m.refused.is_none()) {
            wanted
                .entry(m.card.clone())
                .or_default()
                .push(m.change.clone());
        }
        for id in wanted.keys().chain(in_db.keys()) {
            let db_side = in_db.get(id).cloned().unwrap_or_default();
            let user_side = wanted.get(id).cloned().unwrap_or_default();
            Page::check(
                db_side == user_side,
                format!(
                    "card {id}: the user made (not refused) {user_side:?}, the database applied {db_side:?}"
                ),
            )?;
        }
        let refused = self.refused();
        Page::check(
            applied.len() + refused == self.made.len(),
            format!(
                "board: {} made = {} applied + {refused} refused",
                self.made.len(),
                applied.len()
            ),
        )
    }

    fn refused(&self) -> usize {
        self.made.iter().filter(|m| m.refused.is_some()).count()
    }

    /// Whether the latest change of `card` is recorded as refused.
    fn refusal_recorded(&self, card: &str) -> bool {
        self.latest
            .get(card)
            .is_some_and(|&i| self.made[i].refused.is_some())
    }
}

/// A board change as the database has it: (card, change).
fn applied_card_change(body: &Value) -> Option<(String, CardChange)> {
    if let Some(add) = body.get("AddCard") {
        let card = &add["card"];
        return Some((
            card["id"].as_str()?.to_owned(),
            CardChange::Add(card["title"].as_str()?.to_owned()),
        ));
    }
    let m = body.get("MoveCard")?;
    Some((
        m["card"]["id"].as_str()?.to_owned(),
        CardChange::Move {
            from: m["from"].as_str()?.to_owned(),
            to: m["to"].as_str()?.to_owned(),
        },
    ))
}

/// The three components the session drives, each the default story of its page.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Part {
    List,
    Likes,
    Board,
}

impl Part {
    fn page(self) -> &'static str {
        match self {
            Part::List => "editable-list",
            Part::Likes => "like-button",
            Part::Board => "kanban-board",
        }
    }
}

/// Goes to `part`'s page with the sidebar (the story mounts with a new client, the
/// server set to the story's settings), sets the client's retries to one, waits until
/// the story has loaded, then sets the server to fail 30 % of the writes with `latency`.
async fn go_to(
    s: &LiveSession,
    page: &Page,
    part: Part,
    seed: u64,
    latency: u64,
) -> Result<(), String> {
    let link = format!("nav a[data-page='{}']", part.page());
    page.click(&link).await?;
    page.wait_attr(&link, "aria-current", "page", SETTLE)
        .await?;
    page.wait_attr(".story-frame", "data-story", "default", SETTLE)
        .await?;
    // A new retry count is a new client: the story mounts again, and loads again.
    page.set_range("retries", 1).await?;
    page.wait_js(
        "client retries 1",
        SETTLE,
        "const e = document.querySelector('[data-value=retries]'); return !!e && e.textContent.trim() === '1';",
        vec![],
    )
    .await?;
    match part {
        Part::List => {
            page.wait_for(&format!("{}[data-state=confirmed]", list::ROW), SETTLE)
                .await?
        }
        Part::Likes => {
            // Confirmed, or still showing the refusal the last burst ended with (the
            // same page again: the same client).
            for post in POSTS {
                let button = likes::button(post);
                page.wait_for(
                    &format!("{button}[data-state=confirmed], {button}[data-state=failed]"),
                    SETTLE,
                )
                .await?;
            }
        }
        Part::Board => {
            page.wait_count("[data-testid=column]", 3, SETTLE).await?;
            page.wait_gone("[data-testid=card][data-state=pending]", SETTLE)
                .await?;
        }
    }
    // The story's settings were sent when it mounted; the session's go on top.
    s.server
        .set_faults(json!({"failure_rate": 0.3, "seed": seed, "latency_ms": latency}))
        .await
        .map(drop)
}

#[tokio::test]
async fn a_random_session_with_30_percent_failures_agrees_with_the_database() {
    let seed = seed();
    let clicks = clicks();
    e2e::announce(&format!(
        "random_session: seed {seed}, {clicks} clicks (repeat with E2E_SEED={seed})"
    ));
    run("random_session", async |s: &LiveSession| {
        let mut rng = fastrand::Rng::with_seed(seed);
        let db = s.db();
        let page = s.open("#/editable-list/default").await?;

        let started = Instant::now();
        let mut list_run = ListRun::default();
        let mut likes_run = LikesRun::default();
        let mut board_run = BoardRun::default();
        let mut bursts = Vec::new();
        let mut click = 0;
        while click < clicks {
            let part = [Part::List, Part::Likes, Part::Board][rng.usize(..3)];
            let burst = rng.usize(6..=16).min(clicks - click);
            let latency = rng.u64(0..=400);
            bursts.push((part, burst, latency));
            go_to(s, &page, part, seed, latency).await?;
            for _ in 0..burst {
                match part {
                    Part::List => list_run.click(&page, &mut rng, seed, click).await?,
                    Part::Likes => likes_run.click(&page, &mut rng).await?,
                    Part::Board => board_run.click(&page, &mut rng, seed, click).await?,
                }
                click += 1;
                if rng.bool() {
                    pause(rng.u64(0..150)).await;
                }
            }
            // Each part settles before the session leaves its page (what it showed
            // refused is recorded there), and agrees with the server.
            match part {
                Part::List => list_run.settle(&page).await?,
                Part::Likes => likes_run.settle_and_check(s, &page).await?,
                Part::Board => board_run.settle_and_check(s, &page).await?,
            }
        }
        let clicking = started.elapsed();
        s.server
            .set_faults(json!({"failure_rate": 0.0, "latency_ms": 0}))
            .await?;
        pause(1_500).await; // anything sent twice would have arrived by now

        // The database's record of what it applied, against the session's.
        let list_applied = db.applied(Some("list:groceries"))?;
        let board_applied = db.applied(Some("board:roadmap"))?;
        write_log(seed, &list_run.made, &list_applied);
        list_run.check_applied(&list_applied)?;
        board_run.check_applied(&board_applied)?;
        Page::check(
            db.doubled_keys()?.is_empty(),
            "an idempotency key was applied twice",
        )?;

        // The list as the page shows it against the server's, read over HTTP.
        go_to(s, &page, Part::List, seed, 0).await?;
        s.server
            .set_faults(json!({"failure_rate": 0.0, "latency_ms": 0}))
            .await?;
        let stored: Vec<(String, String, bool)> = server_json(s, "/api/lists/groceries")
            .await?
            .as_array()
            .ok_or("the list: not a list")?
            .iter()
            .map(|i| {
                (
                    i["id"].as_str().unwrap_or_default().to_owned(),
                    i["title"].as_str().unwrap_or_default().to_owned(),
                    i["done"].as_bool().unwrap_or_default(),
                )
            })
            .collect();
        let deadline = Instant::now() + SETTLE;
        loop {
            let shown: Vec<(String, String, bool)> = rows(&page)
                .await?
                .into_iter()
                .filter(|r| r.state == "confirmed")
                .map(|r| (r.id, r.title, r.done))
                .collect();
            if shown == stored {
                break;
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the page shows {shown:?}, the server holds {stored:?}"
                ));
            }
            pause(200).await;
        }
        let likes_applied = db.applied(None)?.iter().filter(|a| a.resource.starts_with("likes:")).count();
        let injected = s.server.stat("injected_failures").await?;
        e2e::announce(&format!(
            "random_session (seed {seed}): {} clicks in {:.1} s in bursts {bursts:?}; list: {} changes, \
             {} shown refused, {} applied; board: {} changes, {} shown refused, {} applied; likes: \
             {} clicks, {} buttons ended refused, {likes_applied} applied; server injected {injected} \
             failures; 0 keys doubled; page and server agree",
            click,
            clicking.as_secs_f64(),
            list_run.made.len(),
            list_run.refused(),
            list_applied.len(),
            board_run.made.len(),
            board_run.refused(),
            board_applied.len(),
            likes_run.clicks,
            likes_run.refused,
        ));
        Ok(())
    })
    .await;
}

/// Why the session above waits for the summary and not only for confirmed rows: a delete
/// in flight has no row, so a list whose rows are all confirmed may still have a delete
/// on its way, which the server may yet refuse (its row then comes back, failed). Here
/// the server holds one delete for a second, then refuses it.
#[tokio::test]
async fn a_delete_in_flight_has_no_row_so_the_list_is_not_settled_until_it_is_answered() {
    run(
        "random_session_delete_in_flight",
        async |s: &LiveSession| {
            let page = s.open("#/editable-list/default").await?;
            list::loaded(&page, 4).await?;
            client_retries(&page, 0).await?;
            s.server
                .set_faults(json!({"latency_ms": 1_000, "fail_next": 1}))
                .await?;
            let id = rows(&page)
                .await?
                .get(1)
                .map(|r| r.id.clone())
                .ok_or("no second row")?;
            must_click(&page, &in_row(&id, list::DELETE)).await?;
            page.wait_gone(&format!("{}[data-id='{id}']", list::ROW), SETTLE)
                .await?;

            let (now, saving) = shown(&page).await?;
            Page::check(
                now.iter().all(|r| r.state == "confirmed"),
                format!("while the delete is on its way, the other rows are confirmed: {now:?}"),
            )?;
            Page::check(
                !settled(&now, saving),
                format!("a delete on its way, no row showing it, counted as settled: {now:?}"),
            )?;

            let deadline = Instant::now() + SETTLE;
            let back = loop {
                let (now, saving) = shown(&page).await?;
                if !saving {
                    break now;
                }
                if Instant::now() > deadline {
                    return Err(format!("the delete was never answered: {now:?}"));
                }
                pause(100).await;
            };
            let row = back.iter().find(|r| r.id == id).ok_or_else(|| {
                format!("the refused delete's row {id} did not come back: {back:?}")
            })?;
            Page::check(
                row.state == "failed" && row.error.contains("422"),
                format!("the refused delete's row shows it refused: {row:?}"),
            )?;
            Page::check(
                !settled(&back, false),
                "a refused delete's row, failed, counted as settled",
            )
        },
    )
    .await;
}
