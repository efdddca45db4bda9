/**
 * Server → record → verifier with submissions in lower-case hex (spec/server-api.md §1 accepts
 * either case; the board keeps a submission as sent, the record has upper case): a cast and a
 * challenge sent in lower case are accepted, tallied, decrypted, exported, and the record
 * verifies with `evident-verify` and the log checks L1–L3. A challenged ballot's contest data
 * changed on the board is named by L3.H.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ballotDigest, credentialSignatureToJson, signWithCredential } from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.js';
import { exportRecord } from '../packages/server/src/record/export-record.js';
import { closeAndDecrypt } from '../packages/server/src/testing/run-election.js';
import {
  castBallot,
  injectCall,
  nextSubmission,
  setUpElection,
  submitPath,
  type Call,
  type Intent,
  type LocalElection,
} from '../packages/server/src/testing/local-election.js';
import { checkBoardLog } from '@evident/verifier-cli';
import { expectRecordVerifies } from './support/record-verifies.js';
import { lowerHex } from '../packages/server/src/testing/lower-hex.js';

const ADMIN = 'evd_hex-case-admin';

/** `voter`'s next ballot for `option`, every hex in lower case, signed as sent. */
async function sendLowerCase(call: Call, el: LocalElection, voter: string, option: string, intent: Intent) {
  const { sub, cred } = await nextSubmission(call, el, voter, option, intent);
  const { signature: _s, ...unsigned } = lowerHex(sub) as Record<string, unknown>;
  const { G, hE } = el.client.ctx;
  const sig = signWithCredential(G, hE, cred.s, intent, ballotDigest(hE, unsigned));
  const ballot = { ...unsigned, signature: lowerHex(credentialSignatureToJson(G, sig)) };
  return call('POST', submitPath(el.id, intent), { ballot });
}

describe('lower-case hex: server → record → evident-verify', () => {
  let root: string;
  let record: string;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'evident-hex-case-'));
    record = join(root, 'record');
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    const call = injectCall(app);
    const el = await setUpElection(call, ADMIN, { voters: 4 });
    expect((await castBallot(call, el, 'voter-1', 'o1')).r.status).toBe(200);
    expect((await sendLowerCase(call, el, 'voter-2', 'o2', 'cast')).status).toBe(200);
    expect((await sendLowerCase(call, el, 'voter-3', 'o3', 'challenge')).status).toBe(200);
    expect((await sendLowerCase(call, el, 'voter-3', 'o4', 'cast')).status).toBe(200);
    expect((await castBallot(call, el, 'voter-4', 'o2', 'challenge')).r.status).toBe(200);
    await closeAndDecrypt(call, ADMIN, el, 3, 2);
    const s = await exportRecord(app.evident.store, 'e1', record);
    expect(s.complete).toBe(true);
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('verifies: every step of evident-verify and the log checks L1–L4 pass', async () => {
    await expectRecordVerifies(record, 3);
    // the board keeps the lower-case submission as sent
    const lines = readFileSync(join(record, 'board/log.jsonl'), 'utf8').split('\n');
    expect(
      lines.some((l) => l.includes('"type":"challenged-ballot"') && /"nonce":"[0-9a-f]{64}"/.test(l)),
    ).toBe(true);
  });

  it("a challenged ballot carrying another ballot's contest data fails L3.H, naming C0", async () => {
    const d = join(root, 't-c0');
    cpSync(record, d, { recursive: true });
    const p = join(d, 'board/log.jsonl');
    const lines = readFileSync(p, 'utf8').split('\n');
    // the last challenge (sent in upper case)
    const i = lines.reduce((k, l, n) => (l.includes('"type":"challenged-ballot"') ? n : k), -1);
    const j = lines.findIndex((l) => l.includes('"type":"ballot"'));
    const e = JSON.parse(lines[i]!);
    e.submission.ballot.contests[0].contestData = JSON.parse(
      lines[j]!,
    ).submission.ballot.contests[0].contestData;
    lines[i] = JSON.stringify(e);
    writeFileSync(p, lines.join('\n'));
    const l3 = (await checkBoardLog(d)).find((s) => s.id === 'L3')!;
    expect(l3.failures.filter((f) => f.check === 'L3.H').map((f) => f.location)).toEqual([
      `board/log.jsonl:${i + 1} submission.ballot.contests[0].contestData.c0`,
    ]);
  });
});
