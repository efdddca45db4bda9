/**
 * The credential checks of spec/credentials.md over the board (reported in step L3):
 * - **C1** every public credential of every `credentials` entry is a canonical encoding of a
 *   group element other than the identity (S = g^0 would let anyone sign: s = 0), each list is
 *   sorted, and no credential appears twice across all `credentials` entries.
 * - **C5** (§5, Cortier–Smyth replay) no claim appears under two credentials among the board's
 *   `ballot` and `challenged-ballot` entries: a contest's claim is EG 2.0 eq 57 over its selection
 *   ciphertexts (`contestHash`, the function the server's replay check uses), a contest data's
 *   claim is SHA-256 of its C0, a ranked row's claims are its ciphertexts' α (spec/credentials.md §5).
 * @module
 */
import {
  bytesEqual,
  contestHash,
  fromHex,
  groupByName,
  indexManifest,
  sha256Digest,
  type Group,
  type Manifest,
} from '@evident/e2e-crypto';
import { LOG_FILE } from '@evident/record';
import type { LogObserver } from './log-observer.js';
import type { Collector, Json } from './log-summary.js';
import { byteKeyTable } from '../compact/byte-keys.js';
import { type Column, int32Column } from '../compact/columns.js';
import { type CredentialTable, credentialTable } from './credential-table.js';

/**
 * eq 57 hashes the encodings of K and of the ciphertexts; here they are the published bytes,
 * which 5.A (record ballots, equal to the board's by L3.B) checks are canonical encodings. Not
 * decoding them keeps C5 at one hash per contest.
 */
const ENCODED = { encode: (b: Uint8Array) => b } as unknown as Group<Uint8Array>;

/**
 * The C1 and C5 checks, fed entry by entry (see {@link LogObserver}); failures go to `l3`.
 * @param credentials - the pass's numbering of credentials (./credential-table.ts)
 */
export function credentialChecks(
  l3: Collector,
  credentials: CredentialTable = credentialTable(),
): LogObserver {
  let G: Group<unknown> | undefined;
  let indC: ReadonlyMap<string, number> | undefined;
  let hE: Uint8Array | undefined;
  let K: Uint8Array | undefined;
  const published = int32Column(-1); // credential ordinal → log index of its first `credentials` entry
  // claim (32 bytes) → ordinal; by ordinal: the log index of its first ballot, that ballot's credential
  const claims = byteKeyTable();
  const claimIndex = int32Column();
  const claimCredential = int32Column();
  const claim = (key: Uint8Array, credential: number, index: number, where: string): void => {
    const before = claims.size;
    const c = claims.intern(key);
    if (c === before) {
      claimIndex.push(index);
      claimCredential.push(credential);
    } else if (claimCredential.at(c) !== credential)
      l3.fail(
        'C5',
        where,
        `these ciphertexts were already submitted under credential ${credentials.short(claimCredential.at(c))}… (${lineOf(claimIndex.at(c))})`,
      );
  };
  return {
    entry(e, index, at) {
      try {
        switch (e.type) {
          case 'setup':
            G = groupByName(String(e.profile)) as Group<unknown>;
            indC = new Map(
              [...indexManifest(e.manifest as Manifest).contests].map(([label, c]) => [label, c.index]),
            );
            break;
          case 'key-ceremony': {
            const init = e.initialized as Json;
            hE = fromHex(String(init.extendedBaseHash), 'extendedBaseHash');
            K = fromHex(String(init.jointKey), 'jointKey');
            break;
          }
          case 'credentials':
            if (G) checkList(l3, G, e.credentials, { credentials, published }, index, at);
            break;
          case 'ballot':
          case 'challenged-ballot': {
            if (!hE || !K || !indC) break;
            const sub = e.submission as Json;
            const credential = credentials.id(String(sub.credential).toUpperCase());
            const b = sub.ballot as { contests: Contest[]; ranked?: RankedRow[] };
            l3.item();
            b.contests.forEach((c, i) => {
              const ind = indC!.get(c.label);
              if (ind === undefined) return; // 5.E names an unknown contest
              const cts = c.selections.map((s) => ({ alpha: fromHex(s.alpha), beta: fromHex(s.beta) }));
              const where = `${at} submission.ballot.contests[${i}]`;
              claim(contestHash(ENCODED, hE!, ind, K!, cts), credential, index, where);
              if (c.contestData?.c0 !== undefined) {
                const c0 = sha256Digest(fromHex(c.contestData.c0));
                claim(c0, credential, index, `${where}.contestData.c0`);
              }
            });
            (b.ranked ?? []).forEach((r, i) =>
              r.row.forEach((ct, k) => {
                const alpha = sha256Digest(fromHex(ct.alpha));
                claim(alpha, credential, index, `${at} submission.ballot.ranked[${i}].row[${k}].alpha`);
              }),
            );
            break;
          }
        }
      } catch {
        // a malformed entry: L1/L3 name it; C1 and C5 check what is well formed
      }
    },
    end() {},
  };
}

interface Contest {
  readonly label: string;
  readonly selections: readonly { alpha: string; beta: string }[];
  readonly contestData?: { readonly c0?: string };
}
interface RankedRow {
  readonly row: readonly { alpha: string }[];
}

/** C1 over one `credentials` entry; `published` has the first entry of every credential so far. */
function checkList(
  l3: Collector,
  G: Group<unknown>,
  list: unknown,
  seen: { credentials: CredentialTable; published: Column<Int32Array> },
  index: number,
  at: string,
): void {
  if (!Array.isArray(list)) {
    l3.fail('C1', `${at} credentials`, 'not a list of public credentials');
    return;
  }
  list.forEach((c, i) => {
    l3.item();
    const where = `${at} credentials[${i}]`;
    const problem = credentialProblem(G, c);
    if (problem) l3.fail('C1', where, problem);
    const key = String(c).toUpperCase();
    const o = seen.credentials.id(key);
    const first = seen.published.at(o);
    if (first >= 0) l3.fail('C1', where, `published twice (also ${lineOf(first)})`);
    else seen.published.set(o, index);
    if (i > 0 && String(list[i - 1]).toUpperCase() > key) l3.fail('C1', where, 'the list is not sorted');
  });
}

/** Why `c` is not a valid public credential, or undefined. */
function credentialProblem(G: Group<unknown>, c: unknown): string | undefined {
  if (typeof c !== 'string') return 'not a hex string';
  let bytes: Uint8Array;
  let S: unknown;
  try {
    bytes = fromHex(c, 'credential');
    S = G.decode(bytes, 'credential');
  } catch {
    return `not an element of the ${G.name} group`;
  }
  if (!bytesEqual(G.encode(S), bytes)) return 'not the canonical encoding of its element';
  if (G.equals(S, G.one)) return 'the identity element: its secret would be s = 0, known to everyone';
  return undefined;
}

/** The location of log index `i`. */
const lineOf = (i: number): string => `${LOG_FILE}:${i + 1}`;
