/**
 * One scalar rule (spec/crypto.md §1, §4.1): a proof's scalar ≥ q is refused when the record is
 * decoded, and reported as the numbered range check — 5.B/5.C for a selection's range proof,
 * 6.B/6.C for a contest's, 2.B for a guardian's Schnorr proof. Before the record used e2e-crypto's
 * one codec, its own decoder let any 256-bit value through.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScalar, ristretto, toHex } from '@evident/e2e-crypto';
import { verifyRecord } from '../verify.js';
import { smallRecord } from '../../test/small-record.js';

const Q = toHex(encodeScalar(ristretto.q));
let base: string;
const scratch: string[] = [];

beforeAll(async () => {
  base = await smallRecord('evident-scalar-', { ballots: 2, devices: 1 });
});
afterAll(() => {
  for (const d of [base, ...scratch]) rmSync(d, { recursive: true, force: true });
});

/** The failed checks and their locations after `edit` changes a copy of the record. */
async function failuresAfter(edit: (dir: string) => void): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'evident-scalar-copy-'));
  scratch.push(dir);
  cpSync(base, dir, { recursive: true });
  edit(dir);
  const r = await verifyRecord(dir, { workers: 0 });
  return r.steps.flatMap((s) =>
    s.failures.map((f) => `${f.check} ${f.location.replace(/^.* ballot \w+ /, '')}`),
  );
}

/** Sets a field of the first ballot line. */
function editBallot(
  set: (b: {
    contests: {
      proof: { v: string[]; c: string[] };
      selections: { proof: { v: string[]; c: string[] } }[];
    }[];
  }) => void,
) {
  return (dir: string) => {
    const p = join(dir, 'ballots', 'device-1.jsonl');
    const lines = readFileSync(p, 'utf8').split('\n').filter(Boolean);
    const b = JSON.parse(lines[0]!);
    set(b);
    lines[0] = JSON.stringify(b);
    writeFileSync(p, lines.join('\n') + '\n');
  };
}

describe('a proof scalar ≥ q in the record', () => {
  it('is the selection range check 5.C (response) or 5.B (challenge)', async () => {
    const v = await failuresAfter(editBallot((b) => (b.contests[0]!.selections[1]!.proof.v[0] = Q)));
    expect(v).toContain('5.C contests[0].selections[1].proof.v[0]');
    const c = await failuresAfter(editBallot((b) => (b.contests[0]!.selections[0]!.proof.c[1] = Q)));
    expect(c).toContain('5.B contests[0].selections[0].proof.c[1]');
  });

  it('is the vote-limit check 6.C / 6.B in a contest proof', async () => {
    const v = await failuresAfter(editBallot((b) => (b.contests[0]!.proof.v[0] = Q)));
    expect(v).toContain('6.C contests[0].proof.v[0]');
    const c = await failuresAfter(editBallot((b) => (b.contests[0]!.proof.c[0] = Q)));
    expect(c).toContain('6.B contests[0].proof.c[0]');
  });

  it("is 2.B in a guardian's coefficient proof", async () => {
    const f = await failuresAfter((dir) => {
      const p = join(dir, 'election-initialized.json');
      const j = JSON.parse(readFileSync(p, 'utf8'));
      j.guardians[1].proofs[0].v = Q;
      writeFileSync(p, JSON.stringify(j));
    });
    expect(f).toContain('2.B election-initialized.json guardians[1].proofs[0].v');
  });
});
