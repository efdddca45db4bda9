/**
 * `npm run bench:sheet`: commander's --help and flag checks, and the --json document. Runs the
 * built file (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const file = fileURLToPath(new URL('../../dist/sheet/sheet-bench.js', import.meta.url));
const run = (args: string[]) =>
  spawnSync(process.execPath, [file, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });

describe('bench:sheet', () => {
  it('is built (run `npx tsc -b`)', () => expect(existsSync(file)).toBe(true));

  it('answers --help with its usage and runs nothing; refuses an unknown flag or a bad list with exit 1', () => {
    const help = run(['--help']);
    expect(help.stdout).toContain('Usage: bench:sheet');
    expect(help.stdout).toContain('--json');
    expect(help.status).toBe(0);
    const bad = run(['--no-such-flag']);
    expect(bad.stderr).toContain('--no-such-flag');
    expect(bad.status).toBe(1);
    const list = run(['--contests', '10,x']);
    expect(list.stderr).toContain('comma-separated list');
    expect(list.status).toBe(1);
  });

  it('prints one JSON document with a row per sheet size and part size', () => {
    const r = run(['--contests', '2,20', '--max-part-bytes', '412,997', '--no-read-back', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      level: string;
      rows: { contests: number; maxPartBytes: number; codes: number; qrVersion: number }[];
    };
    expect(doc.level).toBe('M');
    expect(doc.rows.map((x) => [x.contests, x.maxPartBytes])).toEqual([
      [2, 412],
      [2, 997],
      [20, 412],
      [20, 997],
    ]);
    for (const row of doc.rows) expect(row.qrVersion).toBeLessThanOrEqual(row.maxPartBytes === 412 ? 15 : 25);
  });

  it('says why it failed, exit 2, when the part size cannot hold the signatures', () => {
    const r = run(['--contests', '2', '--max-part-bytes', '213', '--no-read-back']);
    expect(r.stderr).toContain('cannot hold');
    expect(r.status).toBe(2);
  });
});
