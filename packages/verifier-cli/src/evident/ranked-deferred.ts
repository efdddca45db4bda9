/**
 * A counted ballot's ranked rows checked once (spec/verification.md §5.1). Step B decodes every
 * row of each `inputs.json` — every element a group member, every scalar in range — and checks its
 * proofs; L3.G (with a board) or 15.B (without) binds those rows to the cast ballots' lines byte
 * for byte. So the ballot pass does not decode the ranked rows of a cast ballot again: it hashes
 * their bytes into the confirmation code (7.A/7.B) and keeps each row's digest
 * (`rankedRowDigest`). Once the pass and the ranked tasks are over, every such row must have the
 * digest of a row that step B decoded; a row that has not (the server put other bytes in
 * `inputs.json`, left the ballot out, or step B could not read the file) is decoded here from its
 * line, with the finding (5.A, 5.B, 5.C, 5.F) the pass would have made.
 *
 * Soundness does not rest on L3.G or 15.B passing: a deferred row is accepted only when its
 * digest — SHA-256 of its canonical JSON, both files' hex upper case by their schemas — equals
 * the digest of a row step B decoded, so its bytes are those bytes (short of a SHA-256 collision)
 * and decode alike. L3.G and 15.B keep their own findings.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isInvalidData, rankedBallotFromJson } from '@evident/e2e-crypto';
import { INPUTS_FILE, RANKED_DIR, ballotFile, readDevices } from '@evident/record';
import { Bytes32Column, byteColumn, int32Column } from '../compact/columns.js';
import { type ByteKeyTable, byteKeyTable } from '../compact/byte-keys.js';
import { ballotFileLines } from '../file-lines.js';
import type { StepFinding } from '../report.js';
import { decodingCheck } from './ballot-proofs.js';
import type { EvidentContext } from './context.js';

/**
 * Per ranked contest of the manifest, whether the ballot pass may defer a cast ballot's row of it:
 * when the record has the contest's folder (a ranked task runs on it) with its `inputs.json`.
 * @param folders - the folders under `ranked/` (each gets a ranked task)
 * @returns undefined when no contest qualifies
 */
export function rankedDeferral<E>(
  dir: string,
  ctx: EvidentContext<E>,
  folders: readonly string[],
): boolean[] | undefined {
  const defer = (ctx.manifest.rankedContests ?? []).map(
    (c) => folders.includes(c.id) && existsSync(join(dir, RANKED_DIR, c.id, INPUTS_FILE)),
  );
  return defer.some(Boolean) ? defer : undefined;
}

/** The deferred rows of the pass: per row its line (device index, line number), contest and digest. */
export interface DeferredRows {
  readonly length: number;
  device(i: number): number;
  lineNo(i: number): number;
  contest(i: number): number;
  digest(i: number): Uint8Array;
}

/** The table as the ballot pass fills it (about 41 bytes a row). */
export interface DeferredRowsBuilder extends DeferredRows {
  add(device: number, lineNo: number, contest: number, digest: Uint8Array): void;
}

/** A new, empty table. */
export function deferredRowsTable(): DeferredRowsBuilder {
  const devices = int32Column();
  const lines = int32Column();
  const contests = byteColumn();
  const digests = new Bytes32Column();
  return {
    get length() {
      return digests.length;
    },
    device: (i) => devices.at(i),
    lineNo: (i) => lines.at(i),
    contest: (i) => contests.at(i),
    digest: (i) => digests.at(i),
    add(device, lineNo, contest, digest) {
      devices.push(device);
      lines.push(lineNo);
      contests.push(contest);
      digests.push(digest);
    },
  };
}

/**
 * The digests of the rows step B decoded, per ranked contest of the manifest (its position).
 * @param decoded - contest id → the ranked task's `decoded` digests (32 bytes each, concatenated)
 */
export function decodedRowsByContest<E>(
  ctx: EvidentContext<E>,
  decoded: ReadonlyMap<string, Uint8Array>,
): ByteKeyTable[] {
  return (ctx.manifest.rankedContests ?? []).map((c) => {
    const t = byteKeyTable();
    const d = decoded.get(c.id);
    if (d) for (let at = 0; at + 32 <= d.length; at += 32) t.intern(d.subarray(at, at + 32));
    return t;
  });
}

/**
 * The rows the pass deferred that step B did not decode, decoded from their lines: the findings
 * of step 5 they make (one per line, the first element or scalar that does not decode, as in the
 * pass). Honest records have none to decode.
 * @param decoded - per ranked contest, the digests of the rows step B decoded
 */
export async function checkDeferredRows<E>(
  dir: string,
  ctx: EvidentContext<E>,
  rows: DeferredRows,
  decoded: readonly ByteKeyTable[],
): Promise<StepFinding[]> {
  // device index → line number → the contests whose rows are to be decoded, in order
  const wanted = new Map<number, Map<number, number[]>>();
  for (let i = 0; i < rows.length; i++) {
    const c = rows.contest(i);
    if ((decoded[c]?.find(rows.digest(i)) ?? -1) >= 0) continue;
    const byLine = wanted.get(rows.device(i)) ?? new Map<number, number[]>();
    wanted.set(rows.device(i), byLine);
    const cs = byLine.get(rows.lineNo(i)) ?? [];
    byLine.set(rows.lineNo(i), cs);
    cs.push(c);
  }
  const findings: StepFinding[] = [];
  if (wanted.size === 0) return findings;
  let d = -1;
  for (const device of readDevices(dir)) {
    const byLine = wanted.get(++d);
    if (!byLine) continue;
    const file = ballotFile(device.label);
    for await (const { lineNo, text } of ballotFileLines(join(dir, file)) ?? []) {
      const cs = byLine.get(lineNo);
      if (cs) findings.push(...decodeRows(ctx, text, `${file}:${lineNo}`, cs));
    }
  }
  return findings;
}

/** The first finding of decoding the rows of contests `cs` of the line `text` (none when they decode). */
function decodeRows<E>(
  ctx: EvidentContext<E>,
  text: string,
  location: string,
  cs: readonly number[],
): StepFinding[] {
  let json: { code?: unknown; ranked?: unknown[] };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return [{ step: '5', check: '5.F', where: location, message: 'the line changed while it was verified' }];
  }
  const at = `ballot ${String(json.code).slice(0, 16)}`;
  for (const c of cs) {
    try {
      rankedBallotFromJson(ctx.G, json.ranked?.[c], `ranked[${c}]`);
    } catch (e) {
      if (!isInvalidData(e)) throw e;
      const [step, check] = decodingCheck(e);
      return [{ step, check, where: `${location} ${at} ${e.field}`, message: e.message }];
    }
  }
  return [];
}
