/**
 * The one codec of the decryption files (spec/key-ceremony.md §9): what a writer makes, the
 * reader gives back and the schema accepts; hex of either case reads the same and keeps the
 * request's digest; a file of another ceremony or request, or with values out of range, is
 * refused naming the field.
 */
import { describe, expect, it } from 'vitest';
import { type Group, groupByName, isInvalidData, partialDecrypt, randomScalar } from '@evident/e2e-crypto';
import { schemaProblem } from '../schemas.js';
import {
  type RequestItem,
  challengeJson,
  decodeChallenge,
  decodePartial,
  decodeRequest,
  decodeResponse,
  makeRequest,
  partialJson,
  requestBindingProblem,
  responseJson,
} from './decryption-files.js';
import { lowerHex } from '../../test/lower-hex.js';

const G = groupByName('ristretto255') as Group<unknown>;
const el = () => G.gExp(randomScalar(G.q));
const ceremonyId = 'C0'.repeat(32);
const items: RequestItem<unknown>[] = [
  { id: '1/1', target: { kind: 'selection', ct: { alpha: el(), beta: el() } } },
  {
    id: 'AB/1/data',
    contestIndex: 1,
    target: {
      kind: 'contest-data',
      ct: { c0: el(), c1: new Uint8Array(64).fill(7), c2: new Uint8Array(32).fill(9) },
    },
  },
];
const req = makeRequest(G, ceremonyId, 'challenged-ballots', 3, items);
const ctx = { K: el(), hE: new Uint8Array(32).fill(1) };
const pds = partialDecrypt(
  G,
  ctx,
  2,
  randomScalar(G.q),
  items.map((it) => it.target),
  items.map(() => randomScalar(G.q)),
);
const session = 'D1'.repeat(32);
const guardian = { id: 'bob', x: 2 };

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (isInvalidData(e)) return e.field;
    throw e;
  }
  return undefined;
};

describe('decryption files, one codec', () => {
  it('every file written matches its schema and reads back to what was written', () => {
    expect(schemaProblem('decryption-request', req.json)).toBeUndefined();
    const back = decodeRequest(G, req.json);
    expect(back.digest).toBe(req.digest);
    expect(back.items.map((it) => it.id)).toEqual(['1/1', 'AB/1/data']);
    const p = partialJson(G, req, guardian, session, pds);
    expect(schemaProblem('partial-decryption', { ...p, signature: 'EE'.repeat(64) })).toBeUndefined();
    const pf = decodePartial(G, p);
    expect([pf.guardian, pf.session]).toEqual([guardian, session]);
    expect(pf.set.items.every((it, t) => G.equals(it.M, pds.items[t]!.M))).toBe(true);
    const vs = [1n, G.q - 1n];
    const r = responseJson(req, guardian, session, vs);
    expect(schemaProblem('decryption-response', { ...r, signature: 'EE'.repeat(64) })).toBeUndefined();
    expect(decodeResponse(G, r).vs).toEqual(vs);
    const ch = challengeJson(G, req, {
      quorum: [{ ...guardian, session }],
      combined: pds.items,
      excluded: [{ x: 1, id: 'alice', reason: 'bad proof' }],
    });
    expect(schemaProblem('decryption-challenge', ch)).toBeUndefined();
    const cf = decodeChallenge(G, ch);
    expect(cf.quorum).toEqual([{ ...guardian, session }]);
    expect(cf.excluded).toEqual([{ x: 1, id: 'alice', reason: 'bad proof' }]);
  });

  it('hex of either case reads the same: same digest, same values, same binding', () => {
    expect(decodeRequest(G, lowerHex(req.json) as Record<string, unknown>).digest).toBe(req.digest);
    const p = lowerHex(partialJson(G, req, guardian, session, pds)) as Record<string, unknown>;
    expect(requestBindingProblem(p, req)).toBeUndefined();
    expect(decodePartial(G, p).session).toBe(session);
    const r = lowerHex(responseJson(req, guardian, session, [5n, 6n])) as Record<string, unknown>;
    expect(requestBindingProblem(r, req, 'responses')).toBeUndefined();
    expect(decodeResponse(G, r).vs).toEqual([5n, 6n]);
  });

  it('names the binding that fails: ceremony, request, number of values', () => {
    const p = partialJson(G, req, guardian, session, pds);
    expect(requestBindingProblem({ ...p, ceremonyId: 'C1'.repeat(32) }, req)?.where).toBe('ceremonyId');
    expect(requestBindingProblem({ ...p, requestDigest: '00'.repeat(32) }, req)?.where).toBe('requestDigest');
    expect(requestBindingProblem({ ...p, items: [] }, req)?.where).toBe('items');
    const r = responseJson(req, guardian, session, [1n]);
    expect(requestBindingProblem(r, req, 'responses')?.message).toBe('has 1 responses, the request has 2');
  });

  it('refuses a request the guardians must not read, naming the field', () => {
    const j = req.json as { items: Record<string, unknown>[] };
    const withItems = (xs: unknown[]) => ({ ...req.json, items: xs });
    expect(fieldOf(() => decodeRequest(G, withItems([j.items[0], j.items[0]])))).toBe('items[1].id');
    expect(fieldOf(() => decodeRequest(G, withItems([{ ...j.items[1], c1: 'AA'.repeat(31) }])))).toBe(
      'items[0].c1',
    );
    expect(fieldOf(() => decodeRequest(G, { ...req.json, maxValue: 2 ** 41 }))).toBe('maxValue');
    expect(fieldOf(() => decodeRequest(G, { ...req.json, kind: 'ballot' }))).toBe('kind');
    expect(fieldOf(() => decodeRequest(G, withItems([{ ...j.items[0], alpha: 'FF'.repeat(32) }])))).toBe(
      'items[0].alpha',
    );
  });

  it('refuses scalars out of Z_q: a response, a proof response', () => {
    const q = G.q.toString(16).toUpperCase().padStart(64, '0');
    const r = responseJson(req, guardian, session, [1n, 2n]);
    expect(fieldOf(() => decodeResponse(G, { ...r, responses: ['01'.repeat(32), q] }))).toBe('responses[1]');
    const p = partialJson(G, req, guardian, session, pds) as { proof: Record<string, string> };
    expect(fieldOf(() => decodePartial(G, { ...p, proof: { ...p.proof, v: q } }))).toBe('proof.v');
  });

  it('refuses a guardian twice in a challenge’s quorum', () => {
    const ch = challengeJson(G, req, {
      quorum: [
        { ...guardian, session },
        { ...guardian, session },
      ],
      combined: pds.items,
      excluded: [],
    });
    expect(fieldOf(() => decodeChallenge(G, ch))).toBe('quorum[1]');
  });
});
