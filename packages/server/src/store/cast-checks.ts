/**
 * The reads of a ballot's checks, grouped: before its proofs are verified, one ballot's
 * ({@link Store.castPreChecks}); under the write lock, a batch of ballots' at once
 * ({@link Store.castChecks}). What they are asked and answer, and the answers through the single
 * reads (the SQLite store, and the contract's test).
 * @module
 */
import type { BallotRow, ElectionRow, Store } from './store.js';

/** What {@link Store.castChecks} reads: a batch of ballots' digests, credentials and contest hashes. */
export interface CastKeys {
  readonly digests: readonly string[];
  readonly credentials: readonly string[];
  readonly contestHashes: readonly string[];
}

/** The answers of {@link Store.castChecks}, as the single reads give them. */
export interface CastChecks {
  /** {@link Store.getElection} */
  readonly election: ElectionRow | undefined;
  /** {@link Store.findBallot} of each digest found */
  readonly ballots: ReadonlyMap<string, BallotRow>;
  /** {@link Store.latestBallot} of each credential that has one */
  readonly latest: ReadonlyMap<string, BallotRow>;
  /** {@link Store.latestCast} of each credential that has one */
  readonly latestCast: ReadonlyMap<string, BallotRow>;
  /** the credentials {@link Store.isCancelled} */
  readonly cancelled: ReadonlySet<string>;
  /** {@link Store.findClaim} of each contest hash claimed */
  readonly claims: ReadonlyMap<string, string>;
}

/** {@link Store.castChecks} through the single reads (a store whose reads are local: SQLite). */
export async function castChecksOneByOne(store: Store, electionId: string, k: CastKeys): Promise<CastChecks> {
  const ballots = new Map<string, BallotRow>();
  const latest = new Map<string, BallotRow>();
  const latestCast = new Map<string, BallotRow>();
  const cancelled = new Set<string>();
  const claims = new Map<string, string>();
  for (const d of k.digests) {
    const b = await store.findBallot(electionId, d);
    if (b) ballots.set(d, b);
  }
  for (const c of k.credentials) {
    const l = await store.latestBallot(electionId, c);
    if (l) latest.set(c, l);
    const lc = await store.latestCast(electionId, c);
    if (lc) latestCast.set(c, lc);
    if (await store.isCancelled(electionId, c)) cancelled.add(c);
  }
  for (const h of k.contestHashes) {
    const owner = await store.findClaim(electionId, h);
    if (owner !== undefined) claims.set(h, owner);
  }
  return { election: await store.getElection(electionId), ballots, latest, latestCast, cancelled, claims };
}

/** The answers of {@link Store.castPreChecks}, as the single reads give them. */
export interface CastPreChecks {
  /** {@link Store.getElection} */
  readonly election: ElectionRow | undefined;
  /** {@link Store.hasCredential} */
  readonly credentialKnown: boolean;
  /** {@link Store.isCancelled} */
  readonly cancelled: boolean;
}

/** {@link Store.castPreChecks} through the single reads (a store whose reads are local: SQLite). */
export async function castPreChecksOneByOne(
  store: Store,
  electionId: string,
  credential: string,
): Promise<CastPreChecks> {
  return {
    election: await store.getElection(electionId),
    credentialKnown: await store.hasCredential(electionId, credential),
    cancelled: await store.isCancelled(electionId, credential),
  };
}
