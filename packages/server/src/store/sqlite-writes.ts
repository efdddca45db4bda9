/**
 * The SQLite store's writes: one prepared statement per {@link Mutation} kind, applied inside the
 * batch's transaction by whichever connection writes — the writer thread's
 * (./sqlite-writer-thread.ts) or, for an in-memory database, the store's own (./sqlite-writer.ts).
 * @module
 */
import type Database from 'better-sqlite3';
import type { Mutation } from './store.js';

/** The connection's writes: applies one mutation (inside the caller's transaction). */
export function sqliteWrites(db: Database.Database): (m: Mutation) => void {
  const q = {
    putMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    putLoginState: db.prepare(
      `INSERT INTO login_state (kind, id, value, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    ),
    deleteLoginState: db.prepare('DELETE FROM login_state WHERE kind = ? AND id = ?'),
    purgeLoginState: db.prepare('DELETE FROM login_state WHERE expires_at < ?'),
    putToken: db.prepare(
      'INSERT INTO tokens (id, token_hash, role, label, created_at, revoked, guardian, station) VALUES (@id, @tokenHash, @role, @label, @createdAt, @revoked, @guardian, @station)',
    ),
    revoke: db.prepare('UPDATE tokens SET revoked = 1 WHERE id = ?'),
    putElection: db.prepare(
      `INSERT INTO elections (id, state, profile, manifest, config, init, created_at, updated_at)
       VALUES (@id, @state, @profile, @manifest, @config, @init, @createdAt, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, config = excluded.config, init = excluded.init,
         updated_at = excluded.updated_at`,
    ),
    putEntry: db.prepare(
      'INSERT INTO log_entries (election_id, idx, type, entry, leaf_hash) VALUES (?, ?, ?, ?, ?)',
    ),
    putHead: db.prepare(
      `INSERT INTO tree_heads (election_id, tree_size, timestamp, root_hash, signature) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (election_id, tree_size) DO NOTHING`,
    ),
    putBallot: db.prepare(
      `INSERT INTO ballots (election_id, digest, credential, intent, confirmation_code, log_index, superseded_by, received_at)
       VALUES (@electionId, @digest, @credential, @intent, @confirmationCode, @logIndex, @supersededBy, @receivedAt)`,
    ),
    supersede: db.prepare('UPDATE ballots SET superseded_by = ? WHERE election_id = ? AND log_index = ?'),
    putClaim: db.prepare(
      'INSERT OR IGNORE INTO claims (election_id, contest_hash, credential) VALUES (?, ?, ?)',
    ),
    putCredential: db.prepare('INSERT OR IGNORE INTO credentials (election_id, credential) VALUES (?, ?)'),
    putMapping: db.prepare('INSERT INTO roll_mapping (election_id, voter_id, credential) VALUES (?, ?, ?)'),
    putSecurityEvent: db.prepare(
      `INSERT INTO security_events (time, kind, election_id, station, code, reason, field, address, role)
       VALUES (@time, @kind, @electionId, @station, @code, @reason, @field, @address, @role)`,
    ),
    putRollVoter: db.prepare(
      `INSERT INTO roll (election_id, voter_id, station, name) VALUES (@electionId, @voterId, @station, @name)
       ON CONFLICT (election_id, voter_id, station) DO UPDATE SET name = excluded.name`,
    ),
    putCheckIn: db.prepare(
      `INSERT INTO check_ins (election_id, id, voter_id, station, checked_by, document, at, received_at)
       VALUES (@electionId, @id, @voterId, @station, @checkedBy, @document, @at, @receivedAt)`,
    ),
    putStageChunk: db.prepare(
      'INSERT INTO stage_files (upload_id, file, seq, bytes, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    adoptStageFiles: db.prepare(
      'UPDATE stage_files SET election_id = ?, log_index = ? WHERE upload_id = ? AND log_index IS NULL',
    ),
    sweepStageFiles: db.prepare('DELETE FROM stage_files WHERE log_index IS NULL AND created_at < ?'),
    putCancelled: db.prepare(
      'INSERT INTO cancelled_credentials (election_id, credential, station, log_index) VALUES (?, ?, ?, ?)',
    ),
  };
  return (m: Mutation): void => {
    switch (m.kind) {
      case 'token':
        q.putToken.run({
          ...m.row,
          revoked: m.row.revoked ? 1 : 0,
          guardian: m.row.guardian ?? null,
          station: m.row.station ?? null,
        });
        return;
      case 'revoke-token':
        q.revoke.run(m.id);
        return;
      case 'election':
        q.putElection.run(m.row);
        return;
      case 'log-entry':
        q.putEntry.run(m.row.electionId, m.row.index, m.row.type, m.row.entry, m.row.leafHash);
        return;
      case 'tree-head':
        q.putHead.run(m.row.electionId, m.row.treeSize, m.row.timestamp, m.row.rootHash, m.row.signature);
        return;
      case 'ballot':
        q.putBallot.run(m.row);
        return;
      case 'supersede':
        q.supersede.run(m.by, m.electionId, m.logIndex);
        return;
      case 'claim':
        q.putClaim.run(m.electionId, m.contestHash, m.credential);
        return;
      case 'credential':
        q.putCredential.run(m.electionId, m.credential);
        if (m.voterId !== undefined) q.putMapping.run(m.electionId, m.voterId, m.credential);
        return;
      case 'meta':
        q.putMeta.run(m.key, m.value);
        return;
      case 'security-event':
        q.putSecurityEvent.run(m.row);
        return;
      case 'roll-voter':
        q.putRollVoter.run(m.row);
        return;
      case 'check-in':
        q.putCheckIn.run(m.row);
        return;
      case 'login-state':
        if (m.row.value === null) q.deleteLoginState.run(m.row.kind, m.row.id);
        else q.putLoginState.run(m.row.kind, m.row.id, m.row.value, m.row.expiresAt);
        return;
      case 'purge-login-state':
        q.purgeLoginState.run(m.before);
        return;
      case 'stage-file-chunk':
        q.putStageChunk.run(m.row.uploadId, m.row.file, m.row.seq, m.row.bytes, m.row.createdAt);
        return;
      case 'adopt-stage-files':
        q.adoptStageFiles.run(m.electionId, m.logIndex, m.uploadId);
        return;
      case 'sweep-stage-files':
        q.sweepStageFiles.run(m.before);
        return;
      case 'cancel-credential':
        q.putCancelled.run(m.electionId, m.credential, m.station, m.logIndex);
        return;
    }
  };
}
