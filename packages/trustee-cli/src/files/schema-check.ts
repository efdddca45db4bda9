/**
 * JSON Schema validation of every file `evident-trustee` reads or writes (spec/key-ceremony.md
 * §12.1), with Ajv (draft 2020-12). The schemas are the files of spec/schemas/trustee/, carried
 * inside the package (src/schemas/trustee-schemas.ts, generated), so that an installed CLI finds
 * them; each is compiled on first use.
 * @module
 */
import Ajv2020Module from 'ajv/dist/2020.js';
import { type Finding, finding } from '@evident/e2e-crypto';
import { TRUSTEE_SCHEMAS } from '../schemas/trustee-schemas.js';

/**
 * One schema violation, as a finding of check "schema": `where` is the field (JSON path,
 * `items[0].alpha`), `message` what is wrong.
 */
export type SchemaProblem = Finding;

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}
type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
interface AjvInstance {
  addSchema(s: object): void;
  getSchema(id: string): Validate | undefined;
}

const BASE = 'https://evident.example/spec/schemas/trustee/';

let ajv: AjvInstance | undefined;

function instance(): AjvInstance {
  if (ajv) return ajv;
  // ajv is CommonJS: under NodeNext its class arrives as module.default
  const Ajv = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as new (
    opts: object,
  ) => AjvInstance;
  const a = new Ajv({ allErrors: false, strict: true, strictTypes: false, discriminator: true });
  for (const s of Object.values(TRUSTEE_SCHEMAS)) a.addSchema(s);
  ajv = a;
  return a;
}

/** The schema name of a file format: `evident-trustee/shares` → `shares`. */
export function schemaNameOf(format: string): string | undefined {
  const name = format.startsWith('evident-trustee/') ? format.slice('evident-trustee/'.length) : undefined;
  return name !== undefined && Object.hasOwn(TRUSTEE_SCHEMAS, name) ? name : undefined;
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
 * Validates `value` against the schema `name` (a file name of spec/schemas/trustee/ without
 * `.schema.json`).
 * @returns the most specific problem, or undefined when `value` is valid
 * @throws {RangeError} if there is no such schema
 */
export function schemaProblem(name: string, value: unknown): SchemaProblem | undefined {
  const validate = instance().getSchema(`${BASE}${name}.schema.json`);
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
