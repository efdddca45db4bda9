/**
 * L3.E (spec/bulletin-board.md §6): a batch of the board's credential signatures, checked as
 * plain data so that it runs in a worker thread of the verification's pool as well as in this
 * one. Each item carries what its `ballot` or `challenged-ballot` entry published — the
 * credential and the signature as hex, the ballot digest — and the task the group and H_E of the
 * board's own setup and key-ceremony entries (not the record's: L3.A compares those).
 * @module
 */
import {
  createBatch,
  credentialSignatureFromJson,
  fromHex,
  groupByName,
  verifyCredentialSignature,
  type Batch,
  type CredentialSignature,
  type Group,
} from '@evident/e2e-crypto';

/** One signature to check. */
export interface SignatureItem {
  /** the public credential S, hex */
  readonly credential: string;
  readonly purpose: 'cast' | 'challenge';
  /** the ballot digest the signature signs */
  readonly digest: Uint8Array;
  /** the entry's `submission.signature`, hex in upper case */
  readonly sig: unknown;
  /** the log line, `board/log.jsonl:n` */
  readonly at: string;
}

/** A batch of signatures under one election. */
export interface SignatureTask {
  readonly profile: string;
  readonly hE: Uint8Array;
  readonly items: readonly SignatureItem[];
}

/** A failed item: `malformed` when its credential or signature does not decode (with why). */
export interface SignatureVerdict {
  readonly at: string;
  readonly purpose: SignatureItem['purpose'];
  readonly malformed?: string;
}

interface Decoded {
  readonly item: SignatureItem;
  readonly S: unknown;
  readonly sig: CredentialSignature<unknown>;
}

/**
 * Checks the task's signatures: in commitment form one multi-scalar multiplication for all of
 * them, and one-by-one checks only to name a failing one.
 * @returns the failed items, in task order; never throws on bad data
 */
export function checkSignatures(task: SignatureTask): SignatureVerdict[] {
  const G = groupByName(task.profile) as Group<unknown>;
  const failed = new Map<SignatureItem, SignatureVerdict>();
  const decoded: Decoded[] = [];
  for (const item of task.items) {
    try {
      const S = G.decode(fromHex(item.credential, 'credential'), 'credential');
      const sig = credentialSignatureFromJson(G, item.sig as never, 'signature');
      decoded.push({ item, S, sig });
    } catch (e) {
      failed.set(item, { at: item.at, purpose: item.purpose, malformed: (e as Error).message.slice(0, 120) });
    }
  }
  const one = (d: Decoded, b?: Batch<unknown>): boolean =>
    verifyCredentialSignature(G, task.hE, d.S, d.item.purpose, d.item.digest, d.sig, b);
  const batch = G.proofForm === 'commitment' ? createBatch(G) : undefined;
  // a signature that fails outside the batch equations (ranges, form) is named at once
  const pending = decoded.filter((d) => {
    if (one(d, batch)) return true;
    failed.set(d.item, { at: d.item.at, purpose: d.item.purpose });
    return false;
  });
  if (batch && pending.length > 0 && !batch.check())
    for (const d of pending) if (!one(d)) failed.set(d.item, { at: d.item.at, purpose: d.item.purpose });
  return task.items.flatMap((i) => failed.get(i) ?? []);
}
