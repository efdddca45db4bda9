/**
 * Polling stations for tests (spec/server-api.md §11): a manifest with several stations, a
 * station's device key registered and its token made, check-ins and a signed poll-book closing —
 * all through the HTTP API.
 * @module
 */
import { generatePaperKey, signPaperStatement, toHex, type Manifest } from '@evident/e2e-crypto';
import type { PollBookClosing } from '@evident/record';
import { mustCall, simpleManifest } from './local-election.js';

/** {@link simpleManifest} with stations `labels` (all in district d1, style s1). */
export function stationsManifest(labels: readonly string[] = ['p1', 'p2', 'p3'], options = 5): Manifest {
  return {
    ...simpleManifest(options),
    pollingStations: labels.map((label) => ({
      label,
      name: { en: `Station ${label}` },
      district: 'd1',
      ballotStyle: 's1',
    })),
  };
}

/** A registered station: its device key and its bearer token. */
export interface TestStation {
  readonly label: string;
  readonly secretKey: Uint8Array;
  /** upper-case hex */
  readonly publicKey: string;
  readonly token: string;
}

/**
 * Registers a fresh device key for station `label` (before opening) and makes its token.
 * @param must - a {@link mustCall} with the administrator's token
 */
export async function registerStation(
  must: ReturnType<typeof mustCall>,
  electionId: string,
  label: string,
): Promise<TestStation> {
  const k = generatePaperKey();
  const publicKey = toHex(k.publicKey);
  await must('PUT', `/elections/${electionId}/stations/${label}/key`, { publicKey });
  const { token } = await must('POST', '/admin/tokens', {
    role: 'station',
    label: `station ${label}`,
    station: label,
  });
  return { label, secretKey: k.secretKey, publicKey, token };
}

/** A check-in of `voterId` with a fresh id. */
export function checkIn(voterId: string, id = crypto.randomUUID()) {
  return {
    id,
    voterId,
    checkedBy: 'worker-1',
    document: { type: 'passport', last: 'X42Z' },
    at: '2026-05-10T09:00:00Z',
  };
}

/** A station's signed poll-book closing. */
export function signedClosing(
  st: TestStation,
  electionId: string,
  checkIns: number,
  closedAt = '2026-05-10T17:00:00Z',
): { closing: PollBookClosing; signature: string } {
  const closing: PollBookClosing = { electionId, station: st.label, checkIns, closedAt };
  return { closing, signature: signPaperStatement(st.secretKey, 'poll-book-close', electionId, closing) };
}
