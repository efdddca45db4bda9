/**
 * Durability (spec/server-api.md §6.1): a load generator casts ballots over real sockets to the
 * compiled server, which is killed with SIGKILL mid-load; after a restart on the same database
 * every acknowledged ballot is on the board at its receipt's index, and the new tree is
 * consistent with every tree head that a receipt carried.
 *
 * Robust on a loaded machine: the kill comes after KILL_AFTER acknowledged ballots or after
 * KILL_WITHIN_MS, whichever is first (no polling); every request, start and stop is bounded in
 * time and fails with a message saying which step and what the server printed.
 * Needs `dist/` (the root `npm test` runs `tsc -b` first); skipped with a message otherwise.
 * Run on SQLite, and on PostgreSQL in the `postgres` project (`EVIDENT_TEST_PG_DB`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, verifyConsistency } from '@evident/e2e-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { castAll, prepareBallots, type Ack } from './testing/load-generator.js';
import {
  compiledCli,
  httpCall,
  killServer,
  startServer,
  stopServer,
  type ServerProcess,
} from './testing/http.js';
import { setUpElection } from './testing/local-election.js';

const cli = compiledCli();
const ADMIN = 'evd_durability-admin-0123456789abcdef'; // ≥ 32 characters (config.ts)
const BALLOTS = 100;
const KILL_AFTER = 25;
const KILL_WITHIN_MS = 15_000;
const dir = mkdtempSync(join(tmpdir(), 'evident-durability-'));
const children: ServerProcess[] = [];

afterAll(async () => {
  for (const c of children) await killServer(c, 5_000).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `p`, or fails after `ms` naming `what` (and what the server said). */
async function within<T>(what: string, ms: number, p: Promise<T>, s?: ServerProcess): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(
      () =>
        reject(
          new Error(
            `${what}: no result within ${ms} ms${s ? `; server stderr: ${s.stderr().slice(-1500)}` : ''}`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(t);
  }
}

describe.skipIf(!cli)('durability under kill -9', () => {
  if (!cli)
    console.warn('durability test skipped: packages/server/dist/cli.js missing — run `npx tsc -b` first');

  it('keeps every acknowledged ballot across a SIGKILL', async () => {
    // the `postgres` project (tests/support/pg-app-store.ts) gives a PostgreSQL database instead
    const db = process.env['EVIDENT_TEST_PG_DB'] ?? join(dir, 'election.db');
    const args = ['--db', db, '--host', '127.0.0.1', '--port', '0', '--workers', '2', '--rate-limit', '0'];
    const env = { EVIDENT_ADMIN_TOKEN: ADMIN };
    const s1 = await startServer(cli!, args, env, { timeoutMs: 30_000 });
    children.push(s1);
    const el = await within(
      'election set-up',
      40_000,
      setUpElection(httpCall(s1.base, 20_000), ADMIN, { voters: BALLOTS }),
      s1,
    );
    const bodies = prepareBallots(el, BALLOTS).map((b) => JSON.stringify({ ballot: b }));

    // kill after KILL_AFTER acknowledgements or KILL_WITHIN_MS, whichever is first
    let killed = false;
    let killedAt = -1;
    const kill = (): void => {
      if (killed) return;
      killed = true;
      clearTimeout(deadline);
      s1.child.kill('SIGKILL');
    };
    const deadline = setTimeout(kill, KILL_WITHIN_MS);
    const run = castAll(s1.base, el.id, bodies, 16, {
      stop: () => killed,
      requestTimeoutMs: 10_000,
      onAck: (_a, n) => {
        if (n >= KILL_AFTER) {
          killedAt = n;
          kill();
        }
      },
    });
    const { acks } = await within('casting until the kill', KILL_WITHIN_MS + 20_000, run, s1);
    kill(); // every ballot answered before either bound: kill now (nothing was in flight)
    await within('the killed server to exit', 10_000, killServer(s1));
    expect(
      acks.length,
      `no ballot acknowledged within ${KILL_WITHIN_MS} ms (killed after ${killedAt} acks)`,
    ).toBeGreaterThan(0);

    const s2 = await startServer(cli!, args, env, { timeoutMs: 30_000 });
    children.push(s2);
    const call = httpCall(s2.base, 20_000);
    const head = (await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead;
    const byCode = new Map<string, Ack>(acks.map((a) => [a.code, a]));
    for (const a of byCode.values()) {
      const r = await call('GET', `/elections/${el.id}/ballots/${a.code}`);
      expect(r.status, `ballot ${a.code} (log index ${a.logIndex}) lost`).toBe(200);
      expect(r.json.receipt.logIndex).toBe(a.logIndex);
      expect(a.treeSize).toBeLessThanOrEqual(head.treeSize);
    }
    // every head a voter saw is a prefix of the recovered log
    const sizes = [...new Set(acks.map((a) => a.treeSize))].slice(0, 20);
    for (const size of sizes) {
      const a = acks.find((x) => x.treeSize === size)!;
      const c = (
        await call('GET', `/elections/${el.id}/board/consistency?first=${size}&second=${head.treeSize}`)
      ).json;
      expect(c.firstHash).toBe(a.rootHash);
      expect(
        verifyConsistency(
          size,
          head.treeSize,
          c.proof.map((h: string) => fromHex(h)),
          fromHex(c.firstHash),
          fromHex(head.rootHash),
        ),
      ).toBe(true);
    }
    expect(await stopServer(s2, 10_000)).not.toBe('killed');
  }, 150_000);
});
