/** The one result type of multi-part checks: Finding, its list sink and its one-line form. */
import { describe, expect, it } from 'vitest';
import { finding, findingList, formatFinding } from './findings.js';

describe('findings', () => {
  it('a finding list keeps every failed check in order', () => {
    const l = findingList();
    expect(l.findings).toEqual([]);
    l.fail('M7', 'proof.t3', 'equation false');
    l.fail('D2', 'decryptions[1][0]', 'decryption proof is invalid');
    expect(l.findings).toEqual([
      { check: 'M7', where: 'proof.t3', message: 'equation false' },
      { check: 'D2', where: 'decryptions[1][0]', message: 'decryption proof is invalid' },
    ]);
  });

  it('formats a finding on one line, without an empty place', () => {
    expect(formatFinding(finding('2.C', 'proofs[1]', 'Schnorr proof does not verify'))).toBe(
      '2.C proofs[1]: Schnorr proof does not verify',
    );
    expect(formatFinding(finding('K2', '', 'the contest is not countable'))).toBe(
      'K2: the contest is not countable',
    );
  });
});
