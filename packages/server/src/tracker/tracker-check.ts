/**
 * What the tracker page checks in the voter's browser (spec/tracker.md §6), with nothing but
 * e2e-crypto's log functions: the signed tree head under the key the voter pinned (from the
 * receipt file or pasted), the board's entries against the signed root, the receipt's head
 * extended by the current one (the server's consistency proof), the ballot found by its
 * tracking code and its inclusion proof. The page gives `get` (its fetch); everything else is
 * decided here, so that the whole check runs in unit tests against a made-up server.
 * Never throws: every failure is an outcome.
 * @module
 */
import {
  bytesEqual,
  decodeLogHash,
  fromHex,
  leafHash,
  mthOfLeafHashes,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
  type SignedTreeHead,
} from '@evident/e2e-crypto';

/** A receipt as the voter kept it (spec/tracker.md §2), as far as the page reads it. */
export interface KeptReceipt {
  readonly electionId: string;
  readonly confirmationCode: string;
  readonly logIndex: number;
  readonly leafHash: string;
  readonly treeHead: SignedTreeHead;
  readonly inclusionProof: readonly string[];
  readonly logPublicKey?: string;
}

/** Why the log answers inconsistently. */
export type Inconsistency =
  'signature' | 'root' | 'receipt' | 'rollback' | 'fork' | 'moved' | 'inclusion' | 'answer';

/** The outcome of {@link trackBallot}. */
export type TrackOutcome =
  | {
      readonly kind: 'found';
      readonly index: number;
      readonly type: string;
      readonly treeSize: number;
      readonly receipt: boolean;
    }
  | { readonly kind: 'unknown-code' }
  | { readonly kind: 'inconsistent'; readonly why: Inconsistency }
  | { readonly kind: 'wrong-key' }
  | { readonly kind: 'unreachable' };

/** The page's GET: the answer's status and JSON body (undefined when there is none). */
export type Get = (path: string) => Promise<{ readonly status: number; readonly json: unknown }>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for a tracking code: 64 hex digits, either case. */
export function isTrackingCode(s: string): boolean {
  return /^[0-9a-fA-F]{64}$/.test(s);
}

/** The 32-byte key in `hex` (spaces ignored), or undefined when it is not one. */
export function parseLogKey(hex: string): Uint8Array | undefined {
  const s = hex.replace(/\s+/g, '');
  return /^[0-9a-fA-F]{64}$/.test(s) ? fromHex(s, 'logPublicKey') : undefined;
}

/**
 * The receipt in a receipt file's text (`{…receipt, logPublicKey?}` or `{receipt, logPublicKey?}`),
 * or the name of the field at fault. Only the shape is checked here.
 */
export function parseReceiptFile(text: string): KeptReceipt | { readonly bad: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { bad: 'JSON' };
  }
  if (!isObject(json)) return { bad: 'JSON' };
  const r = isObject(json.receipt) ? { ...json.receipt, logPublicKey: json.logPublicKey } : json;
  if (typeof r.electionId !== 'string') return { bad: 'electionId' };
  if (typeof r.confirmationCode !== 'string' || !isTrackingCode(r.confirmationCode))
    return { bad: 'confirmationCode' };
  if (!Number.isSafeInteger(r.logIndex) || (r.logIndex as number) < 0) return { bad: 'logIndex' };
  if (typeof r.leafHash !== 'string') return { bad: 'leafHash' };
  if (!isObject(r.treeHead)) return { bad: 'treeHead' };
  if (!Array.isArray(r.inclusionProof) || !r.inclusionProof.every((h) => typeof h === 'string'))
    return { bad: 'inclusionProof' };
  if (r.logPublicKey !== undefined && (typeof r.logPublicKey !== 'string' || !parseLogKey(r.logPublicKey)))
    return { bad: 'logPublicKey' };
  return r as unknown as KeptReceipt;
}

/** A failure outcome carried out of the steps. */
class Stop {
  constructor(readonly outcome: TrackOutcome) {}
}
const stop = (outcome: TrackOutcome): never => {
  throw new Stop(outcome);
};
const inconsistent = (why: Inconsistency) => stop({ kind: 'inconsistent', why });

async function getOk(get: Get, path: string): Promise<Record<string, unknown>> {
  let r: Awaited<ReturnType<Get>>;
  try {
    r = await get(path);
  } catch {
    return stop({ kind: 'unreachable' });
  }
  if (r.status !== 200 || !isObject(r.json)) return stop({ kind: 'unreachable' });
  return r.json;
}

/** Every entry's exact text, page by page, up to `size`. */
async function boardTexts(get: Get, base: string, size: number): Promise<string[]> {
  const texts: string[] = [];
  while (texts.length < size) {
    const page = await getOk(get, `${base}/board/entries?start=${texts.length}&limit=100`);
    const entries = Array.isArray(page.entries) ? page.entries : [];
    if (entries.length === 0) inconsistent('answer');
    for (const e of entries) {
      if (!isObject(e) || e.index !== texts.length || typeof e.entry !== 'string') inconsistent('answer');
      if (texts.length < size) texts.push((e as { entry: string }).entry);
    }
  }
  return texts;
}

const hashes = (hex: readonly string[], field: string) =>
  hex.map((h, i) => decodeLogHash(h, `${field}[${i}]`));

/** The index of the ballot or challenged ballot with tracking code `code`, or -1. */
export function findBallotIndex(texts: readonly string[], code: string): number {
  const want = code.toUpperCase();
  return texts.findIndex((t) => {
    const e = JSON.parse(t) as { type?: unknown; submission?: { ballot?: { code?: unknown } } };
    const c = e.submission?.ballot?.code;
    return (
      (e.type === 'ballot' || e.type === 'challenged-ballot') &&
      typeof c === 'string' &&
      c.toUpperCase() === want
    );
  });
}

/** The receipt's head: signed by the pinned key, its own proof, extended by the current head. */
async function checkKeptReceipt(
  get: Get,
  base: string,
  receipt: KeptReceipt,
  key: Uint8Array,
  head: SignedTreeHead,
  leaves: readonly Uint8Array[],
): Promise<void> {
  const kept = receipt.treeHead;
  if (kept.logId !== receipt.electionId || !verifyTreeHead(kept, key)) stop({ kind: 'wrong-key' });
  const leaf = decodeLogHash(receipt.leafHash, 'leafHash');
  const keptRoot = fromHex(kept.rootHash, 'rootHash');
  if (
    !verifyInclusion(
      leaf,
      receipt.logIndex,
      kept.treeSize,
      hashes(receipt.inclusionProof, 'inclusionProof'),
      keptRoot,
    )
  )
    inconsistent('receipt');
  if (kept.treeSize > head.treeSize) inconsistent('rollback');
  const c = await getOk(get, `${base}/board/consistency?first=${kept.treeSize}&second=${head.treeSize}`);
  const proof = Array.isArray(c.proof) ? hashes(c.proof as string[], 'proof') : inconsistent('answer');
  if (!verifyConsistency(kept.treeSize, head.treeSize, proof, keptRoot, fromHex(head.rootHash, 'rootHash')))
    inconsistent('fork');
  if (!bytesEqual(leaves[receipt.logIndex]!, leaf)) inconsistent('moved');
}

/**
 * Tracks ballot `code` of election `electionId` on the server `get` answers for, under the
 * pinned log key (spec/tracker.md §6 lists the steps).
 * @param receipt - the voter's kept receipt, when given (its code and election are the ones asked)
 */
export async function trackBallot(
  get: Get,
  electionId: string,
  code: string,
  key: Uint8Array,
  receipt?: KeptReceipt,
): Promise<TrackOutcome> {
  const base = `/elections/${encodeURIComponent(electionId)}`;
  try {
    const head = (await getOk(get, `${base}/board/tree-head`)).treeHead as SignedTreeHead;
    if (!isObject(head) || !Number.isSafeInteger(head.treeSize) || head.treeSize < 1)
      return inconsistent('answer');
    const texts = await boardTexts(get, base, head.treeSize);
    const setup = JSON.parse(texts[0]!) as { type?: unknown; logPublicKey?: unknown };
    const named = typeof setup.logPublicKey === 'string' ? parseLogKey(setup.logPublicKey) : undefined;
    if (setup.type !== 'setup' || !named) return inconsistent('answer');
    if (!bytesEqual(named, key)) return { kind: 'wrong-key' };
    if (head.logId !== electionId || !verifyTreeHead(head, key)) return inconsistent('signature');
    const utf8 = new TextEncoder();
    const leaves = texts.map((t) => leafHash(utf8.encode(t)));
    const root = fromHex(head.rootHash, 'rootHash');
    if (!bytesEqual(mthOfLeafHashes(leaves, 0, leaves.length), root)) return inconsistent('root');
    if (receipt) await checkKeptReceipt(get, base, receipt, key, head, leaves);
    const index = findBallotIndex(texts, code);
    if (index < 0) return { kind: 'unknown-code' };
    const inc = await getOk(get, `${base}/board/inclusion?index=${index}&treeSize=${head.treeSize}`);
    const path = Array.isArray(inc.proof) ? hashes(inc.proof as string[], 'proof') : inconsistent('answer');
    if (!verifyInclusion(leaves[index]!, index, head.treeSize, path, root)) return inconsistent('inclusion');
    const type = String((JSON.parse(texts[index]!) as { type: unknown }).type);
    return { kind: 'found', index, type, treeSize: head.treeSize, receipt: receipt !== undefined };
  } catch (e) {
    if (e instanceof Stop) return e.outcome;
    return { kind: 'inconsistent', why: 'answer' }; // a malformed answer: a hash not hex, an entry not JSON
  }
}

/** What the voter gave, checked: the code, the pinned key, the receipt; or why it is unusable. */
export type TrackInput =
  | { readonly code: string; readonly key: Uint8Array; readonly receipt?: KeptReceipt }
  | { readonly usage: 'code' | 'key' | 'receipt' | 'key-differs' | 'code-differs' | 'election' };

/**
 * The voter's input: the code typed (may be empty with a receipt), the key pasted (may be empty
 * with a key in the receipt), the receipt file's text (when one was chosen), for election
 * `electionId`. A pasted key and the receipt's must be equal, as must the codes.
 */
export function trackInput(
  electionId: string,
  codeField: string,
  keyField: string,
  receiptText: string | undefined,
): TrackInput | { readonly usage: 'receipt'; readonly field: string } {
  let receipt: KeptReceipt | undefined;
  if (receiptText !== undefined) {
    const r = parseReceiptFile(receiptText);
    if ('bad' in r) return { usage: 'receipt', field: r.bad };
    receipt = r;
    if (r.electionId !== electionId) return { usage: 'election' };
  }
  const code = codeField.trim() || receipt?.confirmationCode || '';
  if (!isTrackingCode(code)) return { usage: 'code' };
  if (receipt && receipt.confirmationCode.toUpperCase() !== code.toUpperCase())
    return { usage: 'code-differs' };
  const pasted = keyField.trim() ? parseLogKey(keyField) : undefined;
  if (keyField.trim() && !pasted) return { usage: 'key' };
  const kept = receipt?.logPublicKey ? parseLogKey(receipt.logPublicKey) : undefined;
  if (pasted && kept && !bytesEqual(pasted, kept)) return { usage: 'key-differs' };
  const key = pasted ?? kept;
  if (!key) return { usage: 'key' };
  return receipt ? { code, key, receipt } : { code, key };
}
