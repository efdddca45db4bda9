/**
 * `evident-verify` exit codes and messages on good and bad input (spec/verification.md §0.2):
 * 0 valid, 1 invalid with the numbered check and location, 2 unreadable with file and field.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { workersAvailable } from './evident/ballot-pass.js';
import { smallRecord } from '../test/small-record.js';

let base: string;
const dirs: string[] = [];

beforeAll(async () => {
  base = await smallRecord('evident-cli-', { ballots: 6, challengeEvery: 3 });
});
afterAll(() => {
  for (const d of [base, ...dirs]) rmSync(d, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), isTTY: false });
  return { code, out, err };
}

function copy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'evident-cli-bad-'));
  dirs.push(dir);
  cpSync(base, dir, { recursive: true });
  edit(dir);
  return dir;
}

describe('evident-verify', () => {
  it('exits 0 on a valid record and prints every step', async () => {
    const r = await run([base, '--workers', '0']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/VALID/);
    expect(r.out).toMatch(/PASS\s+5\s+Selection/);
  });

  it('prints a JSON report with --json', async () => {
    const r = await run([base, '--json', '--workers', '0']);
    const report = JSON.parse(r.out);
    expect(report.valid).toBe(true);
    expect(report.format).toBe('evident');
    expect(report.steps.map((s: { id: string }) => s.id)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
      '13',
      '14',
      'L1',
      'L2',
      'L3',
      'L4',
    ]);
  });

  it('exits 2 for a missing folder, a missing file, malformed JSON and a wrong schema, naming the file and field', async () => {
    expect((await run([join(base, 'nope')])).code).toBe(2);
    let r = await run([copy((d) => unlinkSync(join(d, 'tally.json'))), '--workers', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/tally\.json.*missing/);
    r = await run([
      copy((d) => writeFileSync(join(d, 'election-initialized.json'), '{"guardians": [')),
      '--workers',
      '0',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/election-initialized\.json.*malformed JSON/);
    r = await run([
      copy((d) => {
        const p = join(d, 'election-config.json');
        writeFileSync(p, readFileSync(p, 'utf8').replace('"quorum": 2', '"quorum": "two"'));
      }),
      '--workers',
      '0',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/election-config\.json: quorum/);
    expect(r.err).not.toMatch(/at .*\.ts:/); // no stack trace
  });

  it('reports an element outside the group as failed check 5.A with the ballot and field', async () => {
    const r = await run([
      copy((d) => {
        const p = join(d, 'ballots/device-1.jsonl');
        const lines = readFileSync(p, 'utf8').split('\n');
        const j = JSON.parse(lines[0]!);
        j.contests[0].selections[1].alpha = 'FF'.repeat(32); // not a canonical ristretto255 encoding
        lines[0] = JSON.stringify(j);
        writeFileSync(p, lines.join('\n'));
      }),
      '--workers',
      '0',
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /5\.A\s+ballots\/device-1\.jsonl:1 ballot [0-9A-F]{16} contests\[0\]\.selections\[1\]\.alpha/,
    );
  });

  it('reports a malformed ballot line as failed check 5.F naming file and line', async () => {
    const r = await run([
      copy((d) => {
        const p = join(d, 'ballots/device-2.jsonl');
        writeFileSync(p, readFileSync(p, 'utf8').replace(/^\{/, '{{'));
      }),
      '--workers',
      '0',
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/5\.F\s+ballots\/device-2\.jsonl:1/);
  });

  it.runIf(workersAvailable())('gives the same verdict with worker threads', async () => {
    expect((await run([base, '--workers', '2'])).code).toBe(0);
    const bad = copy((d) => {
      const p = join(d, 'devices.json');
      writeFileSync(
        p,
        readFileSync(p, 'utf8').replace(
          /"closingHash": "(.)/,
          (_, d: string) => `"closingHash": "${d === '0' ? '1' : '0'}`,
        ),
      );
    });
    const r = await run([bad, '--workers', '2']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/7\.G\s+devices\.json devices\[0\]\.closingHash/);
  });
});
