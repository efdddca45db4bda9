/** Loading the ElectionGuard 2.0 known-answer vectors copied into spec/vectors (see PROVENANCE.md). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../../spec/vectors/electionguard-2.0/', import.meta.url));

/** Parses one vector file. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function egVector(name: string): any {
  return JSON.parse(readFileSync(dir + name, 'utf8'));
}

/** Hex string to bigint. */
export const big = (h: string): bigint => BigInt('0x' + h);
