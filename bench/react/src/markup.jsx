// The markup every contender renders: the same elements, classes and attributes as
// bench/common/src/markup.rs, with the same render counters.
import { memo } from 'react';

export const counters = { rows: 0, cards: 0, likes: 0, containers: 0 };

export function countContainer() {
  counters.containers++;
}

export function renamed(title) {
  return title.endsWith(' (renamed)') ? title.slice(0, -' (renamed)'.length) : title + ' (renamed)';
}

// One row; `onAction` must be stable or every row renders with its parent.
export const RowView = memo(function RowView({ row, onAction }) {
  counters.rows++;
  const { id, title, done } = row;
  return (
    <li className="row" data-id={id} data-done={done ? 'true' : 'false'}>
      <button className="toggle" aria-pressed={done ? 'true' : 'false'} onClick={() => onAction({ op: 'toggle', id, done: !done })}>
        {done ? '☑' : '☐'}
      </button>
      <span className="title">{title}</span>
      <button className="rename" onClick={() => onAction({ op: 'rename', id, title: renamed(title) })}>
        Rename
      </button>
    </li>
  );
});

export function Status({ busy }) {
  return (
    <output className="status" data-busy={busy ? 'true' : 'false'}>
      {busy ? 'saving…' : 'saved'}
    </output>
  );
}

export function ListFrame({ name, busy, locked, onRefetch, onAdd, children }) {
  return (
    <section className="list" data-list={name}>
      <fieldset className="controls" disabled={locked}>
        <header>
          <button className="refetch" onClick={onRefetch}>Refresh</button>
          <button className="add" onClick={onAdd}>Add</button>
          <Status busy={busy} />
        </header>
        <ul className="rows">{children}</ul>
      </fieldset>
    </section>
  );
}

export const CardView = memo(function CardView({ card, column, onMove }) {
  counters.cards++;
  return (
    <li className="card" data-id={card.id} data-col={column}>
      <span className="title">{card.title}</span>
      <button className="move" onClick={() => onMove(card, column)}>→</button>
    </li>
  );
});

export function ColumnFrame({ column, count, children }) {
  return (
    <section className="column" data-col={column}>
      <h2>{'Column ' + (column + 1) + ' (' + count + ')'}</h2>
      <ul className="cards">{children}</ul>
    </section>
  );
}

export function BoardFrame({ busy, locked, children }) {
  return (
    <section className="board">
      <fieldset className="controls" disabled={locked}>
        <header>
          <Status busy={busy} />
        </header>
        <div className="columns">{children}</div>
      </fieldset>
    </section>
  );
}

export const LikeView = memo(function LikeView({ likes, onClick }) {
  counters.likes++;
  const { liked, count } = likes;
  return (
    <button className="like" aria-pressed={liked ? 'true' : 'false'} onClick={() => onClick(!liked)}>
      {liked ? '♥ ' : '♡ '}
      <span className="count">{count}</span>
    </button>
  );
});

export function LikeFrame({ busy, locked, children }) {
  return (
    <section className="likes">
      <fieldset className="controls" disabled={locked}>
        {children}
        <Status busy={busy} />
      </fieldset>
    </section>
  );
}
