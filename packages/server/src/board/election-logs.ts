/**
 * The in-memory side of every election's bulletin board (spec/bulletin-board.md §2–§4): the
 * Merkle tree of committed leaves and the latest signed tree head. Reads (tree heads, inclusion
 * and consistency proofs) are answered from here without touching the store.
 *
 * Several nodes may share one store (spec/server-api.md §6.6): each node keeps its own trees and
 * catches them up with what the others committed — under the store's write lock before every
 * batch (the writer), and on every notice of the store's change feed (reads). Both run one at a
 * time through {@link ElectionLogs.exclusive}, so that a catch-up never meets leaves the writer
 * staged but has not committed.
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
  /**
   * Reloads one log from the store (after a failed commit). If it fails (the store is down), the
   * log keeps its staged leaves and the next {@link catchUp} reloads it.
   * @param via - the store to read (default the store of the logs)
   */
  reload(electionId: string, via?: Store): Promise<void>;
  /**
   * Catches the logs up with the store (what other nodes committed): the elections created
   * since, and the leaves and head appended since, of `ids` (default: every election). Call it
   * inside {@link exclusive}.
   * @param via - the store to read (default the store of the logs; the writer: its batch's reads)
   * @returns the ids of the logs that grew or appeared
   */
  catchUp(ids?: readonly string[], via?: Store): Promise<string[]>;
  /** Runs `f` alone: the writer's batches and the catch-ups of the change feed, one at a time. */
  exclusive<T>(f: () => Promise<T>): Promise<T>;
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

const headOf = (r: TreeHeadRow): SignedTreeHead => ({
  logId: r.electionId,
  treeSize: r.treeSize,
  timestamp: r.timestamp,
  rootHash: r.rootHash,
  signature: r.signature,
});

/** Loads every election's log from the store. */
export async function loadElectionLogs(
  store: Store,
  secretKey: Uint8Array,
  publicKey: Uint8Array,
): Promise<ElectionLogs> {
  const logs = new Map<string, ElectionLog>();
  const signHead = treeHeadSigner(secretKey);
  const sign = (log: ElectionLog, size: number): SignedTreeHead => {
    // timestamps never go backwards within a log, whichever node signed the previous head
    const t = Math.max(Date.now(), log.head?.timestamp ?? 0);
    return signHead(log.electionId, size, log.tree.rootHash(size), t);
  };
  const load = async (id: string, s: Store = store): Promise<ElectionLog> => {
    const tree = createMerkleLog(await s.leafHashes(id));
    const stored = await s.latestTreeHead(id);
    const log: ElectionLog = {
      electionId: id,
      tree,
      size: tree.size,
      head: undefined as unknown as SignedTreeHead,
    };
    if (stored && stored.treeSize === tree.size && stored.rootHash === encodeLogHash(tree.rootHash())) {
      log.head = headOf(stored);
    } else {
      log.head = sign(log, tree.size);
    }
    logs.set(id, log);
    return log;
  };
  /**
   * One log's catch-up: the latest stored head first, then exactly the leaves it covers (a head
   * is committed with its entries, so they are there; leaves committed after the head was read
   * wait for the next catch-up).
   */
  const catchUpOne = async (log: ElectionLog, s: Store): Promise<boolean> => {
    if (log.tree.size !== log.size) {
      // staged leaves of a failed batch that could not be reloaded then (the store was down),
      // whatever the stored head says: its commit may or may not have been durable (a COMMIT
      // whose answer was lost), and a batch planned on them would write after them (a gap, then
      // another node's duplicate index). Start over from the store.
      await load(log.electionId, s);
      return true;
    }
    const stored = await s.latestTreeHead(log.electionId);
    if (!stored || stored.treeSize < log.size) return false;
    if (stored.treeSize === log.size) {
      if (stored.timestamp > log.head.timestamp && stored.rootHash === log.head.rootHash)
        log.head = headOf(stored);
      return false;
    }
    const leaves = await s.leafHashes(log.electionId, log.size);
    const n = stored.treeSize - log.size;
    if (leaves.length < n)
      throw new Error(`log ${log.electionId}: head ${stored.treeSize} without its leaves`);
    for (let i = 0; i < n; i++) log.tree.append(leaves[i]!);
    if (encodeLogHash(log.tree.rootHash(stored.treeSize)) !== stored.rootHash) {
      // never expected (one log order under the lock): the trees disagree, reload from the store
      await load(log.electionId, s);
      return true;
    }
    log.size = stored.treeSize;
    log.head = headOf(stored);
    return true;
  };
  for (const e of await store.listElections()) await load(e.id);
  let chain: Promise<unknown> = Promise.resolve();
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
    async reload(id, s = store) {
      await load(id, s);
    },
    async catchUp(ids, s = store) {
      const grown: string[] = [];
      const known = new Set(logs.keys());
      const wanted = ids ? new Set(ids) : undefined;
      // the ids only: the rows (manifests, key-ceremony output) are kilobytes, read before every batch
      for (const id of await s.electionIds()) {
        if (known.has(id) || (wanted && !wanted.has(id))) continue;
        await load(id, s);
        grown.push(id);
      }
      for (const id of ids ?? known) {
        const log = known.has(id) ? logs.get(id) : undefined;
        if (log && (await catchUpOne(log, s))) grown.push(id);
      }
      return grown;
    },
    exclusive<T>(f: () => Promise<T>): Promise<T> {
      const run = chain.then(f, f);
      chain = run.catch(() => undefined);
      return run;
    },
    publicKey,
  };
}
