/**
 * L3.K (spec/bulletin-board.md §6, spec/key-ceremony.md §13): every guardian upload on the board
 * — `mix-stage`, `partial-decryption`, `decryption-response` — carries the signature of the
 * guardian it names, under the signing key of the `key-ceremony` entry. The server checks it at
 * upload; the auditor checks it again, since a server could write its own entries and re-sign
 * the tree heads. Entries before the key ceremony have no key to check against and fail.
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

const SIGNED = new Set(['mix-stage', 'partial-decryption', 'decryption-response']);

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

/**
 * A checker fed every log entry in order: it takes the keys from the `key-ceremony` entry and
 * checks each guardian upload after it. Never throws: failures are L3.K findings at `at`.
 */
export function guardianUploadCheck(l3: Collector): { entry(e: Json, at: string): void } {
  let hE: Uint8Array | undefined;
  const keys = new Map<number, Uint8Array>();
  return {
    entry(e, at) {
      try {
        if (e.type === 'key-ceremony') {
          const init = e.initialized as { extendedBaseHash: string; guardians: Json[] };
          hE = fromHex(String(init.extendedBaseHash), 'extendedBaseHash');
          for (const g of init.guardians)
            if (typeof g.signingKey === 'string')
              keys.set(Number(g.index), fromHex(g.signingKey, 'signingKey'));
          return;
        }
        if (!SIGNED.has(String(e.type))) return;
        l3.item();
        if (!hE) {
          l3.fail('L3.K', at, `a ${String(e.type)} entry before the key ceremony`);
          return;
        }
        const { x, statement, sig } = statementOf(e, hE);
        const key = keys.get(x);
        if (!key) {
          l3.fail('L3.K', `${at} guardian`, `guardian ${x} has no signing key in the key-ceremony entry`);
          return;
        }
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
          l3.fail(
            'L3.K',
            `${at} ${field}`,
            `not signed by guardian ${x}, whose number the ${String(e.type)} entry carries`,
          );
      } catch (err) {
        l3.fail('L3.K', at, `malformed ${String(e.type)} entry (${(err as Error).message.slice(0, 120)})`);
      }
    },
  };
}
