/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for responses), with
 * what they compile kept for the process: an app compiles every route's schemas when it starts
 * (about a second of CPU), and a process that builds many apps — the test suites build hundreds,
 * on both stores — compiles each schema once. A compiled function depends only on its schema and
 * on the shared schemas and options it was compiled with, which key it; the compilers and their
 * options are fastify's defaults (the app's `ajv` options are passed through as before).
 * @module
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type BuildValidator = ReturnType<typeof AjvCompiler>;
type BuildSerializer = ReturnType<typeof SerializerSelector>;

/** Ajv instances, pooled by shared schemas and options (the package's own pool, for the process). */
const validators: BuildValidator = AjvCompiler();
const serializers: BuildSerializer = SerializerSelector();
/** Compiled functions by compiler key, then by route schema (JSON). */
const compiled = new Map<string, Map<string, unknown>>();

/** `compile`, remembering its result per route schema under `key`. */
function remembered<R extends { schema?: unknown }, F>(
  key: string,
  compile: (route: R) => F,
): (route: R) => F {
  let byRoute = compiled.get(key);
  if (!byRoute) compiled.set(key, (byRoute = new Map()));
  const kept = byRoute;
  return (route) => {
    const k = JSON.stringify(route.schema);
    let f = kept.get(k) as F | undefined;
    if (f === undefined) kept.set(k, (f = compile(route)));
    return f;
  };
}

/** `schemaController.compilersFactory` for `Fastify(…)`. */
export const sharedCompilers = {
  buildValidator: ((externalSchemas, options) =>
    remembered(
      'v' + JSON.stringify([externalSchemas, options?.customOptions, options?.mode]),
      validators(externalSchemas, options),
    )) as BuildValidator,
  buildSerializer: ((externalSchemas, options) =>
    remembered(
      's' + JSON.stringify([externalSchemas, options]),
      serializers(externalSchemas, options),
    )) as BuildSerializer,
};
