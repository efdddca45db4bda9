/**
 * The precompiled validators (generated/, made by ./schema-codegen.ts) are those of spec/schemas/
 * as they are now — regenerate with `npm run sync-schemas -w @evident/record` — and answer like
 * validators Ajv compiles at run time from the same schemas with the same options: the same
 * verdict and the same errors on an instance made from each schema and on every mutation of it
 * (a field deleted, of the wrong type, a hex value with a wrong digit or length, an extra field).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import { validators as recordValidators } from '../generated/record-validators.js';
import { validators as trusteeValidators } from '../generated/trustee-validators.js';
import { patternTester } from './hex-patterns.js';
import { type SchemaFolder, SCHEMA_BASE, ajvOf, validatorsModule } from './schema-codegen.js';
import { schemaProblem } from './schemas.js';

const specRoot = fileURLToPath(new URL('../../../spec/schemas/', import.meta.url));
const generatedDir = fileURLToPath(new URL('../generated/', import.meta.url));
const FOLDERS: readonly SchemaFolder[] = ['record', 'trustee'];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: unknown };

/** The schemas of spec/schemas/<folder>/ by name. */
function specSchemas(folder: SchemaFolder): Record<string, Schema> {
  const dir = `${specRoot}${folder}/`;
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.schema.json'))
      .map((f) => [f.replace(/\.schema\.json$/, ''), JSON.parse(readFileSync(dir + f, 'utf8')) as Schema]),
  );
}

/** A string matching `pattern` for the patterns the schemas use ('' for another). */
function matching(pattern: string): string {
  const hex = /^\^\(?\[0-9A-F(?:a-f)?\]\{(\d+)\}/.exec(pattern);
  if (hex) return 'A'.repeat(Number(hex[1]));
  if (pattern.startsWith('^([0-9A-F')) return 'AB';
  if (pattern.startsWith('^\\d{4}')) return '2026-01-02T03:04Z';
  if (pattern.startsWith('^[a-zA-Z]{2,8}')) return 'en';
  return 'a1';
}

/** An instance of `s` (valid where the schema is simple enough), `$ref`s resolved in `all`. */
function instanceOf(s: Schema, root: Schema, all: Record<string, Schema>, depth = 0): Json {
  if (depth > 12) return null;
  const next = (sub: unknown, r = root) => instanceOf(sub as Schema, r, all, depth + 1);
  if (typeof s.$ref === 'string') {
    const [file, pointer = ''] = s.$ref.split('#');
    const r = file ? all[file.replace(/\.schema\.json$/, '')]! : root;
    let target: unknown = r;
    for (const p of pointer.split('/').filter(Boolean)) target = (target as Schema)[p];
    return next(target, r);
  }
  if ('const' in s) return s.const as Json;
  if (Array.isArray(s.enum)) return s.enum[0] as Json;
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) if (Array.isArray(s[k])) return next(s[k][0]);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object' || s.properties) {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, next(v)]));
  }
  if (type === 'array') {
    const n = Math.max(1, Number(s.minItems ?? 1));
    return Array.from({ length: n }, () => (s.items ? next(s.items) : 1));
  }
  if (type === 'string') return typeof s.pattern === 'string' ? matching(s.pattern) : 'text';
  if (type === 'integer' || type === 'number') return Number(s.minimum ?? 1);
  if (type === 'boolean') return true;
  return null;
}

/** `v` and every single mutation of it. */
function* mutations(v: Json): Generator<Json> {
  yield v;
  if (Array.isArray(v)) {
    yield [];
    yield 'x';
    for (let i = 0; i < v.length; i++)
      for (const m of mutations(v[i]!)) yield v.map((x, j) => (j === i ? m : x));
    yield [...v, v[0]!];
  } else if (v !== null && typeof v === 'object') {
    yield { ...v, extra: 1 };
    yield [v];
    for (const k of Object.keys(v)) {
      const { [k]: _, ...rest } = v;
      yield rest;
      for (const m of mutations(v[k]!)) if (m !== v[k]) yield { ...v, [k]: m };
    }
  } else if (typeof v === 'string') {
    yield 7;
    yield `${v}A`;
    yield v.slice(1);
    if (v.length > 0) yield `g${v.slice(1)}`;
    yield `${v}\u{1F600}`;
  } else {
    yield 'x';
    yield typeof v === 'number' ? v - 1 : null;
    if (typeof v === 'number') yield v + 0.5;
  }
}

const ucs2 = ucs2length as unknown as { default?: unknown };
const helpers = { patternTester, ucs2length: typeof ucs2 === 'function' ? ucs2 : ucs2.default };

describe('precompiled schema validators', () => {
  it.each(FOLDERS)('generated/%s-validators.js and .d.ts are what spec/schemas/ makes now', (folder) => {
    const { js, dts } = validatorsModule(folder, specSchemas(folder));
    expect(
      readFileSync(`${generatedDir}${folder}-validators.js`, 'utf8') === js,
      'stale: npm run sync-schemas',
    ).toBe(true);
    expect(readFileSync(`${generatedDir}${folder}-validators.d.ts`, 'utf8')).toBe(dts);
  });

  it.each(FOLDERS)('the %s validators answer as Ajv compiling the schemas at run time', (folder) => {
    const all = specSchemas(folder);
    const ajv = ajvOf(folder, Object.values(all), { regExp: patternTester });
    const pre = (folder === 'record' ? recordValidators : trusteeValidators)(helpers);
    expect(Object.keys(pre).sort()).toEqual(Object.keys(all).sort());
    let valid = 0;
    let compared = 0;
    for (const [name, schema] of Object.entries(all)) {
      const compiled = ajv.getSchema(`${SCHEMA_BASE[folder]}${name}.schema.json`) as
        (((d: unknown) => boolean) & { errors?: unknown }) | undefined;
      const precompiled = pre[name]!;
      const sample = instanceOf(schema, schema, all);
      if (precompiled(sample)) valid++;
      for (const m of mutations(sample)) {
        const verdict = compiled!(m);
        expect(precompiled(m), `${name}: ${JSON.stringify(m).slice(0, 200)}`).toBe(verdict);
        if (!verdict) expect(precompiled.errors, name).toEqual(compiled!.errors);
        compared++;
      }
    }
    // most made instances are valid, so the mutations reach the fields' own checks
    expect(valid).toBeGreaterThan(Object.keys(all).length / 2);
    expect(compared).toBeGreaterThan(1000);
  });

  it('schemaProblem reports through them (a record and a trustee file)', () => {
    const ballot = { code: 'AB', style: 's', state: 'cast', contests: [] };
    expect(schemaProblem('ballot', ballot)).toEqual({
      check: 'schema',
      where: 'code',
      message: 'must match pattern "^[0-9A-F]{64}$"',
    });
    expect(schemaProblem('ballot', { ...ballot, code: 'AB'.repeat(32), state: 'lost' })).toEqual({
      check: 'schema',
      where: 'state',
      message: 'must be equal to one of the allowed values (["cast","challenged","superseded","cancelled"])',
    });
    expect(schemaProblem('mix-stage', [])).toEqual({
      check: 'schema',
      where: '(root)',
      message: 'must be object',
    });
  });
});
