/**
 * The report edge: steps collect the library's Finding {check, where, message}; the published
 * report (`--json`, spec/verification.md §0.4) names the place `location`, as it always has.
 */
import { describe, expect, it } from 'vitest';
import { finding } from '@evident/e2e-crypto';
import { stepCollector } from './report.js';

describe('stepCollector', () => {
  it('collects findings and publishes them with `location`', () => {
    const s = stepCollector('9', 'Tally decryption proofs');
    s.item();
    s.fail('9.A', 'tally.json contests[0].selections[1]', 'response not in Z_q');
    s.add([finding('9.B', 'tally.json contests[1].selections[0]', 'decryption proof does not verify')]);
    s.add([]);
    const r = s.done();
    expect(r).toEqual({
      id: '9',
      title: 'Tally decryption proofs',
      status: 'failed',
      checked: 1,
      failureCount: 2,
      failures: [
        { check: '9.A', location: 'tally.json contests[0].selections[1]', message: 'response not in Z_q' },
        {
          check: '9.B',
          location: 'tally.json contests[1].selections[0]',
          message: 'decryption proof does not verify',
        },
      ],
    });
    expect(Object.keys(JSON.parse(JSON.stringify(r)).failures[0])).toEqual(['check', 'location', 'message']);
  });

  it('keeps the first `limit` findings and counts the rest; a step without findings passes', () => {
    const s = stepCollector('L3', 'Record matches the bulletin-board log', 2);
    const { add } = s; // usable detached, as a callback
    add([finding('L3.A', 'a', 'x'), finding('L3.B', 'b', 'y'), finding('L3.C', 'c', 'z')]);
    const r = s.done();
    expect([r.failureCount, r.failures.map((f) => f.check)]).toEqual([3, ['L3.A', 'L3.B']]);
    expect(stepCollector('1', 'Parameters').done().status).toBe('passed');
  });
});
