/**
 * The publication as a background job (spec/server-api.md §7.2 step 4): the upload that completes
 * U × requests is answered once it is durable, and the publication (./publish-results.ts) runs
 * after it, one at a time per election on this node. A national election's publication (round 2
 * combined, ranked contests counted over every ballot) takes minutes: holding the guardian's
 * request open that long breaks on HTTP clients' and load balancers' timeouts, although the
 * response was stored. `GET …/decryption` says whether a publication runs on this node and how
 * the last one ended; `POST …/decryption/combine` joins a running one or starts one and answers
 * when it ends. A node that starts resumes the publications left unfinished (a node killed between
 * the last response and the publication's end): every tallied election whose quorum answered
 * every request, not published yet. Publishing twice is harmless (postResults writes nothing
 * once done), so two nodes may both run it.
 * @module
 */
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { publishResults } from './publish-results.js';
import { publicationDue, readDecryptionState } from './decryption-state.js';

/** How the last publication started on this node ended. */
export interface PublicationFailure {
  readonly code: string;
  readonly message: string;
}

/** Where a failure that is not a coded refusal is logged (fastify's request or app logger). */
export interface PublicationLog {
  error(obj: object, msg: string): void;
}

interface Jobs {
  readonly running: Map<string, Promise<void>>;
  readonly failed: Map<string, PublicationFailure>;
}

const jobsOf = new WeakMap<ServerContext, Jobs>();

function jobs(ctx: ServerContext): Jobs {
  let j = jobsOf.get(ctx);
  if (!j) jobsOf.set(ctx, (j = { running: new Map(), failed: new Map() }));
  return j;
}

/**
 * Starts the publication of election `id` unless one runs on this node; never rejects (a failure
 * is kept for the status, and `POST …/decryption/combine` tries again).
 * @returns the running publication
 */
export function startPublication(ctx: ServerContext, id: string, log?: PublicationLog): Promise<void> {
  const j = jobs(ctx);
  const running = j.running.get(id);
  if (running) return running;
  j.failed.delete(id);
  const job = publishResults(ctx, id)
    .catch((e: unknown) => {
      if (!(e instanceof ApiError)) log?.error({ err: e }, `publication of ${id}`);
      j.failed.set(id, failureOf(e));
    })
    .finally(() => j.running.delete(id));
  j.running.set(id, job);
  return job;
}

/**
 * Publishes now, or waits for the publication running on this node, and rethrows its failure.
 * @throws {ApiError} what the publication failed with (a coded error, else 500)
 */
export async function publishNow(ctx: ServerContext, id: string, log?: PublicationLog): Promise<void> {
  await startPublication(ctx, id, log);
  const f = jobs(ctx).failed.get(id);
  if (f) throw new ApiError(f.code as ApiError['code'], f.message);
}

/** Whether a publication of `id` runs on this node, and how the last one here failed. */
export function publicationStatus(
  ctx: ServerContext,
  id: string,
): { publishing: boolean; publishFailure?: PublicationFailure } {
  const j = jobs(ctx);
  const failure = j.failed.get(id);
  return { publishing: j.running.has(id), ...(failure ? { publishFailure: failure } : {}) };
}

/**
 * At a node's start: starts the publication of every election whose publication is due — its
 * decryption has every response of the quorum, its results are not published (a node died
 * before publishing them). It runs as after the last response: `GET …/decryption` says
 * `publishing: true` on this node until it ends.
 * @returns the elections whose publication was started
 */
export async function resumePublications(ctx: ServerContext, log?: PublicationLog): Promise<string[]> {
  const resumed: string[] = [];
  for (const e of await ctx.store.listElections()) {
    if (e.state !== 'tallied') continue;
    const ds = await readDecryptionState(ctx, e.id);
    if (!ds || !publicationDue(ds)) continue;
    void startPublication(ctx, e.id, log);
    resumed.push(e.id);
  }
  return resumed;
}

/** Waits for every publication running on this node (the server's close). */
export async function settlePublications(ctx: ServerContext): Promise<void> {
  await Promise.all([...jobs(ctx).running.values()]);
}

function failureOf(e: unknown): PublicationFailure {
  if (e instanceof ApiError) return { code: e.code, message: e.message };
  return { code: 'EVD_ERR_INTERNAL', message: 'the publication failed; see the server log' };
}
