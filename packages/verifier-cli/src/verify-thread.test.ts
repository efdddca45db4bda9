/**
 * The verification in a thread of its own (./verify.ts, spec/verification.md §0.3.3): the same
 * report, the same unreadable-record errors and the progress as in the calling thread; and the
 * command npm links (node_modules/.bin/evident-verify, what `npx evident-verify` runs) passes its
 * arguments on and exits 0 valid, 1 invalid, 2 unreadable or on a bad option.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workersAvailable } from './evident/ballot-pass.js';
import type { VerificationReport } from './report.js';
import { UnreadableError, verifyRecord } from './verify.js';
import { smallRecord } from '../test/small-record.js';

const BIN = fileURLToPath(new URL('../../../node_modules/.bin/evident-verify', import.meta.url));
let base: string;
const dirs: string[] = [];

beforeAll(async () => {
  base = await smallRecord('evident-thread-', { ballots: 6, challengeEvery: 3 });
});
afterAll(() => {
  for (const d of [base, ...dirs]) rmSync(d, { recursive: true, force: true });
});

function copy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'evident-thread-bad-'));
  dirs.push(dir);
  cpSync(base, dir, { recursive: true });
  edit(dir);
  return dir;
}

/** The report without what differs from run to run. */
function stable(r: VerificationReport): Partial<VerificationReport> {
  const { seconds: _s, phases: _p, ...rest } = r;
  return rest;
}

/** What verifyRecord throws (or undefined). */
async function thrown(dir: string, workers: number): Promise<unknown> {
  try {
    await verifyRecord(dir, { workers });
    return undefined;
  } catch (e) {
    return e;
  }
}

describe.runIf(workersAvailable())('the verification thread', () => {
  it('gives the report of the calling thread and relays the progress', async () => {
    const seen: [number, number][] = [];
    const inThread = await verifyRecord(base, { workers: 1, onProgress: (d, t) => seen.push([d, t]) });
    const here = await verifyRecord(base, { workers: 0 });
    expect(inThread.valid).toBe(true);
    expect(stable(inThread)).toEqual(stable(here));
    expect(seen.length).toBeGreaterThan(0);
    const [done, total] = seen.at(-1)!;
    expect(done).toBe(total);
    expect(seen.every(([d, t]) => d <= t)).toBe(true);
  });

  it('throws the same UnreadableError as the calling thread, naming file and field', async () => {
    const bad = [
      join(base, 'nope'),
      copy((d) => unlinkSync(join(d, 'tally.json'))),
      copy((d) => writeFileSync(join(d, 'election-initialized.json'), '{"guardians": [')),
      copy((d) => {
        const p = join(d, 'election-config.json');
        writeFileSync(p, readFileSync(p, 'utf8').replace('"quorum": 2', '"quorum": "two"'));
      }),
    ];
    for (const dir of bad) {
      const inThread = await thrown(dir, 2);
      const here = await thrown(dir, 0);
      expect(inThread, dir).toBeInstanceOf(UnreadableError);
      expect({ ...(inThread as UnreadableError), message: (inThread as Error).message }).toEqual({
        ...(here as UnreadableError),
        message: (here as Error).message,
      });
    }
    expect(((await thrown(bad[3]!, 2)) as UnreadableError).message).toMatch(/election-config\.json: quorum/);
  });
});

describe.runIf(existsSync(BIN) && workersAvailable())('the evident-verify command npm links', () => {
  const run = (...args: string[]) => spawnSync(BIN, args, { encoding: 'utf8' });

  it('exits 0 on a valid record, with the options it was given', () => {
    const r = run(base, '--json', '--workers', '2');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).valid).toBe(true);
    expect(run(base, '--workers', '1').stdout).toMatch(/^VALID: 0 step\(s\) failed/m);
  });

  it('exits 1 on an invalid record and 2 on an unreadable one or a bad option', () => {
    const bad = copy((d) => {
      const p = join(d, 'devices.json');
      writeFileSync(
        p,
        readFileSync(p, 'utf8').replace(
          /"closingHash": "(.)/,
          (_, c: string) => `"closingHash": "${c === '0' ? '1' : '0'}`,
        ),
      );
    });
    const r = run(bad);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/7\.G\s+devices\.json devices\[0\]\.closingHash/);
    const missing = run(join(base, 'nope'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/unreadable record: .*nope: no such record folder/);
    expect(run(base, '--workers', 'many').status).toBe(2);
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: evident-verify/);
  });
});
