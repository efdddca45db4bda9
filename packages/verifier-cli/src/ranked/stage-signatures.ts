/**
 * C4, k distinct signers (spec/mixnet.md §8.5, spec/key-ceremony.md §13): every stage of a mix
 * chain carries the signature of the guardian it names, under that guardian's signing key
 * (2.E). Without it a server that runs every stage itself — and so knows the permutation — could
 * name k different guardians; with it, it needs k guardians' keys.
 * @module
 */
import {
  decodeSignatureBytes,
  isInvalidData,
  mixStageStatement,
  verifyGuardianSignature,
} from '@evident/e2e-crypto';
import type { StepCollector } from '../report.js';

/**
 * Checks each stage's `signature` against the signing key of its `guardian`.
 * @param stages - `mix-chain.json` `stages` as read (never trusted to be well formed)
 */
export function checkStageSignatures(
  stages: unknown,
  contestId: string,
  hE: Uint8Array,
  keys: ReadonlyMap<number, Uint8Array>,
  file: string,
  step: StepCollector,
): void {
  if (!Array.isArray(stages)) return; // C1 reports it
  stages.forEach(
    (st: { guardian?: unknown; signature?: unknown; outputs?: unknown; proof?: unknown } | null, j) => {
      const at = `${file} stages[${j}].signature`;
      const x = st?.guardian;
      if (typeof x !== 'number') return; // C4 (index) reports it
      const key = keys.get(x);
      if (!key) {
        step.fail('C4', at, `guardian ${x} has no valid signing key (2.E)`);
        return;
      }
      let sig: Uint8Array;
      try {
        sig = decodeSignatureBytes(st?.signature, at, 64);
      } catch (e) {
        if (!isInvalidData(e)) throw e;
        step.fail('C4', at, 'missing or not a 64-byte signature: the stage is not signed by its guardian');
        return;
      }
      const statement = mixStageStatement(hE, contestId, j, x, st?.outputs, st?.proof);
      if (!verifyGuardianSignature(key, statement, sig))
        step.fail('C4', at, `stage ${j} is not signed by guardian ${x}`);
    },
  );
}
