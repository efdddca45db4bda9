/**
 * The storage interface of the server (spec/server-api.md §6): everything durable goes through
 * {@link Store.commit}, one atomic and durable transaction per call, so that one implementation
 * (SQLite, `sqlite-store.ts`) can be swapped for another (PostgreSQL) without touching the rest.
 * Reads are small, indexed queries. All methods are async so that a networked store fits.
 * @module
 */

import type { CastChecks, CastKeys, CastPreChecks } from './cast-checks.js';
export type { CastChecks, CastKeys, CastPreChecks } from './cast-checks.js';

/** Administrative roles (spec/server-api.md §3). */
export type Role = 'administrator' | 'station' | 'observer' | 'trustee';
export const ROLES: readonly Role[] = ['administrator', 'station', 'observer', 'trustee'];

/** A bearer token; only its SHA-256 is stored. */
export interface TokenRow {
  readonly id: string;
  /** SHA-256 of the token, hex. */
  readonly tokenHash: string;
  readonly role: Role;
  readonly label: string;
  readonly createdAt: number;
  readonly revoked: boolean;
  /** Trustee tokens: the guardian coordinate x (1..n) whose files the token may upload. */
  readonly guardian?: number;
  /** Station tokens: the manifest's polling-station label the token acts for. */
  readonly station?: string;
}

/** The election lifecycle states (spec/server-api.md §4). */
export type ElectionState =
  'created' | 'keys-imported' | 'credentials-issued' | 'open' | 'closed' | 'tallied' | 'published';

/** One election. JSON columns are kept as text: they are hashed and published as they are. */
export interface ElectionRow {
  readonly id: string;
  readonly state: ElectionState;
  readonly profile: string;
  /** The manifest, canonical JSON. */
  readonly manifest: string;
  /** Schedule and options, JSON (see elections/schedule.ts). */
  readonly config: string;
  /** The key-ceremony output (election initialization), JSON; null before import. */
  readonly init: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One leaf of an election's log. */
export interface LogEntryRow {
  readonly electionId: string;
  readonly index: number;
  readonly type: string;
  /** The exact bytes hashed into the leaf (UTF-8 canonical JSON). */
  readonly entry: Uint8Array;
  readonly leafHash: Uint8Array;
}

/** A signed tree head as stored. */
export interface TreeHeadRow {
  readonly electionId: string;
  readonly treeSize: number;
  readonly timestamp: number;
  readonly rootHash: string;
  readonly signature: string;
}

/** A ballot (cast or challenged) as indexed; the ballot itself is in its log entry. */
export interface BallotRow {
  readonly electionId: string;
  /** Ballot digest (spec/credentials.md §3.2), hex. */
  readonly digest: string;
  /** Public credential, hex. */
  readonly credential: string;
  readonly intent: 'cast' | 'challenge';
  readonly confirmationCode: string;
  readonly logIndex: number;
  /** Log index of the ballot that superseded this one, or null. */
  readonly supersededBy: number | null;
  readonly receivedAt: number;
}

/** A refusal worth an official's attention (spec/server-api.md §12.4); never a secret. */
export interface SecurityEventRow {
  /** ms since the epoch, by the server's clock */
  readonly time: number;
  /** what was refused, e.g. `sheet-refused` */
  readonly kind: string;
  readonly electionId: string | null;
  readonly station: string | null;
  /** the `EVD_ERR_…` code answered (`OK` for a request answered but worth noting) */
  readonly code: string;
  /** the answer's message */
  readonly reason: string;
  readonly field: string | null;
  /** the client address (the forwarded one behind a trusted proxy) */
  readonly address: string;
  /** the role of the token that made the request, if any */
  readonly role: string | null;
}

/** A voter on the private roll (spec/server-api.md §11.3): never published or exported. */
export interface RollVoterRow {
  readonly electionId: string;
  readonly voterId: string;
  /** the polling station whose roll slice lists the voter */
  readonly station: string;
  readonly name: string;
}

/** An accepted check-in of a voter at a polling station (private). */
export interface CheckInRow {
  readonly electionId: string;
  /** the station's id for it (a UUID): check-ins are idempotent by it */
  readonly id: string;
  readonly voterId: string;
  readonly station: string;
  /** the poll worker who checked the voter's identity */
  readonly checkedBy: string;
  /** the identity document checked */
  readonly document: string;
  /** when, by the station's clock, as the station sent it */
  readonly at: string;
  /** when the server received it (ms) */
  readonly receivedAt: number;
}

/** One row of the voters' login state (private, never exported). */
export interface LoginStateRow {
  /** `pending`, `spent` or `session` */
  readonly kind: string;
  /** the OIDC `state`, or the session id */
  readonly id: string;
  /** JSON; null deletes the row */
  readonly value: string | null;
  /** when the row may be purged (ms) */
  readonly expiresAt: number;
}

/**
 * One chunk of a file of an uploaded mix stage (spec/server-api.md §7.5, spec/mixnet.md §8.6):
 * written under the upload's id before its `mix-stage` entry, adopted by the entry's write batch
 * (`adopt-stage-files`); a chunk never adopted is removed by `sweep-stage-files`.
 */
export interface StageFileChunkRow {
  /** the upload's id (random, one per upload) */
  readonly uploadId: string;
  /** the file's name in the stage folder (`outputs.bin`, `c.bin`, …, spec/mixnet.md §7.5) */
  readonly file: string;
  /** the chunk's position in the file, 0, 1, … */
  readonly seq: number;
  readonly bytes: Uint8Array;
  /** when it was written (ms): the sweep removes unadopted chunks older than its bound */
  readonly createdAt: number;
}

/** A change applied by {@link Store.commit}. */
export type Mutation =
  | { readonly kind: 'token'; readonly row: TokenRow }
  | { readonly kind: 'revoke-token'; readonly id: string }
  | { readonly kind: 'election'; readonly row: ElectionRow }
  | { readonly kind: 'log-entry'; readonly row: LogEntryRow }
  | { readonly kind: 'tree-head'; readonly row: TreeHeadRow }
  | { readonly kind: 'ballot'; readonly row: BallotRow }
  | {
      readonly kind: 'supersede';
      readonly electionId: string;
      readonly logIndex: number;
      readonly by: number;
    }
  | {
      readonly kind: 'claim';
      readonly electionId: string;
      readonly contestHash: string;
      readonly credential: string;
    }
  | {
      readonly kind: 'credential';
      readonly electionId: string;
      readonly credential: string;
      readonly voterId?: string;
    }
  | { readonly kind: 'meta'; readonly key: string; readonly value: string }
  | { readonly kind: 'security-event'; readonly row: SecurityEventRow }
  | { readonly kind: 'roll-voter'; readonly row: RollVoterRow }
  | { readonly kind: 'check-in'; readonly row: CheckInRow }
  | {
      /**
       * Sets (or, with `value` null, deletes) one row of the voters' login state (OIDC pending
       * logins, spent logins, sessions: identity/shared-login-store.ts), shared by every node.
       */
      readonly kind: 'login-state';
      readonly row: LoginStateRow;
    }
  | {
      /** Deletes the login-state rows that expired before `before` (ms). */
      readonly kind: 'purge-login-state';
      readonly before: number;
    }
  | { readonly kind: 'stage-file-chunk'; readonly row: StageFileChunkRow }
  | {
      /** Gives an upload's chunks to the `mix-stage` entry at `logIndex` (in the entry's batch). */
      readonly kind: 'adopt-stage-files';
      readonly uploadId: string;
      readonly electionId: string;
      readonly logIndex: number;
    }
  | {
      /** Deletes the chunks no entry adopted, written before `before` (ms). */
      readonly kind: 'sweep-stage-files';
      readonly before: number;
    }
  | {
      readonly kind: 'cancel-credential';
      readonly electionId: string;
      readonly credential: string;
      readonly station: string;
      /** the `cancellation` entry */
      readonly logIndex: number;
    };

/** What the `prepare` step of {@link Store.writeBatch} returns. */
export interface WriteBatch<T> {
  /** committed in the batch's transaction */
  readonly mutations: readonly Mutation[];
  /** what `writeBatch` resolves with once the transaction is durable */
  readonly value: T;
}

/**
 * Thrown by a store that cannot reach its database (a PostgreSQL restart, a lost connection): the
 * request is answered 503 `EVD_ERR_UNAVAILABLE` with `Retry-After`, never 500, and nothing was
 * written. The message never holds a password or a connection string.
 */
export class StoreUnavailableError extends Error {
  override readonly name: string = 'StoreUnavailableError';
  constructor(
    message: string,
    /** seconds a client should wait before retrying */
    readonly retryAfter = 2,
  ) {
    super(message);
  }
}

/**
 * A batch refused because the writer's log is out of step with the store (spec/server-api.md
 * §6.6): thrown by a store for a batch that would write a log entry at an index already stored,
 * and by the writer for a tree holding leaves beyond its committed size. Never expected — the
 * writer catches up under the write lock before planning — and answered like an unreachable
 * store (503 with `Retry-After`: the voter sends the ballot again), never 500: nothing was
 * written, and the writer reloads the log from the store before its next batch.
 */
export class LogConflictError extends StoreUnavailableError {
  override readonly name: string = 'LogConflictError';
}

/**
 * The reads that tolerate staleness (spec/server-api.md §6.7): public board pages and the
 * security-event and alert listings, which a reader pages through and polls again anyway.
 */
export type StaleReads = Pick<Store, 'logEntries' | 'securityEvents' | 'alerts'>;

/** The store. */
export interface Store {
  /** 'sqlite' or 'postgres' (for logs, metrics and the deployment checks). */
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Where {@link StaleReads} go when they may be behind the store (a PostgreSQL streaming
   * replica, `--db-read`); absent: the store itself. Nothing else ever reads there.
   */
  readonly staleReads?: StaleReads;
  /**
   * One write batch under the store-wide write lock (spec/server-api.md §6.2): the batches of all
   * nodes sharing the store run one at a time, in one order. `prepare` runs once the lock is held
   * (it catches up with what other nodes committed, then plans its jobs against the store's
   * current state); the mutations it returns are committed in the same transaction, whose end
   * releases the lock. If `prepare` throws, nothing is written, the lock is released and the
   * promise rejects with that error. `reads` is this store, its reads made over the batch's own
   * connection (PostgreSQL: they never queue behind the node's other reads while the lock is held);
   * its writing methods are not to be called from `prepare`.
   */
  writeBatch<T>(prepare: (reads: Store) => Promise<WriteBatch<T>>): Promise<T>;
  /**
   * Calls `listener` after every commit by any node sharing the store (this one included), with
   * the ids of the elections whose log or rows changed; calls may be late by the store's notice
   * delay and may coalesce several commits, never lose one. Returns a function that unsubscribes.
   */
  onCommit(listener: (electionIds: readonly string[]) => void): () => void;
  /** Applies all mutations in one transaction; resolves once it is durable. */
  commit(mutations: readonly Mutation[]): Promise<void>;
  getMeta(key: string): Promise<string | undefined>;
  /** A row of the voters' login state, unless expired by `now` (ms). */
  loginState(
    kind: string,
    id: string,
    now: number,
  ): Promise<(LoginStateRow & { readonly value: string }) | undefined>;

  findToken(tokenHash: string): Promise<TokenRow | undefined>;
  listTokens(): Promise<TokenRow[]>;

  /**
   * An election's row. A store may answer from rows it keeps (the SQLite store does, dropping
   * them when the change feed reports another node's commit): `fresh` reads around them, for a
   * refusal that must not rest on a row a moment old (spec/server-api.md §6.6).
   */
  getElection(id: string, opts?: { readonly fresh?: boolean }): Promise<ElectionRow | undefined>;
  listElections(): Promise<ElectionRow[]>;
  /** The ids of every election, in creation order (the writer's catch-up, before every batch). */
  electionIds(): Promise<string[]>;

  /**
   * Leaf hashes of an election's log from index `start` (default 0), in order: the whole tree at
   * start-up, what other nodes appended when catching up.
   */
  leafHashes(electionId: string, start?: number): Promise<Uint8Array[]>;
  /** Entries [start, start + limit). */
  logEntries(electionId: string, start: number, limit: number): Promise<LogEntryRow[]>;
  /**
   * The entries of the given types with start ≤ index < end, in order, at most `limit` (read
   * through an index on the type: a few entries among millions of ballots).
   */
  typedLogEntries(
    electionId: string,
    types: readonly string[],
    start: number,
    end: number,
    limit: number,
  ): Promise<LogEntryRow[]>;
  /** Every entry in order, streamed. */
  iterateLogEntries(electionId: string): AsyncIterable<LogEntryRow>;
  latestTreeHead(electionId: string): Promise<TreeHeadRow | undefined>;
  treeHeads(electionId: string): Promise<TreeHeadRow[]>;

  findBallot(electionId: string, digest: string): Promise<BallotRow | undefined>;
  findBallotByIndex(electionId: string, logIndex: number): Promise<BallotRow | undefined>;
  findBallotsByCode(electionId: string, confirmationCode: string): Promise<BallotRow[]>;
  /** The last ballot of a credential, cast or challenged (its chain head, spec/server-api.md §5.3). */
  latestBallot(electionId: string, credential: string): Promise<BallotRow | undefined>;
  /** Every ballot of a credential, cast or challenged, in log order (the tracker's light read, spec/tracker.md §7). */
  credentialBallots(electionId: string, credential: string): Promise<BallotRow[]>;
  /** The last cast (not challenged) ballot of a credential. */
  latestCast(electionId: string, credential: string): Promise<BallotRow | undefined>;
  /**
   * Log indices of the counted ballots: cast, not superseded, of a credential not cancelled by a
   * check-in (spec/server-api.md §11.5), in log order.
   */
  countedBallotIndices(electionId: string): Promise<number[]>;
  ballotCounts(
    electionId: string,
  ): Promise<{ cast: number; counted: number; challenged: number; superseded: number }>;
  /**
   * The reads of a batch of ballots' checks at once (the writer's idempotency, replay, chain and
   * cancellation checks, spec/server-api.md §6.7): one round trip instead of several per ballot.
   */
  castChecks(electionId: string, keys: CastKeys): Promise<CastChecks>;
  /**
   * The reads of a ballot's checks before its proofs are verified (spec/server-api.md §6.7): the
   * election's row ({@link getElection}), whether the credential is on the published list
   * ({@link hasCredential}) and whether a check-in cancelled it ({@link isCancelled}) — one
   * statement instead of three on PostgreSQL.
   */
  castPreChecks(electionId: string, credential: string): Promise<CastPreChecks>;
  /** The credential that claimed this contest hash (spec/credentials.md §5). */
  findClaim(electionId: string, contestHash: string): Promise<string | undefined>;

  hasCredential(electionId: string, credential: string): Promise<boolean>;
  credentialOfVoter(electionId: string, voterId: string): Promise<string | undefined>;
  countCredentials(electionId: string): Promise<number>;

  /** Security events, newest first: at most `limit`, with ids below `before` when given. */
  securityEvents(limit: number, before?: number): Promise<(SecurityEventRow & { readonly id: number })[]>;
  /**
   * The alerts (security events whose kind starts with `anomaly-`), newest first: of one
   * election when `electionId` is given, at most `limit`, with ids below `before` when given.
   */
  alerts(
    electionId: string | undefined,
    limit: number,
    before?: number,
  ): Promise<(SecurityEventRow & { readonly id: number })[]>;
  /** The roll slices that list a voter (normally one). */
  rollEntries(electionId: string, voterId: string): Promise<RollVoterRow[]>;
  /** A station's roll slice, by voter id. */
  stationRoll(electionId: string, station: string): Promise<RollVoterRow[]>;
  rollSize(electionId: string): Promise<number>;
  /** The number of voters on each station's roll slice (stations with none are absent). */
  rollSliceSizes(electionId: string): Promise<Map<string, number>>;
  findCheckIn(electionId: string, id: string): Promise<CheckInRow | undefined>;
  /** A voter's check-ins, every station. */
  checkInsOfVoter(electionId: string, voterId: string): Promise<CheckInRow[]>;
  /** The check-ins of every voter checked in at more than one station, by voter then station. */
  duplicateCheckIns(electionId: string): Promise<CheckInRow[]>;
  /** A station's check-ins, and how many of them are of a voter also checked in at another station. */
  stationCheckInCounts(
    electionId: string,
    station: string,
  ): Promise<{ checkIns: number; duplicates: number }>;
  /** The number of check-ins taken at each station that has any (spec/server-api.md §12.3). */
  checkInsByStation(electionId: string): Promise<Record<string, number>>;
  /** When each station's latest check-in was received (ms), per election and station. */
  lastCheckIns(): Promise<{ electionId: string; station: string; receivedAt: number }[]>;
  /** Whether a `cancellation` entry names the credential. */
  isCancelled(electionId: string, credential: string): Promise<boolean>;
  /** The log index of the `cancellation` entry naming the credential, if there is one. */
  cancellationIndex(electionId: string, credential: string): Promise<number | undefined>;

  /**
   * Up to `limit` chunks of a file of the `mix-stage` entry at `logIndex`, from chunk `fromSeq`,
   * in order (adopted chunks only).
   */
  stageFileChunks(
    electionId: string,
    logIndex: number,
    file: string,
    fromSeq: number,
    limit: number,
  ): Promise<Uint8Array[]>;
  /** The stage-file chunks stored (under one upload id, or all), and how many are adopted (tests). */
  stageChunkCounts(uploadId?: string): Promise<{ readonly stored: number; readonly adopted: number }>;
  close(): Promise<void>;
}

/** The elections a batch of mutations changes (what {@link Store.onCommit} reports). */
export function changedElections(ms: readonly Mutation[]): string[] {
  const ids = new Set<string>();
  for (const m of ms) {
    if ('electionId' in m) ids.add(m.electionId);
    else if ('row' in m && 'electionId' in m.row && typeof m.row.electionId === 'string')
      ids.add(m.row.electionId);
    else if (m.kind === 'election') ids.add(m.row.id);
  }
  return [...ids];
}
