/**
 * L3.K (spec/bulletin-board.md §6, spec/key-ceremony.md §13): every guardian upload on the board
 * — `mix-stage`, `partial-decryption`, `decryption-response` — carries the signature of the
 * guardian it names, under the signing key of the `key-ceremony` entry. The server checks it at
 * upload; the auditor checks it again, since a server could write its own entries and re-sign
 * the tree heads. Entries before the key ceremony have no key to check against and fail.
 *
 * The L1 pass keeps the keys and queues the uploads ({@link guardianUploadCheck}); the checks
 * themselves ({@link checkUploads}: the statement's canonical JSON digest, the Ed25519
 * signature) are plain-data tasks, run in the verification's worker threads when it has them.
 * @module
 */
import {
  type GuardianStatement,
  decodeSignatureBytes,
  decryptionUploadStatement,
  fromHex,
  mixStageStatement,
  verifyGuardianSignature,
} from '@evident/e2e-crypto';
import type { Collector, Json } from './log-summary.js';
import type { EntryFinding, EntryQueue } from './entry-queue.js';

const SIGNED = new Set(['mix-stage', 'partial-decryption', 'decryption-response']);

/** Guardian uploads to check under one key ceremony. */
export interface UploadTask {
  readonly hE: Uint8Array;
  /** the guardians' signing keys, by guardian number */
  readonly keys: readonly (readonly [number, Uint8Array])[];
  readonly items: readonly { readonly entry: Json; readonly at: string }[];
}

/** The statement an entry's signature must sign; throws on a malformed entry. */
function statementOf(e: Json, hE: Uint8Array): { x: number; statement: GuardianStatement; sig: unknown } {
  const g = e.guardian as { x?: unknown } | undefined;
  const x = g?.x;
  if (typeof x !== 'number' || !Number.isInteger(x)) throw new RangeError('guardian.x');
  if (e.type === 'mix-stage')
    return {
      x,
      statement: mixStageStatement(hE, String(e.contestId), Number(e.stage), x, e.outputs, e.proof),
      sig: e.signature,
    };
  const file = (e.type === 'partial-decryption' ? e.partial : e.response) as Json | undefined;
  if (!file || typeof file !== 'object')
    throw new RangeError(e.type === 'partial-decryption' ? 'partial' : 'response');
  const kind = e.type as 'partial-decryption' | 'decryption-response';
  return { x, statement: decryptionUploadStatement(hE, kind, String(e.kind), x, file), sig: file.signature };
}

/** L3.K of one upload; undefined when its signature verifies. Never throws. */
function uploadFinding(
  e: Json,
  at: string,
  hE: Uint8Array,
  keys: ReadonlyMap<number, Uint8Array>,
): EntryFinding | undefined {
  try {
    const { x, statement, sig } = statementOf(e, hE);
    const key = keys.get(x);
    if (!key)
      return {
        check: 'L3.K',
        where: `${at} guardian`,
        message: `guardian ${x} has no signing key in the key-ceremony entry`,
      };
    const field =
      e.type === 'mix-stage'
        ? 'signature'
        : `${e.type === 'partial-decryption' ? 'partial' : 'response'}.signature`;
    let bytes: Uint8Array | undefined;
    try {
      bytes = decodeSignatureBytes(sig, field, 64);
    } catch {
      bytes = undefined;
    }
    if (!bytes || !verifyGuardianSignature(key, statement, bytes))
      return {
        check: 'L3.K',
        where: `${at} ${field}`,
        message: `not signed by guardian ${x}, whose number the ${String(e.type)} entry carries`,
      };
    return undefined;
  } catch (err) {
    return {
      check: 'L3.K',
      where: at,
      message: `malformed ${String(e.type)} entry (${(err as Error).message.slice(0, 120)})`,
    };
  }
}

/** The task's failures (L3.K), in task order; never throws on bad data. */
export function checkUploads(task: UploadTask): EntryFinding[] {
  const keys = new Map(task.keys);
  return task.items.flatMap(({ entry, at }) => uploadFinding(entry, at, task.hE, keys) ?? []);
}

/**
 * A checker fed every log entry in order: it takes the keys from the `key-ceremony` entry and
 * queues each guardian upload after it on `queue` (whose findings are reported at its flush).
 * Never throws: failures are L3.K findings at `at`.
 */
export function guardianUploadCheck(
  l3: Collector,
  queue: EntryQueue<UploadTask>,
): { entry(e: Json, at: string): Promise<void> } {
  let hE: Uint8Array | undefined;
  let keys: [number, Uint8Array][] = [];
  return {
    async entry(e, at) {
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
        l3.item();
        if (!hE) {
          l3.fail('L3.K', at, `a ${String(e.type)} entry before the key ceremony`);
          return;
        }
        const h = hE;
        const k = keys;
        await queue.add({ entry: e, at }, (items) => ({ hE: h, keys: k, items }), k);
      } catch (err) {
        l3.fail('L3.K', at, `malformed ${String(e.type)} entry (${(err as Error).message.slice(0, 120)})`);
      }
    },
  };
}
