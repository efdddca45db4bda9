/**
 * The mix files of ranked contests (spec/server-api.md §7.5; schemas
 * spec/schemas/trustee/mix-input.schema.json and mix-stage.schema.json): the mix so far, which the
 * server serves and `evident-trustee mix` reads, and the stage a guardian writes and the server
 * reads. One writer and one reader per format; readers expect a file that passed its schema and
 * throw {@link InvalidDataError} naming the field for a value that does not decode. Rows and proofs
 * use @evident/e2e-crypto's mixnet and ranked codecs (spec/mixnet.md §1.2).
 * @module
 */
import { upperStrings } from '../hex-case.js';
import {
  type CiphertextRow,
  type Group,
  type RankedBallot,
  type RankedContest,
  type ShuffleProof,
  rankedBallotFromJson,
  rowsFromJson,
  rowsToJson,
  shuffleProofFromJson,
  shuffleProofToJson,
} from '@evident/e2e-crypto';
import { fieldArray, fieldInt, fieldObject, fieldString } from './file-fields.js';
import { TRUSTEE_FILE_VERSION, type GuardianRef } from './decryption-files.js';

export const MIX_INPUT_FORMAT = 'evident-trustee/mix-input';
export const MIX_STAGE_FORMAT = 'evident-trustee/mix-stage';

/** A stage of a contest's chain, decoded, with its JSON as the board publishes it. */
export interface MixStageFile<E> {
  readonly ceremonyId: string;
  readonly contestId: string;
  /** the stage number j (0-based) */
  readonly stage: number;
  readonly guardian: GuardianRef;
  readonly outputs: CiphertextRow<E>[];
  readonly proof: ShuffleProof<E>;
  /** outputs and proof re-encoded (upper-case hex): what the signature and the board cover */
  readonly outputsJson: unknown;
  readonly proofJson: unknown;
  /** the guardian's signature (hex), unchecked */
  readonly signature: string;
}

/** A stage file before its signature (spec/key-ceremony.md §13 signs outputs and proof as written here). */
export function mixStageJson<E>(
  G: Group<E>,
  s: {
    ceremonyId: string;
    contestId: string;
    stage: number;
    guardian: GuardianRef;
    outputs: readonly CiphertextRow<E>[];
    proof: ShuffleProof<E>;
  },
): Record<string, unknown> {
  return {
    ...mixStageHeader(s),
    outputs: rowsToJson(G, s.outputs),
    proof: shuffleProofToJson(G, s.proof),
  };
}

/** The members of a stage file other than `outputs`, `proof` and `signature`. */
export interface MixStageHead {
  readonly ceremonyId: string;
  readonly contestId: string;
  readonly stage: number;
  readonly guardian: GuardianRef;
}

/** The header members of a stage file (the one definition for the in-memory and streamed writers). */
export function mixStageHeader(s: MixStageHead): Record<string, unknown> {
  return {
    format: MIX_STAGE_FORMAT,
    version: TRUSTEE_FILE_VERSION,
    ceremonyId: s.ceremonyId.toUpperCase(),
    contestId: s.contestId,
    stage: s.stage,
    guardian: { id: s.guardian.id, x: s.guardian.x },
  };
}

function decodeGuardian(v: unknown, field: string): GuardianRef {
  const o = fieldObject(v, field);
  return { id: fieldString(o.id, `${field}.id`), x: fieldInt(o.x, `${field}.x`, 1) };
}

/**
 * Reads a stage file (the server at upload).
 * @param at - prefix of the fields in errors, e.g. `stage.`
 * @throws {InvalidDataError} naming the field
 */
export function decodeMixStage<E>(
  G: Group<E>,
  json: Readonly<Record<string, unknown>>,
  at = '',
): MixStageFile<E> {
  // either case on input (spec/server-api.md §1); the one codec reads upper case (spec/crypto.md §1.4)
  const outputs = rowsFromJson(G, upperStrings(json.outputs), `${at}outputs`);
  const proof = shuffleProofFromJson(G, upperStrings(json.proof), `${at}proof`);
  return {
    ceremonyId: fieldString(json.ceremonyId, `${at}ceremonyId`).toUpperCase(),
    contestId: fieldString(json.contestId, `${at}contestId`),
    stage: fieldInt(json.stage, `${at}stage`),
    guardian: decodeGuardian(json.guardian, `${at}guardian`),
    outputs,
    proof,
    outputsJson: rowsToJson(G, outputs),
    proofJson: shuffleProofToJson(G, proof),
    signature: fieldString(json.signature, `${at}signature`),
  };
}

/** A stage as the mix input lists it: the board's stage entry with its guardian. */
export interface MixInputStage {
  readonly guardian: GuardianRef;
  readonly outputs: unknown;
  readonly proof: unknown;
  readonly signature: unknown;
}

/** What the mix input holds besides its header. */
export interface MixInputContent {
  readonly ceremonyId: string;
  readonly electionId: string;
  readonly group: string;
  readonly contest: RankedContest;
  /** stages required (k) */
  readonly required: number;
  /** whether the chain is complete (no rows, or k stages) */
  readonly complete: boolean;
  /** the ballots entering the mix: `{id, contestId, row, proofs, …}` as on the board */
  readonly ballots: readonly unknown[];
  readonly stages: readonly MixInputStage[];
}

/** The mix file of a contest (`GET …/ranked/{contest}/mix`): the number of the next stage is the count of stages. */
export function mixInputJson(m: MixInputContent): Record<string, unknown> {
  return {
    format: MIX_INPUT_FORMAT,
    version: TRUSTEE_FILE_VERSION,
    ceremonyId: m.ceremonyId,
    electionId: m.electionId,
    group: m.group,
    contest: m.contest,
    required: m.required,
    next: m.stages.length,
    complete: m.complete,
    ballots: m.ballots,
    stages: m.stages.map((st, j) => ({
      stage: j,
      mixer: st.guardian.id,
      guardian: { id: st.guardian.id, x: st.guardian.x },
      outputs: st.outputs,
      proof: st.proof,
      signature: st.signature,
    })),
  };
}

/** A mix input, decoded. */
export interface MixInputFile<E> {
  readonly ceremonyId: string;
  readonly group: string;
  readonly contest: RankedContest;
  readonly required: number;
  readonly next: number;
  readonly ballots: RankedBallot<E>[];
  readonly stages: (Omit<
    MixStageFile<E>,
    'ceremonyId' | 'contestId' | 'stage' | 'outputsJson' | 'proofJson'
  > & {
    /** outputs and proof as the file carries them (what the stage's signature covers) */
    readonly rawOutputs: unknown;
    readonly rawProof: unknown;
  })[];
}

/**
 * Reads a mix input (`evident-trustee mix`): every ballot's row and proofs and every stage's
 * outputs and proof decoded, elements checked for membership. The contest definition is returned
 * as the file gives it, for the reader to check.
 * @throws {InvalidDataError} naming the field
 */
export function decodeMixInput<E>(G: Group<E>, json: Readonly<Record<string, unknown>>): MixInputFile<E> {
  const ballots = fieldArray(json.ballots, 'ballots').map((b, i) =>
    rankedBallotFromJson(G, b, `ballots[${i}]`),
  );
  const stages = fieldArray(json.stages, 'stages').map((v, j) => {
    const st = fieldObject(v, `stages[${j}]`);
    return {
      guardian: decodeGuardian(st.guardian, `stages[${j}].guardian`),
      outputs: rowsFromJson(G, st.outputs, `stages[${j}].outputs`),
      proof: shuffleProofFromJson(G, st.proof, `stages[${j}].proof`),
      signature: fieldString(st.signature, `stages[${j}].signature`),
      rawOutputs: st.outputs,
      rawProof: st.proof,
    };
  });
  return {
    ceremonyId: fieldString(json.ceremonyId, 'ceremonyId').toUpperCase(),
    group: fieldString(json.group, 'group'),
    contest: fieldObject(json.contest, 'contest') as unknown as RankedContest,
    required: fieldInt(json.required, 'required'),
    next: fieldInt(json.next, 'next'),
    ballots,
    stages,
  };
}
