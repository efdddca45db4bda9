/**
 * Trustee uploads sized to their election (spec/server-api.md §10): a decryption upload carries
 * one entry per item of its request, a mix stage one re-encrypted row (and its share of the
 * proof) per row entering the mix, so the largest legitimate file follows from the election's
 * group and counts. An authenticated upload is refused with 413 EVD_ERR_BODY_TOO_LARGE above
 * that size (or above the `trusteeBody` cap, whichever is smaller) — from its `Content-Length`
 * before reading, or while a chunked body streams in.
 *
 * Sizes are upper bounds of the JSON text `evident-trustee` writes (indented by 2, so every
 * value carries its line's indentation): a hex string of n bytes ≤ 2n + 24 bytes, an object's
 * braces ≤ 32 more, 64 KiB for the header and fixed-size proof parts, and a quarter on top.
 * @module
 */
import { Transform } from 'node:stream';
import { groupByName, rankedLayout, type Group, type Manifest } from '@evident/e2e-crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { boardEntry } from '../board/board-entry.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { rankedContestsOf } from '../ranked/mix-inputs.js';
import { readRankedState } from '../ranked/ranked-state.js';
import { readDecryptionState } from '../tally/decryption-state.js';

const FIXED = 64 * 1024;
const str = (bytes: number): number => 2 * bytes + 24;

/** Largest decryption upload for `items` items: {M, a, b} elements per item (responses are smaller). */
export function decryptionUploadBound(elementBytes: number, items: number): number {
  return Math.ceil(1.25 * (FIXED + items * (3 * str(elementBytes) + 32)));
}

/**
 * Largest mix stage for `rows` rows of `width` ciphertexts: the outputs, and per row the
 * commitments c, ĉ, t̂ and the responses ŝ, s′ of the proof of shuffle (spec/mixnet.md §4.4).
 */
export function mixStageBound(
  elementBytes: number,
  scalarBytes: number,
  rows: number,
  width: number,
): number {
  const ciphertext = 2 * str(elementBytes) + 32;
  const perRow = width * ciphertext + 3 * str(elementBytes) + 2 * str(scalarBytes) + 32;
  return Math.ceil(1.25 * (FIXED + rows * perRow + width * (ciphertext + str(scalarBytes))));
}

/** What a trustee upload route's parameters name. */
interface UploadParams {
  electionId?: string;
  kind?: string;
  contestId?: string;
}

/**
 * The largest legitimate upload to this route for its election now; `fallback` when the route
 * is not a known upload or there is nothing to upload yet (the handler then refuses with its
 * own code).
 */
export async function uploadBound(
  ctx: ServerContext,
  routeUrl: string,
  p: UploadParams,
  fallback: number,
): Promise<number> {
  const e = p.electionId ? await ctx.store.getElection(p.electionId) : undefined;
  if (!e) return fallback;
  const G = groupByName(e.profile) as Group<unknown>;
  if (routeUrl.endsWith('/decryption/:kind/partials') || routeUrl.endsWith('/decryption/:kind/responses')) {
    const ds = await readDecryptionState(ctx, e.id);
    const r = ds?.requests.find((x) => x.kind === p.kind);
    if (!r) return fallback;
    const entry = (await boardEntry(ctx, e.id, r.logIndex)) as {
      request?: { items?: unknown[] };
      items?: unknown;
    };
    // version 2 of the ranked request counts its items (../ranked/ranked-request.ts)
    const items = typeof entry.items === 'number' ? entry.items : (entry.request?.items?.length ?? 0);
    return decryptionUploadBound(G.elementLength, items);
  }
  if (routeUrl.endsWith('/ranked/:contestId/mix')) {
    const mix = (await readRankedState(ctx, e.id))?.contests[p.contestId ?? ''];
    const contest = rankedContestsOf(JSON.parse(e.manifest) as Manifest).find((c) => c.id === p.contestId);
    if (!mix || !contest) return fallback;
    return mixStageBound(G.elementLength, G.scalarLength, mix.rows, rankedLayout(G, contest).width);
  }
  return fallback;
}

const tooLarge = (bound: number) =>
  new ApiError(
    'EVD_ERR_BODY_TOO_LARGE',
    `an upload to this route is at most ${bound} bytes for this election`,
  );

/** A `preParsing` hook bounding a trustee upload by {@link uploadBound} and the `trusteeBody` cap. */
export function boundTrusteeUpload(ctx: ServerContext) {
  return async (req: FastifyRequest, reply: FastifyReply, payload: NodeJS.ReadableStream) => {
    const small = 64 * 1024;
    const bound = Math.min(
      ctx.limits.trusteeBody,
      await uploadBound(ctx, req.routeOptions.url ?? '', req.params as UploadParams, small),
    );
    const declared = Number(req.headers['content-length']);
    if (declared > bound) {
      reply.header('connection', 'close'); // the body is not read
      throw tooLarge(bound);
    }
    if (Number.isFinite(declared)) return payload; // fastify holds the body to its declared length
    let seen = 0;
    return payload.pipe(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          seen += chunk.length;
          if (seen > bound) done(tooLarge(bound));
          else done(null, chunk);
        },
      }),
    );
  };
}
