import { describe, expect, it } from 'vitest';
import { ristretto as G } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import { publicKey, decryptToPower, sum } from '../elgamal/elgamal.js';
import { discreteLog } from '../elgamal/discrete-log.js';
import { contestDataContext, hashedDecrypt } from '../elgamal/hashed-elgamal.js';
import { verifyRange } from '../proofs/range-proof.js';
import { indexManifest } from '../manifest/check-manifest.js';
import type { Manifest } from '../manifest/manifest.js';
import { createEncryptingDevice } from './encrypting-device.js';
import { decodeContestData } from './contest-data.js';
import { startDeviceChain } from './device-chain.js';
import { confirmationCode } from '../election/confirmation-code.js';
import { bytesEqual } from '../bytes.js';
import { createTallyAccumulator } from '../tally/encrypted-tally.js';

const manifest: Manifest = {
  electionLabel: 'e',
  name: { en: 'E' },
  languages: ['en'],
  startDate: '2026-01-01T07:00:00Z',
  endDate: '2026-01-01T17:00:00Z',
  districts: [{ label: 'd', name: { en: 'D' } }],
  pollingStations: [],
  contests: [
    {
      label: 'c',
      name: { en: 'C' },
      district: 'd',
      voteLimit: 1,
      optionLimit: 1,
      contestDataBlocks: 1,
      options: [
        { label: 'x', name: { en: 'X' } },
        { label: 'y', name: { en: 'Y' } },
      ],
    },
  ],
  ballotStyles: [{ label: 'st', contests: ['c'] }],
};
const s = randomScalar(G.q);
const pk = publicKey(G, G.gExp(s));
const hE = new Uint8Array(32).fill(7);
const ctx = { G, hE, pk, manifest: indexManifest(manifest) };
const dec = (ct: { alpha: typeof pk.K; beta: typeof pk.K }) =>
  discreteLog(G, pk.K, 10)(decryptToPower(G, s, ct));

describe('ballot encryption (EG 2.0 §3.3)', () => {
  it('encrypts the marks with verifying range and vote-limit proofs', () => {
    const d = createEncryptingDevice(ctx, 'dev');
    const { ballot } = d.encrypt({ style: 'st', votes: { c: { y: 1 } } });
    const c = ballot.contests[0]!;
    expect(c.selections.map((x) => dec(x.ciphertext))).toEqual([0, 1]);
    for (const x of c.selections) expect(verifyRange(G, hE, pk, x.ciphertext, 1, x.proof)).toBe(true);
    const agg = sum(
      G,
      c.selections.map((x) => x.ciphertext),
    );
    expect(verifyRange(G, hE, pk, agg, 1, c.proof)).toBe(true);
    expect(verifyRange(G, hE, pk, c.selections[0]!.ciphertext, 1, c.selections[1]!.proof)).toBe(false);
  });

  it('encrypts an overvote as zeros and records the marks in the contest data', () => {
    const d = createEncryptingDevice(ctx, 'dev');
    const { ballot } = d.encrypt({ style: 'st', votes: { c: { x: 1, y: 1 } }, writeIns: { c: 'Zoë' } });
    const c = ballot.contests[0]!;
    expect(c.selections.map((x) => dec(x.ciphertext))).toEqual([0, 0]);
    const D = hashedDecrypt(G, hE, pk.K, c.contestData, G.exp(c.contestData.c0, s), contestDataContext(1))!;
    expect(decodeContestData(D)).toEqual({ status: 'overvote', overvoted: [1, 2], writeIn: 'Zoë' });
  });

  it('chains confirmation codes per device (eq 59–60)', () => {
    const d = createEncryptingDevice(ctx, 'dev');
    const chain = startDeviceChain(hE, 'dev');
    for (let i = 0; i < 3; i++) {
      const { ballot } = d.encrypt({ style: 'st', votes: {} });
      expect(
        bytesEqual(
          confirmationCode(
            hE,
            ballot.contests.map((c) => c.hash),
            chain.nextAux(),
          ),
          ballot.code,
        ),
      ).toBe(true);
      chain.append(ballot.code);
    }
    expect(bytesEqual(d.close(), chain.close())).toBe(true);
  });

  it('rejects an unknown option and aggregates cast ballots (eq 62)', () => {
    const d = createEncryptingDevice(ctx, 'dev');
    expect(() => d.encrypt({ style: 'st', votes: { c: { z: 1 } } })).toThrow(/unknown option/);
    const acc = createTallyAccumulator(G, ctx.manifest);
    for (const v of ['x', 'y', 'y']) acc.add(d.encrypt({ style: 'st', votes: { c: { [v]: 1 } } }).ballot);
    const t = acc.result();
    expect(t.castBallots).toBe(3);
    expect(t.contests[0]!.selections.map((x) => dec(x.ciphertext))).toEqual([1, 2]);
  });
});
