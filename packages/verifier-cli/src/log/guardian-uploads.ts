/**
 * L3.K (spec/bulletin-board.md §6, spec/key-ceremony.md §13): every guardian upload on the board
 * — `mix-stage`, `partial-decryption`, `decryption-response` — carries the signature of the
 * guardian it names, under the signing key of the `key-ceremony` entry. The server checks it at
 * upload; the auditor checks it again, since a server could write its own entries and re-sign
 * the tree heads. Entries before the key ceremony have no key to check against and fail.
 *
 * The L1 pass keeps the keys and turns each upload into a small item — the signed statement with
 * the SHA-256 of its content, hashed from the canonical text L1.B kept (./canonical-parts.ts), so
 * that a decryption upload of megabytes is neither serialized again nor copied to a worker — and
 * queues it; {@link checkUploads} checks the Ed25519 signatures of a batch of items, in the
 * verification's worker threads when it has them. The findings are reported in log order. An
 * upload entry of version 2 (the `ranked` request's, spec/mixnet.md §8.10) carries that SHA-256
 * itself (`contentDigest`) and the signature, not the file.
 * @module
 */
import { createHash } from 'node:crypto';
import {
  type GuardianSignedKind,
  decodeSignatureBytes,
  decryptionUploadStatement,
  fromHex,
  mixStageStatement,
  verifyGuardianSignature,
} from '@evident/e2e-crypto';
import { isDigestStageEntry, isDigestUploadEntry } from '@evident/record';
import type { Collector, Json } from './log-summary.js';
import type { EntryFinding, EntryQueue } from './entry-queue.js';
import { type CanonicalParts, objectText } from './canonical-parts.js';

const SIGNED = new Set(['mix-stage', 'partial-decryption', 'decryption-response']);

/** One upload to check: its statement (content as digest) and signature, or its finding. */
export type UploadItem =
  | { readonly at: string; readonly finding: EntryFinding }
  | {
      readonly at: string;
      readonly type: GuardianSignedKind;
      readonly x: number;
      readonly scope: string;
      readonly index: number;
      /** SHA-256 of the canonical JSON of the signed content; undefined when it is not JSON of integers */
      readonly digest: Uint8Array | undefined;
      readonly sig: unknown;
      /** where the signature is, relative to the entry */
      readonly field: string;
    };

/** Guardian uploads to check under one key ceremony. */
export interface UploadTask {
  readonly hE: Uint8Array;
  /** the guardians' signing keys, by guardian number */
  readonly keys: readonly (readonly [number, Uint8Array])[];
  readonly items: readonly UploadItem[];
}

const malformed = (e: Json, at: string, err: unknown): EntryFinding => ({
  check: 'L3.K',
  where: at,
  message: `malformed ${String(e.type)} entry (${(err as Error).message.slice(0, 120)})`,
});

/** The item of an upload entry; its statement as the signer made it (guardian-signature.ts). */
function uploadItem(e: Json, at: string, hE: Uint8Array, parts: CanonicalParts): UploadItem {
  try {
    const g = e.guardian as { x?: unknown } | undefined;
    const x = g?.x;
    if (typeof x !== 'number' || !Number.isInteger(x)) throw new RangeError('guardian.x');
    // content that is not JSON of integers has no digest: its signature cannot verify (as before)
    const sha = (o: Record<string, unknown>): Uint8Array | undefined => {
      try {
        return new Uint8Array(
          createHash('sha256')
            .update(objectText(o, parts, 'signature'))
            .digest(),
        );
      } catch {
        return undefined;
      }
    };
    if (e.type === 'mix-stage') {
      const s = mixStageStatement(hE, String(e.contestId), Number(e.stage), x, e.outputs, e.proof);
      const digest = sha(s.content as Record<string, unknown>);
      return {
        at,
        type: 'mix-stage',
        x,
        scope: s.scope,
        index: s.index,
        digest,
        sig: e.signature,
        field: 'signature',
      };
    }
    const kind = e.type as 'partial-decryption' | 'decryption-response';
    if (isDigestUploadEntry(e)) return digestUploadItem(e, at, hE, kind, x);
    const file = (e.type === 'partial-decryption' ? e.partial : e.response) as Json | undefined;
    if (!file || typeof file !== 'object')
      throw new RangeError(e.type === 'partial-decryption' ? 'partial' : 'response');
    const s = decryptionUploadStatement(hE, kind, String(e.kind), x, file);
    const field = `${kind === 'partial-decryption' ? 'partial' : 'response'}.signature`;
    return {
      at,
      type: kind,
      x,
      scope: s.scope,
      index: s.index,
      digest: sha(file),
      sig: file.signature,
      field,
    };
  } catch (err) {
    return { at, finding: malformed(e, at, err) };
  }
}

/**
 * The item of an upload entry of version 2 (spec/mixnet.md §8.10): the statement's content hash is
 * the entry's `contentDigest` (the SHA-256 of the content the server keeps), its signature the
 * entry's `signature`.
 */
function digestUploadItem(
  e: Json,
  at: string,
  hE: Uint8Array,
  kind: 'partial-decryption' | 'decryption-response',
  x: number,
): UploadItem {
  const s = decryptionUploadStatement(hE, kind, String(e.kind), x, {});
  const d = e.contentDigest;
  const digest =
    typeof d === 'string' && /^[0-9A-Fa-f]{64}$/.test(d) ? fromHex(d, 'contentDigest') : undefined;
  return { at, type: kind, x, scope: s.scope, index: s.index, digest, sig: e.signature, field: 'signature' };
}

/** The task's failures (L3.K), in task order; never throws on bad data. */
export function checkUploads(task: UploadTask): EntryFinding[] {
  const keys = new Map(task.keys);
  return task.items.flatMap((item) => {
    if ('finding' in item) return [item.finding];
    const { at, type, x, field } = item;
    const key = keys.get(x);
    if (!key)
      return [
        {
          check: 'L3.K',
          where: `${at} guardian`,
          message: `guardian ${x} has no signing key in the key-ceremony entry`,
        },
      ];
    let ok = false;
    try {
      if (!item.digest) throw new TypeError('no digest');
      const bytes = decodeSignatureBytes(item.sig, field, 64);
      const statement = {
        hE: task.hE,
        kind: type,
        scope: item.scope,
        index: item.index,
        guardian: x,
        content: undefined,
      };
      ok = verifyGuardianSignature(key, { ...statement, contentSha256: item.digest }, bytes);
    } catch {
      ok = false;
    }
    return ok
      ? []
      : [
          {
            check: 'L3.K',
            where: `${at} ${field}`,
            message: `not signed by guardian ${x}, whose number the ${type} entry carries`,
          },
        ];
  });
}

/**
 * A checker fed every log entry in order, with the canonical texts L1.B kept of its parts (when
 * absent, they are serialized again): it takes the keys from the `key-ceremony` entry and queues
 * each guardian upload after it on `queue` (whose findings are reported at its flush). Never
 * throws: failures are L3.K findings at `at`.
 */
export function guardianUploadCheck(
  l3: Collector,
  queue: EntryQueue<UploadTask>,
): { entry(e: Json, at: string, parts?: CanonicalParts): Promise<void> } {
  let hE: Uint8Array | undefined;
  let keys: [number, Uint8Array][] = [];
  return {
    async entry(e, at, parts = new Map()) {
      try {
        if (e.type === 'key-ceremony') {
          const init = e.initialized as { extendedBaseHash: string; guardians: Json[] };
          hE = fromHex(String(init.extendedBaseHash), 'extendedBaseHash');
          keys = [...keys];
          for (const g of init.guardians)
            if (typeof g.signingKey === 'string')
              keys.push([Number(g.index), fromHex(g.signingKey, 'signingKey')]);
          return;
        }
        if (!SIGNED.has(String(e.type))) return;
        // version 2 holds the digests of the stage's files, not the signed content: C4 checks the
        // signature over the record's files, which L3.I binds (with the signature) to the entry
        if (e.type === 'mix-stage' && isDigestStageEntry(e)) return;
        l3.item();
        if (!hE) {
          l3.fail('L3.K', at, `a ${String(e.type)} entry before the key ceremony`);
          return;
        }
        const h = hE;
        const k = keys;
        await queue.add(uploadItem(e, at, h, parts), (items) => ({ hE: h, keys: k, items }), k);
      } catch (err) {
        l3.fail('L3.K', at, `malformed ${String(e.type)} entry (${(err as Error).message.slice(0, 120)})`);
      }
    },
  };
}
