/**
 * A write batch refused with LogConflictError (a log entry already stored at the index the
 * writer writes: the log out of step with the store) is never expected, and used to pass
 * unseen but for the 503: it is now counted in `evident_log_conflicts_total` and logged as a
 * warning naming the election. Made to happen by a log entry written behind the writer's back.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../app.js';
import { castBallot, injectCall, setUpElection, type LocalElection } from '../testing/local-election.js';

const ADMIN = 'evd_log-conflict-admin';
type App = Awaited<ReturnType<typeof buildApp>>;

/** The value of `evident_log_conflicts_total` in the Prometheus exposition. */
async function conflicts(app: App): Promise<number> {
  const r = await app.inject({ url: '/metrics/prometheus', headers: { authorization: `Bearer ${ADMIN}` } });
  expect(r.statusCode).toBe(200);
  const line = r.body.split('\n').find((l) => l.startsWith('evident_log_conflicts_total '));
  return Number(line?.split(' ')[1]);
}

describe('a log conflict', () => {
  let app: App;
  let el: LocalElection;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    el = await setUpElection(injectCall(app), ADMIN, { voters: 2, n: 3, k: 2 });
  });
  afterAll(async () => app.close());

  it('is counted and logged as a warning; the next batch goes on', async () => {
    const warn = vi.spyOn(app.log, 'warn');
    expect(await conflicts(app)).toBe(0);
    const call = injectCall(app);
    expect((await castBallot(call, el, 'voter-1', 'o1')).r.status).toBe(200);
    expect(await conflicts(app)).toBe(0);
    expect(warn).not.toHaveBeenCalled();
    // an entry at the next index, written behind the writer's back (no tree head over it)
    const index = app.evident.logs.get(el.id)!.size;
    await app.evident.store.commit([
      {
        kind: 'log-entry',
        row: {
          electionId: el.id,
          index,
          type: 'stray',
          entry: new Uint8Array([1]),
          leafHash: new Uint8Array(32),
        },
      },
    ]);
    const refused = (await castBallot(call, el, 'voter-2', 'o2')).r;
    expect([refused.status, refused.json.code]).toEqual([503, 'EVD_ERR_UNAVAILABLE']);
    expect(await conflicts(app)).toBe(1);
    expect(warn).toHaveBeenCalledTimes(1);
    const [fields, message] = warn.mock.calls[0] as unknown as [Record<string, unknown>, string];
    expect(fields).toMatchObject({ event: 'log-conflict', elections: [el.id] });
    expect(message).toContain('out of step with the store');
    // reloaded: the voter's resend goes through
    expect((await castBallot(call, el, 'voter-2', 'o2')).r.status).toBe(200);
    expect(await conflicts(app)).toBe(1);
  });
});
