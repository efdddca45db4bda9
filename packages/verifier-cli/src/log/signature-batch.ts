/**
 * L3.E (spec/bulletin-board.md §6): the credential signatures of the board's ballots, checked in
 * batches (Belenios: the board cannot stuff ballots).
 * @module
 */
import {
  createBatch,
  verifyCredentialSignature,
  type Batch,
  type CredentialSignature,
  type Group,
} from '@evident/e2e-crypto';
import type { Collector } from './log-summary.js';

/** A credential signature to check (L3.E). */
export interface PendingSignature {
  readonly G: Group<unknown>;
  readonly hE: Uint8Array;
  readonly S: unknown;
  readonly purpose: 'cast' | 'challenge';
  readonly digest: Uint8Array;
  readonly sig: CredentialSignature<unknown>;
  readonly at: string;
}

/**
 * L3.E in batches of 512: in commitment form one multi-scalar multiplication per batch, and
 * one-by-one checks only to name a failing signature.
 */
export function signatureBatch(l3: Collector): { add(p: PendingSignature): void; flush(): void } {
  let pending: PendingSignature[] = [];
  let batch: Batch<unknown> | undefined;
  const bad = (p: PendingSignature): void =>
    l3.fail('L3.E', `${p.at} submission.signature`, 'the credential signature does not verify');
  const one = (p: PendingSignature, b?: Batch<unknown>): boolean =>
    verifyCredentialSignature(p.G, p.hE, p.S, p.purpose, p.digest, p.sig, b);
  const flush = (): void => {
    if (pending.length > 0 && (!batch || !batch.check())) {
      for (const p of pending) if (!one(p)) bad(p);
    }
    pending = [];
    batch = undefined;
  };
  return {
    add(p) {
      if (p.G.proofForm !== 'commitment') {
        if (!one(p)) bad(p);
        return;
      }
      batch ??= createBatch(p.G);
      // a signature that fails outside the batch equations (ranges, form) is named at once
      if (!one(p, batch)) bad(p);
      else pending.push(p);
      if (pending.length >= 512) flush();
    },
    flush,
  };
}
