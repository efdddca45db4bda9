/**
 * A server that lies about its own board, which it can re-sign (it holds the log key): the
 * verifier must still catch a record without its board (L1.D), a credential published after
 * opening (L4.A), entries out of lifecycle order (L4.B), ballots outside the voting period
 * (L4.C), a bad public credential (C1) and one claim under two credentials (C5).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLogKey, ristretto, toHex } from '@evident/e2e-crypto';
import { verifyRecord } from '@evident/verifier-cli';
import { buildApp } from '../packages/server/src/app.js';
import { exportRecord } from '../packages/server/src/record/export-record.js';
import { injectCall } from '../packages/server/src/testing/local-election.js';
import { runElection } from '../packages/server/src/testing/run-election.js';
import {
  insertEntry as insert,
  moveEntry,
  readBoardEntries,
  rewriteBoardLog,
  type LogEntry,
} from '../packages/verifier-cli/test/resign-log.js';

const ADMIN = 'evd_lifecycle-admin';
const key = generateLogKey().secretKey;
let root = '';
let record = '';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'evident-lifecycle-'));
  record = join(root, 'record');
  const app = await buildApp({ adminToken: ADMIN, rateLimit: false, logSecretKey: toHex(key) });
  try {
    await runElection(injectCall(app), ADMIN, [['o1'], ['o2', 'o3'], ['!o4', 'o4'], ['o5']]);
    expect((await exportRecord(app.evident.store, 'e1', record)).complete).toBe(true);
  } finally {
    await app.close();
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let copies = 0;
/** A copy of the record after `edit`; its findings by step. */
async function verifyAfter(edit: (dir: string) => void) {
  const dir = join(root, `copy-${++copies}`);
  cpSync(record, dir, { recursive: true });
  edit(dir);
  const r = await verifyRecord(dir, { workers: 0 });
  const step = (id: string) => r.steps.find((s) => s.id === id);
  const findings = r.steps.flatMap((s) => s.failures.map((f) => ({ step: s.id, ...f })));
  return { r, step, findings, checks: [...new Set(findings.map((f) => f.check))].sort() };
}
/** The log after `edit` with re-signed heads: a lying server's export. */
const relog = (edit: (e: LogEntry[]) => LogEntry[]) => (dir: string) => rewriteBoardLog(dir, key, edit);
const at = (entries: LogEntry[], type: string) => entries.findIndex((e) => e.type === type);

describe('the verifier binds the board of a server-made record', () => {
  it('the honest record verifies, with every log step L1–L4 passed', async () => {
    const { r, step } = await verifyAfter(() => undefined);
    expect(r.steps.filter((s) => s.status === 'failed')).toEqual([]);
    for (const id of ['L1', 'L2', 'L3', 'L4']) expect(step(id)?.status).toBe('passed');
  });

  it('the unchanged log, re-signed by the helper, still verifies (its heads are valid)', async () => {
    const { r } = await verifyAfter(relog((e) => e));
    expect(r.valid).toBe(true);
  });

  it('L1.D: without board/ the record is invalid, naming the missing file', async () => {
    const { r, findings } = await verifyAfter((d) => rmSync(join(d, 'board'), { recursive: true }));
    expect(r.valid).toBe(false);
    expect(findings).toContainEqual(expect.objectContaining({ check: 'L1.D', location: 'board/log.jsonl' }));
  });

  it('L1.D: without its signed tree heads the record names board/tree-heads.jsonl', async () => {
    const { findings } = await verifyAfter((d) => rmSync(join(d, 'board/tree-heads.jsonl')));
    expect(findings).toContainEqual(
      expect.objectContaining({ check: 'L1.D', location: 'board/tree-heads.jsonl' }),
    );
  });

  it('L4.A: a credentials entry after open, re-signed, is found at its line', async () => {
    let line = 0;
    const { checks, findings, step } = await verifyAfter(
      relog((e) => {
        const moved = moveEntry(e, at(e, 'credentials'), at(e, 'open'));
        line = at(moved, 'credentials') + 1;
        return moved;
      }),
    );
    expect(step('L2')?.status).toBe('passed');
    // the only credentials entry moved: "open" now also lacks one before it (L4.B)
    expect(checks).toEqual(['L4.A', 'L4.B']);
    expect(findings.find((f) => f.check === 'L4.A')!.location).toBe(`board/log.jsonl:${line}`);
  });

  it('L4.A: a new credential added after open is refused', async () => {
    const S = toHex(ristretto.encode(ristretto.gExp(12345n)));
    const { checks } = await verifyAfter(
      relog((e) => insert(e, at(e, 'open') + 1, { type: 'credentials', credentials: [S], time: 1 })),
    );
    expect(checks).toEqual(['L4.A']);
  });

  it('L4.A: a credential published after open and cast with (valid signatures) is the only finding', async () => {
    let line = 0;
    const { checks, findings } = await verifyAfter(
      relog((e) => {
        const ballot = e[at(e, 'ballot')]!;
        const S = cred(ballot);
        const i = at(e, 'credentials');
        const rest = (e[i]!.credentials as string[]).filter((c) => c !== S);
        const split = e.map((x, j) => (j === i ? { ...x, credentials: rest } : x));
        line = at(split, 'open') + 2;
        return insert(split, at(split, 'open') + 1, { type: 'credentials', credentials: [S], time: 1 });
      }),
    );
    expect(checks).toEqual(['L4.A']);
    expect(findings[0]!.location).toBe(`board/log.jsonl:${line}`);
  });

  it('L4.C: a ballot before open', async () => {
    const { checks, step } = await verifyAfter(relog((e) => moveEntry(e, at(e, 'open'), at(e, 'ballot'))));
    expect(step('L2')?.status).toBe('passed');
    expect(checks).toEqual(['L4.C']);
  });

  it('L4.C: ballots at or after the close instant of a schedule entry', async () => {
    const { checks, findings } = await verifyAfter(
      relog((e) => {
        const first = e[at(e, 'ballot')]!.time as number;
        const schedule = { type: 'schedule', timeZone: 'UTC', closeAt: 'x', closeAtInstant: first, time: 1 };
        return insert(e, at(e, 'open'), schedule);
      }),
    );
    expect(checks).toEqual(['L4.C']);
    expect(findings.length).toBeGreaterThanOrEqual(6);
  });

  it('L4.C: a ballot after close', async () => {
    const { checks } = await verifyAfter(relog((e) => moveEntry(e, at(e, 'close'), at(e, 'ballot') + 1)));
    expect(checks).toContain('L4.C');
  });

  it('L4.B: a schedule after close, a tally before close, a second open, an entry after publish', async () => {
    const tallyBeforeClose = await verifyAfter(
      relog((e) => moveEntry(e, at(e, 'encrypted-tally'), at(e, 'close'))),
    );
    expect(tallyBeforeClose.checks).toEqual(['L4.B']);
    const late = await verifyAfter(
      relog((e) => insert(e, at(e, 'close') + 1, { type: 'schedule', timeZone: 'UTC', time: 1 })),
    );
    expect(late.checks).toEqual(['L4.B']);
    const twice = await verifyAfter(relog((e) => insert(e, at(e, 'close'), { type: 'open', time: 1 })));
    expect(twice.checks).toEqual(['L4.B']);
    const after = await verifyAfter(
      relog((e) => [...e, { type: 'close', reason: 'administrator', time: 1 }]),
    );
    expect(after.checks).toEqual(['L4.B']);
  });

  it('C1: the identity as a public credential, or a credential listed twice', async () => {
    const identity = toHex(ristretto.encode(ristretto.one));
    const withIdentity = await verifyAfter(
      relog((e) => {
        const i = at(e, 'credentials');
        const list = [...(e[i]!.credentials as string[]), identity].sort();
        return e.map((x, j) => (j === i ? { ...x, credentials: list } : x));
      }),
    );
    expect(withIdentity.checks).toEqual(['C1']);
    expect(withIdentity.step('L3')?.status).toBe('failed');
    const twice = await verifyAfter(
      relog((e) => {
        const i = at(e, 'credentials');
        const again = { ...e[i]!, credentials: [(e[i]!.credentials as string[])[0]!] };
        return insert(e, i + 1, again);
      }),
    );
    expect(twice.checks).toEqual(['C1']);
  });

  it('C5: one contest claim under two credentials is named, beside the broken signature', async () => {
    const { checks, findings } = await verifyAfter(
      relog((e) => {
        const ballots = e.map((x, i) => [x, i] as const).filter(([x]) => x.type === 'ballot');
        const [a] = ballots[0]!;
        const [b, j] = ballots.find(([x]) => cred(x) !== cred(a))!;
        const sub = b.submission as { ballot: Record<string, unknown> };
        const copy = {
          ...b,
          submission: { ...sub, ballot: { ...sub.ballot, contests: ballotOf(a).contests } },
        };
        return e.map((x, i) => (i === j ? copy : x));
      }),
    );
    expect(checks).toContain('C5');
    expect(findings.find((f) => f.check === 'C5')!.location).toMatch(
      /^board\/log\.jsonl:\d+ submission\.ballot\.contests\[0\]$/,
    );
  });
});

const cred = (e: LogEntry): string => (e.submission as { credential: string }).credential;
const ballotOf = (e: LogEntry) => (e.submission as { ballot: { contests: unknown } }).ballot;

it('the helper reads what it writes', () => {
  expect(readBoardEntries(record)[0]!.type).toBe('setup');
});
