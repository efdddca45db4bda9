/**
 * The one real election every attack row starts from, built once per test file: the real server
 * (`buildApp`, SQLite in memory) runs a small election through its HTTP API — revotes, a
 * challenge, a ranked contest mixed by two guardians, the guardians' two-round decryption with one
 * guardian absent — and exports its record. A second election stays open, for the attacks on the
 * server's API. What a lying server needs beyond the record is its log key, which the server keeps
 * in its own store: the fixture reads it from there, as the server's operator could.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, type Group } from '@evident/e2e-crypto';
import { buildApp } from '../../packages/server/src/app.js';
import { exportRecord } from '../../packages/server/src/record/export-record.js';
import {
  injectCall,
  mustCall,
  setUpElection,
  trusteeTokens,
  type Call,
  type LocalElection,
} from '../../packages/server/src/testing/local-election.js';
import { mixBySimulatedGuardians } from '../../packages/server/src/testing/mixer-sim.js';
import { castRanked, MAYOR, rankedManifest } from '../../packages/server/src/testing/ranked-election.js';
import { decryptRounds } from '../../packages/server/src/testing/run-election.js';
import { simulatedGuardian } from '../../packages/server/src/testing/trustee-sim.js';

export const ADMIN = 'evd_lying-server-admin';

/** What every row may use. */
export interface ElectionFixture {
  readonly app: Awaited<ReturnType<typeof buildApp>>;
  readonly call: Call;
  /** The published election `e1` and its exported record (never changed: rows work on copies). */
  readonly el: LocalElection;
  readonly record: string;
  /** A temporary folder for the rows' copies, removed by {@link closeFixture}. */
  readonly root: string;
  /** The log's Ed25519 secret key, as the server keeps it. */
  readonly logSecretKey: Uint8Array;
  /** Election `e2`, open, nobody has voted yet: for attacks on the API. */
  readonly open: LocalElection;
  /** Trustee tokens of guardians 1 and 2. */
  readonly tokens: ReadonlyMap<number, string>;
  /** The receipts the voters of `e1` got, in cast order (voter id → receipts). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly receipts: ReadonlyMap<string, any[]>;
}

/** voter → [option, mayor ranking] in cast order; `!` challenges. */
const SCRIPT: [string, string, number[]][] = [
  ['voter-1', 'o1', [1, 2]],
  ['voter-2', 'o2', [2, 1]],
  ['voter-3', '!o3', [3]],
  ['voter-3', 'o3', [3, 1]],
  ['voter-2', 'o1', [1]], // voter-2 revotes: the first ballot is superseded
  ['voter-4', 'o2', [2, 3]],
];

let pending: Promise<ElectionFixture> | undefined;

/** The fixture, built on the first call of a test file and shared by its rows. */
export function electionFixture(): Promise<ElectionFixture> {
  pending ??= build();
  return pending;
}

/** Closes the app and removes the copies. */
export async function closeFixture(): Promise<void> {
  if (!pending) return;
  const f = await pending;
  await f.app.close();
  rmSync(f.root, { recursive: true, force: true });
}

async function build(): Promise<ElectionFixture> {
  const root = mkdtempSync(join(tmpdir(), 'evident-lying-'));
  const app = await buildApp({ adminToken: ADMIN, rateLimit: false });
  const call = injectCall(app);
  const must = mustCall(call, ADMIN);
  const el = await setUpElection(call, ADMIN, { voters: 4, n: 3, k: 2, manifest: rankedManifest([MAYOR]) });
  const tokens = await trusteeTokens(must, [1, 2]);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const receipts = new Map<string, any[]>();
  for (const [voter, option, mayor] of SCRIPT) {
    const challenge = option.startsWith('!');
    const r = await castRanked(
      call,
      el,
      voter,
      option.replace('!', ''),
      { mayor },
      challenge ? 'challenge' : 'cast',
    );
    if (r.status !== 200) throw new Error(`${voter} ${option}: ${r.status} ${JSON.stringify(r.json)}`);
    receipts.set(voter, [...(receipts.get(voter) ?? []), r.json]);
  }
  await must('POST', `/elections/${el.id}/close`);
  await must('POST', `/elections/${el.id}/tally`);
  await mixBySimulatedGuardians(must, el, { tokens });
  const G = el.client.ctx.G as Group<unknown>;
  // guardians 1 and 2 present, 3 absent
  const { requests } = await must('GET', `/elections/${el.id}/decryption`);
  const kinds = (requests as { kind: string }[]).map((r) => r.kind);
  const present = [1, 2].map((x) => simulatedGuardian(G, el.ceremony, x, 2));
  await decryptRounds(must, el, present, kinds, tokens);
  const record = join(root, 'record');
  const summary = await exportRecord(app.evident.store, el.id, record);
  if (!summary.complete) throw new Error('the fixture election was not published');
  const open = await setUpElection(call, ADMIN, { id: 'e2', voters: 4, n: 3, k: 2 });
  const secret = await app.evident.store.getMeta('log-secret-key');
  if (!secret) throw new Error('the server keeps no log key');
  return {
    app,
    call,
    el,
    record,
    root,
    logSecretKey: fromHex(secret, 'log-secret-key'),
    open,
    tokens,
    receipts,
  };
}
