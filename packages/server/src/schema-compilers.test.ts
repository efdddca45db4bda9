/**
 * The schema compilers kept for the process (schema-compilers.ts): a second app's compiler gives
 * the function compiled for the first when the schema, shared schemas and options are the same,
 * and compiles anew when any of them differs — each function still validates or serializes by
 * its own schema.
 */
import { expect, it } from 'vitest';
import { sharedCompilers } from './schema-compilers.js';

type Route = { schema: unknown; method: string; url: string; httpPart: string };
type Validate = ((x: unknown) => boolean) & { errors?: unknown };
const route = (schema: unknown): Route => ({ schema, method: 'POST', url: '/x', httpPart: 'body' });
const opts = { customOptions: { coerceTypes: 'array' as const } };

it('validators: one per schema, shared schemas and options, for the process', () => {
  const build = sharedCompilers.buildValidator as unknown as (
    e: unknown,
    o: unknown,
  ) => (r: Route) => Validate;
  const ext = { 'common#': { $id: 'common#', type: 'object' } };
  const first = build(ext, opts);
  const second = build(ext, opts);
  const small = first(route({ type: 'integer', maximum: 3 }));
  expect(second(route({ type: 'integer', maximum: 3 }))).toBe(small);
  const big = second(route({ type: 'integer', maximum: 9 }));
  expect(big).not.toBe(small);
  expect([small(5), big(5)]).toEqual([false, true]);
  // other options: another Ajv, another function
  const strictTypes = build(ext, { customOptions: { coerceTypes: false } })(
    route({ type: 'integer', maximum: 3 }),
  );
  expect(strictTypes).not.toBe(small);
  expect([small('2'), strictTypes('2')]).toEqual([true, false]);
});

it('serializers: one per response schema and options, for the process', () => {
  const build = sharedCompilers.buildSerializer as unknown as (
    e: unknown,
    o: unknown,
  ) => (r: { schema: unknown; method: string; url: string; httpStatus: string }) => (d: unknown) => string;
  const r = (schema: unknown) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' });
  const a = build({}, {})(r({ type: 'object', properties: { a: { type: 'integer' } } }));
  expect(build({}, {})(r({ type: 'object', properties: { a: { type: 'integer' } } }))).toBe(a);
  const b = build({}, {})(r({ type: 'object', properties: { b: { type: 'integer' } } }));
  expect(b).not.toBe(a);
  expect([a({ a: 1, b: 2 }), b({ a: 1, b: 2 })]).toEqual(['{"a":1}', '{"b":2}']);
});
