/**
 * Ranked-choice contests through the server, end to end (spec/server-api.md §7.5): ballots with
 * ranked rows (a revote, a challenge, a write-in) → close → tally → each contest mixed by k = 2
 * guardians in turn over HTTP (stages out of order, with a bad proof, in the wrong phase, by the
 * same guardian twice or with another guardian's token refused with coded errors and nothing
 * written) → the `ranked` decryption request in the guardians' two-round decryption → results
 * with the round-by-round tables (IRV and STV) → export → `evident-verify` VALID with the ranked
 * steps B, C, D, K and the log checks; a changed round table is caught. The record's checks
 * against a changed record: tests/server-ranked-record.test.ts.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRankedContest } from '@evident/e2e-crypto';
import { checkBoardLog, verifyRecord } from '@evident/verifier-cli';
import { exportRecord } from '../packages/server/src/record/export-record.js';
import { lowerHex } from '../packages/server/src/testing/lower-hex.js';
import { COUNCIL, MAYOR } from '../packages/server/src/testing/ranked-election.js';
import { ADMIN, rankedServer, VOTES, type RankedServer } from './support/ranked-server.js';

describe('ranked contests: server → mix → decryption → record → evident-verify', () => {
  let s: RankedServer;
  beforeAll(async () => {
    s = await rankedServer();
  });
  afterAll(async () => {
    await s.app.close();
    rmSync(s.root, { recursive: true, force: true });
  });
  it('mixes each contest with k stages in turn, refusing bad stages with nothing written', async () => {
    const early = await s.call('GET', `/elections/${s.el.id}/ranked/mayor/mix`);
    expect([early.status, early.json.code]).toEqual([409, 'EVD_ERR_WRONG_PHASE']);
    await s.must('POST', `/elections/${s.el.id}/close`);
    const t = await s.must('POST', `/elections/${s.el.id}/tally`);
    expect(t.castBallots).toBe(6);
    const mix = await s.must('GET', `/elections/${s.el.id}/ranked/mayor/mix`);
    expect([mix.next, mix.required, mix.ballots.length, mix.ballots[0].row.length]).toEqual([0, 2, 6, 3]);

    const refuse = async (r: { status: number; json: { code: string } }, status: number, code: string) => {
      expect([r.status, r.json.code]).toEqual([status, code]);
    };
    let before = s.size();
    await refuse(await s.stage('mayor', 1)((s) => (s.stage = 1)), 409, 'EVD_ERR_MIX_ORDER');
    await refuse(
      await s.stage(
        'mayor',
        1,
      )((s) => {
        const rows = s.outputs as { alpha: string; beta: string }[][];
        [rows[0], rows[1]] = [rows[1]!, rows[0]!]; // outputs reordered after proving
      }),
      400,
      'EVD_ERR_INVALID_SHUFFLE',
    );
    await refuse(
      await s.stage('mayor', 2)((s) => (s.guardian = { id: 'guardian-1', x: 1 })),
      403,
      'EVD_ERR_FORBIDDEN',
    );
    await refuse(
      await s.call('POST', `/elections/${s.el.id}/decryption/challenge`, undefined, ADMIN),
      409,
      'EVD_ERR_WRONG_PHASE',
    );
    expect(s.size()).toBe(before);

    // guardian signatures (spec/key-ceremony.md §13): the administrator cannot upload a stage
    // under a guardian's number, nor can a guardian sign for another; unsigned stages are refused
    const refused = async (r: { status: number; json: { code: string; field?: string } }) => {
      expect([r.status, r.json.code, r.json.field]).toEqual([
        400,
        'EVD_ERR_INVALID_SIGNATURE',
        'stage.signature',
      ]);
    };
    await refused(await s.forged('mayor', 1, 2, ADMIN)); // admin, stage 0 "by guardian 1", key of guardian 2
    await refused(await s.forged('mayor', 2, 1, ADMIN));
    await refused(await s.forged('mayor', 2, 1, s.tokens.get(2)!)); // guardian 2's token, guardian 1's key
    expect(s.size()).toBe(before);
    const own = await s.stage('mayor', 1)();
    expect(own.status).toBe(200); // the control: guardian 1's own signed stage is accepted
    before = s.size();
    const { signature: _s, ...bare } = await s.signedStage('mayor', 2);
    const r0 = await s.call('POST', `/elections/${s.el.id}/ranked/mayor/mix`, bare, ADMIN);
    expect([r0.status, r0.json.code]).toEqual([400, 'EVD_ERR_VALIDATION']);
    expect(s.size()).toBe(before);
    before = s.size();
    await refuse(await s.stage('mayor', 1)(), 409, 'EVD_ERR_MIX_ORDER'); // guardian 1 again
    expect(s.size()).toBe(before);
    const second = await s.stage('mayor', 2)();
    expect([second.status, second.json.complete, second.json.request]).toEqual([200, true, undefined]);
    await refuse(await s.stage('mayor', 1)(), 409, 'EVD_ERR_WRONG_PHASE'); // mayor is complete
    // hex of either case on input (spec/server-api.md §1): a signed stage sent in lower case
    const signed = await s.signedStage('council', 2);
    const lowerStage = { ...signed, outputs: lowerHex(signed.outputs), proof: lowerHex(signed.proof) };
    expect(JSON.stringify([lowerStage.outputs, lowerStage.proof])).not.toMatch(/[A-F]/);
    const rl = await s.call('POST', `/elections/${s.el.id}/ranked/council/mix`, lowerStage, s.tokens.get(2));
    expect([rl.status, rl.json.message]).toEqual([200, undefined]);
    const last = await s.stage('council', 1)();
    expect(last.json.request).toMatchObject({ kind: 'ranked', items: 6 * 3 + 6 * 4 });
    const status = await s.must('GET', `/elections/${s.el.id}/ranked`);
    expect(status.complete).toBe(true);
    expect(status.contests.map((c: { stages: { x: number }[] }) => c.stages.map((s) => s.x))).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });

  it('decrypts the mixed rows with the tally and publishes the round tables', async () => {
    expect(await s.decrypt()).toEqual(['tally', 'challenged-ballots', 'ranked']);
    const results = (await s.must('GET', `/elections/${s.el.id}/results`)).results;
    const byId = Object.fromEntries(
      (results.ranked as { contestId: string; result: unknown }[]).map((r) => [r.contestId, r.result]),
    );
    // the plaintext truth, counted by the library in ballot order (the count does not depend on it)
    const value = (m: number, pref: number | string) => (typeof pref === 'number' ? pref : m + 1);
    const expected = (c: typeof MAYOR, pick: (v: (typeof VOTES)[number]) => (number | string)[]) =>
      countRankedContest(
        c,
        VOTES.map((v) =>
          Array.from({ length: c.ranks }, (_, r) =>
            pick(v)[r] === undefined ? 0 : value(c.candidates.length, pick(v)[r]!),
          ),
        ),
        (c.writeIns ?? 0) > 0
          ? VOTES.map((v) => [String(pick(v).find((p) => typeof p === 'string') ?? '')])
          : undefined,
      );
    expect(byId.mayor).toEqual(expected(MAYOR, (v) => v[1]));
    expect(byId.council).toEqual(expected(COUNCIL, (v) => v[2]));
    expect((byId.mayor as { elected: string[] }).elected).toEqual(['Ada']);
    expect((byId.council as { rounds: unknown[] }).rounds.length).toBeGreaterThan(0);
  });

  it('exports a record that evident-verify finds VALID, with the ranked steps', async () => {
    const dir = join(s.root, 'record');
    const summary = await exportRecord(s.app.evident.store, s.el.id, dir);
    expect(summary.ranked).toEqual(['mayor', 'council']);
    const report = await verifyRecord(dir, { workers: 0 });
    expect(report.steps.filter((x) => x.status === 'failed')).toEqual([]);
    const ranked = report.steps.filter((x) => /^[BCDK]:/.test(x.id)).map((x) => [x.id, x.status]);
    expect(ranked).toEqual(
      ['council', 'mayor'].flatMap((c) => ['B', 'C', 'D', 'K'].map((k) => [`${k}:${c}`, 'passed'])),
    );
    expect(report.valid).toBe(true);
    expect((await checkBoardLog(dir)).map((x) => x.status)).toEqual(['passed', 'passed', 'passed', 'passed']);

    const bad = join(s.root, 'bad');
    cpSync(dir, bad, { recursive: true });
    const f = join(bad, 'ranked', 'mayor', 'count.json');
    const v = JSON.parse(readFileSync(f, 'utf8'));
    v.result.rounds[0].exhausted = String(Number(v.result.rounds[0].exhausted) + 1);
    writeFileSync(f, JSON.stringify(v));
    const r2 = await verifyRecord(bad, { workers: 0 });
    expect(r2.valid).toBe(false);
    expect(r2.steps.find((x) => x.id === 'K:mayor')?.status).toBe('failed');
  });

  it('L3.K: decryption uploads on the board are signed by the guardian they name; L3.I binds a mix stage’s signature', async () => {
    const dir = join(s.root, 'record');
    const bad = join(s.root, 'bad-uploads');
    cpSync(dir, bad, { recursive: true });
    const log = join(bad, 'board', 'log.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    const at = (type: string) => lines.findIndex((l) => l.includes(`"type":"${type}"`));
    const flipSig = (l: string) =>
      l.replace(/"signature":"(.)/, (_, c: string) => `"signature":"${c === '0' ? '1' : '0'}`);
    const [stage, partial, response] = ['mix-stage', 'partial-decryption', 'decryption-response'].map(at);
    expect([stage, partial, response].every((i) => (i ?? -1) > 0)).toBe(true);
    for (const i of [stage!, partial!, response!]) lines[i] = flipSig(lines[i]!);
    writeFileSync(log, lines.join('\n'));
    const l3 = (await checkBoardLog(bad)).find((x) => x.id === 'L3')!;
    expect(l3.failures.filter((x) => x.check === 'L3.K').map((x) => x.location)).toEqual([
      `board/log.jsonl:${partial! + 1} partial.signature`,
      `board/log.jsonl:${response! + 1} response.signature`,
    ]);
    // a mix-stage entry of version 2 holds the digests of its files, not the signed content: its
    // signature is C4's, over the files, and L3.I binds the files and the signature to the entry
    expect(l3.failures.filter((x) => x.check === 'L3.I').map((x) => x.location)).toEqual([
      'ranked/mayor/mix-chain/chain.json stages[0]',
    ]);
  });
});
