/**
 * The writer job's check of a `ranked` request computed before it (./ranked-request-post.ts): it
 * is posted only when the stage completes the mix and the request was computed from the mix the
 * job sees — every other contest's last stage the same entry, the same rows — and otherwise the
 * job is refused with StaleRequest (nothing written, the upload computes it again).
 */
import { describe, expect, it } from 'vitest';
import { completesMix, requestToPost, StaleRequest, type PreparedRequest } from './ranked-request-post.js';
import type { RankedState } from './ranked-state.js';

/** mayor complete (last stage at entry 12), council one stage short, an empty contest. */
const state = (): RankedState => ({
  required: 2,
  contests: {
    mayor: {
      inputsIndex: 5,
      rows: 4,
      stages: [
        { logIndex: 10, x: 1, id: 'g1' },
        { logIndex: 12, x: 2, id: 'g2' },
      ],
    },
    empty: { inputsIndex: 6, rows: 0, stages: [] },
    council: { inputsIndex: 7, rows: 3, stages: [{ logIndex: 11, x: 1, id: 'g1' }] },
  },
});
const prepared = (): PreparedRequest => ({
  contestId: 'council',
  parts: [
    { contestId: 'mayor', logIndex: 12, rows: 4, w: 3 },
    { contestId: 'council', logIndex: -1, rows: 3, w: 2 },
  ],
  maxValue: 5,
  digest: 'AB'.repeat(32),
  items: 18,
});

describe('the ranked request checked in the writer job', () => {
  it('is posted when the stage completes the mix it was computed from', () => {
    expect(completesMix(state(), 'council')).toBe(true);
    const p = prepared();
    expect(requestToPost(state(), 'council', p)).toBe(p);
  });

  it('is not posted when the stage does not complete the mix, or the request is out', () => {
    const short = state();
    short.required = 3;
    expect(completesMix(short, 'council')).toBe(false);
    expect(requestToPost(short, 'council', prepared())).toBeUndefined();
    const posted = { ...state(), requestIndex: 20 };
    expect(requestToPost(posted, 'council', prepared())).toBeUndefined();
  });

  it('refuses the job when the request is missing or was computed from another mix', () => {
    const stale = (s: RankedState, p: PreparedRequest | undefined) => () => requestToPost(s, 'council', p);
    expect(stale(state(), undefined)).toThrow(StaleRequest);
    expect(stale(state(), { ...prepared(), contestId: 'mayor' })).toThrow(StaleRequest);
    const [mayor, council] = prepared().parts;
    const otherStage = { ...prepared(), parts: [{ ...mayor!, logIndex: 10 }, council!] };
    expect(stale(state(), otherStage)).toThrow(StaleRequest);
    const otherRows = { ...prepared(), parts: [mayor!, { ...council!, rows: 4 }] };
    expect(stale(state(), otherRows)).toThrow(StaleRequest);
    expect(stale(state(), { ...prepared(), parts: prepared().parts.slice(1) })).toThrow(StaleRequest);
  });
});
