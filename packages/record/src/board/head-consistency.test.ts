/**
 * `headExtends`: a head over more entries of the same log extends a kept one by the honest
 * consistency proof; a changed proof hash, a proof that is not hex, a rewritten history under
 * the same key are forks; a kept head over more entries is a roll-back.
 */
import { createMerkleLog, encodeLogHash, generateLogKey, leafHash, signTreeHead } from '@evident/e2e-crypto';
import { describe, expect, it } from 'vitest';
import { headExtends } from './head-consistency.js';

const key = generateLogKey();
const leaves = (texts: string[]) => texts.map((t) => leafHash(new TextEncoder().encode(t)));
const texts = Array.from({ length: 7 }, (_, i) => `entry ${i}`);
const tree = createMerkleLog(leaves(texts));
const head = (n: number, t = tree) => signTreeHead(key.secretKey, 'e1', n, t.rootHash(n));
const proof = (m: number, n: number) => tree.consistencyProof(m, n).map(encodeLogHash);

describe('headExtends', () => {
  it('extends by the honest proof, at every kept size', () => {
    for (let m = 1; m <= 7; m++) expect(headExtends(head(m), head(7), proof(m, 7))).toBe('extends');
  });

  it('a fork: a changed hash, a hash not hex, another history', () => {
    const p = proof(3, 7);
    expect(
      headExtends(head(3), head(7), [p[0]!.replace(/^./, (c) => (c === '0' ? '1' : '0')), ...p.slice(1)]),
    ).toBe('fork');
    expect(headExtends(head(3), head(7), ['zz', ...p.slice(1)])).toBe('fork');
    const other = createMerkleLog(leaves(texts.map((t, i) => (i === 1 ? 'rewritten' : t))));
    expect(headExtends(head(3), head(7, other), other.consistencyProof(3, 7).map(encodeLogHash))).toBe(
      'fork',
    );
  });

  it('a roll-back: the kept head covers more entries', () => {
    expect(headExtends(head(7), head(3), [])).toBe('rollback');
  });
});
