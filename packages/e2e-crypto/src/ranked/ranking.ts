/**
 * From decrypted rows to preference lists (spec/ranked-choice.md §3.1).
 * @module
 */

/** The result of reading one decrypted row. */
export type Interpretation =
  | { readonly ok: true; readonly preferences: readonly number[] }
  | { readonly ok: false; readonly position: number; readonly value: unknown };

/**
 * Reads a decrypted row: value 0 is an unused rank and is skipped; a candidate already ranked
 * higher is skipped (§3.1 rules I1, I2). A value outside 0..m cannot come from a ballot with
 * valid range proofs and makes the row invalid (I3).
 * @param values - the decrypted values at rank positions 1..R
 * @param m - number of candidates
 * @returns candidate numbers 1..m in order of preference
 */
export function interpretRanking(values: readonly unknown[], m: number): Interpretation {
  const seen = new Set<number>();
  const preferences: number[] = [];
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > m)
      return { ok: false, position: r, value: v };
    if (v === 0 || seen.has(v)) continue;
    seen.add(v);
    preferences.push(v);
  }
  return { ok: true, preferences };
}
