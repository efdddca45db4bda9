/**
 * Orphaned stage-file chunks (an upload's files stored, its entry never written: the node died
 * between them) are swept when a server starts, not only at the next upload: a restarted node
 * removes the orphans older than STAGE_ORPHAN_MS (younger ones may be another node's upload in
 * progress). SQLite file, restarted on the same file; the sweep's statement itself is run on
 * both stores by routes/ranked-mix-files.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Group } from '@evident/e2e-crypto';
import { buildApp } from '../app.js';
import { StoreUnavailableError } from '../store/store.js';
import { simulatedMixStage } from '../testing/mixer-sim.js';
import { castRanked, MAYOR, rankedManifest } from '../testing/ranked-election.js';
import { injectCall, setUpElection } from '../testing/local-election.js';
import { STAGE_ORPHAN_MS } from './stage-file-store.js';

const ADMIN = 'evd_stage-file-sweep-admin';
const dir = mkdtempSync(join(tmpdir(), 'evd-stage-sweep-'));
const dbPath = join(dir, 'server.db');
const open = () => buildApp({ adminToken: ADMIN, rateLimit: false, dbPath, durability: 'normal' });
afterEach(() => vi.useRealTimers());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A node that stores a stage's files and dies before the entry: the orphans it leaves. */
async function crashAfterStageFiles(): Promise<{ stored: number; adopted: number }> {
  const app = await open();
  const call = injectCall(app);
  const el = await setUpElection(call, ADMIN, { voters: 3, n: 3, k: 2, manifest: rankedManifest([MAYOR]) });
  for (const [i, ranks] of [
    [1, 2],
    [2, 3],
    [3, 1],
  ].entries())
    expect((await castRanked(call, el, `voter-${i + 1}`, 'o1', { mayor: ranks })).status).toBe(200);
  const token = (await call('POST', '/admin/tokens', { role: 'trustee', label: 'g1', guardian: 1 }, ADMIN))
    .json.token;
  expect((await call('POST', `/elections/${el.id}/close`, undefined, ADMIN)).status).toBe(200);
  expect((await call('POST', `/elections/${el.id}/tally`, undefined, ADMIN)).status).toBe(200);
  const url = `/elections/${el.id}/ranked/mayor/mix`;
  const mix = JSON.parse((await app.inject({ method: 'GET', url })).body) as Record<string, unknown>;
  const stage = simulatedMixStage(
    el.client.ctx.G as Group<unknown>,
    el.ceremony,
    mix,
    { id: 'guardian-1', x: 1 },
    1,
  );
  app.evident.writer.submit = () => Promise.reject(new StoreUnavailableError('simulated crash'));
  const r = await app.inject({
    method: 'POST',
    url,
    payload: JSON.stringify(stage),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  expect(r.statusCode).toBe(503);
  const orphans = await app.evident.store.stageChunkCounts();
  await app.close();
  return orphans;
}

describe('stage files orphaned by a crash', () => {
  it('are kept by a node restarted soon after, and swept by one started after STAGE_ORPHAN_MS', async () => {
    const orphans = await crashAfterStageFiles();
    expect(orphans.stored).toBeGreaterThanOrEqual(6);
    expect(orphans.adopted).toBe(0);
    const soon = await open();
    expect(await soon.evident.store.stageChunkCounts()).toEqual(orphans);
    await soon.close();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + STAGE_ORPHAN_MS + 60_000);
    const later = await open();
    expect(await later.evident.store.stageChunkCounts()).toEqual({ stored: 0, adopted: 0 });
    await later.close();
  }, 120_000);
});
