/**
 * Benchmarks of @evident/e2e-crypto, run by `npm run bench`.
 * @module
 */
import { benchKey, encryptBenchBallot, verifyBenchBallot } from './ballot-bench.js';
import { timeIt, type BenchRow, type BenchSuite } from './bench-types.js';
import { eg4096 } from './group/eg-4096.js';
import type { Group } from './group/group.js';
import { ristretto } from './group/ristretto255.js';
import { randomScalar } from './group/scalar.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { mixnetSuite } from './mixnet/bench-suite.js';
import { mixnetScaleSuite } from './mixnet/scale-bench.js';
import { mixnetChainSuite } from './mixnet/chain-bench.js';
import { responseCheckSuite } from './decrypt/bench-suite.js';
import { rankedRowsSuite } from './ranked/rows-bench.js';

const SELECTIONS = 10;

function profileRows<E>(
  G: Group<E>,
  targetProveMs: number,
  targetVerifyMs: number,
): { rows: BenchRow[]; notes: string[] } {
  const pk = benchKey(G);
  const hE = randomBytes(32);
  const e = (): bigint => randomScalar(G.q);
  const base = G.gExp(e());
  const msFixedG = timeIt(() => G.gExp(e()));
  const msFixedK = timeIt(() => pk.pow(e()));
  const msVar = timeIt(() => G.exp(base, e()));
  const fixed = (msFixedG + msFixedK) / 2;

  // Operation counts for 10 selections, vote limit 1 (spec/crypto.md §8):
  // prove: per selection 2 (encrypt) + 4 (two commitments (g^u, K^t)) fixed-base; contest 4 → 64.
  const proveFixed = SELECTIONS * 6 + 4;
  const proveMs = timeIt(() => encryptBenchBallot(G, hE, pk, SELECTIONS, 3));
  const ballot = encryptBenchBallot(G, hE, pk, SELECTIONS, 3);
  if (!verifyBenchBallot(G, hE, pk, ballot)) throw new Error('bench ballot did not verify');
  const verifyMs = timeIt(() => verifyBenchBallot(G, hE, pk, ballot, true));
  const rows: BenchRow[] = [
    { profile: G.name, step: 'raw g^e (fixed base)', ms: msFixedG, opsPerSec: 1000 / msFixedG },
    { profile: G.name, step: 'raw K^e (fixed-base table)', ms: msFixedK, opsPerSec: 1000 / msFixedK },
    { profile: G.name, step: 'raw x^e (variable base)', ms: msVar, opsPerSec: 1000 / msVar },
    {
      profile: G.name,
      step: `encrypt+prove ballot (${SELECTIONS} sel.)`,
      ms: proveMs,
      targetMs: targetProveMs,
      meetsTarget: proveMs <= targetProveMs ? 'yes' : 'NO',
      groupOps: `${proveFixed} fixed-base`,
      predictedMs: proveFixed * fixed,
      ratioToRaw: proveMs / (proveFixed * fixed),
    },
  ];
  const notes: string[] = [];
  if (G.proofForm === 'challenge') {
    // verify: per selection 2 membership (x^q) + 4 variable (α^c_j, β^c_j) + 4 fixed; contest 4 + 4.
    const varOps = SELECTIONS * 6 + 4;
    const fixedOps = SELECTIONS * 4 + 4;
    rows.push({
      profile: G.name,
      step: `verify ballot (${SELECTIONS} sel.)`,
      ms: verifyMs,
      targetMs: targetVerifyMs,
      meetsTarget: verifyMs <= targetVerifyMs ? 'yes' : 'NO',
      groupOps: `${varOps} variable + ${fixedOps} fixed`,
      predictedMs: varOps * msVar + fixedOps * fixed,
      ratioToRaw: verifyMs / (varOps * msVar + fixedOps * fixed),
    });
  } else {
    const unbatched = timeIt(() => verifyBenchBallot(G, hE, pk, ballot, false));
    // verify one by one: 4 equations of 2 terms per range proof of R = 1 → 8 variable-base per proof
    const varOps = (SELECTIONS + 1) * 8;
    const points = (SELECTIONS + 1) * 4 + SELECTIONS * 2 + 2;
    rows.push(
      {
        profile: G.name,
        step: `verify ballot, batched (${SELECTIONS} sel.)`,
        ms: verifyMs,
        targetMs: targetVerifyMs,
        meetsTarget: verifyMs <= targetVerifyMs ? 'yes' : 'NO',
        groupOps: `1 MSM of ~${points} points + ${SELECTIONS * 2 + 2 * (SELECTIONS + 1) * 2} decodes`,
        ratioToRaw: verifyMs / (varOps * msVar),
      },
      {
        profile: G.name,
        step: `verify ballot, one by one (${SELECTIONS} sel.)`,
        ms: unbatched,
        groupOps: `${varOps} variable-base (as 2-term MSMs)`,
        predictedMs: varOps * msVar,
        ratioToRaw: unbatched / (varOps * msVar),
      },
    );
    notes.push(
      'ratioToRaw of the batched row compares with the one-by-one operation count: below 1 is the batching gain',
    );
  }
  return { rows, notes };
}

/** Raw exponentiation rates and the benchmark ballot (ballot-bench.ts), per profile. */
export const cryptoSuite: BenchSuite = {
  name: 'e2e-crypto',
  description:
    'raw exponentiation rates; encrypt+prove and verify of a 10-selection ballot (vote limit 1), one core',
  async run() {
    const r = profileRows(ristretto, 15, 25);
    const e = profileRows(eg4096, 1500, 1500);
    return { rows: [...r.rows, ...e.rows], notes: [...r.notes, ...e.notes] };
  },
};

/** Every suite of this package. */
export const suites: BenchSuite[] = [
  cryptoSuite,
  mixnetSuite,
  mixnetScaleSuite,
  mixnetChainSuite,
  responseCheckSuite,
  rankedRowsSuite,
];
