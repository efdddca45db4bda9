/**
 * The `ranked` request of version 2 written a chunk at a time (./ranked-request.ts): its file is
 * byte for byte, and its digest exactly, what @evident/record `makeRequest` builds from the same
 * rows — with chunks that cut ciphertexts in two, and from a store whose `outputs.bin` spans
 * several 1 MiB chunks — and an `outputs.bin` of the wrong size is refused, never cut short.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encrypt, publicKey, randomScalar, ristretto, type Ciphertext } from '@evident/e2e-crypto';
import { makeRequest, STAGE_DIGEST_FILES, stageFileName, type RequestItem } from '@evident/record';
import type { ServerContext } from '../context.js';
import { openStore } from '../store/open-store.js';
import {
  fileChunks,
  rankedRequestDigest,
  rankedRequestText,
  writeRankedRequest,
  type RankedRequestEntry,
  type RankedRequestPart,
} from './ranked-request.js';
import { adoptStageFiles, STAGE_CHUNK_BYTES, storeStageFiles } from './stage-file-store.js';

type E = ReturnType<typeof ristretto.gExp>;
const G = ristretto;
const L = G.elementLength;
const ID = 'AB'.repeat(32);
const dir = mkdtempSync(join(tmpdir(), 'evd-ranked-request-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pk = publicKey(G, G.gExp(randomScalar(G.q)));
/** Distinct ciphertexts, reused round robin to fill large files cheaply. */
const pool: Ciphertext<E>[] = Array.from({ length: 16 }, (_, i) => encrypt(G, pk, i));
const ctAt = (t: number) => pool[t % pool.length]!;
const bytesOf = (n: number) =>
  Buffer.concat(
    Array.from({ length: n }, (_, t) => Buffer.concat([G.encode(ctAt(t).alpha), G.encode(ctAt(t).beta)])),
  );

/** What makeRequest builds for the same parts (ciphertext t of the whole sequence: ctAt(t)). */
function expected(parts: readonly RankedRequestPart[], maxValue: number) {
  const items: RequestItem<E>[] = [];
  let t = 0;
  for (const p of parts)
    for (let i = 0; i < p.rows; i++)
      for (let k = 0; k < p.w; k++, t++)
        items.push({ id: `${p.contestId}/${i}/${k}`, target: { kind: 'selection', ct: ctAt(t) } });
  return makeRequest(G, ID, 'ranked', maxValue, items);
}

/** Writes each part's outputs.bin (ciphertexts numbered across the parts) and its chunk source. */
function partFiles(parts: readonly RankedRequestPart[], chunk: number) {
  let t0 = 0;
  const paths = new Map<string, string>();
  for (const p of parts) {
    const n = p.rows * p.w;
    const all = bytesOf(t0 + n).subarray(t0 * 2 * L);
    const path = join(dir, `${p.contestId}-${chunk}.bin`);
    writeFileSync(path, all);
    paths.set(p.contestId, path);
    t0 += n;
  }
  return (p: RankedRequestPart) => fileChunks(paths.get(p.contestId)!, chunk);
}

const entryOf = (parts: RankedRequestPart[], digest: string, items: number): RankedRequestEntry => ({
  kind: 'ranked',
  version: 2,
  ceremonyId: ID,
  maxValue: 7,
  items,
  digest,
  contests: parts,
});

describe('the ranked request of version 2', () => {
  const parts: RankedRequestPart[] = [
    { contestId: 'mayor', logIndex: 10, rows: 7, w: 3 },
    { contestId: 'council-east', logIndex: 12, rows: 5, w: 4 },
  ];

  it('is makeRequest’s file and digest, whatever the chunks (ciphertexts cut in two)', async () => {
    const want = expected(parts, 7);
    for (const chunk of [1, 50, 64, 100, 1 << 20]) {
      const chunks = partFiles(parts, chunk);
      const d = await rankedRequestDigest(ID.toLowerCase(), 7, parts, L, chunks);
      expect(d).toEqual({ digest: want.digest, items: 7 * 3 + 5 * 4 });
      let text = '';
      await writeRankedRequest(entryOf(parts, d.digest, d.items), L, chunks, (s) => (text += s));
      expect(text).toBe(JSON.stringify(want.json));
    }
  });

  it('refuses an outputs.bin of the wrong size (a row short, or bytes left over)', async () => {
    for (const extra of [-2 * L, 5]) {
      const path = join(dir, `bad${extra}.bin`);
      const good = bytesOf(7 * 3);
      writeFileSync(
        path,
        extra < 0 ? good.subarray(0, good.length + extra) : Buffer.concat([good, Buffer.alloc(extra)]),
      );
      await expect(
        rankedRequestDigest(ID, 7, [parts[0]!], L, () => fileChunks(path, 100)),
      ).rejects.toMatchObject({ code: 'EVD_ERR_INTERNAL', message: expect.stringContaining('entry 10') });
    }
  });

  it('is written from the store’s chunks when outputs.bin spans several of them', async () => {
    const store = await openStore(join(dir, 'store.db'), { durability: 'normal' });
    try {
      const stage = join(dir, 'stage');
      rmSync(stage, { recursive: true, force: true });
      mkdirSync(stage);
      // 2.5 chunks of ciphertexts (each 2L bytes), w = 4
      const w = 4;
      const rows = Math.ceil((2.5 * STAGE_CHUNK_BYTES) / (2 * L) / w);
      for (const f of STAGE_DIGEST_FILES) writeFileSync(join(stage, stageFileName(f)), '');
      writeFileSync(join(stage, 'outputs.bin'), bytesOf(rows * w));
      const uploadId = await storeStageFiles(store, stage);
      await store.commit([adoptStageFiles(uploadId, 'e1', 33)]);
      const big: RankedRequestPart[] = [{ contestId: 'mayor', logIndex: 33, rows, w }];
      const want = expected(big, 9);
      const ctx = { store } as unknown as ServerContext;
      const text = await rankedRequestText(
        ctx,
        'e1',
        { ...entryOf(big, want.digest, rows * w), maxValue: 9 },
        L,
      );
      expect(text.length).toBe(JSON.stringify(want.json).length);
      expect(text).toBe(JSON.stringify(want.json));
      // another election's entry 33 holds nothing: refused, not an empty request
      await expect(
        rankedRequestText(ctx, 'e2', entryOf(big, want.digest, rows * w), L),
      ).rejects.toMatchObject({
        code: 'EVD_ERR_INTERNAL',
      });
    } finally {
      await store.close();
    }
  }, 60_000);
});
