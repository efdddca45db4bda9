/** The schema validator's pattern engine gives RegExp's answers (./hex-patterns.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patternTester } from './hex-patterns.js';
import { schemaProblem } from './schemas.js';

/** Every shape the engine takes over, and near misses it must leave to RegExp. */
const PATTERNS = [
  '^[0-9A-F]{64}$',
  '^[0-9A-Fa-f]{64}$',
  '^[0-9A-F]{64}([0-9A-F]{960})?$',
  '^[0-9A-Fa-f]{4}([0-9A-Fa-f]{2})?$',
  '^([0-9A-Fa-f]{64}|[0-9A-Fa-f]{1024})$',
  '^([0-9A-F]{2}|[0-9A-F]{6})$',
  '^[0-9A-F]{4}([0-9A-Fa-f]{2})?$', // mixed classes: RegExp
  '^([0-9A-Fa-f]{2}|[0-9A-F]{4})$', // mixed classes: RegExp
  '^([0-9A-F]{2})*$',
  '^[A-Za-z0-9._-]{1,128}$',
];

/** Strings near the patterns: hex of lengths around theirs, with a stray character at times. */
const candidate = fc
  .tuple(
    fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 63, 64, 65, 1023, 1024, 1025),
    fc.constantFrom('0123456789ABCDEF', '0123456789abcdefABCDEF', '0123456789ABCDEFG \n-é'),
    fc.integer({ min: 0, max: 1 << 30 }),
  )
  .map(([n, alphabet, seed]) => {
    let s = '';
    for (let i = 0, x = seed; i < n; i++, x = (x * 1103515245 + 12345) & 0x7fffffff)
      s += alphabet[x % alphabet.length];
    return s;
  });

describe('hex patterns of the schema validator', () => {
  it('answers as RegExp for every pattern, on hex of many lengths and cases and on other text', () => {
    for (const p of PATTERNS) {
      const tester = patternTester(p, 'u');
      const re = new RegExp(p, 'u');
      fc.assert(
        fc.property(candidate, (s) => {
          expect(tester.test(s), `${p} on "${s}"`).toBe(re.test(s));
        }),
      );
      // a final newline, which `$` does not let through
      expect(tester.test('A'.repeat(64) + '\n')).toBe(false);
    }
  });
  it('takes over the hex shapes only, and leaves every other pattern to RegExp', () => {
    expect(String(patternTester('^[0-9A-F]{64}$', 'u'))).toBe('/^[0-9A-F]{64}$/u');
    expect(patternTester('^[0-9A-F]{64}$', 'u')).not.toBeInstanceOf(RegExp);
    expect(patternTester('^([0-9A-Fa-f]{64}|[0-9A-Fa-f]{1024})$', 'u')).not.toBeInstanceOf(RegExp);
    expect(patternTester('^[0-9A-F]{4}([0-9A-Fa-f]{2})?$', 'u')).toBeInstanceOf(RegExp);
    expect(patternTester('^([0-9A-F]{2})*$', 'u')).toBeInstanceOf(RegExp);
  });
  it('a ballot line with a lower-case or short element is still refused by its schema', () => {
    const hex = 'AB'.repeat(32);
    const proof = { a: [hex, hex], b: [hex, hex], c: [hex, hex], v: [hex, hex] };
    const ballot = (alpha: string) => ({
      code: hex,
      style: 's',
      state: 'cast',
      contests: [
        {
          label: 'c',
          selections: [{ alpha, beta: hex, proof }],
          proof,
          contestData: { c0: hex, c1: hex, c2: hex },
        },
      ],
    });
    expect(schemaProblem('ballot', ballot(hex))).toBeUndefined();
    expect(schemaProblem('ballot', ballot(hex.toLowerCase()))?.where).toBe('contests[0].selections[0].alpha');
    expect(schemaProblem('ballot', ballot(hex.slice(2)))?.where).toBe('contests[0].selections[0].alpha');
    // two patterns in one schema, each with its own lengths: an element may have 1024 digits, a
    // scalar may not (the validator keeps a tester per pattern, not one for all)
    const long = 'AB'.repeat(512);
    expect(schemaProblem('ballot', ballot(long))).toBeUndefined();
    const longScalar = ballot(hex);
    longScalar.contests[0]!.selections[0]!.proof = { ...proof, c: [long, hex] };
    expect(schemaProblem('ballot', longScalar)?.where).toBe('contests[0].selections[0].proof.c[0]');
  });
});
