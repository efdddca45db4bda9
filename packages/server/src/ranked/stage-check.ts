/**
 * The check of a guardian's mix stage (spec/server-api.md §7.5, spec/mixnet.md §5, §7.5) as a
 * task of the one worker pool, like the decryption uploads (../tally/upload-checks.ts), on the
 * stage's files (./stage-upload-files.ts wrote them from the upload): its guardian signature over
 * the content digest computed over the files (spec/mixnet.md §8.2), then the streamed verifier
 * on the files against the rows entering the stage (M1–M9: every element decoded, the proof),
 * in the worker's own thread. Memory O(chunk), whatever the number of rows; a ranked contest of
 * a few thousand rows already took seconds, which on the event loop kept every other request
 * waiting. Verdicts come back as data, applied by the route.
 * @module
 */
import { fromHex, groupByName, mixStageStatement, type Group } from '@evident/e2e-crypto';
import { inThread, shufflePaths, verifyShuffleStream } from '@evident/e2e-crypto/mixnet-parallel';
import { stageDirContentSha256 } from '@evident/record';
import { assertSignedBy } from '../tally/guardian-signatures.js';
import { guard, isCheckFailure, type CheckFailure } from '../verify/check-batches.js';
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
  /** the stage's signature as uploaded */
  readonly signature: string;
  /** the folder of the stage's files (spec/mixnet.md §7.5), its rows of width `w` */
  readonly dir: string;
  readonly w: number;
  /** the file of the rows entering the stage (the counted ballots' rows, or the previous outputs) */
  readonly inputs: string;
  /** how findings name the inputs: `ballots` or `stages[j − 1].outputs` */
  readonly inputsWhere: string;
}

/** The verdicts on a stage: none when it is accepted. */
export interface StageVerdict {
  readonly data?: CheckFailure;
  readonly signature?: CheckFailure;
  readonly proof?: CheckFailure;
}

/** A finding's file name → the upload's field (`stage.proof.cHat[3]`, `stage.outputs[2]`). */
function fieldOf(where: string): string {
  return where
    .replace(/^outputs\.bin/, 'stage.outputs')
    .replace(/^(c|cHat|tHat|sHat|sPrime)\.bin/, 'stage.proof.$1')
    .replace(/^proof-head\.json: /, 'stage.proof.')
    .replace(/^proof-head\.json$/, 'stage.proof')
    .replace(/^proof\b/, 'stage.proof');
}

/** Checks a mix stage (the pool task; see the module's comment). */
export async function checkMixStage(t: StageTask): Promise<StageVerdict> {
  const G = groupByName(t.profile) as Group<unknown>;
  const hE = fromHex(t.hE);
  const signed = guard(() => {
    const statement = {
      ...mixStageStatement(hE, t.contestId, t.stage, t.x, undefined, undefined),
      contentSha256: stageDirContentSha256(t.dir, G.elementLength, t.w),
    };
    const key = t.signingKey === undefined ? undefined : fromHex(t.signingKey);
    assertSignedBy(key, statement, t.signature, 'stage.signature');
    return {};
  });
  if (isCheckFailure(signed)) return { signature: signed };
  const K = G.decode(fromHex(t.K), 'K');
  const [f] = await verifyShuffleStream(
    inThread,
    G,
    K,
    contestSession(hE, t.contestId),
    shufflePaths(t.dir, t.inputs),
    t.dir,
    { inputsWhere: t.inputsWhere },
  );
  if (!f) return {};
  const where = fieldOf(f.where);
  // M2: an element or scalar that does not decode is bad data, not a false proof
  if (f.check === 'M2' && where.startsWith('stage.'))
    return { data: { check: 'EVD_ERR_INVALID_DATA', where, message: f.message } };
  return {
    proof: {
      check: 'EVD_ERR_INVALID_SHUFFLE',
      where,
      message: `the proof of shuffle fails ${f.check} (spec/mixnet.md §5): ${f.message}`,
    },
  };
}
