/**
 * A ranked contest as a task of the verification's worker pool (../evident/verify-pool.ts): the
 * task names the record and the contest folder; the worker holds the rest (K, H_E, the quorum,
 * the guardians' signing keys) in its light context, so nothing of steps 1–4 runs again.
 * @module
 */
import type { EvidentContext } from '../evident/context.js';
import type { StepResult } from '../report.js';
import { Buffer } from 'node:buffer';
import { rankedRowDigest } from '../evident/ranked-rows.js';
import { type InputsRows, inputsRowsOf } from './inputs-rows.js';
import { type RankedContext, verifyRankedContest } from './verify-ranked.js';

/** One contest folder of a record. */
export interface RankedTask {
  readonly dir: string;
  readonly id: string;
  /** also return the rows of `inputs.json` that L3.G compares with the board */
  readonly rows?: boolean;
  /** also return the digests of the rows step B decoded (../evident/ranked-deferred.ts) */
  readonly decoded?: boolean;
}

/** The contest's steps and, when asked, the rows of its `inputs.json` (undefined: not JSON). */
export interface RankedOutcome {
  readonly steps: StepResult[];
  readonly rows?: InputsRows;
  /**
   * When asked: the digests (`rankedRowDigest`, 32 bytes each, concatenated) of the rows of
   * `inputs.json` that step B decoded — their elements are group members; empty when it decoded
   * none
   */
  readonly decoded?: Uint8Array;
  /** The `contest` member of `inputs.json` when the file is a JSON object (for 15.A, which then does not parse it again) */
  readonly contest?: { readonly value: unknown };
}

/** What the ranked steps need of an Evident record's context. */
export function rankedContextOf<E>(ctx: EvidentContext<E>): RankedContext<E> {
  return {
    G: ctx.G,
    K: ctx.pk.K,
    hE: ctx.hE,
    minStages: ctx.config.quorum, // C1/C4: k stages by k different guardians
    guardians: ctx.config.guardians,
    signingKeys: ctx.signingKeys, // C4: each stage signed by the guardian it names
  };
}

/** Steps B, C, D, K of the task's contest, and the rows of its `inputs.json` when asked. */
export async function runRankedTask<E>(ctx: EvidentContext<E>, task: RankedTask): Promise<RankedOutcome> {
  let rows: InputsRows | undefined;
  let value: unknown;
  let contest: { value: unknown } | undefined;
  let decoded: Uint8Array | undefined;
  const steps = await verifyRankedContest(
    task.dir,
    task.id,
    rankedContextOf(ctx),
    (v) => {
      if (typeof v === 'object' && v !== null && !Array.isArray(v))
        contest = { value: (v as { contest?: unknown }).contest };
      if (task.rows) rows = inputsRowsOf(v);
      if (task.decoded) value = v;
    },
    task.decoded
      ? (ok) => {
          decoded = decodedDigests(value, ok, rows);
          value = undefined;
        }
      : undefined,
  );
  if (task.decoded) decoded ??= new Uint8Array(0);
  return {
    steps,
    ...(rows ? { rows } : {}),
    ...(decoded ? { decoded } : {}),
    ...(contest ? { contest } : {}),
  };
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/**
 * The digests of the ballots of `inputs.json` (its parsed `value`) that step B decoded (`ok`):
 * the ones L3.G compares (`rows`) when made, else computed here — the same function of the row.
 */
function decodedDigests(value: unknown, ok: readonly boolean[], rows: InputsRows | undefined): Uint8Array {
  const ballots = (value as { ballots?: unknown[] } | undefined)?.ballots ?? [];
  const out = new Uint8Array(32 * ok.filter(Boolean).length);
  let at = 0;
  ok.forEach((good, i) => {
    if (!good) return;
    const hex = rows?.kind === 'rows' ? rows.digests[i] : undefined;
    const { id: _id, ...row } = (ballots[i] ?? {}) as Record<string, unknown>;
    out.set(hex !== undefined && HEX_DIGEST.test(hex) ? Buffer.from(hex, 'hex') : rankedRowDigest(row), at);
    at += 32;
  });
  return out;
}
