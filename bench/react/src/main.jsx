// Browser benchmark contender **TanStack Query v5 + React 19**: the same apps as the Yew
// contenders, with the optimistic-updates recipe of TanStack's docs: `onMutate` cancels
// the query, snapshots it and writes the change with `setQueryData`; `onError` restores
// the snapshot; `onSettled` invalidates (and returns that promise, so the mutation stays
// pending until the refetch is done).
import { useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  QueryClient,
  QueryClientProvider,
  useIsFetching,
  useIsMutating,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import {
  BoardFrame,
  CardView,
  ColumnFrame,
  counters,
  countContainer,
  LikeFrame,
  LikeView,
  ListFrame,
  RowView,
} from './markup.jsx';

const call = (op, body) => window.benchServer.call(op, JSON.stringify(body)).then((text) => JSON.parse(text));

function useBusy() {
  return useIsMutating() + useIsFetching() > 0;
}

function applyChange(rows, change) {
  switch (change.op) {
    case 'toggle':
      return rows.map((r) => (r.id === change.id ? { ...r, done: change.done } : r));
    case 'rename':
      return rows.map((r) => (r.id === change.id ? { ...r, title: change.title } : r));
    case 'add':
      return rows.some((r) => r.id === change.id) ? rows : [...rows, { id: change.id, title: change.title, done: false }];
    default:
      return rows;
  }
}

let nextRowId = 2000000;

function ListApp({ name }) {
  countContainer();
  const client = useQueryClient();
  const queryKey = ['list', name];
  const { data, refetch } = useQuery({ queryKey, queryFn: () => call('list.get', { list: name }) });
  const { mutate } = useMutation({
    mutationFn: (change) => call('list.change', { list: name, change }),
    onMutate: async (change) => {
      await client.cancelQueries({ queryKey });
      const previous = client.getQueryData(queryKey);
      client.setQueryData(queryKey, (old) => (old ? applyChange(old, change) : old));
      return { previous };
    },
    onError: (_error, _change, context) => client.setQueryData(queryKey, context.previous),
    onSettled: () => client.invalidateQueries({ queryKey }),
  });
  const onAction = useCallback((change) => mutate(change), [mutate]);
  const onAdd = useCallback(() => {
    const id = nextRowId++;
    mutate({ op: 'add', id, title: 'New row ' + id });
  }, [mutate]);
  const busy = useBusy();
  return (
    <ListFrame name={name} busy={busy} locked={false} onRefetch={() => refetch()} onAdd={onAdd}>
      {(data || []).map((row) => (
        <RowView key={row.id} row={row} onAction={onAction} />
      ))}
    </ListFrame>
  );
}

const columnKey = (column) => ['board', 'column', column];

function BoardApp() {
  countContainer();
  const client = useQueryClient();
  const { mutate } = useMutation({
    mutationFn: (move) => call('board.move', move),
    onMutate: async (move) => {
      await Promise.all([move.from, move.to].map((c) => client.cancelQueries({ queryKey: columnKey(c) })));
      const previous = [move.from, move.to].map((c) => [c, client.getQueryData(columnKey(c))]);
      client.setQueryData(columnKey(move.from), (old) => old && old.filter((card) => card.id !== move.card.id));
      client.setQueryData(columnKey(move.to), (old) => old && [...old, move.card]);
      return { previous };
    },
    onError: (_error, _move, context) => {
      for (const [c, cards] of context.previous) client.setQueryData(columnKey(c), cards);
    },
    onSettled: (_data, _error, move) =>
      Promise.all([move.from, move.to].map((c) => client.invalidateQueries({ queryKey: columnKey(c) }))),
  });
  const onMove = useCallback((card, from) => mutate({ card, from, to: (from + 1) % 5 }), [mutate]);
  const busy = useBusy();
  return (
    <BoardFrame busy={busy} locked={false}>
      {[0, 1, 2, 3, 4].map((c) => (
        <ColumnApp key={c} column={c} onMove={onMove} />
      ))}
    </BoardFrame>
  );
}

function ColumnApp({ column, onMove }) {
  countContainer();
  const { data } = useQuery({ queryKey: columnKey(column), queryFn: () => call('board.column', { column }) });
  const cards = data || [];
  return (
    <ColumnFrame column={column} count={cards.length}>
      {cards.map((card) => (
        <CardView key={card.id} card={card} column={column} onMove={onMove} />
      ))}
    </ColumnFrame>
  );
}

function withLiked(likes, liked) {
  if (likes.liked === liked) return likes;
  return { liked, count: likes.count + (liked ? 1 : -1) };
}

function LikeApp() {
  countContainer();
  const client = useQueryClient();
  const queryKey = ['likes'];
  const { data } = useQuery({ queryKey, queryFn: () => call('likes.get', {}) });
  const { mutate } = useMutation({
    mutationFn: (liked) => call('likes.set', { liked }),
    onMutate: async (liked) => {
      await client.cancelQueries({ queryKey });
      const previous = client.getQueryData(queryKey);
      client.setQueryData(queryKey, (old) => old && withLiked(old, liked));
      return { previous };
    },
    onError: (_error, _liked, context) => client.setQueryData(queryKey, context.previous),
    onSettled: () => client.invalidateQueries({ queryKey }),
  });
  const onClick = useCallback((liked) => mutate(liked), [mutate]);
  const busy = useBusy();
  return <LikeFrame busy={busy} locked={false}>{data ? <LikeView likes={data} onClick={onClick} /> : null}</LikeFrame>;
}

// Every mount gets a client of its own, as `QueryClientProvider` does in the Yew app.
// `mount.gc` (memory runs only): how long settled mutations and unused queries are kept.
function Root({ mount }) {
  const [client] = useState(() =>
    mount.gc == null
      ? new QueryClient()
      : new QueryClient({ defaultOptions: { queries: { gcTime: mount.gc }, mutations: { gcTime: mount.gc } } }),
  );
  let app = null;
  if (mount.kind === 'list') app = <ListApp name={mount.list} />;
  else if (mount.kind === 'board') app = <BoardApp />;
  else if (mount.kind === 'likes') app = <LikeApp />;
  return <QueryClientProvider client={client}>{app}</QueryClientProvider>;
}

// One React root for the page; scenario apps mount and unmount inside it, as a page
// switches views (the Yew contenders do the same).
const root = createRoot(document.getElementById('app'));
let generation = 0;

window.benchApp = {
  name: 'tanstack-react',
  optimistic: true,
  concurrent: true,
  mount(json) {
    generation++;
    root.render(
      <div className="mounted" key={generation}>
        <Root mount={JSON.parse(json)} />
      </div>,
    );
  },
  unmount() {
    root.render(null);
  },
  renders: () => ({ ...counters }),
  memory: () => ({ linear: null, allocated: null }),
};
