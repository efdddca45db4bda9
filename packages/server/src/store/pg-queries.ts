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
  electionIds: 'SELECT id FROM elections',
  leafHashes: 'SELECT leaf_hash FROM log_entries WHERE election_id = $1 AND idx >= $2 ORDER BY idx',
  entries: 'SELECT * FROM log_entries WHERE election_id = $1 AND idx >= $2 ORDER BY idx LIMIT $3',
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

/** Statements sent in one round trip by {@link renderBatch}. */
const PER_ROUND_TRIP = 250;

/** A statement's parameter as an SQL literal (`escape` is node-postgres's `escapeLiteral`). */
function literal(v: unknown, escape: (s: string) => string): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
    return String(v);
  }
  if (typeof v === 'string') return escape(v);
  if (v instanceof Uint8Array)
    return `E'\\\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}'::bytea`;
  throw new Error(`no SQL literal for a ${typeof v}`);
}

/**
 * The statements of a batch of mutations, in order, as a few multi-statement texts: one round
 * trip per {@link PER_ROUND_TRIP} statements instead of one per statement (a batch of ballots is
 * thousands of them). Parameters become literals: integers checked, strings through
 * node-postgres's `escapeLiteral`, bytes as hex.
 */
export function renderBatch(ms: readonly Mutation[], escape: (s: string) => string): string[] {
  const texts: string[] = [];
  let chunk: string[] = [];
  for (const m of ms)
    for (const st of statementsOf(m)) {
      chunk.push(st.text.replace(/\$(\d+)/g, (_, n: string) => literal(st.values[Number(n) - 1], escape)));
      if (chunk.length === PER_ROUND_TRIP) {
        texts.push(chunk.join(';\n'));
        chunk = [];
      }
    }
  if (chunk.length > 0) texts.push(chunk.join(';\n'));
  return texts;
}

/** One statement: SQL and parameters. */
export interface Statement {
  readonly text: string;
  readonly values: unknown[];
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
      return s(
        'INSERT INTO log_entries (election_id, idx, type, entry, leaf_hash) VALUES ($1, $2, $3, $4, $5)',
        r.electionId,
        r.index,
        r.type,
        toParam(r.entry),
        toParam(r.leafHash),
      );
    }
    case 'tree-head': {
      const r = m.row;
      return s(
        `INSERT INTO tree_heads (election_id, tree_size, timestamp, root_hash, signature) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (election_id, tree_size) DO NOTHING`,
        r.electionId,
        r.treeSize,
        r.timestamp,
        r.rootHash,
        r.signature,
      );
    }
    case 'ballot': {
      const r = m.row;
      return s(
        `INSERT INTO ballots (election_id, digest, credential, intent, confirmation_code, log_index, superseded_by, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
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
      return s(
        'INSERT INTO claims (election_id, contest_hash, credential) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        m.electionId,
        m.contestHash,
        m.credential,
      );
    case 'credential':
      return [
        ...s(
          'INSERT INTO credentials (election_id, credential) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          m.electionId,
          m.credential,
        ),
        ...(m.voterId === undefined
          ? []
          : s(
              'INSERT INTO roll_mapping (election_id, voter_id, credential) VALUES ($1, $2, $3)',
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
      return s(
        `INSERT INTO security_events (time, kind, election_id, station, code, reason, field, address, role)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
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
      return s(
        `INSERT INTO check_ins (election_id, id, voter_id, station, checked_by, document, at, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
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
    case 'cancel-credential':
      return s(
        'INSERT INTO cancelled_credentials (election_id, credential, station, log_index) VALUES ($1, $2, $3, $4)',
        m.electionId,
        m.credential,
        m.station,
        m.logIndex,
      );
  }
}
