/**
 * Ranked-choice contests through the server, end to end (spec/server-api.md §7.5): ballots with
 * ranked rows (a revote, a challenge, a write-in) → close → tally → each contest mixed by k = 2
 * guardians in turn over HTTP (stages out of order, with a bad proof, in the wrong phase, by the
 * same guardian twice or with another guardian's token refused with coded errors and nothing
 * written) → the `ranked` decryption request in the guardians' two-round decryption → results
 * with the round-by-round tables (IRV and STV) → export → `evident-verify` VALID with the ranked
 * steps B, C, D, K and the log checks; a changed round table is caught.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalJsonString,
  countRankedContest,
  encryptRankedBallot,
  rankedBallotToJson,
  type Group,
} from '@evident/e2e-crypto';
import { checkBoardLog, verifyRecord } from '@evident/verifier-cli';
import { buildApp } from '../packages/server/src/app.js';
import { exportRecord } from '../packages/server/src/record/export-record.js';
import {
  injectCall,
  mustCall,
  setUpElection,
  trusteeTokens,
  type Call,
  type LocalElection,
} from '../packages/server/src/testing/local-election.js';
import { lowerHex } from '../packages/server/src/testing/lower-hex.js';
import { decryptRounds } from '../packages/server/src/testing/run-election.js';
import { signMixStage, simulatedMixStage } from '../packages/server/src/testing/mixer-sim.js';
import {
  castRanked,
  COUNCIL,
  MAYOR,
  rankedManifest,
} from '../packages/server/src/testing/ranked-election.js';
import { simulatedGuardian } from '../packages/server/src/testing/trustee-sim.js';

const ADMIN = 'evd_ranked-admin';

/** voter → [option, mayor ranking, council ranking]; voter-5 revotes, voter-6 challenges first. */
const VOTES: [string, (number | string)[], (number | string)[]][] = [
  ['o1', [1, 2], [1, 2]],
  ['o2', [2, 1], [2, 'Grace Hopper']],
  ['o1', [3, 2], [3, 1]],
  ['o3', [1], [4]],
  ['o2', [3], [2, 1]], // voter-5's last ballot (first: [2, 3])
  ['o1', [1, 3], ['Grace Hopper', 1]],
];

describe('ranked contests: server → mix → decryption → record → evident-verify', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;
  let el: LocalElection;
  let root: string;
  const tokens = new Map<number, string>();
  const size = () => app.evident.logs.get(el.id)!.size;
  const must = (method: string, path: string, body?: unknown, token = ADMIN) =>
    mustCall(call, token)(method, path, body);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'evident-ranked-'));
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: VOTES.length, n: 3, k: 2, manifest: rankedManifest() });
    for (const [x, token] of await trusteeTokens(must, [1, 2])) tokens.set(x, token);
    const ok = (r: { status: number; json: unknown }) => expect(r.status, JSON.stringify(r.json)).toBe(200);
    ok(await castRanked(call, el, 'voter-5', 'o1', { mayor: [2, 3], council: [1] }));
    ok(await castRanked(call, el, 'voter-6', 'o2', { mayor: [2], council: [3] }, 'challenge'));
    for (const [i, [o, mayor, council]] of VOTES.entries())
      ok(await castRanked(call, el, `voter-${i + 1}`, o, { mayor, council }));
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Guardian x's next stage of `contest`, changed by `edit` and signed again (the guardian's own doing). */
  const signedStage = async (contest: string, x: number, edit?: (s: Record<string, unknown>) => void) => {
    const mix = await must('GET', `/elections/${el.id}/ranked/${contest}/mix`);
    const G = el.client.ctx.G as Group<unknown>;
    const s = simulatedMixStage(G, el.ceremony, mix, { id: `guardian-${x}`, x });
    edit?.(s);
    return signMixStage(el.ceremony, s);
  };
  /** Uploads {@link signedStage} with guardian x's token. */
  const stage = (contest: string, x: number) => async (edit?: (s: Record<string, unknown>) => void) =>
    call(
      'POST',
      `/elections/${el.id}/ranked/${contest}/mix`,
      await signedStage(contest, x, edit),
      tokens.get(x),
    );
  /** A stage naming guardian x, signed with `signer`'s key, uploaded with `token`. */
  const forged = async (contest: string, x: number, signer: number, token: string) => {
    const mix = await must('GET', `/elections/${el.id}/ranked/${contest}/mix`);
    const G = el.client.ctx.G as Group<unknown>;
    const s = simulatedMixStage(G, el.ceremony, mix, { id: `guardian-${x}`, x }, signer);
    return call('POST', `/elections/${el.id}/ranked/${contest}/mix`, s, token);
  };

  it('mixes each contest with k stages in turn, refusing bad stages with nothing written', async () => {
    const early = await call('GET', `/elections/${el.id}/ranked/mayor/mix`);
    expect([early.status, early.json.code]).toEqual([409, 'EVD_ERR_WRONG_PHASE']);
    await must('POST', `/elections/${el.id}/close`);
    const t = await must('POST', `/elections/${el.id}/tally`);
    expect(t.castBallots).toBe(6);
    const mix = await must('GET', `/elections/${el.id}/ranked/mayor/mix`);
    expect([mix.next, mix.required, mix.ballots.length, mix.ballots[0].row.length]).toEqual([0, 2, 6, 3]);

    const refuse = async (r: { status: number; json: { code: string } }, status: number, code: string) => {
      expect([r.status, r.json.code]).toEqual([status, code]);
    };
    let before = size();
    await refuse(await stage('mayor', 1)((s) => (s.stage = 1)), 409, 'EVD_ERR_MIX_ORDER');
    await refuse(
      await stage(
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
      await stage('mayor', 2)((s) => (s.guardian = { id: 'guardian-1', x: 1 })),
      403,
      'EVD_ERR_FORBIDDEN',
    );
    await refuse(
      await call('POST', `/elections/${el.id}/decryption/challenge`, undefined, ADMIN),
      409,
      'EVD_ERR_WRONG_PHASE',
    );
    expect(size()).toBe(before);

    // guardian signatures (spec/key-ceremony.md §13): the administrator cannot upload a stage
    // under a guardian's number, nor can a guardian sign for another; unsigned stages are refused
    const refused = async (r: { status: number; json: { code: string; field?: string } }) => {
      expect([r.status, r.json.code, r.json.field]).toEqual([
        400,
        'EVD_ERR_INVALID_SIGNATURE',
        'stage.signature',
      ]);
    };
    await refused(await forged('mayor', 1, 2, ADMIN)); // admin, stage 0 "by guardian 1", key of guardian 2
    await refused(await forged('mayor', 2, 1, ADMIN));
    await refused(await forged('mayor', 2, 1, tokens.get(2)!)); // guardian 2's token, guardian 1's key
    expect(size()).toBe(before);
    const own = await stage('mayor', 1)();
    expect(own.status).toBe(200); // the control: guardian 1's own signed stage is accepted
    before = size();
    const { signature: _s, ...bare } = await signedStage('mayor', 2);
    const r0 = await call('POST', `/elections/${el.id}/ranked/mayor/mix`, bare, ADMIN);
    expect([r0.status, r0.json.code]).toEqual([400, 'EVD_ERR_VALIDATION']);
    expect(size()).toBe(before);
    before = size();
    await refuse(await stage('mayor', 1)(), 409, 'EVD_ERR_MIX_ORDER'); // guardian 1 again
    expect(size()).toBe(before);
    const second = await stage('mayor', 2)();
    expect([second.status, second.json.complete, second.json.request]).toEqual([200, true, undefined]);
    await refuse(await stage('mayor', 1)(), 409, 'EVD_ERR_WRONG_PHASE'); // mayor is complete
    // hex of either case on input (spec/server-api.md §1): a signed stage sent in lower case
    const signed = await signedStage('council', 2);
    const lowerStage = { ...signed, outputs: lowerHex(signed.outputs), proof: lowerHex(signed.proof) };
    expect(JSON.stringify([lowerStage.outputs, lowerStage.proof])).not.toMatch(/[A-F]/);
    const rl = await call('POST', `/elections/${el.id}/ranked/council/mix`, lowerStage, tokens.get(2));
    expect([rl.status, rl.json.message]).toEqual([200, undefined]);
    const last = await stage('council', 1)();
    expect(last.json.request).toMatchObject({ kind: 'ranked', items: 6 * 3 + 6 * 4 });
    const status = await must('GET', `/elections/${el.id}/ranked`);
    expect(status.complete).toBe(true);
    expect(status.contests.map((c: { stages: { x: number }[] }) => c.stages.map((s) => s.x))).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });

  it('decrypts the mixed rows with the tally and publishes the round tables', async () => {
    const { requests } = await must('GET', `/elections/${el.id}/decryption`);
    const kinds = (requests as { kind: string }[]).map((r) => r.kind);
    expect(kinds).toEqual(['tally', 'challenged-ballots', 'ranked']);
    const G = el.client.ctx.G as Group<unknown>;
    const guardians = [1, 2].map((x) => simulatedGuardian(G, el.ceremony, x, 2));
    await decryptRounds(must, el, guardians, kinds, tokens);
    const results = (await must('GET', `/elections/${el.id}/results`)).results;
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
    const dir = join(root, 'record');
    const s = await exportRecord(app.evident.store, el.id, dir);
    expect(s.ranked).toEqual(['mayor', 'council']);
    const report = await verifyRecord(dir, { workers: 0 });
    expect(report.steps.filter((x) => x.status === 'failed')).toEqual([]);
    const ranked = report.steps.filter((x) => /^[BCDK]:/.test(x.id)).map((x) => [x.id, x.status]);
    expect(ranked).toEqual(
      ['council', 'mayor'].flatMap((c) => ['B', 'C', 'D', 'K'].map((k) => [`${k}:${c}`, 'passed'])),
    );
    expect(report.valid).toBe(true);
    expect((await checkBoardLog(dir)).map((x) => x.status)).toEqual(['passed', 'passed', 'passed', 'passed']);

    const bad = join(root, 'bad');
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
    const dir = join(root, 'record');
    const bad = join(root, 'bad-uploads');
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

  it('L3.G: inputs.json must hold exactly the board’s counted rows (a valid substitute row is caught)', async () => {
    const dir = join(root, 'record');
    const bad = join(root, 'bad-inputs');
    cpSync(dir, bad, { recursive: true });
    const f = join(bad, 'ranked', 'mayor', 'inputs.json');
    const v = JSON.parse(readFileSync(f, 'utf8'));
    const G = el.client.ctx.G as Group<unknown>;
    const fresh = rankedBallotToJson(
      G,
      encryptRankedBallot(G, el.client.ctx.pk, el.client.ctx.hE, MAYOR, [2, 3]),
    );
    v.ballots[1] = { id: v.ballots[1].id, ...fresh }; // valid proofs: only the board knows it is not the voter's
    writeFileSync(f, JSON.stringify(v));
    const steps = await checkBoardLog(bad);
    const l3 = steps.find((x) => x.id === 'L3')!;
    expect(l3.status).toBe('failed');
    expect(l3.failures.map((x) => [x.check, x.location])).toEqual([
      ['L3.G', 'ranked/mayor/inputs.json ballots[1]'],
    ]);
  });

  it('7.B and L3.B: the confirmation code and the board bind a ballot line’s ranked rows', async () => {
    const dir = join(root, 'record');
    const bad = join(root, 'bad-line');
    cpSync(dir, bad, { recursive: true });
    const devices = JSON.parse(readFileSync(join(bad, 'devices.json'), 'utf8')).devices as {
      label: string;
    }[];
    const file = join(bad, 'ballots', `${devices[0]!.label}.jsonl`);
    const lines = readFileSync(file, 'utf8').split('\n');
    const b = JSON.parse(lines[0]!);
    expect(b.ranked.map((r: { contestId: string }) => r.contestId)).toEqual(['mayor', 'council']);
    const G = el.client.ctx.G as Group<unknown>;
    const fresh = rankedBallotToJson(
      G,
      encryptRankedBallot(G, el.client.ctx.pk, el.client.ctx.hE, MAYOR, [3]),
    );
    b.ranked[0] = JSON.parse(JSON.stringify(fresh), (k, x) =>
      typeof x === 'string' && k !== 'contestId' ? x.toUpperCase() : x,
    );
    lines[0] = JSON.stringify(b);
    writeFileSync(file, lines.join('\n'));
    const report = await verifyRecord(bad, { workers: 0 });
    const checks = report.steps.flatMap((x) => x.failures.map((f) => f.check));
    expect(checks).toContain('7.B');
    expect(checks).toContain('L3.B');
  });

  /** A copy of the exported record, changed by `edit`. */
  const changed = (name: string, edit: (dir: string) => void) => {
    const bad = join(root, name);
    cpSync(join(root, 'record'), bad, { recursive: true });
    edit(bad);
    return bad;
  };
  const findings = (steps: readonly { failures: readonly { check: string; location: string }[] }[]) =>
    steps.flatMap((x) => x.failures.map((f) => [f.check, f.location]));
  /** The 1-based line of the first (or every) log entry of `type`. */
  const logLines = (dir: string, type: string) =>
    readFileSync(join(dir, 'board', 'log.jsonl'), 'utf8')
      .split('\n')
      .flatMap((l, i) => (l.includes(`"type":"${type}"`) ? [i + 1] : []));

  it('5.A, B1, B4, L3.G: a counted ballot’s rows are decoded once, in inputs.json, and every other row in its line', async () => {
    // spec/verification.md §5.1: a counted ballot's rows are decoded by step B, every other row by
    // the ballot pass, and a counted ballot's row that step B did not decode from its own bytes
    // (the server changed it, left it out or put another row in its place) from its line
    const NOT_IN_GROUP = 'FF'.repeat(32);
    let expected: string[][] = [];
    let valid = ''; // the line of the counted ballot whose row only inputs.json spoils
    const bad = changed('bad-rows', (d) => {
      const lines = readdirSync(join(d, 'ballots')).flatMap((f) =>
        readFileSync(join(d, 'ballots', f), 'utf8')
          .split('\n')
          .flatMap((t, i) =>
            t ? [{ at: `ballots/${f}:${i + 1}`, path: join(d, 'ballots', f), i, b: JSON.parse(t) }] : [],
          ),
      );
      const of = (state: string) => lines.filter((x) => x.b.state === state);
      const inputs = join(d, 'ranked', 'mayor', 'inputs.json');
      const v = JSON.parse(readFileSync(inputs, 'utf8'));
      const at = (x: { b: { code: string } }) =>
        v.ballots.findIndex((b: { id: string }) => b.id === x.b.code);
      // superseded: in no inputs.json (the ballot pass decodes its row); changed: another row than
      // the board's and inputs.json's; dropped: its row replaced in inputs.json by `changed`'s
      const [changed1, spoilt, dropped] = of('cast');
      const superseded = of('superseded')[0]!;
      for (const x of [superseded, changed1!, dropped!]) {
        const text = readFileSync(x.path, 'utf8').split('\n');
        x.b.ranked[0].row[1].alpha = NOT_IN_GROUP;
        text[x.i] = JSON.stringify(x.b);
        writeFileSync(x.path, text.join('\n'));
        expected.push(['5.A', `${x.at} ballot ${x.b.code.slice(0, 16)} ranked[0].row[1].alpha`]);
      }
      const [s, c, dr] = [at(spoilt!), at(changed1!), at(dropped!)];
      v.ballots[s].row[0].alpha = NOT_IN_GROUP; // the board's and the line's row are valid
      v.ballots[dr] = { ...v.ballots[c], id: dropped!.b.code };
      writeFileSync(inputs, JSON.stringify(v));
      const file = 'ranked/mayor/inputs.json';
      expected = [
        ...expected,
        ['B1', `${file} ballots[${s}].row[0].alpha`],
        ['B4', `${file} ballots[${Math.max(c, dr)}].row[0]`],
        ['L3.G', `${file} ballots[${s}]`],
        ['L3.G', `${file} ballots[${dr}]`],
      ];
      valid = `${spoilt!.at} `;
    });
    const found = findings((await verifyRecord(bad, { workers: 0 })).steps);
    for (const e of expected) expect(found).toContainEqual(e);
    // the counted ballot whose line is valid: its row decoded once, in inputs.json (B1 there only)
    expect(found.filter(([c, where]) => c === '5.A' && where!.startsWith(valid))).toEqual([]);
  });

  it('15.A and L3.I: two candidates swapped in inputs.json and count.json change the winner and are caught', async () => {
    const swap = (text: string) =>
      text.replace(/"(Ada|Bo)"/g, (_, name: string) => (name === 'Ada' ? '"Bo"' : '"Ada"'));
    const bad = changed('bad-swap', (dir) => {
      const inputs = join(dir, 'ranked', 'mayor', 'inputs.json');
      const v = JSON.parse(readFileSync(inputs, 'utf8'));
      v.contest.candidates = ['Bo', 'Ada', 'Cy'];
      writeFileSync(inputs, JSON.stringify(v));
      const count = join(dir, 'ranked', 'mayor', 'count.json');
      writeFileSync(count, swap(readFileSync(count, 'utf8')));
    });
    const count = JSON.parse(readFileSync(join(bad, 'ranked', 'mayor', 'count.json'), 'utf8'));
    expect(count.result.elected).toEqual(['Bo']); // the board's count elected Ada
    const report = await verifyRecord(bad, { workers: 0 });
    // the files agree with each other: every proof and the recount still pass
    expect(report.steps.filter((x) => /^[BCDK]:mayor$/.test(x.id)).map((x) => x.status)).toEqual([
      'passed',
      'passed',
      'passed',
      'passed',
    ]);
    expect(report.valid).toBe(false);
    expect(findings(report.steps)).toEqual([
      ['15.A', 'ranked/mayor/inputs.json contest.candidates[0]'],
      ['15.A', 'ranked/mayor/inputs.json contest.candidates[1]'],
      ['L3.I', 'ranked/mayor/count.json'],
    ]);
  });

  it('15.A and L3.J: a record without its ranked/ folder is not valid', async () => {
    const bad = changed('bad-no-ranked', (dir) => rmSync(join(dir, 'ranked'), { recursive: true }));
    const report = await verifyRecord(bad, { workers: 0 });
    expect(report.valid).toBe(false);
    // L3.J in log order: the mix-inputs entries at the tally, the stages, then the results
    expect(findings(report.steps)).toEqual([
      ['15.A', 'ranked/mayor/'],
      ['15.A', 'ranked/council/'],
      ...[
        'mayor/inputs.json',
        'council/inputs.json',
        'mayor/mix-chain/chain.json',
        'council/mix-chain/chain.json',
        'mayor/decryptions.json',
        'mayor/count.json',
        'council/decryptions.json',
        'council/count.json',
      ].map((f) => ['L3.J', `ranked/${f}`]),
    ]);
    const l3 = report.steps.find((x) => x.id === 'L3')!;
    const inputsLine = logLines(bad, 'mix-inputs')[0];
    expect(l3.failures[0]!.message).toBe(
      `missing: announced by the mix-inputs entry at board/log.jsonl:${inputsLine}`,
    );
  });

  it('L3.I: a mix stage, the decryptions and the count must be the board’s entries', async () => {
    const bad = changed('bad-chain', (dir) => {
      const chain = join(dir, 'ranked', 'council', 'mix-chain', 'chain.json');
      const v = JSON.parse(readFileSync(chain, 'utf8'));
      v.stages[1].mixer = 'guardian-9'; // no other check reads the mixer's name
      writeFileSync(chain, JSON.stringify(v));
      const dec = join(dir, 'ranked', 'mayor', 'decryptions.json');
      const d = JSON.parse(readFileSync(dec, 'utf8'));
      d.note = 'recounted by hand';
      writeFileSync(dec, JSON.stringify(d));
    });
    const l3 = (await checkBoardLog(bad)).find((x) => x.id === 'L3')!;
    const stageLine = logLines(bad, 'mix-stage')[3];
    expect(l3.failures.map((f) => [f.check, f.location, f.message])).toEqual([
      [
        'L3.I',
        'ranked/mayor/decryptions.json',
        `differs from the ranked-decryption entry at board/log.jsonl:${logLines(bad, 'ranked-decryption')[0]}`,
      ],
      [
        'L3.I',
        'ranked/council/mix-chain/chain.json stages[1]',
        `differs from the mix-stage entry at board/log.jsonl:${stageLine}`,
      ],
    ]);
  });

  it('L3.J: the tally files the board announces must be in the record (a missing challenged.jsonl was skipped)', async () => {
    const bad = changed('bad-missing', (dir) => {
      for (const f of ['challenged.jsonl', 'encrypted-tally.json', 'tally.json']) rmSync(join(dir, f));
    });
    const l3 = (await checkBoardLog(bad)).find((x) => x.id === 'L3')!;
    const at = (type: string) => `board/log.jsonl:${logLines(bad, type)[0]}`;
    expect(l3.failures.map((f) => [f.check, f.location, f.message])).toEqual([
      [
        'L3.J',
        'encrypted-tally.json',
        `missing: announced by the encrypted-tally entry at ${at('encrypted-tally')}`,
      ],
      ['L3.J', 'tally.json', `missing: announced by the tally-decryption entry at ${at('tally-decryption')}`],
      [
        'L3.J',
        'challenged.jsonl',
        `missing: announced by the challenged-decryption entry at ${at('challenged-decryption')}`,
      ],
    ]);
  });

  it('L3.H: the published openings of a challenge are what its nonce opens', async () => {
    const dir = join(root, 'record');
    const bad = join(root, 'bad-opening');
    cpSync(dir, bad, { recursive: true });
    const f = join(bad, 'board', 'log.jsonl');
    const lines = readFileSync(f, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"type":"challenged-ballot"'));
    const e = JSON.parse(lines[i]!);
    expect(e.openedRanked[0]).toEqual({ contestId: 'mayor', ranks: [2, 0, 0], writeIns: [] });
    expect((await checkBoardLog(dir)).find((x) => x.id === 'L3')!.failures).toEqual([]);
    e.openedRanked[0].ranks = [1, 0, 0];
    const [label, marks] = Object.entries(e.opened as Record<string, Record<string, number>>)[0]!;
    const option = Object.keys(marks)[0]!;
    marks[option] = marks[option]! + 1;
    lines[i] = canonicalJsonString(e);
    writeFileSync(f, lines.join('\n'));
    const l3 = (await checkBoardLog(bad)).find((x) => x.id === 'L3')!;
    expect(l3.failures.map((x) => [x.check, x.location])).toEqual([
      ['L3.H', `board/log.jsonl:${i + 1} opened.${label}.${option}`],
      ['L3.H', `board/log.jsonl:${i + 1} openedRanked[0]`],
    ]);
  });
});
