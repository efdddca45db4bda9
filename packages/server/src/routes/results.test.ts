/**
 * The results push stream over a real socket (Server-Sent Events): turnout on every change of
 * the board, never a result before the trustees decrypt, then the final result event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { setUpElection, type Call, type LocalElection } from '../testing/local-election.js';
import { closeAndDecrypt } from '../testing/run-election.js';

const ADMIN = 'evd_sse-admin';

describe('results stream (SSE)', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let call: Call;
  let el: LocalElection;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = async (method, url, body, token) => {
      const r = await app.inject({
        method: method as 'GET',
        url,
        ...(body !== undefined ? { payload: body as object } : {}),
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: r.statusCode, json: r.body ? JSON.parse(r.body) : undefined };
    };
    el = await setUpElection(call, ADMIN, { voters: 3, n: 3, k: 2 });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => app.close());

  it('streams turnout as ballots arrive and the result only once decrypted', async () => {
    const events: { event: string; data: any }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    const ac = new AbortController();
    const r = await fetch(`${base}/elections/${el.id}/results/stream`, { signal: ac.signal });
    expect(r.headers.get('content-type')).toContain('text/event-stream');
    const reading = (async () => {
      const dec = new TextDecoder();
      let buf = '';
      try {
        for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
          buf += dec.decode(chunk, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const event = /^event: (.*)$/m.exec(frame)?.[1];
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (event && data) events.push({ event, data: JSON.parse(data) });
          }
        }
      } catch {
        /* aborted */
      }
    })();
    const until = async (pred: () => boolean) => {
      for (let t = 0; t < 200 && !pred(); t++) await new Promise((res) => setTimeout(res, 25));
      expect(pred()).toBe(true);
    };
    await until(() => events.length >= 1);
    expect(events[0]!.event).toBe('turnout');
    expect(events[0]!.data.turnout.cast).toBe(0);

    const cred = el.client.credential(el.codes.get('voter-1')!);
    const credHex = Buffer.from(el.client.ctx.G.encode(cred.S)).toString('hex').toUpperCase();
    const prev = (await call('GET', `/elections/${el.id}/chains/${credHex}`)).json.previousCode;
    const sub = el.client.submission(cred, { style: 's1', votes: { c1: { o2: 1 } } }, prev);
    expect((await call('POST', `/elections/${el.id}/ballots`, { ballot: sub })).status).toBe(200);
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
