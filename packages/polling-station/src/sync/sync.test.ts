import { afterEach, describe, expect, it } from 'vitest';
import { listActions, openStationDb, type StationDb } from '../store/station-db.js';
import { startCutProxy, type CutMode } from './cut-proxy.js';
import { startFakeServer, type FakeServer } from '../../test/fake-station-server.js';
import { fakeStation, provisionFrom, tempStation } from '../../test/station-fixture.js';
import { checkIn } from '../pollbook/check-in.js';
import { closePollBook } from '../pollbook/close.js';
import { backoffDelay } from './backoff.js';
import { lastClockOffset } from './clock.js';
import { outboxCounts, outboxItemFor, problemItems } from './outbox.js';
import { runSync, type SyncTarget } from './sync-loop.js';
import { httpTransport } from './transport.js';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** A provisioned station with `n` voters checked in, a fake server, and a proxy in front of it. */
async function setup(
  n: number,
  decide: () => CutMode,
  opts: { forgeReceipts?: boolean; serverNow?: () => number } = {},
) {
  const st = fakeStation('S-A', n + 1);
  const server = await startFakeServer({
    stations: [st],
    ...(opts.forgeReceipts ? { forgeReceipts: true } : {}),
    ...(opts.serverNow ? { now: opts.serverNow } : {}),
  });
  closers.push(() => server.close());
  const t = tempStation();
  closers.push(t.cleanup);
  await provisionFrom(t.sdb, server.url, server.electionId, st);
  const ids = [];
  for (let i = 0; i < n; i++)
    ids.push(
      checkIn(t.sdb, {
        voterId: st.voters[i]!.voterId,
        worker: 'ana',
        documentType: 'id-card',
        documentLast: '12',
      }).id,
    );
  const proxy = await startCutProxy(server.port, decide);
  closers.push(() => proxy.close());
  const target: SyncTarget = {
    serverUrl: proxy.url,
    token: st.token,
    electionId: server.electionId,
    logPublicKey: server.logPublicKey,
    transport: httpTransport(5000),
  };
  return { st, server, sdb: t.sdb, ids, proxy, target };
}

/** Decisions in order, then `then` for every later connection. */
function script(modes: CutMode[], then: CutMode = 'pass'): () => CutMode {
  return () => modes.shift() ?? then;
}

const instant = { sleep: async () => {}, random: () => 0, untilEmpty: true, maxFailures: 50 } as const;

function expectNoLossNoDuplicate(server: FakeServer, sdb: StationDb, ids: string[]) {
  for (const id of ids) {
    expect(server.commits.get(id), `check-in ${id} committed once`).toBe(1);
    expect(outboxItemFor(sdb.db, id)?.status).toBe('delivered');
  }
  expect(server.checkIns.size).toBe(ids.length);
}

describe('sync through a connection cut mid-request', () => {
  it('before the server commits: the check-ins are sent again and taken once', async () => {
    // connection 1: GET /time; connection 2: the check-ins, cut half-way through the request
    const s = await setup(3, script(['pass', 'cut-before-commit']));
    const last = await runSync(s.sdb, s.target, instant);
    expect(last).toMatchObject({ remaining: 0 });
    expect(s.proxy.counts['cut-before-commit']).toBe(1);
    expectNoLossNoDuplicate(s.server, s.sdb, s.ids);
    expect(outboxItemFor(s.sdb.db, s.ids[0]!)?.answer).toMatchObject({ status: 'accepted' });
  });

  it('after the server commits but before the answer: sent again, answered `known`, never doubled', async () => {
    const s = await setup(3, script(['pass', 'cut-after-commit']));
    await runSync(s.sdb, s.target, instant);
    expect(s.proxy.counts['cut-after-commit']).toBe(1);
    expectNoLossNoDuplicate(s.server, s.sdb, s.ids);
    expect(outboxItemFor(s.sdb.db, s.ids[0]!)?.answer).toMatchObject({ status: 'known' });
    expect(outboxItemFor(s.sdb.db, s.ids[0]!)?.attempts).toBe(2);
  });

  it('a third of all connections cut either way: 0 lost, 0 duplicated, the closing delivered with a good receipt', async () => {
    let n = 0;
    const modes: CutMode[] = ['pass', 'cut-before-commit', 'pass', 'cut-after-commit', 'pass', 'pass'];
    const s = await setup(450, () => modes[n++ % modes.length]!);
    closePollBook(s.sdb, 'ana', s.st.secretKey);
    await runSync(s.sdb, s.target, instant);
    expect(s.proxy.counts['cut-before-commit']).toBeGreaterThan(0);
    expect(s.proxy.counts['cut-after-commit']).toBeGreaterThan(0);
    expectNoLossNoDuplicate(s.server, s.sdb, s.ids);
    expect(outboxCounts(s.sdb.db)).toMatchObject({ pending: 0, delivered: 451, 'bad-receipt': 0 });
    expect(s.server.closings.get('S-A')).toMatchObject({ checkIns: 450 });
  });
});

describe('sync across a restart of the station', () => {
  it('a request answered while the station was down is sent again after it restarts, and taken once', async () => {
    const s = await setup(5, script(['pass', 'cut-after-commit']));
    const first = await runSync(s.sdb, s.target, { ...instant, maxFailures: 1 });
    expect(first).toMatchObject({ remaining: 5, error: expect.any(String) });
    expect(s.server.checkIns.size).toBe(5); // committed, never answered
    s.sdb.close();
    const again = openStationDb(s.sdb.dir);
    try {
      await runSync(again, s.target, instant);
      expectNoLossNoDuplicate(s.server, again, s.ids);
      expect(outboxItemFor(again.db, s.ids[4]!)?.answer).toMatchObject({ status: 'known' });
    } finally {
      again.close();
    }
  });
});

describe('sync outcomes', () => {
  it('measures the clock offset against GET /time', async () => {
    const s = await setup(1, () => 'pass', { serverNow: () => Date.now() + 90_000 });
    await runSync(s.sdb, s.target, instant);
    const o = lastClockOffset(s.sdb.db)!;
    expect(Math.abs(o.offsetMs - 90_000)).toBeLessThanOrEqual(o.roundTripMs / 2 + 1);
  });

  it('marks a receipt not signed by the pinned log key, and records it', async () => {
    const s = await setup(1, () => 'pass', { forgeReceipts: true });
    closePollBook(s.sdb, 'ana', s.st.secretKey);
    await runSync(s.sdb, s.target, instant);
    expect(outboxItemFor(s.sdb.db, 'poll-book-close')).toMatchObject({
      status: 'bad-receipt',
      lastError: expect.stringMatching(/pinned log key/),
    });
    expect(listActions(s.sdb.db).some((a) => a.action === 'bad-receipt')).toBe(true);
  });

  it('settles a check-in the server refuses, and goes on with the next ones', async () => {
    const s = await setup(2, () => 'pass');
    // a voter the station's roll has and the server's does not
    s.sdb.db
      .prepare("INSERT INTO roll (voter_id, name, search) VALUES ('X-1', 'Stranger', 'stranger x-1')")
      .run();
    const extra = checkIn(s.sdb, {
      voterId: 'X-1',
      worker: 'ana',
      documentType: 'id-card',
      documentLast: '12',
    });
    await runSync(s.sdb, s.target, instant);
    expect(outboxItemFor(s.sdb.db, extra.id)).toMatchObject({
      status: 'refused',
      lastError: 'not on this station’s roll',
    });
    expect(problemItems(s.sdb.db).map((i) => i.ref)).toEqual([extra.id]);
    expectNoLossNoDuplicate(s.server, s.sdb, s.ids);
  });

  it('keeps everything pending while the server refuses the token, backing off with full jitter', async () => {
    const s = await setup(2, () => 'pass');
    const delays: number[] = [];
    const p = await runSync(
      s.sdb,
      { ...s.target, token: 'wrong' },
      {
        sleep: async (ms) => void delays.push(ms),
        random: () => 0.5,
        maxFailures: 4,
        backoff: { baseMs: 100, capMs: 300 },
      },
    );
    expect(p).toMatchObject({ remaining: 2, error: expect.stringMatching(/401 EVD_ERR_UNAUTHORIZED/) });
    expect(delays).toEqual([50, 100, 150]);
    expect(outboxCounts(s.sdb.db).pending).toBe(2);
    expect(s.server.checkIns.size).toBe(0);
  });

  it('keeps everything pending while the server cannot be reached', async () => {
    const s = await setup(1, () => 'pass');
    const p = await runSync(
      s.sdb,
      { ...s.target, serverUrl: 'http://127.0.0.1:1' },
      { ...instant, maxFailures: 2 },
    );
    expect(p).toMatchObject({ remaining: 1, error: expect.stringMatching(/ECONNREFUSED/) });
    expect(outboxItemFor(s.sdb.db, s.ids[0]!)).toMatchObject({ status: 'pending', attempts: 2 });
  });
});

describe('backoffDelay', () => {
  it('draws in [0, min(cap, base·2^attempt))', () => {
    const b = { baseMs: 500, capMs: 60_000 };
    expect(backoffDelay(0, b, () => 0)).toBe(0);
    expect(backoffDelay(0, b, () => 0.999999)).toBe(499);
    expect(backoffDelay(3, b, () => 0.5)).toBe(2000);
    expect(backoffDelay(20, b, () => 0.5)).toBe(30_000);
    expect(backoffDelay(1000, b, () => 0.999999)).toBe(59_999);
  });
});
