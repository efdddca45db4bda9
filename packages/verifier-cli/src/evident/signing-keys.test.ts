/**
 * Check 2.E (spec/verification.md §2, spec/key-ceremony.md §13): in an Evident record every
 * guardian publishes an Ed25519 signing key, valid, bound to its K_i by a Schnorr proof, and no
 * two guardians share one. A missing key, a swapped key and an invalid key are findings naming
 * the guardian's field of election-initialized.json.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRecord } from '../verify.js';
import { smallRecord } from '../../test/small-record.js';

let base: string;
const FILE = 'election-initialized.json';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

beforeAll(async () => {
  base = await smallRecord('evident-signing-keys-', { ballots: 2, devices: 1, challengeEvery: 0 });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The 2.E findings of a copy of the record whose election-initialized.json `edit` changed. */
async function findings2E(edit: (init: Json) => void): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'evident-signing-keys-edit-'));
  try {
    cpSync(base, dir, { recursive: true });
    const init = JSON.parse(readFileSync(join(dir, FILE), 'utf8'));
    edit(init);
    writeFileSync(join(dir, FILE), JSON.stringify(init));
    const r = await verifyRecord(dir, { workers: 0 });
    const s2 = r.steps.find((s) => s.id === '2')!;
    return s2.failures.filter((f) => f.check === '2.E').map((f) => f.location);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('2.E guardian signing keys', () => {
  it('the simulated record publishes a valid key per guardian', async () => {
    const r = await verifyRecord(base, { workers: 0 });
    expect(r.valid).toBe(true);
    expect(await findings2E(() => {})).toEqual([]);
  });

  it('a guardian without a signing key is a finding (Evident records require them)', async () => {
    expect(await findings2E((i) => delete i.guardians[1].signingKey)).toEqual([
      `${FILE} guardians[1].signingKey`,
    ]);
  });

  it('a signing key moved to another guardian fails its binding proof', async () => {
    expect(
      await findings2E((i) => {
        i.guardians[0].signingKey = i.guardians[1].signingKey;
      }),
    ).toEqual([`${FILE} guardians[0].signingKeyProof`]);
  });

  it('the same key and proof for two guardians: the proof binds K_i and i, so it fails', async () => {
    expect(
      await findings2E((i) => {
        i.guardians[2].signingKey = i.guardians[0].signingKey;
        i.guardians[2].signingKeyProof = i.guardians[0].signingKeyProof;
      }),
    ).toEqual([`${FILE} guardians[2].signingKeyProof`]);
  });

  it('a key that is not an Ed25519 point of large order is a finding', async () => {
    const identity = '01' + '00'.repeat(31);
    expect(await findings2E((i) => (i.guardians[0].signingKey = identity))).toEqual([
      `${FILE} guardians[0].signingKey`,
    ]);
  });
});
