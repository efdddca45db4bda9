/**
 * `evident-station sheet read`: a tally sheet from photographs of its printed QR codes, checked
 * (spec/stations.md §3 "Scanning", §6): the codes of every photo are read, the tally-sheet parts
 * kept (any order, duplicates ignored), grouped by sheet and assembled (chain and sheet hash), the
 * station's signature checked under its registered key, and the sheet compared with the one the
 * board publishes for the station. How an observer checks the sheet posted on a station's door.
 * Exit code: 0 valid (and published, when compared), 1 invalid / not the published one /
 * superseded, 2 unreadable or incomplete.
 * @module
 */
import { readFileSync } from 'node:fs';
import { verifyPaperStatement } from '@evident/e2e-crypto';
import {
  type SignedTallySheet,
  assembleSheetParts,
  isSheetPart,
  sheetPartLabel,
  verifyTallySheetSignature,
} from '@evident/record';
import { ImageFormatError } from '../scan/raster.js';
import { type Decoder, readCodes } from '../scan/read-codes.js';
import { type BoardView, boardFromRecord, boardFromServer, parseLogKey } from './board-view.js';
import { checkAgainstBoard } from './published-check.js';
import { SheetReadError } from './sheet-read-error.js';

export interface SheetReadOptions {
  readonly images: readonly string[];
  readonly server?: string;
  readonly record?: string;
  /** the election to look the sheet up in (default: the sheet's own `electionId`) */
  readonly election?: string;
  /** the log public key to pin (hex) */
  readonly logKey?: string;
  /** the station's public key (hex), to check the signature without a board */
  readonly stationKey?: string;
  readonly decoder?: Decoder | 'auto';
}

/** What the photos gave. */
export interface PhotoSummary {
  readonly file: string;
  readonly codes: number;
  readonly sheetParts: number;
}

/** The verdict on one sheet found in the photos. */
export interface SheetVerdict {
  readonly sheetId: string;
  readonly status: 'valid' | 'invalid' | 'incomplete';
  readonly message: string;
  readonly parts: {
    readonly total: number;
    readonly found: readonly number[];
    readonly missing: readonly number[];
  };
  readonly sheetHash?: string;
  readonly electionId?: string;
  readonly station?: string;
  readonly sequence?: number;
  readonly signature: 'valid' | 'invalid' | 'not-checked';
  readonly witnesses: readonly { readonly name: string; readonly valid: boolean }[];
  readonly publication: 'published' | 'not-published' | 'superseded' | 'not-compared';
  readonly supersededBy?: { readonly sheetHash: string; readonly sequence: number; readonly index: number };
  readonly board?: {
    readonly source: string;
    readonly treeSize: number | null;
    readonly logKeyPinned: boolean;
  };
}

export interface SheetReadReport {
  readonly exitCode: 0 | 1 | 2;
  readonly photos: readonly PhotoSummary[];
  readonly sheets: readonly SheetVerdict[];
}

/** Reads every photo's codes; a file that cannot be read stops everything, naming it. */
async function readPhotos(opts: SheetReadOptions): Promise<{ photos: PhotoSummary[]; parts: Uint8Array[] }> {
  const photos: PhotoSummary[] = [];
  const parts: Uint8Array[] = [];
  for (const file of opts.images) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new SheetReadError(
        2,
        `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    let codes;
    try {
      codes = await readCodes(bytes, { decoder: opts.decoder ?? 'auto' });
    } catch (e) {
      if (e instanceof ImageFormatError) throw new SheetReadError(2, `${file}: ${e.message}`);
      throw e;
    }
    const mine = codes.filter((c) => isSheetPart(c.bytes)).map((c) => c.bytes);
    photos.push({ file, codes: codes.length, sheetParts: mine.length });
    parts.push(...mine);
  }
  return { photos, parts };
}

/** The parts grouped by the sheet id in their header. */
function bySheet(parts: readonly Uint8Array[]): Map<string, Uint8Array[]> {
  const groups = new Map<string, Uint8Array[]>();
  for (const p of parts) {
    const id = sheetPartLabel(p)?.sheetId ?? 'unreadable';
    groups.set(id, [...(groups.get(id) ?? []), p]);
  }
  return groups;
}

function partNumbers(parts: readonly Uint8Array[]): { total: number; found: number[] } {
  const labels = parts.map(sheetPartLabel).filter((l) => l !== null);
  return {
    total: Math.max(0, ...labels.map((l) => l.total)),
    found: [...new Set(labels.map((l) => l.index))].sort((a, b) => a - b),
  };
}

/** Loads (once per election) the board the sheets are compared with, if any. */
function boardLoader(opts: SheetReadOptions): ((electionId: string) => Promise<BoardView>) | undefined {
  const pinned = opts.logKey !== undefined ? parseLogKey(opts.logKey) : undefined;
  if (opts.record !== undefined) {
    const board = boardFromRecord(opts.record, pinned);
    return () => Promise.resolve(board);
  }
  if (opts.server === undefined) return undefined;
  const cache = new Map<string, Promise<BoardView>>();
  return (electionId) => {
    if (!cache.has(electionId)) cache.set(electionId, boardFromServer(opts.server!, electionId, pinned));
    return cache.get(electionId)!;
  };
}

function witnessChecks(signed: SignedTallySheet): { name: string; valid: boolean }[] {
  return signed.witnesses.map((w) => ({
    name: w.name,
    valid: verifyPaperStatement(
      w.publicKey,
      'tally-sheet',
      signed.sheet.electionId,
      signed.sheet,
      w.signature,
    ),
  }));
}

/** Judges one sheet's parts. */
async function judge(
  sheetId: string,
  parts: readonly Uint8Array[],
  opts: SheetReadOptions,
  board: ((electionId: string) => Promise<BoardView>) | undefined,
): Promise<SheetVerdict> {
  const { total, found } = partNumbers(parts);
  const a = assembleSheetParts(parts);
  const base = { sheetId, witnesses: [], signature: 'not-checked', publication: 'not-compared' } as const;
  if (!a.ok) {
    const missing = a.missing ?? [];
    const incomplete = a.reason === 'incomplete';
    const message = incomplete
      ? `sheet ${sheetId}: ${missing.length} of ${total} missing: ${missing.join(', ')}`
      : `sheet ${sheetId}: ${a.reason}: ${a.message}`;
    return {
      ...base,
      status: incomplete ? 'incomplete' : 'invalid',
      message,
      parts: { total, found, missing },
    };
  }
  const s = a.signed.sheet;
  const known = {
    ...base,
    parts: { total, found, missing: [] },
    sheetHash: a.sheetHash,
    electionId: s.electionId,
    station: s.station,
    sequence: s.sequence,
    witnesses: witnessChecks(a.signed),
  };
  const badWitness = known.witnesses.find((w) => !w.valid);
  const invalid = (message: string, more: Partial<SheetVerdict> = {}): SheetVerdict => ({
    ...known,
    ...more,
    status: 'invalid',
    message: `sheet ${sheetId}: ${message}`,
  });
  if (badWitness) return invalid(`the co-signature of witness "${badWitness.name}" does not verify`);
  const electionId = opts.election ?? s.electionId;
  if (s.electionId !== electionId)
    return invalid(`is a sheet of election "${s.electionId}", not "${electionId}"`);
  if (!board) {
    if (opts.stationKey === undefined)
      return {
        ...known,
        status: 'valid',
        message: `sheet ${sheetId}: chain intact; signature and publication not checked (no --server, --record or --station-key)`,
      };
    const ok = verifyTallySheetSignature(a.signed, opts.stationKey);
    if (!ok)
      return invalid('the station signature does not verify under --station-key', { signature: 'invalid' });
    return {
      ...known,
      status: 'valid',
      signature: 'valid',
      message: `sheet ${sheetId}: valid; not compared with a board (no --server or --record)`,
    };
  }
  const view = await board(electionId);
  const where = { source: view.source, treeSize: view.head?.treeSize ?? null, logKeyPinned: view.keyPinned };
  if (view.electionId !== s.electionId)
    return invalid(`is a sheet of election "${s.electionId}", the board is of "${view.electionId}"`, {
      board: where,
    });
  const f = checkAgainstBoard(view, a.signed, a.sheetHash);
  if (!f.ok) {
    const signature =
      f.problem === 'bad-signature' ? 'invalid' : f.problem === 'no-station-key' ? 'not-checked' : 'valid';
    const publication =
      f.problem === 'superseded'
        ? 'superseded'
        : f.problem === 'not-published'
          ? 'not-published'
          : 'not-compared';
    return invalid(f.message, {
      board: where,
      signature,
      publication,
      ...(f.supersededBy ? { supersededBy: f.supersededBy } : {}),
    });
  }
  return {
    ...known,
    status: 'valid',
    signature: 'valid',
    publication: 'published',
    board: where,
    message: `sheet ${sheetId}: valid and published: the latest sheet of station "${s.station}" on ${view.source}`,
  };
}

/** Reads and judges the sheets in the photos. */
export async function sheetRead(opts: SheetReadOptions): Promise<SheetReadReport> {
  if (opts.images.length === 0) throw new SheetReadError(2, 'no photo given');
  if (opts.server !== undefined && opts.record !== undefined)
    throw new SheetReadError(2, 'give --server or --record, not both');
  const board = boardLoader(opts);
  const { photos, parts } = await readPhotos(opts);
  if (parts.length === 0) {
    const codes = photos.reduce((n, p) => n + p.codes, 0);
    throw new SheetReadError(
      2,
      `no tally-sheet code found in ${photos.length} photo(s)${codes > 0 ? ` (${codes} other code(s))` : ''}`,
    );
  }
  const sheets: SheetVerdict[] = [];
  for (const [id, group] of bySheet(parts)) sheets.push(await judge(id, group, opts, board));
  const exitCode = sheets.some((s) => s.status === 'invalid')
    ? 1
    : sheets.some((s) => s.status === 'incomplete')
      ? 2
      : 0;
  return { exitCode, photos, sheets };
}
