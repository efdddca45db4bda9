/**
 * The SQL of the PostgreSQL store: the reads of {@link Store} and the statement of each
 * {@link Mutation}, with the SQLite store's semantics (sqlite-store.ts): the same orders, the same
 * upserts (elections, meta, roll) and the same inserts that ignore a repeat (claims, credentials,
 * tree heads).
 * @module
 */
import type { Mutation } from './store.js';
import { toParam } from './pg-rows.js';

/** The reads, by name. */
export const READS = {
  meta: 'SELECT value FROM meta WHERE key = $1',
  token: 'SELECT * FROM tokens WHERE token_hash = $1',
  tokens: 'SELECT * FROM tokens ORDER BY created_at, id',
  election: 'SELECT * FROM elections WHERE id = $1',
  elections: 'SELECT * FROM elections ORDER BY created_at, id',
  electionIds: 'SELECT id FROM elections ORDER BY created_at, id',
  leafHashes: 'SELECT leaf_hash FROM log_entries WHERE election_id = $1 AND idx >= $2 ORDER BY idx',
  entries: 'SELECT * FROM log_entries WHERE election_id = $1 AND idx >= $2 ORDER BY idx LIMIT $3',
  stageFileChunks: `SELECT bytes FROM stage_files WHERE election_id = $1 AND log_index = $2 AND file = $3
    AND seq >= $4 ORDER BY seq LIMIT $5`,
  uploadChunkCount: `SELECT count(*)::int AS stored, count(log_index)::int AS adopted FROM stage_files
    WHERE $1::text IS NULL OR upload_id = $1`,
  typedEntries: `SELECT * FROM log_entries WHERE election_id = $1 AND type = ANY($2::text[])
    AND idx >= $3 AND idx < $4 ORDER BY idx LIMIT $5`,
  latestHead: 'SELECT * FROM tree_heads WHERE election_id = $1 ORDER BY tree_size DESC LIMIT 1',
  heads: 'SELECT * FROM tree_heads WHERE election_id = $1 ORDER BY tree_size',
  ballot: 'SELECT * FROM ballots WHERE election_id = $1 AND digest = $2',
  ballotByIndex: 'SELECT * FROM ballots WHERE election_id = $1 AND log_index = $2',
  ballotsByCode: 'SELECT * FROM ballots WHERE election_id = $1 AND confirmation_code = $2 ORDER BY log_index',
  credentialBallots: 'SELECT * FROM ballots WHERE election_id = $1 AND credential = $2 ORDER BY log_index',
  latestBallot:
    'SELECT * FROM ballots WHERE election_id = $1 AND credential = $2 ORDER BY log_index DESC LIMIT 1',
  latestCast: `SELECT * FROM ballots WHERE election_id = $1 AND credential = $2 AND intent = 'cast'
    ORDER BY log_index DESC LIMIT 1`,
  counted: `SELECT log_index FROM ballots b WHERE election_id = $1 AND intent = 'cast' AND superseded_by IS NULL
    AND NOT EXISTS (SELECT 1 FROM cancelled_credentials x WHERE x.election_id = b.election_id AND x.credential = b.credential)
    ORDER BY log_index`,
  counts: `SELECT
      COUNT(*) FILTER (WHERE intent = 'cast') AS cast,
      COUNT(*) FILTER (WHERE intent = 'cast' AND superseded_by IS NULL AND NOT EXISTS (SELECT 1 FROM cancelled_credentials x
        WHERE x.election_id = b.election_id AND x.credential = b.credential)) AS counted,
      COUNT(*) FILTER (WHERE intent = 'challenge') AS challenged,
      COUNT(*) FILTER (WHERE superseded_by IS NOT NULL) AS superseded
    FROM ballots b WHERE election_id = $1`,
  claim: 'SELECT credential FROM claims WHERE election_id = $1 AND contest_hash = $2',
  hasCredential: 'SELECT 1 FROM credentials WHERE election_id = $1 AND credential = $2',
  /** Store.castPreChecks: the election's row (NULLs when there is none) and two probes, one statement */
  castPreChecks: `SELECT e.*,
      EXISTS (SELECT 1 FROM credentials WHERE election_id = $1::text AND credential = $2::text) AS credential_known,
      EXISTS (SELECT 1 FROM cancelled_credentials WHERE election_id = $1::text AND credential = $2::text) AS cancelled
    FROM (VALUES (1)) AS one LEFT JOIN elections e ON e.id = $1::text`,
  voterCredential: 'SELECT credential FROM roll_mapping WHERE election_id = $1 AND voter_id = $2',
  countCredentials: 'SELECT COUNT(*) AS n FROM credentials WHERE election_id = $1',
  securityEvents: 'SELECT * FROM security_events WHERE id < $1 ORDER BY id DESC LIMIT $2',
  alerts: `SELECT * FROM security_events WHERE id < $1 AND kind LIKE 'anomaly-%'
    AND ($2::text IS NULL OR election_id = $2) ORDER BY id DESC LIMIT $3`,
  rollEntries: 'SELECT * FROM roll WHERE election_id = $1 AND voter_id = $2 ORDER BY station',
  stationRoll: 'SELECT * FROM roll WHERE election_id = $1 AND station = $2 ORDER BY voter_id',
  rollSize: 'SELECT COUNT(*) AS n FROM roll WHERE election_id = $1',
  rollSlices: 'SELECT station, COUNT(*) AS n FROM roll WHERE election_id = $1 GROUP BY station',
  checkIn: 'SELECT * FROM check_ins WHERE election_id = $1 AND id = $2',
  voterCheckIns: 'SELECT * FROM check_ins WHERE election_id = $1 AND voter_id = $2 ORDER BY received_at, id',
  duplicates: `SELECT * FROM check_ins c WHERE election_id = $1 AND EXISTS (SELECT 1 FROM check_ins d
      WHERE d.election_id = c.election_id AND d.voter_id = c.voter_id AND d.station <> c.station)
    ORDER BY voter_id, station, received_at, id`,
  checkInsByStation: 'SELECT station, COUNT(*) AS n FROM check_ins WHERE election_id = $1 GROUP BY station',
  stationCounts: `SELECT COUNT(*) AS "checkIns", COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM check_ins d
      WHERE d.election_id = c.election_id AND d.voter_id = c.voter_id AND d.station <> c.station)) AS duplicates
    FROM check_ins c WHERE election_id = $1 AND station = $2`,
  lastCheckIns:
    'SELECT election_id, station, MAX(received_at) AS received_at FROM check_ins GROUP BY election_id, station',
  cancellationIndex: 'SELECT log_index FROM cancelled_credentials WHERE election_id = $1 AND credential = $2',
  loginState: 'SELECT * FROM login_state WHERE kind = $1 AND id = $2 AND expires_at > $3',
} as const;

/** One statement: SQL and parameters. */
export interface Statement {
  readonly text: string;
  readonly values: unknown[];
  /**
   * For a plain insert (or one that ignores a repeat): the statement without its `VALUES (…)`
   * (`INSERT INTO t (cols)` and what follows the values), so that the rows of a batch become one
   * multi-row INSERT (pg-batch.ts)
   */
  readonly rows?: { readonly head: string; readonly tail: string };
}

/** A statement `head VALUES ($1, …, $n) tail` whose rows may be merged with others of the same kind. */
function insert(head: string, tail: string, ...values: unknown[]): Statement[] {
  const params = values.map((_, i) => `$${i + 1}`).join(', ');
  return [{ text: `${head} VALUES (${params})${tail}`, values, rows: { head, tail } }];
}

/** The statements that apply one mutation, in order. */
export function statementsOf(m: Mutation): Statement[] {
  const s = (text: string, ...values: unknown[]): Statement[] => [{ text, values }];
  switch (m.kind) {
    case 'token': {
      const r = m.row;
      return s(
        `INSERT INTO tokens (id, token_hash, role, label, created_at, revoked, guardian, station)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        r.id,
        r.tokenHash,
        r.role,
        r.label,
        r.createdAt,
        r.revoked,
        r.guardian ?? null,
        r.station ?? null,
      );
    }
    case 'revoke-token':
      return s('UPDATE tokens SET revoked = TRUE WHERE id = $1', m.id);
    case 'election': {
      const r = m.row;
      return s(
        `INSERT INTO elections (id, state, profile, manifest, config, init, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, config = excluded.config, init = excluded.init,
           updated_at = excluded.updated_at`,
        r.id,
        r.state,
        r.profile,
        r.manifest,
        r.config,
        r.init,
        r.createdAt,
        r.updatedAt,
      );
    }
    case 'log-entry': {
      const r = m.row;
      return insert(
        'INSERT INTO log_entries (election_id, idx, type, entry, leaf_hash)',
        '',
        r.electionId,
        r.index,
        r.type,
        toParam(r.entry),
        toParam(r.leafHash),
      );
    }
    case 'tree-head': {
      const r = m.row;
      return insert(
        'INSERT INTO tree_heads (election_id, tree_size, timestamp, root_hash, signature)',
        ' ON CONFLICT (election_id, tree_size) DO NOTHING',
        r.electionId,
        r.treeSize,
        r.timestamp,
        r.rootHash,
        r.signature,
      );
    }
    case 'ballot': {
      const r = m.row;
      return insert(
        `INSERT INTO ballots (election_id, digest, credential, intent, confirmation_code, log_index, superseded_by,
           received_at)`,
        '',
        r.electionId,
        r.digest,
        r.credential,
        r.intent,
        r.confirmationCode,
        r.logIndex,
        r.supersededBy,
        r.receivedAt,
      );
    }
    case 'supersede':
      return s(
        'UPDATE ballots SET superseded_by = $1 WHERE election_id = $2 AND log_index = $3',
        m.by,
        m.electionId,
        m.logIndex,
      );
    case 'claim':
      return insert(
        'INSERT INTO claims (election_id, contest_hash, credential)',
        ' ON CONFLICT DO NOTHING',
        m.electionId,
        m.contestHash,
        m.credential,
      );
    case 'credential':
      return [
        ...insert(
          'INSERT INTO credentials (election_id, credential)',
          ' ON CONFLICT DO NOTHING',
          m.electionId,
          m.credential,
        ),
        ...(m.voterId === undefined
          ? []
          : insert(
              'INSERT INTO roll_mapping (election_id, voter_id, credential)',
              '',
              m.electionId,
              m.voterId,
              m.credential,
            )),
      ];
    case 'meta':
      return s(
        'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        m.key,
        m.value,
      );
    case 'security-event': {
      const r = m.row;
      return insert(
        'INSERT INTO security_events (time, kind, election_id, station, code, reason, field, address, role)',
        '',
        r.time,
        r.kind,
        r.electionId,
        r.station,
        r.code,
        r.reason,
        r.field,
        r.address,
        r.role,
      );
    }
    case 'roll-voter': {
      const r = m.row;
      return s(
        `INSERT INTO roll (election_id, voter_id, station, name) VALUES ($1, $2, $3, $4)
         ON CONFLICT (election_id, voter_id, station) DO UPDATE SET name = excluded.name`,
        r.electionId,
        r.voterId,
        r.station,
        r.name,
      );
    }
    case 'check-in': {
      const r = m.row;
      return insert(
        'INSERT INTO check_ins (election_id, id, voter_id, station, checked_by, document, at, received_at)',
        '',
        r.electionId,
        r.id,
        r.voterId,
        r.station,
        r.checkedBy,
        r.document,
        r.at,
        r.receivedAt,
      );
    }
    case 'login-state':
      return m.row.value === null
        ? s('DELETE FROM login_state WHERE kind = $1 AND id = $2', m.row.kind, m.row.id)
        : s(
            `INSERT INTO login_state (kind, id, value, expires_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (kind, id) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
            m.row.kind,
            m.row.id,
            m.row.value,
            m.row.expiresAt,
          );
    case 'purge-login-state':
      return s('DELETE FROM login_state WHERE expires_at < $1', m.before);
    case 'stage-file-chunk':
      return s(
        'INSERT INTO stage_files (upload_id, file, seq, bytes, created_at) VALUES ($1, $2, $3, $4, $5)',
        m.row.uploadId,
        m.row.file,
        m.row.seq,
        toParam(m.row.bytes),
        m.row.createdAt,
      );
    case 'adopt-stage-files':
      return s(
        'UPDATE stage_files SET election_id = $1, log_index = $2 WHERE upload_id = $3 AND log_index IS NULL',
        m.electionId,
        m.logIndex,
        m.uploadId,
      );
    case 'sweep-stage-files':
      return s('DELETE FROM stage_files WHERE log_index IS NULL AND created_at < $1', m.before);
    case 'cancel-credential':
      return insert(
        'INSERT INTO cancelled_credentials (election_id, credential, station, log_index)',
        '',
        m.electionId,
        m.credential,
        m.station,
        m.logIndex,
      );
  }
}
