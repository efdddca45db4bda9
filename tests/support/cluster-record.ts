/**
 * What the several-node tests share (tests/cluster-*.test.ts): polling until a condition holds,
 * and the end of an election — tally, decryption by two of three simulated guardians,
 * `evident-server export` from the shared store (the real CLI), `evident-verify` on the record.
 * @module
 */
import { spawn } from 'node:child_process';
import { checkBoardLog, verifyRecord } from '@evident/verifier-cli';
import { expect } from 'vitest';
import { CLUSTER_ADMIN } from '../../packages/server/src/cluster/cluster-nodes.js';
import { compiledCli } from '../../packages/server/src/testing/http.js';
import { mustCall, type Call, type LocalElection } from '../../packages/server/src/testing/local-election.js';
import { decryptRounds } from '../../packages/server/src/testing/run-election.js';
import { simulatedGuardian } from '../../packages/server/src/testing/trustee-sim.js';

const cli = compiledCli();

/** Polls `f` until it returns a value, or fails after `ms` naming `what`. */
export async function until<T>(what: string, ms: number, f: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `evident-server export` of `id` from store `db` into `out` (the real CLI). */
function exportRecord(db: string, id: string, out: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli!, 'export', '--db', db, '--election', id, '--out', out], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(err) : reject(new Error(`export exited ${code}: ${err}`)),
    );
  });
}

/** Tallies and decrypts `el` over `call` (guardians 1..n−1 of n = 3, k = 2), then exports and verifies. */
export async function tallyExportVerify(call: Call, db: string, el: LocalElection, out: string) {
  const must = mustCall(call, CLUSTER_ADMIN);
  const { requests } = await must('POST', `/elections/${el.id}/tally`);
  const kinds = (requests as { kind: string }[]).map((r) => r.kind);
  const G = el.client.ctx.G;
  const present = [1, 2].map((x) => simulatedGuardian(G, el.ceremony, x, 2));
  await decryptRounds(must, el, present, kinds);
  await exportRecord(db, el.id, out);
  const report = await verifyRecord(out, { workers: 0 });
  expect(report.steps.filter((s) => s.status === 'failed')).toEqual([]);
  expect(report.valid).toBe(true);
  const log = await checkBoardLog(out);
  expect(log.map((s) => [s.id, s.status])).toEqual([
    ['L1', 'passed'],
    ['L2', 'passed'],
    ['L3', 'passed'],
    ['L4', 'passed'],
  ]);
  return report;
}
