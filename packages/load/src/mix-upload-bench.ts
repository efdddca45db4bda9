/**
 * `npm run bench:mix-upload [-- --rows N --rounds R --ways whole,files]`: the server's memory for one mix stage
 * upload of N rows (default 100,000, w = 1, ristretto255), the former way and the streamed way,
 * each in a fresh child process, alternated in one run (same machine, same load):
 * - `whole` (the route before the stage was streamed): the body as one string, `JSON.parse`,
 *   every element decoded (`decodeMixStage`), the signed content's digest over its canonical
 *   JSON, the in-memory proof check (`verifyShuffle` against the inputs' rows), and the board
 *   entry's canonical JSON as bytes;
 * - `files1` (the route with a version-1 entry): the body read a value at a time into the stage's
 *   files (`readMixStageFile`), the content digest over the files, the streamed verifier in the
 *   calling thread (`verifyShuffleStream`, as the worker pool's task runs it), and the whole-stage
 *   entry's canonical bytes written from the files into one buffer of the stage's size;
 * - `files` (spec/server-api.md §7.5 now): the same reading and checks, then the digests of the
 *   files, the files written in chunks to a SQLite store (`storeStageFiles`, the server's) and the
 *   version-2 entry (the digests, spec/mixnet.md §8.6).
 * The Ed25519 verification itself (constant memory) is left out of both. Each child reports its
 * peak RSS (`process.resourceUsage().maxRSS`) and CPU seconds; one JSON document on stdout.
 * @module
 */
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { childRuns } from './child-runs.js';
import { openStore, storeStageFiles } from '@evident/server/testing';
import {
  canonicalJsonString,
  encrypt,
  fromHex,
  mixSessionHash,
  publicKey,
  randomScalar,
  ristretto,
  toHex,
} from '@evident/e2e-crypto';
import {
  createPool,
  inThread,
  readRows,
  rowsBytes,
  shuffleAndProveStream,
  shufflePaths,
  verifyShuffleStream,
} from '@evident/e2e-crypto/mixnet-parallel';
import { verifyShuffle } from '@evident/e2e-crypto';
import {
  decodeMixStage,
  readMixStageFile,
  stageDirBody,
  stageDirContentSha256,
  stageEntryHead,
  stageFileDigests,
  writeMixStageFromFiles,
  writeObject,
} from '@evident/record';

const G = ristretto;
const int = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
};
const o = new Command()
  .name('bench:mix-upload')
  .option('--rows <n>', 'rows of the stage', int, 100_000)
  .option('--rounds <n>', 'runs of each way, alternated', int, 1)
  .option('--ways <list>', 'the ways to run, comma-separated', 'whole,files1,files')
  .option('--dir <path>', 'where the stage is written (a disk, not a RAM-backed /tmp)', tmpdir())
  .option('--child <way>', '(internal) run one way on --work')
  .option('--work <path>', '(internal) the prepared folder')
  .parse()
  .opts<{
    rows: number;
    rounds: number;
    ways: string;
    dir: string;
    child?: 'whole' | 'files1' | 'files';
    work?: string;
  }>();

interface Params {
  readonly K: string;
  readonly session: string;
  readonly N: number;
}
const time = Date.now();
const fields = { contestId: 'mayor', stage: 0, guardian: { id: 'guardian-1', x: 1 }, time };

/** The former route's work, whole in memory. */
function whole(work: string, p: Params): number {
  const K = G.decode(fromHex(p.K), 'K');
  const body = readFileSync(join(work, 'upload.json'), 'utf8');
  const json = JSON.parse(body) as Record<string, unknown>;
  const st = decodeMixStage(G, json, 'stage.');
  createHash('sha256').update(canonicalJsonString({ outputs: st.outputsJson, proof: st.proofJson }));
  const inputs = readRows(G, join(work, 'inputs.bin'), 1);
  const found = verifyShuffle(G, K, fromHex(p.session), inputs, st.outputs, st.proof);
  if (found.length > 0) throw new Error(`whole: ${JSON.stringify(found)}`);
  const entry = new TextEncoder().encode(
    canonicalJsonString({
      type: 'mix-stage',
      ...fields,
      outputs: st.outputsJson,
      proof: st.proofJson,
      signature: String(json.signature).toUpperCase(),
    }),
  );
  return entry.length;
}

/** The whole-stage (version 1) entry's canonical bytes from the files: one buffer of its size. */
function wholeStageEntry(dir: string, L: number, signature: string): Uint8Array {
  const members = () => ({
    type: 'mix-stage',
    ...fields,
    signature,
    ...stageDirBody(dir, shufflePaths(dir), L, 1),
  });
  let size = 0;
  writeObject({ update: (t: string) => (size += Buffer.byteLength(t, 'utf8')) }, members());
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  writeObject({ update: (t: string) => (at += out.write(t, at, 'utf8')) }, members());
  return out;
}

/** The streamed route's work, on files; `v1`: with the whole-stage entry. */
async function files(work: string, p: Params, v1: boolean): Promise<number> {
  const K = G.decode(fromHex(p.K), 'K');
  const dir = join(work, 'upload-files');
  mkdirSync(dir);
  const L = G.elementLength;
  const { head } = await readMixStageFile(
    join(work, 'upload.json'),
    dir,
    L,
    1,
    (m, f) => new Error(`${f}: ${m}`),
  );
  stageDirContentSha256(dir, L, 1);
  const paths = shufflePaths(dir, join(work, 'inputs.bin'));
  const found = await verifyShuffleStream(inThread, G, K, fromHex(p.session), paths, dir);
  if (found.length > 0) throw new Error(`files: ${JSON.stringify(found)}`);
  const signature = head.signature.toUpperCase();
  if (v1) return wholeStageEntry(dir, L, signature).length;
  const digests = stageFileDigests(dir);
  const proofHead = stageEntryHead(dir);
  const store = await openStore(join(work, 'store.db'));
  try {
    await storeStageFiles(store, dir);
  } finally {
    await store.close();
  }
  const N = p.N;
  const entry = canonicalJsonString({
    type: 'mix-stage',
    ...fields,
    N,
    w: 1,
    files: digests,
    head: proofHead,
    signature,
  });
  return Buffer.byteLength(entry, 'utf8');
}

if (o.child) {
  const work = o.work!;
  const p = JSON.parse(readFileSync(join(work, 'params.json'), 'utf8')) as Params;
  const c0 = process.cpuUsage();
  const bytes = o.child === 'whole' ? whole(work, p) : await files(work, p, o.child === 'files1');
  const c = process.cpuUsage(c0);
  rmSync(join(work, 'upload-files'), { recursive: true, force: true });
  for (const f of ['store.db', 'store.db-wal', 'store.db-shm']) rmSync(join(work, f), { force: true });
  process.stdout.write(
    JSON.stringify({
      way: o.child,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      cpuS: Math.round((c.user + c.system) / 1e4) / 100,
      entryBytes: bytes,
    }),
  );
} else {
  const N = o.rows;
  const work = mkdtempSync(join(o.dir, 'evident-mix-upload-'));
  try {
    const k = randomScalar(G.q);
    const pk = publicKey(G, G.gExp(k));
    const session = mixSessionHash(new Uint8Array(32), 'contest:mayor');
    const stage = join(work, 'stage');
    mkdirSync(stage);
    const inputs = join(work, 'inputs.bin');
    const block = rowsBytes(
      G,
      Array.from({ length: Math.min(N, 4096) }, (_, i) => [encrypt(G, pk, i % 10)]),
    );
    writeFileSync(inputs, new Uint8Array(0));
    const rowB = block.length / Math.min(N, 4096);
    for (let a = 0; a < N; a += 4096) appendFileSync(inputs, block.subarray(0, Math.min(4096, N - a) * rowB));
    const pool = await createPool(2);
    try {
      await shuffleAndProveStream(pool, G, pk, session, shufflePaths(stage, inputs), stage, N, 1);
    } finally {
      await pool.close();
    }
    const head = { ceremonyId: '00'.repeat(32), contestId: 'mayor', stage: 0, guardian: fields.guardian };
    writeMixStageFromFiles(join(work, 'upload.json'), stage, G.elementLength, 1, head, 'AB'.repeat(64));
    rmSync(stage, { recursive: true });
    writeFileSync(
      join(work, 'params.json'),
      JSON.stringify({ K: toHex(G.encode(pk.K)), session: toHex(session), N }),
    );
    const script = fileURLToPath(import.meta.url);
    const runs = childRuns(script, work, o.ways, o.rounds);
    const uploadMB = Math.round(statSync(join(work, 'upload.json')).size / 2 ** 20);
    process.stdout.write(
      `${JSON.stringify({ bench: 'mix-upload', rows: N, w: 1, group: G.name, uploadMB, runs }, null, 2)}\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
