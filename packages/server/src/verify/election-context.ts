/**
 * What checking a ballot needs about its election: the group, H_E, the election key and the
 * manifest index. Built from the stored election (manifest + key-ceremony output), in the main
 * thread and in each verification worker.
 * @module
 */
import {
  groupByName,
  indexManifest,
  publicKey,
  fromHex,
  type Group,
  type Manifest,
  type ManifestIndex,
  type PublicKey,
} from '@evident/e2e-crypto';

/** The serialisable description sent to workers. */
export interface ElectionContextData {
  readonly electionId: string;
  readonly profile: string;
  /** The manifest JSON text. */
  readonly manifest: string;
  /** Joint key K, hex. */
  readonly jointKey: string;
  /** H_E, hex. */
  readonly extendedBaseHash: string;
}

/** The decoded context. */
export interface ElectionContext<E> {
  readonly electionId: string;
  readonly G: Group<E>;
  readonly hE: Uint8Array;
  readonly pk: PublicKey<E>;
  readonly manifest: ManifestIndex;
}

/** Decodes a context (the data was checked when the key ceremony was imported). */
export function electionContext(d: ElectionContextData): ElectionContext<unknown> {
  const G = groupByName(d.profile) as Group<unknown>;
  const K = G.decode(fromHex(d.jointKey, 'jointKey'), 'jointKey');
  // K's fixed-base table (~0.1–0.2 s to build) only when a challenge's nonce is opened: the
  // batched checks use K as a plain base of the multi-exponentiation
  let table: PublicKey<unknown> | undefined;
  const pk: PublicKey<unknown> = Object.freeze({ K, pow: (e: bigint) => (table ??= publicKey(G, K)).pow(e) });
  return {
    electionId: d.electionId,
    G,
    hE: fromHex(d.extendedBaseHash, 'extendedBaseHash'),
    pk,
    manifest: indexManifest(JSON.parse(d.manifest) as Manifest),
  };
}
