/**
 * `evident-trustee request` (spec/key-ceremony.md §9.6): a 2-of-3 ceremony with the CLI, an
 * election written as an Evident record with @evident/record's stage writers under the ceremony's
 * key, the request built from the record, both decryption rounds and `combine`: the decrypted
 * tally and challenged ballots equal the plaintexts. Tampered records are refused.
 */
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extendedBaseHash } from '@evident/e2e-crypto';
import { sampleManifest, writeConfigStage, writeInitializedStage } from '@evident/record';
import { EXIT, readElectionKey } from './index.js';
import { cliRunner, fullCeremony } from '../test/cli-ceremony.js';
import { writeRecordElection } from '../test/record-election.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-trustee-request-'));
const f = (name: string): string => join(dir, name);
const rec = f('record');
const PASS = 'correct horse battery';
const names = ['alice', 'bob', 'carol'];
const manifest = sampleManifest({ districts: 1, contestsPerDistrict: 1, options: 3, sharedContest: false });

const { cli, ok } = cliRunner(PASS);

/** Round 1, challenge, round 2 and the final combine by alice and carol (bob absent). */
async function decryptWithQuorum(request: string, tag: string): Promise<{ id: string; t?: number }[]> {
  const quorum = ['alice', 'carol'];
  const ek = f('election-key.json');
  for (const g of quorum)
    await ok([
      'decrypt',
      '--election',
      ek,
      '--secret',
      f(`${g}.secret.json`),
      '--request',
      request,
      '--record',
      rec,
      '-o',
      f(`${g}.${tag}.partial.json`),
    ]);
  const partials = quorum.map((g) => f(`${g}.${tag}.partial.json`)).join(',');
  await ok([
    'combine',
    '--election',
    ek,
    '--request',
    request,
    '--partials',
    partials,
    '-o',
    f(`${tag}.challenge.json`),
  ]);
  for (const g of quorum) {
    await ok([
      'decrypt',
      '--election',
      ek,
      '--secret',
      f(`${g}.secret.json`),
      '--request',
      request,
      '--challenge',
      f(`${tag}.challenge.json`),
      '--unchecked',
      '-o',
      f(`${g}.${tag}.response.json`),
    ]);
  }
  const responses = quorum.map((g) => f(`${g}.${tag}.response.json`)).join(',');
  await ok([
    'combine',
    '--election',
    ek,
    '--request',
    request,
    '--partials',
    partials,
    '--challenge',
    f(`${tag}.challenge.json`),
    '--responses',
    responses,
    '-o',
    f(`${tag}.decryption.json`),
  ]);
  return JSON.parse(readFileSync(f(`${tag}.decryption.json`), 'utf8')).items;
}

// votes per ballot for the one contest (3 options); the last two are challenged
const marks = [
  [1, 0, 0],
  [0, 1, 0],
  [1, 0, 0],
  [0, 0, 0],
  [0, 0, 1],
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
const challengedFrom = 6;
const expectedTally = [0, 1, 2].map((j) => marks.slice(0, challengedFrom).reduce((s, m) => s + m[j]!, 0));

beforeAll(async () => {
  // the ceremony, with the manifest pretty-printed: `config` hashes its canonical JSON like the record
  await fullCeremony(ok, f, manifest, names, 2, true);

  // the election, written as a record under the ceremony's key
  await writeRecordElection(rec, readElectionKey(f('election-key.json')), manifest, marks, challengedFrom);
}, 60_000);

describe('request from an Evident record, then both rounds and combine', () => {
  it('the record has the ceremony id: H_B of the record equals the key ceremony’s', () => {
    const cfg = JSON.parse(readFileSync(join(rec, 'election-config.json'), 'utf8'));
    expect(cfg.baseHash).toBe(readElectionKey(f('election-key.json')).c.id);
  });

  it('decrypts the tally to the counts of the cast ballots', async () => {
    const out = await ok([
      '--json',
      'request',
      '--record',
      rec,
      '--election',
      f('election-key.json'),
      '-o',
      f('tally.request.json'),
    ]);
    expect(JSON.parse(out)).toMatchObject({ ok: true, kind: 'tally', items: 3, maxValue: 6 });
    const items = await decryptWithQuorum(f('tally.request.json'), 'tally');
    expect(items.map((it) => it.id)).toEqual(['1/1', '1/2', '1/3']);
    expect(items.map((it) => it.t)).toEqual(expectedTally);
  });

  it('decrypts the challenged ballots to their marks', async () => {
    await ok([
      'request',
      '--record',
      rec,
      '--kind',
      'challenged-ballots',
      '--election',
      f('election-key.json'),
      '-o',
      f('challenged.request.json'),
    ]);
    const items = await decryptWithQuorum(f('challenged.request.json'), 'challenged');
    const values = items.filter((it) => !it.id.endsWith('/data')).map((it) => it.t);
    expect(values).toEqual(marks.slice(challengedFrom).flat());
    expect(items.filter((it) => it.id.endsWith('/data'))).toHaveLength(2);
  });
});

describe('request refuses a record it cannot trust', () => {
  /** A copy of the record with `mutate` applied to one JSON file (or one JSON Lines line). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function tamperedRecord(file: string, mutate: (d: any) => void, line?: number): string {
    const copy = f(`record-${Math.random().toString(36).slice(2)}`);
    cpSync(rec, copy, { recursive: true });
    const text = readFileSync(join(copy, file), 'utf8');
    if (line === undefined) {
      const d = JSON.parse(text);
      mutate(d);
      writeFileSync(join(copy, file), JSON.stringify(d));
    } else {
      const lines = text.split('\n');
      const d = JSON.parse(lines[line]!);
      mutate(d);
      lines[line] = JSON.stringify(d);
      writeFileSync(join(copy, file), lines.join('\n'));
    }
    return copy;
  }
  const request = (record: string, extra: string[] = []) =>
    cli(['request', '--record', record, ...extra, '-o', f('x.json')]);

  it('an encrypted tally that is not the product of the cast ballots (a ballot passed off as the tally)', async () => {
    const bad = tamperedRecord('encrypted-tally.json', (d) => {
      const [a, b] = d.contests[0].selections;
      [a.alpha, b.alpha, a.beta, b.beta] = [b.alpha, a.alpha, b.beta, a.beta];
    });
    const r = await request(bad);
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain(join(bad, 'encrypted-tally.json'));
    expect(r.err).toMatch(/contests\[0\]\.selections\[0\]: is not the product of the cast ballots/);
  });

  it('a record of another election than the election key', async () => {
    const other = mkdtempSync(join(tmpdir(), 'evident-other-'));
    cpSync(rec, other, { recursive: true });
    const ek = readElectionKey(f('election-key.json'));
    const { hB } = writeConfigStage(other, ek.c.G, { ...manifest, electionLabel: 'another-election' }, 3, 2);
    writeInitializedStage(
      other,
      ek.c.G,
      [...ek.guardians.values()],
      ek.K,
      extendedBaseHash(ek.c.G, hB, ek.K),
    );
    const r = await request(other, ['--election', f('election-key.json')]);
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toMatch(/election-config\.json: baseHash: is another election/);
  });

  it('changed config, initialized stage, and a ballot line with a field of the wrong type', async () => {
    const cfg = tamperedRecord('election-config.json', (d) => (d.quorum = 3));
    expect((await request(cfg)).err).toMatch(/election-config\.json: baseHash: is not H\(H_P; 0x02/);
    const init = tamperedRecord(
      'election-initialized.json',
      (d) => (d.jointKey = d.guardians[0].commitments[0]),
    );
    expect((await request(init)).err).toMatch(/election-initialized\.json: extendedBaseHash: .*4\.A/);
    const line = tamperedRecord('ballots/device-1.jsonl', (d) => (d.contests[0].selections[1].alpha = 7), 1);
    const r = await request(line);
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toMatch(/ballots\/device-1\.jsonl:2.*contests\[0\]\.selections\[1\]\.alpha/);
    const none = tamperedRecord('ballots/device-1.jsonl', () => {}, 0);
    expect((await request(none, ['--kind', 'nonsense'])).code).toBe(EXIT.USAGE);
  });
});
