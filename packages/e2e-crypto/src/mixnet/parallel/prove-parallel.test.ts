/**
 * The parallel prover (spec/mixnet.md §7.3) makes proofs that the existing verifiers accept, for
 * any chunking, mixed with the one-thread phases in either order; tampering is caught; it shuffles
 * the same plaintexts as the one-thread prover; it discards its witness; a failing pool gives an
 * error that says so. Real worker threads are exercised when the compiled worker exists (dist/).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptToPower, encrypt, publicKey } from '../../elgamal/elgamal.js';
import { eg4096 } from '../../group/eg-4096.js';
import { ristretto } from '../../group/ristretto255.js';
import { randomScalar } from '../../group/scalar.js';
import { rowsToJson, shuffleProofToJson } from '../codec.js';
import { mixSessionHash } from '../generators.js';
import { precomputeShuffle, shuffleAndProve } from '../offline.js';
import type { CiphertextRow } from '../shuffle.js';
import { verifyShuffle } from '../verify-shuffle.js';
import { createPool, inThread, type TaskRunner } from './pool.js';
import { precomputeShuffleParallel, shuffleAndProveParallel } from './prove-parallel.js';
import { verifyShuffleJson } from './verify-json.js';

const G = ristretto;
const s = randomScalar(G.q);
const pk = publicKey(G, G.gExp(s));
const session = mixSessionHash(new Uint8Array(32).fill(3), 'contest:parallel-prover');
const makeInputs = (n: number, w: number) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: w }, (_, k) => encrypt(G, pk, (i * 7 + k) % 5)));
/** The decrypted rows (K^σ per column, as keys), sorted: what a shuffle must preserve. */
const plaintexts = (rows: readonly CiphertextRow<(typeof G)['g']>[]) =>
  rows.map((row) => row.map((ct) => G.key(decryptToPower(G, s, ct))).join('|')).sort();

describe('parallel shuffle prover', () => {
  it('proves shuffles that verify, for any chunking (property), in-thread', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 2 }), async (chunks, w) => {
        const inputs = makeInputs(7, w);
        const pre = await precomputeShuffleParallel(inThread, G, pk, session, 7, w, { chunks });
        const { outputs, proof } = await shuffleAndProveParallel(inThread, G, pk, session, inputs, pre, {
          chunks,
        });
        expect(verifyShuffle(G, pk.K, session, inputs, outputs, proof)).toEqual([]);
        expect(plaintexts(outputs)).toEqual(plaintexts(inputs));
      }),
      { numRuns: 6 },
    );
  });

  it('mixes with the one-thread phases, and agrees with the one-thread prover', async () => {
    const inputs = makeInputs(6, 2);
    const a = await shuffleAndProveParallel(
      inThread,
      G,
      pk,
      session,
      inputs,
      precomputeShuffle(G, pk, session, 6, 2),
    );
    const b = shuffleAndProve(
      G,
      pk,
      session,
      inputs,
      await precomputeShuffleParallel(inThread, G, pk, session, 6, 2),
    );
    const c = shuffleAndProve(G, pk, session, inputs, precomputeShuffle(G, pk, session, 6, 2));
    for (const r of [a, b, c]) {
      expect(verifyShuffle(G, pk.K, session, inputs, r.outputs, r.proof)).toEqual([]);
      expect(plaintexts(r.outputs)).toEqual(plaintexts(inputs));
      // same form: the same fields with the same lengths
      expect(Object.keys(r.proof).sort()).toEqual(Object.keys(c.proof).sort());
      expect([r.proof.c.length, r.proof.cHat.length, r.proof.t4.length, r.proof.sPrime.length]).toEqual([
        6, 6, 2, 6,
      ]);
    }
    // and the verifier from JSON accepts it
    const v = await verifyShuffleJson(
      inThread,
      G,
      pk.K,
      session,
      rowsToJson(G, inputs),
      rowsToJson(G, a.outputs),
      shuffleProofToJson(G, a.proof),
    );
    expect(v).toEqual([]);
  });

  it('works over eg-4096 too (elements travel as encodings)', async () => {
    const E = eg4096;
    const epk = publicKey(E, E.gExp(5n));
    const inputs = [[encrypt(E, epk, 1)], [encrypt(E, epk, 2)], [encrypt(E, epk, 3)]];
    const pre = await precomputeShuffleParallel(inThread, E, epk, session, 3, 1);
    const { outputs, proof } = await shuffleAndProveParallel(inThread, E, epk, session, inputs, pre);
    expect(verifyShuffle(E, epk.K, session, inputs, outputs, proof)).toEqual([]);
  });

  it('tampering is caught', async () => {
    const inputs = makeInputs(5, 1);
    const pre = await precomputeShuffleParallel(inThread, G, pk, session, 5, 1);
    const { outputs, proof } = await shuffleAndProveParallel(inThread, G, pk, session, inputs, pre);
    const bad = { ...proof, sHat: proof.sHat.map((x, i) => (i === 2 ? (x + 1n) % G.q : x)) };
    expect(verifyShuffle(G, pk.K, session, inputs, outputs, bad)).toEqual([
      expect.objectContaining({ check: 'M9', where: 'proof.tHat[2]' }),
    ]);
    const swapped = [outputs[1]!, outputs[0]!, ...outputs.slice(2)];
    expect(verifyShuffle(G, pk.K, session, inputs, swapped, proof).length).toBeGreaterThan(0);
    const reenc = outputs.map((row, i) => (i === 3 ? [encrypt(G, pk, 1)] : row));
    expect(verifyShuffle(G, pk.K, session, inputs, reenc, proof).length).toBeGreaterThan(0);
  });

  it('uses a precomputation once, for its shape only, and discards the witness', async () => {
    const inputs = makeInputs(4, 1);
    const pre = await precomputeShuffleParallel(inThread, G, pk, session, 4, 1);
    await expect(shuffleAndProveParallel(inThread, G, pk, session, inputs.slice(1), pre)).rejects.toThrow(
      RangeError,
    );
    await shuffleAndProveParallel(inThread, G, pk, session, inputs, pre);
    expect(pre.used).toBe(true);
    expect(pre.pi).toEqual([0, 0, 0, 0]);
    expect(pre.r.every((ri) => ri.length === 0 || ri.every((x) => x === 0n))).toBe(true);
    expect(pre.proof.omegaP).toEqual([0n, 0n, 0n, 0n]);
    await expect(shuffleAndProveParallel(inThread, G, pk, session, inputs, pre)).rejects.toThrow(
      /already used/,
    );
    await expect(precomputeShuffleParallel(inThread, G, pk, session, 0, 1)).rejects.toThrow(RangeError);
  });

  it('a failing runner gives a clear error and leaves no usable witness', async () => {
    const broken: TaskRunner = {
      threads: 2,
      run: () => Promise.reject(new Error('mixnet worker pool failed: a worker exited (code 1)')),
      close: async () => {},
    };
    await expect(precomputeShuffleParallel(broken, G, pk, session, 4, 1)).rejects.toThrow(
      /precomputeShuffleParallel: parallel proving failed \(mixnet worker pool failed/,
    );
    const pre = precomputeShuffle(G, pk, session, 4, 1);
    await expect(shuffleAndProveParallel(broken, G, pk, session, makeInputs(4, 1), pre)).rejects.toThrow(
      /shuffleAndProveParallel: parallel proving failed/,
    );
    expect(pre.used).toBe(true);
    expect(pre.factors.length === 0 || pre.factors.every((f) => f.length === 0)).toBe(true);
  });

  it('a worker thread that dies fails the pool: the error says so', async () => {
    // a worker module of the shared pool that answers the warm-up, then exits on the first real task
    const os = (await import('node:os' as string)) as { tmpdir(): string };
    const fsp = (await import('node:fs' as string)) as {
      mkdtempSync(p: string): string;
      writeFileSync(p: string, s: string): void;
      rmSync(p: string, o: { recursive: boolean; force: boolean }): void;
    };
    const dir = fsp.mkdtempSync(`${os.tmpdir()}/mix-dying-`);
    fsp.writeFileSync(
      `${dir}/dying-worker.mjs`,
      'let n = 0; export function runMix() { if (n++ === 0) return { result: { ok: true } }; process.exit(3); }',
    );
    const pool = await createPool(1, { workerUrl: new URL(`file://${dir}/dying-worker.mjs`) });
    try {
      expect(pool.threads).toBe(1);
      await expect(precomputeShuffleParallel(pool, G, pk, session, 3, 1)).rejects.toThrow(
        /parallel proving failed \(mixnet worker pool failed: .*3/,
      );
      await expect(pool.run([{ kind: 'encode', group: G.name, points: new Uint8Array(0) }])).rejects.toThrow(
        /mixnet worker pool failed/,
      );
    } finally {
      await pool.close();
      fsp.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Real worker threads: the compiled worker of `npx tsc -b` (dist/), when present.
const distWorker = new URL('../../../dist/mixnet/parallel/mix-worker.js', import.meta.url);
const fs = (await import('node:fs' as string)) as { existsSync(p: URL): boolean };
describe.skipIf(!fs.existsSync(distWorker))('parallel shuffle prover on worker threads (dist)', () => {
  it('proves on 2 workers; the secrets are transferred, not copied', async () => {
    const pool = await createPool(2, { workerUrl: distWorker });
    try {
      expect(pool.threads).toBe(2);
      const inputs = makeInputs(9, 2);
      const pre = await precomputeShuffleParallel(pool, G, pk, session, 9, 2);
      const { outputs, proof } = await shuffleAndProveParallel(pool, G, pk, session, inputs, pre);
      expect(verifyShuffle(G, pk.K, session, inputs, outputs, proof)).toEqual([]);
      expect(plaintexts(outputs)).toEqual(plaintexts(inputs));
      const task = {
        kind: 'chain',
        group: G.name,
        seed: new Uint8Array(32),
        exps: new Uint8Array(4 * 32),
      } as const;
      await pool.run([task]);
      expect(task.exps.byteLength).toBe(0); // detached here: the worker held the only copy
    } finally {
      await pool.close();
    }
  });
});
