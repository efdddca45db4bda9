/**
 * Test support: a bulletin board as the server signs it — entries as RFC 8785 lines under an
 * Ed25519 signed tree head (RFC 9162 §2.1.1 root) — and written as an exported record's `board/`
 * folder. Used by the board reader's tests here and by the readers' tests in other packages.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type LogKeyPair,
  type SignedTreeHead,
  canonicalJsonString,
  generateLogKey,
  merkleTreeHash,
  signTreeHead,
  utf8Bytes,
} from '@evident/e2e-crypto';
import { LOG_FILE, TREE_HEADS_FILE } from '../src/layout.js';

/** The entries' exact lines and a head over all of them. */
export interface SignedBoard {
  readonly texts: string[];
  readonly head: SignedTreeHead;
  readonly key: LogKeyPair;
}

/** The head `key` signs over `texts` as log `logId`. */
export function headOver(
  key: LogKeyPair,
  logId: string,
  texts: readonly string[],
  timestamp = Date.now(),
): SignedTreeHead {
  return signTreeHead(key.secretKey, logId, texts.length, merkleTreeHash(texts.map(utf8Bytes)), timestamp);
}

/** `entries` as canonical lines under one head signed by `key` (a fresh one by default). */
export function signedBoard(
  entries: readonly object[],
  logId: string,
  key: LogKeyPair = generateLogKey(),
  timestamp?: number,
): SignedBoard {
  const texts = entries.map((e) => canonicalJsonString(e));
  return { texts, head: headOver(key, logId, texts, timestamp), key };
}

/** Writes `texts` as `dir/board/log.jsonl` and `heads` (when given) as `dir/board/tree-heads.jsonl`. */
export function writeBoardFolder(
  dir: string,
  texts: readonly string[],
  heads?: readonly SignedTreeHead[],
): string {
  mkdirSync(join(dir, 'board'), { recursive: true });
  writeFileSync(join(dir, LOG_FILE), texts.map((t) => `${t}\n`).join(''));
  if (heads) writeFileSync(join(dir, TREE_HEADS_FILE), heads.map((h) => `${JSON.stringify(h)}\n`).join(''));
  return dir;
}
