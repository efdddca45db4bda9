/**
 * Verification of a shuffle proof straight from its JSON, with the heavy work split into chunks
 * that a {@link TaskRunner} runs in worker threads (spec/mixnet.md §7.2).
 *
 * The challenges need only bytes: ρ, τ, u and c are hashed from the published encodings without
 * decoding anything (F1–F4). Decoding (membership, M2), deriving the generators (M3) and the
 * batched multi-exponentiation of M5–M9 (§5.2) are independent per row, so each chunk of rows is
 * one task returning a partial product; this thread multiplies the partial products with the few
 * fixed terms. Whenever the fast path cannot conclude "valid" (an encoding fails to decode, a
 * shape is wrong, the batch equation is false) the one-thread verifier runs on the decoded data
 * to name the failed check and field. Browser-safe itself; only the runner may use threads.
 * @module
 */
import { fromHex } from '../../bytes.js';
import { isInvalidData } from '../../errors.js';
import type { Group } from '../../group/group.js';
import { mod } from '../../group/scalar.js';
import { decodeScalar } from '../../group/scalar.js';
import { batchExponents } from '../batch-terms.js';
import { type CiphertextJson, rowsFromJson, type ShuffleProofJson, shuffleProofFromJson } from '../codec.js';
import { challengeVectorOfBytes, finalChallengeOfBytes, statementHashOfBytes } from '../fiat-shamir.js';
import { generatorSeed, GENERATOR_DST } from '../generators.js';
import type { Finding } from '../../findings.js';
import { verifyShuffle } from '../verify-shuffle.js';
import { concatBytes } from '../../bytes.js';
import { int4 } from '../../hash/hash.js';
import { type MsmTask, packScalars } from './msm-task.js';
import type { TaskRunner } from './pool.js';

/** Options of {@link verifyShuffleJson}. */
export interface VerifyJsonOptions {
  /** rows per task (default: N split evenly into 2 tasks per thread, at least 1) */
  readonly chunkRows?: number;
  /** prefix for every finding's `where`, e.g. `stages[2].` */
  readonly where?: string;
}

class SlowPath extends Error {}

const UPPER_HEX = /^[0-9A-F]*$/;

const need = (cond: boolean): void => {
  if (!cond) throw new SlowPath();
};

/**
 * Hex of fixed length to bytes by the one rule of ../../codec/hex-json.ts (fast path: any
 * irregularity, lower case included, goes to the slow path, which names it).
 */
function hexBytes(v: unknown, L: number): Uint8Array {
  need(typeof v === 'string' && v.length === 2 * L && UPPER_HEX.test(v));
  return fromHex(v as string);
}

/**
 * Verifies that `outputsJson` is a shuffle of `inputsJson` under K by `proofJson`
 * (spec/mixnet.md §5, checks M1–M9), using `runner` for the per-row work.
 * @returns the failed checks, empty when the proof is valid; never throws on bad data
 */
export async function verifyShuffleJson<E>(
  runner: TaskRunner,
  G: Group<E>,
  K: E,
  session: Uint8Array,
  inputsJson: unknown,
  outputsJson: unknown,
  proofJson: unknown,
  opts: VerifyJsonOptions = {},
): Promise<readonly Finding[]> {
  try {
    if (await fastPath(runner, G, K, session, inputsJson, outputsJson, proofJson, opts)) return [];
  } catch (e) {
    if (!(e instanceof SlowPath) && !isInvalidData(e)) throw e;
  }
  return slowPath(G, K, session, inputsJson, outputsJson, proofJson, opts.where ?? '');
}

function slowPath<E>(
  G: Group<E>,
  K: E,
  session: Uint8Array,
  ins: unknown,
  outs: unknown,
  proof: unknown,
  at: string,
): readonly Finding[] {
  try {
    const i = rowsFromJson(G, ins, at + 'inputs');
    const o = rowsFromJson(G, outs, at + 'outputs');
    const p = shuffleProofFromJson(G, proof, at + 'proof');
    return verifyShuffle(G, K, session, i, o, p, { where: at });
  } catch (e) {
    if (isInvalidData(e)) return [{ check: 'M2', where: e.field, message: e.message }];
    return [{ check: 'M1', where: at + 'proof', message: 'malformed proof' }];
  }
}

async function fastPath<E>(
  runner: TaskRunner,
  G: Group<E>,
  K: E,
  session: Uint8Array,
  insJ: unknown,
  outsJ: unknown,
  proofJ: unknown,
  opts: VerifyJsonOptions,
): Promise<boolean> {
  const L = G.elementLength;
  need(Array.isArray(insJ) && Array.isArray(outsJ) && typeof proofJ === 'object' && proofJ !== null);
  const ins = insJ as CiphertextJson[][];
  const outs = outsJ as CiphertextJson[][];
  const p = proofJ as ShuffleProofJson;
  const N = ins.length;
  const w = Array.isArray(ins[0]) ? ins[0].length : 0;
  need(N >= 1 && w >= 1 && outs.length === N && session.length === 32);
  const rowBytes = (rows: CiphertextJson[][]): Uint8Array => {
    const out = new Uint8Array(N * w * 2 * L);
    let x = 0;
    for (const row of rows) {
      need(Array.isArray(row) && row.length === w);
      for (const ct of row) {
        need(typeof ct === 'object' && ct !== null);
        out.set(hexBytes(ct.alpha, L), x);
        out.set(hexBytes(ct.beta, L), x + L);
        x += 2 * L;
      }
    }
    return out;
  };
  const listBytes = (v: unknown, n: number): Uint8Array => {
    need(Array.isArray(v) && v.length === n);
    const out = new Uint8Array(n * L);
    (v as unknown[]).forEach((h, i) => out.set(hexBytes(h, L), i * L));
    return out;
  };
  const inB = rowBytes(ins);
  const outB = rowBytes(outs);
  const cB = listBytes(p.c, N);
  const cHatB = listBytes(p.cHat, N);
  const tHatB = listBytes(p.tHat, N);
  need(Array.isArray(p.t4) && p.t4.length === w);
  const tB = concatBytes(
    listBytes([p.t1, p.t2, p.t3], 3),
    listBytes(
      p.t4.flatMap((t) => [t.alpha, t.beta]),
      2 * w,
    ),
  );
  const sc = (v: unknown) => decodeScalar(hexBytes(v, 32), G.q, 'scalar');
  const scs = (v: unknown, n: number) => {
    need(Array.isArray(v) && v.length === n);
    return (v as unknown[]).map(sc);
  };
  const scalars = {
    s1: sc(p.s1),
    s2: sc(p.s2),
    s3: sc(p.s3),
    s4: scs(p.s4, w),
    sHat: scs(p.sHat, N),
    sPrime: scs(p.sPrime, N),
  };
  const small = Array.from({ length: 3 + 2 * w }, (_, i) => G.decode(tB.subarray(i * L, (i + 1) * L), 't'));

  // M3, M4 from bytes
  const seed = generatorSeed(session);
  const h0 = G.hashToElement(concatBytes(seed, int4(0)), GENERATOR_DST);
  const rho = statementHashOfBytes(G, G.encode(K), session, seed, N, w, inB, outB);
  const { tau, u } = challengeVectorOfBytes(rho, cB, N);
  const c = finalChallengeOfBytes(G, tau, cHatB, tB, tHatB);
  let uProd = 1n;
  for (const x of u) uProd = mod(uProd * x, G.q);
  const ex = batchExponents(G.q, N, w, scalars, u, uProd, c);

  // per-row work in chunks
  const per = opts.chunkRows ?? Math.max(1, Math.ceil(N / Math.max(2, 2 * runner.threads)));
  const tasks: MsmTask[] = [];
  const cw = 2 * w * L;
  for (let a = 0; a < N; a += per) {
    const b = Math.min(N, a + per);
    const pts = new Uint8Array((b - a) * (3 + 4 * w) * L);
    const hExps: bigint[] = [];
    const pExps: bigint[] = [];
    let x = 0;
    const put = (bytes: Uint8Array) => {
      pts.set(bytes, x);
      x += bytes.length;
    };
    for (let j = a; j < b; j++) {
      const e = ex.rows[j]!;
      hExps.push(e[1]!);
      put(cB.subarray(j * L, (j + 1) * L));
      put(inB.subarray(j * cw, (j + 1) * cw));
      put(outB.subarray(j * cw, (j + 1) * cw));
      put(cHatB.subarray(j * L, (j + 1) * L));
      put(tHatB.subarray(j * L, (j + 1) * L));
      pExps.push(e[0]!, ...e.slice(2));
    }
    tasks.push({
      group: G.name,
      seed,
      hFrom: a + 1,
      hCount: b - a,
      points: pts,
      exps: packScalars([...hExps, ...pExps]),
    });
  }
  const results = await runner.run(tasks);
  const partials: E[] = [];
  for (const r of results) {
    need(r.ok);
    if (r.ok) partials.push(G.decode(r.sum, 'partial'));
  }
  const fixedBases = [G.g, K, h0, ...small];
  let acc = G.multiExp(fixedBases, ex.fixed);
  for (const s of partials) acc = G.mul(acc, s);
  return G.equals(acc, G.one);
}
