/**
 * The bench's database: which `--db` values start a cluster, the CPU of a process tree read
 * from /proc (this process and a child that burns CPU, reaped: the parent's cutime), and the
 * statements per cast between two readings of pg_stat_statements.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openBenchDb, processTreeCpuMs, statementsPerCast, wantsCluster } from './bench-db.js';

describe('bench database', () => {
  it('starts a cluster for the bare word postgres and --pg only', () => {
    expect(wantsCluster('postgres')).toBe(true);
    expect(wantsCluster('postgresql')).toBe(true);
    expect(wantsCluster(undefined, true)).toBe(true);
    expect(wantsCluster('postgres://u@h/e')).toBe(false);
    expect(wantsCluster('/tmp/postgres')).toBe(false);
    expect(wantsCluster(undefined)).toBe(false);
  });

  it('passes a SQLite path through, with no PostgreSQL figures', async () => {
    const b = await openBenchDb('/tmp/x.db');
    expect(b.db).toBe('/tmp/x.db');
    expect(b.pg).toBeUndefined();
    expect(b.dbCpuMs()).toBeNaN();
    b.close();
  });

  it('statements per cast and the lock wait between two readings', () => {
    const before = { statements: 1000, lockCalls: 10, lockMs: 5 };
    const after = { statements: 1460, lockCalls: 30, lockMs: 9 };
    expect(statementsPerCast(before, after, 200)).toEqual({
      perCast: 2.3,
      batchesPerCast: 0.1,
      lockWaitMsMean: 0.2,
    });
    // no cast acknowledged, no lock taken: finite figures, never a division by zero
    expect(statementsPerCast(before, before, 0)).toEqual({
      perCast: 0,
      batchesPerCast: 0,
      lockWaitMsMean: 0,
    });
  });

  it.runIf(process.platform === 'linux')("counts a child's CPU in its parent's tree", async () => {
    const before = processTreeCpuMs(process.pid);
    // 300 ms of CPU, however long the shared machine takes to give it
    const burn = 'const s = process.cpuUsage(); while (process.cpuUsage(s).user < 300_000);';
    const child = spawn(process.execPath, ['-e', burn]);
    await new Promise((r) => child.once('exit', r));
    expect(processTreeCpuMs(process.pid) - before).toBeGreaterThanOrEqual(300);
    expect(processTreeCpuMs(2 ** 22 + 12345)).toBeNaN();
  });
});
