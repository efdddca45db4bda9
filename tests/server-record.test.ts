/**
 * Server → record → verifier, across packages: an election run through the server's HTTP API
 * (revotes, challenges, trustee decryption with a guardian absent), exported with
 * `exportRecord`, verifies with `evident-verify` (every step, with the bulletin-board log checks
 * L1–L4); tampering with a log entry, a tree head or the record is a failed step.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.js';
import { exportRecord } from '../packages/server/src/record/export-record.js';
import { runElection } from '../packages/server/src/testing/run-election.js';
import { injectCall } from '../packages/server/src/testing/local-election.js';
import { checkBoardLog } from '@evident/verifier-cli';
import { expectRecordVerifies } from './support/record-verifies.js';

const ADMIN = 'evd_record-admin';

describe('server record export → evident-verify', () => {
  let root: string;
  let record: string;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'evident-export-'));
    record = join(root, 'record');
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    const call = injectCall(app);
    await runElection(call, ADMIN, [
      ['o1'],
      ['o2', 'o3'],
      ['!o4', 'o4'],
      ['o5'],
      ['!o1'],
      ['o2', 'o2', 'o1'],
    ]);
    const s = await exportRecord(app.evident.store, 'e1', record);
    expect(s.complete).toBe(true);
    expect(s.ballots).toEqual({ cast: 5, superseded: 3, challenged: 2, cancelled: 0 });
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  const copy = (name: string): string => {
    const d = join(root, name);
    cpSync(record, d, { recursive: true });
    return d;
  };
  const status = (steps: { id: string; status: string }[], id: string) =>
    steps.find((s) => s.id === id)?.status;
  const checks = (steps: { id: string; failures: readonly { check: string }[] }[], id: string) =>
    steps.find((s) => s.id === id)!.failures.map((f) => f.check);

  it('verifies: every step of evident-verify and the log checks L1–L4 pass', async () => {
    await expectRecordVerifies(record, 5);
    expect(
      JSON.parse(readFileSync(join(record, 'tally.json'), 'utf8')).contests[0].selections.map(
        (s: { value: number }) => s.value,
      ),
    ).toEqual([2, 0, 1, 1, 1]);
  });

  it('a changed log entry breaks the signed roots (L2.B) and the record match', async () => {
    const d = copy('t-entry');
    const p = join(d, 'board/log.jsonl');
    const lines = readFileSync(p, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('{"submission"') || l.includes('"type":"ballot"'));
    lines[i] = lines[i]!.replace(/"time":(\d+)/, (_m, t: string) => `"time":${Number(t) + 1}`);
    writeFileSync(p, lines.join('\n'));
    const steps = await checkBoardLog(d);
    expect(status(steps, 'L2')).toBe('failed');
    expect(checks(steps, 'L2')).toContain('L2.B');
  });

  it('a ballot whose credential signature was changed on the board fails L3.E', async () => {
    const d = copy('t-sig');
    const p = join(d, 'board/log.jsonl');
    const lines = readFileSync(p, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"type":"ballot"'));
    const e = JSON.parse(lines[i]!);
    const v: string = e.submission.signature.v;
    e.submission.signature.v = v.slice(0, -1) + (v.endsWith('0') ? '1' : '0');
    lines[i] = JSON.stringify(e);
    writeFileSync(p, lines.join('\n'));
    const steps = await checkBoardLog(d);
    expect(checks(steps, 'L3')).toContain('L3.E');
    expect(steps.find((s) => s.id === 'L3')!.failures.find((f) => f.check === 'L3.E')!.location).toBe(
      `board/log.jsonl:${i + 1} submission.signature`,
    );
  });

  it('a changed tree head fails its signature (L2.A)', async () => {
    const d = copy('t-head');
    const p = join(d, 'board/tree-heads.jsonl');
    const lines = readFileSync(p, 'utf8').split('\n');
    const h = JSON.parse(lines[3]!);
    h.timestamp += 1;
    lines[3] = JSON.stringify(h);
    writeFileSync(p, lines.join('\n'));
    const steps = await checkBoardLog(d);
    expect(checks(steps, 'L2')).toEqual(['L2.A']);
  });

  it('a dropped ballot or a superseded ballot counted again is a failed L3', async () => {
    const d = copy('t-state');
    const dir = join(d, 'ballots');
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      const text = readFileSync(p, 'utf8');
      if (text.includes('"superseded"')) {
        writeFileSync(p, text.replace('"superseded"', '"cast"'));
        break;
      }
    }
    let steps = await checkBoardLog(d);
    expect(checks(steps, 'L3')).toContain('L3.C');
    const d2 = copy('t-drop');
    const f = readdirSync(join(d2, 'ballots'))[0]!;
    writeFileSync(
      join(d2, 'ballots', f),
      readFileSync(join(d2, 'ballots', f), 'utf8')
        .split('\n')
        .slice(1)
        .join('\n'),
    );
    steps = await checkBoardLog(d2);
    expect(checks(steps, 'L3')).toContain('L3.B');
  });

  it("a store whose counted ballots are not the board's is refused, and nothing is written", async () => {
    const store = app.evident.store;
    const stored = await store.countedBallotIndices('e1');
    expect(stored.length).toBe(5);
    // the bookkeeping drops one counted ballot: the export must not write it as superseded
    const lying = { ...store, countedBallotIndices: async () => stored.slice(1) };
    const d = join(root, 't-bookkeeping');
    await expect(exportRecord(lying, 'e1', d)).rejects.toMatchObject({
      code: 'EVD_ERR_INTERNAL',
      message: expect.stringContaining('not the counted ballots of the board'),
    });
    expect(readdirSync(root)).not.toContain('t-bookkeeping');
  });
});
