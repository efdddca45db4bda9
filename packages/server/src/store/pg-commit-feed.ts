/**
 * The PostgreSQL store's change feed ({@link Store.onCommit}) across nodes: every commit sends
 * `pg_notify('evident_commit', '{"n": node, "e": [election ids]}')` in its transaction, and one
 * `LISTEN evident_commit` connection per store hears the commits of the other nodes (its own are
 * reported at once, without waiting for the notice). A lost LISTEN connection is opened again
 * (every second); notices sent meanwhile are lost, so after a reconnection the listeners are
 * called with every election id: a change may be reported twice, never missed.
 * @module
 */
import pg from 'pg';

/**
 * The notification channel of a schema: `evident_commit`, with the schema's name after it when
 * the tables are not in `public` (two stores in two schemas of one database do not hear each other).
 */
export function commitChannel(schema: string): string {
  return schema === 'public' ? 'evident_commit' : `evident_commit_${schema}`;
}
/** A payload longer than this names no ids (`"e": "*"`): every election (NOTIFY's limit is 8000 bytes). */
const MAX_PAYLOAD = 7000;

/** The payload of a commit's notice. */
export function commitPayload(node: string, ids: readonly string[]): string {
  const p = JSON.stringify({ n: node, e: ids });
  return p.length <= MAX_PAYLOAD ? p : JSON.stringify({ n: node, e: '*' });
}

/** The feed of one store. */
export interface CommitFeed {
  /** Settles once the first `LISTEN` is in place (or has failed and is being retried). */
  readonly ready: Promise<void>;
  add(listener: (ids: readonly string[]) => void): () => void;
  /** Reports this node's own commit. */
  local(ids: readonly string[]): void;
  close(): Promise<void>;
}

/**
 * Starts the feed.
 * @param config - how to connect (the store's)
 * @param channel - the channel ({@link commitChannel})
 * @param node - this store's id, to skip its own notices
 * @param allIds - every election id, for a report after a lost connection
 */
export function commitFeed(
  config: pg.ClientConfig,
  channel: string,
  node: string,
  allIds: () => Promise<string[]>,
): CommitFeed {
  const listeners = new Set<(ids: readonly string[]) => void>();
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  /** whether notices may have been missed since the last full report */
  let missed = false;

  const call = (ids: readonly string[]): void => {
    for (const f of [...listeners]) {
      try {
        f(ids);
      } catch (e) {
        // a listener's failure is its own: the commit it reports is durable all the same
        process.emitWarning(`an onCommit listener failed: ${(e as Error).message}`);
      }
    }
  };
  const callAll = async (): Promise<void> => {
    try {
      call(await allIds());
      missed = false;
    } catch {
      missed = true; // reported at the next connection
    }
  };
  const onNotice = (msg: pg.Notification): void => {
    try {
      const p = JSON.parse(msg.payload ?? '{}') as { n?: string; e?: string[] | '*' };
      if (p.n === node) return;
      if (p.e === '*') void callAll();
      else if (Array.isArray(p.e)) call(p.e);
    } catch {
      void callAll();
    }
  };
  const lost = (c: pg.Client): void => {
    if (client !== c) return;
    client = undefined;
    missed = true;
    c.removeAllListeners('notification');
    c.end().catch(() => undefined);
    schedule();
  };
  const schedule = (): void => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, 1000);
    timer.unref();
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client(config);
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    try {
      await c.connect();
      await c.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    } catch {
      c.removeAllListeners('end');
      c.end().catch(() => undefined);
      missed = true;
      if (client === undefined) schedule();
      return;
    }
    if (closed) return void (await c.end().catch(() => undefined));
    client = c;
    c.on('notification', onNotice);
    if (missed) await callAll();
  };
  const started = connect();

  return {
    ready: started,
    add(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    local: call,
    async close() {
      closed = true;
      clearTimeout(timer);
      await started;
      const c = client;
      client = undefined;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
