/**
 * The rows of both stores as the {@link Store} interface gives them: snake_case columns to the
 * camelCase rows of store.ts — one mapping for SQLite (sqlite-store.ts) and PostgreSQL
 * (pg-store.ts). BLOB/BYTEA columns arrive as Buffers and are handed out as plain Uint8Arrays.
 * @module
 */
import type {
  BallotRow,
  CheckInRow,
  ElectionRow,
  LoginStateRow,
  LogEntryRow,
  Role,
  RollVoterRow,
  SecurityEventRow,
  TokenRow,
  TreeHeadRow,
} from './store.js';

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice();

/* eslint-disable @typescript-eslint/no-explicit-any */
export const toToken = (r: any): TokenRow => ({
  id: r.id,
  tokenHash: r.token_hash,
  role: r.role as Role,
  label: r.label,
  createdAt: r.created_at,
  revoked: r.revoked === true || r.revoked === 1, // PostgreSQL BOOLEAN, SQLite 0/1
  ...(r.guardian !== null && r.guardian !== undefined ? { guardian: r.guardian } : {}),
  ...(r.station !== null && r.station !== undefined ? { station: r.station } : {}),
});
export const toRollVoter = (r: any): RollVoterRow => ({
  electionId: r.election_id,
  voterId: r.voter_id,
  station: r.station,
  name: r.name,
});
export const toLoginState = (r: any): LoginStateRow & { readonly value: string } => ({
  kind: r.kind,
  id: r.id,
  value: r.value,
  expiresAt: r.expires_at,
});
export const toCheckIn = (r: any): CheckInRow => ({
  electionId: r.election_id,
  id: r.id,
  voterId: r.voter_id,
  station: r.station,
  checkedBy: r.checked_by,
  document: r.document,
  at: r.at,
  receivedAt: r.received_at,
});
export const toElection = (r: any): ElectionRow => ({
  id: r.id,
  state: r.state,
  profile: r.profile,
  manifest: r.manifest,
  config: r.config,
  init: r.init ?? null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export const toEntry = (r: any): LogEntryRow => ({
  electionId: r.election_id,
  index: r.idx,
  type: r.type,
  entry: bytes(r.entry),
  leafHash: bytes(r.leaf_hash),
});
export const toHead = (r: any): TreeHeadRow => ({
  electionId: r.election_id,
  treeSize: r.tree_size,
  timestamp: r.timestamp,
  rootHash: r.root_hash,
  signature: r.signature,
});
export const toBallot = (r: any): BallotRow => ({
  electionId: r.election_id,
  digest: r.digest,
  credential: r.credential,
  intent: r.intent,
  confirmationCode: r.confirmation_code,
  logIndex: r.log_index,
  supersededBy: r.superseded_by ?? null,
  receivedAt: r.received_at,
});
export const toSecurityEvent = (r: any): SecurityEventRow & { id: number } => ({
  id: r.id,
  time: r.time,
  kind: r.kind,
  electionId: r.election_id ?? null,
  station: r.station ?? null,
  code: r.code,
  reason: r.reason,
  field: r.field ?? null,
  address: r.address,
  role: r.role ?? null,
});
/* eslint-enable @typescript-eslint/no-explicit-any */
