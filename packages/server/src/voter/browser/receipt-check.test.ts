/**
 * The browser's receipt check (receipt-check.ts) on real receipts of the server (inject): a cast
 * and a challenge check; a changed confirmation code, tree head, signature, inclusion proof, leaf
 * or board entry, or an entry of another ballot, is named; the opening of a challenge matches
 * the choices made and nothing else.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex } from '@evident/e2e-crypto';
import { buildApp } from '../../app.js';
import {
  setUpElection,
  simpleManifest,
  type Call,
  type LocalElection,
} from '../../testing/local-election.js';
import type { BallotSubmission } from '../../verify/ballot-check.js';
import { checkReceipt, openingMatches, rankedOpeningMatches, type Receipt } from './receipt-check.js';

const ADMIN = 'evd_receipt-check';

describe('checkReceipt', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;
  let el: LocalElection;
  let pk: Uint8Array;
  const cast: { receipt: Receipt; sub: BallotSubmission; entry: string }[] = [];

  async function vote(voter: string, option: string, intent: 'cast' | 'challenge') {
    const cred = el.client.credential(el.codes.get(voter)!);
    const credHex = Buffer.from(el.client.ctx.G.encode(cred.S)).toString('hex');
    const prev = (await call('GET', `/elections/${el.id}/chains/${credHex}`)).json.previousCode;
    const sub = el.client.submission(cred, { style: 's1', votes: { c1: { [option]: 1 } } }, prev, intent);
    const r = await call('POST', `/elections/${el.id}/${intent === 'cast' ? 'ballots' : 'challenges'}`, {
      ballot: sub,
    });
    expect(r.status).toBe(200);
    const receipt = r.json as Receipt;
    const page = await call('GET', `/elections/${el.id}/board/entries?start=${receipt.logIndex}&limit=1`);
    return { receipt, sub, entry: page.json.entries[0].entry as string };
  }

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = async (method, url, body, token) => {
      const r = await app.inject({
        method: method as 'GET',
        url,
        ...(body !== undefined ? { payload: body as object } : {}),
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: r.statusCode, json: r.body ? JSON.parse(r.body) : undefined };
    };
    el = await setUpElection(call, ADMIN, { voters: 3, options: 3 });
    pk = fromHex((await call('GET', `/elections/${el.id}`)).json.logPublicKey);
    cast.push(await vote('voter-1', 'o2', 'cast'), await vote('voter-2', 'o1', 'challenge'));
  });
  afterAll(async () => app.close());

  it('accepts the receipts of a cast and of a challenge, with the signed tree size', () => {
    for (const c of cast) {
      const r = checkReceipt(c.receipt, c.sub, pk, c.entry);
      expect(r).toEqual({ ok: true, treeSize: c.receipt.treeHead.treeSize });
    }
  });

  it('names the check a changed receipt fails', () => {
    const { receipt, sub, entry } = cast[0]!;
    const flip = (hex: string, i = 0) => hex.slice(0, i) + (hex[i] === '0' ? '1' : '0') + hex.slice(i + 1);
    const cases: [Receipt, string, string][] = [
      [{ ...receipt, confirmationCode: flip(receipt.confirmationCode) }, entry, 'code'],
      [
        { ...receipt, treeHead: { ...receipt.treeHead, treeSize: receipt.treeHead.treeSize + 1 } },
        entry,
        'tree-head',
      ],
      [
        { ...receipt, treeHead: { ...receipt.treeHead, signature: flip(receipt.treeHead.signature) } },
        entry,
        'tree-head',
      ],
      [{ ...receipt, electionId: 'other' }, entry, 'tree-head'],
      [{ ...receipt, leafHash: flip(receipt.leafHash) }, entry, 'inclusion'],
      [{ ...receipt, logIndex: receipt.logIndex - 1 }, entry, 'inclusion'],
      [{ ...receipt, intent: 'challenge' }, entry, 'entry'],
      [receipt, entry.replace('"time":', '"time":1'), 'entry'],
      [receipt, cast[1]!.entry, 'entry'],
    ];
    if (receipt.inclusionProof.length > 0)
      cases.push([
        {
          ...receipt,
          inclusionProof: [flip(receipt.inclusionProof[0]!), ...receipt.inclusionProof.slice(1)],
        },
        entry,
        'inclusion',
      ]);
    for (const [r, e, failed] of cases) expect(checkReceipt(r, sub, pk, e)).toEqual({ ok: false, failed });
    // another submission than the one on the board (same code claimed): the entry does not hold it
    const other = { ...sub, signature: cast[1]!.sub.signature };
    expect(checkReceipt(receipt, other, pk, entry)).toEqual({ ok: false, failed: 'entry' });
    expect(checkReceipt(receipt, sub, new Uint8Array(32), entry)).toEqual({ ok: false, failed: 'tree-head' });
  });

  it('never throws on garbage', () => {
    const { receipt, sub } = cast[0]!;
    fc.assert(
      fc.property(fc.string(), fc.anything(), (text, junk) => {
        expect(checkReceipt(receipt, sub, pk, text).ok).toBe(false);
        expect(() =>
          checkReceipt({ ...receipt, inclusionProof: junk as string[] }, sub, pk, text),
        ).not.toThrow();
      }),
      { numRuns: 50 },
    );
  });
});

describe('openingMatches', () => {
  const contests = simpleManifest(3).contests;
  const opened = { c1: { o1: 0, o2: 1, o3: 0 } };
  it('is true for the choices made, blank options as 0', () => {
    expect(openingMatches(opened, contests, { c1: { o2: 1 } })).toBe(true);
    expect(openingMatches({ c1: { o1: 0, o2: 0, o3: 0 } }, contests, { c1: {} })).toBe(true);
  });
  it('is false for any other opening', () => {
    expect(openingMatches(opened, contests, { c1: { o1: 1 } })).toBe(false);
    expect(openingMatches({ c1: { o1: 0, o2: 1 } }, contests, { c1: { o2: 1 } })).toBe(false);
    expect(openingMatches({ ...opened, c9: {} }, contests, { c1: { o2: 1 } })).toBe(false);
    expect(openingMatches({ c1: { o1: 0, o2: 1, o3: 0, o4: 0 } }, contests, { c1: { o2: 1 } })).toBe(false);
    expect(openingMatches(undefined, contests, { c1: { o2: 1 } })).toBe(false);
  });
});

describe('rankedOpeningMatches', () => {
  const contests = [
    { id: 'mayor', ranks: 3 },
    { id: 'council', ranks: 2 },
  ];
  const opened = [
    { contestId: 'mayor', ranks: [2, 1, 0] },
    { contestId: 'council', ranks: [0, 0] },
  ];
  it('is true for the rankings made, padded with zeros', () => {
    expect(rankedOpeningMatches(opened, contests, { mayor: [2, 1], council: [] })).toBe(true);
    expect(rankedOpeningMatches(undefined, [], {})).toBe(true);
  });
  it('is false for another order, another contest, a missing row or none', () => {
    expect(rankedOpeningMatches(opened, contests, { mayor: [1, 2], council: [] })).toBe(false);
    expect(rankedOpeningMatches(opened, contests, { mayor: [2, 1], council: [3] })).toBe(false);
    expect(rankedOpeningMatches(opened.slice(0, 1), contests, { mayor: [2, 1] })).toBe(false);
    expect(rankedOpeningMatches([opened[1]!, opened[0]!], contests, { mayor: [2, 1] })).toBe(false);
    expect(rankedOpeningMatches(undefined, contests, { mayor: [2, 1] })).toBe(false);
    expect(rankedOpeningMatches(opened, [], {})).toBe(false);
  });
});
