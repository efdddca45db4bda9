/**
 * Where the board reader gets a log: an exported record's `board/` (its last head must cover the
 * whole log; a record naming a board must carry it; a pinned key needs a head) and a server's
 * paged `board/entries` under its `board/tree-head` (a missing or reordered entry, a lying page,
 * another election's log, a refusal and an unreachable server each named).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SignedTreeHead, canonicalJsonString, generateLogKey, toHex } from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headOver, signedBoard, writeBoardFolder } from '../../test/signed-board.js';
import { BoardReadError } from './board-reader.js';
import { fetchServerBoard, readRecordBoard } from './board-source.js';

const E = 'e1';
const key = generateLogKey();
const { texts, head } = signedBoard(
  [
    { type: 'setup', electionId: E, logPublicKey: toHex(key.publicKey) },
    { type: 'open', time: 1 },
    { type: 'ballot', tracking: 'T0' },
    { type: 'ballot', tracking: 'T1' },
  ],
  E,
  key,
);
const headOf = (t: readonly string[]): SignedTreeHead => headOver(key, E, t);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A record folder: its manifest, and its board when `log` is given. */
function record(log?: readonly string[], heads?: readonly SignedTreeHead[], manifest: object = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'evident-board-'));
  dirs.push(d);
  writeFileSync(join(d, 'manifest.json'), JSON.stringify(manifest));
  if (log) writeBoardFolder(d, log, heads);
  return d;
}

async function refusal(read: () => unknown): Promise<BoardReadError> {
  try {
    await read();
  } catch (e) {
    if (e instanceof BoardReadError) return e;
    throw e;
  }
  throw new Error('the board was accepted');
}

describe('readRecordBoard', () => {
  it('reads the board under the last head, pinned or not', () => {
    const d = record(texts, [headOf(texts.slice(0, 2)), head]);
    expect(readRecordBoard(d, { pinnedKey: key.publicKey })).toMatchObject({ keyPinned: true, head });
    expect(readRecordBoard(d)?.entries).toHaveLength(4);
  });

  it('refuses a log that runs past its last signed head', async () => {
    const d = record(texts, [headOf(texts.slice(0, 3))]);
    const e = await refusal(() => readRecordBoard(d));
    expect(e.message).toBe(
      `${join(d, 'board', 'log.jsonl')}: the signed tree head covers 3 entries, 4 were read`,
    );
  });

  it('has no board for a record made without a server; refuses one naming a board it lacks', async () => {
    expect(readRecordBoard(record())).toBeUndefined();
    const e = await refusal(() => readRecordBoard(record(undefined, undefined, { bulletinBoard: {} })));
    expect(e).toMatchObject({ problem: 'invalid', field: 'bulletinBoard' });
    expect(e.message).toMatch(/names a bulletin board .* no board\/log\.jsonl/);
  });

  it('without tree heads: read unchecked, unless a key is pinned or a head required', async () => {
    const d = record(texts);
    expect(readRecordBoard(d)).toMatchObject({ head: null, keyPinned: false });
    for (const opts of [{ pinnedKey: key.publicKey }, { requireSignedHead: true }]) {
      const e = await refusal(() => readRecordBoard(d, opts));
      expect(e.message).toBe(
        `${join(d, 'board', 'tree-heads.jsonl')}: holds no signed tree head to check the log against`,
      );
    }
    const empty = record(texts, []);
    expect((await refusal(() => readRecordBoard(empty, { requireSignedHead: true }))).field).toBe('treeHead');
  });

  it('asks for a key when one is required, and names a head line that is not JSON', async () => {
    const d = record(texts, [head]);
    expect(await refusal(() => readRecordBoard(d, { requirePinnedKey: true }))).toMatchObject({
      problem: 'usage',
      source: d,
    });
    writeFileSync(join(d, 'board', 'tree-heads.jsonl'), `${JSON.stringify(head)}\n{\n`);
    expect((await refusal(() => readRecordBoard(d))).message).toBe(
      `${join(d, 'board', 'tree-heads.jsonl')}: line 2 is not JSON`,
    );
  });

  it('names a log file that cannot be read', async () => {
    const d = record();
    mkdirSync(join(d, 'board', 'log.jsonl'), { recursive: true });
    expect((await refusal(() => readRecordBoard(d))).problem).toBe('unreadable');
  });
});

describe('fetchServerBoard', () => {
  /** What the test server serves for election E: its head and its entries (may lie). */
  const served = { head: head as SignedTreeHead | null, entries: [...texts], skip: -1 };
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      res.setHeader('content-type', 'application/json');
      if (u.pathname === `/elections/${E}/board/tree-head`)
        return res.end(JSON.stringify({ treeHead: served.head }));
      if (u.pathname !== `/elections/${E}/board/entries`) {
        res.statusCode = 404;
        return res.end(JSON.stringify({ code: 'EVD_ERR_NOT_FOUND', message: 'no such election' }));
      }
      const start = Number(u.searchParams.get('start'));
      const limit = Math.min(2, Number(u.searchParams.get('limit'))); // pages of 2 at most
      const page = served.entries
        .map((entry, index) => ({ index, entry }))
        .filter((e) => e.index !== served.skip)
        .slice(start, start + limit);
      res.end(JSON.stringify({ entries: page }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const reset = () => Object.assign(served, { head, entries: [...texts], skip: -1 });

  it('follows the pages to the signed tree size', async () => {
    reset();
    const v = await fetchServerBoard(url, E, key.publicKey);
    expect(v).toMatchObject({ source: `${url}elections/${E}/board`, keyPinned: true });
    expect(v.entries).toHaveLength(4);
  });

  it('refuses a page that leaves an entry out', async () => {
    Object.assign(served, { skip: 1 });
    const e = await refusal(() => fetchServerBoard(url, E, key.publicKey));
    expect(e.message).toMatch(/entries\?start=0&limit=4: entry 1 is missing or out of order$/);
    reset();
  });

  it('refuses entries that are not what the head signed (a fork shown to this reader)', async () => {
    served.entries[3] = canonicalJsonString({ type: 'ballot', tracking: 'FORGED' });
    const e = await refusal(() => fetchServerBoard(url, E, key.publicKey));
    expect(e).toMatchObject({ problem: 'invalid', field: 'treeHead.rootHash' });
    reset();
  });

  it('refuses a head from a wrong log key and a server with no head', async () => {
    const e = await refusal(() => fetchServerBoard(url, E, generateLogKey().publicKey));
    expect(e.field).toBe('logPublicKey');
    served.head = null;
    expect((await refusal(() => fetchServerBoard(url, E))).message).toMatch(
      /tree-head: holds no signed tree head$/,
    );
    reset();
  });

  it('names a refusal with its code, and a server that cannot be reached', async () => {
    const e = await refusal(() => fetchServerBoard(url, 'e9'));
    expect(e).toMatchObject({ problem: 'unreachable' });
    expect(e.message).toMatch(
      /elections\/e9\/board\/tree-head: the server answered 404 EVD_ERR_NOT_FOUND: no such election$/,
    );
    const down = await refusal(() => fetchServerBoard('http://127.0.0.1:1', E));
    expect(down.message).toMatch(/cannot be reached/);
  });
});
