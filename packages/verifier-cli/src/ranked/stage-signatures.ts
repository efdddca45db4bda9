/**
 * C4, k distinct signers (spec/mixnet.md §8.5, spec/key-ceremony.md §13): every stage of a mix
 * chain carries the signature of the guardian it names, under that guardian's signing key
 * (2.E). Without it a server that runs every stage itself — and so knows the permutation — could
 * name k different guardians; with it, it needs k guardians' keys. The signed content
 * `{outputs, proof}` is hashed over the stage's files (@evident/record stageContentSha256).
 * @module
 */
import {
  decodeSignatureBytes,
  isInvalidData,
  mixStageStatement,
  verifyGuardianSignature,
} from '@evident/e2e-crypto';
import type { ChainStageJson } from '@evident/record';
import type { StepCollector } from '../report.js';

/**
 * Checks each stage's `signature` against the signing key of its `guardian`.
 * @param file - `chain.json`'s path in the record, for findings
 * @param contentOf - SHA-256 of the canonical JSON of stage j's `{outputs, proof}`, or undefined
 *   when its files cannot be read
 */
export function checkStageSignatures(
  stages: readonly ChainStageJson[],
  contestId: string,
  hE: Uint8Array,
  keys: ReadonlyMap<number, Uint8Array>,
  file: string,
  step: StepCollector,
  contentOf: (j: number) => Uint8Array | undefined,
): void {
  stages.forEach((st, j) => {
    const at = `${file} stages[${j}].signature`;
    const x = st.guardian;
    if (typeof x !== 'number') return; // C4 (index) reports it
    const key = keys.get(x);
    if (!key) {
      step.fail('C4', at, `guardian ${x} has no valid signing key (2.E)`);
      return;
    }
    let sig: Uint8Array;
    try {
      sig = decodeSignatureBytes(st.signature, at, 64);
    } catch (e) {
      if (!isInvalidData(e)) throw e;
      step.fail('C4', at, 'missing or not a 64-byte signature: the stage is not signed by its guardian');
      return;
    }
    const digest = contentOf(j);
    if (!digest) {
      step.fail('C4', at, `the files of stage ${j} cannot be read: the signature cannot be checked`);
      return;
    }
    const statement = {
      ...mixStageStatement(hE, contestId, j, x, undefined, undefined),
      contentSha256: digest,
    };
    if (!verifyGuardianSignature(key, statement, sig))
      step.fail('C4', at, `stage ${j} is not signed by guardian ${x}`);
  });
}
