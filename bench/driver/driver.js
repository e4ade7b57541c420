// The browser benchmarks' in-page half, loaded by every contender's page before its app:
//
// - `window.benchServer`: the simulated server every contender talks to (the same data,
//   the same latency, JSON text in and out), with a switch that holds answers back;
// - `window.benchDriver`: the scenarios, run against `window.benchApp` (which each
//   contender defines: mount, unmount, render counters, memory), measured with
//   requestAnimationFrame + a message posted from it (the first task after that frame's
//   rendering), and returned as plain JSON to the harness (`bench/harness`).
//
// Clicks are `element.click()`: the event goes through the app's own (delegated)
// listeners, synchronously, as a user's would.
(function () {
  'use strict';

  const now = () => performance.now();

  // ------------------------------------------------------------------ the server

  function renamed(title) {
    return title.endsWith(' (renamed)') ? title.slice(0, -' (renamed)'.length) : title + ' (renamed)';
  }

  function applyListChange(rows, change) {
    const row = rows.find((r) => r.id === change.id);
    switch (change.op) {
      case 'toggle':
        if (row) row.done = change.done;
        return row;
      case 'rename':
        if (row) row.title = change.title;
        return row;
      case 'add':
        if (row) return row;
        rows.push({ id: change.id, title: change.title, done: false });
        return rows[rows.length - 1];
      default:
        throw new Error('unknown change ' + change.op);
    }
  }

  const server = {
    latency: 30,
    holding: false,
    held: [],
    calls: 0,
    answers: 0,
    lastAnswer: 0,
    lists: new Map(),
    board: [[], [], [], [], []],
    likes: { liked: false, count: 100 },

    seedList(name, n) {
      const rows = [];
      for (let i = 0; i < n; i++) rows.push({ id: i, title: 'Row ' + i, done: i % 3 === 0 });
      this.lists.set(name, rows);
    },
    seedBoard(perColumn) {
      this.board = [];
      let id = 0;
      for (let c = 0; c < 5; c++) {
        const cards = [];
        for (let i = 0; i < perColumn; i++, id++) cards.push({ id, title: 'Card ' + id });
        this.board.push(cards);
      }
    },
    seedLikes() {
      this.likes = { liked: false, count: 100 };
    },

    handlers: {
      'list.get': (s, b) => s.lists.get(b.list) || [],
      'list.change': (s, b) => applyListChange(s.lists.get(b.list) || [], b.change),
      'board.column': (s, b) => s.board[b.column] || [],
      'board.get': (s) => s.board,
      'board.move': (s, b) => {
        const from = s.board[b.from];
        const to = s.board[b.to];
        const at = from.findIndex((c) => c.id === b.card.id);
        if (at >= 0) from.splice(at, 1);
        if (!to.some((c) => c.id === b.card.id)) to.push(b.card);
        return b.card;
      },
      'likes.get': (s) => s.likes,
      'likes.set': (s, b) => {
        if (b.liked !== s.likes.liked) s.likes = { liked: b.liked, count: s.likes.count + (b.liked ? 1 : -1) };
        return s.likes;
      },
    },

    // `benchServer.call(op, bodyJson)`: a promise of the answer's JSON text, after the
    // latency (or after `release()` while holding). The change is applied when the answer
    // is made, as a server applies it when the request arrives.
    call(op, body) {
      const handler = this.handlers[op];
      const request = JSON.parse(body);
      this.calls++;
      return new Promise((resolve, reject) => {
        const answer = () => {
          if (!handler) return reject(new Error('unknown op ' + op));
          const text = JSON.stringify(handler(this, request));
          this.answers++;
          this.lastAnswer = now();
          resolve(text);
        };
        if (this.holding) this.held.push(answer);
        else setTimeout(answer, this.latency);
      });
    },
    hold() {
      this.holding = true;
    },
    release() {
      this.holding = false;
      const held = this.held;
      this.held = [];
      for (const answer of held) setTimeout(answer, this.latency);
    },
  };
  window.benchServer = server;

  // ------------------------------------------------------------------ measuring

  // A promise of the time right after the rendering of the first frame in which `cond()`
  // holds (checked at each frame's start, after every task and microtask before it).
  function paintWhen(cond, what, timeoutMs) {
    const deadline = now() + (timeoutMs || 20000);
    return new Promise((resolve, reject) => {
      const frame = () => {
        if (cond()) {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(now());
          channel.port2.postMessage(null);
          return;
        }
        if (now() > deadline) {
          const state = 'busy ' + busy() + ', locked ' + locked() + ', calls ' + server.calls + ', answers ' + server.answers + ', held ' + server.held.length;
          return reject(new Error('timed out waiting for ' + what + ' (' + state + ')'));
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
  }

  const tick = () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  const $ = (css) => document.querySelector(css);
  const busy = () => {
    const status = $('.status');
    return !status || status.dataset.busy !== 'false';
  };
  const locked = () => {
    const fieldset = $('fieldset.controls');
    return !!fieldset && fieldset.disabled;
  };
  const renders = () => window.benchApp.renders();
  const rowEl = (id) => $('.row[data-id="' + id + '"]');
  // A windowed list (`data-row-height` on its rows' element) has only the rows in view in
  // the page; it says how many it has in `data-rows`.
  // The list element `listCss` when it is windowed (`data-row-height`), else null.
  const windowedAt = (listCss) => {
    const list = $(listCss);
    return list && list.dataset.rowHeight ? list : null;
  };
  // How many items the list `listCss` holds: a windowed one says so in `data-rows`, as
  // only its items in view are in the page; otherwise its `itemCss` elements.
  const itemCount = (listCss, itemCss) => {
    const windowed = windowedAt(listCss);
    return windowed ? Number(windowed.dataset.rows) : document.querySelectorAll(listCss + ' ' + itemCss).length;
  };
  const windowedList = () => windowedAt('.rows');
  const rowCount = () => itemCount('.rows', '.row');

  // Scrolls row `id` of list `name` into the middle of a windowed list's viewport (as a
  // person scrolls to the row before clicking it), and waits until it is painted. Not
  // measured; nothing to do for a list that has every row in the page.
  async function reveal(name, id) {
    const windowed = windowedList();
    if (!windowed) return;
    const index = (server.lists.get(name) || []).findIndex((r) => r.id === id);
    const viewport = windowed.parentElement;
    const top = index * Number(windowed.dataset.rowHeight);
    if (rowEl(id) && top >= viewport.scrollTop && top < viewport.scrollTop + viewport.clientHeight - 30) return;
    viewport.scrollTop = Math.max(0, top - viewport.clientHeight / 2);
    await settle(() => !!rowEl(id), 'row ' + id + ' scrolled into view');
  }

  // Notes whether the status line said busy at any moment from now on (a frame may not
  // come between the busy render and the answer on a loaded machine, so frames alone
  // could miss it).
  function watchBusy() {
    const watch = { seen: busy() };
    const observer = new MutationObserver(() => {
      if (busy()) watch.seen = true;
    });
    observer.observe(document.getElementById('app'), {
      attributes: true,
      attributeFilter: ['data-busy'],
      childList: true,
      subtree: true,
    });
    watch.stop = () => observer.disconnect();
    return watch;
  }

  // Waits (without measuring) until the app is idle and `ready()` holds.
  async function settle(ready, what) {
    let seenIdle = 0;
    await paintWhen(() => {
      seenIdle = !busy() && ready() ? seenIdle + 1 : 0;
      return seenIdle >= 2;
    }, what);
  }

  // One measured click:
  // - `paint`: click to the painted change (for a contender that waits for the server,
  //   to the painted busy state: the first thing its user sees);
  // - `settle`: click to the painted confirmed state (the change shows, nothing is busy,
  //   and every answer the app waited for arrived);
  // - `answer`: the last server answer to that painted confirmed state (the app's own
  //   work after the network);
  // - row (or card, like) renders up to the first paint and up to the confirmed paint.
  async function measuredClick(el, opts) {
    const counter = opts.counter || 'rows';
    const optimistic = window.benchApp.optimistic && !opts.noOptimism;
    const before = renders()[counter];
    const containersBefore = renders().containers;
    const answersBefore = server.answers;
    const watch = watchBusy();
    const t0 = now();
    el.click();
    // The first task after the click's own work and its microtasks (where Yew renders);
    // a frame may come first.
    const scriptDone = tick().then(now);
    const shown = optimistic ? opts.shows : () => opts.shows() || busy();
    const painted = await paintWhen(shown, opts.name + ' (first paint)');
    const rendersPaint = renders()[counter] - before;
    const containersPaint = renders().containers - containersBefore;
    const settled = await paintWhen(
      () => opts.shows() && watch.seen && !busy() && server.answers > answersBefore && server.held.length === 0,
      opts.name + ' (confirmed)',
    );
    watch.stop();
    return {
      paint: painted - t0,
      script: (await scriptDone) - t0,
      settle: settled - t0,
      answer: settled - server.lastAnswer,
      renders_paint: rendersPaint,
      renders_settle: renders()[counter] - before,
      containers_paint: containersPaint,
      containers_settle: renders().containers - containersBefore,
      calls: server.answers - answersBefore,
    };
  }

  function listMatchesServer(name) {
    const rows = server.lists.get(name) || [];
    const shown = document.querySelectorAll('.row');
    // A windowed list shows a run of consecutive rows: they must be the server's.
    const first = windowedList() && shown.length > 0 ? rows.findIndex((r) => r.id === Number(shown[0].dataset.id)) : 0;
    if (rowCount() !== rows.length) return 'shows ' + rowCount() + ' rows, server has ' + rows.length;
    if (first < 0 || (!windowedList() && shown.length !== rows.length)) return 'shows rows the server does not have';
    for (let i = 0; i < shown.length; i++) {
      const el = shown[i];
      const r = rows[first + i];
      if (!r) return 'shows more rows than the server has';
      if (Number(el.dataset.id) !== r.id) return 'row ' + i + ' is ' + el.dataset.id + ', server has ' + r.id;
      if ((el.dataset.done === 'true') !== r.done) return 'row ' + r.id + ' done differs from the server';
      if (el.querySelector('.title').textContent !== r.title) return 'row ' + r.id + ' title differs from the server';
    }
    return null;
  }

  // A windowed column (`data-row-height` on its cards' element) holds only the cards in
  // view, and says how many it has in `data-rows`.
  const columnCards = (c) => '.column[data-col="' + c + '"] .cards';
  const windowedColumn = (c) => windowedAt(columnCards(c));

  // How many cards the board holds (a windowed column's count, not only those shown).
  function boardCardCount() {
    let n = 0;
    for (let c = 0; c < 5; c++) n += itemCount(columnCards(c), '.card');
    return n;
  }

  function boardMatchesServer() {
    for (let c = 0; c < 5; c++) {
      const shown = Array.from(document.querySelectorAll('.column[data-col="' + c + '"] .card')).map((e) => Number(e.dataset.id));
      const want = server.board[c].map((card) => card.id);
      const windowed = windowedColumn(c);
      if (windowed) {
        // The cards shown are a run of the server's, and the column counts them all.
        const first = want.indexOf(shown[0]);
        const run = first < 0 ? [] : want.slice(first, first + shown.length);
        if (Number(windowed.dataset.rows) !== want.length || (shown.length > 0 && run.join() !== shown.join())) {
          return 'column ' + c + ' differs from the server';
        }
      } else if (shown.join() !== want.join()) return 'column ' + c + ' differs from the server';
    }
    return null;
  }

  function likesMatchServer() {
    const button = $('.like');
    if (!button) return 'no like button';
    const liked = button.getAttribute('aria-pressed') === 'true';
    const count = Number(button.querySelector('.count').textContent);
    if (liked !== server.likes.liked || count !== server.likes.count) return 'like button differs from the server';
    return null;
  }

  // ------------------------------------------------------------------ scenarios

  // Picks a different row each round and repetition, spread over the list.
  const pick = (seed, n) => (seed * 7919 + 13) % n;

  async function mountList(name, n, gc) {
    server.seedList(name, n);
    window.benchApp.mount(JSON.stringify({ kind: 'list', list: name, gc: gc === undefined ? null : gc }));
    await settle(() => rowCount() === n, 'the ' + n + '-row list');
  }

  async function toggle(name, id, scenario) {
    await reveal(name, id);
    const el = rowEl(id);
    const want = el.dataset.done === 'true' ? 'false' : 'true';
    return measuredClick(el.querySelector('.toggle'), {
      name: scenario,
      shows: () => rowEl(id).dataset.done === want,
    });
  }

  async function listFamily(seed, reps, out) {
    const name = 'list1k';
    await mountList(name, 1000);
    // Warm-up: the first clicks of a page compile and size things once.
    for (let w = 0; w < 2; w++) await toggle(name, pick(seed * 31 + w + 500, 1000), 'warm-up');
    for (let r = 0; r < reps; r++) {
      const s = seed * reps + r;
      out.push({ scenario: 'toggle-1k', ...(await toggle(name, pick(s, 1000), 'toggle-1k')) });

      const id = pick(s + 101, 1000);
      await reveal(name, id);
      const title = rowEl(id).querySelector('.title').textContent;
      const want = renamed(title);
      out.push({
        scenario: 'rename-1k',
        ...(await measuredClick(rowEl(id).querySelector('.rename'), {
          name: 'rename-1k',
          shows: () => rowEl(id).querySelector('.title').textContent === want,
        })),
      });

      const count = rowCount();
      out.push({
        scenario: 'add-1k',
        ...(await measuredClick($('.add'), { name: 'add-1k', shows: () => rowCount() === count + 1 })),
      });

      // The server's row changes behind the app's back; Refresh brings it.
      const changed = pick(s + 202, 1000);
      await reveal(name, changed);
      const fresh = 'Changed ' + s + ' ' + now().toFixed(0);
      server.lists.get(name).find((row) => row.id === changed).title = fresh;
      out.push({
        scenario: 'refetch-changed-1k',
        ...(await measuredClick($('.refetch'), {
          name: 'refetch-changed-1k',
          noOptimism: true,
          shows: () => rowEl(changed).querySelector('.title').textContent === fresh,
        })),
      });

      out.push({
        scenario: 'refetch-equal-1k',
        ...(await measuredClick($('.refetch'), { name: 'refetch-equal-1k', noOptimism: true, shows: () => true })),
      });
    }
    const wrong = listMatchesServer(name);
    window.benchApp.unmount();
    return wrong;
  }

  async function overlapFamily(seed, reps, out) {
    // A contender that waits for the server cannot have 100 changes in flight.
    if (!window.benchApp.concurrent) return null;
    const name = 'overlap1k';
    await mountList(name, 1000);
    for (let w = 0; w < 2; w++) await toggle(name, pick(seed * 31 + w + 500, 1000), 'warm-up');
    for (let r = 0; r < reps; r++) out.push(await overlapping(name, seed * reps + r));
    const wrong = listMatchesServer(name);
    window.benchApp.unmount();
    return wrong;
  }

  // 100 toggles on 100 rows while the server holds every answer, then the answers all
  // come: click of the first to the paint showing all 100, release to the confirmed
  // paint, renders, and how often a row's shown state flipped back and forth meanwhile.
  async function overlapping(name, s) {
    const ids = [];
    for (let i = 0; i < 100; i++) ids.push((i * 10 + (s % 10)) % 1000);
    const want = new Map(ids.map((id) => [id, rowEl(id).dataset.done === 'true' ? 'false' : 'true']));
    const allShow = () => ids.every((id) => rowEl(id).dataset.done === want.get(id));
    const before = renders().rows;
    const containersBefore = renders().containers;
    const answersBefore = server.answers;
    server.hold();
    const t0 = now();
    for (const id of ids) {
      rowEl(id).querySelector('.toggle').click();
      await tick();
    }
    const painted = await paintWhen(allShow, 'overlap-100 (all shown)');
    const rendersPaint = renders().rows - before;
    const containersPaint = renders().containers - containersBefore;
    let flips = 0;
    const observer = new MutationObserver((records) => {
      for (const record of records) if (record.attributeName === 'data-done') flips++;
    });
    observer.observe($('.rows'), { attributes: true, subtree: true, attributeFilter: ['data-done'] });
    const released = now();
    const watch = watchBusy();
    server.release();
    const settled = await paintWhen(
      () => allShow() && watch.seen && !busy() && server.answers >= answersBefore + 100,
      'overlap-100 (confirmed)',
      30000,
    );
    watch.stop();
    observer.disconnect();
    return {
      scenario: 'overlap-100',
      paint: painted - t0,
      settle: settled - released,
      answer: settled - server.lastAnswer,
      renders_paint: rendersPaint,
      renders_settle: renders().rows - before,
      containers_paint: containersPaint,
      containers_settle: renders().containers - containersBefore,
      calls: server.answers - answersBefore,
      flips,
    };
  }

  async function rename(name, id, scenario) {
    await reveal(name, id);
    const title = rowEl(id).querySelector('.title').textContent;
    const want = renamed(title);
    return measuredClick(rowEl(id).querySelector('.rename'), {
      name: scenario,
      shows: () => rowEl(id).querySelector('.title').textContent === want,
    });
  }

  // Ten rows of list `name` (of `n` rows) change on the server behind the app's back;
  // a click on Refresh brings them.
  async function refetchChanged(name, n, s, scenario) {
    const changed = [];
    const fresh = 'Changed ' + s + ' ' + now().toFixed(0);
    // A windowed list shows only the rows in view: there the ten rows are consecutive,
    // scrolled into view first, so that the change is something a person sees.
    const rows = server.lists.get(name);
    const base = Math.min(pick(s + 202, n), n - 10);
    if (windowedList()) await reveal(name, rows[base + 5].id);
    for (let i = 0; i < 10; i++) {
      const id = windowedList() ? rows[base + i].id : pick(s + 202 + i * 997, n);
      if (changed.includes(id)) continue;
      changed.push(id);
      server.lists.get(name).find((row) => row.id === id).title = fresh;
    }
    return measuredClick($('.refetch'), {
      name: scenario,
      noOptimism: true,
      shows: () => changed.every((id) => rowEl(id).querySelector('.title').textContent === fresh),
    });
  }

  async function bigListFamily(seed, reps, out) {
    const name = 'list10k';
    const n = 10000;
    // The live wasm heap before the list and once it is loaded: what 10,000 rows cost
    // the app (data, components, virtual DOM), per row.
    const before = await memoryNow();
    await mountList(name, n);
    const loaded = await memoryNow();
    if (before.wasm_allocated !== null && loaded.wasm_allocated !== null) {
      out.push({ scenario: 'heap-10k', heap_per_row: (loaded.wasm_allocated - before.wasm_allocated) / n });
    }
    for (let w = 0; w < 2; w++) await toggle(name, pick(seed * 31 + w + 500, n), 'warm-up');
    for (let r = 0; r < reps; r++) {
      const s = seed * reps + r;
      out.push({ scenario: 'toggle-10k', ...(await toggle(name, pick(s, n), 'toggle-10k')) });
      out.push({ scenario: 'rename-10k', ...(await rename(name, pick(s + 101, n), 'rename-10k')) });
      out.push({ scenario: 'refetch-changed-10k', ...(await refetchChanged(name, n, s, 'refetch-changed-10k')) });
    }
    const wrong = listMatchesServer(name);
    window.benchApp.unmount();
    return wrong;
  }

  async function moveCard(s, scenario) {
    const from = s % 5;
    const cards = document.querySelectorAll('.column[data-col="' + from + '"] .card');
    const el = cards[pick(s, cards.length)];
    const id = el.dataset.id;
    const to = (from + 1) % 5;
    const gone = () => !$('.column[data-col="' + from + '"] .card[data-id="' + id + '"]');
    // A windowed column shows its top cards, and the card goes to the end of its new
    // column: what a person sees there is the column's count going up by one.
    const windowedTo = windowedColumn(to);
    const countBefore = windowedTo ? Number(windowedTo.dataset.rows) : 0;
    const arrived = windowedTo
      ? () => Number(windowedColumn(to).dataset.rows) === countBefore + 1
      : () => !!$('.column[data-col="' + to + '"] .card[data-id="' + id + '"]');
    return measuredClick(el.querySelector('.move'), {
      name: scenario,
      counter: 'cards',
      shows: () => arrived() && gone(),
    });
  }

  async function boardOf(perColumn, scenario, seed, reps, out) {
    server.seedBoard(perColumn);
    window.benchApp.mount(JSON.stringify({ kind: 'board' }));
    await settle(() => boardCardCount() === 5 * perColumn, 'the board');
    await moveCard(seed * 31 + 7, 'warm-up');
    for (let r = 0; r < reps; r++) {
      out.push({ scenario, ...(await moveCard(seed * reps + r, scenario)) });
    }
    const wrong = boardMatchesServer();
    window.benchApp.unmount();
    return wrong;
  }

  const boardFamily = (seed, reps, out) => boardOf(100, 'kanban-move-500', seed, reps, out);
  // 5 columns x 400 cards.
  const bigBoardFamily = (seed, reps, out) => boardOf(400, 'kanban-move-2k', seed, reps, out);

  // 20 clicks on the like button, each as soon as the previous one painted (or, for a
  // contender that locks its button while it waits, as soon as the button is enabled
  // again). Per click: click to paint; for the burst: first click to the painted
  // confirmed state.
  async function likeBurst() {
    const clicks = [];
    const before = renders().likes;
    const answersBefore = server.answers;
    // Busy may come and go during the burst (answers arrive between clicks).
    const watch = watchBusy();
    const t0 = now();
    for (let i = 0; i < 20; i++) {
      if (locked()) await paintWhen(() => !locked(), 'the like button enabled');
      const button = $('.like');
      const want = button.getAttribute('aria-pressed') === 'true' ? 'false' : 'true';
      const t = now();
      button.click();
      const shows = window.benchApp.optimistic
        ? () => $('.like').getAttribute('aria-pressed') === want
        : () => busy() || $('.like').getAttribute('aria-pressed') === want;
      clicks.push((await paintWhen(shows, 'like click')) - t);
    }
    const settled = await paintWhen(
      () => watch.seen && !busy() && !likesMatchServer() && server.held.length === 0 && server.calls === server.answers,
      'like burst (confirmed)',
    );
    watch.stop();
    clicks.sort((a, b) => a - b);
    return {
      scenario: 'like-burst-20',
      paint: clicks[Math.floor(clicks.length / 2)],
      paint_max: clicks[clicks.length - 1],
      settle: settled - t0,
      answer: settled - server.lastAnswer,
      renders_paint: null,
      renders_settle: renders().likes - before,
      calls: server.answers - answersBefore,
    };
  }

  async function likeFamily(seed, reps, out) {
    server.seedLikes();
    window.benchApp.mount(JSON.stringify({ kind: 'likes' }));
    await settle(() => !!$('.like'), 'the like button');
    for (let r = 0; r < reps; r++) {
      out.push(await likeBurst());
      await settle(() => !likesMatchServer(), 'the like button confirmed');
    }
    const wrong = likesMatchServer();
    window.benchApp.unmount();
    return wrong;
  }

  // One visit of the harness: every scenario family once, `reps` measured repetitions
  // each. Returns `{ contender, samples, errors }`.
  async function round(opts) {
    const seed = opts.seed || 0;
    const reps = opts.reps || 1;
    server.latency = opts.latency === undefined ? 30 : opts.latency;
    const samples = [];
    const errors = [];
    const durations = {};
    const families = [
      ['list', listFamily],
      ['overlap', overlapFamily],
      ['list10k', bigListFamily],
      ['board', boardFamily],
      ['board2k', bigBoardFamily],
      ['likes', likeFamily],
    ]
      .filter(([name]) => !opts.only || opts.only.includes(name))
      // A contender may be about some families only (a windowed list: the big one).
      .filter(([name]) => !window.benchApp.families || window.benchApp.families.includes(name));
    for (const [name, family] of families) {
      const out = [];
      const started = now();
      try {
        const wrong = await family(seed, reps, out);
        if (wrong) errors.push(name + ': at the end the page ' + wrong);
      } catch (e) {
        errors.push(name + ': ' + (e && e.stack ? e.stack : String(e)));
        try {
          window.benchApp.unmount();
        } catch (_) {
          // Already broken; the error above says why.
        }
      }
      samples.push(...out);
      durations[name] = Math.round(now() - started);
      await sleep(20);
    }
    return { contender: window.benchApp.name, samples, errors, durations };
  }

  // ------------------------------------------------------------------ memory

  async function collect() {
    if (window.gc) {
      for (let i = 0; i < 3; i++) {
        window.gc();
        await sleep(10);
      }
    }
  }

  async function memoryNow() {
    await collect();
    const wasm = window.benchApp.memory ? window.benchApp.memory() : { linear: null, allocated: null };
    return {
      js_heap: performance.memory ? performance.memory.usedJSHeapSize : null,
      wasm_linear: wasm.linear,
      wasm_allocated: wasm.allocated,
      dom_nodes: document.getElementsByTagName('*').length,
    };
  }

  // `total` settled toggles on a 100-row list (in batches of 100 in flight at once; a
  // contender that waits for the server does them one at a time, and at most 1,000 of
  // them, which already takes minutes), memory measured after the first batch and at the
  // end, and again after the list is unmounted.
  async function manyMutations(total, gc) {
    const name = 'mem100';
    const rows = 100;
    const before = await memoryNow();
    await mountList(name, rows, gc);
    const concurrent = window.benchApp.concurrent;
    const batch = concurrent ? 100 : 1;
    const target = concurrent ? total : Math.min(total, 1000);
    let done = 0;
    let first = null;
    const started = now();
    while (done < target) {
      const ids = [];
      for (let i = 0; i < batch; i++) ids.push((done + i) % rows);
      const want = new Map(ids.map((id) => [id, rowEl(id).dataset.done === 'true' ? 'false' : 'true']));
      for (const id of ids) {
        rowEl(id).querySelector('.toggle').click();
        if (batch > 1) await tick();
      }
      await settle(() => ids.every((id) => rowEl(id).dataset.done === want.get(id)), 'a batch of toggles');
      done += batch;
      if (first === null && done >= 100) first = await memoryNow();
    }
    const seconds = (now() - started) / 1000;
    if (gc !== undefined) await sleep(gc + 1000);
    const last = await memoryNow();
    const wrong = listMatchesServer(name);
    window.benchApp.unmount();
    await sleep(gc === undefined ? 50 : gc + 1000);
    const unmounted = await memoryNow();
    return { mutations: done, seconds, before, after_100: first, after_all: last, unmounted, wrong };
  }

  // `cycles` mounts and unmounts of a 100-row list app with its own client: each cycle
  // loads, toggles one row, waits for the confirmed state, unmounts.
  async function mountCycles(cycles, gc) {
    const name = 'tree100';
    let warm = null;
    const started = now();
    for (let i = 0; i < cycles; i++) {
      await mountList(name, 100, gc);
      const id = i % 100;
      const want = rowEl(id).dataset.done === 'true' ? 'false' : 'true';
      rowEl(id).querySelector('.toggle').click();
      await settle(() => rowEl(id).dataset.done === want, 'a toggle');
      window.benchApp.unmount();
      await paintWhen(() => rowCount() === 0, 'the unmount');
      if (i + 1 === Math.min(100, cycles)) {
        if (gc !== undefined) await sleep(gc + 1000);
        warm = await memoryNow();
      }
    }
    const seconds = (now() - started) / 1000;
    if (gc !== undefined) await sleep(gc + 1000);
    const last = await memoryNow();
    return { cycles, seconds, after_100: warm, after_all: last };
  }

  async function memory(opts) {
    server.latency = opts.latency === undefined ? 0 : opts.latency;
    const result = { contender: window.benchApp.name, baseline: await memoryNow() };
    try {
      const mutations = opts.mutations || 10000;
      const cycles = opts.cycles || 1000;
      // With the libraries' defaults: what a user's app keeps (for their gc time).
      result.mutations = await manyMutations(mutations);
      result.cycles = await mountCycles(cycles);
      // With a 1 s gc time, measured once it is over: what is kept for good.
      result.mutations_gc = await manyMutations(Math.max(200, mutations / 5), 1000);
      result.cycles_gc = await mountCycles(Math.max(200, cycles / 5), 1000);
    } catch (e) {
      result.error = e && e.stack ? e.stack : String(e);
    }
    return result;
  }

  // ------------------------------------------------------------------ profiling

  // For `bench-harness --profile`: `prepare` mounts a scenario's app and warms it up,
  // then the harness starts the profiler, `act` runs only the measured clicks, and the
  // profiler stops before `finish` unmounts. Scenarios: toggle-1k, toggle-10k,
  // rename-10k, refetch-changed-10k, overlap-100, like-burst-20, kanban-move-500,
  // kanban-move-2k.
  const profiled = {
    'toggle-1k': { size: 1000, act: (s) => toggle('list1k', pick(s, 1000), 'toggle-1k') },
    'toggle-10k': { size: 10000, act: (s) => toggle('list10k', pick(s, 10000), 'toggle-10k') },
    'overlap-100': { size: 1000, act: (s) => overlapping('list1k', s) },
    'like-burst-20': { likes: true, act: () => likeBurst() },
    'rename-10k': { size: 10000, act: (s) => rename('list10k', pick(s + 101, 10000), 'rename-10k') },
    'refetch-changed-10k': { size: 10000, act: (s) => refetchChanged('list10k', 10000, s, 'refetch-changed-10k') },
    'kanban-move-500': { board: 100, act: (s) => moveCard(s, 'kanban-move-500') },
    'kanban-move-2k': { board: 400, act: (s) => moveCard(s, 'kanban-move-2k') },
  };

  async function prepare(opts) {
    const p = profiled[opts.scenario];
    if (!p) throw new Error('no profiling for ' + opts.scenario);
    server.latency = opts.latency === undefined ? 30 : opts.latency;
    if (p.likes) {
      server.seedLikes();
      window.benchApp.mount(JSON.stringify({ kind: 'likes' }));
      await settle(() => !!$('.like'), 'the like button');
      await likeBurst();
    } else if (p.board) {
      server.seedBoard(p.board);
      window.benchApp.mount(JSON.stringify({ kind: 'board' }));
      await settle(() => boardCardCount() === 5 * p.board, 'the board');
      await moveCard(99, 'warm-up');
    } else {
      const name = p.size === 10000 ? 'list10k' : 'list1k';
      await mountList(name, p.size);
      for (let w = 0; w < 2; w++) await toggle(name, pick(w + 500, p.size), 'warm-up');
    }
    return true;
  }

  async function act(opts) {
    const p = profiled[opts.scenario];
    const out = [];
    for (let r = 0; r < (opts.reps || 1); r++) {
      out.push({ scenario: opts.scenario, ...(await p.act(r + 1)) });
      await sleep(20);
    }
    return out;
  }

  async function finish() {
    window.benchApp.unmount();
    return true;
  }

  window.benchDriver = { round, memory, prepare, act, finish, server, paintWhen };
})();
