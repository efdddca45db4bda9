/**
 * Mix chains: each mixer (trustee) shuffles the previous mixer's output and proves it
 * (spec/mixnet.md §5.3, checks C1–C3). The chain is verified end to end: stage j's inputs are
 * stage j−1's outputs, the first stage's inputs are the published ballots' rows, and the last
 * stage's outputs are what gets decrypted. With at least one honest mixer, nobody can link an
 * output row to an input row.
 * @module
 */
import type { PublicKey } from '../elgamal/elgamal.js';
import type { Group } from '../group/group.js';
import { type ShuffleProof, proveShuffle } from './shuffle-proof.js';
import { shuffleGenerators } from './generators.js';
import { type CiphertextRow, shuffleRows } from './shuffle.js';
import type { Finding } from '../findings.js';
import { verifyShuffle } from './verify-shuffle.js';

/** One stage of a chain: a mixer's output rows and its proof. */
export interface MixStage<E> {
  /** who mixed (a guardian id); hashed nowhere, for reports */
  readonly mixer: string;
  readonly outputs: readonly CiphertextRow<E>[];
  readonly proof: ShuffleProof<E>;
}

/**
 * One mixer's turn: shuffle `inputs` with a fresh random permutation and prove it.
 * The witness is dropped when this returns.
 * @param session - H_mix of the chain (spec/mixnet.md §2.1)
 */
export function mixStage<E>(
  G: Group<E>,
  pk: PublicKey<E>,
  session: Uint8Array,
  inputs: readonly CiphertextRow<E>[],
  mixer: string,
): MixStage<E> {
  const { outputs, witness } = shuffleRows(G, pk, inputs);
  const proof = proveShuffle(G, pk, session, inputs, outputs, witness);
  return { mixer, outputs, proof };
}

/**
 * Runs a whole chain in one process (tests, demos; trustees run {@link mixStage} on their own
 * machines). @returns the stages in order
 */
export function runMixChain<E>(
  G: Group<E>,
  pk: PublicKey<E>,
  session: Uint8Array,
  inputs: readonly CiphertextRow<E>[],
  mixers: readonly string[],
): MixStage<E>[] {
  const stages: MixStage<E>[] = [];
  let rows = inputs;
  for (const m of mixers) {
    const st = mixStage(G, pk, session, rows, m);
    stages.push(st);
    rows = st.outputs;
  }
  return stages;
}

/**
 * Verifies a chain (spec/mixnet.md §5.3): C1 at least `minStages` stages; C2 every stage's proof
 * (M1–M9) with its inputs being the previous stage's outputs; C3 the generators derived once
 * from the session. Findings are located as `stages[j].…`.
 * @param inputs - the rows that entered the chain (recomputed by the verifier from the ballots)
 * @returns the failed checks, empty when the chain is valid; the final rows to decrypt are `stages.at(-1).outputs`
 */
export function verifyMixChain<E>(
  G: Group<E>,
  K: E,
  session: Uint8Array,
  inputs: readonly CiphertextRow<E>[],
  stages: readonly MixStage<E>[],
  minStages = 1,
): readonly Finding[] {
  if (!Array.isArray(stages) || stages.length < minStages) {
    return [{ check: 'C1', where: 'stages', message: `expected at least ${minStages} stages` }];
  }
  if (!Array.isArray(inputs) || inputs.length === 0) {
    return [{ check: 'C1', where: 'inputs', message: 'no rows entered the chain' }];
  }
  const failures: Finding[] = [];
  let generators;
  try {
    generators = shuffleGenerators(G, session, inputs.length);
  } catch {
    return [{ check: 'C3', where: 'session', message: 'session hash must be 32 bytes' }];
  }
  let rows = inputs;
  stages.forEach((st, j) => {
    const r = verifyShuffle(G, K, session, rows, st.outputs, st.proof, {
      generators,
      where: `stages[${j}].`,
    });
    for (const f of r) failures.push({ ...f, check: `C2/${f.check}` });
    rows = st.outputs;
  });
  return failures;
}
