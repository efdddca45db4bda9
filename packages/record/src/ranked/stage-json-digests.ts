/**
 * The digests of the files of a stage given in its JSON form (`{outputs, proof}`, spec/mixnet.md
 * §1.2, §4.4): the bytes each file of spec/mixnet.md §7.5 holds — rows α ∥ β, elements, 32-byte
 * scalars — hashed without writing them, so that a stage read from a mix file (a guardian's
 * check of the board, `evident-trustee decrypt`) is bound to a `mix-stage` entry of version 2
 * (./stage-file-digests.ts) as the record's files are.
 * @module
 */
import { createHash } from 'node:crypto';
import { STAGE_DIGEST_FILES, STAGE_HEAD_MEMBERS, type StageFileDigests } from './stage-file-digests.js';
import { upperCaseStrings } from './stage-digest.js';

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** SHA-256 (upper-case hex) of the concatenated bytes of hex strings (a bad string hashes as text). */
function hexSha256(parts: Iterable<unknown>): string {
  const h = createHash('sha256');
  for (const p of parts) {
    const s = String(p);
    h.update(/^([0-9a-fA-F]{2})*$/.test(s) ? Buffer.from(s, 'hex') : Buffer.from(`\u0000${s}`, 'utf8'));
  }
  return h.digest('hex').toUpperCase();
}

/** The digests of the files of the stage `{outputs, proof}` (JSON; any shape: a bad one just differs). */
export function stageJsonFileDigests(outputs: unknown, proof: unknown): StageFileDigests {
  const p = (proof ?? {}) as Record<string, unknown>;
  const rows = function* () {
    for (const row of list(outputs))
      for (const ct of list(row)) {
        const c = (ct ?? {}) as Record<string, unknown>;
        yield c.alpha;
        yield c.beta;
      }
  };
  const out: Record<string, string> = {};
  for (const f of STAGE_DIGEST_FILES) out[f] = f === 'outputs' ? hexSha256(rows()) : hexSha256(list(p[f]));
  return out as StageFileDigests;
}

/** The proof head of a stage's JSON proof as a `mix-stage` entry of version 2 holds it. */
export function stageJsonHead(proof: unknown): Record<string, unknown> {
  const p = (proof ?? {}) as Record<string, unknown>;
  return upperCaseStrings(Object.fromEntries(STAGE_HEAD_MEMBERS.map((k) => [k, p[k]]))) as Record<
    string,
    unknown
  >;
}
