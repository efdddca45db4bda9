/**
 * The trustees' benchmark suites for `npm run bench` (scripts/bench.js, through ./bench.ts; here
 * in the private load workspace, not in the published `@evident/trustee-cli`): the key ceremony
 * and one guardian's partial decryption (targets:
 * ceremony n = 5, k = 3 in ristretto255 < 1 s of compute; one guardian's partial decryption of a
 * 100-selection tally ≤ 1 s in ristretto255, ≤ 30 s in eg-4096). Each figure is also given as a
 * multiple of the raw exponentiation times measured in the same run.
 * @module
 */
import {
  type BenchSuite,
  type Group,
  baseHash,
  eg4096,
  encrypt,
  manifestHash,
  parameterBaseHash,
  partialDecrypt,
  publicKey,
  randomScalar,
  respondToChallenge,
  ristretto,
  runLocalCeremony,
  timeIt,
  utf8Bytes,
} from '@evident/e2e-crypto';

function rawRates(G: Group<unknown>, ms: number): { varExpMs: number; fixedExpMs: number } {
  const x = G.gExp(randomScalar(G.q));
  return {
    varExpMs: timeIt(() => G.exp(x, randomScalar(G.q)), ms),
    fixedExpMs: timeIt(() => G.gExp(randomScalar(G.q)), ms),
  };
}

function hashes(G: Group<unknown>, n: number, k: number) {
  const hP = parameterBaseHash(G);
  return { hP, hB: baseHash(hP, manifestHash(hP, utf8Bytes('bench')), n, k) };
}

/** Round 1 and round 2 of one guardian for `count` selections; milliseconds. */
function partialDecryptionMs(G: Group<unknown>, count: number): number {
  const { hP, hB } = hashes(G, 3, 2);
  const c = runLocalCeremony(G, hP, hB, 3, 2);
  const pk = publicKey(G, c.K);
  const targets = Array.from({ length: count }, () => ({
    kind: 'selection' as const,
    ct: encrypt(G, pk, 1),
  }));
  const Pi = c.secrets[0]!.Pi;
  const ctx = { K: c.K, hE: c.hE };
  const t0 = performance.now();
  const us = targets.map(() => randomScalar(G.q));
  partialDecrypt(G, ctx, 1, Pi, targets, us);
  us.forEach((u) => respondToChallenge(G.q, u, randomScalar(G.q), Pi));
  return performance.now() - t0;
}

/** The suites `key-ceremony` and `partial-decryption`. */
export const trusteeSuites: BenchSuite[] = [
  {
    name: 'key-ceremony',
    description: 'whole key ceremony n=5, k=3 (all guardians’ compute, in one process), ristretto255',
    async run() {
      const G = ristretto as Group<unknown>;
      const { hP, hB } = hashes(G, 5, 3);
      const raw = rawRates(G, 300);
      const ms = timeIt(() => runLocalCeremony(G, hP, hB, 5, 3), 1500, 3);
      return {
        rows: [
          {
            profile: G.name,
            n: 5,
            k: 3,
            ceremonyMs: ms,
            target: '< 1000 ms',
            varExpMs: raw.varExpMs,
            'ceremony / var exp': ms / raw.varExpMs,
          },
        ],
        notes: [
          'compute only (commit, prove, encrypt, decrypt and verify all 20 shares, joint key, H_E); no file I/O or scrypt',
        ],
      };
    },
  },
  {
    name: 'partial-decryption',
    description: 'one guardian’s partial decryption of a 100-selection tally (round 1 + round 2)',
    async run() {
      const rows = [];
      for (const G of [ristretto, eg4096] as Group<unknown>[]) {
        const raw = rawRates(G, G.name === 'eg-4096' ? 300 : 200);
        const ms = partialDecryptionMs(G, 100);
        rows.push({
          profile: G.name,
          selections: 100,
          ms,
          target: G.name === 'eg-4096' ? '≤ 30000 ms' : '≤ 1000 ms',
          varExpMs: raw.varExpMs,
          fixedExpMs: raw.fixedExpMs,
          'ms / var exp': ms / raw.varExpMs,
        });
      }
      return {
        rows,
        notes: [
          'per selection: M_i and the joint commitment (a_i, b_i); one batched individual proof for all 100; then the responses',
        ],
      };
    },
  },
];
