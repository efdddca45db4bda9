/**
 * The proofs the tracker page asks for instead of the whole board (spec/tracker.md §7), each
 * checked in the browser against the current signed head: a kept head extended by it (an RFC
 * 9162 consistency proof), and the entries of one credential, each on the log by its inclusion
 * proof (`GET …/board/credential/{credential}`). Throws {@link Stop} with the outcome on a
 * failure; tracker-check.ts runs the steps.
 * @module
 */
import { encodeLogHash, leafHash, utf8Bytes, type SignedTreeHead } from '@evident/e2e-crypto';
import { type BoardEntry, checkEntryReceipt, concernsCredential, headExtends } from '@evident/record/board';
import type { Get, Inconsistency, TrackOutcome } from './tracker-check.js';

/** A failure outcome carried out of the steps. */
export class Stop {
  constructor(readonly outcome: TrackOutcome) {}
}
export const stop = (outcome: TrackOutcome): never => {
  throw new Stop(outcome);
};
export const inconsistent = (why: Inconsistency, kept?: string): never =>
  stop(kept === undefined ? { kind: 'inconsistent', why } : { kind: 'inconsistent', why, kept });

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON object a GET answered with 200; `unreachable` for anything else. */
export async function getOk(get: Get, path: string): Promise<Record<string, unknown>> {
  let r: Awaited<ReturnType<Get>>;
  try {
    r = await get(path);
  } catch {
    return stop({ kind: 'unreachable' });
  }
  if (r.status !== 200 || !isObject(r.json)) return stop({ kind: 'unreachable' });
  return r.json;
}

/**
 * The current `head` extends `kept` (already known to be signed by the key), by the server's
 * consistency proof (`headExtends`); else a roll-back or a fork. `label` names the kept head in
 * the outcome (undefined: the receipt's).
 */
export async function proveExtends(
  get: Get,
  base: string,
  kept: SignedTreeHead,
  head: SignedTreeHead,
  label?: string,
): Promise<void> {
  if (kept.treeSize > head.treeSize) inconsistent('rollback', label);
  const c = await getOk(get, `${base}/board/consistency?first=${kept.treeSize}&second=${head.treeSize}`);
  if (!Array.isArray(c.proof)) inconsistent('answer');
  const standing = headExtends(kept, head, c.proof as unknown[]);
  if (standing !== 'extends') inconsistent(standing, label);
}

/**
 * The entries deciding `credential`'s state in the tree of `head`: each proved on the log by its
 * inclusion proof, in increasing order, each one that concerns the credential. What the server
 * left out cannot be seen here (spec/tracker.md §7).
 */
export async function provedCredentialEntries(
  get: Get,
  base: string,
  credential: string,
  head: SignedTreeHead,
  key: Uint8Array,
): Promise<BoardEntry[]> {
  const a = await getOk(get, `${base}/board/credential/${credential}?treeSize=${head.treeSize}`);
  if (a.treeSize !== head.treeSize || !Array.isArray(a.entries)) inconsistent('answer');
  const out: BoardEntry[] = [];
  for (const item of a.entries as unknown[]) {
    if (!isObject(item) || typeof item.entry !== 'string' || !Number.isSafeInteger(item.index))
      inconsistent('answer');
    const { index, entry, proof } = item as { index: number; entry: string; proof: unknown };
    if (out.length > 0 && index <= out.at(-1)!.index) inconsistent('answer');
    const r = checkEntryReceipt(
      { index, leafHash: encodeLogHash(leafHash(utf8Bytes(entry))), treeHead: head, proof },
      { logPublicKey: key, electionId: head.logId },
    );
    if (!r.ok) inconsistent(r.failed === 'malformed' ? 'answer' : 'inclusion');
    const e: unknown = JSON.parse(entry);
    if (!isObject(e) || typeof e.type !== 'string' || !concernsCredential(e.type, e, credential))
      inconsistent('answer');
    out.push({ index, type: (e as { type: string }).type, e: e as Record<string, unknown> });
  }
  return out;
}
