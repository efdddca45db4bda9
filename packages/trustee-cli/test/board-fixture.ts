/**
 * A bulletin board for the guardians' checks (spec/bulletin-board.md): RFC 8785 entries built
 * from a record's ballots, hashed as RFC 9162 and covered by an Ed25519 signed tree head, written
 * as an exported record's `board/log.jsonl` and `board/tree-heads.jsonl`. Tests append what the
 * server would (partial decryptions, challenges) and re-sign.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LogKeyPair, encodeScalar, generateLogKey, toHex } from '@evident/e2e-crypto';
import { signedBoard, writeBoardFolder } from '../../record/test/signed-board.js';
import type { ElectionKey } from '../src/index.js';

export const ELECTION_ID = 'test-election';

/** A board being built: the log key and the entries so far. */
export interface BoardFixture {
  readonly key: LogKeyPair;
  readonly entries: Record<string, unknown>[];
}

/** The credential of ballot `i` (hex, as the board keeps credentials). */
export const credentialOf = (i: number): string => (i + 1).toString(16).toUpperCase().padStart(64, '0');

/**
 * setup, key-ceremony, credentials, open, one entry per ballot line of `rec` (`ballot` or
 * `challenged-ballot`), close.
 * @param nonces - ξ_B of each ballot line; a challenged ballot's entry reveals it
 * @param credential - the credential of the i-th ballot line (a revote reuses one)
 */
export function boardOfRecord(
  rec: string,
  ek: ElectionKey,
  manifest: unknown,
  nonces: readonly bigint[],
  credential: (i: number) => string = credentialOf,
): BoardFixture {
  const key = generateLogKey();
  const lines = readFileSync(join(rec, 'ballots', 'device-1.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  const ballots = lines.map((l) => JSON.parse(l));
  const creds = [...new Set(ballots.map((_, i) => credential(i)))].sort();
  const entries: Record<string, unknown>[] = [
    {
      type: 'setup',
      electionId: ELECTION_ID,
      profile: ek.c.G.name,
      manifest,
      logPublicKey: toHex(key.publicKey).toLowerCase(),
    },
    { type: 'key-ceremony', baseHash: ek.c.id, initialized: { jointKey: toHex(ek.c.G.encode(ek.K)) } },
    { type: 'credentials', credentials: creds },
    { type: 'open' },
  ];
  ballots.forEach((b, i) => {
    const { state, ...ballot } = b;
    const contests = ballot.contests.map((c: Record<string, unknown>) => ({
      label: c.label,
      selections: (c.selections as { alpha: string; beta: string }[]).map((s) => ({
        alpha: s.alpha,
        beta: s.beta,
      })),
      contestData: c.contestData,
    }));
    const challenged = state === 'challenged';
    entries.push({
      type: challenged ? 'challenged-ballot' : 'ballot',
      submission: {
        credential: credential(i),
        ballot: { code: ballot.code, style: ballot.style, contests },
        ...(challenged ? { nonce: toHex(encodeScalar(nonces[i]!)) } : {}),
      },
    });
  });
  entries.push({ type: 'close' });
  return { key, entries };
}

/** Writes `dir/board/log.jsonl` and one signed head over all entries in `dir/board/tree-heads.jsonl`. */
export function writeBoard(dir: string, b: BoardFixture): void {
  const { texts, head } = signedBoard(b.entries, ELECTION_ID, b.key);
  writeBoardFolder(dir, texts, [head]);
}

/** The log key as `--log-key` takes it. */
export const logKeyHex = (b: BoardFixture): string => toHex(b.key.publicKey);
