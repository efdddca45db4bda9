/**
 * The reads of the PostgreSQL store ({@link Store}), over a query function: the pool's for the
 * node's reads, the write transaction's connection for the reads of a batch under the write lock
 * (pg-store.ts), so that the two never queue behind each other.
 * @module
 */
import pg from 'pg';
import { arrayLiteral } from './pg-batch.js';
import { READS } from './pg-queries.js';
import {
  toBallot,
  toCheckIn,
  toElection,
  toLoginState,
  toEntry,
  toHead,
  toRollVoter,
  toSecurityEvent,
  toToken,
} from './pg-rows.js';
import type { BallotRow, CastChecks, CastKeys, LogEntryRow, Store } from './store.js';

/** Rows of one parameterised statement. */
export type Rows = (text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;
/** The rows of each statement of a multi-statement text (no parameters: literals only). */
export type MultiRows = (text: string) => Promise<Record<string, unknown>[][]>;

/** The reads of a {@link Store}. */
export type StoreReads = Omit<Store, 'kind' | 'staleReads' | 'writeBatch' | 'onCommit' | 'commit' | 'close'>;

/** Entries per page of {@link Store.iterateLogEntries}. */
const PAGE = 1000;

/**
 * The text of {@link Store.castChecks}: four statements, one round trip; each credential's last
 * ballot and last cast through the (election, credential, index) index, one probe each.
 */
export function castChecksText(electionId: string, k: CastKeys): string {
  const e = pg.escapeLiteral(electionId);
  const creds = arrayLiteral(k.credentials, 'text', pg.escapeLiteral);
  const last = (cast: boolean): string =>
    `SELECT ${cast ? "'cast'" : "'last'"} AS k, l.* FROM unnest(${creds}) AS c(cr) CROSS JOIN LATERAL
      (SELECT * FROM ballots WHERE election_id = ${e} AND credential = c.cr${cast ? " AND intent = 'cast'" : ''}
       ORDER BY log_index DESC LIMIT 1) l`;
  return [
    `SELECT * FROM elections WHERE id = ${e}`,
    `SELECT 'digest' AS k, b.* FROM ballots b WHERE election_id = ${e}
      AND digest = ANY(${arrayLiteral(k.digests, 'text', pg.escapeLiteral)})
     UNION ALL ${last(false)} UNION ALL ${last(true)}`,
    `SELECT contest_hash, credential FROM claims WHERE election_id = ${e}
      AND contest_hash = ANY(${arrayLiteral(k.contestHashes, 'text', pg.escapeLiteral)})`,
    `SELECT credential FROM cancelled_credentials WHERE election_id = ${e} AND credential = ANY(${creds})`,
  ].join(';\n');
}

/** {@link Store.castChecks} from the rows of {@link castChecksText}. */
export function toCastChecks(rs: Record<string, unknown>[][]): CastChecks {
  const [election, ballots, claims, cancelled] = rs;
  const by = {
    digest: new Map<string, BallotRow>(),
    last: new Map<string, BallotRow>(),
    cast: new Map<string, BallotRow>(),
  };
  for (const r of ballots ?? []) {
    const b = toBallot(r);
    by[r['k'] as keyof typeof by].set(r['k'] === 'digest' ? b.digest : b.credential, b);
  }
  return {
    election: election?.[0] === undefined ? undefined : toElection(election[0]),
    ballots: by.digest,
    latest: by.last,
    latestCast: by.cast,
    cancelled: new Set((cancelled ?? []).map((r) => r['credential'] as string)),
    claims: new Map((claims ?? []).map((r) => [r['contest_hash'] as string, r['credential'] as string])),
  };
}

/** The reads over `rows` (and `multi`, for {@link Store.castChecks}). */
export function pgReads(rows: Rows, multi: MultiRows): StoreReads {
  const one = async <T>(text: string, values: unknown[], f: (r: unknown) => T): Promise<T | undefined> => {
    const r = (await rows(text, values))[0];
    return r === undefined ? undefined : f(r);
  };
  const value = async <T>(text: string, values: unknown[], col: string): Promise<T | undefined> =>
    (await rows(text, values))[0]?.[col] as T | undefined;
  return {
    getMeta: (key) => value<string>(READS.meta, [key], 'value'),
    loginState: (kind, id, now) => one(READS.loginState, [kind, id, now], toLoginState),
    findToken: (h) => one(READS.token, [h], toToken),
    listTokens: async () => (await rows(READS.tokens)).map(toToken),
    getElection: (id) => one(READS.election, [id], toElection),
    listElections: async () => (await rows(READS.elections)).map(toElection),
    electionIds: async () => (await rows(READS.electionIds)).map((r) => r['id'] as string),
    leafHashes: async (id, start = 0) =>
      (await rows(READS.leafHashes, [id, start])).map((r) => new Uint8Array(r['leaf_hash'] as Buffer)),
    logEntries: async (id, start, limit) => (await rows(READS.entries, [id, start, limit])).map(toEntry),
    typedLogEntries: async (id, types, start, end, limit) =>
      (await rows(READS.typedEntries, [id, [...types], start, end, limit])).map(toEntry),
    async *iterateLogEntries(id): AsyncIterable<LogEntryRow> {
      for (let start = 0; ; start += PAGE) {
        const page = (await rows(READS.entries, [id, start, PAGE])).map(toEntry);
        yield* page;
        if (page.length < PAGE) return;
      }
    },
    latestTreeHead: (id) => one(READS.latestHead, [id], toHead),
    treeHeads: async (id) => (await rows(READS.heads, [id])).map(toHead),
    findBallot: (id, d) => one(READS.ballot, [id, d], toBallot),
    findBallotByIndex: (id, i) => one(READS.ballotByIndex, [id, i], toBallot),
    findBallotsByCode: async (id, c) => (await rows(READS.ballotsByCode, [id, c])).map(toBallot),
    credentialBallots: async (id, c) => (await rows(READS.credentialBallots, [id, c])).map(toBallot),
    latestBallot: (id, c) => one(READS.latestBallot, [id, c], toBallot),
    latestCast: (id, c) => one(READS.latestCast, [id, c], toBallot),
    countedBallotIndices: async (id) =>
      (await rows(READS.counted, [id])).map((r) => r['log_index'] as number),
    async ballotCounts(id) {
      const r = (await rows(READS.counts, [id]))[0] ?? {};
      const n = (k: string): number => (r[k] as number | undefined) ?? 0;
      return {
        cast: n('cast'),
        counted: n('counted'),
        challenged: n('challenged'),
        superseded: n('superseded'),
      };
    },
    findClaim: (id, h) => value<string>(READS.claim, [id, h], 'credential'),
    hasCredential: async (id, c) => (await rows(READS.hasCredential, [id, c])).length > 0,
    credentialOfVoter: (id, v) => value<string>(READS.voterCredential, [id, v], 'credential'),
    countCredentials: async (id) => (await value<number>(READS.countCredentials, [id], 'n')) ?? 0,
    securityEvents: async (limit, before) =>
      (await rows(READS.securityEvents, [before ?? Number.MAX_SAFE_INTEGER, limit])).map(toSecurityEvent),
    alerts: async (id, limit, before) =>
      (await rows(READS.alerts, [before ?? Number.MAX_SAFE_INTEGER, id ?? null, limit])).map(toSecurityEvent),
    rollEntries: async (id, v) => (await rows(READS.rollEntries, [id, v])).map(toRollVoter),
    stationRoll: async (id, st) => (await rows(READS.stationRoll, [id, st])).map(toRollVoter),
    rollSize: async (id) => (await value<number>(READS.rollSize, [id], 'n')) ?? 0,
    rollSliceSizes: async (id) =>
      new Map((await rows(READS.rollSlices, [id])).map((r) => [r['station'] as string, r['n'] as number])),
    findCheckIn: (id, c) => one(READS.checkIn, [id, c], toCheckIn),
    checkInsOfVoter: async (id, v) => (await rows(READS.voterCheckIns, [id, v])).map(toCheckIn),
    duplicateCheckIns: async (id) => (await rows(READS.duplicates, [id])).map(toCheckIn),
    async stationCheckInCounts(id, st) {
      const r = (await rows(READS.stationCounts, [id, st]))[0] ?? {};
      return { checkIns: (r['checkIns'] as number) ?? 0, duplicates: (r['duplicates'] as number) ?? 0 };
    },
    checkInsByStation: async (id) =>
      Object.fromEntries(
        (await rows(READS.checkInsByStation, [id])).map((r) => [r['station'], r['n']]),
      ) as Record<string, number>,
    lastCheckIns: async () =>
      (await rows(READS.lastCheckIns)).map((r) => ({
        electionId: r['election_id'] as string,
        station: r['station'] as string,
        receivedAt: r['received_at'] as number,
      })),
    isCancelled: async (id, c) =>
      (await value<number>(READS.cancellationIndex, [id, c], 'log_index')) !== undefined,
    cancellationIndex: (id, c) => value<number>(READS.cancellationIndex, [id, c], 'log_index'),
    stageFileChunks: async (id, i, file, from, limit) =>
      (await rows(READS.stageFileChunks, [id, i, file, from, limit])).map(
        (r) => new Uint8Array(r['bytes'] as Buffer),
      ),
    async stageChunkCounts(uploadId) {
      const r = (await rows(READS.uploadChunkCount, [uploadId ?? null]))[0] ?? {};
      return { stored: Number(r['stored'] ?? 0), adopted: Number(r['adopted'] ?? 0) };
    },
    castChecks: async (id, k) => toCastChecks(await multi(castChecksText(id, k))),
    async castPreChecks(id, c) {
      const r = (await rows(READS.castPreChecks, [id, c]))[0] ?? {};
      return {
        election: r['id'] === null || r['id'] === undefined ? undefined : toElection(r),
        credentialKnown: r['credential_known'] === true,
        cancelled: r['cancelled'] === true,
      };
    },
  };
}
