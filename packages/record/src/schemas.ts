/**
 * The one JSON Schema validator of Evident's files: the record files (spec/record.md §1.3,
 * schemas in spec/schemas/record/, draft-07) and the evident-trustee files (spec/key-ceremony.md
 * §12.1, spec/schemas/trustee/, draft 2020-12). The schemas are carried in the package
 * (./spec-schemas.ts, generated from spec/) so that an installed package finds them, and so are
 * their validators, precompiled by Ajv at generation (./generated/, ./schema-codegen.ts): no
 * thread compiles a schema. The server feeds fastify the same schemas ({@link specSchema}).
 * @module
 */
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import type { Validate, ValidatorHelpers } from '../generated/record-validators.js';
import { validators as recordValidators } from '../generated/record-validators.js';
import { validators as trusteeValidators } from '../generated/trustee-validators.js';
import { patternTester } from './hex-patterns.js';
import { SPEC_SCHEMAS } from './spec-schemas.js';
import { type Finding, finding } from '@evident/e2e-crypto';

/** The schema of each record file kind. */
export type SchemaName =
  | 'election-config'
  | 'manifest'
  | 'election-initialized'
  | 'devices'
  | 'ballot'
  | 'encrypted-tally'
  | 'tally'
  | 'challenged'
  | 'ranked-inputs'
  | 'ranked-mix-chain'
  | 'ranked-decryptions'
  | 'ranked-count';

/** The schema of each evident-trustee file (the `format` without `evident-trustee/`). */
export type TrusteeSchemaName =
  | 'ceremony'
  | 'complaint-answers'
  | 'decryption-challenge'
  | 'decryption-request'
  | 'decryption-response'
  | 'decryption'
  | 'election-key'
  | 'guardian-public'
  | 'judgement'
  | 'mix-input'
  | 'mix-stage'
  | 'partial-decryption'
  | 'secret-key'
  | 'shares'
  | 'verification';

/**
 * One schema violation, as a finding of check "schema": `where` is the JSON path of the field
 * (`contests[0].label`), `message` what is wrong.
 */
export type SchemaProblem = Finding;

type AjvError = NonNullable<Validate['errors']>[number];

/**
 * What the validators' code calls: the hex patterns' tester and Ajv's string length in code
 * points (`ucs2length`; CommonJS, whose `exports.default` is the function under Node, the
 * function itself under a bundler's interop).
 */
const HELPERS: ValidatorHelpers = {
  patternTester,
  ucs2length: typeof ucs2length === 'function' ? ucs2length : (ucs2length as { default: unknown }).default,
};

/** The precompiled validators of each folder, made on first use. */
const made: { record?: Readonly<Record<string, Validate>>; trustee?: Readonly<Record<string, Validate>> } =
  {};

/** The validator of schema `name` of `folder`. */
function validatorOf(folder: 'record' | 'trustee', name: string): Validate | undefined {
  const all = (made[folder] ??= (folder === 'record' ? recordValidators : trusteeValidators)(HELPERS));
  return all[name];
}

/** The folder holding schema `name`, if any. */
function folderOf(name: string): 'record' | 'trustee' | undefined {
  if (Object.hasOwn(SPEC_SCHEMAS.record, name)) return 'record';
  if (Object.hasOwn(SPEC_SCHEMAS.trustee, name)) return 'trustee';
  return undefined;
}

/**
 * A schema of spec/schemas/ as a JSON object (a deep copy: the caller may change it, e.g. drop
 * `$schema` for another validator).
 * @param name - a file name of spec/schemas/record/ or spec/schemas/trustee/ without `.schema.json`
 * @throws {RangeError} if there is no such schema
 */
export function specSchema(name: SchemaName | TrusteeSchemaName | 'common'): Record<string, unknown> {
  const folder = folderOf(name);
  if (!folder) throw new RangeError(`specSchema: no schema "${name}"`);
  return structuredClone(SPEC_SCHEMAS[folder][name]) as Record<string, unknown>;
}

/** The schema name of a trustee file format: `evident-trustee/shares` → `shares`. */
export function schemaNameOf(format: string): TrusteeSchemaName | undefined {
  const prefix = 'evident-trustee/';
  const name = format.startsWith(prefix) ? format.slice(prefix.length) : undefined;
  return name !== undefined && Object.hasOwn(SPEC_SCHEMAS.trustee, name)
    ? (name as TrusteeSchemaName)
    : undefined;
}

/** `/items/0/alpha` (+ a missing or extra property) → `items[0].alpha`. */
function fieldOf(e: AjvError): string {
  let field = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('')
    .replace(/^\./, '');
  const extra =
    e.params?.['missingProperty'] ??
    e.params?.['additionalProperty'] ??
    (e.keyword === 'discriminator' ? e.params?.['tag'] : undefined);
  if (typeof extra === 'string') field = field ? `${field}.${extra}` : extra;
  return field;
}

/**
 * How specific an error is, to report the best of several (oneOf branches): deeper fields first;
 * at equal depth, a present value that is wrong before a missing or extra property (the branch
 * that was meant, rather than the one that was not).
 */
function specificity(field: string, e: AjvError): number {
  const depth = (field.match(/[.[]/g)?.length ?? 0) + (field ? 1 : 0);
  return 2 * depth + (e.keyword === 'required' || e.keyword === 'additionalProperties' ? 0 : 1);
}

/**
 * Validates `value` against the schema `name` (a file name of spec/schemas/record/ or
 * spec/schemas/trustee/ without `.schema.json`).
 * @returns the most specific problem, or undefined when `value` is valid
 * @throws {RangeError} if there is no such schema
 */
export function schemaProblem(
  name: SchemaName | TrusteeSchemaName,
  value: unknown,
): SchemaProblem | undefined {
  const folder = folderOf(name);
  const validate = folder && validatorOf(folder, name);
  if (!validate) throw new RangeError(`schemaProblem: no schema "${name}"`);
  if (validate(value)) return undefined;
  const errors = validate.errors ?? [];
  let best: { field: string; e: AjvError; score: number } | undefined;
  for (const e of errors) {
    if (e.keyword === 'oneOf') continue;
    const field = fieldOf(e);
    const score = specificity(field, e);
    if (!best || score > best.score) best = { field, e, score };
  }
  if (!best) {
    const e = errors[0];
    return finding(
      'schema',
      e ? fieldOf(e) || '(root)' : '(root)',
      e?.message ?? 'does not match the schema',
    );
  }
  const allowed = best.e.params?.['allowedValues'] ?? best.e.params?.['allowedValue'];
  const detail = allowed !== undefined ? ` (${JSON.stringify(allowed)})` : '';
  return finding(
    'schema',
    best.field || '(root)',
    `${best.e.message ?? 'does not match the schema'}${detail}`,
  );
}
