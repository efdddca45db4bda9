/**
 * Issuing and publishing the scale run's credentials through the existing API: `POST
 * /elections/{id}/credentials` in batches (at most 100,000 voters a request, the route's limit),
 * voter ids `voter-1`…`voter-N`. Each batch is one `credentials` board entry. The codes of the
 * first `keep` voters are kept for the ballot generator; the others are dropped as they come.
 * @module
 */
import type { Call } from '@evident/server/testing';

/** A {@link Call} over `fetch` to `base`, each request bounded by `timeoutMs`. */
export function fetchCall(base: string, timeoutMs = 600_000): Call {
  return async (method, path, body, token) => {
    const r = await fetch(new URL(path, base), {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : undefined };
  };
}

/** What {@link issueAll} returns. */
export interface IssueResult {
  /** the codes of voters 1..keep, in order */
  readonly codes: string[];
  /** the server's count of published credentials after the last batch */
  readonly total: number;
  readonly batches: number;
  readonly seconds: number;
  readonly credentialsPerSecond: number;
  /** seconds of each batch: a rise would show a cost growing with the election's size */
  readonly batchSeconds: number[];
}

/**
 * Issues `voters` credentials in batches of `batch`.
 * @throws {Error} when a batch is refused (naming it and the server's answer)
 */
export async function issueAll(
  call: Call,
  admin: string,
  electionId: string,
  voters: number,
  keep: number,
  batch = 100_000,
  log: (s: string) => void = () => undefined,
): Promise<IssueResult> {
  const codes: string[] = [];
  const batchSeconds: number[] = [];
  let total = 0;
  const t0 = performance.now();
  for (let from = 0; from < voters; from += batch) {
    const ids = Array.from({ length: Math.min(batch, voters - from) }, (_, i) => `voter-${from + i + 1}`);
    const tb = performance.now();
    const r = await call('POST', `/elections/${electionId}/credentials`, { voters: ids }, admin);
    if (r.status !== 200)
      throw new Error(`credentials ${from + 1}..${from + ids.length}: ${r.status} ${JSON.stringify(r.json)}`);
    batchSeconds.push((performance.now() - tb) / 1000);
    const issued = r.json.issued as { voterId: string; code: string }[];
    for (const [i, x] of issued.entries()) {
      if (x.voterId !== ids[i]) throw new Error(`credentials: answer out of order at ${x.voterId}`);
      if (from + i < keep) codes.push(x.code);
    }
    total = r.json.total as number;
    log(`credentials: ${total} of ${voters} (${batchSeconds.at(-1)!.toFixed(1)} s for the batch)`);
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    codes,
    total,
    batches: batchSeconds.length,
    seconds,
    credentialsPerSecond: voters / seconds,
    batchSeconds,
  };
}
