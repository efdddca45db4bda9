/**
 * What the verify-rows tasks of a small mix chain checked in one thread keep for the chain's next
 * stage (spec/mixnet.md §7.4): a chain's stages share the session, so the same generators h_i,
 * and stage j reads as its inputs the outputs stage j − 1 decoded. The chain's verifier opens a
 * scope (`keep` of the task, one per chain), the tasks keep in it the generators they derive and
 * the output rows they decode, and the next stage's tasks take them instead of deriving and
 * decoding again; the verifier then releases the scope.
 *
 * A kept row is used only when the bytes read now are the bytes it was decoded from, byte for
 * byte (decoding is a function of the bytes): the points, the findings and the errors are those
 * of decoding again. A generator is a function of the seed and the index. At most
 * {@link MAX_KEPT} elements are kept in a thread; beyond, nothing more is kept (the tasks then
 * decode and derive as without a scope). Node only (the memory of this thread).
 * @module
 */
import type { Group } from '../../group/group.js';
import { toHex } from '../../bytes.js';

type E = unknown;

/** Elements kept at most, over every scope of this thread (a decoded ristretto255 element: ~550 bytes, so ~18 MB). */
export const MAX_KEPT = 1 << 15;

interface KeptRow {
  readonly bytes: Uint8Array;
  readonly points: readonly E[];
}

interface Scope {
  /** generators by seed (hex), then index */
  readonly generators: Map<string, Map<number, E>>;
  /** decoded rows by file path, then row index */
  readonly rows: Map<string, Map<number, KeptRow>>;
}

const scopes = new Map<string, Scope>();
let kept = 0;

function scopeOf(scope: string): Scope {
  let s = scopes.get(scope);
  if (!s) {
    s = { generators: new Map(), rows: new Map() };
    scopes.set(scope, s);
  }
  return s;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The generator h_i of `seed` in `scope`, derived by `make` unless kept. */
export function keptGenerator(scope: string | undefined, seed: Uint8Array, i: number, make: () => E): E {
  if (scope === undefined) return make();
  const id = toHex(seed);
  const s = scopeOf(scope);
  let bySeed = s.generators.get(id);
  if (!bySeed) s.generators.set(id, (bySeed = new Map()));
  let h = bySeed.get(i);
  if (h === undefined) {
    h = make();
    if (kept < MAX_KEPT) {
      bySeed.set(i, h);
      kept++;
    }
  }
  return h;
}

/** Keeps row `index` of the file at `path`, decoded from `bytes` (copied) into `points`. */
export function keepRow(
  scope: string | undefined,
  path: string,
  index: number,
  bytes: Uint8Array,
  points: readonly E[],
): void {
  if (scope === undefined || kept + points.length > MAX_KEPT) return;
  const s = scopeOf(scope);
  let byRow = s.rows.get(path);
  if (!byRow) s.rows.set(path, (byRow = new Map()));
  const prev = byRow.get(index);
  kept += points.length - (prev?.points.length ?? 0);
  byRow.set(index, { bytes: bytes.slice(), points });
}

/**
 * The points of row `index` of `path` when they were kept from exactly `bytes`; the row is no
 * longer kept (each stage's outputs are read once more, as the next stage's inputs).
 */
export function takeRow(
  scope: string | undefined,
  path: string,
  index: number,
  bytes: Uint8Array,
): readonly E[] | undefined {
  if (scope === undefined) return undefined;
  const byRow = scopes.get(scope)?.rows.get(path);
  const k = byRow?.get(index);
  if (!k) return undefined;
  byRow!.delete(index);
  kept -= k.points.length;
  return sameBytes(k.bytes, bytes) ? k.points : undefined;
}

/** Keeps decoded rows of ciphertexts read from `path` (e.g. a chain's inputs, decoded elsewhere). */
export function keepCiphertextRows<F>(
  G: Group<F>,
  scope: string,
  path: string,
  from: number,
  rows: readonly (readonly { alpha: F; beta: F }[])[],
  bytes: Uint8Array,
): void {
  const rowB = 2 * (rows[0]?.length ?? 0) * G.elementLength;
  rows.forEach((row, i) =>
    keepRow(
      scope,
      path,
      from + i,
      bytes.subarray(i * rowB, (i + 1) * rowB),
      row.flatMap((ct) => [ct.alpha, ct.beta]),
    ),
  );
}

/** Forgets everything kept in `scope`. */
export function releaseScope(scope: string): void {
  const s = scopes.get(scope);
  if (!s) return;
  for (const m of s.generators.values()) kept -= m.size;
  for (const m of s.rows.values()) for (const r of m.values()) kept -= r.points.length;
  scopes.delete(scope);
}

/** Elements kept now in this thread (tests). */
export function keptElements(): number {
  return kept;
}
