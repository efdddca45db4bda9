/**
 * Unreadable input: a missing file, malformed JSON, a missing field or one of the wrong type is
 * reported as an UnreadableRecordError naming the file and the field — never a stack trace or a
 * TypeError — and format detection says no to what is not an egk record.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInvalidData } from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isElectionGuardRecord, UnreadableRecordError, verifyElectionGuardRecord } from './index.js';

const src = fileURLToPath(new URL('../../../../fixtures/electionguard-2.0/chainedJson', import.meta.url));
const BALLOT = 'encrypted_ballots/runWorkflowChainedJson/eballot-id-1.json';
let dir: string;

/* eslint-disable @typescript-eslint/no-explicit-any */
function edit(rel: string, change: (o: any) => void): void {
  const o = JSON.parse(readFileSync(join(src, rel), 'utf8'));
  change(o);
  writeFileSync(join(dir, rel), JSON.stringify(o));
}
const restore = (rel: string): void => cpSync(join(src, rel), join(dir, rel));

/** Runs the verifier and returns the error it rejects with. */
async function unreadable(): Promise<UnreadableRecordError> {
  const e: unknown = await verifyElectionGuardRecord(dir, { workers: 0 }).then(
    () => new Error('verification did not reject'),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UnreadableRecordError);
  expect(isInvalidData(e)).toBe(true); // the CLI maps InvalidDataError to exit code 2
  return e as UnreadableRecordError;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eg2-unreadable-'));
  cpSync(src, dir, { recursive: true, filter: (p) => !p.includes('private_data') });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('unreadable ElectionGuard records', () => {
  it('names a missing file', async () => {
    unlinkSync(join(dir, 'election_initialized.json'));
    const e = await unreadable();
    restore('election_initialized.json');
    expect(e.file).toBe('election_initialized.json');
    expect(e.detail).toBe('file is missing');
  });

  it('names a file with malformed JSON', async () => {
    writeFileSync(join(dir, 'constants.json'), '{ "name": "production group", ');
    const e = await unreadable();
    restore('constants.json');
    expect(e.file).toBe('constants.json');
    expect(e.detail).toMatch(/^malformed JSON/);
  });

  it('names a field of the wrong type', async () => {
    edit('election_config.json', (c) => {
      c.number_of_guardians = '3';
    });
    const e = await unreadable();
    restore('election_config.json');
    expect(e.file).toBe('election_config.json');
    expect(e.path).toBe('number_of_guardians');
    expect(e.message).toBe('election_config.json: number_of_guardians: expected a non-negative integer');
  });

  it('names a malformed hex value deep in the key ceremony', async () => {
    edit('election_initialized.json', (o) => {
      o.guardians[2].coefficient_proofs[1].response = 'not hex';
    });
    const e = await unreadable();
    restore('election_initialized.json');
    expect(e.path).toBe('guardians[2].coefficient_proofs[1].response');
  });

  it('names a missing field in a ballot, found by the ballot jobs', async () => {
    edit(BALLOT, (b) => {
      delete b.contests[3].selections[2].encrypted_vote.pad;
    });
    const e = await unreadable();
    restore(BALLOT);
    expect(e.file).toBe(BALLOT);
    expect(e.path).toBe('contests[3].selections[2].encrypted_vote.pad');
    expect(e.detail).toBe('missing field');
  });

  it('names a missing ballot folder', async () => {
    const e = await verifyElectionGuardRecord(join(dir, 'challenged_ballots'), { workers: 0 }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(UnreadableRecordError);
    expect((e as UnreadableRecordError).file).toBe('constants.json');
  });
});

describe('format detection', () => {
  it('recognises the fixtures and rejects other folders', () => {
    expect(isElectionGuardRecord(src)).toBe(true);
    expect(isElectionGuardRecord(join(src, 'encrypted_ballots'))).toBe(false);
    expect(isElectionGuardRecord(join(src, 'no-such-folder'))).toBe(false);
  });
});
