import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendingFiles } from './device-files.js';
import { BALLOTS_DIR, DEVICES_FILE } from './layout.js';
import { simulateElection } from './simulate/simulate-election.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'evident-device-files-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** File descriptors of this process (Linux), or undefined elsewhere. */
const fdCount = (): number | undefined =>
  existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : undefined;

describe('appendingFiles: many files, a bounded number open', () => {
  it('appends round-robin to 50 files with at most 3 open, each file in write order', () => {
    const dir = tempDir();
    const files = appendingFiles(dir, 3);
    const before = fdCount();
    let maxFds = 0;
    for (let round = 0; round < 3; round++) {
      for (let f = 0; f < 50; f++) {
        files.append(`sub/f${f}.txt`, `${f}:${round}\n`);
        expect(files.openFiles).toBeLessThanOrEqual(3);
        maxFds = Math.max(maxFds, fdCount() ?? 0);
      }
    }
    files.touch('sub/empty.txt');
    files.close();
    expect(files.openFiles).toBe(0);
    if (before !== undefined) expect(maxFds - before).toBeLessThanOrEqual(3);
    for (let f = 0; f < 50; f++)
      expect(readFileSync(join(dir, `sub/f${f}.txt`), 'utf8')).toBe(`${f}:0\n${f}:1\n${f}:2\n`);
    expect(readFileSync(join(dir, 'sub/empty.txt'), 'utf8')).toBe('');
  });

  it('truncates a file that existed before its first write, then appends', () => {
    const dir = tempDir();
    const a = appendingFiles(dir, 1);
    a.append('x.txt', 'old\n');
    a.close();
    const b = appendingFiles(dir, 1);
    b.append('x.txt', 'new\n');
    b.append('y.txt', 'y\n'); // closes x.txt
    b.append('x.txt', 'more\n'); // reopens it in append mode
    b.close();
    expect(readFileSync(join(dir, 'x.txt'), 'utf8')).toBe('new\nmore\n');
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => appendingFiles(tempDir(), 0)).toThrow(/maxOpen/);
  });
});

describe('simulateElection in the export layout (a file per device, 1–2 ballots each)', () => {
  it('writes 300 ballots into 200 files with at most 4 open', async () => {
    const dir = tempDir();
    const before = fdCount();
    const r = await simulateElection(dir, {
      guardians: 3,
      quorum: 2,
      ballots: 300,
      devices: 200,
      distinctEncryptions: 5,
      maxOpenFiles: 4,
      onProgress: () => {
        const n = fdCount();
        if (before !== undefined && n !== undefined) expect(n - before).toBeLessThanOrEqual(4);
      },
    });
    expect(r.castBallots + r.challengedBallots).toBe(300);
    const files = readdirSync(join(dir, BALLOTS_DIR)).sort();
    expect(files).toHaveLength(200);
    const lines = files.map(
      (f) =>
        readFileSync(join(dir, BALLOTS_DIR, f), 'utf8')
          .trimEnd()
          .split('\n').length,
    );
    expect(lines.filter((n) => n === 2)).toHaveLength(100);
    expect(lines.filter((n) => n === 1)).toHaveLength(100);
    const devices = JSON.parse(readFileSync(join(dir, DEVICES_FILE), 'utf8')) as { devices: unknown[] };
    expect(devices.devices).toHaveLength(200);
  }, 120_000);
});
