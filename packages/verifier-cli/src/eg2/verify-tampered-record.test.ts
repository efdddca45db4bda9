/**
 * End to end: a copy of egk's someAvailableJson record with three independent changes — a
 * guardian's coefficient commitment, a proof response on one ballot, and one tally number — is
 * reported invalid, failing exactly Verifications 2, 5 and 10 at the changed places, while every
 * other step still passes. Uses the compiled worker threads when dist/ is built.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EG_G, EG_P } from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationReport } from '../report.js';
import * as source from './index.js';

const src = fileURLToPath(
  new URL('../../../../fixtures/electionguard-2.0/someAvailableJson', import.meta.url),
);
const dist = fileURLToPath(new URL('../../dist/eg2/index.js', import.meta.url));
const BALLOT = 'encrypted_ballots/runWorkflowSomeAvailableJson/eballot-id-7.json';
let dir: string;
let report: VerificationReport;

/* eslint-disable @typescript-eslint/no-explicit-any */
function edit(rel: string, change: (o: any) => void): void {
  const o = JSON.parse(readFileSync(join(src, rel), 'utf8'));
  change(o);
  writeFileSync(join(dir, rel), JSON.stringify(o, null, 1));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eg2-e2e-'));
  cpSync(src, dir, { recursive: true, filter: (p) => !p.includes('private_data') });
  edit('election_initialized.json', (o) => {
    const p = o.guardians[3].coefficient_proofs[1];
    p.public_key = ((BigInt('0x' + p.public_key) * EG_G) % EG_P)
      .toString(16)
      .toUpperCase()
      .padStart(1024, '0');
  });
  edit(BALLOT, (b) => {
    const p = b.contests[9].selections[2].proof.proofs[0];
    p.response = (BigInt('0x' + p.response) ^ 1n).toString(16).toUpperCase().padStart(64, '0');
  });
  edit('tally.json', (t) => {
    t.contests[12].selections[3].tally += 1;
  });
  const verifier = existsSync(dist) ? ((await import(pathToFileURL(dist).href)) as typeof source) : source;
  report = await verifier.verifyElectionGuardRecord(dir, {});
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a tampered ElectionGuard record', () => {
  it('is invalid', () => {
    expect(report.valid).toBe(false);
  });

  it('fails exactly the steps that cover the changed values, at the changed places', () => {
    const failed = report.steps.filter((s) => s.status === 'failed');
    expect(failed.map((s) => s.id)).toEqual(['2', '5', '10']);
    const where = failed.flatMap((s) => s.failures.map((f) => `${f.check} @ ${f.location}`));
    expect(where).toEqual([
      '2.C @ guardian guardian4 coefficient 1',
      '5.D @ ballot id-7 contest contest10 selection selection48',
      '10.A @ tally.json contest contest13 selection selection64',
    ]);
  });

  it('still passes every other step that applies', () => {
    for (const id of ['1', '3', '4', '6', '7', '8', '9']) {
      expect(report.steps.find((s) => s.id === id)!.status, `step ${id}`).toBe('passed');
    }
  });
});
