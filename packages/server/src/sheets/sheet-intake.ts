/**
 * Station tally-sheet intake (spec/stations.md §9): the checks, in the order the server applies
 * them, then one commit of a `station-sheet` entry and, when the CVRs came with it, the
 * `station-cvrs` entry right after. The chain checks run inside the writer's job, so that two
 * sheets of one station can never both take the same sequence. A refusal changes nothing.
 * @module
 */
import { verifyPaperStatement, type Manifest } from '@evident/e2e-crypto';
import {
  checkTallySheet,
  sheetHash as hashOfSheet,
  verifyTallySheetSignature,
  type SignedTallySheet,
  type StationCvrs,
} from '@evident/record';
import type { ServerContext } from '../context.js';
import { configOf, loadElection } from '../elections/election-actions.js';
import { onCurrentView } from '../elections/current-view.js';
import { ApiError } from '../errors.js';
import type { Tx } from '../board/writer.js';
import { entryReceipt, type EntryReceipt } from '../stations/entry-receipt.js';
import { countingStartOf } from './counting-start.js';
import { checkCvrs } from './cvr-check.js';
import { paperIndex, type PaperIndex } from './paper-index.js';
import { assembleScannedSheet } from './scanned-parts.js';
import { checkEnvelope } from './sheet-envelope.js';

/** The answer to a sheet (or CVRs) submission. */
export interface SheetAnswer {
  /** 201 when written, 200 when the same was already in */
  readonly status: 200 | 201;
  readonly sheetHash: string;
  readonly receipt: EntryReceipt;
  /** the CVRs' entry, when they are in */
  readonly cvrsReceipt?: EntryReceipt;
  /** a sheet already in but superseded: the sequence of the station's effective sheet */
  readonly supersededBy?: number;
  /** a new sheet written that corrects (supersedes) the station's previous one */
  readonly correction?: true;
}

const PHASES = new Set(['open', 'closed', 'tallied', 'published']);

/** Checks 2–3: the election takes sheets; the station is the manifest's and has a registered key. */
export async function stationContext(
  ctx: ServerContext,
  electionId: string,
  station: string,
): Promise<{ manifest: Manifest; ix: PaperIndex; stationKey: string; config: ReturnType<typeof configOf> }> {
  const e = await loadElection(ctx, electionId);
  if (!PHASES.has(e.state))
    throw new ApiError(
      'EVD_ERR_WRONG_PHASE',
      `an election that is ${e.state} takes no tally sheets (not open yet)`,
    );
  const manifest = JSON.parse(e.manifest) as Manifest;
  if (!manifest.pollingStations.some((s) => s.label === station))
    throw new ApiError(
      'EVD_ERR_NOT_FOUND',
      `no polling station "${station.slice(0, 64)}" in the manifest`,
      'station',
    );
  const ix = await paperIndex(ctx, electionId);
  const stationKey = ix.stationKeys.get(station);
  if (stationKey === undefined)
    throw new ApiError(
      'EVD_ERR_UNREGISTERED_STATION',
      `station "${station}" has no registered key`,
      'station',
    );
  return { manifest, ix, stationKey, config: configOf(e) };
}

const invalid = (
  p: { field: string; message: string },
  code: 'EVD_ERR_INVALID_SHEET' | 'EVD_ERR_INVALID_CVRS',
) => new ApiError(code, p.message, p.field);

/**
 * Checks 5–11 (all but the chain): envelope, signatures, election and station, form, numbers,
 * timing, CVRs.
 * @returns the sheet, its hash
 */
function checkSubmission(
  ctx: ServerContext,
  electionId: string,
  station: string,
  c: Awaited<ReturnType<typeof stationContext>>,
  signedIn: unknown,
  cvrs: unknown,
): { signed: SignedTallySheet; hash: string } {
  // 5. the envelope {sheet, signature, witnesses}
  const env = checkEnvelope(signedIn);
  if (env) throw invalid(env, 'EVD_ERR_INVALID_SHEET');
  const signed = signedIn as SignedTallySheet;
  // 6. the registered key's signature over the sheet as sent (and every witness's over the same)
  if (!verifyTallySheetSignature(signed, c.stationKey))
    throw new ApiError(
      'EVD_ERR_INVALID_SIGNATURE',
      "the signature is not the station key's over this sheet",
      'signed.signature',
    );
  for (const [i, w] of signed.witnesses.entries())
    if (
      !verifyPaperStatement(
        w.publicKey,
        'tally-sheet',
        String(signed.sheet.electionId),
        signed.sheet,
        w.signature,
      )
    )
      throw new ApiError(
        'EVD_ERR_INVALID_SIGNATURE',
        `witness "${w.name}" did not sign this sheet`,
        `signed.witnesses[${i}].signature`,
      );
  // 7. this election, this station
  if (signed.sheet.electionId !== electionId)
    throw new ApiError(
      'EVD_ERR_INVALID_SHEET',
      'the sheet is for another election',
      'signed.sheet.electionId',
    );
  if (signed.sheet.station !== station)
    throw new ApiError('EVD_ERR_INVALID_SHEET', 'the sheet is for another station', 'signed.sheet.station');
  // 8–9. form and numbers: the record's one rule list, its first problem
  const [problem] = checkTallySheet(signed.sheet, c.manifest);
  if (problem)
    throw invalid(
      { field: problem.field ? `signed.sheet.${problem.field}` : 'signed.sheet', message: problem.message },
      'EVD_ERR_INVALID_SHEET',
    );
  // 10. timing: counted from the counting start, and not arriving before it by the server's clock
  const start = countingStartOf(c.ix, c.config, c.manifest);
  if (Date.parse(signed.sheet.countingStart) < start.countingStartInstant)
    throw new ApiError(
      'EVD_ERR_TOO_EARLY',
      `counting started before the counting start ${start.countingStart} (${c.config.timeZone})`,
      'signed.sheet.countingStart',
    );
  if (ctx.now() < start.countingStartInstant)
    throw new ApiError(
      'EVD_ERR_TOO_EARLY',
      `no sheet is taken before the counting start ${start.countingStart} (${c.config.timeZone}) by the server's clock`,
    );
  // 11. CVRs, when given (12, the chain, is checked in the writer)
  if (cvrs !== undefined) {
    const p = checkCvrs(c.manifest, signed.sheet, cvrs);
    if (p) throw invalid(p, 'EVD_ERR_INVALID_CVRS');
  }
  return { signed, hash: hashOfSheet(signed.sheet) };
}

/** What the batch being planned has staged for a station (the index has the committed rest). */
interface Staged {
  readonly sheets: { sequence: number; sheetHash: string; index: number }[];
  readonly cvrs: Set<string>;
}
function stagedOf(tx: Tx, electionId: string, station: string): Staged {
  const k = `paper:${electionId}:${station}`;
  return (tx.get(k) as Staged | undefined) ?? { sheets: [], cvrs: new Set() };
}
function stage(tx: Tx, electionId: string, station: string, s: Staged): void {
  tx.set(`paper:${electionId}:${station}`, s);
}

/** The writer's job for CVRs of an accepted sheet: appends them once. */
function appendCvrs(
  ctx: ServerContext,
  tx: Tx,
  ix: PaperIndex,
  electionId: string,
  sheet: { station: string; sequence: number; sheetHash: string },
  cvrs: StationCvrs,
): number | undefined {
  const st = stagedOf(tx, electionId, sheet.station);
  if (ix.byHash.get(sheet.sheetHash)?.cvrsIndex !== undefined || st.cvrs.has(sheet.sheetHash))
    return undefined;
  const index = tx.append(electionId, 'station-cvrs', { ...sheet, cvrs, time: ctx.now() });
  stage(tx, electionId, sheet.station, { sheets: st.sheets, cvrs: new Set([...st.cvrs, sheet.sheetHash]) });
  return index;
}

/** How a sheet arrives: the station's JSON, or the bytes of its scanned QR codes (base64). */
export type SheetInput = { readonly signed: unknown } | { readonly parts: readonly string[] };

/**
 * Takes a sheet in: checks 2–11 of spec/stations.md §9 (1, the token's station, is the route's),
 * then the entries.
 * @throws {ApiError} with the code and field of the first failed check; nothing written
 */
export async function takeSheet(
  ctx: ServerContext,
  electionId: string,
  station: string,
  input: SheetInput,
  cvrs: unknown,
): Promise<SheetAnswer> {
  const via = 'parts' in input ? 'scan' : 'network';
  // checks 2–11 on this node's view; a refusal only if the store agrees (a key registered or the
  // election opened on another node a moment ago)
  const { signed, hash } = await onCurrentView(ctx, electionId, async () => {
    const c = await stationContext(ctx, electionId, station);
    const signedIn = 'parts' in input ? assembleScannedSheet(input.parts) : input.signed;
    return checkSubmission(ctx, electionId, station, c, signedIn, cvrs);
  });
  const upper: SignedTallySheet = {
    sheet: signed.sheet,
    signature: signed.signature.toUpperCase(),
    witnesses: signed.witnesses.map((w) => ({
      name: w.name,
      publicKey: w.publicKey.toUpperCase(),
      signature: w.signature.toUpperCase(),
    })),
  };
  const sheetRef = { station, sequence: signed.sheet.sequence, sheetHash: hash };
  const done = await ctx.writer.submit(async (tx) => {
    const ix = await paperIndex(ctx, electionId);
    const st = stagedOf(tx, electionId, station);
    const chain = [
      ...(ix.chains.get(station) ?? []).map((s) => ({
        sequence: s.sequence,
        sheetHash: s.sheetHash,
        index: s.index,
      })),
      ...st.sheets,
    ];
    // 12. the chain: the same sheet again is answered as before; a new one extends the last
    const same = chain.find((s) => s.sheetHash === hash);
    if (same) {
      const cvrsIndex =
        cvrs !== undefined ? appendCvrs(ctx, tx, ix, electionId, sheetRef, cvrs as StationCvrs) : undefined;
      const current = chain[chain.length - 1]!;
      const supersededBy = current.sheetHash === hash ? undefined : current.sequence;
      return { status: 200 as const, index: same.index, cvrsIndex, supersededBy, correction: false };
    }
    const last = chain[chain.length - 1];
    const seq = signed.sheet.sequence;
    if (last && seq <= last.sequence)
      throw new ApiError(
        'EVD_ERR_CONFLICT',
        `station "${station}" already has a different sheet of sequence ${seq}; a correction takes sequence ${last.sequence + 1}`,
        'signed.sheet.sequence',
      );
    if (seq !== (last?.sequence ?? 0) + 1)
      throw new ApiError(
        'EVD_ERR_SHEET_CHAIN',
        last
          ? `the next sheet of station "${station}" has sequence ${last.sequence + 1}`
          : 'the first sheet has sequence 1',
        'signed.sheet.sequence',
      );
    if (last && signed.sheet.previousSheet !== last.sheetHash)
      throw new ApiError(
        'EVD_ERR_SHEET_CHAIN',
        `a correction names the sheet it corrects: ${last.sheetHash}`,
        'signed.sheet.previousSheet',
      );
    const index = tx.append(electionId, 'station-sheet', {
      sheetHash: hash,
      signed: upper,
      via,
      time: ctx.now(),
    });
    stage(tx, electionId, station, {
      sheets: [...st.sheets, { sequence: seq, sheetHash: hash, index }],
      cvrs: st.cvrs,
    });
    const cvrsIndex =
      cvrs !== undefined ? appendCvrs(ctx, tx, ix, electionId, sheetRef, cvrs as StationCvrs) : undefined;
    return {
      status: 201 as const,
      index,
      cvrsIndex,
      supersededBy: undefined,
      correction: last !== undefined,
    };
  });
  const committedCvrs = done.cvrsIndex ?? (await paperIndex(ctx, electionId)).byHash.get(hash)?.cvrsIndex;
  return {
    status: done.status,
    sheetHash: hash,
    receipt: entryReceipt(ctx, electionId, done.index),
    ...(committedCvrs !== undefined ? { cvrsReceipt: entryReceipt(ctx, electionId, committedCvrs) } : {}),
    ...(done.supersededBy !== undefined ? { supersededBy: done.supersededBy } : {}),
    ...(done.correction ? { correction: true as const } : {}),
  };
}

/**
 * Takes the CVRs of an accepted sheet that came without them (checks 2–3 and 11).
 * @throws {ApiError} EVD_ERR_NOT_FOUND for a sheet this station never had accepted,
 *   EVD_ERR_INVALID_CVRS naming the field; nothing written
 */
export async function takeCvrs(
  ctx: ServerContext,
  electionId: string,
  station: string,
  sheetHashIn: string,
  cvrs: unknown,
): Promise<SheetAnswer> {
  const hash = sheetHashIn.toUpperCase();
  // the sheet may have been accepted by another node a moment ago: not found only if the store agrees
  const { c, sheet } = await onCurrentView(
    ctx,
    electionId,
    async () => {
      const c = await stationContext(ctx, electionId, station);
      const sheet = c.ix.byHash.get(hash);
      if (!sheet || sheet.station !== station)
        throw new ApiError(
          'EVD_ERR_NOT_FOUND',
          `station "${station}" has no accepted sheet ${hash.slice(0, 64)}`,
          'sheetHash',
        );
      return { c, sheet };
    },
    ['EVD_ERR_NOT_FOUND'],
  );
  const p = checkCvrs(c.manifest, sheet.signed.sheet, cvrs);
  if (p) throw invalid(p, 'EVD_ERR_INVALID_CVRS');
  const ref = { station, sequence: sheet.sequence, sheetHash: hash };
  const written = await ctx.writer.submit(async (tx) =>
    appendCvrs(ctx, tx, await paperIndex(ctx, electionId), electionId, ref, cvrs as StationCvrs),
  );
  const cvrsIndex = written ?? (await paperIndex(ctx, electionId)).byHash.get(hash)!.cvrsIndex!;
  const receipt = entryReceipt(ctx, electionId, cvrsIndex);
  return { status: written === undefined ? 200 : 201, sheetHash: hash, receipt, cvrsReceipt: receipt };
}
