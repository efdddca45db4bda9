/**
 * The streamed prover and verifier (spec/mixnet.md §7.4): a streamed proof is the same proof as
 * the in-memory one (each verifier accepts the other's), for any chunking; the plaintexts are
 * preserved; tampering with any file of a streamed shuffle — a ciphertext, the permutation
 * commitment, the chain, a response, the head, a file's length — is rejected with a finding that
 * names the check and the file; secrets handed to a task are zeroed. Real worker threads are
 * exercised when the compiled worker exists (dist/).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { bigintToBytes } from '../../bytes.js';
import { decryptToPower, encrypt, publicKey } from '../../elgamal/elgamal.js';
import { ristretto } from '../../group/ristretto255.js';
import { randomScalar } from '../../group/scalar.js';
import { mixSessionHash } from '../generators.js';
import { precomputeShuffle, shuffleAndProve } from '../offline.js';
import { createPool, inThread } from '../parallel/pool.js';
import type { CiphertextRow } from '../shuffle.js';
import { verifyShuffle } from '../verify-shuffle.js';
import { headPath, shufflePaths } from './shuffle-files.js';
import { appendRows, readProofFiles, readRows, writeProofFiles } from './shuffle-io.js';
import { shuffleAndProveStream } from './stream-prove.js';
import { runStreamTask } from './stream-tasks.js';
import { verifyShuffleStream } from './stream-verify.js';

const G = ristretto;
const s = randomScalar(G.q);
const pk = publicKey(G, G.gExp(s));
const session = mixSessionHash(new Uint8Array(32).fill(5), 'contest:streamed');
const makeInputs = (n: number, w: number) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: w }, (_, k) => encrypt(G, pk, (i * 3 + k) % 7)));
const plaintexts = (rows: readonly CiphertextRow<(typeof G)['g']>[]) =>
  rows.map((row) => row.map((ct) => G.key(decryptToPower(G, s, ct))).join('|')).sort();

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh directory holding the inputs file (removed after the tests). */
function setup(N: number, w: number) {
  const dir = mkdtempSync(join(tmpdir(), 'evident-mix-stream-'));
  made.push(dir);
  const paths = shufflePaths(dir);
  const inputs = makeInputs(N, w);
  appendRows(G, paths.inputs, inputs, false);
  return { dir, paths, inputs };
}

/** A valid streamed shuffle of N rows of width w, proved in this thread. */
async function proved(N: number, w: number, chunkRows?: number) {
  const x = setup(N, w);
  await shuffleAndProveStream(inThread, G, pk, session, x.paths, x.dir, N, w, { chunkRows });
  return x;
}

const verify = (x: { dir: string; paths: ReturnType<typeof shufflePaths> }, chunkRows?: number) =>
  verifyShuffleStream(inThread, G, pk.K, session, x.paths, x.dir, { chunkRows });

/** Overwrites `len` bytes of `file` at `pos` with `f(old)`. */
function patch(path: string, pos: number, f: (old: Uint8Array) => Uint8Array): void {
  const b = new Uint8Array(readFileSync(path));
  b.set(f(b.slice(pos)), pos);
  writeFileSync(path, b);
}
const L = G.elementLength;
/** Another valid encoding: the element times g. */
const shifted = (old: Uint8Array) => G.encode(G.mul(G.decode(old.subarray(0, L), 'x'), G.g));

describe('streamed shuffle', () => {
  it('proves shuffles both verifiers accept, for any chunking (property), preserving plaintexts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 9 }),
        async (N, w, chunkRows) => {
          const x = await proved(N, w, chunkRows);
          expect(await verify(x, 1 + ((chunkRows * 7) % 9))).toEqual([]);
          const outputs = readRows(G, x.paths.outputs, w);
          const proof = readProofFiles(G, x.paths, x.dir);
          expect(verifyShuffle(G, pk.K, session, x.inputs, outputs, proof)).toEqual([]);
          expect(plaintexts(outputs)).toEqual(plaintexts(x.inputs));
        },
      ),
      { numRuns: 12 },
    );
  });

  it('verifies a proof made in memory, written as files', async () => {
    const x = setup(6, 2);
    const pre = precomputeShuffle(G, pk, session, 6, 2);
    const { outputs, proof } = shuffleAndProve(G, pk, session, x.inputs, pre);
    writeProofFiles(G, x.paths, x.dir, outputs, proof);
    expect(await verify(x, 4)).toEqual([]);
    // another session: every challenge differs
    const other = mixSessionHash(new Uint8Array(32).fill(6), 'contest:other');
    expect((await verifyShuffleStream(inThread, G, pk.K, other, x.paths, x.dir)).length).toBeGreaterThan(0);
  });

  it('rejects a tampered ciphertext, permutation commitment, chain link or response', async () => {
    const x = await proved(8, 1, 3);
    const files = (['outputs', 'inputs', 'c', 'cHat', 'tHat'] as const).map((f) => x.paths[f]);
    const checks: [string, number, (old: Uint8Array) => Uint8Array, RegExp][] = [
      ...files.map((p): [string, number, (o: Uint8Array) => Uint8Array, RegExp] => [
        p,
        2 * L,
        shifted,
        /^M[5-9]$/,
      ]),
      // swapping two commitments c_j: the permutation commitment no longer matches
      [x.paths.c, 0, (old) => new Uint8Array([...old.subarray(L, 2 * L), ...old.subarray(0, L)]), /^M[5-9]$/],
      [
        x.paths.sPrime,
        32,
        (old) =>
          bigintToBytes((BigInt('0x' + Buffer.from(old.subarray(0, 32)).toString('hex')) + 1n) % G.q, 32),
        /^M[5-9]$/,
      ],
      [x.paths.sHat, 0, () => bigintToBytes(G.q, 32), /^M2$/],
      [x.paths.tHat, 3 * L, () => new Uint8Array(L).fill(0xff), /^M2$/],
    ];
    for (const [path, pos, f, check] of checks) {
      const before = readFileSync(path);
      patch(path, pos, f);
      const found = await verify(x, 3);
      expect(found.length, path).toBeGreaterThan(0);
      expect(found[0]!.check, path).toMatch(check);
      writeFileSync(path, before);
    }
    expect(await verify(x)).toEqual([]);
  });

  it('names the file: a wrong length, an undecodable element, a tampered head', async () => {
    const x = await proved(5, 1);
    const c = readFileSync(x.paths.c);
    writeFileSync(x.paths.c, c.subarray(0, 4 * L));
    expect(await verify(x)).toEqual([
      { check: 'M1', where: 'c.bin', message: `expected ${5 * L} bytes, got ${4 * L}` },
    ]);
    writeFileSync(x.paths.c, c);
    patch(x.paths.outputs, 2 * L + L, () => new Uint8Array(L).fill(0xff));
    expect(await verify(x)).toEqual([
      { check: 'M2', where: 'outputs.bin[1]', message: 'not the encoding of a group element' },
    ]);
    const head = readFileSync(headPath(x.dir), 'utf8');
    writeFileSync(
      headPath(x.dir),
      head.replace(/"s1":"(.)/, (_, ch: string) => `"s1":"${ch === '0' ? '1' : '0'}`),
    );
    expect((await verify(x))[0]!.check).toMatch(/^M[25-9]$/);
  });

  it('the prover refuses a wrong inputs file with an error naming it', async () => {
    const x = setup(4, 1);
    await expect(shuffleAndProveStream(inThread, G, pk, session, x.paths, x.dir, 5, 1)).rejects.toThrow(
      /inputs\.bin must hold 5 rows of 64 bytes/,
    );
    await expect(
      shuffleAndProveStream(inThread, G, pk, new Uint8Array(8), x.paths, x.dir, 4, 1),
    ).rejects.toThrow(/session must be 32 bytes/);
    patch(x.paths.inputs, 64 + L, () => new Uint8Array(L).fill(0xff));
    await expect(shuffleAndProveStream(inThread, G, pk, session, x.paths, x.dir, 4, 1)).rejects.toThrow(
      /^shuffleAndProveStream: .*inputs/,
    );
  });

  it('a task zeroes the secret it is given', () => {
    const x = setup(2, 1);
    writeFileSync(x.paths.sHat, new Uint8Array(64));
    writeFileSync(x.paths.sPrime, new Uint8Array(64));
    const secret = new Uint8Array(32).fill(7);
    runStreamTask({
      kind: 'prove-responses',
      group: G.name,
      paths: x.paths,
      N: 2,
      w: 1,
      from: 0,
      count: 2,
      tau: new Uint8Array(32),
      pi: Uint32Array.from([1, 0]),
      challenge: new Uint8Array(32),
      secret,
    });
    expect(secret.every((b) => b === 0)).toBe(true);
  });
});

// Real worker threads: the compiled worker of `npx tsc -b` (dist/), when present.
const distWorker = new URL('../../../dist/mixnet/parallel/mix-worker.js', import.meta.url);
describe.skipIf(!existsSync(distWorker))('streamed shuffle on worker threads (dist)', () => {
  it('proves and verifies on 2 workers of the shared pool; the secret is transferred', async () => {
    const pool = await createPool(2, { workerUrl: distWorker });
    try {
      const x = setup(40, 2);
      await shuffleAndProveStream(pool, G, pk, session, x.paths, x.dir, 40, 2, { chunkRows: 7 });
      expect(await verifyShuffleStream(pool, G, pk.K, session, x.paths, x.dir, { chunkRows: 9 })).toEqual([]);
      expect(
        verifyShuffle(
          G,
          pk.K,
          session,
          x.inputs,
          readRows(G, x.paths.outputs, 2),
          readProofFiles(G, x.paths, x.dir),
        ),
      ).toEqual([]);
      patch(x.paths.outputs, 5 * 4 * L, shifted);
      expect((await verifyShuffleStream(pool, G, pk.K, session, x.paths, x.dir))[0]!.check).toMatch(
        /^M[5-9]$/,
      );
      const secret = new Uint8Array(32);
      await pool.stream!({
        kind: 'prove-responses',
        group: G.name,
        paths: x.paths,
        N: 40,
        w: 2,
        from: 0,
        count: 1,
        tau: new Uint8Array(32),
        pi: Uint32Array.from([3]),
        challenge: new Uint8Array(32),
        secret,
      });
      expect(secret.byteLength).toBe(0); // detached here: the worker held the only copy
    } finally {
      await pool.close();
    }
  });
});
