/**
 * The canonical JSON (RFC 8785, `canonicalJsonString`) of a board entry computed once: L1.B
 * serializes every entry to compare it with its line, and the same pass needs the canonical
 * text of parts of it — a ballot entry's submission without its signature (the ballot digest
 * L3.E checks), its ballot content and ranked rows (the digests L3.B and L3.G compare). The
 * object's text is the concatenation of its members' texts, so the texts of the parts near the
 * root are kept while the entry is serialized, and the parts are assembled from them.
 * @module
 */
import { canonicalJsonString } from '@evident/e2e-crypto';

/** The canonical texts of an entry's objects and arrays down to some depth. */
export type CanonicalParts = ReadonlyMap<object, string>;

/**
 * `canonicalJsonString(v)`, keeping in `parts` the text of every object and array down to
 * `depth` levels below `v` (v itself is level 0).
 * @throws {TypeError} as canonicalJsonString does, for a value that is not JSON of integers
 */
export function canonicalWithParts(v: unknown, depth: number, parts: Map<object, string>): string {
  if (depth < 0 || typeof v !== 'object' || v === null) return canonicalJsonString(v);
  let s: string;
  if (Array.isArray(v)) {
    s = '[';
    for (let i = 0; i < v.length; i++) s += (i > 0 ? ',' : '') + canonicalWithParts(v[i], depth - 1, parts);
    s += ']';
  } else {
    const o = v as Record<string, unknown>;
    s = '{';
    for (const k of Object.keys(o).sort()) {
      const x = o[k];
      if (x === undefined) continue;
      s += (s.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + canonicalWithParts(x, depth - 1, parts);
    }
    s += '}';
  }
  parts.set(v, s);
  return s;
}

/** The canonical text of `v`: the kept one when `v` is a kept part. */
export function partText(v: unknown, parts: CanonicalParts): string {
  return (typeof v === 'object' && v !== null && parts.get(v)) || canonicalJsonString(v);
}

/**
 * The canonical text of the object `o` without the member `omit`, from its members' kept texts
 * (`canonicalJsonString({...o, [omit]: undefined})`).
 */
export function objectText(o: Record<string, unknown>, parts: CanonicalParts, omit?: string): string {
  let s = '{';
  for (const k of Object.keys(o).sort()) {
    const x = o[k];
    if (x === undefined || k === omit) continue;
    s += (s.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + partText(x, parts);
  }
  return s + '}';
}
