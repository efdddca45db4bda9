/**
 * The results push stream over a real socket (Server-Sent Events): turnout on every change of
 * the board, never a result before the trustees decrypt, then the final result event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import {
  castBallot,
  injectCall,
  setUpElection,
  type Call,
  type LocalElection,
} from '../testing/local-election.js';
import { readEventStream } from '../testing/http.js';
import { closeAndDecrypt } from '../testing/run-election.js';

const ADMIN = 'evd_sse-admin';

describe('results stream (SSE)', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let call: Call;
  let el: LocalElection;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: 3, n: 3, k: 2 });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => app.close());

  it('streams turnout as ballots arrive and the result only once decrypted', async () => {
    const events: { event: string; data: any }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    const ac = new AbortController();
    const r = await fetch(`${base}/elections/${el.id}/results/stream`, { signal: ac.signal });
    expect(r.headers.get('content-type')).toContain('text/event-stream');
    const reading = readEventStream(r.body as unknown as AsyncIterable<Uint8Array>, (event, data) =>
      events.push({ event, data }),
    ).catch(() => undefined); // aborted
    const until = async (pred: () => boolean) => {
      for (let t = 0; t < 200 && !pred(); t++) await new Promise((res) => setTimeout(res, 25));
      expect(pred()).toBe(true);
    };
    await until(() => events.length >= 1);
    expect(events[0]!.event).toBe('turnout');
    expect(events[0]!.data.turnout.cast).toBe(0);

    expect((await castBallot(call, el, 'voter-1', 'o2')).r.status).toBe(200);
    await until(() => events.some((e) => e.data.turnout.cast === 1));

    await closeAndDecrypt(call, ADMIN, el, 3, 2);
    await until(() => events.some((e) => e.event === 'result'));
    ac.abort();
    await reading;
    const first = events.findIndex((e) => e.event === 'result');
    // nothing of the result before the decryption: every earlier event is turnout only
    expect(events.slice(0, first).every((e) => e.event === 'turnout' && e.data.results === undefined)).toBe(
      true,
    );
    expect(events[first]!.data.results.contests[0].selections.map((s: { value: number }) => s.value)).toEqual(
      [0, 1, 0, 0, 0],
    );
    // sizes only grow: one frame per tree size
    const ids = events.map((e) => e.data.treeSize);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });
});
