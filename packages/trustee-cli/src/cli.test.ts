/**
 * `evident-trustee` end to end at n = 5, k = 3 (ristretto255), in-process: the ceremony, a tally
 * decrypted by guardians 1, 3, 4 (two missing), and a tamper test for every file the CLI reads.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  encrypt,
  hashedEncrypt,
  publicKey,
  randomScalar,
  contestDataContext,
  decryptionUploadStatement,
  fromHex,
  signGuardianStatement,
  signatureHex,
  utf8Bytes,
} from '@evident/e2e-crypto';
import { readSecret } from './secret-store.js';
import { EXIT, readElectionKey, requestJson } from './index.js';
import { cliRunner, initPublishShare } from '../test/cli-ceremony.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-trustee-'));
const f = (name: string): string => join(dir, name);
const PASS = 'correct horse battery';
const names = ['alice', 'bob', 'carol', 'dave', 'erin'];

const { cli, ok } = cliRunner(PASS);
/** A copy of `file` with `mutate` applied to its JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function tampered(file: string, mutate: (d: any) => void): string {
  const d = JSON.parse(readFileSync(file, 'utf8'));
  mutate(d);
  const p = file.replace(/\.json$/, `.tampered-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(p, JSON.stringify(d));
  return p;
}
/**
 * A changed decryption upload, signed again by its own guardian (a guardian that sends a wrong
 * file signs it: the signature is right, the content is not).
 */
function resigned(
  file: string,
  guardian: string,
  kind: 'partial-decryption' | 'decryption-response',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  mutate: (d: any) => void,
): string {
  const p = tampered(file, mutate);
  const d = JSON.parse(readFileSync(p, 'utf8'));
  const ek = readElectionKey(f('election-key.json'));
  const sk = fromHex(readSecret(f(`${guardian}.secret.json`), PASS).payload.signingKey!);
  const st = decryptionUploadStatement(ek.hE, kind, 'challenged-ballots', d.guardian.x, d); // request.json's kind
  writeFileSync(p, JSON.stringify({ ...d, signature: signatureHex(signGuardianStatement(sk, st)) }));
  return p;
}
const flipHex = (h: string, at = 2): string => h.slice(0, at) + (h[at] === '0' ? '1' : '0') + h.slice(at + 1);
const pubs = names.map((n) => f(`${n}.public.json`)).join(',');
const sharesFiles = names.map((n) => f(`${n}.shares.json`)).join(',');
const votes = [4, 0, 2];

beforeAll(async () => {
  writeFileSync(
    f('manifest.json'),
    JSON.stringify({ contests: [{ id: 'mayor', options: ['a', 'b', 'c'] }] }),
  );
  await ok([
    'config',
    '--manifest',
    f('manifest.json'),
    '--guardians',
    names.join(','),
    '--quorum',
    '3',
    '-o',
    f('ceremony.json'),
  ]);
  await initPublishShare(ok, f, f('ceremony.json'), names);
  for (const n of names) {
    await ok([
      'verify',
      '--ceremony',
      f('ceremony.json'),
      '--secret',
      f(`${n}.secret.json`),
      '--public',
      pubs,
      '--shares',
      sharesFiles,
      '-o',
      f(`${n}.verification.json`),
    ]);
  }
  await ok([
    'finalize',
    '--ceremony',
    f('ceremony.json'),
    '--public',
    pubs,
    '--verifications',
    names.map((n) => f(`${n}.verification.json`)).join(','),
    '-o',
    f('election-key.json'),
  ]);
  const ek = readElectionKey(f('election-key.json'));
  const pk = publicKey(ek.c.G, ek.K);
  const items = votes.map((t, x) => ({
    id: `mayor/${x}`,
    target: { kind: 'selection' as const, ct: encrypt(ek.c.G, pk, t) },
  }));
  const data = utf8Bytes('write-in: Grace Hopper'.padEnd(32, ' '));
  items.push({
    id: 'mayor/data',
    target: {
      kind: 'contest-data',
      ct: hashedEncrypt(ek.c.G, ek.hE, pk, data, randomScalar(ek.c.G.q), contestDataContext(1)),
    },
    contestIndex: 1,
  } as never);
  writeFileSync(f('request.json'), JSON.stringify(requestJson(ek.c, 'challenged-ballots', 10, items)));
  for (const n of ['alice', 'carol', 'dave', 'erin']) {
    await ok([
      'decrypt',
      '--unchecked',
      '--election',
      f('election-key.json'),
      '--secret',
      f(`${n}.secret.json`),
      '--request',
      f('request.json'),
      '-o',
      f(`${n}.partial.json`),
    ]);
  }
  const partials = ['alice', 'carol', 'dave'].map((n) => f(`${n}.partial.json`)).join(',');
  await ok([
    'combine',
    '--election',
    f('election-key.json'),
    '--request',
    f('request.json'),
    '--partials',
    partials,
    '-o',
    f('challenge.json'),
  ]);
  for (const n of ['alice', 'carol', 'dave']) {
    await ok([
      'decrypt',
      '--unchecked',
      '--election',
      f('election-key.json'),
      '--secret',
      f(`${n}.secret.json`),
      '--request',
      f('request.json'),
      '--challenge',
      f('challenge.json'),
      '-o',
      f(`${n}.response.json`),
    ]);
  }
  await ok([
    'combine',
    '--election',
    f('election-key.json'),
    '--request',
    f('request.json'),
    '--partials',
    partials,
    '--challenge',
    f('challenge.json'),
    '--responses',
    ['alice', 'carol', 'dave'].map((n) => f(`${n}.response.json`)).join(','),
    '-o',
    f('decryption.json'),
  ]);
}, 120_000);

const combineArgs = (partials: string[], extra: string[] = []): string[] => [
  'combine',
  '--election',
  f('election-key.json'),
  '--request',
  f('request.json'),
  '--partials',
  partials.join(','),
  ...extra,
  '-o',
  f('out.json'),
];

describe('evident-trustee, 3 of 5, two guardians missing', () => {
  it('decrypts the values and the contest data with a quorum of alice, carol, dave', () => {
    const d = JSON.parse(readFileSync(f('decryption.json'), 'utf8'));
    expect(d.quorum.map((g: { id: string }) => g.id)).toEqual(['alice', 'carol', 'dave']);
    expect(d.items.slice(0, 3).map((it: { t: number }) => it.t)).toEqual(votes);
    expect(Buffer.from(d.items[3].data, 'hex').toString('utf8').trim()).toBe('write-in: Grace Hopper');
  });

  it('--json prints a machine-readable result and a machine-readable error', async () => {
    const r = await cli([
      '--json',
      'publish',
      '--ceremony',
      f('ceremony.json'),
      '--secret',
      f('bob.secret.json'),
      '-o',
      f('bob.public2.json'),
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, outputs: [f('bob.public2.json')] });
    const bad = await cli(
      [
        '--json',
        'publish',
        '--ceremony',
        f('ceremony.json'),
        '--secret',
        f('bob.secret.json'),
        '-o',
        f('x.json'),
      ],
      'wrong passphrase',
    );
    expect(bad.code).toBe(EXIT.SECRET);
    expect(JSON.parse(bad.out)).toMatchObject({
      ok: false,
      exitCode: EXIT.SECRET,
      file: f('bob.secret.json'),
    });
  });

  it('a bad partial decryption is named and left out while a quorum remains; below quorum it stops', async () => {
    const bad = resigned(
      f('erin.partial.json'),
      'erin',
      'partial-decryption',
      (d) => (d.items[1].M = d.items[0].M),
    );
    const r = await cli([
      ...combineArgs([f('alice.partial.json'), f('carol.partial.json'), bad]).slice(0, -2),
      '-o',
      f('c2.json'),
    ]);
    expect(r.code).toBe(EXIT.PROTOCOL);
    expect(r.err).toMatch(/no quorum: only 2 valid guardians.*erin: partial decryptions fail their proof/);
    const r2 = await cli(
      combineArgs([f('alice.partial.json'), f('carol.partial.json'), f('dave.partial.json'), bad]),
    );
    expect(r2.code).toBe(0);
    expect(r2.out).toMatch(/left out erin: partial decryptions fail their proof/);
  });
});

describe('hex of either case, as the server accepts it (spec/server-api.md §1)', () => {
  it('combine takes a partial decryption written in lower case like its upper-case original', async () => {
    const lower = (v: unknown): unknown =>
      typeof v === 'string' && /^[0-9A-F]+$/.test(v)
        ? v.toLowerCase()
        : Array.isArray(v)
          ? v.map(lower)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, lower(x)]))
            : v;
    const p = resigned(f('alice.partial.json'), 'alice', 'partial-decryption', (d) => {
      for (const k of ['ceremonyId', 'requestDigest', 'session', 'items', 'proof']) d[k] = lower(d[k]);
    });
    expect(readFileSync(p, 'utf8')).not.toMatch(/"ceremonyId":"[0-9A-F]+"/);
    await ok(combineArgs([p, f('carol.partial.json'), f('dave.partial.json')]));
    const ch = JSON.parse(readFileSync(f('out.json'), 'utf8'));
    expect(ch).toEqual(JSON.parse(readFileSync(f('challenge.json'), 'utf8')));
  });
});

describe('every file the CLI reads is refused when changed', () => {
  const expectRefused = async (
    args: string[],
    file: string,
    code: number,
    pattern: RegExp,
  ): Promise<void> => {
    const r = await cli(args);
    expect(r.code).toBe(code);
    expect(r.err).toContain(file);
    expect(r.err).toMatch(pattern);
  };

  it('ceremony.json', async () => {
    const c = tampered(f('ceremony.json'), (d) => (d.quorum = 2));
    await expectRefused(
      ['publish', '--ceremony', c, '--secret', f('bob.secret.json'), '-o', f('x.json')],
      c,
      EXIT.INVALID_FILE,
      /base hash/,
    );
    const c2 = tampered(f('ceremony.json'), (d) => (d.guardians[1].id = 'mallory'));
    await expectRefused(
      ['publish', '--ceremony', c2, '--secret', f('bob.secret.json'), '-o', f('x.json')],
      f('bob.secret.json'),
      EXIT.INVALID_FILE,
      /not a guardian/,
    );
  });

  it('secret key file: wrong passphrase, changed header, changed ciphertext, another election', async () => {
    const r = await cli(
      ['publish', '--ceremony', f('ceremony.json'), '--secret', f('bob.secret.json'), '-o', f('x.json')],
      'not the passphrase',
    );
    expect(r.code).toBe(EXIT.SECRET);
    expect(r.err).toMatch(/bob\.secret\.json: cannot be opened: wrong passphrase/);
    const h = tampered(f('bob.secret.json'), (d) => (d.guardian.x = 3));
    await expectRefused(
      ['publish', '--ceremony', f('ceremony.json'), '--secret', h, '-o', f('x.json')],
      h,
      EXIT.SECRET,
      /cannot be opened/,
    );
    const c = tampered(f('bob.secret.json'), (d) => (d.ciphertext = flipHex(d.ciphertext, 10)));
    await expectRefused(
      ['publish', '--ceremony', f('ceremony.json'), '--secret', c, '-o', f('x.json')],
      c,
      EXIT.SECRET,
      /cannot be opened/,
    );
    writeFileSync(f('manifest2.json'), '{"other":true}');
    await ok([
      'config',
      '--manifest',
      f('manifest2.json'),
      '--guardians',
      names.join(','),
      '--quorum',
      '3',
      '-o',
      f('ceremony2.json'),
    ]);
    await expectRefused(
      ['publish', '--ceremony', f('ceremony2.json'), '--secret', f('bob.secret.json'), '-o', f('x.json')],
      f('bob.secret.json'),
      EXIT.INVALID_FILE,
      /another election/,
    );
  });

  it('public file: changed commitment, proof, guardian, election', async () => {
    const base = [
      'share',
      '--ceremony',
      f('ceremony.json'),
      '--secret',
      f('alice.secret.json'),
      '-o',
      f('x.json'),
      '--public',
    ];
    const others = names.slice(0, 4).map((n) => f(`${n}.public.json`));
    for (const [mut, pattern] of [
      [(d: { commitments: string[] }) => (d.commitments[1] = d.commitments[0]!), /Verification 2\.C/],
      [(d: { proofs: { v: string }[] }) => (d.proofs[0]!.v = flipHex(d.proofs[0]!.v)), /Verification 2\.C/],
      [(d: { guardian: { x: number } }) => (d.guardian.x = 4), /not a guardian/],
      [(d: { ceremonyId: string }) => (d.ceremonyId = flipHex(d.ceremonyId)), /another election/],
    ] as const) {
      const p = tampered(f('erin.public.json'), mut as never);
      await expectRefused([...base, [...others, p].join(',')], p, EXIT.INVALID_FILE, pattern);
    }
  });

  it('shares file: a changed share gives a signed complaint that blocks finalize; a changed header is refused', async () => {
    const p = tampered(f('erin.shares.json'), (d) => {
      const s = d.shares.find((x: { to: number }) => x.to === 2);
      s.c1 = flipHex(s.c1);
    });
    const files = [...names.slice(0, 4).map((n) => f(`${n}.shares.json`)), p].join(',');
    const r = await cli([
      'verify',
      '--ceremony',
      f('ceremony.json'),
      '--secret',
      f('bob.secret.json'),
      '--public',
      pubs,
      '--shares',
      files,
      '-o',
      f('bob.complaint.json'),
    ]);
    expect(r.code).toBe(EXIT.PROTOCOL);
    expect(r.out).toMatch(/complaint against erin \(MAC\)/);
    const fin = await cli([
      'finalize',
      '--ceremony',
      f('ceremony.json'),
      '--public',
      pubs,
      '--verifications',
      ['alice', 'carol', 'dave', 'erin']
        .map((n) => f(`${n}.verification.json`))
        .concat(f('bob.complaint.json'))
        .join(','),
      '-o',
      f('x.json'),
    ]);
    expect(fin.code).toBe(EXIT.PROTOCOL);
    expect(fin.err).toMatch(/bob complains about erin \(MAC\)/);
    const h = tampered(f('erin.shares.json'), (d) => (d.from.id = 'dave'));
    await expectRefused(
      [
        'verify',
        '--ceremony',
        f('ceremony.json'),
        '--secret',
        f('bob.secret.json'),
        '--public',
        pubs,
        '--shares',
        h,
        '-o',
        f('x.json'),
      ],
      h,
      EXIT.INVALID_FILE,
      /not a guardian/,
    );
  });

  it('verification statement: a changed confirmation breaks its signature', async () => {
    const p = tampered(f('carol.verification.json'), (d) => (d.complaints = [{ accused: 1, reason: 'MAC' }]));
    const v = names
      .filter((n) => n !== 'carol')
      .map((n) => f(`${n}.verification.json`))
      .concat(p)
      .join(',');
    await expectRefused(
      [
        'finalize',
        '--ceremony',
        f('ceremony.json'),
        '--public',
        pubs,
        '--verifications',
        v,
        '-o',
        f('x.json'),
      ],
      p,
      EXIT.INVALID_FILE,
      /signature does not verify/,
    );
  });

  it('election key: changed K, H_E or commitment', async () => {
    for (const [mut, pattern] of [
      [(d: { extendedBaseHash: string }) => (d.extendedBaseHash = flipHex(d.extendedBaseHash)), /4\.A/],
      [
        (d: { jointPublicKey: string; guardianKeys: { commitments: string[] }[] }) =>
          (d.jointPublicKey = d.guardianKeys[0]!.commitments[0]!),
        /3\.B/,
      ],
      [
        (d: { guardianKeys: { commitments: string[] }[] }) =>
          (d.guardianKeys[2]!.commitments[2] = d.guardianKeys[2]!.commitments[1]!),
        /2\.C/,
      ],
    ] as const) {
      const p = tampered(f('election-key.json'), mut as never);
      await expectRefused(
        [
          'decrypt',
          '--unchecked',
          '--election',
          p,
          '--secret',
          f('bob.secret.json'),
          '--request',
          f('request.json'),
          '-o',
          f('x.json'),
        ],
        p,
        EXIT.INVALID_FILE,
        pattern,
      );
    }
  });

  it('request: changed after the partial decryptions were made', async () => {
    const p = tampered(f('request.json'), (d) => (d.items[0].beta = d.items[1].beta));
    const r = await cli([
      'combine',
      '--election',
      f('election-key.json'),
      '--request',
      p,
      '--partials',
      f('alice.partial.json'),
      '-o',
      f('x.json'),
    ]);
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toMatch(/alice\.partial\.json: requestDigest: was made for another decryption request/);
    const bad = tampered(f('request.json'), (d) => (d.items[0].alpha = 'ZZ'));
    await expectRefused(
      [
        'combine',
        '--election',
        f('election-key.json'),
        '--request',
        bad,
        '--partials',
        f('alice.partial.json'),
        '-o',
        f('x.json'),
      ],
      bad,
      EXIT.INVALID_FILE,
      /items\[0\]\.alpha/,
    );
  });

  it('challenge: changed values are refused by combine, and a guardian answers one challenge per session only', async () => {
    const p = tampered(f('challenge.json'), (d) => (d.items[0].M = d.items[1].M));
    const partials = ['alice', 'carol', 'dave'].map((n) => f(`${n}.partial.json`));
    const responses = ['alice', 'carol', 'dave'].map((n) => f(`${n}.response.json`)).join(',');
    await expectRefused(
      combineArgs(partials, ['--challenge', p, '--responses', responses]),
      p,
      EXIT.INVALID_FILE,
      /does not match the partial decryptions/,
    );
    const r = await cli([
      'decrypt',
      '--unchecked',
      '--election',
      f('election-key.json'),
      '--secret',
      f('carol.secret.json'),
      '--request',
      f('request.json'),
      '--challenge',
      p,
      '-o',
      f('x.json'),
    ]);
    expect(r.code).toBe(EXIT.PROTOCOL);
    expect(r.err).toMatch(/already answered with a different challenge/);
  });

  it('response: a changed response names the guardian', async () => {
    const p = resigned(
      f('dave.response.json'),
      'dave',
      'decryption-response',
      (d) => (d.responses[2] = d.responses[1]),
    );
    const partials = ['alice', 'carol', 'dave'].map((n) => f(`${n}.partial.json`));
    const r = await cli(
      combineArgs(partials, [
        '--challenge',
        f('challenge.json'),
        '--responses',
        [f('alice.response.json'), f('carol.response.json'), p].join(','),
      ]),
    );
    expect(r.code).toBe(EXIT.PROTOCOL);
    expect(r.err).toMatch(/dave: response #2 does not verify/);
  });

  it('partial decryption: another guardian’s file under a wrong name, and a file of the wrong kind', async () => {
    const p = tampered(f('alice.partial.json'), (d) => (d.guardian = { id: 'carol', x: 3 }));
    const r = await cli(combineArgs([p, f('carol.partial.json')]));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toMatch(/signature: is not signed by guardian 3/); // alice's signature, carol's number
    const again = await cli(combineArgs([f('carol.partial.json'), f('carol.partial.json')]));
    expect(again.code).toBe(EXIT.INVALID_FILE);
    expect(again.err).toMatch(/second partial decryption from guardian carol/);
    copyFileSync(f('alice.public.json'), f('wrong-kind.json'));
    await expectRefused(
      combineArgs([f('wrong-kind.json')]),
      f('wrong-kind.json'),
      EXIT.INVALID_FILE,
      /is a "evident-trustee\/guardian-public" file/,
    );
  });
});

describe('every file the CLI writes validates against spec/schemas/trustee (independent Ajv)', () => {
  it('all files of the 3-of-5 ceremony and decryption above', () => {
    const specDir = fileURLToPath(new URL('../../../spec/schemas/trustee/', import.meta.url));
    const Ajv = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as new (
      o: object,
    ) => {
      addSchema(s: object): void;
      getSchema(id: string): ((d: unknown) => boolean) & { errors?: unknown };
    };
    const ajv = new Ajv({ strict: true, strictTypes: false, discriminator: true, allErrors: true });
    for (const x of readdirSync(specDir)) ajv.addSchema(JSON.parse(readFileSync(join(specDir, x), 'utf8')));
    const written = readdirSync(dir).filter(
      (x) =>
        x.endsWith('.json') &&
        !x.includes('.tampered-') &&
        x !== 'manifest.json' &&
        x !== 'manifest2.json' &&
        x !== 'wrong-kind.json',
    );
    const kinds = new Set<string>();
    for (const x of written) {
      const d = JSON.parse(readFileSync(join(dir, x), 'utf8'));
      const kind = String(d.format).replace('evident-trustee/', '');
      kinds.add(kind);
      const validate = ajv.getSchema(`https://evident.example/spec/schemas/trustee/${kind}.schema.json`);
      expect(validate, x).toBeDefined();
      expect(validate!(d), `${x}: ${JSON.stringify(validate!.errors)}`).toBe(true);
    }
    expect([...kinds].sort()).toEqual([
      'ceremony',
      'decryption',
      'decryption-challenge',
      'decryption-request',
      'decryption-response',
      'election-key',
      'guardian-public',
      'partial-decryption',
      'secret-key',
      'shares',
      'verification',
    ]);
  });

  it('a file with a field of the wrong type is refused, naming the file and the field', async () => {
    const p = tampered(f('alice.partial.json'), (d) => (d.guardian.x = '1'));
    const r = await cli(['--json', ...combineArgs([p, f('carol.partial.json'), f('dave.partial.json')])]);
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(JSON.parse(r.out)).toMatchObject({
      file: p,
      field: 'guardian.x',
      message: 'must be integer (schema partial-decryption.schema.json)',
    });
    const k = tampered(f('election-key.json'), (d) => (d.guardianKeys[1].proofs[0].v = 12));
    const r2 = await cli([
      'decrypt',
      '--unchecked',
      '--election',
      k,
      '--secret',
      f('bob.secret.json'),
      '--request',
      f('request.json'),
      '-o',
      f('x.json'),
    ]);
    expect(r2.code).toBe(EXIT.INVALID_FILE);
    expect(r2.err).toContain(`${k}: guardianKeys[1].proofs[0].v: must be string`);
  });
});
