/**
 * The writer's recovery from a failed commit (spec/server-api.md §6.6), two nodes on one store,
 * on both stores: a store wrapper (testing/faulty-store.ts) injects the faults of a database
 * restart — a commit refused, a commit made durable whose acknowledgement is lost, the log
 * unreadable while the database is down (so that the writer cannot reload its tree at once).
 * Each time the jobs are refused with StoreUnavailableError (503 with Retry-After), never another
 * error (a 500), and afterwards both nodes append to one log without a gap or a duplicate index,
 * under heads over the stored leaves; a job whose commit was durable is found done by either node
 * (the voter's resend is idempotent). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMerkleLog, encodeLogHash, generateLogKey, logPublicKey } from '@evident/e2e-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../tests/support/pg-cluster.js';
import { describeWithPg } from '../../../../tests/support/pg.js';
import { openStore } from '../store/open-store.js';
import { LogConflictError, StoreUnavailableError, type Store } from '../store/store.js';
import { faultyStore } from '../testing/faulty-store.js';
import { loadElectionLogs, type ElectionLogs } from './election-logs.js';
import { createWriter, type Tx } from './writer.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-writer-recovery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = generateLogKey().secretKey;
const E = 'e';

/** A node: its (faulty) store, logs and writer. */
async function node(inner: Store, opts: { noCatchUp?: boolean } = {}) {
  const { store, faults } = faultyStore(inner);
  const logs = await loadElectionLogs(store, key, logPublicKey(key));
  // without the catch-up before planning: what the writer's own check must catch
  const writerLogs: ElectionLogs = opts.noCatchUp ? { ...logs, catchUp: () => Promise.resolve([]) } : logs;
  const writer = createWriter(store, writerLogs);
  const append = (n: unknown): Promise<number> => writer.submit((tx) => tx.append(E, 'note', { n }));
  return { inner, store, faults, logs, writer, append };
}
type Node = Awaited<ReturnType<typeof node>>;

/** A job done once: its log index, and whether it was done before (as a ballot sent again). */
const once =
  (name: string) =>
  async (tx: Tx): Promise<{ index: number; again: boolean }> => {
    const done = await tx.store.getMeta(`once:${name}`);
    if (done !== undefined) return { index: Number(done), again: true };
    const index = tx.append(E, 'once', { name });
    tx.mutate({ kind: 'meta', key: `once:${name}`, value: String(index) });
    return { index, again: false };
  };

/** Two nodes on one store, the election created by the first and known to the second. */
async function twoNodes(open: () => Promise<[Store, Store]>): Promise<[Node, Node]> {
  const [s1, s2] = await open();
  const a = await node(s1);
  const b = await node(s2);
  await a.writer.submit((tx) => {
    a.logs.create(E);
    tx.mutate({
      kind: 'election',
      row: {
        id: E,
        state: 'open',
        profile: 'p',
        manifest: '{}',
        config: '{}',
        init: null,
        createdAt: 0,
        updatedAt: 0,
      },
    });
    return tx.append(E, 'setup', {});
  });
  await b.writer.submit(() => undefined);
  return [a, b];
}

/**
 * The stored log has the indices 0..n-1 and its latest head covers exactly its leaves; every
 * node, once caught up, has that tree and no staged leaf.
 */
async function expectOneLog(nodes: Node[], n: number): Promise<void> {
  const store = nodes[0]!.inner;
  const entries = await store.logEntries(E, 0, 1000);
  expect(entries.map((e) => e.index)).toEqual(Array.from({ length: n }, (_, i) => i));
  const root = encodeLogHash(createMerkleLog(entries.map((e) => e.leafHash)).rootHash());
  const head = (await store.latestTreeHead(E))!;
  expect([head.treeSize, head.rootHash]).toEqual([n, root]);
  for (const x of nodes) {
    await x.writer.submit(() => undefined);
    const log = x.logs.get(E)!;
    expect([log.size, log.tree.size, encodeLogHash(log.tree.rootHash())]).toEqual([n, n, root]);
  }
}

async function closeAll(nodes: Node[]): Promise<void> {
  for (const x of nodes) await x.inner.close();
}

function contract(open: () => Promise<[Store, Store]>): void {
  it('a commit refused, the log unreadable until the database is back: the next batch appends right after the stored log, the other node after it', async () => {
    const [a, b] = await twoNodes(open);
    Object.assign(a.faults, { commit: 'refused', readsDown: true });
    await expect(a.append('lost')).rejects.toBeInstanceOf(StoreUnavailableError);
    Object.assign(a.faults, { commit: 'ok', readsDown: false });
    expect(await a.append(1)).toBe(1);
    expect(await b.append(2)).toBe(2);
    expect(await a.append(3)).toBe(3);
    await expectOneLog([a, b], 4);
    await closeAll([a, b]);
  });

  it('a commit made durable whose acknowledgement is lost: 503, then found done by either node, the log goes on', async () => {
    const [a, b] = await twoNodes(open);
    Object.assign(a.faults, { commit: 'unacknowledged', readsDown: true });
    await expect(a.writer.submit(once('v'))).rejects.toBeInstanceOf(StoreUnavailableError);
    Object.assign(a.faults, { commit: 'ok', readsDown: false });
    // the voter answered 503 sends it again, to the other node, then to the first
    expect(await b.writer.submit(once('v'))).toEqual({ index: 1, again: true });
    expect(await a.writer.submit(once('v'))).toEqual({ index: 1, again: true });
    expect(await a.append(2)).toBe(2);
    expect(await b.append(3)).toBe(3);
    await expectOneLog([a, b], 4);
    await closeAll([a, b]);
  });

  it('the same, the first node writing again before the other', async () => {
    const [a, b] = await twoNodes(open);
    Object.assign(a.faults, { commit: 'unacknowledged', readsDown: true });
    await expect(a.append('acknowledged-late')).rejects.toBeInstanceOf(StoreUnavailableError);
    a.faults.commit = 'refused';
    await expect(a.append('refused')).rejects.toBeInstanceOf(StoreUnavailableError);
    Object.assign(a.faults, { commit: 'ok', readsDown: false });
    expect(await a.append(2)).toBe(2);
    expect(await b.append(3)).toBe(3);
    await expectOneLog([a, b], 4);
    await closeAll([a, b]);
  });

  it('a tree out of step with its committed size when the batch is planned: refused with 503, nothing written, the log reloaded', async () => {
    const [s1, s2] = await open();
    await s2.close();
    const a = await node(s1, { noCatchUp: true });
    await a.writer.submit((tx) => {
      a.logs.create(E);
      return tx.append(E, 'setup', {});
    });
    a.logs.get(E)!.tree.append(new Uint8Array(32).fill(7)); // a staged leaf left behind
    await expect(a.append('out of step')).rejects.toBeInstanceOf(StoreUnavailableError);
    expect((await s1.logEntries(E, 0, 10)).map((e) => e.index)).toEqual([0]);
    const log = a.logs.get(E)!;
    expect([log.size, log.tree.size]).toEqual([1, 1]);
    expect(await a.append(1)).toBe(1);
    await expectOneLog([a], 2);
    await closeAll([a]);
  });

  it('a log entry already stored at the index a batch writes: refused with 503 (LogConflictError), never a 500; reloaded, the next batch goes on after it', async () => {
    const [a, b] = await twoNodes(open);
    // written behind the writers' backs, without a head: the second line of defence
    const stray = {
      electionId: E,
      index: 1,
      type: 'stray',
      entry: new Uint8Array([1]),
      leafHash: new Uint8Array(32),
    };
    await a.inner.commit([{ kind: 'log-entry', row: stray }]);
    await expect(a.inner.commit([{ kind: 'log-entry', row: stray }])).rejects.toBeInstanceOf(
      LogConflictError,
    );
    const refused = b.append('collides');
    await expect(refused).rejects.toBeInstanceOf(LogConflictError);
    await expect(refused).rejects.toMatchObject({ retryAfter: 2 });
    expect(await b.append(2)).toBe(2);
    expect((await a.inner.logEntries(E, 0, 10)).map((e) => e.type)).toEqual(['setup', 'stray', 'note']);
    await closeAll([a, b]);
  });
}

describe('the writer recovering from a failed commit, SQLite', () => {
  let n = 0;
  contract(async () => {
    const path = join(dir, `two-${n++}.db`);
    return [await openStore(path), await openStore(path)];
  });
});

describeWithPg('the writer recovering from a failed commit, PostgreSQL', (server) => {
  contract(async () => {
    const url = await freshDatabase(server().url);
    return [await openStore(url), await openStore(url)];
  });
});
