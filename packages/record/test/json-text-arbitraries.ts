/**
 * Generators of JSON object texts for the property tests of the JSON array span scanner
 * (packages/record/src/json-array-spans.test.ts): valid objects written with varied white space
 * and escapes, the same with one change at a structural point, random mutations, token soup.
 */
import fc from 'fast-check';

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

/** a number as written, not as JSON.stringify would write it */
class RawNumber {
  constructor(readonly text: string) {}
}
type Gen = null | boolean | number | string | RawNumber | Gen[] | { [k: string]: Gen };

/** a string with the characters that matter to a scanner: brackets, quotes, backslashes, controls, multi-byte */
const trickyString = fc.string({
  unit: fc.constantFrom(...Array.from('a]}[{,:"\\/ \n\t\u0000\u001fé€😀\u2028\uFEFF'), '\ud800'),
  maxLength: 8,
});
const { value: jsonValue } = fc.letrec<{ value: Gen }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom('-0', '1e5', '1.5E-3', '0.0', '-12', '1E+2').map((t) => new RawNumber(t)),
    trickyString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(trickyString, tie('value'), { maxKeys: 3 }),
  ),
}));
const member = fc.tuple(
  fc.oneof(
    {
      arbitrary: fc.constantFrom('ballots', 'rows', 'plaintexts', 'format', '__proto__', 'ballot'),
      weight: 3,
    },
    { arbitrary: trickyString, weight: 1 },
  ),
  fc.oneof(
    { arbitrary: fc.array(jsonValue, { maxLength: 6 }), weight: 2 },
    { arbitrary: jsonValue, weight: 1 },
  ),
);
/** a top-level object as its members in order, and choices for white space and escapes */
export const document = fc.record({
  members: fc.uniqueArray(member, { selector: (m) => m[0], maxLength: 5 }),
  noise: fc.array(fc.nat(255), { minLength: 1, maxLength: 32 }),
});

/** marks a point of the top-level object or of a member's brackets, where a separator or white space goes */
const MARK = '\u0007'; // never raw in the texts: a string escapes it

/**
 * JSON text of a generated document, with white space and escapes chosen by `noise`; with `marks`,
 * MARK before each structural byte and white space (empty too) of the top level and of members'
 * brackets
 */
export function serialize(
  { members, noise }: { members: [string, Gen][]; noise: number[] },
  marks = false,
): string {
  let k = 0;
  const next = (): number => noise[k++ % noise.length]!;
  const str = (s: string): string => {
    let out = '"';
    for (const ch of s) {
      const r = next() % 6;
      if (r === 0)
        for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
      else if (r === 1 && ch === '/') out += '\\/';
      else out += JSON.stringify(ch).slice(1, -1);
    }
    return out + '"';
  };
  const value = (v: Gen, level: number): string => {
    const m = marks && level <= 1 ? MARK : '';
    const ws = (): string => m + ['', '', '', ' ', '\n', '\t', '\r\n  '][next() % 7]!;
    if (v instanceof RawNumber) return v.text;
    if (typeof v === 'string') return str(v);
    if (Array.isArray(v))
      return `${m}[${ws()}${v.map((e) => value(e, level + 1)).join(`${ws()}${m},${ws()}`)}${ws()}${m}]`;
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    const entries = Object.entries(v).map(
      ([key, e]) => `${str(key)}${ws()}${m}:${ws()}${value(e, level + 1)}`,
    );
    return `${m}{${ws()}${entries.join(`${ws()}${m},${ws()}`)}${ws()}${m}}`;
  };
  const around = marks ? MARK : '';
  return `${around}${value(Object.fromEntries(members), 0)}${around}`;
}

/** the text of a document with one change at one of its marks: a byte replaced, inserted or deleted */
export function changeAtMark(marked: string, at: number, what: string, byte: number): Uint8Array {
  const bytes = bytesOf(marked);
  const points = bytes.reduce((n, c) => n + (c === 7 ? 1 : 0), 0);
  const out: number[] = [];
  let pos = 0;
  let seen = 0;
  for (const c of bytes)
    if (c !== 7) out.push(c);
    else if (seen++ === at % points) pos = out.length;
  if (what === 'insert') out.splice(pos, 0, byte);
  else if (what === 'delete') out.splice(pos, 1);
  else if (pos < out.length) out[pos] = byte;
  return new Uint8Array(out);
}

export const chunkSize = fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constant(1 << 20));
const INTERESTING = [...bytesOf('"\\[]{},:; 1ae\n'), 0x01, 0xef, 0xbb, 0xbf, 0xff, 0x80, 0xc3];
/** a change: what, where (often at a structural byte: white space or one of `,:[]{}"`), with which byte */
export const mutation = fc.tuple(
  fc.constantFrom('delete', 'insert', 'replace', 'cut', 'repeat'),
  fc.boolean(),
  fc.nat(),
  fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: 0, max: 255 })),
);
const STRUCTURAL = new Set(bytesOf(',:[]{}" \n\t\r'));

export function mutate(bytes: Uint8Array, mutations: [string, boolean, number, number][]): Uint8Array {
  let b = [...bytes];
  for (const [what, structural, at, byte] of mutations) {
    const marks = structural ? b.flatMap((c, i) => (STRUCTURAL.has(c) ? [i] : [])) : [];
    const i = marks.length > 0 ? marks[at % marks.length]! : b.length === 0 ? 0 : at % b.length;
    if (what === 'delete') b.splice(i, 1);
    else if (what === 'insert') b.splice(i, 0, byte);
    else if (what === 'replace' && b.length > 0) b[i] = byte;
    else if (what === 'cut') b = b.slice(0, i);
    else b.splice(i, 0, ...b.slice(i, i + 1 + (byte % 9)));
  }
  return new Uint8Array(b);
}

/** texts made of JSON's tokens in any order, often opening like a ranked file */
export const tokenSoup = fc
  .tuple(
    fc.constantFrom('', '{"ballots":[', '{"rows":[[', '{"a":1,"ballots":['),
    fc.array(
      fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        '"',
        ',',
        ':',
        '\\',
        ' ',
        '1',
        'a',
        '"ballots"',
        '"x"',
        'null',
        'é',
        '\\u00',
        '\n',
        '\u0001',
      ),
      { maxLength: 24 },
    ),
  )
  .map(([start, tokens]) => bytesOf(start + tokens.join('')));
