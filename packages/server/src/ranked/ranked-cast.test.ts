/**
 * Casting ballots with ranked rows through `app.inject()` (spec/server-api.md §5.2,
 * spec/ranked-choice.md §2.2): accepted with valid rows; refused with a coded error naming the
 * field — and nothing written — for a missing row, a wrong width, a bad range proof, a ranking
 * outside the validity rule (a value above m + W), a repeated ciphertext, and a ciphertext copied
 * from another credential's ballot.
 */
import {
  encryptRankedBallot,
  rankedBallotToJson,
  type Group,
  type RankedBallotJson,
} from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { injectCall, setUpElection, type Call, type LocalElection } from '../testing/local-election.js';
import { castRanked, COUNCIL, MAYOR, rankedManifest } from '../testing/ranked-election.js';

const ADMIN = 'evd_ranked-cast-admin';
type Sub = Record<string, unknown> & { ballot: { ranked: RankedBallotJson[] } };

describe('casting ranked ballots', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;
  let el: LocalElection;
  const size = () => app.evident.logs.get(el.id)!.size;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: 6, n: 3, k: 2, manifest: rankedManifest() });
  });
  afterAll(async () => app.close());

  /** Expects a refusal with `code` at `field`, and nothing on the board. */
  async function refused(
    voter: string,
    edit: (s: Sub) => unknown,
    code: string,
    field: string | RegExp,
  ): Promise<void> {
    const before = size();
    const r = await castRanked(call, el, voter, 'o1', { mayor: [1, 2] }, 'cast', (s) => {
      edit(s as Sub);
      return s;
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.json.code).toBe(code);
    if (typeof field === 'string') expect(r.json.field).toBe(field);
    else expect(r.json.field).toMatch(field);
    expect(size()).toBe(before);
  }

  it('accepts a ballot with a row per ranked contest, write-in included, and a revote', async () => {
    const a = await castRanked(call, el, 'voter-1', 'o1', { mayor: [2, 1], council: [1, 'Grace Hopper'] });
    expect(a.status).toBe(200);
    expect(a.json.inclusionProof).toBeDefined();
    const b = await castRanked(call, el, 'voter-1', 'o2', { mayor: [3] });
    expect(b.status).toBe(200);
    expect(b.json.supersedes).toBe(a.json.logIndex);
  });

  it('refuses a ballot without its ranked rows', async () => {
    await refused(
      'voter-2',
      (s) => delete (s.ballot as { ranked?: unknown }).ranked,
      'EVD_ERR_INVALID_BALLOT',
      'ballot.ranked',
    );
  });

  it('refuses rows in the wrong order or of the wrong width', async () => {
    await refused(
      'voter-2',
      (s) => s.ballot.ranked.reverse(),
      'EVD_ERR_INVALID_BALLOT',
      'ballot.ranked[0].contestId',
    );
    await refused(
      'voter-2',
      (s) => s.ballot.ranked[0]!.row.pop(),
      'EVD_ERR_INVALID_BALLOT',
      'ballot.ranked[0].row',
    );
    await refused(
      'voter-2',
      (s) => s.ballot.ranked[1]!.writeInProofs!.pop(),
      'EVD_ERR_INVALID_BALLOT',
      'ballot.ranked[1].writeInProofs',
    );
  });

  it('refuses a bad range proof and a ranking outside 0..m+W, naming the position', async () => {
    await refused(
      'voter-2',
      (s) => {
        const p = s.ballot.ranked[0]!.proofs[1]! as unknown as { v: string[] };
        p.v[0] = p.v[0]!.slice(0, -1) + (p.v[0]!.endsWith('0') ? '1' : '0');
      },
      'EVD_ERR_INVALID_PROOF',
      'ballot.ranked[0].proofs[1]',
    );
    // a 4th candidate, proved for 0..4: the contest allows 0..3 (m = 3, no write-ins)
    const G = el.client.ctx.G as Group<unknown>;
    const wide = { ...MAYOR, candidates: [...MAYOR.candidates, 'Dee'] };
    const enc = encryptRankedBallot(G, el.client.ctx.pk, el.client.ctx.hE, wide, [4, 1]);
    await refused(
      'voter-2',
      (s) => (s.ballot.ranked[0] = rankedBallotToJson(G, enc)),
      'EVD_ERR_INVALID_PROOF',
      'ballot.ranked[0].proofs[0]',
    );
  });

  it('refuses a write-in proof of another column (B3)', async () => {
    await refused(
      'voter-2',
      (s) => {
        const w = s.ballot.ranked[1]!.writeInProofs!;
        [w[0], w[1]] = [w[1]!, w[0]!];
        const r = s.ballot.ranked[1]!.row;
        [r[2], r[3]] = [r[3]!, r[2]!];
      },
      'EVD_ERR_INVALID_PROOF',
      /^ballot\.ranked\[1\]\.writeInProofs\[0\]$/,
    );
  });

  it('refuses a repeated ciphertext and one copied from another credential', async () => {
    await refused(
      'voter-2',
      (s) => {
        const c = s.ballot.ranked[0]!;
        c.row[1] = c.row[0]!;
        c.proofs[1] = c.proofs[0]!;
      },
      'EVD_ERR_INVALID_BALLOT',
      'ballot.ranked[0].row[1].alpha',
    );
    const mine = await castRanked(call, el, 'voter-3', 'o1', { mayor: [1, 3], council: [2] });
    expect(mine.status).toBe(200);
    const entry = (await call('GET', `/elections/${el.id}/board/entries?start=${mine.json.logIndex}&limit=1`))
      .json;
    const copied = JSON.parse(entry.entries[0].entry).submission.ballot.ranked[0];
    expect(copied?.contestId).toBe('mayor');
    await refused(
      'voter-4',
      (s) => {
        s.ballot.ranked[0]!.row[2] = copied.row[2];
        s.ballot.ranked[0]!.proofs[2] = copied.proofs[2];
      },
      'EVD_ERR_REPLAY',
      'ballot.ranked',
    );
  });

  it('the confirmation code covers the ranked rows (spec/ranked-choice.md §2.6)', async () => {
    // a valid row of another ranking, proofs and signature intact: only H(B) no longer matches
    const G = el.client.ctx.G as Group<unknown>;
    const other = encryptRankedBallot(G, el.client.ctx.pk, el.client.ctx.hE, MAYOR, [3, 2, 1]);
    await refused(
      'voter-5',
      (s) => (s.ballot.ranked[0] = rankedBallotToJson(G, other)),
      'EVD_ERR_INVALID_BALLOT',
      'ballot.code',
    );
  });

  it('a challenge opens its ranked rows with ξ_B and publishes them (§2.7)', async () => {
    const r = await castRanked(
      call,
      el,
      'voter-5',
      'o2',
      { mayor: [2, 3], council: ['Grace  Hopper', 4] },
      'challenge',
    );
    expect(r.status).toBe(200);
    const opened = [
      { contestId: 'mayor', ranks: [2, 3, 0], writeIns: [] },
      { contestId: 'council', ranks: [5, 4], writeIns: ['Grace Hopper'] },
    ];
    expect(r.json.openedRanked).toEqual(opened);
    const entry = (await call('GET', `/elections/${el.id}/board/entries?start=${r.json.logIndex}&limit=1`))
      .json;
    const logged = JSON.parse(entry.entries[0].entry);
    expect([logged.type, logged.openedRanked]).toEqual(['challenged-ballot', opened]);
    // the voter's client checks the opening against what it encrypted
    expect(el.client.openRanked(logged.submission)).toEqual(opened);
    // a row whose nonces are not derived from ξ_B does not open
    const G = el.client.ctx.G as Group<unknown>;
    const fresh = encryptRankedBallot(G, el.client.ctx.pk, el.client.ctx.hE, MAYOR, [1]);
    const before = size();
    const bad = await castRanked(call, el, 'voter-6', 'o1', { mayor: [1] }, 'challenge', (s) => {
      (s as Sub).ballot.ranked[0] = rankedBallotToJson(G, fresh);
      return s;
    });
    expect([bad.status, bad.json.code, bad.json.field]).toEqual([
      400,
      'EVD_ERR_INVALID_BALLOT',
      'ballot.ranked[0].row[0].alpha',
    ]);
    expect(size()).toBe(before);
  });

  it('refuses ranked rows in an election without ranked contests', async () => {
    const plain = await setUpElection(call, ADMIN, { id: 'plain', voters: 1, n: 3, k: 2 });
    const before = app.evident.logs.get('plain')!.size;
    const G = el.client.ctx.G as Group<unknown>;
    const row = rankedBallotToJson(
      G,
      encryptRankedBallot(G, plain.client.ctx.pk, plain.client.ctx.hE, COUNCIL, [1]),
    );
    const r = await castRanked(call, plain, 'voter-1', 'o1', {}, 'cast', (s) => {
      (s.ballot as Record<string, unknown>).ranked = [row];
      return s;
    });
    expect(r.status).toBe(400);
    expect([r.json.code, r.json.field]).toEqual(['EVD_ERR_INVALID_BALLOT', 'ballot.ranked']);
    expect(app.evident.logs.get('plain')!.size).toBe(before);
  });
});
