/**
 * The light context of a worker thread (spec/verification.md §0.3): what the main thread
 * established in steps 1–4 — the profile, the config and manifest as read, K, H_E, H_P and the
 * guardians' signing keys that passed 2.E — as plain data, so that a worker rebuilds an
 * {@link EvidentContext} without reading the record's setup files again and without re-running
 * steps 1–4 (the guardians' proofs, the joint key). Only a context that passed those steps is
 * ever sent: workers check ballots, ranked rows, board signatures against it, never the setup.
 * @module
 */
import { type Group, groupByName, indexManifest, publicKey } from '@evident/e2e-crypto';
import type { EvidentContext } from './context.js';

/** An {@link EvidentContext} as plain data (structured-clone friendly). */
export interface LightContext {
  readonly profile: string;
  readonly config: EvidentContext<unknown>['config'];
  readonly manifest: EvidentContext<unknown>['manifest'];
  /** the encoding of K */
  readonly K: Uint8Array;
  readonly hE: Uint8Array;
  readonly hP: Uint8Array;
  readonly signingKeys: readonly (readonly [number, Uint8Array])[];
}

/** The light form of `ctx`. */
export function lightContext<E>(ctx: EvidentContext<E>): LightContext {
  return {
    profile: ctx.G.name,
    config: ctx.config,
    manifest: ctx.manifest,
    K: ctx.G.encode(ctx.pk.K),
    hE: ctx.hE,
    hP: ctx.hP,
    signingKeys: [...ctx.signingKeys],
  };
}

/**
 * The context again, in a worker.
 * @throws {InvalidDataError} when K does not decode (never for a context made by {@link lightContext})
 */
export function contextFromLight(light: LightContext): EvidentContext<unknown> {
  const G = groupByName(light.profile) as Group<unknown>;
  return {
    G,
    config: light.config,
    manifest: light.manifest,
    index: indexManifest(light.manifest),
    pk: publicKey(G, G.decode(light.K, 'K')),
    hE: light.hE,
    hP: light.hP,
    signingKeys: new Map(light.signingKeys),
  };
}
