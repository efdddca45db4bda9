/**
 * An election written as an Evident record (spec/record.md) under a key ceremony's key, with
 * @evident/record's stage writers: one device, one contest, ballots marked as given, the ballots
 * from `challengedFrom` on challenged, the encrypted tally of the others. Shared by the CLI tests
 * that decrypt from a record.
 */
import { mkdirSync } from 'node:fs';
import {
  type EncryptedBallot,
  type Group,
  type Manifest,
  type PlaintextBallot,
  bytesEqual,
  confirmationCode,
  createEncryptingDevice,
  createTallyAccumulator,
  indexManifest,
  publicKey,
  startDeviceChain,
} from '@evident/e2e-crypto';
import { openBallotStage, writeConfigStage, writeInitializedStage, writeTallyStage } from '@evident/record';
import type { ElectionKey } from '../src/index.js';

/**
 * Writes the record folder `rec` (created).
 * @param marks - per ballot, the marks of the first contest's options
 * @returns the ballot nonce ξ_B of each ballot, in order (a challenge reveals it on the board)
 */
export async function writeRecordElection(
  rec: string,
  ek: ElectionKey,
  manifest: Manifest,
  marks: readonly (readonly number[])[],
  challengedFrom: number,
): Promise<bigint[]> {
  const G = ek.c.G as Group<unknown>;
  mkdirSync(rec);
  writeConfigStage(rec, G, manifest, ek.c.n, ek.c.k);
  writeInitializedStage(rec, G, [...ek.guardians.values()], ek.K, ek.hE);
  const index = indexManifest(manifest);
  const device = createEncryptingDevice(
    { G, hE: ek.hE, pk: publicKey(G, ek.K), manifest: index },
    'device-1',
  );
  const chain = startDeviceChain(ek.hE, 'device-1');
  const stage = openBallotStage(rec, G);
  const tally = createTallyAccumulator(G, index);
  const contest = manifest.contests[0]!;
  const nonces: bigint[] = [];
  for (const [b, m] of marks.entries()) {
    const plain: PlaintextBallot = {
      style: 'style-1',
      votes: { [contest.label]: Object.fromEntries(contest.options.map((o, j) => [o.label, m[j]!])) },
    };
    const { ballot: enc, nonce } = device.encrypt(plain) as {
      ballot: EncryptedBallot<unknown>;
      nonce: bigint;
    };
    nonces.push(nonce);
    // the device's code is the one the record's chain recomputes (spec/record.md §5.2)
    if (
      !bytesEqual(
        confirmationCode(
          ek.hE,
          enc.contests.map((c) => c.hash),
          chain.nextAux(),
        ),
        enc.code,
      )
    )
      throw new Error(`ballot ${b}: the device's confirmation code is not the chain's`);
    chain.append(enc.code);
    const state = b >= challengedFrom ? 'challenged' : 'cast';
    if (state === 'cast') tally.add(enc);
    await stage.add('device-1', enc, state);
  }
  await stage.close(new Map([['device-1', chain.close()]]));
  writeTallyStage(rec, G, tally.result());
  return nonces;
}
