/**
 * Hex in lower case, for the tests of "hex in either case on input" (spec/record.md §1.2): what a
 * file written by a tool that prints lower case would hold.
 */

/** A copy of `v` with every upper-case hex string (at any depth) in lower case. */
export const lowerHex = (v: unknown): unknown =>
  typeof v === 'string' && /^[0-9A-F]+$/.test(v)
    ? v.toLowerCase()
    : Array.isArray(v)
      ? v.map(lowerHex)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, lowerHex(x)]))
        : v;
