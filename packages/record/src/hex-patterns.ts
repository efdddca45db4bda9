/**
 * The regular-expression engine the schema validator (./schemas.ts) is given: the schemas'
 * hexadecimal patterns — `^[0-9A-F]{n}$`, `^[0-9A-F]{n}([0-9A-F]{m})?$`,
 * `^([0-9A-F]{n}|[0-9A-F]{m})$`, each also with `a-f` — are tested by a length check and one pass
 * over a table, every other pattern by `RegExp`. A ballot line holds ~130 such values and a
 * `RegExp` test of a 64-digit value costs ~0.3 µs, four times the pass: the verifier's ballot
 * pass spent ~3 % of its time there. Same answers as `RegExp` (hex-patterns.test.ts compares them).
 * @module
 */

/** What the validator calls: `test` on a string. */
export interface PatternTester {
  test(s: string): boolean;
  /** The pattern as a RegExp prints it: the validator shares a tester among equal ones. */
  toString(): string;
}

/** By character code: bit 1 set for a digit of [0-9A-F], bit 2 for one of [0-9A-Fa-f]. */
const HEX_KIND = new Uint8Array(128);
for (const c of '0123456789') HEX_KIND[c.charCodeAt(0)] = 3; // both classes
for (const c of 'ABCDEF') HEX_KIND[c.charCodeAt(0)] = 3;
for (const c of 'abcdef') HEX_KIND[c.charCodeAt(0)] = 2; // only [0-9A-Fa-f]

const CLASS = String.raw`\[0-9A-F(a-f)?\]`;
const RUN = String.raw`${CLASS}\{(\d+)\}`;
/** `^[…]{n}$`, `^[…]{n}([…]{m})?$` and `^([…]{n}|[…]{m})$`. */
const SHAPES: readonly { re: RegExp; lengths: (n: number, m: number) => number[] }[] = [
  { re: new RegExp(String.raw`^\^${RUN}\$$`), lengths: (n) => [n] },
  { re: new RegExp(String.raw`^\^${RUN}\(${RUN}\)\?\$$`), lengths: (n, m) => [n, n + m] },
  { re: new RegExp(String.raw`^\^\(${RUN}\|${RUN}\)\$$`), lengths: (n, m) => [n, m] },
];

/**
 * A tester for a run of hex digits of one of `lengths`, either case when `lower`; `source` is
 * what it prints as: the validator keeps one tester per printed form.
 */
function hexRun(lengths: readonly number[], lower: boolean, source: string): PatternTester {
  const need = lower ? 2 : 1;
  return {
    toString: () => source,
    test(s: string): boolean {
      if (!lengths.includes(s.length)) return false;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 128 || (HEX_KIND[c]! & need) === 0) return false;
      }
      return true;
    },
  };
}

/**
 * The tester of `pattern` with `flags` (Ajv's `code.regExp` option): a hex run when the pattern is
 * one of the shapes above with a single character class, else `new RegExp(pattern, flags)`.
 */
export function patternTester(pattern: string, flags?: string): PatternTester {
  for (const { re, lengths } of SHAPES) {
    const m = re.exec(pattern);
    if (!m) continue;
    const lower = m[1] !== undefined;
    // a second run must have the same class as the first
    if (m.length > 3 && (m[3] !== undefined) !== lower) break;
    // printed as the RegExp would be (Ajv shares a tester among patterns that print alike)
    return hexRun(lengths(Number(m[2]), Number(m[4] ?? 0)), lower, String(new RegExp(pattern, flags)));
  }
  return new RegExp(pattern, flags);
}
