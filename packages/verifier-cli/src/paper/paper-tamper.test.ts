/**
 * Tamper-evidence of the station data on the board: change any field of a sheet, its signatures,
 * its hash, a CVR, a station key, a cancellation or a poll-book closing — a value changed, a
 * field removed, a list shortened or lengthened — and some P-step names it, even when the server
 * re-signs its log (so L2 is no help). Not covered, by design (spec/verification.md, P-steps):
 * the entries' `time` (bound below by P4, otherwise the server's clock), `via`, the server's
 * `duplicateCheckIns` count and an exclusion's `reason` (the server's and the administrator's
 * word), a witness's `name` (not part of what the witness signs), a witness co-signature dropped
 * (the station's signature does not cover the co-signatures; the printed codes do), and the keys of the printing
 * key and of a station that signed nothing on the board (nothing on the board to check them
 * against; the stations pinned them from their bundle). Swapping a value for another valid one
 * (a cancellation naming another published credential) is caught by the record's ballot states
 * (L3.C), not on the board alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../log/log-summary.js';
import { AT, copyBoard, honestPaperBoard, paperFindings, runPaper } from '../../test/paper-board-fixture.js';

const board = honestPaperBoard();
const TARGETS = [
  AT.keyS1,
  AT.keyS2,
  AT.cancellation,
  AT.sheetS1,
  AT.cvrsS1,
  AT.sheetS1Fixed,
  AT.cvrsS1Fixed,
  AT.sheetS2,
  AT.closeS1,
  AT.closeS2,
  AT.exclusionS3,
];
const UNBOUND = new Set(['time', 'via', 'type', 'duplicateCheckIns']);

type Path = (string | number)[];
type Tamper = { entry: number; path: Path; kind: 'change' | 'remove' | 'grow' };

/** Every tamperable place of the target entries. */
function places(): Tamper[] {
  const out: Tamper[] = [];
  const walk = (entry: number, v: unknown, path: Path): void => {
    const last = path.at(-1);
    if (typeof last === 'string' && UNBOUND.has(last) && path.length === 1) return;
    if (last === 'reason' && board[entry]!.type === 'station-exclusion') return;
    if (last === 'name' && path.includes('witnesses')) return;
    if (path.length > 0) out.push({ entry, path, kind: 'change' });
    if (Array.isArray(v)) {
      if (v.length > 0) out.push({ entry, path, kind: 'remove' });
      out.push({ entry, path, kind: 'grow' });
      v.forEach((x, i) => walk(entry, x, [...path, i]));
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (path.length > 0 || !UNBOUND.has(k)) out.push({ entry, path: [...path, k], kind: 'remove' });
        walk(entry, x, [...path, k]);
      }
    }
  };
  for (const i of TARGETS) walk(i, board[i], []);
  // dropping a witness's co-signature: the station's signature does not cover them (see above)
  const dropsWitness = (t: Tamper): boolean =>
    t.path.at(-2) === 'witnesses' || (t.kind === 'remove' && t.path.at(-1) === 'witnesses');
  return out.filter((t) => t.path.length > 0 && !(dropsWitness(t) && t.kind === 'remove'));
}

/** Another value of the same kind: a number + 1, a hex digit changed, a letter added, null → text. */
function changed(v: unknown): unknown {
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'boolean') return !v;
  if (v === null) return 'x';
  if (typeof v === 'string') {
    if (/^[0-9A-Fa-f]{32,}$/.test(v)) {
      const d = (parseInt(v[0]!, 16) + 1) % 16;
      return d.toString(16).toUpperCase() + v.slice(1);
    }
    return `${v}x`;
  }
  if (Array.isArray(v)) return [...v].reverse().concat(v.length < 2 ? ['x'] : []);
  return { ...(v as Json), extra: 1 };
}

function apply(b: Json[], t: Tamper): void {
  let parent: unknown = b[t.entry];
  for (const k of t.path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[k];
  const key = t.path.at(-1)!;
  const p = parent as Record<string | number, unknown>;
  if (t.kind === 'change') p[key] = changed(p[key]);
  else if (t.kind === 'remove') {
    if (Array.isArray(p[key])) (p[key] as unknown[]).pop();
    else if (Array.isArray(p)) p.splice(key as number, 1);
    else delete p[key];
  } else (p[key] as unknown[]).push((p[key] as unknown[])[0] ?? 'x');
}

/** Puts `value` at the place `t` (any JSON where the entry had something else). */
function replace(b: Json[], t: Tamper, value: unknown): void {
  let parent: unknown = b[t.entry];
  for (const k of t.path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[k];
  (parent as Record<string | number, unknown>)[t.path.at(-1)!] = value;
}

describe('tamper-evidence of the station data (P1–P9)', () => {
  const all = places();

  it('the honest board has no finding, and there is much to tamper with', () => {
    expect(paperFindings(board)).toEqual([]);
    expect(all.length).toBeGreaterThan(200);
  });

  it('any single change to a sheet, CVR, signature, key, cancellation or closing is a P finding', () => {
    fc.assert(
      fc.property(fc.constantFrom(...all), (t) => {
        const b = copyBoard(board);
        apply(b, t);
        const f = paperFindings(b);
        expect(f.length, `${t.kind} entry ${t.entry} ${t.path.join('.')}`).toBeGreaterThan(0);
        expect(f.every(([check]) => /^P[1-9]$/.test(check))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('any JSON value anywhere, the manifest included, is read without a throw: findings, not a crash', () => {
    const everywhere = [...all, { entry: AT.setup, path: ['manifest'], kind: 'change' as const }];
    fc.assert(
      fc.property(fc.constantFrom(...everywhere), fc.jsonValue({ maxDepth: 3 }), (t, value) => {
        const b = copyBoard(board);
        replace(b, t, value);
        // the catch-all step 'P' would mean a reader threw
        expect(runPaper(b).steps.map((s) => s.id)).not.toContain('P');
      }),
      { numRuns: 150 },
    );
  });
});
