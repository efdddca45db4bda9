/**
 * Benchmark of the combiner's round-2 checks (eq 74–75, spec/key-ceremony.md §9 step 5): the
 * guardian responses to N ciphertexts checked one equation at a time (2 double multi-exponentiations
 * per response, as before) and batched (./response-check.ts: one multi-exponentiation per
 * guardian, or one for all guardians), on ristretto255 with the raw variable-base rate of the
 * same run. `EVIDENT_RESPONSES_N` sets N (default 2000, about the ranked request of `npm run demo`).
 * @module
 */
import { timeIt, type BenchRow, type BenchSuite } from '../bench-types.js';
import { utf8Bytes } from '../bytes.js';
import { baseHash, manifestHash, parameterBaseHash } from '../election/base-hashes.js';
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import { ristretto } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import { runLocalCeremony } from '../keyceremony/local-ceremony.js';
import { keyShareCommitment } from '../keyceremony/polynomial.js';
import type { DecryptionTarget } from './decryption-target.js';
import { verifyGuardianResponse } from './joint-proof.js';
import { partialDecrypt, respondToChallenge } from './partial-decryption.js';
import { combineRound1 } from './quorum-decryption.js';
import { badResponses, firstBadResponse, type GuardianResponses } from './response-check.js';

/** The suite. */
export const responseCheckSuite: BenchSuite = {
  name: 'decryption-responses',
  description: 'round-2 response checks (eq 74–75): one by one vs batched, ristretto255, 4 guardians',
  async run() {
    const G = ristretto;
    type E = typeof G.g;
    const N = Number(process.env.EVIDENT_RESPONSES_N ?? 2000);
    const hP = parameterBaseHash(G);
    const c = runLocalCeremony(G, hP, baseHash(hP, manifestHash(hP, utf8Bytes('bench')), 5, 3), 5, 3);
    const all = c.guardians.map((g) => g.commitments);
    const Ki = new Map(c.secrets.map((s) => [s.i, keyShareCommitment(G, all, s.i)]));
    const setup = { ctx: { K: c.K, hE: c.hE }, k: 3, keyShareCommitments: Ki };
    const pk = publicKey(G, c.K);
    const targets: DecryptionTarget<E>[] = Array.from({ length: N }, (_, t) => ({
      kind: 'selection',
      ct: encrypt(G, pk, t % 5),
    }));
    const U = [1, 2, 3, 4];
    const nonces = new Map(U.map((i) => [i, targets.map(() => randomScalar(G.q))]));
    const partials = new Map(
      U.map((i) => [i, partialDecrypt(G, setup.ctx, i, c.secrets[i - 1]!.Pi, targets, nonces.get(i)!)]),
    );
    const r1 = combineRound1(G, setup, targets, partials);
    if (!r1.ok) throw new Error('round 1 failed');
    const guardians: GuardianResponses<E>[] = U.map((i) => ({
      keyShareCommitment: Ki.get(i)!,
      parts: partials.get(i)!.items,
      challenges: r1.challenges.get(i)!,
      responses: r1.challenges
        .get(i)!
        .map((ci, x) => respondToChallenge(G.q, nonces.get(i)![x]!, ci, c.secrets[i - 1]!.Pi)),
    }));
    const base = G.gExp(randomScalar(G.q));
    const msVar = timeIt(() => G.exp(base, randomScalar(G.q)));
    const g0 = guardians[0]!;
    const msOne = timeIt(
      () => {
        targets.forEach((t, x) =>
          verifyGuardianResponse(
            G,
            t,
            g0.keyShareCommitment,
            g0.parts[x]!,
            g0.challenges[x]!,
            g0.responses[x]!,
          ),
        );
      },
      1000,
      2,
    );
    const msBatch = timeIt(() => firstBadResponse(G, targets, g0), 1000, 2);
    const msAll = timeIt(() => badResponses(G, targets, guardians), 1000, 2);
    const load = (await import('node:os')).loadavg()[0]!.toFixed(2);
    const per = (ms: number, n: number) => (ms * 1000) / n;
    const rows: BenchRow[] = [
      { step: 'raw x^e (variable base)', ms: msVar, usPerResponse: msVar * 1000, ratioToRaw: 1, load },
      {
        step: `one guardian, ${N} responses one by one`,
        ms: msOne,
        usPerResponse: per(msOne, N),
        ratioToRaw: msOne / N / msVar,
        load,
      },
      {
        step: `one guardian, ${N} responses batched`,
        ms: msBatch,
        usPerResponse: per(msBatch, N),
        ratioToRaw: msBatch / N / msVar,
        load,
      },
      {
        step: `${U.length} guardians × ${N}, one batch`,
        ms: msAll,
        usPerResponse: per(msAll, N * U.length),
        ratioToRaw: msAll / (N * U.length) / msVar,
        load,
      },
    ];
    return {
      rows,
      notes: [
        `batched / one by one: ${(msOne / msBatch).toFixed(1)}× faster for one guardian`,
        'ratioToRaw: time per response / one variable-base exponentiation (one by one does 2 double multi-exps ≈ 2–3 exps)',
      ],
    };
  },
};
