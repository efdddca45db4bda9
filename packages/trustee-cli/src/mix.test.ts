/**
 * `evident-trustee mix` in-process (ristretto255, 2 of 3 guardians, 5 ranked ballots with a
 * write-in slot): two guardians add their stages in turn, each verifying everything before it;
 * the chain verifies; a changed ballot proof or earlier stage, another ceremony's file, a guardian
 * mixing twice, a complete mix and a stranger are refused with the documented exit code, naming
 * the file and the field.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decryptionUploadStatement,
  encryptRankedBallot,
  fromHex,
  mixStageStatement,
  verifyGuardianSignature,
  mixSessionHash,
  readRankedRows,
  publicKey,
  rankedBallotToJson,
  rowsFromJson,
  shuffleProofFromJson,
  verifyMixChain,
  type Group,
  type RankedContest,
} from '@evident/e2e-crypto';
import { schemaProblem } from '@evident/record';
import { EXIT, readElectionKey } from './index.js';
import { cliRunner, fullCeremony } from '../test/cli-ceremony.js';
import { CHUNK as JSON_CHUNK } from './files/json-values.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-trustee-mix-'));
const f = (name: string): string => join(dir, name);
const PASS = 'mix passphrase';
const names = ['alice', 'bob', 'carol'];
const contest: RankedContest = {
  id: 'mayor',
  candidates: ['Ada', 'Bo', 'Cy'],
  ranks: 2,
  seats: 1,
  writeIns: 1,
};

const { cli, ok } = cliRunner(PASS);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const read = (p: string): Json => JSON.parse(readFileSync(p, 'utf8'));
const save = (name: string, d: Json): string => {
  writeFileSync(f(name), JSON.stringify(d));
  return f(name);
};
const flip = (h: string): string => h.slice(0, 10) + (h[10] === '0' ? '1' : '0') + h.slice(11);
const mix = (guardian: string, input: string, out: string) =>
  cli([
    'mix',
    '--election',
    f('election-key.json'),
    '--secret',
    f(`${guardian}.secret.json`),
    '--guardian',
    guardian,
    '--input',
    input,
    '-o',
    out,
  ]);
const stageOf = (s: Json) => ({
  stage: s.stage,
  mixer: s.guardian.id,
  guardian: s.guardian,
  outputs: s.outputs,
  proof: s.proof,
  signature: s.signature,
});

let input0: Json;

beforeAll(async () => {
  await fullCeremony(ok, f, { contests: [], rankedContests: [contest] }, names, 2);
  const ek = readElectionKey(f('election-key.json'));
  const G = ek.c.G as Group<unknown>;
  const pk = publicKey(G, ek.K);
  const rankings = [[1, 2], [2], [3, 'Grace Hopper'], [], [1, 3]];
  input0 = {
    format: 'evident-trustee/mix-input',
    version: 1,
    ceremonyId: ek.c.id,
    electionId: 'e1',
    group: G.name,
    contest,
    required: 2,
    next: 0,
    complete: false,
    ballots: rankings.map((r, i) => ({
      id: `B${i}`,
      ...rankedBallotToJson(G, encryptRankedBallot(G, pk, ek.hE, contest, r)),
    })),
    stages: [],
  };
});

describe('evident-trustee mix', () => {
  it('two guardians mix in turn; the chain verifies end to end', async () => {
    const r1 = await mix('alice', save('in0.json', input0), f('alice.stage.json'));
    expect(r1.code, r1.err).toBe(EXIT.OK);
    expect(r1.out).toContain('stage 0 of "mayor" by alice: 5 rows × 4 shuffled and proved');
    const s1 = read(f('alice.stage.json'));
    expect([s1.format, s1.stage, s1.guardian, s1.contestId]).toEqual([
      'evident-trustee/mix-stage',
      0,
      { id: 'alice', x: 1 },
      'mayor',
    ]);
    const input1 = {
      ...input0,
      next: 1,
      stages: [stageOf(s1)],
    };
    save('in1.json', input1);
    const r2 = await cli([
      '--json',
      'mix',
      '--election',
      f('election-key.json'),
      '--secret',
      f('carol.secret.json'),
      '--input',
      f('in1.json'),
      '-o',
      f('carol.stage.json'),
    ]);
    expect(r2.code, r2.out).toBe(EXIT.OK);
    expect(JSON.parse(r2.out)).toMatchObject({ ok: true, stage: 1, rows: 5, contestId: 'mayor' });
    const s2 = read(f('carol.stage.json'));

    const ek = readElectionKey(f('election-key.json'));
    const G = ek.c.G as Group<unknown>;
    const inputs = rowsFromJson(
      G,
      input0.ballots.map((b: Json) => b.row),
      'ballots',
    );
    const stages = [s1, s2].map((s) => ({
      mixer: s.guardian.id,
      outputs: rowsFromJson(G, s.outputs, 'o'),
      proof: shuffleProofFromJson(G, s.proof),
    }));
    const v = verifyMixChain(G, ek.K, mixSessionHash(ek.hE, 'contest:mayor'), inputs, stages, 2);
    expect(v).toEqual([]);
    save('in2.json', {
      ...input1,
      next: 2,
      complete: true,
      stages: [...input1.stages, stageOf(s2)],
    });
  });

  it('writes the stage from the files of the streamed prover: schema-valid, no work folder or partial file left', () => {
    for (const name of ['alice.stage.json', 'carol.stage.json']) {
      const st = read(f(name));
      expect(schemaProblem('mix-stage', st)).toBeUndefined();
      expect(st.outputs).toHaveLength(5);
      expect(st.proof.cHat).toHaveLength(5);
    }
    const left = readdirSync(dir).filter((n) => n.startsWith('.evident-mix-') || n.includes('.tmp-'));
    expect(left).toEqual([]);
  });

  it('refuses a changed ballot proof or earlier stage, naming the file and field', async () => {
    const badBallot = structuredClone(input0);
    badBallot.ballots[2].proofs[1].v[0] = flip(badBallot.ballots[2].proofs[1].v[0]);
    let r = await mix('bob', save('bad-ballot.json', badBallot), f('x.json'));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain(`${f('bad-ballot.json')}: ballots[2].proofs[1]:`);

    const badStage = read(f('in1.json'));
    const o = badStage.stages[0].outputs;
    [o[0], o[1]] = [o[1], o[0]];
    r = await mix('bob', save('bad-stage.json', badStage), f('x.json'));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toMatch(/bad-stage\.json: stages\[0\]\.proof[^:]*: C2\/M\d/);

    const undecodable = read(f('in1.json'));
    undecodable.stages[0].proof.cHat[3] = 'FF'.repeat(32);
    r = await mix('bob', save('undecodable.json', undecodable), f('x.json'));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain('stages[0].proof.cHat[3]');
  });

  it('reads the mix a value at a time: any member order and layout; a broken file or a short vector is named', async () => {
    const in1 = read(f('in1.json'));
    const { ballots, stages, ...header } = in1;
    // stages first, the header last, pretty-printed
    writeFileSync(f('reordered.json'), JSON.stringify({ stages, ballots, ...header }, null, 4));
    let r = await mix('bob', f('reordered.json'), f('bob.stage.json'));
    expect(r.code, r.err).toBe(EXIT.OK);
    expect(r.out).toContain('stage 1 of "mayor" by bob');

    writeFileSync(f('cut.json'), JSON.stringify(in1).slice(0, 5000));
    r = await mix('bob', f('cut.json'), f('x.json'));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain('is not valid JSON');

    const short = read(f('in1.json'));
    short.stages[0].proof.sHat.pop();
    r = await mix('bob', save('short.json', short), f('x.json'));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain('stages[0].proof.sHat');

    const badRow = read(f('in1.json'));
    badRow.stages[0].outputs[2][1].beta = 'FF'.repeat(32); // not a group element
    r = await mix('bob', save('bad-row.json', badRow), f('x.json'));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain('stages[0].outputs[2]');

    const scalar = read(f('in1.json'));
    scalar.stages[0] = 5;
    scalar.next = 0;
    r = await mix('bob', save('scalar.json', scalar), f('x.json'));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain('stages[0]: expected an object');

    const extra = read(f('in1.json'));
    extra.stages[0].proof.t5 = extra.stages[0].proof.t1;
    r = await mix('bob', save('extra.json', extra), f('x.json'));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain('stages[0].proof.t5');
  });

  it('refuses a file that is not one JSON value, naming it: cut, broken, not UTF-8, empty, of the wrong kind', async () => {
    const text = readFileSync(f('in1.json'), 'utf8');
    const cases: [string, string | Buffer, string][] = [
      ['cut', text.slice(0, 5000), 'is not valid JSON: it ends inside its value, cut short'],
      ['two-values', text + '{}', 'is not valid JSON: it stops being JSON'],
      ['double-comma', text.replace('"next":1', '"next":1,,'), 'is not valid JSON: it stops being JSON'],
      ['bad-literal', text.replace('"complete":false', '"complete":fals '), 'is not valid JSON'],
      ['tab', text.replace('"id":"B1"', '"id":"B\t1"'), 'is not valid JSON: it stops being JSON'],
      ['empty', '', 'is not valid JSON: it holds no value'],
      ['array', `[${text}]`, ': expected an object'],
      [
        'ballots-object',
        JSON.stringify({ ...JSON.parse(text), ballots: { x: JSON.parse(text).ballots[0] } }),
        'ballots: expected an array',
      ],
    ];
    const at = Buffer.from(text).indexOf('"id":"B1"') + 7;
    const bytes = Buffer.from(text);
    cases.push([
      'not-utf8',
      Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3]), bytes.subarray(at)]),
      'is not valid JSON',
    ]);
    for (const [name, content, message] of cases) {
      writeFileSync(f(`${name}.json`), content);
      const r = await mix('bob', f(`${name}.json`), f('x.json'));
      expect(r.code, name).toBe(EXIT.INVALID_FILE);
      expect(r.err, name).toContain(`${f(`${name}.json`)}`);
      expect(r.err, name).toContain(message);
    }
    const r = await mix('bob', dir, f('x.json'));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain(`${dir}: cannot be read`);
    expect(existsSync(f('x.json'))).toBe(false);
  });

  it('an empty stage {} counts as a stage (was passed over: with next 0, taken for a mix with no stage)', async () => {
    const empty = read(f('in1.json'));
    empty.stages = [{}];
    empty.next = 0;
    const r = await mix('bob', save('empty-stage.json', empty), f('x.json'));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain('next: says stage 0 is next but holds 1 stages');
  });

  it('reads values longer than a chunk and values cut by chunk boundaries (inside a character, inside a hex row)', async () => {
    const long = read(f('in1.json'));
    long.electionId = '€😀'.repeat(200_000); // 1.4 MB of 3- and 4-byte characters
    long.ballots[1].id = 'é'.repeat(600_000);
    const hex = long.stages[0].proof.cHat[2] as string;
    // whitespace before a value so that a chunk boundary falls `k` bytes into it
    const cutAt = (t: string, value: string, k: number): string => {
      const i = t.indexOf(value);
      const b = Buffer.byteLength(t.slice(0, i));
      const pad = (JSON_CHUNK - ((b + k) % JSON_CHUNK)) % JSON_CHUNK;
      return t.slice(0, i) + ' '.repeat(pad) + t.slice(i);
    };
    let t = JSON.stringify(long);
    t = cutAt(t, `"${long.electionId as string}"`, 2); // inside the first "€"
    t = cutAt(t, `"${hex}"`, 10);
    writeFileSync(f('long.json'), t);
    const r = await mix('bob', f('long.json'), f('bob.long.stage.json'));
    expect(r.code, r.err).toBe(EXIT.OK);
    expect(read(f('bob.long.stage.json')).outputs).toHaveLength(5);
  });

  it('signs the stage with the guardian key published in election-key.json (spec/key-ceremony.md §13)', () => {
    const ek = readElectionKey(f('election-key.json'));
    const s1 = read(f('alice.stage.json'));
    const st = mixStageStatement(ek.hE, 'mayor', 0, 1, s1.outputs, s1.proof);
    const sig = fromHex(s1.signature);
    expect(verifyGuardianSignature(ek.guardians.get(1)!.signingKey, st, sig)).toBe(true);
    expect(verifyGuardianSignature(ek.guardians.get(3)!.signingKey, st, sig)).toBe(false);
  });

  it('refuses an earlier stage not signed by the guardian it names (C4), naming the field', async () => {
    const unsigned = read(f('in1.json'));
    delete unsigned.stages[0].signature;
    let r = await mix('bob', save('unsigned.json', unsigned), f('x.json'));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain('stages[0]');
    // alice's stage relabelled as carol's: the signature is alice's, so C4 fails
    const relabelled = read(f('in1.json'));
    relabelled.stages[0].guardian = { id: 'carol', x: 3 };
    relabelled.stages[0].mixer = 'carol';
    r = await mix('bob', save('relabelled.json', relabelled), f('x.json'));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain('stages[0].signature');
    expect(r.err).toContain('not signed by guardian 3');
  });

  it('2.E: an election key whose signing key for a guardian was swapped is refused, naming the field', async () => {
    const ek = read(f('election-key.json'));
    ek.guardianKeys[0].signingKey = ek.guardianKeys[1].signingKey; // the assembler's own key for alice
    save('swapped-key.json', ek);
    const r = await cli([
      'mix',
      '--election',
      f('swapped-key.json'),
      '--secret',
      f('alice.secret.json'),
      '--input',
      f('in0.json'),
      '-o',
      f('x.json'),
    ]);
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain('guardianKeys[0].signingKeyProof');
    expect(r.err).toContain('2.E');
  });

  it('refuses a secret file of another guardian than --guardian', async () => {
    const r = await cli([
      'mix',
      '--election',
      f('election-key.json'),
      '--secret',
      f('alice.secret.json'),
      '--guardian',
      'bob',
      '--input',
      f('in1.json'),
      '-o',
      f('x.json'),
    ]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain('not of bob');
  });

  it('refuses another ceremony, a guardian mixing twice, a complete mix and a stranger', async () => {
    let r = await mix('bob', save('other.json', { ...input0, ceremonyId: 'AB'.repeat(32) }), f('x.json'));
    expect([r.code, r.err.includes('ceremonyId')]).toEqual([EXIT.INVALID_FILE, true]);
    r = await mix('alice', f('in1.json'), f('x.json'));
    expect(r.code).toBe(EXIT.PROTOCOL);
    expect(r.err).toContain('alice already mixed "mayor"');
    r = await mix('bob', f('in2.json'), f('x.json'));
    expect(r.code).toBe(EXIT.PROTOCOL);
    expect(r.err).toContain('is complete');
    r = await mix('mallory', f('in1.json'), f('x.json'));
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain('"mallory" is not a guardian');
    // refusals after the mix was read (complete, mixed twice) leave neither a stage nor its work folder
    expect(existsSync(f('x.json'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith('.evident-mix-'))).toEqual([]);
    r = await cli([
      'mix',
      '--election',
      f('election-key.json'),
      '--secret',
      f('bob.secret.json'),
      '-o',
      f('x.json'),
    ]);
    expect(r.code).toBe(EXIT.USAGE);
    for (const bad of ['-1', 'two', '1.5']) {
      r = await cli(
        [
          'mix',
          '--election',
          f('election-key.json'),
          '--secret',
          f('bob.secret.json'),
          '--input',
          f('in1.json'),
        ].concat(['--threads', bad, '-o', f('x.json')]),
      );
      expect([r.code, r.err.includes('--threads')]).toEqual([EXIT.USAGE, true]);
    }
  });

  it('combine, kind ranked: the mixed rows decrypt, write-in columns too (no discrete log)', async () => {
    const ek = readElectionKey(f('election-key.json'));
    const G = ek.c.G as Group<unknown>;
    const last = read(f('carol.stage.json')).outputs as { alpha: string; beta: string }[][];
    const items = last.flatMap((row, i) =>
      row.map((ct, k) => ({ id: `mayor/${i}/${k}`, kind: 'selection', alpha: ct.alpha, beta: ct.beta })),
    );
    save('ranked-request.json', {
      format: 'evident-trustee/decryption-request',
      version: 1,
      ceremonyId: ek.c.id,
      kind: 'ranked',
      maxValue: 4,
      items,
    });
    const common = ['--election', f('election-key.json'), '--request', f('ranked-request.json')];
    for (const n of ['alice', 'bob'])
      await ok([
        'decrypt',
        '--unchecked',
        ...common,
        '--secret',
        f(`${n}.secret.json`),
        '-o',
        f(`${n}.rpartial.json`),
      ]);
    // each upload is signed by its guardian (spec/key-ceremony.md §13)
    const ekS = readElectionKey(f('election-key.json'));
    for (const [x, n] of [
      [1, 'alice'],
      [2, 'bob'],
    ] as const) {
      const p = read(f(`${n}.rpartial.json`));
      const st = decryptionUploadStatement(ekS.hE, 'partial-decryption', 'ranked', x, p);
      expect(verifyGuardianSignature(ekS.guardians.get(x)!.signingKey, st, fromHex(p.signature))).toBe(true);
      const moved = { ...p, session: '00'.repeat(32) };
      expect(
        verifyGuardianSignature(
          ekS.guardians.get(x)!.signingKey,
          decryptionUploadStatement(ekS.hE, 'partial-decryption', 'ranked', x, moved),
          fromHex(p.signature),
        ),
      ).toBe(false);
    }
    const partials = ['alice', 'bob'].map((n) => f(`${n}.rpartial.json`)).join(',');
    // combine takes no partial its guardian did not sign: bob's file relabelled as carol's
    const relabelled = { ...read(f('bob.rpartial.json')), guardian: { id: 'carol', x: 3 } };
    save('forged.rpartial.json', relabelled);
    const forged = await cli([
      'combine',
      ...common,
      '--partials',
      [f('alice.rpartial.json'), f('forged.rpartial.json')].join(','),
      '-o',
      f('x.json'),
    ]);
    expect(forged.code).toBe(EXIT.INVALID_FILE);
    expect(forged.err).toContain('forged.rpartial.json: signature: is not signed by guardian 3');
    await ok(['combine', ...common, '--partials', partials, '-o', f('ranked-challenge.json')]);
    for (const n of ['alice', 'bob'])
      await ok([
        'decrypt',
        '--unchecked',
        ...common,
        '--secret',
        f(`${n}.secret.json`),
        '--challenge',
        f('ranked-challenge.json'),
        '-o',
        f(`${n}.rresponse.json`),
      ]);
    const resp = read(f('bob.rresponse.json'));
    expect(
      verifyGuardianSignature(
        ekS.guardians.get(2)!.signingKey,
        decryptionUploadStatement(ekS.hE, 'decryption-response', 'ranked', 2, resp),
        fromHex(resp.signature),
      ),
    ).toBe(true);
    const responses = ['alice', 'bob'].map((n) => f(`${n}.rresponse.json`)).join(',');
    const r = await cli([
      'combine',
      ...common,
      '--partials',
      partials,
      '--challenge',
      f('ranked-challenge.json'),
      '--responses',
      responses,
      '-o',
      f('ranked-decryption.json'),
    ]);
    expect(r.code, r.err).toBe(EXIT.OK);
    const out = read(f('ranked-decryption.json'));
    expect(out.kind).toBe('ranked');
    expect(out.items.length).toBe(items.length);
    expect(out.items.every((it: Json) => it.t === undefined && typeof it.T === 'string')).toBe(true);
    // the plaintext elements read back as the rankings: ranks by discrete log, the write-in by its chunks
    const T = (i: number, k: number) => G.decode(fromHex(out.items[i * 4 + k].T), 'T');
    const plain = readRankedRows(
      G,
      ek.K,
      contest,
      last.map((_, i) => [0, 1, 2, 3].map((k) => ({ M: T(i, k), proof: undefined }))),
    );
    const read1 = plain.map((p) => JSON.stringify(p)).sort();
    expect(read1).toEqual(
      [
        { ranks: [1, 2], writeIns: [''] },
        { ranks: [2, 0], writeIns: [''] },
        { ranks: [3, 4], writeIns: ['Grace Hopper'] },
        { ranks: [0, 0], writeIns: [''] },
        { ranks: [1, 3], writeIns: [''] },
      ]
        .map((p) => JSON.stringify(p))
        .sort(),
    );
  });

  it('--help documents the command', async () => {
    const r = await cli(['mix', '--help']);
    expect(r.code).toBe(EXIT.OK);
    expect(r.out).toContain('--server <url>');
    expect(r.out).toContain('--input <file>');
  });
});
