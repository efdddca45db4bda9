/**
 * JSON Schema validation of every record file (spec/record.md §1.3) with Ajv. The schemas are
 * the files of spec/schemas/record/, read once and compiled once per process.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';

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

/** One schema violation: JSON path of the field and what is wrong. */
export interface SchemaProblem {
  readonly field: string;
  readonly message: string;
}

/** Folder of the schemas: `spec/schemas/record/` at the root of the repository. */
export const SCHEMA_DIR = fileURLToPath(new URL('../../../spec/schemas/record/', import.meta.url));

const BASE = 'https://evident.example/schemas/record/';

type Validate = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null;
};

let compiled: Map<SchemaName, Validate> | undefined;

function load(): Map<SchemaName, Validate> {
  if (compiled) return compiled;
  // ajv is CommonJS: its default export arrives as module.default under NodeNext
  const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (
    opts: object,
  ) => {
    addSchema(s: object): void;
    getSchema(id: string): Validate | undefined;
  };
  const ajv = new Ajv({ allErrors: false, strict: true });
  for (const f of readdirSync(SCHEMA_DIR).filter((x) => x.endsWith('.schema.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(SCHEMA_DIR + f, 'utf8')) as object);
  }
  const names: SchemaName[] = [
    'election-config',
    'manifest',
    'election-initialized',
    'devices',
    'ballot',
    'encrypted-tally',
    'tally',
    'challenged',
    'ranked-inputs',
    'ranked-mix-chain',
    'ranked-decryptions',
    'ranked-count',
  ];
  compiled = new Map(names.map((n) => [n, ajv.getSchema(`${BASE}${n}.schema.json`)!]));
  return compiled;
}

/** `/contests/0/label` → `contests[0].label`. */
function toFieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('')
    .replace(/^\./, '');
}

/**
 * Validates `value` against the schema `name`.
 * @returns the first problem, or undefined when valid
 */
export function schemaProblem(name: SchemaName, value: unknown): SchemaProblem | undefined {
  const validate = load().get(name)!;
  if (validate(value)) return undefined;
  const e = validate.errors?.[0];
  if (!e) return { field: '', message: 'does not match the schema' };
  let field = toFieldPath(e.instancePath);
  const extra = e.params?.['additionalProperty'] ?? e.params?.['missingProperty'];
  if (typeof extra === 'string') field = field ? `${field}.${extra}` : extra;
  return { field: field || '(root)', message: e.message ?? 'does not match the schema' };
}
