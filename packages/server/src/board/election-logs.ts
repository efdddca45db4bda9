/**
 * The in-memory side of every election's bulletin board (spec/bulletin-board.md §2–§4): the
 * Merkle tree of committed leaves and the latest signed tree head. Reads (tree heads, inclusion
 * and consistency proofs) are answered from here without touching the store.
 * @module
 */
import { createMerkleLog, encodeLogHash, type MerkleLog, type SignedTreeHead } from '@evident/e2e-crypto';
import type { Store, TreeHeadRow } from '../store/store.js';
import { treeHeadSigner } from './tree-head-signer.js';

/** One election's log. */
export interface ElectionLog {
  readonly electionId: string;
  /** The tree; may hold staged leaves beyond `size` while a commit is running. */
  tree: MerkleLog;
  /** Committed size. */
  size: number;
  /** Latest committed signed tree head. */
  head: SignedTreeHead;
}

/** All elections' logs and the signing key. */
export interface ElectionLogs {
  get(electionId: string): ElectionLog | undefined;
  /** Creates the (empty) log of a new election. */
  create(electionId: string): ElectionLog;
  /** Signs a head for the current tree of `log` at `size`. */
  sign(log: ElectionLog, size: number): SignedTreeHead;
  /** Reloads one log from the store (after a failed commit). */
  reload(electionId: string): Promise<void>;
  readonly publicKey: Uint8Array;
}

/** The stored row of a head. */
export function headRow(h: SignedTreeHead): TreeHeadRow {
  return {
    electionId: h.logId,
    treeSize: h.treeSize,
    timestamp: h.timestamp,
    rootHash: h.rootHash,
    signature: h.signature,
  };
}

/** Loads every election's log from the store. */
export async function loadElectionLogs(
  store: Store,
  secretKey: Uint8Array,
  publicKey: Uint8Array,
): Promise<ElectionLogs> {
  const logs = new Map<string, ElectionLog>();
  const signHead = treeHeadSigner(secretKey);
  const sign = (log: ElectionLog, size: number): SignedTreeHead => {
    // timestamps never go backwards within a log
    const t = Math.max(Date.now(), log.head?.timestamp ?? 0);
    return signHead(log.electionId, size, log.tree.rootHash(size), t);
  };
  const load = async (id: string): Promise<ElectionLog> => {
    const tree = createMerkleLog(await store.leafHashes(id));
    const stored = await store.latestTreeHead(id);
    const log: ElectionLog = {
      electionId: id,
      tree,
      size: tree.size,
      head: undefined as unknown as SignedTreeHead,
    };
    if (stored && stored.treeSize === tree.size && stored.rootHash === encodeLogHash(tree.rootHash())) {
      log.head = {
        logId: id,
        treeSize: stored.treeSize,
        timestamp: stored.timestamp,
        rootHash: stored.rootHash,
        signature: stored.signature,
      };
    } else {
      log.head = sign(log, tree.size);
    }
    logs.set(id, log);
    return log;
  };
  for (const e of await store.listElections()) await load(e.id);
  return {
    get: (id) => logs.get(id),
    create(id) {
      const log: ElectionLog = {
        electionId: id,
        tree: createMerkleLog(),
        size: 0,
        head: undefined as unknown as SignedTreeHead,
      };
      log.head = sign(log, 0);
      logs.set(id, log);
      return log;
    },
    sign,
    async reload(id) {
      await load(id);
    },
    publicKey,
  };
}
