/**
 * The one codec of the mix files (spec/server-api.md §7.5): a stage as `evident-trustee mix`
 * writes it matches its schema and reads back (the server's reader) to the same rows and proof,
 * also from lower-case hex; the mix input lists the stages as the board holds them and reads back.
 */
import { describe, expect, it } from 'vitest';
import {
  type Group,
  groupByName,
  mixSessionHash,
  precomputeShuffle,
  publicKey,
  randomScalar,
  shuffleAndProve,
  verifyShuffle,
} from '@evident/e2e-crypto';
import { schemaProblem } from '../schemas.js';
import { decodeMixInput, decodeMixStage, mixInputJson, mixStageJson } from './mix-files.js';
import { lowerHex } from '../../test/lower-hex.js';

const G = groupByName('ristretto255') as Group<unknown>;
const K = G.gExp(randomScalar(G.q));
const pk = publicKey(G, K);
const session = mixSessionHash(new Uint8Array(32).fill(3), 'contest:mayor');
const ct = () => ({ alpha: G.gExp(randomScalar(G.q)), beta: G.gExp(randomScalar(G.q)) });
const inputs = [
  [ct(), ct()],
  [ct(), ct()],
  [ct(), ct()],
];
const { outputs, proof } = shuffleAndProve(G, pk, session, inputs, precomputeShuffle(G, pk, session, 3, 2));
const guardian = { id: 'carol', x: 3 };
const stage = mixStageJson(G, {
  ceremonyId: 'ab'.repeat(32),
  contestId: 'mayor',
  stage: 1,
  guardian,
  outputs,
  proof,
});
const signature = 'EE'.repeat(64);

describe('mix files, one codec', () => {
  it('a stage matches its schema and reads back to rows and a proof that verify', () => {
    expect(stage.ceremonyId).toBe('AB'.repeat(32));
    expect(schemaProblem('mix-stage', { ...stage, signature })).toBeUndefined();
    for (const json of [
      { ...stage, signature },
      lowerHex({ ...stage, signature }) as Record<string, unknown>,
    ]) {
      const s = decodeMixStage(G, json, 'stage.');
      expect([s.contestId, s.stage, s.guardian, s.signature.toUpperCase()]).toEqual([
        'mayor',
        1,
        guardian,
        signature,
      ]);
      expect(s.outputsJson).toEqual(stage.outputs); // the board's encoding: upper-case hex
      expect(s.proofJson).toEqual(stage.proof);
      expect(verifyShuffle(G, K, session, inputs, s.outputs, s.proof)).toEqual([]);
    }
  });

  it('names the field of a value that does not decode', () => {
    const bad = { ...stage, outputs: [[{ alpha: 'FF'.repeat(32), beta: 'FF'.repeat(32) }]], signature };
    expect(() => decodeMixStage(G, bad, 'stage.')).toThrow(/stage\.outputs\[0\]\[0\]\.alpha/);
  });

  it('the mix input lists the stages in order and reads back', () => {
    const input = mixInputJson({
      ceremonyId: 'AB'.repeat(32),
      electionId: 'e1',
      group: G.name,
      contest: { id: 'mayor' } as never,
      required: 2,
      complete: false,
      ballots: [],
      stages: [{ guardian, outputs: stage.outputs, proof: stage.proof, signature }],
    });
    expect([input.next, (input.stages as { stage: number; mixer: string }[])[0]]).toMatchObject([
      1,
      { stage: 0, mixer: 'carol' },
    ]);
    const m = decodeMixInput(G, input);
    expect([m.next, m.required, m.stages[0]!.guardian, m.stages[0]!.rawOutputs]).toEqual([
      1,
      2,
      guardian,
      stage.outputs,
    ]);
    expect(verifyShuffle(G, K, session, inputs, m.stages[0]!.outputs, m.stages[0]!.proof)).toEqual([]);
  });
});
