/**
 * Tamper tests on a copy of egk's chainedJson record: one ciphertext, proof value, commitment,
 * tally number, confirmation code or chain value is changed, and the check of the step that
 * covers it fails — and no other. Each test runs only the affected step's code (a full eg-4096
 * re-verification per change would take minutes).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EG_G, EG_P, EG_Q } from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionKey, type BallotSummary } from './ballot-checks.js';
import { makeContext, type Context } from './context.js';
import { newLog, type FindingLog } from './findings.js';
import { runJob } from './jobs.js';
import { checkAggregation, checkChain, checkChallengedBinding } from './record-checks.js';
import {
  readBallotChain,
  readConfig,
  readConstants,
  readDecrypted,
  readEncryptedBallot,
  readEncryptedTally,
  readInitialized,
  readManifest,
} from './record-reader.js';
import type { Eg2Ciphertext } from './record-types.js';
import {
  checkElectionKey,
  checkExtendedBaseHash,
  checkGuardianKeys,
  checkParameters,
} from './setup-checks.js';
import { checkChallengedBallot } from './challenged-checks.js';

const src = fileURLToPath(new URL('../../../../fixtures/electionguard-2.0/chainedJson', import.meta.url));
const DEVICE = 'encrypted_ballots/runWorkflowChainedJson';
let dir: string;
let ctx: Context;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** Rewrites `rel` in the copy from the original with `edit` applied. */
function edit(rel: string, change: (o: Json) => void): void {
  const o = JSON.parse(readFileSync(join(src, rel), 'utf8')) as Json;
  change(o);
  writeFileSync(join(dir, rel), JSON.stringify(o, null, 2));
}

/** Restores `rel` in the copy. */
function restore(rel: string): void {
  cpSync(join(src, rel), join(dir, rel));
}

/** hex(x·g mod p): another group element. */
const timesG = (hex: string): string =>
  ((BigInt('0x' + hex) * EG_G) % EG_P).toString(16).toUpperCase().padStart(1024, '0');
const plusOne = (hex: string): string =>
  (BigInt('0x' + hex) + 1n).toString(16).toUpperCase().padStart(64, '0');

/** The failing checks as "check @ location", sorted. */
const failures = (log: FindingLog): string[] => log.findings.map((f) => `${f.check} @ ${f.where}`).sort();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eg2-tamper-'));
  cpSync(src, dir, { recursive: true, filter: (p) => !p.includes('private_data') });
  const init = readInitialized(dir);
  ctx = makeContext({
    dir,
    K: init.jointPublicKey,
    hE: init.extendedBaseHash,
    contests: readManifest(dir).contests,
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('tampered encrypted ballot (Verifications 5, 6, 7.B)', () => {
  it('a changed ciphertext fails 5.D at that selection (and the contest’s 6.D, 7.A, 7.B)', () => {
    const file = `${DEVICE}/eballot-id-1.json`;
    edit(file, (b) => {
      b.contests[0].selections[0].encrypted_vote.pad = timesG(b.contests[0].selections[0].encrypted_vote.pad);
    });
    const r = runJob(ctx, { kind: 'ballots', files: [file] });
    restore(file);
    expect(failures(r.log)).toEqual([
      '5.D @ ballot id-1 contest contest1 selection selection1',
      '6.D @ ballot id-1 contest contest1',
      '7.A @ ballot id-1 contest contest1',
      '7.B @ ballot id-1',
    ]);
  });

  it('changed proof values fail 5.B, 5.D and 6.D where they are, nothing else', () => {
    const file = `${DEVICE}/eballot-id-2.json`;
    edit(file, (b) => {
      const s = b.contests[2].selections;
      s[1].proof.proofs[1].response = plusOne(s[1].proof.proofs[1].response);
      s[2].proof.proofs[0].challenge = EG_Q.toString(16).toUpperCase(); // c_0 = q is out of range
      b.contests[4].proof.proofs[0].challenge = plusOne(b.contests[4].proof.proofs[0].challenge);
    });
    const r = runJob(ctx, { kind: 'ballots', files: [file] });
    restore(file);
    expect(failures(r.log)).toEqual([
      '5.B @ ballot id-2 contest contest3 selection selection13',
      '5.D @ ballot id-2 contest contest3 selection selection12',
      '6.D @ ballot id-2 contest contest5',
    ]);
  });

  it('an element outside Z_p^r fails 5.A and 6.A', () => {
    const file = `${DEVICE}/eballot-id-4.json`;
    edit(file, (b) => {
      b.contests[1].selections[3].encrypted_vote.data = (EG_P - 1n).toString(16).toUpperCase();
    });
    const r = runJob(ctx, { kind: 'ballots', files: [file] });
    restore(file);
    const checks = failures(r.log);
    expect(checks).toContain('5.A @ ballot id-4 contest contest2 selection selection9');
    expect(checks).toContain('6.A @ ballot id-4 contest contest2');
    expect(checks.filter((c) => c.startsWith('5.') || c.startsWith('6.'))).toHaveLength(2);
  });

  it('a changed confirmation code fails 7.B on its ballot and 7.E on the next in the chain', () => {
    const file = `${DEVICE}/eballot-id-5.json`;
    edit(file, (b) => {
      b.confirmation_code = plusOne(b.confirmation_code);
    });
    const r = runJob(ctx, { kind: 'ballots', files: [file] });
    const log = newLog();
    checkChain(
      ctx.hE,
      readConfig(dir),
      'runWorkflowChainedJson',
      readBallotChain(dir, `${DEVICE}/ballot_chain.json`),
      chainSummaries(),
      log,
    );
    restore(file);
    expect(failures(r.log)).toEqual(['7.B @ ballot id-5']);
    expect(failures(log)).toEqual(['7.E @ ballot id-6']);
  });
});

/** Summaries of the chained ballots as the ballot jobs would give them (fields 7.D–7.G use). */
function chainSummaries(): BallotSummary[] {
  const ids = readBallotChain(src, `${DEVICE}/ballot_chain.json`).ballotIds; // the folder’s ballots
  return ids.map((id) => {
    const file = `${DEVICE}/eballot-${id}.json`;
    const b = readEncryptedBallot(dir, file);
    const hex = (x: Uint8Array): string => Buffer.from(x).toString('hex').toUpperCase();
    return {
      file,
      ballotId: b.ballotId,
      state: b.state,
      device: b.device,
      isPreencrypt: false,
      confirmationCode: hex(b.confirmationCode),
      codeBaux: hex(b.codeBaux),
      electionId: hex(b.electionId),
      contestIds: b.contests.map((c) => c.id),
    };
  });
}

describe('tampered ballot chain (Verification 7.D–7.G)', () => {
  const file = `${DEVICE}/ballot_chain.json`;
  const run = (): string[] => {
    const log = newLog();
    checkChain(
      ctx.hE,
      readConfig(dir),
      'runWorkflowChainedJson',
      readBallotChain(dir, file),
      chainSummaries(),
      log,
    );
    return failures(log);
  };

  it('the untouched chain passes', () => {
    expect(run()).toEqual([]);
  });

  it('a changed closing hash fails 7.G', () => {
    edit(file, (c) => {
      c.closing_hash = plusOne(c.closing_hash);
    });
    const f = run();
    restore(file);
    expect(f).toEqual(['7.G @ device runWorkflowChainedJson']);
  });

  it('a changed H_0 fails 7.D and the first ballot’s 7.E', () => {
    edit(file, (c) => {
      c.baux0 = plusOne(c.baux0);
    });
    const f = run();
    restore(file);
    expect(f).toEqual(['7.D @ device runWorkflowChainedJson', '7.E @ ballot id-1']);
  });

  it('a dropped ballot fails 7.E', () => {
    edit(file, (c) => {
      c.ballot_ids = c.ballot_ids.filter((id: string) => id !== 'id-7');
    });
    const f = run();
    restore(file);
    expect(f).toContain('7.E @ device runWorkflowChainedJson ballot id-7');
  });
});

describe('tampered key ceremony and parameters (Verifications 1–4)', () => {
  const runSetup = (): string[] => {
    const log = newLog();
    const G = ctx.G;
    const config = readConfig(dir);
    const init = readInitialized(dir);
    checkParameters(G, readConstants(dir), config, readManifest(dir), log);
    checkGuardianKeys(G, config, init, log);
    checkElectionKey(G, init, log);
    checkExtendedBaseHash(G, config, init, log);
    return failures(log);
  };

  it('the untouched record passes', () => {
    expect(runSetup()).toEqual([]);
  });

  it('a changed coefficient commitment K_i,j fails 2.C for that guardian and coefficient', () => {
    const file = 'election_initialized.json';
    edit(file, (o) => {
      const p = o.guardians[1].coefficient_proofs[2];
      p.public_key = timesG(p.public_key);
    });
    const f = runSetup();
    restore(file);
    expect(f).toEqual(['2.C @ guardian guardian2 coefficient 2']);
  });

  it('a changed guardian key K_i,0 fails 2.C and 3.B', () => {
    const file = 'election_initialized.json';
    edit(file, (o) => {
      const p = o.guardians[0].coefficient_proofs[0];
      p.public_key = timesG(p.public_key);
    });
    const f = runSetup();
    restore(file);
    expect(f).toEqual([
      '2.C @ guardian guardian1 coefficient 0',
      '3.B @ election_initialized.json joint_public_key',
    ]);
  });

  it('a changed manifest fails 1.G', () => {
    const file = 'manifest.json';
    edit(file, (m) => {
      m.contests[3].name = 'contest 4';
    });
    const f1 = runSetup();
    restore(file);
    expect(f1).toEqual(['1.G @ election_config.json manifest_hash']);
  });

  it('a changed quorum fails 1.H (and the guardians no longer have k commitments)', () => {
    const file = 'election_config.json';
    edit(file, (c) => {
      c.quorum = 2;
    });
    const f = runSetup();
    restore(file);
    expect(f).toContain('1.H @ election_config.json election_base_hash');
    expect(f.filter((x) => !x.startsWith('2.shape'))).toEqual([
      '1.H @ election_config.json election_base_hash',
    ]);
  });

  it('a changed extended base hash fails 4.A', () => {
    const file = 'election_initialized.json';
    edit(file, (o) => {
      o.extended_base_hash = plusOne(o.extended_base_hash);
    });
    const f = runSetup();
    restore(file);
    expect(f).toEqual(['4.A @ election_initialized.json extended_base_hash']);
  });
});

describe('tampered tally (Verifications 8–10)', () => {
  it('a changed tally number fails 10.A; a matching change of K^t fails 9.B', () => {
    edit('tally.json', (t) => {
      t.contests[1].selections[0].tally += 1; // contest2 selection6
      const s = t.contests[1].selections[1]; // contest2 selection7
      s.tally += 1;
      s.b_over_m = ((BigInt('0x' + s.b_over_m) * ctx.K) % EG_P)
        .toString(16)
        .toUpperCase()
        .padStart(1024, '0');
    });
    const r = runJob(ctx, { kind: 'tally', file: 'tally.json', contests: ['contest2'] });
    restore('tally.json');
    expect(failures(r.log)).toEqual([
      '10.A @ tally.json contest contest2 selection selection6',
      '9.B @ tally.json contest contest2 selection selection7',
    ]);
  });

  it('a changed encrypted tally value fails 8.A; a wrong cast list fails 8.set', () => {
    const summaries = chainSummaries();
    const aggregate = new Map<string, Eg2Ciphertext>();
    for (const b of summaries.filter((s) => s.state === 'CAST')) {
      for (const c of readEncryptedBallot(dir, b.file).contests) {
        for (const s of c.selections) {
          const k = optionKey(c.id, s.id);
          const a = aggregate.get(k) ?? { alpha: 1n, beta: 1n };
          aggregate.set(k, {
            alpha: (a.alpha * s.ciphertext.alpha) % EG_P,
            beta: (a.beta * s.ciphertext.beta) % EG_P,
          });
        }
      }
    }
    const run = (): string[] => {
      const log = newLog();
      checkAggregation(
        ctx.G,
        readManifest(dir),
        aggregate,
        summaries,
        readEncryptedTally(dir),
        readDecrypted(dir, 'tally.json'),
        log,
      );
      return failures(log);
    };
    expect(run()).toEqual([]);
    edit('encrypted_tally.json', (t) => {
      const v = t.contests[5].selections[2].encrypted_vote;
      v.pad = timesG(v.pad);
      t.cast_ballot_ids.push('id-3');
    });
    const f = run();
    restore('encrypted_tally.json');
    expect(f).toEqual([
      '8.A @ encrypted_tally.json contest contest6 selection selection28',
      '8.set @ ballot id-3',
    ]);
  });
});

describe('tampered challenged ballot (Verifications 12–14)', () => {
  const file = 'challenged_ballots/dballot-id-6.json';

  it('changed selection values, proofs and contest data fail 13.A, 12.B, 14.B and 14.data', () => {
    edit(file, (d) => {
      d.contests[0].selections[4].tally = 1; // σ without K^σ: 13.A
      const p = d.contests[1].selections[0].proof;
      p.response = plusOne(p.response); // 12.B
      d.contests[2].decrypted_contest_data.beta = timesG(d.contests[2].decrypted_contest_data.beta); // 14.B
      d.contests[3].decrypted_contest_data.contest_data.status = 'under_vote'; // 14.data
    });
    const log = newLog();
    const summary = checkChallengedBallot(ctx, readDecrypted(dir, file), file, log);
    restore(file);
    const f = failures(log);
    expect(f).toContain('13.A @ challenged ballot id-6 contest contest1 selection selection5');
    expect(f).toContain('12.B @ challenged ballot id-6 contest contest2 selection selection6');
    expect(f).toContain('14.B @ challenged ballot id-6 contest contest3 contest data');
    expect(f).toContain('14.data @ challenged ballot id-6 contest contest4 contest data');
    expect(f.filter((x) => !x.startsWith('13.'))).toHaveLength(3);
    expect(summary.ballotId).toBe('id-6');
  });

  it('a decryption of other ciphertexts fails 12.binding', () => {
    edit(file, (d) => {
      const v = d.contests[7].selections[1].encrypted_vote;
      v.data = timesG(v.data);
    });
    const d = readDecrypted(dir, file);
    restore(file);
    const spoiled = readEncryptedBallot(dir, `${DEVICE}/eballot-id-6.json`);
    const key = (c: Eg2Ciphertext): string => `${c.alpha.toString(16)}:${c.beta.toString(16)}`;
    const enc: BallotSummary = {
      ...chainSummaries().find((b) => b.ballotId === 'id-6')!,
      ciphertexts: Object.fromEntries(
        spoiled.contests.flatMap((c) => c.selections.map((s) => [optionKey(c.id, s.id), key(s.ciphertext)])),
      ),
    };
    const dec = {
      file,
      ballotId: d.id,
      electionId: '',
      ciphertexts: Object.fromEntries(
        d.contests.flatMap((c) => c.selections.map((s) => [optionKey(c.id, s.id), key(s.ciphertext)])),
      ),
      contestData: {},
    };
    const log = newLog();
    checkChallengedBinding([enc], [dec], log);
    expect(failures(log)).toEqual(['12.binding @ challenged ballot id-6 contest8/selection37']);
  });
});
