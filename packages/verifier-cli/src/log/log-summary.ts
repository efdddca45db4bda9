/**
 * What the bulletin-board log checks share (spec/bulletin-board.md §6): what the L1 pass keeps of
 * the log for L2 and L3, and how record values are compared with board values — by the digest
 * of their canonical JSON, hex fields in upper case (the board keeps submissions as sent).
 * @module
 */
import { type CountedBallots, hasLowerHex, upperHex } from '@evident/record';
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepCollector } from '../report.js';
import type { BoardPart } from './board-parts.js';
import { type CanonicalParts, canonicalText, objectText, partText } from './canonical-parts.js';
import type { BoardBallots } from './board-ballots.js';
import type { CredentialTable } from './credential-table.js';

/** A parsed JSON object. */
export type Json = Record<string, unknown>;
/** The findings of one step. */
export type Collector = StepCollector;

/** SHA-256 of the canonical JSON of `v`, hex: compares record values with board values. */
export const digestOf = (v: unknown): string => createHash('sha256').update(canonicalText(v)).digest('hex');
/** `v` with its hex members in upper case (how the board compares hex): copied only when needed. */
const upperHexOnce = (v: unknown): unknown => (hasLowerHex(v) ? upperHex(v) : v);
/** {@link digestOf} of `v` with its hex members in upper case. */
export const hexDigestOf = (v: unknown): string => digestOf(upperHexOnce(v));
/** {@link digestOf} as its 32 bytes (kept per ballot). */
export const digestBytesOf = (v: unknown): Buffer => createHash('sha256').update(canonicalText(v)).digest();
/** {@link hexDigestOf} as its 32 bytes. */
export const hexDigestBytesOf = (v: unknown): Buffer => digestBytesOf(upperHexOnce(v));
/**
 * The digest of what a ballot says (code, style, contests, ranked rows), whatever its hex case.
 * The members in canonical order, so that canonicalJsonString writes the object as it is.
 */
export const ballotContent = (b: Json): Buffer =>
  // members in sorted order: the canonical text is then JSON.stringify's (canonicalText)
  hexDigestBytesOf({
    code: b.code,
    contests: b.contests,
    ...(b.ranked !== undefined ? { ranked: b.ranked } : {}),
    style: b.style,
  });
/**
 * {@link ballotContent} of the ballot `b` of a board entry and {@link hexDigestBytesOf} of each
 * of its ranked rows, from the entry's canonical parts kept by L1.B (./canonical-parts.ts) when
 * no hex is in lower case (else as those functions compute them): the same bytes.
 */
export function ballotDigests(b: Json, parts: CanonicalParts): { content: Buffer; ranked?: Buffer[] } {
  const c = {
    code: b.code,
    style: b.style,
    contests: b.contests,
    ...(b.ranked !== undefined ? { ranked: b.ranked } : {}),
  };
  const rows = Array.isArray(b.ranked) ? (b.ranked as unknown[]) : undefined;
  if (hasLowerHex(c))
    return { content: hexDigestBytesOf(c), ...(rows ? { ranked: rows.map(hexDigestBytesOf) } : {}) };
  const sha = (text: string): Buffer => createHash('sha256').update(text).digest();
  return {
    content: sha(objectText(c, parts)),
    ...(rows ? { ranked: rows.map((r) => sha(partText(r, parts))) } : {}),
  };
}
/** The record's device label of an online credential (spec/record.md §5.5). */
export const deviceOf = (credential: string): string => `online-${credential.toLowerCase().slice(0, 64)}`;

/** A `decryption-request` entry of the board: its log index and fields. */
export interface BoardRequest {
  readonly index: number;
  readonly entry: Json;
}

/** What the L1 pass keeps of the log. */
export interface LogSummary {
  setup?: Json;
  keyCeremony?: Json;
  /** the ballot entries, in log order (./board-ballots.ts) */
  readonly ballots: BoardBallots;
  /** every credential of the board: published, or named by a ballot or another entry */
  readonly credentials: CredentialTable;
  /** true for a credential (ordinal) of some `credentials` entry (L3.E, P7) */
  isPublished(credential: number): boolean;
  encryptedTally?: string;
  tally?: string;
  challenged: Set<string>;
  published: boolean;
  /** the entries announcing a file of the record, in log order (L3.I, L3.J) */
  parts: BoardPart[];
  /** the `decryption-request` entries of version 2 (small: they name stages; L3.L) */
  requests: BoardRequest[];
  /** the counted ballots by @evident/record's rule, the one the tally and the guardians apply (L3.G, L3.I) */
  counted?: CountedBallots;
}

/** A JSON file of the record, or undefined when it is missing or not JSON (other steps report it). */
export function readJsonFile(dir: string, file: string): Json | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Json;
  } catch {
    return undefined;
  }
}
