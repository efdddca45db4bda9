/**
 * The check of a guardian's mix stage (spec/server-api.md §7.5, spec/mixnet.md §5, M1–M9) as a
 * task of the one worker pool, like the decryption uploads (../tally/upload-checks.ts): the
 * stage read (outputs and proof decoded), its guardian signature, its proof of shuffle against
 * the rows entering it. A ranked contest of a few thousand rows takes seconds to verify, which
 * on the event loop kept every other request waiting. Verdicts come back as data and are
 * applied by the route in its old order (file, signature, proof).
 * @module
 */
import {
  ciphertextFromJson,
  fromHex,
  groupByName,
  mixStageStatement,
  rowsFromJson,
  verifyShuffle,
  type CiphertextRow,
  type Group,
} from '@evident/e2e-crypto';
import { decodeMixStage } from '@evident/record';
import { guard, isCheckFailure, type CheckFailure } from '../verify/check-batches.js';
import { assertSignedBy } from '../tally/guardian-signatures.js';
import { contestSession } from './mix-session-hash.js';

/** A stage to check: plain data, cloned into the worker. */
export interface StageTask {
  readonly profile: string;
  /** K and H_E, hex */
  readonly K: string;
  readonly hE: string;
  readonly contestId: string;
  readonly stage: number;
  /** the guardian named by the stage (already checked against the token and the order) */
  readonly x: number;
  /** its signing key, hex, when it has one */
  readonly signingKey?: string;
  /** the rows entering the stage: the counted ballots' rows (stage 0), else the previous outputs */
  readonly prior:
    | { readonly ballots: readonly (readonly unknown[])[] }
    | { readonly outputs: unknown; readonly field: string };
  /** the uploaded stage file */
  readonly upload: Record<string, unknown>;
}

/** The verdicts on a stage, and its board encoding when it could be read. */
export interface StageVerdict {
  readonly read?: CheckFailure;
  readonly signature?: CheckFailure;
  readonly proof?: CheckFailure;
  /** the outputs and proof as the board keeps them (upper-case hex) */
  readonly outputsJson?: unknown;
  readonly proofJson?: unknown;
}

/** The rows entering the stage, decoded. */
function priorRows(G: Group<unknown>, p: StageTask['prior']): CiphertextRow<unknown>[] {
  if ('ballots' in p)
    return p.ballots.map((row, i) =>
      row.map((ct, k) => ciphertextFromJson(G, ct, `ballots[${i}].row[${k}]`)),
    );
  return rowsFromJson(G, p.outputs, p.field);
}

/** Checks a mix stage (the pool task; see the module's comment). */
export function checkMixStage(t: StageTask): StageVerdict {
  const G = groupByName(t.profile) as Group<unknown>;
  const inputs = priorRows(G, t.prior);
  const st = guard(() => decodeMixStage(G, t.upload, 'stage.'));
  if (isCheckFailure(st)) return { read: st };
  const { outputsJson, proofJson } = st;
  const hE = fromHex(t.hE);
  const signed = guard(() => {
    const statement = mixStageStatement(hE, t.contestId, t.stage, t.x, outputsJson, proofJson);
    const key = t.signingKey === undefined ? undefined : fromHex(t.signingKey);
    assertSignedBy(key, statement, t.upload.signature, 'stage.signature');
    return {};
  });
  if (isCheckFailure(signed)) return { signature: signed, outputsJson, proofJson };
  const K = G.decode(fromHex(t.K), 'K');
  const [f] = verifyShuffle(G, K, contestSession(hE, t.contestId), inputs, st.outputs, st.proof, {
    where: 'stage.',
  });
  if (!f) return { outputsJson, proofJson };
  return {
    proof: {
      check: 'EVD_ERR_INVALID_SHUFFLE',
      where: f.where,
      message: `the proof of shuffle fails ${f.check} (spec/mixnet.md §5): ${f.message}`,
    },
    outputsJson,
    proofJson,
  };
}
