//! Page-wide styles, in parts (each parsed at compile time by `css!`), mounted in this
//! order. Colours come from the theme's `--yo-*` custom properties, so the whole
//! gallery follows the light/dark switch.

use stylist::{css, StyleSource};

/// The gallery's stylesheet: its parts, in cascade order.
pub fn global_css() -> [StyleSource; 7] {
    [
        base(),
        shell(),
        story(),
        panels(),
        demos(),
        keyed(),
        narrow(),
    ]
}

/// The page's base: elements, buttons, fields.
fn base() -> StyleSource {
    css!(
        r#"
html, body { margin: 0; padding: 0; }
body { -webkit-font-smoothing: antialiased; }
* { box-sizing: border-box; }
a { color: var(--yo-accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, time { font-family: ui-monospace, "SF Mono", "JetBrains Mono", Menlo, Consolas, monospace; }
button {
    font: inherit; font-size: 0.85rem; color: var(--yo-text); background: var(--yo-surface);
    border: 1px solid var(--yo-control-border); border-radius: 7px; padding: 0.35rem 0.7rem; cursor: pointer;
    min-height: 1.5rem; min-width: 1.5rem;
}
button:hover { background: var(--yo-surface-2); }
button.primary { background: var(--yo-accent); color: var(--yo-accent-text); border-color: var(--yo-accent); }
button.primary:hover { filter: brightness(1.08); }
.buttons button[aria-pressed="true"] { border-color: var(--yo-pending-text); color: var(--yo-pending-text); background: var(--yo-pending-bg); }
:focus-visible { outline: 2px solid var(--yo-focus); outline-offset: 2px; }
input[type="text"], input[type="number"] {
    font: inherit; color: var(--yo-text); background: var(--yo-surface); border: 1px solid var(--yo-control-border);
    border-radius: 7px; padding: 0.4rem 0.6rem;
}
input[type="range"] { width: 100%; accent-color: var(--yo-accent); }
input[type="checkbox"] { accent-color: var(--yo-accent); width: 1.25rem; height: 1.25rem; margin: 0 0.125rem; }
.muted { color: var(--yo-muted); }
"#
    )
}

/// The shell: top bar, sidebar, content and page heads.
fn shell() -> StyleSource {
    css!(
        r#"
.shell {
    display: grid; grid-template-columns: 15rem minmax(0, 1fr); grid-template-rows: 3.25rem 1fr;
    min-height: 100vh; line-height: 1.5; font-size: 15px;
}
.topbar {
    grid-column: 1 / -1; position: sticky; top: 0; z-index: 10; display: flex; align-items: center;
    gap: 0.75rem; padding: 0 1.25rem; background: var(--yo-surface); border-bottom: 1px solid var(--yo-border);
}
.topbar .brand { display: flex; align-items: center; gap: 0.5rem; color: var(--yo-text); }
.topbar .brand:hover { text-decoration: none; }
.topbar h1 { margin: 0; font-size: 1rem; font-weight: 650; letter-spacing: -0.01em; white-space: nowrap; }
.topbar .theme-toggle { white-space: nowrap; }
.topbar .logo { color: var(--yo-accent); font-size: 1.3rem; }
.topbar .spacer { flex: 1; }
.topbar .menu { display: none; }

.sidebar {
    background: var(--yo-surface); border-right: 1px solid var(--yo-border); padding: 1rem 0.6rem;
    position: sticky; top: 3.25rem; height: calc(100vh - 3.25rem); overflow-y: auto;
}
.sidebar h2 {
    margin: 1rem 0.6rem 0.35rem; font-size: 0.7rem; font-weight: 650; text-transform: uppercase;
    letter-spacing: 0.08em; color: var(--yo-muted);
}
.sidebar h2:first-child { margin-top: 0; }
.sidebar ul { list-style: none; margin: 0; padding: 0; }
.sidebar a {
    display: block; padding: 0.38rem 0.6rem; border-radius: 7px; color: var(--yo-text); font-size: 0.9rem;
}
.sidebar .hooks a { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.82rem; }
.sidebar a:hover { background: var(--yo-surface-2); text-decoration: none; }
.sidebar a[aria-current="page"] { background: var(--yo-surface-2); color: var(--yo-accent); font-weight: 600; box-shadow: inset 3px 0 0 var(--yo-accent); }

.content { padding: 1.5rem 2rem 3rem; min-width: 0; max-width: 1440px; }
.page-head { margin-bottom: 1rem; }
.eyebrow { margin: 0; font-size: 0.72rem; font-weight: 650; text-transform: uppercase; letter-spacing: 0.08em; color: var(--yo-accent); }
.page-head h2 { margin: 0.15rem 0 0.35rem; font-size: 1.7rem; letter-spacing: -0.02em; }
.lead { margin: 0; color: var(--yo-muted); max-width: 52rem; }
"#
    )
}

/// A story page: panels, story tabs, summary and steps, the story's frame.
fn story() -> StyleSource {
    css!(
        r#"
.panel {
    background: var(--yo-surface); border: 1px solid var(--yo-border); border-radius: 10px;
    padding: 1rem 1.1rem; box-shadow: var(--yo-shadow); min-width: 0;
}
/* Only the panels' own headings: the components inside a story keep their own. */
.panel > h3 { margin: 0 0 0.6rem; font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.07em; color: var(--yo-muted); }
.panel > h4 { margin: 1rem 0 0.4rem; font-size: 0.8rem; color: var(--yo-muted); }

.story-tabs { display: flex; gap: 0.25rem; border-bottom: 1px solid var(--yo-border); margin-bottom: 0.9rem; overflow-x: auto; }
.story-tabs a {
    padding: 0.5rem 0.85rem; color: var(--yo-muted); border-bottom: 2px solid transparent; white-space: nowrap;
    font-size: 0.9rem; font-weight: 500;
}
.story-tabs a:hover { color: var(--yo-text); text-decoration: none; }
.story-tabs a[aria-selected="true"] { color: var(--yo-accent); border-bottom-color: var(--yo-accent); font-weight: 600; }
.story-summary { margin: 0 0 0.4rem; max-width: 60rem; }
.story-steps { margin: 0 0 1rem; color: var(--yo-muted); font-size: 0.9rem; }
.story-steps summary { cursor: pointer; color: var(--yo-text); font-weight: 600; font-size: 0.85rem; }
.story-steps ol { margin: 0.3rem 0 0; padding-left: 1.3rem; }

/* Story, controls beside it; devtools and source below at full width (they need it). */
.story-frame {
    display: grid; grid-template-columns: minmax(0, 1fr) 20rem; gap: 1rem; align-items: start;
    grid-template-areas: "preview controls" "devtools devtools" "source source";
}
.story-frame.wide {
    grid-template-columns: 20rem minmax(0, 1fr);
    grid-template-areas: "preview preview" "controls devtools" "source source";
}
.story-frame > .preview { grid-area: preview; }
.story-frame > .side { grid-area: controls; display: grid; gap: 1rem; align-content: start; min-width: 0; }
.story-frame.wide > .side { grid-template-columns: minmax(0, 1fr); }
.story-frame > .devtools { grid-area: devtools; }
.story-frame > .source { grid-area: source; }
.preview { padding: 0; overflow: hidden; }
.preview .canvas {
    padding: 1.5rem; min-height: 16rem; overflow-x: auto;
    background-image: radial-gradient(var(--yo-border) 1px, transparent 1px); background-size: 16px 16px;
}
"#
    )
}

/// The panels beside and below a story: args, controls, devtools, source.
fn panels() -> StyleSource {
    css!(
        r#"
.args .arg { display: grid; gap: 0.2rem; margin-bottom: 0.7rem; }
.args .arg-toggle { grid-template-columns: minmax(0, 1fr) auto; align-items: center; }
.args label { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.3rem; font-size: 0.85rem; font-weight: 550; }
.args .arg-prop { font-size: 0.72rem; font-weight: 400; color: var(--yo-muted); }
.args input[type="text"], .args select { width: 100%; }
.args select {
    font: inherit; font-size: 0.85rem; color: var(--yo-text); background: var(--yo-surface);
    border: 1px solid var(--yo-control-border); border-radius: 7px; padding: 0.35rem 0.5rem; min-height: 1.9rem;
}
.args .arg-range { display: flex; align-items: center; gap: 0.5rem; }
.args .arg-range output { min-width: 2.5rem; text-align: right; font-family: ui-monospace, Menlo, monospace; font-size: 0.8rem; color: var(--yo-muted); }
.controls .control { display: block; margin-bottom: 0.8rem; }
.control-label { display: flex; justify-content: space-between; font-size: 0.85rem; font-weight: 550; margin-bottom: 0.2rem; }
.control-label output { font-family: ui-monospace, Menlo, monospace; color: var(--yo-muted); font-weight: 400; }
.controls .seed input { width: 100%; }
.switch { display: flex; align-items: center; gap: 0.5rem; font-size: 0.85rem; margin-bottom: 0.6rem; cursor: pointer; }
.switch input[role="switch"] {
    appearance: none; width: 2.2rem; height: 1.25rem; border-radius: 999px; background: var(--yo-success-text);
    position: relative; cursor: pointer; margin: 0; flex: none;
}
.switch input[role="switch"]::after {
    content: ""; position: absolute; top: 0.15rem; left: 1.1rem; width: 0.95rem; height: 0.95rem; border-radius: 50%;
    background: #fff; transition: left 0.15s;
}
.switch input[role="switch"]:checked { background: var(--yo-error-text); }
.switch input[role="switch"]:checked::after { left: 0.15rem; }
.buttons { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.4rem 0 0.9rem; }
.stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(4.2rem, 1fr)); gap: 0.3rem; margin: 0 0 0.6rem; }
.controls fieldset.backend { border: 1px solid var(--yo-border); border-radius: 8px; padding: 0.4rem 0.7rem 0.1rem; margin: 0 0 0.9rem; }
.controls fieldset.backend legend { font-size: 0.85rem; font-weight: 550; padding: 0 0.3rem; }
.controls .server-error { font-size: 0.8rem; color: var(--yo-error-text); margin: 0 0 0.5rem; }
.stats div { background: var(--yo-surface-2); border-radius: 7px; padding: 0.3rem 0.4rem; text-align: center; }
.stats dt { font-size: 0.62rem; color: var(--yo-muted); text-transform: uppercase; letter-spacing: 0.05em; }
.stats dd { margin: 0; font-weight: 650; font-variant-numeric: tabular-nums; }
.server-log, .event-log {
    list-style: none; margin: 0; padding: 0.4rem 0.5rem; max-height: 11rem; overflow-y: auto;
    background: var(--yo-surface-2); border-radius: 7px;
    font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.72rem; line-height: 1.55;
}
.server-log:empty, .event-log:empty { display: none; }
.event-log time { color: var(--yo-muted); }
.slot-note { margin: -0.3rem 0 0.5rem; font-size: 0.72rem; color: var(--yo-pending-text); background: var(--yo-pending-bg); padding: 0.2rem 0.45rem; border-radius: 6px; }
.cache-list { list-style: none; margin: 0 0 0.2rem; padding: 0; font-size: 0.78rem; }
.cache-list li { padding: 0.25rem 0; border-bottom: 1px dashed var(--yo-border); }
.devtools h3 + .slot-note { margin-top: 0; }
.devtools h3:not(:first-child) { margin-top: 1rem; }

.source { padding: 0; overflow: hidden; }
.source-bar { display: flex; align-items: center; justify-content: space-between; gap: 0.5rem; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--yo-border); }
.file-tabs { display: flex; gap: 0.2rem; overflow-x: auto; }
.file-tabs button { border: 0; background: transparent; font-family: ui-monospace, Menlo, monospace; font-size: 0.78rem; color: var(--yo-muted); }
.file-tabs button[aria-selected="true"] { background: var(--yo-surface-2); color: var(--yo-text); }
.source pre { margin: 0; padding: 0.9rem 1rem; max-height: 30rem; overflow: auto; background: var(--yo-surface-2); font-size: 0.78rem; line-height: 1.55; tab-size: 4; }
"#
    )
}

/// The demos and the introduction.
fn demos() -> StyleSource {
    css!(
        r#"
.todo-list, .query-demo { max-width: 34rem; background: var(--yo-surface); border: 1px solid var(--yo-border); border-radius: 10px; padding: 1rem; box-shadow: var(--yo-shadow); }
.todo-head { display: flex; justify-content: space-between; align-items: baseline; }
.todo-head h3 { margin: 0 0 0.6rem; font-size: 1.05rem; }
.todo-head .muted { font-size: 0.8rem; }
.todo-form { display: flex; gap: 0.5rem; margin-bottom: 0.6rem; }
.todo-form input { flex: 1; min-width: 0; }
.todos, .rows, .query-demo ul { list-style: none; margin: 0; padding: 0; }
.todo, .rows li, .query-demo li { display: flex; align-items: center; gap: 0.6rem; padding: 0.45rem 0.3rem; border-bottom: 1px solid var(--yo-border); }
.todo:last-child { border-bottom: 0; }
.todo .title { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.todo .title.done { text-decoration: line-through; color: var(--yo-muted); }
.todo[data-state="pending"] .title { font-style: italic; }
.todo .paused-note { font-size: 0.72rem; color: var(--yo-muted); }
button.icon { border: 0; background: transparent; color: var(--yo-muted); padding: 0.1rem 0.4rem; }
button.icon:hover { color: var(--yo-error-text); background: var(--yo-error-bg); }
.error { color: var(--yo-error-text); background: var(--yo-error-bg); border-radius: 7px; padding: 0.45rem 0.65rem; margin: 0.5rem 0 0; font-size: 0.88rem; }
.failures { margin-top: 0.6rem; display: grid; gap: 0.4rem; }
.failures button { justify-self: start; }
.banner { background: var(--yo-pending-bg); color: var(--yo-pending-text); border-radius: 7px; padding: 0.5rem 0.75rem; margin: 0 0 0.75rem; max-width: 34rem; }
.queue { max-width: 34rem; margin-top: 0.75rem; font-size: 0.85rem; color: var(--yo-muted); }
.queue h4 { margin: 0 0 0.2rem; font-size: 0.8rem; }
.queue ol { margin: 0; padding-left: 1.2rem; }
.story-actions { margin: 0.75rem 0 0; }
.render-count { margin-left: auto; font-family: ui-monospace, Menlo, monospace; font-size: 0.75rem; color: var(--yo-muted); }
.query-demo .title { flex: 1; }

.intro .points { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1rem; margin: 1rem 0; }
.intro .point h3 { color: var(--yo-accent); font-size: 0.95rem; text-transform: none; letter-spacing: 0; }
.intro .point p { margin: 0 0 0.5rem; }
.intro .see { font-size: 0.82rem; margin: 0; display: flex; flex-wrap: wrap; align-items: center; gap: 0.35rem; }
.intro .see a { padding: 0.1rem 0.55rem; border: 1px solid var(--yo-border); border-radius: 999px; background: var(--yo-surface-2); }
.intro .see a:hover { border-color: var(--yo-accent); text-decoration: none; }
.intro .lifecycle { margin-top: 1rem; }
.intro .badges { display: flex; flex-wrap: wrap; align-items: center; gap: 0.35rem; margin: 0 0 0.3rem; }
.intro ul { margin: 0; padding-left: 1.2rem; }
.feed { display: grid; gap: 0.75rem; max-width: 34rem; }
.feed .post {
    background: var(--yo-surface); border: 1px solid var(--yo-border); border-radius: 10px;
    padding: 0.85rem 1rem; box-shadow: var(--yo-shadow);
}
.feed .post p { margin: 0 0 0.6rem; }
"#
    )
}

/// The keyed collections page: the 10,000-row list and the 2,000-card board.
fn keyed() -> StyleSource {
    css!(
        r#"
.keyed-list { max-width: 40rem; }
.keyed-rows { max-height: 28rem; overflow-y: auto; }
.keyed-list .todo-head, .keyed-board .todo-head { gap: 0.75rem; }
.keyed-list .todo-head h3, .keyed-board .todo-head h3 { margin: 0; }
.keyed-list .todo-head .muted, .keyed-board .todo-head .muted { flex: 1; }
/* Rows and cards out of view are neither laid out nor painted: a tick of one row of
   10,000 then costs the browser that row, as it costs the library that row. */
.keyed-row { padding: 0.2rem 0.3rem; content-visibility: auto; contain-intrinsic-size: auto 2rem; }
.keyed-viewport { max-height: 28rem; overflow-y: auto; }
.keyed-rows.windowed { max-height: none; overflow: visible; }
.keyed-rows.windowed .keyed-row { height: 32px; box-sizing: border-box; content-visibility: visible; overflow: hidden; white-space: nowrap; }
.keyed-row .tick { border: 0; background: transparent; padding: 0 0.2rem; font-size: 1.05rem; }
.paint-figure { margin: 0 0 0.4rem; font-size: 0.85rem; }
.pending-count { margin: 0 0 0.4rem; font-size: 0.8rem; }
.keyed-board { background: var(--yo-surface); border: 1px solid var(--yo-border); border-radius: 10px; padding: 1rem; box-shadow: var(--yo-shadow); }
.keyed-columns { display: grid; grid-template-columns: repeat(5, minmax(9rem, 1fr)); gap: 0.6rem; overflow-x: auto; }
.keyed-column { background: var(--yo-surface-2); border-radius: 8px; padding: 0.4rem; min-width: 0; }
.keyed-column header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 0.4rem; margin-bottom: 0.3rem; }
.keyed-column header .render-count { font-size: 0.7rem; }
.keyed-column h4 { margin: 0; font-size: 0.85rem; }
.keyed-column ol { list-style: none; margin: 0; padding: 0; max-height: 26rem; overflow-y: auto; }
.keyed-card { display: flex; align-items: center; gap: 0.3rem; background: var(--yo-surface); border: 1px solid var(--yo-border); border-radius: 6px; padding: 0.2rem 0.4rem; margin-bottom: 0.25rem; font-size: 0.82rem; }
.keyed-card { content-visibility: auto; contain-intrinsic-size: auto 2rem; }
.keyed-card .title { flex: 1; min-width: 0; }
.keyed-card button.icon:hover { color: var(--yo-accent); background: var(--yo-surface-2); }
"#
    )
}

/// Narrow windows: panels below the story, then the sidebar as a drawer.
fn narrow() -> StyleSource {
    css!(
        r#"
@media (max-width: 900px) {
    .story-frame, .story-frame.wide {
        grid-template-columns: minmax(0, 1fr);
        grid-template-areas: "preview" "controls" "devtools" "source";
    }
}
@media (max-width: 760px) {
    .shell { grid-template-columns: minmax(0, 1fr); }
    .topbar { padding: 0 0.75rem; }
    .topbar .menu { display: inline-block; }
    .topbar h1 .wordmark-extra { display: none; }
    .sidebar {
        display: none; position: fixed; top: 3.25rem; left: 0; bottom: 0; width: 17rem; z-index: 20;
        box-shadow: 0 10px 30px rgba(0,0,0,.25);
    }
    .nav-open .sidebar { display: block; }
    .content { padding: 1rem 0.85rem 2rem; }
    .page-head h2 { font-size: 1.4rem; }
    .preview .canvas { padding: 0.85rem; }
}
"#
    )
}
