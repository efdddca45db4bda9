/**
 * Hex in lower case, for tests of the API's "hex in either case" (spec/server-api.md §1): what a
 * client writing lower case would send.
 * @module
 */

/** A copy of `v` with every upper-case, even-length hex string (at any depth) in lower case. */
export const lowerHex = (v: unknown): unknown =>
  typeof v === 'string' && /^[0-9A-F]+$/.test(v) && v.length % 2 === 0
    ? v.toLowerCase()
    : Array.isArray(v)
      ? v.map(lowerHex)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, lowerHex(x)]))
        : v;
