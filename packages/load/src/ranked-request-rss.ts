/**
 * `npm run bench:ranked-request [-- --rows 100000,300000 --w 3 --rounds R --ways whole,stream]`:
 * the server's memory for the `ranked` decryption request of N rows of w ciphertexts
 * (ristretto255), the former way and the streamed way, each in a fresh child process, alternated
 * in one run (same machine, same load):
 * - `whole` (the server before the request of version 2): the last stage's `outputs.bin` read and
 *   every element decoded (`readRows`), the items and `makeRequest` (its digest over the items'
 *   JSON), the `decryption-request` entry holding the request as canonical bytes, and the
 *   request file served (`JSON.stringify` of it);
 * - `stream` (spec/mixnet.md §8.8 now): the digest over the store's chunks of `outputs.bin`
 *   (`rankedRequestDigest`), the small entry of version 2, and the request file written from the
 *   store to a spool file (`writeRankedRequest`), as `GET …/decryption/ranked/request` does.
 * The stage's files are in a SQLite store (`storeStageFiles`, the server's), prepared once.
 * Each child reports its peak RSS (`process.resourceUsage().maxRSS`), CPU seconds and the bytes
 * of the entry and of the request file; one JSON document on stdout. The share uploads and the
 * publication are not measured here: their files are still whole board entries (see the module
 * comment of @evident/server ranked/ranked-request.ts and spec/mixnet.md §8.8).
 * @module
 */
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { childRuns } from './child-runs.js';
import {
  adoptStageFiles,
  openStore,
  rankedRequestDigest,
  storedChunks,
  storeStageFiles,
  writeRankedRequest,
} from '@evident/server/testing';
import { canonicalJsonString, encrypt, publicKey, randomScalar, ristretto } from '@evident/e2e-crypto';
import { readRows, rowsBytes } from '@evident/e2e-crypto/mixnet-parallel';
import { makeRequest, STAGE_DIGEST_FILES, stageFileName, type RequestItem } from '@evident/record';

const G = ristretto;
const CEREMONY = 'AB'.repeat(32);
const ELECTION = 'bench';
const LOG_INDEX = 7;
const MAX_VALUE = 5;
const list = (v: string): number[] =>
  v.split(',').map((x) => {
    const n = Number(x);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('positive integers, comma-separated');
    return n;
  });
const o = new Command()
  .name('bench:ranked-request')
  .option('--rows <list>', 'rows of the contest, one run per value', list, [100_000, 300_000])
  .option('--w <n>', 'ciphertexts per row', (v) => list(v)[0]!, 3)
  .option('--rounds <n>', 'runs of each way, alternated', (v) => list(v)[0]!, 1)
  .option('--ways <list>', 'the ways to run, comma-separated', 'whole,stream')
  .option('--dir <path>', 'where the store is written (a disk, not a RAM-backed /tmp)', tmpdir())
  .option('--child <way>', '(internal) run one way on --work')
  .option('--work <path>', '(internal) the prepared folder')
  .parse()
  .opts<{
    rows: number[];
    w: number;
    rounds: number;
    ways: string;
    dir: string;
    child?: string;
    work?: string;
  }>();

interface Params {
  readonly N: number;
  readonly w: number;
}

/** The former way: decoded rows, makeRequest, the entry and the served file whole in memory. */
function whole(work: string, p: Params): { entryBytes: number; fileBytes: number } {
  const rows = readRows(G, join(work, 'stage', 'outputs.bin'), p.w);
  const items: RequestItem<(typeof rows)[number][number]['alpha']>[] = [];
  rows.forEach((row, i) =>
    row.forEach((ct, k) => items.push({ id: `mayor/${i}/${k}`, target: { kind: 'selection', ct } })),
  );
  const req = makeRequest(G, CEREMONY, 'ranked', MAX_VALUE, items);
  const entry = Buffer.from(
    canonicalJsonString({ type: 'decryption-request', kind: 'ranked', request: req.json, time: 1 }),
    'utf8',
  );
  const file = JSON.stringify(req.json);
  return { entryBytes: entry.length, fileBytes: Buffer.byteLength(file, 'utf8') };
}

/** The streamed way: the digest and the file from the store's chunks. */
async function stream(work: string, p: Params): Promise<{ entryBytes: number; fileBytes: number }> {
  const store = await openStore(join(work, 'store.db'), { durability: 'normal' });
  try {
    const parts = [{ contestId: 'mayor', logIndex: LOG_INDEX, rows: p.N, w: p.w }];
    const chunks = () => storedChunks(store, ELECTION, LOG_INDEX);
    const { digest, items } = await rankedRequestDigest(CEREMONY, MAX_VALUE, parts, G.elementLength, chunks);
    const e = {
      kind: 'ranked',
      version: 2,
      ceremonyId: CEREMONY,
      maxValue: MAX_VALUE,
      items,
      digest,
      contests: parts,
    } as const;
    const entry = canonicalJsonString({ type: 'decryption-request', ...e, time: 1 });
    const path = join(work, 'request.json');
    const fd = openSync(path, 'w');
    let fileBytes = 0;
    try {
      await writeRankedRequest(e, G.elementLength, chunks, (t) => (fileBytes += writeSync(fd, t)));
    } finally {
      closeSync(fd);
      rmSync(path, { force: true });
    }
    return { entryBytes: Buffer.byteLength(entry, 'utf8'), fileBytes };
  } finally {
    await store.close();
  }
}

/** A stage folder whose outputs.bin holds N rows of w ciphertexts (4096 distinct rows repeated), in a store. */
async function prepare(work: string, p: Params): Promise<void> {
  const pk = publicKey(G, G.gExp(randomScalar(G.q)));
  const stage = join(work, 'stage');
  mkdirSync(stage);
  for (const f of STAGE_DIGEST_FILES) writeFileSync(join(stage, stageFileName(f)), '');
  const n = Math.min(p.N, 4096);
  const block = rowsBytes(
    G,
    Array.from({ length: n }, (_, i) => Array.from({ length: p.w }, (_, k) => encrypt(G, pk, (i + k) % 10))),
  );
  const rowB = block.length / n;
  for (let a = 0; a < p.N; a += n)
    appendFileSync(join(stage, 'outputs.bin'), block.subarray(0, Math.min(n, p.N - a) * rowB));
  const store = await openStore(join(work, 'store.db'), { durability: 'normal' });
  try {
    const uploadId = await storeStageFiles(store, stage);
    await store.commit([adoptStageFiles(uploadId, ELECTION, LOG_INDEX)]);
  } finally {
    await store.close();
  }
  writeFileSync(join(work, 'params.json'), JSON.stringify(p));
}

if (o.child) {
  const work = o.work!;
  const p = JSON.parse(readFileSync(join(work, 'params.json'), 'utf8')) as Params;
  const c0 = process.cpuUsage();
  const r = o.child === 'whole' ? whole(work, p) : await stream(work, p);
  const c = process.cpuUsage(c0);
  process.stdout.write(
    JSON.stringify({
      way: o.child,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      cpuS: Math.round((c.user + c.system) / 1e4) / 100,
      ...r,
    }),
  );
} else {
  const results: unknown[] = [];
  const script = fileURLToPath(import.meta.url);
  for (const N of o.rows) {
    const work = mkdtempSync(join(o.dir, 'evident-ranked-request-'));
    try {
      await prepare(work, { N, w: o.w });
      const runs = childRuns(script, work, o.ways, o.rounds);
      results.push({ rows: N, w: o.w, items: N * o.w, runs });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${JSON.stringify({ bench: 'ranked-request', group: G.name, results }, null, 2)}\n`);
}
