/**
 * What the tracker page checks in the voter's browser (spec/tracker.md §6–§7), in light mode: it
 * never reads the whole board. Under the key the voter pinned (from the receipt file or pasted):
 * the current signed tree head; the receipt's head and every head the voter kept, each signed by
 * that key and extended by the current head (consistency proofs); the ballot's entry, and the
 * entries of its credential, each proved on the log by its inclusion proof; the ballot's state
 * read off those entries by the one rule `evident-track` uses (`@evident/record/board`); and the
 * server's own word on the ballot held against that state. The page gives `get` (its fetch);
 * everything else is decided here, so that the whole check runs in unit tests against a
 * made-up server. Never throws: every failure is an outcome.
 * @module
 */
import { bytesEqual, fromHex, verifyTreeHead, type SignedTreeHead } from '@evident/e2e-crypto';
import {
  assumedPublication,
  ballotState,
  checkEntryReceipt,
  credentialNamed,
  isFileFault,
  parseReceiptFile,
  parseTreeHeadFile,
  SERVER_STATUS,
  type KeptReceipt,
  type TrackedBallot,
} from '@evident/record/board';
import {
  getOk,
  inconsistent,
  isObject,
  proveExtends,
  provedCredentialEntries,
  Stop,
  stop,
} from './light-proofs.js';

export type { KeptReceipt } from '@evident/record/board';

/** A tree head the voter kept, with the name of the file it came from. */
export interface KeptHead {
  readonly name: string;
  readonly head: SignedTreeHead;
}

/** Why the log answers inconsistently. */
export type Inconsistency =
  'signature' | 'receipt' | 'rollback' | 'fork' | 'moved' | 'inclusion' | 'answer' | 'status';

/** The outcome of {@link trackBallot}. */
export type TrackOutcome =
  | {
      readonly kind: 'found';
      readonly treeSize: number;
      /** the current head's time (ms since the epoch) */
      readonly timestamp: number;
      readonly receipt: boolean;
      /** how many kept heads (besides the receipt's) the current head was shown to extend */
      readonly keptHeads: number;
      readonly ballot: TrackedBallot;
    }
  | { readonly kind: 'unknown-code' }
  | { readonly kind: 'inconsistent'; readonly why: Inconsistency; readonly kept?: string }
  | { readonly kind: 'wrong-key'; readonly kept?: string }
  | { readonly kind: 'unreachable' };

/** The page's GET: the answer's status and JSON body (undefined when there is none). */
export type Get = (path: string) => Promise<{ readonly status: number; readonly json: unknown }>;

/** True for a tracking code: 64 hex digits, either case. */
export function isTrackingCode(s: string): boolean {
  return /^[0-9a-fA-F]{64}$/.test(s);
}

/** The 32-byte key in `hex` (spaces ignored), or undefined when it is not one. */
export function logKeyOf(hex: string): Uint8Array | undefined {
  const s = hex.replace(/\s+/g, '');
  return /^[0-9a-fA-F]{64}$/.test(s) ? fromHex(s, 'logPublicKey') : undefined;
}

/** The current head, signed by `key` for this election; else why not (the setup entry tells a wrong key). */
async function currentHead(
  get: Get,
  base: string,
  electionId: string,
  key: Uint8Array,
): Promise<SignedTreeHead> {
  const head = (await getOk(get, `${base}/board/tree-head`)).treeHead as SignedTreeHead;
  if (!isObject(head) || !Number.isSafeInteger(head.treeSize) || head.treeSize < 1)
    return inconsistent('answer');
  if (head.logId === electionId && verifyTreeHead(head, key)) return head;
  const page = await getOk(get, `${base}/board/entries?start=0&limit=1`);
  const first = Array.isArray(page.entries)
    ? (page.entries[0] as { entry?: unknown } | undefined)
    : undefined;
  const setup =
    typeof first?.entry === 'string' ? (JSON.parse(first.entry) as { logPublicKey?: unknown }) : {};
  const named = typeof setup.logPublicKey === 'string' ? logKeyOf(setup.logPublicKey) : undefined;
  return named && !bytesEqual(named, key) ? stop({ kind: 'wrong-key' }) : inconsistent('signature');
}

/** The receipt's own head and proof under the key, and the current head extending it. */
async function checkReceipt(
  get: Get,
  base: string,
  receipt: KeptReceipt,
  key: Uint8Array,
  head: SignedTreeHead,
) {
  const r = checkEntryReceipt(
    {
      index: receipt.logIndex,
      leafHash: receipt.leafHash,
      treeHead: receipt.treeHead,
      proof: receipt.inclusionProof,
    },
    { logPublicKey: key, electionId: head.logId },
  );
  if (!r.ok && r.failed === 'tree-head') stop({ kind: 'wrong-key' });
  if (!r.ok) inconsistent('receipt');
  await proveExtends(get, base, receipt.treeHead, head);
}

/** The ballot's log index by the server's lookup, and the server's word on it; `unknown-code` on a 404. */
async function lookUp(get: Get, base: string, code: string) {
  let r: Awaited<ReturnType<Get>>;
  try {
    r = await get(`${base}/ballots/${code.toUpperCase()}`);
  } catch {
    return stop({ kind: 'unreachable' });
  }
  // the election's head was read: a 404 here is the code's
  if (r.status === 404 && isObject(r.json) && r.json.code === 'EVD_ERR_NOT_FOUND')
    return stop({ kind: 'unknown-code' });
  if (r.status !== 200 || !isObject(r.json)) return stop({ kind: 'unreachable' });
  const a = r.json as { receipt?: { logIndex?: unknown }; status?: unknown; supersededBy?: unknown };
  const index = a.receipt?.logIndex;
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) return inconsistent('answer');
  return { index, status: a.status, supersededBy: a.supersededBy };
}

/** The credential of the entry at `index`, which must be the ballot with tracking code `code`. */
async function credentialAt(get: Get, base: string, index: number, code: string): Promise<string> {
  const page = await getOk(get, `${base}/board/entries?start=${index}&limit=1`);
  const first = Array.isArray(page.entries)
    ? (page.entries[0] as { index?: unknown; entry?: unknown })
    : undefined;
  if (first?.index !== index || typeof first.entry !== 'string') return inconsistent('answer');
  const e = JSON.parse(first.entry) as { type?: unknown; submission?: { ballot?: { code?: unknown } } };
  const type = String(e.type);
  const own = e.submission?.ballot?.code;
  const cred = credentialNamed(type, e as Record<string, unknown>);
  if ((type !== 'ballot' && type !== 'challenged-ballot') || typeof own !== 'string' || !cred)
    return inconsistent('answer');
  if (own.toUpperCase() !== code.toUpperCase()) return inconsistent('answer');
  return cred;
}

/**
 * Tracks ballot `code` of election `electionId` on the server `get` answers for, under the
 * pinned log key (spec/tracker.md §6 lists the steps).
 * @param receipt - the voter's kept receipt, when given (its code and election are the ones asked)
 * @param kept - other heads the voter kept, each to be extended by the current head
 */
export async function trackBallot(
  get: Get,
  electionId: string,
  code: string,
  key: Uint8Array,
  receipt?: KeptReceipt,
  kept: readonly KeptHead[] = [],
): Promise<TrackOutcome> {
  const base = `/elections/${encodeURIComponent(electionId)}`;
  try {
    const head = await currentHead(get, base, electionId, key);
    if (receipt) await checkReceipt(get, base, receipt, key, head);
    for (const k of kept) {
      if (k.head.logId !== electionId || !verifyTreeHead(k.head, key))
        stop({ kind: 'wrong-key', kept: k.name });
      await proveExtends(get, base, k.head, head, k.name);
    }
    const said = await lookUp(get, base, code);
    if (receipt && receipt.logIndex !== said.index) inconsistent('moved');
    const credential = await credentialAt(get, base, said.index, code);
    const entries = await provedCredentialEntries(get, base, credential, head, key);
    const entry = entries.find((e) => e.index === said.index);
    if (!entry) return inconsistent('inclusion'); // the ballot itself not proved on the log
    const ballot = ballotState({ entries: [assumedPublication(credential), ...entries] }, entry);
    if (ballot.state !== 'uncounted' && said.status !== SERVER_STATUS[ballot.state]) inconsistent('status');
    if (ballot.state === 'superseded' && said.supersededBy !== ballot.supersededBy) inconsistent('status');
    return {
      kind: 'found',
      treeSize: head.treeSize,
      timestamp: head.timestamp,
      receipt: receipt !== undefined,
      keptHeads: kept.length,
      ballot,
    };
  } catch (e) {
    if (e instanceof Stop) return e.outcome;
    return { kind: 'inconsistent', why: 'answer' }; // a malformed answer: a hash not hex, an entry not JSON
  }
}

/** What the voter gave, checked: the code, the pinned key, the receipt, the kept heads; or why it is unusable. */
export type TrackInput =
  | {
      readonly code: string;
      readonly key: Uint8Array;
      readonly receipt?: KeptReceipt;
      readonly kept: readonly KeptHead[];
    }
  | { readonly usage: 'code' | 'key' | 'key-differs' | 'code-differs' | 'election' }
  | { readonly usage: 'receipt'; readonly field: string }
  | { readonly usage: 'kept-head'; readonly name: string; readonly field: string };

/**
 * The voter's input: the code typed (may be empty with a receipt), the key pasted (may be empty
 * with a key in the receipt), the receipt file's text (when one was chosen), the kept head
 * files (name and text), for election `electionId`. A pasted key and the receipt's must be
 * equal, as must the codes.
 */
export function trackInput(
  electionId: string,
  codeField: string,
  keyField: string,
  receiptText: string | undefined,
  keptFiles: readonly { readonly name: string; readonly text: string }[] = [],
): TrackInput {
  let receipt: KeptReceipt | undefined;
  if (receiptText !== undefined) {
    const r = parseReceiptFile(receiptText);
    if (isFileFault(r)) return { usage: 'receipt', field: r.fault };
    receipt = r;
    if (r.electionId !== electionId) return { usage: 'election' };
  }
  const kept: KeptHead[] = [];
  for (const f of keptFiles) {
    const h = parseTreeHeadFile(f.text);
    if (isFileFault(h)) return { usage: 'kept-head', name: f.name, field: h.fault };
    kept.push({ name: f.name, head: h });
  }
  const code = codeField.trim() || receipt?.confirmationCode || '';
  if (!isTrackingCode(code)) return { usage: 'code' };
  if (receipt && receipt.confirmationCode.toUpperCase() !== code.toUpperCase())
    return { usage: 'code-differs' };
  const pasted = keyField.trim() ? logKeyOf(keyField) : undefined;
  if (keyField.trim() && !pasted) return { usage: 'key' };
  const inReceipt = receipt?.logPublicKey ? logKeyOf(receipt.logPublicKey) : undefined;
  if (pasted && inReceipt && !bytesEqual(pasted, inReceipt)) return { usage: 'key-differs' };
  const key = pasted ?? inReceipt;
  if (!key) return { usage: 'key' };
  return receipt ? { code, key, receipt, kept } : { code, key, kept };
}
