/**
 * The writer under the store's write lock (spec/server-api.md §6.6): two writers on one database
 * file (two nodes in one process) append in one log order without gaps, each catching up with the
 * other's commits before planning; a store that cannot be reached fails the batch with 503
 * `EVD_ERR_UNAVAILABLE` (the store's StoreUnavailableError, with its Retry-After) and leaves the tree as it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeLogHash, generateLogKey, logPublicKey } from '@evident/e2e-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite-store.js';
import { StoreUnavailableError, type ElectionRow, type Store } from '../store/store.js';
import { loadElectionLogs } from './election-logs.js';
import { createWriter } from './writer.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = generateLogKey().secretKey;

const election = (id: string): ElectionRow => ({
  id,
  state: 'open',
  profile: 'ristretto255',
  manifest: '{}',
  config: '{}',
  init: null,
  createdAt: 0,
  updatedAt: 0,
});

async function node(store: Store, groupMs = 0) {
  const logs = await loadElectionLogs(store, key, logPublicKey(key));
  return { store, logs, writer: createWriter(store, logs, undefined, {}, groupMs) };
}

describe('the writer under the write lock', () => {
  it('commit delay: jobs that come within it commit in one group; without it, the first goes alone', async () => {
    const groups: number[] = [];
    for (const groupMs of [300, 0]) {
      const n = await node(openSqliteStore({ path: join(dir, `group-${groupMs}.db`) }), groupMs);
      await n.writer.submit((tx) => {
        n.logs.create('e1');
        tx.mutate({ kind: 'election', row: election('e1') });
        return tx.append('e1', 'setup', { n: 0 });
      });
      const before = n.writer.stats.commits;
      const first = n.writer.submit((tx) => tx.append('e1', 'note', { i: 0 }));
      await new Promise((r) => setTimeout(r, 20));
      const rest = [1, 2, 3].map((i) => n.writer.submit((tx) => tx.append('e1', 'note', { i })));
      expect(await Promise.all([first, ...rest])).toEqual([1, 2, 3, 4]);
      groups.push(n.writer.stats.commits - before);
      await n.store.close();
    }
    expect(groups[0]).toBe(1); // one commit of 4 jobs
    expect(groups[1]).toBeGreaterThanOrEqual(2); // the first job committed before the others came
  });

  it('two nodes on one file: one log order, no gaps, each head over the whole log', async () => {
    const path = join(dir, 'two.db');
    const a = await node(openSqliteStore({ path }));
    const b = await node(openSqliteStore({ path }));
    await a.writer.submit((tx) => {
      a.logs.create('e1');
      tx.mutate({ kind: 'election', row: election('e1') });
      return tx.append('e1', 'setup', { n: 0 });
    });
    const indices = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).writer.submit((tx) => tx.append('e1', 'note', { i })),
      ),
    );
    expect([...indices].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const head = (await a.store.latestTreeHead('e1'))!;
    expect(head.treeSize).toBe(13);
    // the last writer's tree is the whole log; the other's catches up on its next batch
    await a.writer.submit(() => undefined);
    await b.writer.submit((tx) => tx.append('e1', 'note', { last: true }));
    const last = (await b.store.latestTreeHead('e1'))!;
    expect(last.treeSize).toBe(14);
    expect(b.logs.get('e1')!.head.rootHash).toBe(last.rootHash);
    expect(last.timestamp).toBeGreaterThanOrEqual(head.timestamp);
    expect(encodeLogHash(b.logs.get('e1')!.tree.rootHash(14))).toBe(last.rootHash);
    await a.store.close();
    await b.store.close();
  });

  it('a store that cannot be reached: its StoreUnavailableError (503 with Retry-After), the tree left as it was', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    let down = false;
    const flaky: Store = {
      ...store,
      writeBatch: (prepare) =>
        down
          ? prepare(store).then(() => Promise.reject(new StoreUnavailableError('connection lost')))
          : store.writeBatch(prepare),
    };
    const n = await node(flaky);
    await n.writer.submit((tx) => {
      n.logs.create('e2');
      tx.mutate({ kind: 'election', row: election('e2') });
      return tx.append('e2', 'setup', {});
    });
    down = true;
    // the store's own error, which the app answers 503 EVD_ERR_UNAVAILABLE with its Retry-After
    const refused = n.writer.submit((tx) => tx.append('e2', 'note', {}));
    await expect(refused).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(refused).rejects.toMatchObject({ retryAfter: 2 });
    const log = n.logs.get('e2')!;
    expect([log.size, log.tree.size]).toEqual([1, 1]);
    down = false;
    expect(await n.writer.submit((tx) => tx.append('e2', 'note', {}))).toBe(1);
    await store.close();
  });
});
