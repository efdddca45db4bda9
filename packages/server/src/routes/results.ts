/**
 * Results routes (spec/server-api.md §7.3): `GET /elections/{id}/results` and the push stream
 * `GET /elections/{id}/results/stream` (Server-Sent Events). Both show turnout as it happens and
 * the decrypted tally only once the trustees have decrypted it — the server holds no key, so
 * nothing earlier exists to leak. One snapshot per election and tree size is computed and
 * serialised once, then served to every viewer (cached, with an `ETag`, compressed once per coding
 * asked for: spec/server-api.md §6.5; one poll timer per watched election).
 * Streams are capped in all and per client address, and a viewer that stops reading is dropped
 * (`limits/stream-gate.ts`).
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { loadElection } from '../elections/election-actions.js';
import { cachedAnswer, NO_CACHE, sendCached, type CachedAnswer } from '../limits/cached-answer.js';
import { errorResponses, electionParams } from '../schemas.js';
import { publishedTally } from '../tally/decryption-session.js';
import { publishedRankedCounts } from '../ranked/ranked-publish.js';
import { summary } from './elections.js';
import type { Manifest } from '@evident/e2e-crypto';
import {
  combinedResults,
  combinedResultsSchema,
  paperResults,
  paperResultsSchema,
  paperChangedSince,
} from '../sheets/paper-results.js';
import { sheetFramesSince } from '../sheets/sheet-events.js';
import { checkInCounts, checkInsVersion } from '../stations/check-in-counts.js';
import { contestResultOf, contestResultsSchema, type ContestResult } from '../tally/contest-results.js';

/** How often a watched election's tree size is looked at (ms). */
const POLL_MS = 250;
/**
 * A snapshot is recomputed at most this often while ballots or check-ins arrive (ms): turnout is
 * at most this old, and a busy board costs one computation per second, whatever the number of
 * viewers. Accepted check-ins do not grow the board; they bump a counter
 * (stations/check-in-counts.ts), so a burst of them makes at most one snapshot — one stream
 * event — a second.
 */
const MAX_STALE_MS = 1000;
/** SSE comment heartbeat, so that proxies keep the connection (ms). */
const HEARTBEAT_MS = 15_000;

interface Snapshot {
  readonly size: number;
  /** The check-in counter it shows (stations/check-in-counts.ts). */
  readonly checkIns: number;
  /** The lifecycle state it shows: a change of state is never served stale. */
  readonly state: string;
  /** When it was computed (ms). */
  readonly at: number;
  readonly body: Record<string, unknown>;
  /** The SSE frame of this snapshot. */
  readonly frame: string;
}

const resultSchema = {
  type: 'object',
  required: ['election', 'treeSize', 'turnout'],
  properties: {
    election: { $ref: 'Election#' },
    treeSize: { type: 'integer' },
    turnout: {
      type: 'object',
      properties: {
        credentials: { type: 'integer' },
        cast: { type: 'integer' },
        counted: { type: 'integer' },
        challenged: { type: 'integer' },
        superseded: { type: 'integer' },
      },
    },
    results: {
      type: 'object',
      properties: {
        quorum: {
          type: 'array',
          items: { type: 'object', properties: { x: { type: 'integer' }, id: { type: 'string' } } },
        },
        contests: contestResultsSchema,
        ranked: {
          type: 'array',
          description: 'ranked contests: the count with its round-by-round table (spec/ranked-choice.md §4)',
          items: {
            type: 'object',
            properties: {
              contestId: { type: 'string' },
              result: { type: 'object', additionalProperties: true },
            },
          },
        },
      },
    },
    paper: {
      ...paperResultsSchema,
      properties: {
        ...paperResultsSchema.properties,
        checkIns: {
          type: 'object',
          description: 'check-ins taken so far per station (live, before and after its sheet; §12.3)',
          additionalProperties: { type: 'integer' },
        },
      },
    },
    combined: combinedResultsSchema,
  },
} as const;

/** Whether snapshot `a` shows a later board or later check-ins than `b`. */
const newer = (a: Pick<Snapshot, 'size' | 'checkIns'>, b: Pick<Snapshot, 'size' | 'checkIns'>): boolean =>
  a.size > b.size || (a.size === b.size && a.checkIns > b.checkIns);

/** Registers the routes. */
export function resultRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const cache = new Map<string, Snapshot>();
  const pending = new Map<string, Promise<Snapshot>>();
  /** Per snapshot: the later tree size at which its state and paper were last found unchanged. */
  const unchangedAt = new WeakMap<Snapshot, number>();
  /** Each snapshot's answer (dropped with the snapshot). */
  const answers = new WeakMap<Snapshot, CachedAnswer>();

  async function compute(id: string, size: number, checkIns: number): Promise<Snapshot> {
    const e = await loadElection(ctx, id);
    const s = await summary(ctx, e);
    const body: Record<string, unknown> = {
      election: s,
      treeSize: size,
      turnout: { credentials: s.credentials, ...s.ballots },
    };
    if (e.state === 'published') {
      const t = (await publishedTally(ctx, id)) as
        { tally: { contests: ContestResult[] }; quorum: unknown } | undefined;
      if (t) {
        body.results = { quorum: t.quorum, contests: t.tally.contests.map(contestResultOf) };
        const ranked = await publishedRankedCounts(ctx, id);
        if (ranked) (body.results as Record<string, unknown>).ranked = ranked;
      }
    }
    const paper = await paperResults(ctx, id, JSON.parse(e.manifest) as Manifest);
    body.paper = { ...paper, checkIns: await checkInCounts(ctx, id) };
    body.combined = combinedResults(
      paper,
      (body.results as { contests?: ContestResult[] } | undefined)?.contests,
    );
    const event = body.results ? 'result' : 'turnout';
    return {
      size,
      checkIns,
      state: e.state,
      at: Date.now(),
      body,
      frame: `event: ${event}\nid: ${size}\ndata: ${JSON.stringify(body)}\n\n`,
    };
  }

  /** The snapshot for the current tree size; concurrent callers share one computation. */
  async function snapshot(id: string): Promise<Snapshot> {
    const size = ctx.logs.get(id)?.size ?? -1;
    const checkIns = checkInsVersion(ctx, id);
    const hit = cache.get(id);
    if (hit && hit.size === size && hit.checkIns === checkIns) return hit;
    if (hit && Date.now() - hit.at < MAX_STALE_MS) {
      // a change of state or of the paper channel comes with entries on the board: looked for
      // once per tree size, not on every read of a busy board
      if (unchangedAt.get(hit) === size) return hit;
      if (
        (await ctx.store.getElection(id))?.state === hit.state &&
        !(await paperChangedSince(ctx, id, hit.size)) // an accepted sheet is never served stale
      ) {
        unchangedAt.set(hit, size);
        return hit;
      }
    }
    const key = `${id}#${size}#${checkIns}`;
    let p = pending.get(key);
    if (!p) {
      p = compute(id, size, checkIns).finally(() => pending.delete(key));
      pending.set(key, p);
    }
    const snap = await p;
    const cached = cache.get(id);
    if (!cached || newer(snap, cached)) cache.set(id, snap);
    return snap;
  }

  app.get<{ Params: { electionId: string } }>(
    '/elections/:electionId/results',
    {
      schema: {
        tags: ['results'],
        summary: 'Turnout and, once the trustees have decrypted, the result (cached per tree size)',
        params: electionParams,
        response: { 200: resultSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const snap = await snapshot(req.params.electionId);
      let answer = answers.get(snap);
      if (!answer) {
        // serialised once per snapshot, by the route's own serializer (the bytes it would send)
        answer = cachedAnswer(reply.serialize(snap.body) as string);
        answers.set(snap, answer);
      }
      return sendCached(req, reply, answer, { cacheControl: NO_CACHE, compress: true });
    },
  );

  // --- SSE fan-out: one feed per watched election ---
  const feeds = new Map<
    string,
    {
      clients: Set<ServerResponse>;
      timer: NodeJS.Timeout;
      heartbeat: NodeJS.Timeout;
      last: number;
      /** the check-in counter of the last snapshot sent */
      lastCheckIns: number;
      /** the log index from which accepted sheets are still to be announced */
      sheetsFrom: number;
      busy: boolean;
    }
  >();
  const stop = (id: string): void => {
    const f = feeds.get(id);
    if (!f) return;
    clearInterval(f.timer);
    clearInterval(f.heartbeat);
    feeds.delete(id);
  };
  const watch = (id: string, res: ServerResponse, from: Snapshot): void => {
    let f = feeds.get(id);
    if (!f) {
      const feed = {
        clients: new Set<ServerResponse>(),
        last: from.size,
        lastCheckIns: from.checkIns,
        sheetsFrom: from.size,
        busy: false,
        timer: setInterval(() => {
          const size = ctx.logs.get(id)?.size ?? -1;
          const changed = size !== feed.last || checkInsVersion(ctx, id) !== feed.lastCheckIns;
          if (!changed || feed.busy) return;
          feed.busy = true;
          void (async () => {
            // each accepted sheet as an event of its own, then the snapshot that includes it
            const sheets = await sheetFramesSince(ctx, id, feed.sheetsFrom);
            feed.sheetsFrom = sheets.next;
            for (const f of sheets.frames) for (const c of feed.clients) ctx.streams.write(c, f);
            const snap = await snapshot(id);
            if (!newer(snap, { size: feed.last, checkIns: feed.lastCheckIns })) return;
            feed.last = snap.size;
            feed.lastCheckIns = snap.checkIns;
            for (const c of feed.clients) ctx.streams.write(c, snap.frame);
          })()
            .catch(() => undefined)
            .finally(() => (feed.busy = false));
        }, POLL_MS),
        heartbeat: setInterval(() => {
          for (const c of feed.clients) ctx.streams.write(c, ': keep-alive\n\n');
        }, HEARTBEAT_MS),
      };
      feed.timer.unref();
      feed.heartbeat.unref();
      feeds.set(id, (f = feed));
    }
    f.clients.add(res);
    res.on('close', () => {
      f.clients.delete(res);
      if (f.clients.size === 0) stop(id);
    });
  };

  app.get<{ Params: { electionId: string } }>(
    '/elections/:electionId/results/stream',
    {
      schema: {
        tags: ['results'],
        summary:
          'Server-Sent Events: `turnout` on every change of the board, `result` once decrypted, `station-sheet` per accepted tally sheet',
        params: electionParams,
        response: { 200: { type: 'string', description: 'text/event-stream' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const id = req.params.electionId;
      await loadElection(ctx, id); // 404 before the stream starts
      const release = ctx.streams.admit(req.ip); // 503/429 over the caps (spec/server-api.md §10)
      let snap: Snapshot;
      try {
        snap = await snapshot(id);
      } catch (e) {
        release();
        throw e;
      }
      reply.hijack();
      const res = reply.raw;
      res.on('close', release);
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      if (ctx.streams.write(res, 'retry: 2000\n\n' + snap.frame)) watch(id, res, snap);
    },
  );

  app.addHook('preClose', async () => {
    for (const [id, f] of feeds) {
      for (const c of f.clients) c.end();
      stop(id);
    }
  });
}
