/**
 * The complaint procedure of `evident-trustee` end to end, 2 of 3, ristretto255 (EG 2.0 §3.2.2;
 * spec/key-ceremony.md §5.1–5.2): both verdicts — the accuser was wrong (complaint dismissed, the
 * ceremony finishes and the accuser decrypts) and the accused was wrong (named as disqualified) —
 * and tamper tests for the answers file.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encrypt, publicKey } from '@evident/e2e-crypto';
import { EXIT, readElectionKey, requestJson } from './index.js';
import { schemaProblem } from '@evident/record';
import { cliRunner, initPublishShare } from '../test/cli-ceremony.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-trustee-complaints-'));
const f = (name: string): string => join(dir, name);
const PASS = 'correct horse battery';
const names = ['alice', 'bob', 'carol'];
const ceremony = f('ceremony.json');
const pubs = names.map((n) => f(`${n}.public.json`)).join(',');

const { cli, ok } = cliRunner(PASS);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
function tampered(
  file: string,
  mutate: (d: Json) => void,
  name = `${Math.random().toString(36).slice(2)}`,
): string {
  const d = JSON.parse(readFileSync(file, 'utf8'));
  mutate(d);
  const p = file.replace(/\.json$/, `.${name}.json`);
  writeFileSync(p, JSON.stringify(d));
  return p;
}
const flipHex = (h: string, at = 2): string => h.slice(0, at) + (h[at] === '0' ? '1' : '0') + h.slice(at + 1);
/** A copy of carol's shares file with the share for guardian `to` changed. */
const badShareFor = (to: number, name: string): string =>
  tampered(
    f('carol.shares.json'),
    (d) => {
      const s = d.shares.find((x: { to: number }) => x.to === to);
      s.c1 = flipHex(s.c1);
    },
    name,
  );
const verify = (g: string, shares: string[], extra: string[] = []) =>
  cli([
    'verify',
    '--ceremony',
    ceremony,
    '--secret',
    f(`${g}.secret.json`),
    '--public',
    pubs,
    '--shares',
    shares.join(','),
    ...extra,
    '-o',
    f(`${g}.verification.json`),
  ]);
const judge = (verifications: string[], extra: string[]) =>
  cli([
    '--json',
    'judge',
    '--ceremony',
    ceremony,
    '--public',
    pubs,
    '--verifications',
    verifications.join(','),
    ...extra,
  ]);

beforeAll(async () => {
  writeFileSync(f('manifest.json'), JSON.stringify({ contests: [{ id: 'mayor', options: ['a', 'b'] }] }));
  await ok([
    'config',
    '--manifest',
    f('manifest.json'),
    '--guardians',
    names.join(','),
    '--quorum',
    '2',
    '-o',
    ceremony,
  ]);
  await initPublishShare(ok, f, ceremony, names);
}, 60_000);

describe('the accuser was wrong: complaint dismissed, the ceremony goes on', () => {
  it('bob complains about a share corrupted on his USB stick; carol answers; judge dismisses; finalize; bob decrypts', async () => {
    const corrupted = badShareFor(2, 'corrupted-copy'); // bob's copy, not what carol published
    const real = names.map((n) => f(`${n}.shares.json`));
    const v = await verify('bob', [f('alice.shares.json'), corrupted]);
    expect(v.code).toBe(EXIT.PROTOCOL);
    expect(v.out).toMatch(/complaint against carol \(MAC\).*answer-complaint/);
    copyFileSync(f('bob.verification.json'), f('bob.complaint.json'));
    expect((await verify('alice', real)).code).toBe(0);
    expect((await verify('carol', real)).code).toBe(0);
    const statements = names.map((n) => f(`${n}.verification.json`));

    const blocked = await cli([
      'finalize',
      '--ceremony',
      ceremony,
      '--public',
      pubs,
      '--verifications',
      statements.join(','),
      '-o',
      f('x.json'),
    ]);
    expect(blocked.code).toBe(EXIT.PROTOCOL);
    expect(blocked.err).toMatch(/bob complains about carol \(MAC\): carol answers with answer-complaint/);

    // only carol has something to answer
    const none = await cli([
      '--json',
      'answer-complaint',
      '--ceremony',
      ceremony,
      '--secret',
      f('alice.secret.json'),
      '--public',
      pubs,
      '--verifications',
      statements.join(','),
      '-o',
      f('alice.answers.json'),
    ]);
    expect(JSON.parse(none.out)).toMatchObject({ ok: true, outputs: [], answered: [] });
    const ans = await cli([
      '--json',
      'answer-complaint',
      '--ceremony',
      ceremony,
      '--secret',
      f('carol.secret.json'),
      '--public',
      pubs,
      '--verifications',
      statements.join(','),
      '-o',
      f('carol.answers.json'),
    ]);
    expect(ans.code).toBe(0);
    expect(JSON.parse(ans.out)).toMatchObject({ ok: true, answered: ['bob'] });

    const noAnswer = await judge(statements, ['--shares', real.join(',')]);
    expect(noAnswer.code).toBe(EXIT.PROTOCOL);
    expect(JSON.parse(noAnswer.out)).toMatchObject({
      ok: false,
      disqualified: ['carol'],
      verdicts: [{ verdict: 'UNANSWERED' }],
    });

    const j = await judge(statements, [
      '--shares',
      real.join(','),
      '--answers',
      f('carol.answers.json'),
      '-o',
      f('judgement.json'),
    ]);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toMatchObject({
      ok: true,
      disqualified: [],
      verdicts: [{ accuser: 'bob', accused: 'carol', reason: 'MAC', verdict: 'DISMISSED' }],
    });
    expect(JSON.parse(readFileSync(f('judgement.json'), 'utf8')).verdicts[0].verdict).toBe('DISMISSED');
    expect(schemaProblem('judgement', JSON.parse(readFileSync(f('judgement.json'), 'utf8')))).toBeUndefined();
    expect(
      schemaProblem('complaint-answers', JSON.parse(readFileSync(f('carol.answers.json'), 'utf8'))),
    ).toBeUndefined();

    // finalize with the answers: the dismissed complaint no longer blocks
    const fin = await cli([
      'finalize',
      '--ceremony',
      ceremony,
      '--public',
      pubs,
      '--verifications',
      statements.join(','),
      '--shares',
      real.join(','),
      '--answers',
      f('carol.answers.json'),
      '-o',
      f('election-key.json'),
    ]);
    expect(fin.code).toBe(0);
    expect(fin.out).toMatch(/complaints dismissed: bob against carol/);

    // bob verifies again (still with his bad copy) and takes carol's revealed share
    const again = await verify(
      'bob',
      [f('alice.shares.json'), corrupted],
      ['--answers', f('carol.answers.json')],
    );
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/carol: from the public answer/);

    // bob's key share is right: alice and bob decrypt
    const ek = readElectionKey(f('election-key.json'));
    writeFileSync(
      f('request.json'),
      JSON.stringify(
        requestJson(ek.c, 'tally', 5, [
          { id: 'a', target: { kind: 'selection', ct: encrypt(ek.c.G, publicKey(ek.c.G, ek.K), 3) } },
        ]),
      ),
    );
    const e = ['--election', f('election-key.json'), '--request', f('request.json')];
    /** alice's and bob's run of `decrypt`, without a record to check against, writing `<g>.<out>`. */
    const decryptBoth = async (out: string, extra: string[] = []) => {
      for (const g of ['alice', 'bob'])
        await ok([
          'decrypt',
          '--unchecked',
          ...e,
          '--secret',
          f(`${g}.secret.json`),
          ...extra,
          '-o',
          f(`${g}.${out}`),
        ]);
    };
    await decryptBoth('partial.json');
    const partials = ['--partials', [f('alice.partial.json'), f('bob.partial.json')].join(',')];
    await ok(['combine', ...e, ...partials, '-o', f('challenge.json')]);
    await decryptBoth('response.json', ['--challenge', f('challenge.json')]);
    await ok([
      'combine',
      ...e,
      ...partials,
      '--challenge',
      f('challenge.json'),
      '--responses',
      [f('alice.response.json'), f('bob.response.json')].join(','),
      '-o',
      f('decryption.json'),
    ]);
    expect(JSON.parse(readFileSync(f('decryption.json'), 'utf8')).items[0].t).toBe(3);
  });
});

describe('the accused was wrong: named as disqualified', () => {
  it('carol published a bad share for alice: her honest answer does not reproduce it', async () => {
    const published = badShareFor(1, 'published-bad');
    const v = await cli([
      'verify',
      '--ceremony',
      ceremony,
      '--secret',
      f('alice.secret.json'),
      '--public',
      pubs,
      '--shares',
      [f('bob.shares.json'), published].join(','),
      '-o',
      f('alice.complaint.json'),
    ]);
    expect(v.code).toBe(EXIT.PROTOCOL);
    const statements = [f('alice.complaint.json'), f('bob.complaint.json'), f('carol.verification.json')];
    await ok([
      'answer-complaint',
      '--ceremony',
      ceremony,
      '--secret',
      f('carol.secret.json'),
      '--public',
      pubs,
      '--verifications',
      statements.join(','),
      '-o',
      f('carol.answers2.json'),
    ]);
    expect(
      JSON.parse(readFileSync(f('carol.answers2.json'), 'utf8')).answers.map(
        (a: { accuser: number }) => a.accuser,
      ),
    ).toEqual([1, 2]);
    const shares = [
      '--shares',
      [f('alice.shares.json'), f('bob.shares.json'), published].join(','),
      '--answers',
      f('carol.answers2.json'),
    ];
    const j = await judge(statements, shares);
    expect(j.code).toBe(EXIT.PROTOCOL);
    const out = JSON.parse(j.out);
    expect(out).toMatchObject({ ok: false, disqualified: ['carol'] });
    expect(out.message).toMatch(/disqualified: carol — the ceremony must restart without them/);
    expect(out.verdicts).toMatchObject([
      { accuser: 'alice', accused: 'carol', verdict: 'SENDER_AT_FAULT' },
      { accuser: 'bob', accused: 'carol', verdict: 'DISMISSED' }, // bob's share was published correctly
    ]);
    expect(out.verdicts[0].detail).toMatch(
      /do not reproduce the encrypted share carol published for alice \(eq 14–19\)/,
    );
    const fin = await cli([
      'finalize',
      '--ceremony',
      ceremony,
      '--public',
      pubs,
      '--verifications',
      statements.join(','),
      ...shares,
      '-o',
      f('x.json'),
    ]);
    expect(fin.code).toBe(EXIT.PROTOCOL);
    expect(fin.err).toMatch(/alice complains about carol \(MAC\): SENDER_AT_FAULT, carol is disqualified/);
    // without her shares file the judge cannot decide a MAC complaint
    const usage = await judge(statements, ['--answers', f('carol.answers2.json')]);
    expect(usage.code).toBe(EXIT.USAGE);
    expect(JSON.parse(usage.out).message).toMatch(/give carol's shares file with --shares/);
  });
});

describe('answers file: tampered values lose, malformed files are refused', () => {
  const statements = () => [
    f('alice.verification.json'),
    f('bob.complaint.json'),
    f('carol.verification.json'),
  ];
  const real = () => ['--shares', names.map((n) => f(`${n}.shares.json`)).join(',')];

  it('a changed share fails eq 21; a changed nonce fails the re-encryption', async () => {
    const share = tampered(
      f('carol.answers.json'),
      (d) => (d.answers[0].share = flipHex(d.answers[0].share, 10)),
    );
    const r1 = JSON.parse((await judge(statements(), [...real(), '--answers', share])).out);
    expect(r1.verdicts[0]).toMatchObject({ verdict: 'SENDER_AT_FAULT' });
    expect(r1.verdicts[0].detail).toMatch(/does not match carol's commitments \(eq 21\)/);
    const nonce = tampered(
      f('carol.answers.json'),
      (d) => (d.answers[0].nonce = flipHex(d.answers[0].nonce, 10)),
    );
    const r2 = JSON.parse((await judge(statements(), [...real(), '--answers', nonce])).out);
    expect(r2.verdicts[0]).toMatchObject({ verdict: 'SENDER_AT_FAULT' });
    expect(r2.verdicts[0].detail).toMatch(/eq 14–19/);
    // a bad answer next to the good one does not hurt carol
    const both = JSON.parse(
      (await judge(statements(), [...real(), '--answers', `${nonce},${f('carol.answers.json')}`])).out,
    );
    expect(both.verdicts[0]).toMatchObject({ verdict: 'DISMISSED' });
  });

  it('another election, a field of the wrong type, an impossible accuser, the wrong kind of file', async () => {
    for (const [mut, pattern] of [
      [
        (d: { ceremonyId: string }) => (d.ceremonyId = flipHex(d.ceremonyId)),
        /ceremonyId: belongs to another election/,
      ],
      [
        (d: { answers: { accuser: unknown }[] }) => (d.answers[0]!.accuser = '2'),
        /answers\[0\]\.accuser: must be integer/,
      ],
      [
        (d: { answers: { share: unknown }[] }) => (d.answers[0]!.share = 'xyz'),
        /answers\[0\]\.share: must match pattern/,
      ],
      [
        (d: { answers: { accuser: number }[] }) => (d.answers[0]!.accuser = 3),
        /answers\[0\]\.accuser: guardian x=3 cannot be an accuser of carol/,
      ],
      [(d: { answers: unknown[] }) => (d.answers = []), /answers: must NOT have fewer than 1 items/],
      [(d: { extra?: number }) => (d.extra = 1), /extra: must NOT have additional properties/],
    ] as const) {
      const p = tampered(f('carol.answers.json'), mut as never);
      const r = await cli([
        'judge',
        '--ceremony',
        ceremony,
        '--public',
        pubs,
        '--verifications',
        statements().join(','),
        ...real(),
        '--answers',
        p,
      ]);
      expect(r.code).toBe(EXIT.INVALID_FILE);
      expect(r.err).toContain(p);
      expect(r.err).toMatch(pattern);
    }
    const wrongKind = await cli([
      'judge',
      '--ceremony',
      ceremony,
      '--public',
      pubs,
      '--verifications',
      statements().join(','),
      '--answers',
      f('judgement.json'),
    ]);
    expect(wrongKind.err).toMatch(
      /is a "evident-trustee\/judgement" file, expected "evident-trustee\/complaint-answers"/,
    );
  });

  it('two statements of one guardian, and a complaint against oneself, are refused', async () => {
    const twice = await judge([...statements(), f('bob.verification.json')], real());
    expect(twice.code).toBe(EXIT.INVALID_FILE);
    expect(JSON.parse(twice.out).message).toMatch(
      /second verification statement of bob: give only the latest/,
    );
    const self = tampered(f('bob.complaint.json'), (d) => (d.complaints[0].accused = 2));
    const r = await judge([f('alice.verification.json'), self], real());
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(JSON.parse(r.out)).toMatchObject({ field: 'complaints[0].accused' });
  });
});
