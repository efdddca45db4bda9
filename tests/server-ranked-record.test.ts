/**
 * A ranked election's record exported from the server (./support/ranked-server.ts: mixed by k = 2
 * guardians, decrypted, published) and changed in one place at a time: `evident-verify` and its
 * log checks catch each change, naming the check and the place (steps 5.A, 7.B, 15.A, B1, B4 and
 * L3.B, G, H, I, J, L).
 */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalJsonString,
  encryptRankedBallot,
  fromHex,
  rankedBallotToJson,
  type Group,
} from '@evident/e2e-crypto';
import { checkBoardLog, verifyRecord } from '@evident/verifier-cli';
import { LyingServer, type Entry } from './malicious-server/lying-server.js';
import { exportRecord } from '../packages/server/src/record/export-record.js';
import { MAYOR } from '../packages/server/src/testing/ranked-election.js';
import { publishRanked, rankedServer, type RankedServer } from './support/ranked-server.js';

describe('ranked contests: a changed record exported from the server is caught', () => {
  let s: RankedServer;
  let root: string;
  beforeAll(async () => {
    s = await rankedServer();
    root = s.root;
    await publishRanked(s);
    await exportRecord(s.app.evident.store, s.el.id, join(root, 'record'));
  });
  afterAll(async () => {
    await s.app.close();
    rmSync(s.root, { recursive: true, force: true });
  });
  const el = () => s.el;
  it('L3.G: inputs.json must hold exactly the board’s counted rows (a valid substitute row is caught)', async () => {
    const dir = join(root, 'record');
    const bad = join(root, 'bad-inputs');
    cpSync(dir, bad, { recursive: true });
    const f = join(bad, 'ranked', 'mayor', 'inputs.json');
    const v = JSON.parse(readFileSync(f, 'utf8'));
    const G = el().client.ctx.G as Group<unknown>;
    const fresh = rankedBallotToJson(
      G,
      encryptRankedBallot(G, el().client.ctx.pk, el().client.ctx.hE, MAYOR, [2, 3]),
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
    const G = el().client.ctx.G as Group<unknown>;
    const fresh = rankedBallotToJson(
      G,
      encryptRankedBallot(G, el().client.ctx.pk, el().client.ctx.hE, MAYOR, [3]),
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
        `its SHA-256 is not the digest of the ranked-decryption entry at board/log.jsonl:${logLines(bad, 'ranked-decryption')[0]}: not the file the server published`,
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
  it('L3.L: the ranked request entry of version 2 is the last stages’ request, field by field', async () => {
    const secret = await s.app.evident.store.getMeta('log-secret-key');
    const dir = join(root, 'record');
    expect((await checkBoardLog(dir)).find((x) => x.id === 'L3')!.failures).toEqual([]);
    const isV2 = (e: Entry) => e.type === 'decryption-request' && e.kind === 'ranked' && e.version === 2;
    /** The record with its request entry changed by `edit`, the board's heads signed again. */
    const lie = async (name: string, edit: (e: Entry, liar: LyingServer) => void) => {
      const liar = new LyingServer(dir, join(root, name), fromHex(secret!, 'log-secret-key'));
      const i = liar.find('decryption-request', isV2);
      liar
        .rewriteEntry(i, (e) => edit(e, liar))
        .resignTreeHeads()
        .saveBoard();
      const steps = await checkBoardLog(liar.dir);
      expect(steps.find((x) => x.id === 'L2')!.status).toBe('passed');
      const l3 = steps.find((x) => x.id === 'L3')!;
      return { at: `board/log.jsonl:${i + 1}`, found: l3.failures.map((f) => [f.check, f.location]) };
    };
    const honest = new LyingServer(dir, join(root, 'req-honest'), new Uint8Array(32));
    const req = honest.entries[honest.find('decryption-request', isV2)]!;
    expect(req.contests.map((c: Entry) => c.contestId)).toEqual(['mayor', 'council']);
    const mayorStages = honest.entries.flatMap((e, i) =>
      e.type === 'mix-stage' && e.contestId === 'mayor' ? [i] : [],
    );
    expect(mayorStages.length).toBe(2);
    expect(req.contests[0].logIndex).toBe(mayorStages[1]);

    let r = await lie('req-digest', (e) => {
      e.digest = (e.digest[0] === 'A' ? 'B' : 'A') + e.digest.slice(1);
    });
    expect(r.found).toEqual([['L3.L', `${r.at} digest`]]);
    r = await lie('req-stage', (e) => void (e.contests[0].logIndex = mayorStages[0]));
    expect(r.found).toEqual([['L3.L', `${r.at} contests[0].logIndex`]]);
    r = await lie('req-items', (e) => void (e.items += 1));
    expect(r.found).toEqual([['L3.L', `${r.at} items`]]);
    r = await lie('req-contest', (e) => void e.contests.pop());
    expect(r.found).toEqual([['L3.L', `${r.at} contests`]]);
    r = await lie('req-rows', (e) => {
      e.contests[1].rows += 1;
      e.maxValue += 1;
      e.ceremonyId = e.ceremonyId.toLowerCase(); // hex of either case: not a finding
    });
    expect(r.found).toEqual([
      ['L3.L', `${r.at} contests[1].rows`],
      ['L3.L', `${r.at} maxValue`],
    ]);
    r = await lie('req-twice', (e) => {
      e.contests.push(structuredClone(e.contests[0]));
      e.ceremonyId = 'AB'.repeat(32);
    });
    expect(r.found).toEqual([
      ['L3.L', `${r.at} contests[2].contestId`],
      ['L3.L', `${r.at} ceremonyId`],
    ]);
  });
});
