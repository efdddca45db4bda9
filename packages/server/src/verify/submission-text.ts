/**
 * A cast or challenge body as text (spec/server-api.md §5.1, §6.3): the event loop parses it
 * (JSON, no prototype keys) and reads the credential, but checks it against the body's schema
 * only when something about the request is refused before verification; the verification
 * worker gets the text, parses it again and checks the schema — the same Ajv, options and
 * schema as fastify's validation — before the ballot's own checks. The refusal of a body that
 * breaks the schema is the one fastify's validation gives (`EVD_ERR_VALIDATION`, its message and
 * field), whichever thread finds it: {@link validationRefusal} is the one wording of it.
 * @module
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import secureJsonParse from 'secure-json-parse';
import type { FastifySchemaValidationError } from 'fastify';
import { ApiError } from '../errors.js';
import { submissionSchema } from '../schemas.js';
import {
  checkBallots,
  type BallotSubmission,
  type CheckCounters,
  type CheckedBallot,
} from './ballot-check.js';
import { isCheckFailure, type CheckFailure } from './check-batches.js';
import type { ElectionContext } from './election-context.js';

/** The options of the app's Ajv (fastify's `ajv.customOptions`), here and in app.ts. */
export const ajvCustomOptions = {
  allErrors: false,
  coerceTypes: 'array',
  removeAdditional: false,
  strict: false,
} as const;

/** The body of a cast or a challenge (spec/server-api.md §5.1). */
export const castBodySchema = {
  type: 'object',
  required: ['ballot'],
  additionalProperties: false,
  properties: { ballot: { $ref: 'BallotSubmission#' }, identity: { type: 'object', maxProperties: 16 } },
} as const;

/** What this reads of an Ajv error. */
interface ErrorObject {
  readonly instancePath: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/** A compiled validator, as fastify's compiler returns it. */
type Validate = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

let compiled: ((s: { schema: object; httpPart: string }) => Validate) | undefined;

/** Compiles `schema` (which may `$ref` BallotSubmission) as fastify's default validator compiler does. */
export function compileCastSchema(schema: object, httpPart: string): Validate {
  compiled ??= AjvCompiler()(
    { BallotSubmission: submissionSchema },
    { customOptions: ajvCustomOptions },
  ) as unknown as (s: { schema: object; httpPart: string }) => Validate;
  return compiled({ schema, httpPart });
}

let bodyValidator: Validate | undefined;

/**
 * The message and field of a validation refusal, as fastify words the error (`<part><path>
 * <message>`, the first error) and app.ts names the field (`<part>.a.b`, a missing property
 * named itself).
 */
export function validationRefusal(
  errors: readonly ErrorObject[],
  part: string,
): { message: string; field: string | undefined } {
  const message = errors.map((e) => `${part}${e.instancePath || ''} ${e.message}`).join(', ');
  const v = errors[0];
  const missing = v?.params?.['missingProperty'];
  const field = v
    ? `${part}${v.instancePath.replace(/\//g, '.')}` + (typeof missing === 'string' ? `.${missing}` : '')
    : undefined;
  return { message: message.slice(0, 300), field };
}

/**
 * Compiles the cast body's validator now (a verification worker, when it starts: not in its
 * first batch, whose time per ballot sets the queue's estimated wait, spec/server-api.md §6.3).
 */
export function prepareCastBodySchema(): void {
  bodyValidator ??= compileCastSchema(castBodySchema, 'body');
}

/**
 * Checks a parsed body against the cast body's schema (coercing as fastify's Ajv does).
 * @returns the refusal when it does not conform, else undefined
 */
export function castBodyFault(body: unknown): ApiError | undefined {
  prepareCastBodySchema();
  if (bodyValidator!(body)) return undefined;
  const { message, field } = validationRefusal(bodyValidator!.errors ?? [], 'body');
  return new ApiError('EVD_ERR_VALIDATION', message, field);
}

/** The refusal of a body that is not JSON (fastify's parser's, as app.ts words it). */
export const NOT_JSON = 'the body is not valid JSON';

/**
 * The failure of a body whose credential is not the one the event loop read ahead
 * ({@link credentialAhead}): never a refusal, the event loop reads the body whole and checks again.
 */
export const NOT_AHEAD: CheckFailure = {
  check: 'EVD_ERR_INTERNAL',
  where: 'credential',
  message: 'the credential read ahead is not the body’s',
};

/** True for {@link NOT_AHEAD}. */
export const isNotAhead = (f: CheckFailure): boolean =>
  f.check === NOT_AHEAD.check && f.message === NOT_AHEAD.message;

/**
 * Reads a cast body's text (in the verification worker): its submission, or the refusal of a
 * body that is not JSON (prototype keys refused, as fastify's parser refuses them) or not of
 * the schema, or {@link NOT_AHEAD} when its credential is not `ahead` (upper case).
 */
export function readSubmission(text: string, ahead?: string): BallotSubmission | CheckFailure {
  let body: unknown;
  try {
    if (text.length === 0) throw new SyntaxError('empty');
    body = secureJsonParse.parse(text, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    return { check: 'EVD_ERR_MALFORMED_JSON', where: '', message: NOT_JSON };
  }
  const fault = castBodyFault(body);
  if (fault) return { check: fault.code, where: fault.field ?? '', message: fault.message };
  const sub = (body as { ballot: BallotSubmission }).ballot;
  if (ahead !== undefined && sub.credential.toUpperCase() !== ahead) return NOT_AHEAD;
  return sub;
}

/**
 * The credential of a body as clients send it — `{"ballot":{"credential":"<hex>",` first —
 * read without parsing it (upper case), or undefined. Only a hint: the worker reads the body
 * whole and answers {@link NOT_AHEAD} when its credential is another (a later duplicate member).
 */
export function credentialAhead(text: string): string | undefined {
  const m = /^\{"ballot":\{"credential":"([0-9A-Fa-f]{1,1024})"[,}]/.exec(text);
  return m ? m[1]!.toUpperCase() : undefined;
}

/**
 * What the event loop reads of a parsed body before verification: its credential (upper case)
 * and the identity it carries — when the body has the shape the schema asks for there; else
 * undefined (the body is then checked against the schema first).
 */
export function earlyFields(body: unknown): { credential: string; identity: unknown } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { ballot, identity } = body as { ballot?: unknown; identity?: unknown };
  if (typeof ballot !== 'object' || ballot === null || Array.isArray(ballot)) return undefined;
  const credential = (ballot as { credential?: unknown }).credential;
  if (typeof credential !== 'string') return undefined;
  return { credential: credential.toUpperCase(), identity };
}

/**
 * {@link checkBallots} on bodies as text: each is read ({@link readSubmission}) first, and one
 * that is not JSON or not of the schema is refused with that, never joining a batch.
 * @returns one result per input, in order
 */
export function checkSubmissions<E>(
  ctx: ElectionContext<E>,
  items: readonly {
    readonly text: string;
    readonly intent: 'cast' | 'challenge';
    readonly credential?: string;
  }[],
  counters?: CheckCounters,
): (CheckedBallot | CheckFailure)[] {
  const out: (CheckedBallot | CheckFailure)[] = new Array(items.length);
  const read: { i: number; sub: BallotSubmission; intent: 'cast' | 'challenge' }[] = [];
  items.forEach(({ text, intent, credential }, i) => {
    const sub = readSubmission(text, credential);
    if (isCheckFailure(sub)) out[i] = sub;
    else read.push({ i, sub, intent });
  });
  checkBallots(ctx, read, counters).forEach((r, k) => (out[read[k]!.i] = r));
  return out;
}
