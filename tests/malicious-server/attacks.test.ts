/**
 * The malicious-server harness (spec/attacks.md): one real election, exported once; for each row
 * of the attack table a lying server changes a copy of the record (or sends a request, or asks a
 * guardian), and the row's catcher must say so — `evident-verify` INVALID with a finding of the
 * row's exact check (and, when the lying server re-signed its heads, L2 passing: the catch must
 * not rest on the log key), the server refusing with the row's code and writing nothing, a
 * guardian refusing, or the voter's receipt no longer consistent with the published log.
 * Rows whose catcher is being built elsewhere are skipped, with the reason in their title.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLogHash, fromHex, verifyTreeHead } from '@evident/e2e-crypto';
import { checkBoardLog, verifyRecord } from '@evident/verifier-cli';
import { ATTACKS, testName } from './attack-table.js';
import type { Attack, Pending, ReceiptAttack, RecordAttack, ServerAttack } from './attack-types.js';
import { closeFixture, electionFixture, type ElectionFixture } from './election-fixture.js';
import { LyingServer } from './lying-server.js';
import { askToDecrypt } from './guardian-attacks.js';

const WAITING_FOR: Record<Pending, string> = {
  vranked: 'pending: the verifier binding ranked files to the manifest and the board',
  vlog: 'pending: the verifier checking lifecycle, credentials and claims on the log',
  serverfix: "pending: the server's own refusal",
  guardsign: 'pending: guardian signatures',
  guardcheck: 'pending: guardians checking what they decrypt',
};

/** EVIDENT_RUN_PENDING=1 runs the pending rows too (to see which already pass). */
const RUN_PENDING = process.env.EVIDENT_RUN_PENDING === '1';

let fx: ElectionFixture;
beforeAll(async () => {
  fx = await electionFixture();
});
afterAll(closeFixture);

/** The sizes of the server's boards (to see that a refusal wrote nothing). */
const boardSizes = () => ['e1', 'e2', 'e3', 'e4'].map((id) => fx.app.evident.logs.get(id)?.size);

let copies = 0;
const liarFor = () => new LyingServer(fx.record, join(fx.root, `copy-${++copies}`), fx.logSecretKey);

async function recordRow(a: RecordAttack): Promise<void> {
  const liar = liarFor();
  await a.apply(liar, fx);
  const report = await verifyRecord(liar.dir, { workers: 0 });
  const findings = report.steps.flatMap((s) => s.failures.map((f) => `${f.check} ${f.location}`));
  expect(report.valid).toBe(false);
  expect(
    findings.map((f) => f.split(' ')[0]),
    findings.join('\n'),
  ).toContain(a.check);
  if (liar.resigned && !a.breaksL2) expect(report.steps.find((s) => s.id === 'L2')?.status).toBe('passed');
}

async function serverRow(a: ServerAttack): Promise<void> {
  await a.prepare?.(fx);
  const before = boardSizes();
  const r = await a.send(fx);
  expect([r.status >= 400 && r.status < 500, r.json.code], JSON.stringify(r.json).slice(0, 300)).toEqual([
    true,
    a.code,
  ]);
  expect(boardSizes()).toEqual(before);
}

async function receiptRow(a: ReceiptAttack): Promise<void> {
  const receipt = fx.receipts.get(a.voter)![0] as { treeHead: { treeSize: number; rootHash: string } };
  const head = receipt.treeHead;
  const liar = liarFor();
  expect(encodeLogHash(liar.rootHash(head.treeSize))).toBe(head.rootHash); // the honest log extends it
  await a.apply(liar, fx);
  const key = fromHex(String(liar.entries[0]!.logPublicKey), 'logPublicKey');
  expect(verifyTreeHead(head as never, key)).toBe(true);
  expect(encodeLogHash(liar.rootHash(head.treeSize))).not.toBe(head.rootHash);
  // the rewritten history is signed: the log checks alone cannot tell
  expect((await checkBoardLog(liar.dir)).find((s) => s.id === 'L2')?.status).toBe('passed');
}

async function runRow(a: Attack): Promise<void> {
  switch (a.kind) {
    case 'record':
      return recordRow(a);
    case 'server':
      return serverRow(a);
    case 'guardian':
      expect(await a.ask(fx)).toMatch(/refusing to decrypt/);
      return;
    case 'receipt':
      return receiptRow(a);
  }
}

describe('the lying server’s harness', () => {
  it('the guardian decrypts the honest requests (its refusals below are not refusals of everything)', async () => {
    for (const kind of ['tally', 'challenged-ballots', 'ranked'] as const)
      expect(await askToDecrypt(fx, kind, (items) => items)).toBeUndefined();
  });

  it('the honest record verifies; copying, re-serialising and re-signing it changes nothing', async () => {
    expect((await verifyRecord(fx.record, { workers: 0 })).valid).toBe(true);
    const liar = liarFor();
    liar.resignTreeHeads().saveBoard();
    const report = await verifyRecord(liar.dir, { workers: 0 });
    expect(report.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(report.steps.filter((s) => /^L[123]$/.test(s.id)).map((s) => s.status)).toEqual([
      'passed',
      'passed',
      'passed',
    ]);
  });

  it('dropping, inserting or moving entries renumbers the entries that name others by index', () => {
    const liar = liarFor();
    const codeAt = (i: number) => String(liar.entries[i]!.submission.ballot.code);
    const named = () => {
      const s = liar.entries[liar.find('supersession')]!;
      const m = liar.entries[liar.find('mix-inputs')]!;
      return [codeAt(s.superseded), codeAt(s.by), ...(m.ballots as number[]).map(codeAt)];
    };
    const before = named();
    liar.dropEntry(liar.find('open'));
    expect(named()).toEqual(before);
    liar.insertEntry(2, { type: 'open', time: 0 });
    expect(named()).toEqual(before);
    liar.moveEntry(
      liar.find('ballot', () => true, 3),
      liar.find('ballot'),
    );
    expect(named()).toEqual(before);
    liar.moveEntry(liar.find('ballot'), liar.find('close'));
    expect(named()).toEqual(before);
  });
});

describe('attacks of a lying server, each caught (spec/attacks.md)', () => {
  ATTACKS.forEach((a, i) => {
    const name = testName(a, i + 1);
    if (a.pending && !RUN_PENDING) it.skip(`${name} [${WAITING_FOR[a.pending]}]`, () => runRow(a));
    else it(name, () => runRow(a));
  });
});
