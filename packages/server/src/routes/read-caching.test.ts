/**
 * Read caching over HTTP (spec/server-api.md §6.5): complete board pages kept as bytes and sent
 * `immutable` — the same bytes as a server that keeps nothing builds, however the board grows
 * after — the page ending the board kept only until the board grows; `ETag` and `If-None-Match` → 304 on pages, tree heads,
 * inclusion proofs and results; gzip and brotli that decompress to the very bytes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeLogHash, encodeLogHash, verifyInclusion } from '@evident/e2e-crypto';
import { buildApp } from '../app.js';
import { COMPRESS_MIN_BYTES, IMMUTABLE, NO_CACHE } from '../limits/cached-answer.js';
import { castBallot, injectCall, setUpElection, type Call } from '../testing/local-election.js';

const ADMIN = 'evd_read-caching-admin';
type App = Awaited<ReturnType<typeof buildApp>>;

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('read caching', () => {
  let dir: string;
  let app: App;
  let call: Call;
  let el: Awaited<ReturnType<typeof setUpElection>>;

  const get = async (a: App, url: string, headers: Record<string, string> = {}) => {
    const r = await a.inject({ method: 'GET', url, headers });
    return { status: r.statusCode, headers: r.headers, raw: r.rawPayload };
  };
  const size = async (): Promise<number> => {
    const r = await get(app, '/elections/e1/board/tree-head');
    return (JSON.parse(r.raw.toString()) as { treeHead: { treeSize: number } }).treeHead.treeSize;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-read-caching-'));
    app = await buildApp({ db: join(dir, 'e.db'), adminToken: ADMIN, rateLimit: false });
    call = injectCall(app);
    el = await setUpElection(call, ADMIN, { id: 'e1', voters: 7 });
    for (const v of ['voter-1', 'voter-2', 'voter-3']) await castBallot(call, el, v, 'o1');
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a complete page immutable, the same bytes as a server that keeps nothing, whatever the board does after', async () => {
    const n = await size();
    const first = await get(app, '/elections/e1/board/entries?start=1&limit=2');
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe(IMMUTABLE);
    expect(first.headers['etag']).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    const page = JSON.parse(first.raw.toString()) as { treeSize: number; next: number; entries: unknown[] };
    expect(page).toMatchObject({ treeSize: n, next: 3 });
    expect(page.entries).toHaveLength(2);

    // a second node on the same database, keeping no page: builds the page afresh, same bytes
    const plain = await buildApp({ db: join(dir, 'e.db'), rateLimit: false, limits: { pageCacheBytes: 0 } });
    try {
      const fresh = await get(plain, '/elections/e1/board/entries?start=1&limit=2');
      expect(fresh.raw.equals(first.raw)).toBe(true);
      expect(sha(fresh.raw)).toBe(sha(first.raw));
      expect(fresh.headers['etag']).toBe(first.headers['etag']);
    } finally {
      await plain.close();
    }

    await castBallot(call, el, 'voter-4', 'o2');
    expect(await size()).toBeGreaterThan(n);
    const later = await get(app, '/elections/e1/board/entries?start=1&limit=2');
    expect(sha(later.raw)).toBe(sha(first.raw)); // the kept page: treeSize of when it was built
    expect(later.headers['etag']).toBe(first.headers['etag']);
  });

  it('never sends the last page immutable, nor a full page that ends the board', async () => {
    const n = await size();
    const tail = await get(app, `/elections/e1/board/entries?start=${n - 1}&limit=2`);
    expect(tail.headers['cache-control']).toBe(NO_CACHE);
    const ending = await get(app, `/elections/e1/board/entries?start=${n - 2}&limit=2`);
    expect(ending.headers['cache-control']).toBe(NO_CACHE); // full, but no `next` yet
    expect(JSON.parse(ending.raw.toString()).next).toBeUndefined();

    await castBallot(call, el, 'voter-5', 'o1');
    const m = await size();
    const grown = JSON.parse(
      (await get(app, `/elections/e1/board/entries?start=${n - 1}&limit=2`)).raw.toString(),
    );
    expect(grown.treeSize).toBe(m);
    expect(grown.entries).toHaveLength(2);
    const now = await get(app, `/elections/e1/board/entries?start=${n - 2}&limit=2`);
    expect(now.headers['cache-control']).toBe(IMMUTABLE);
    expect(JSON.parse(now.raw.toString())).toMatchObject({ treeSize: m, next: n });
  });

  it('keeps the page ending the board until the board grows: the next entry shows at once', async () => {
    const n = await size();
    const url = `/elections/e1/board/entries?start=${n - 1}&limit=5`;
    const reads = vi.spyOn(app.evident.store, 'logEntries');
    try {
      const a = await get(app, url);
      expect(reads).toHaveBeenCalled();
      reads.mockClear();
      const b = await get(app, url);
      expect(reads).not.toHaveBeenCalled(); // kept: no read of the store
      expect(b.raw.equals(a.raw)).toBe(true);
      expect(b.headers['etag']).toBe(a.headers['etag']);
      expect(b.headers['cache-control']).toBe(NO_CACHE);
      expect(JSON.parse(a.raw.toString())).toMatchObject({ treeSize: n, entries: [{ index: n - 1 }] });

      await castBallot(call, el, 'voter-6', 'o1');
      const m = await size();
      const c = await get(app, url, { 'if-none-match': a.headers['etag'] as string });
      expect(c.status).toBe(200); // the tag of the smaller board does not stand for this one
      expect(reads).toHaveBeenCalled();
      const page = JSON.parse(c.raw.toString()) as { treeSize: number; entries: { index: number }[] };
      expect(page.treeSize).toBe(m);
      expect(page.entries.map((e) => e.index)).toEqual(
        Array.from({ length: m - n + 1 }, (_, i) => n - 1 + i),
      );
      // the same bytes as a node that keeps nothing builds at this size
      const plain = await buildApp({
        db: join(dir, 'e.db'),
        rateLimit: false,
        limits: { pageCacheBytes: 0 },
      });
      try {
        expect((await get(plain, url)).raw.equals(c.raw)).toBe(true);
      } finally {
        await plain.close();
      }
    } finally {
      reads.mockRestore();
    }
  });

  it('does not send a kept page from a tree that does not hold it', async () => {
    const kept = await get(app, '/elections/e1/board/entries?start=2&limit=2');
    expect(kept.headers['cache-control']).toBe(IMMUTABLE);
    const log = app.evident.logs.get('e1')!;
    const real = log.size;
    log.size = 3; // a node whose tree is behind: entries 2 and 3 are not both in it
    try {
      const r = await get(app, '/elections/e1/board/entries?start=2&limit=2');
      expect(JSON.parse(r.raw.toString())).toMatchObject({ treeSize: 3, entries: [{ index: 2 }] });
      expect(r.headers['cache-control']).toBe(NO_CACHE);
    } finally {
      log.size = real;
    }
    expect((await get(app, '/elections/e1/board/entries?start=2&limit=2')).raw.equals(kept.raw)).toBe(true);
  });

  it('answers 304 to If-None-Match naming the representation, 200 otherwise', async () => {
    const url = '/elections/e1/board/entries?start=0&limit=2';
    const a = await get(app, url);
    const etag = a.headers['etag'] as string;
    for (const inm of [etag, `W/${etag}`, `"x", ${etag}`, '*']) {
      const r = await get(app, url, { 'if-none-match': inm });
      expect(r.status).toBe(304);
      expect(r.raw.length).toBe(0);
      expect(r.headers['etag']).toBe(etag);
    }
    expect((await get(app, url, { 'if-none-match': '"other"' })).status).toBe(200);
    // the gzip form has its own tag: the identity tag does not stand for it
    const gz = await get(app, url, { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(gz.status).toBe(200);
    expect(gz.headers['etag']).not.toBe(etag);
    const again = await get(app, url, {
      'accept-encoding': 'gzip',
      'if-none-match': gz.headers['etag'] as string,
    });
    expect(again.status).toBe(304);
  });

  it('compresses for a client that asks, to the very bytes', async () => {
    const url = '/elections/e1/board/entries?start=0&limit=3';
    const plain = await get(app, url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toBe('Accept-Encoding');
    const gz = await get(app, url, { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.raw.length).toBeLessThan(plain.raw.length);
    expect(gunzipSync(gz.raw).equals(plain.raw)).toBe(true);
    const br = await get(app, url, { 'accept-encoding': 'gzip;q=0.5, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.raw).equals(plain.raw)).toBe(true);
    const none = await get(app, url, { 'accept-encoding': 'gzip;q=0, br;q=0' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.raw.equals(plain.raw)).toBe(true);
    // the last page, built per request, compresses too
    const n = await size();
    const tail = await get(app, `/elections/e1/board/entries?start=${n - 1}`, { 'accept-encoding': 'gzip' });
    const tailPlain = await get(app, `/elections/e1/board/entries?start=${n - 1}`);
    expect(gunzipSync(tail.raw).equals(tailPlain.raw)).toBe(true);
  });

  it('tags tree heads and inclusion proofs; a proof for a named tree size is immutable', async () => {
    const h = await get(app, '/elections/e1/board/tree-head');
    expect(h.headers['cache-control']).toBe(NO_CACHE);
    expect(
      (await get(app, '/elections/e1/board/tree-head', { 'if-none-match': h.headers['etag'] as string }))
        .status,
    ).toBe(304);
    const n = await size();
    const p = await get(app, `/elections/e1/board/inclusion?index=1&treeSize=${n}`);
    expect(p.headers['cache-control']).toBe(IMMUTABLE);
    expect((await get(app, `/elections/e1/board/inclusion?index=1`)).headers['cache-control']).toBe(NO_CACHE);
    const inm = { 'if-none-match': p.headers['etag'] as string };
    expect((await get(app, `/elections/e1/board/inclusion?index=1&treeSize=${n}`, inm)).status).toBe(304);

    await castBallot(call, el, 'voter-7', 'o2');
    const h2 = await get(app, '/elections/e1/board/tree-head', {
      'if-none-match': h.headers['etag'] as string,
    });
    expect(h2.status).toBe(200); // a new head: a new tag
    expect(h2.headers['etag']).not.toBe(h.headers['etag']);
  });

  it('answers inclusion proofs at the current size after the board grows: the tree’s own, verifying against the new head', async () => {
    const n = await size();
    const inm = await get(app, '/elections/e1/board/inclusion?index=0');
    await castBallot(call, el, 'voter-3', 'o1'); // the board grows (a new ballot on voter-3's chain)
    const m = await size();
    expect(m).toBeGreaterThan(n);
    const head = JSON.parse((await get(app, '/elections/e1/board/tree-head')).raw.toString()) as {
      treeHead: { treeSize: number; rootHash: string };
    };
    expect(head.treeHead.treeSize).toBe(m);
    const tree = app.evident.logs.get('e1')!.tree;
    for (let i = 0; i < m; i++) {
      const r = await get(app, `/elections/e1/board/inclusion?index=${i}`);
      const p = JSON.parse(r.raw.toString()) as { treeSize: number; leafHash: string; proof: string[] };
      expect(p.treeSize).toBe(m);
      expect(p.proof).toEqual(tree.inclusionProof(i, m).map(encodeLogHash));
      const ok = verifyInclusion(
        decodeLogHash(p.leafHash, 'leafHash'),
        i,
        m,
        p.proof.map((h) => decodeLogHash(h, 'proof')),
        decodeLogHash(head.treeHead.rootHash, 'rootHash'),
      );
      expect(ok, `index ${i}`).toBe(true);
    }
    // the tag of the proof at the smaller size does not stand for this one
    const again = await get(app, '/elections/e1/board/inclusion?index=0', {
      'if-none-match': inm.headers['etag'] as string,
    });
    expect(again.status).toBe(200);
    // and a proof at the earlier size is still that one
    const before = await get(app, `/elections/e1/board/inclusion?index=0&treeSize=${n}`);
    expect(before.raw.equals(inm.raw)).toBe(true);
  });

  it('tags and compresses results, one answer per snapshot', async () => {
    const a = await get(app, '/elections/e1/results');
    expect(a.status).toBe(200);
    expect(a.headers['cache-control']).toBe(NO_CACHE);
    const again = await get(app, '/elections/e1/results', { 'if-none-match': a.headers['etag'] as string });
    expect(again.status).toBe(304);
    const gz = await get(app, '/elections/e1/results', { 'accept-encoding': 'gzip' });
    expect(gz.headers['vary']).toBe('Accept-Encoding');
    if (a.raw.length >= COMPRESS_MIN_BYTES) expect(gunzipSync(gz.raw).equals(a.raw)).toBe(true);
    else {
      expect(gz.headers['content-encoding']).toBeUndefined(); // too small to be worth it
      expect(gz.raw.equals(a.raw)).toBe(true);
    }
    expect(JSON.parse(a.raw.toString())).toMatchObject({ treeSize: await size() });
  });

  it('results: state and paper looked for once per tree size, a change of state shown at once (last: it closes the election)', async () => {
    const state = async (): Promise<{ state: string; treeSize: number; cast: number }> => {
      const b = JSON.parse((await get(app, '/elections/e1/results')).raw.toString()) as {
        election: { state: string };
        treeSize: number;
        turnout: { cast: number };
      };
      return { state: b.election.state, treeSize: b.treeSize, cast: b.turnout.cast };
    };
    const before = await state();
    await castBallot(call, el, 'voter-2', 'o2'); // the board grows within a second of that snapshot
    const reads = vi.spyOn(app.evident.store, 'getElection');
    try {
      await state();
      const looked = reads.mock.calls.length;
      await state();
      await state();
      expect(reads.mock.calls.length).toBe(looked); // the same tree size: not looked for again

      expect((await call('POST', '/elections/e1/close', undefined, ADMIN)).status).toBeLessThan(300);
      const after = await state(); // at once, though the last snapshot is less than a second old
      expect(after.state).toBe('closed');
      expect(before.state).toBe('open');
      expect(after.treeSize).toBe(await size());
    } finally {
      reads.mockRestore();
    }
  });
});
