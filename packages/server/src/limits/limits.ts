/**
 * The server's resource limits (spec/server-api.md §10): body sizes per kind of route, event
 * stream caps, board page sizes and the HTTP server's timeouts. One object, resolved once from
 * the configuration; every limit has a default sized to its job, and a refusal is a coded error.
 * @module
 */

/** Every limit; sizes in bytes, times in milliseconds. */
export interface ServerLimits {
  /** Body of a route without a role (only ballot casts and challenges take one larger: `ballotBody`). */
  readonly publicBody: number;
  /** Body of a ballot cast or challenge: the largest legitimate ballot of the sample manifests, with room. */
  readonly ballotBody: number;
  /** Body of an administrator route (manifest, key ceremony, credentials). */
  readonly adminBody: number;
  /** Largest trustee upload, whatever the election (each upload is also bounded by its election's size). */
  readonly trusteeBody: number;
  /** Open event streams, all clients together (over it: 503 EVD_ERR_STREAMS_FULL). */
  readonly streamsMax: number;
  /** Open event streams from one client address (over it: 429 EVD_ERR_TOO_MANY_STREAMS). */
  readonly streamsPerAddress: number;
  /** A stream whose unsent bytes exceed this is dropped (a client that does not read). */
  readonly streamBuffer: number;
  /** Most entries in one `board/entries` page. */
  readonly pageEntries: number;
  /** Most bytes of entry text in one `board/entries` page (at least one entry is always sent). */
  readonly pageBytes: number;
  /**
   * Most bytes of complete board pages kept serialised (and compressed) in memory, the least
   * recently read going first (0: none kept).
   */
  readonly pageCacheBytes: number;
  /** Node's `requestTimeout`: the whole request (headers and body) must arrive within it. */
  readonly requestTimeout: number;
  /** Node's `headersTimeout`: the request headers must arrive within it. */
  readonly headersTimeout: number;
  /** How long an idle keep-alive connection is kept. */
  readonly keepAliveTimeout: number;
  /**
   * fastify's `connectionTimeout`: a socket without any traffic for this long is closed. Longer
   * than the slowest legitimate answer (a large mix stage's proof check sends nothing meanwhile).
   */
  readonly connectionTimeout: number;
  /** Ballots waiting for verification (over it: 503 EVD_ERR_BUSY with Retry-After). */
  readonly verifyQueued: number;
  /**
   * Longest estimated wait for verification, ms: waiting ballots × recent verification time per
   * ballot ÷ worker threads (over it: 503 EVD_ERR_BUSY with Retry-After; worker verifier only).
   */
  readonly verifyQueueMs: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The defaults. `ballotBody`: the largest sample ballot is 90 kB — the tests' ranked manifest
 * (one plurality contest, an instant-runoff contest and an STV contest with a write-in slot) in
 * the eg-4096 profile; the demo's manifest is 33 kB there, and both are 11–15 kB in ristretto255
 * (`limits/ballot-size.test.ts` measures them). 512 KiB leaves room for larger manifests and
 * still bounds what an anonymous client can make the server parse.
 */
export const DEFAULT_LIMITS: ServerLimits = Object.freeze({
  publicBody: 16 * KiB,
  ballotBody: 512 * KiB,
  adminBody: 8 * MiB,
  trusteeBody: 256 * MiB,
  streamsMax: 10_000,
  streamsPerAddress: 32,
  streamBuffer: 1 * MiB,
  pageEntries: 1000,
  pageBytes: 4 * MiB,
  pageCacheBytes: 64 * MiB,
  requestTimeout: 300_000,
  headersTimeout: 20_000,
  keepAliveTimeout: 10_000,
  connectionTimeout: 600_000,
  verifyQueued: 4096,
  verifyQueueMs: 1000,
});

/** The limits with `given` over the defaults. */
export function resolveLimits(given: Partial<ServerLimits> = {}): ServerLimits {
  const out: { -readonly [K in keyof ServerLimits]: number } = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(given) as [keyof ServerLimits, number | undefined][]) {
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`limits.${k} must be a non-negative integer, got ${v}`);
    out[k] = v;
  }
  return Object.freeze(out);
}
