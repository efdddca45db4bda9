/**
 * The bench's database: which `--db` values start a cluster, and the CPU of a process tree read
 * from /proc (this process and a child that burns CPU, reaped: the parent's cutime).
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openBenchDb, processTreeCpuMs, wantsCluster } from './bench-db.js';

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
