/**
 * What the paper channel's intake and results need from an election's board, derived from the
 * board itself (spec/stations.md §9, §11): the registered station keys, the excluded stations,
 * each station's chain of accepted sheets, which sheets have their CVRs, and the counting start
 * of the latest `setup`/`schedule` entry that states one. The board is the one source of truth;
 * this index follows it, reading only the paper channel's entries and the schedule (through the
 * store's index on the entry type), each once, and is caught up before every use.
 * @module
 */
import type { SignedTallySheet } from '@evident/record';
import type { ServerContext } from '../context.js';

const decoder = new TextDecoder();
/** The entry types the index reads; no other entry is read. */
const READ_TYPES = [
  'setup',
  'schedule',
  'station-key',
  'station-exclusion',
  'station-sheet',
  'station-cvrs',
] as const;
/** Entries read from the store per query while catching up. */
const PAGE = 256;

/** One accepted sheet, as its `station-sheet` entry has it. */
export interface AcceptedSheet {
  readonly station: string;
  readonly sequence: number;
  readonly sheetHash: string;
  /** log index of its `station-sheet` entry */
  readonly index: number;
  readonly signed: SignedTallySheet;
  readonly via: 'network' | 'scan';
  readonly time: number;
  /** log index of its `station-cvrs` entry, once the CVRs are in */
  cvrsIndex?: number;
}

/** The paper side of one election's board. */
export interface PaperIndex {
  /** entries read: [0, scanned) */
  scanned: number;
  /** log index of the last entry that changed this index (−1: none) */
  lastChange: number;
  readonly stationKeys: Map<string, string>;
  readonly excluded: Set<string>;
  /** station → its accepted sheets in sequence order (the last is the effective one) */
  readonly chains: Map<string, AcceptedSheet[]>;
  readonly byHash: Map<string, AcceptedSheet>;
  /** every accepted sheet in log order (the stream's `station-sheet` events) */
  readonly sheets: AcceptedSheet[];
  /** the counting start stated by the board (`setup` or `schedule`), if any */
  countingStart?: { readonly countingStart: string; readonly countingStartInstant: number };
}

interface Indexes {
  readonly byElection: Map<string, PaperIndex>;
  readonly pending: Map<string, Promise<PaperIndex>>;
}
/** Per store: several apps may share a process (tests). */
const all = new WeakMap<object, Indexes>();

function indexesOf(ctx: ServerContext): Indexes {
  let x = all.get(ctx.store);
  if (!x) all.set(ctx.store, (x = { byElection: new Map(), pending: new Map() }));
  return x;
}

function emptyIndex(): PaperIndex {
  return {
    scanned: 0,
    lastChange: -1,
    stationKeys: new Map(),
    excluded: new Set(),
    chains: new Map(),
    byHash: new Map(),
    sheets: [],
  };
}

/** Applies one parsed entry of a type in {@link READ_TYPES}. */
function apply(ix: PaperIndex, index: number, e: Record<string, unknown>): void {
  switch (e.type) {
    case 'setup':
    case 'schedule':
      if (typeof e.countingStart === 'string' && typeof e.countingStartInstant === 'number')
        ix.countingStart = { countingStart: e.countingStart, countingStartInstant: e.countingStartInstant };
      return;
    case 'station-key':
      if (typeof e.station === 'string' && typeof e.publicKey === 'string')
        ix.stationKeys.set(e.station, e.publicKey);
      return;
    case 'station-exclusion':
      if (typeof e.station === 'string') ix.excluded.add(e.station);
      return;
    case 'station-sheet': {
      const signed = e.signed as SignedTallySheet;
      const s: AcceptedSheet = {
        station: signed.sheet.station,
        sequence: signed.sheet.sequence,
        sheetHash: e.sheetHash as string,
        index,
        signed,
        via: e.via as AcceptedSheet['via'],
        time: e.time as number,
      };
      let chain = ix.chains.get(s.station);
      if (!chain) ix.chains.set(s.station, (chain = []));
      chain.push(s);
      ix.byHash.set(s.sheetHash, s);
      ix.sheets.push(s);
      return;
    }
    case 'station-cvrs': {
      const s = ix.byHash.get(e.sheetHash as string);
      if (s && s.cvrsIndex === undefined) s.cvrsIndex = index;
      return;
    }
  }
}

async function catchUp(ctx: ServerContext, id: string, ix: PaperIndex): Promise<PaperIndex> {
  const size = ctx.logs.get(id)?.size ?? 0;
  for (;;) {
    const rows = await ctx.store.typedLogEntries(id, READ_TYPES, ix.scanned, size, PAGE);
    for (const r of rows) {
      apply(ix, r.index, JSON.parse(decoder.decode(r.entry)) as Record<string, unknown>);
      ix.lastChange = r.index;
      ix.scanned = r.index + 1;
    }
    if (rows.length < PAGE) break;
  }
  ix.scanned = Math.max(ix.scanned, size);
  return ix;
}

/**
 * The election's paper index, caught up with its committed board (concurrent callers share one
 * catch-up).
 */
export async function paperIndex(ctx: ServerContext, id: string): Promise<PaperIndex> {
  const x = indexesOf(ctx);
  let ix = x.byElection.get(id);
  if (!ix) x.byElection.set(id, (ix = emptyIndex()));
  if (ix.scanned >= (ctx.logs.get(id)?.size ?? 0)) return ix;
  let p = x.pending.get(id);
  if (!p) {
    const target = ix;
    p = catchUp(ctx, id, target).finally(() => x.pending.delete(id));
    x.pending.set(id, p);
  }
  await p;
  // entries committed while that catch-up ran: one more pass
  return ix.scanned >= (ctx.logs.get(id)?.size ?? 0) ? ix : paperIndex(ctx, id);
}

/** The effective (latest) sheet of a station, if any. */
export function effectiveSheet(ix: PaperIndex, station: string): AcceptedSheet | undefined {
  const chain = ix.chains.get(station);
  return chain?.[chain.length - 1];
}
