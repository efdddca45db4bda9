/**
 * The verification in the calling thread (spec/verification.md §0.1): detects a record's format
 * and runs the matching verifier — Evident records have `election-config.json` with
 * `"format": "evident-record"`; ElectionGuard 2.0 JSON records are recognised by the eg2 module.
 * ./verify.ts runs it in a thread of its own (./verify-thread.ts) or, without worker threads, here.
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE, RecordReadError } from '@evident/record';
import { UnreadableRecordError, isElectionGuardRecord, verifyElectionGuardRecord } from './eg2/index.js';
import { verifyEvidentRecord } from './evident/verify-evident.js';
import type { VerificationReport } from './report.js';
import { UnreadableError, type VerifyRecordOptions } from './verify.js';

/** The detected format, or undefined. */
export function detectFormat(dir: string): 'evident' | 'electionguard-2.0' | undefined {
  const cfg = join(dir, CONFIG_FILE);
  if (existsSync(cfg)) {
    try {
      if ((JSON.parse(readFileSync(cfg, 'utf8')) as { format?: unknown }).format === 'evident-record')
        return 'evident';
    } catch {
      return 'evident'; // our file name, but broken: let the Evident reader name the problem
    }
  }
  return isElectionGuardRecord(dir) ? 'electionguard-2.0' : undefined;
}

/**
 * Verifies the record in `dir`, whatever its format, in this thread (its worker threads aside).
 * @throws {UnreadableError} when the record is missing, of no known format, or a file is missing, malformed or off-schema
 */
export async function verifyHere(dir: string, opts: VerifyRecordOptions = {}): Promise<VerificationReport> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UnreadableError(dir, 'no such record folder');
  const format = detectFormat(dir);
  try {
    if (format === 'evident') return await verifyEvidentRecord(dir, opts);
    if (format === 'electionguard-2.0') return await verifyElectionGuardRecord(dir, opts);
  } catch (e) {
    if (e instanceof RecordReadError)
      throw new UnreadableError(e.file, `${e.field ? `${e.field}: ` : ''}${e.detail}`);
    if (e instanceof UnreadableRecordError) throw new UnreadableError(dir, e.message);
    throw e;
  }
  throw new UnreadableError(
    dir,
    `neither an Evident record (${CONFIG_FILE}) nor an ElectionGuard 2.0 JSON record`,
  );
}
