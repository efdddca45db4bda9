/**
 * The schemas the package carries are exactly spec/schemas/record/ and spec/schemas/trustee/
 * (regenerate with `npm run sync-schemas -w @evident/record`), they compile under a strict
 * independent Ajv, no name is in both folders, and a problem is reported at the most specific
 * field.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import Ajv2020Module from 'ajv/dist/2020.js';
import { SPEC_SCHEMAS } from './spec-schemas.js';
import { schemaNameOf, schemaProblem, specSchema } from './schemas.js';

const specRoot = fileURLToPath(new URL('../../../spec/schemas/', import.meta.url));
const specDir = `${specRoot}trustee/`;
const specFiles = readdirSync(specDir).filter((f) => f.endsWith('.schema.json'));
const hex32 = 'AB'.repeat(32);

describe('spec schemas carried by the package', () => {
  it.each(['record', 'trustee'] as const)('the copy of %s equals spec/schemas/%s/', (folder) => {
    const dir = `${specRoot}${folder}/`;
    const files = readdirSync(dir).filter((f) => f.endsWith('.schema.json'));
    expect(Object.keys(SPEC_SCHEMAS[folder]).sort()).toEqual(
      files.map((f) => f.replace('.schema.json', '')).sort(),
    );
    for (const f of files)
      expect(SPEC_SCHEMAS[folder][f.replace('.schema.json', '')], f).toEqual(
        JSON.parse(readFileSync(dir + f, 'utf8')),
      );
  });

  it('no schema name is in both folders (names are looked up across both)', () => {
    const both = Object.keys(SPEC_SCHEMAS.record).filter((n) => Object.hasOwn(SPEC_SCHEMAS.trustee, n));
    expect(both).toEqual([]);
  });

  it("specSchema hands out a copy, never the validator's own object", () => {
    const s = specSchema('partial-decryption');
    delete s.$schema;
    expect(specSchema('partial-decryption').$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => specSchema('nonsense' as never)).toThrow(RangeError);
  });

  it('validates record files too', () => {
    expect(schemaProblem('devices', { devices: 'x' })?.where).toBe('devices');
  });
});

describe('trustee schemas', () => {
  it('every schema compiles under strict Ajv, with its $id naming its file', () => {
    const Ajv = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as new (
      o: object,
    ) => { compile(s: object): unknown };
    const ajv = new Ajv({ strict: true, strictTypes: false, discriminator: true });
    for (const f of specFiles) {
      const s = JSON.parse(readFileSync(specDir + f, 'utf8'));
      expect(s.$id).toBe(`https://evident.example/spec/schemas/trustee/${f}`);
      expect(() => ajv.compile(s), f).not.toThrow();
      expect(schemaNameOf(s.properties.format.const), f).toBe(f.replace('.schema.json', ''));
    }
  });

  it('reports the failing field, also inside a oneOf', () => {
    const req = {
      format: 'evident-trustee/decryption-request',
      version: 1,
      ceremonyId: hex32,
      kind: 'tally',
      maxValue: 1,
    };
    const data = { id: 'x', kind: 'contest-data', contestIndex: 1, c0: hex32, c1: 'ZZ', c2: hex32 };
    expect(schemaProblem('decryption-request', { ...req, items: [data] })).toEqual({
      check: 'schema',
      where: 'items[0].c1',
      message: 'must match pattern "^([0-9A-Fa-f]{2})*$"',
    });
    expect(schemaProblem('decryption-request', { ...req, items: [{ ...data, kind: 'ballot' }] })?.where).toBe(
      'items[0].kind',
    );
    expect(schemaProblem('decryption-request', { ...req, maxValue: '1', items: [] })).toEqual({
      check: 'schema',
      where: 'maxValue',
      message: 'must be integer',
    });
    expect(schemaProblem('decryption-request', { ...req, items: [] })).toBeUndefined();
    const pub = {
      format: 'evident-trustee/guardian-public',
      version: 1,
      ceremonyId: hex32,
      guardian: { id: 'a', x: 1 },
      commitments: [hex32],
      signingKey: hex32,
      signingKeyProof: { h: hex32, v: hex32 },
    };
    expect(schemaProblem('guardian-public', { ...pub, proofs: [{ h: 5, v: hex32 }] })?.where).toBe(
      'proofs[0].h',
    );
    expect(schemaProblem('guardian-public', { ...pub, proofs: [{ c: hex32 }] })?.where).toMatch(
      /^proofs\[0\]\.(v|c)$/,
    );
    expect(schemaProblem('guardian-public', pub)).toEqual({
      check: 'schema',
      where: 'proofs',
      message: "must have required property 'proofs'",
    });
    const { signingKey: _k, ...unsigned } = pub;
    expect(schemaProblem('guardian-public', { ...unsigned, proofs: [] })).toEqual({
      check: 'schema',
      where: 'signingKey',
      message: "must have required property 'signingKey'",
    });
    expect(() => schemaProblem('nonsense' as never, {})).toThrow(RangeError);
  });
});
