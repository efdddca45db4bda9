/**
 * Registering the paper channel's keys before `open` (spec/server-api.md §11.2): the election's
 * ballot-printing key (`printing-key` entry) and each polling station's device key
 * (`station-key` entry). One key each: registering the same key again answers the existing entry,
 * another key is refused (409 EVD_ERR_CONFLICT) — the board then holds at most one key per
 * station, and what a station signed can never be attributed to a second key. After `open`,
 * 409 EVD_ERR_WRONG_PHASE: stations and voters rely on the keys the board had when voting began.
 * @module
 */
import { fromHex, isValidSigningKey, toHex } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { loadElection } from '../elections/election-actions.js';
import { ApiError } from '../errors.js';
import {
  appendStationEntry,
  BEFORE_OPEN,
  manifestStation,
  stagedStationState,
  type Registered,
} from './station-state.js';

/**
 * A paper public key: 32 bytes of hex encoding an Ed25519 point outside the small subgroup.
 * @returns its upper-case hex
 * @throws {ApiError} EVD_ERR_INVALID_DATA naming `publicKey`
 */
export function paperKeyHex(publicKey: string): string {
  let bytes: Uint8Array;
  try {
    bytes = fromHex(publicKey, 'publicKey');
  } catch {
    throw new ApiError('EVD_ERR_INVALID_DATA', 'not hex', 'publicKey');
  }
  if (!isValidSigningKey(bytes))
    throw new ApiError(
      'EVD_ERR_INVALID_DATA',
      'not an Ed25519 public key (32 bytes encoding a curve point of large order)',
      'publicKey',
    );
  return toHex(bytes);
}

/** What a registration returns. */
export interface Registration extends Registered {
  /** false when the same key was registered already (nothing written) */
  readonly created: boolean;
}

function checkBeforeOpen(state: string, openedInBatch = false): void {
  if (!BEFORE_OPEN.includes(state) || openedInBatch)
    throw new ApiError('EVD_ERR_WRONG_PHASE', `keys are registered before opening; the election is ${state}`);
}

/**
 * Registers the election's ballot-printing key.
 * @throws {ApiError} 404, 400 EVD_ERR_INVALID_DATA, 409 EVD_ERR_WRONG_PHASE / EVD_ERR_CONFLICT
 */
export async function registerPrintingKey(
  ctx: ServerContext,
  id: string,
  publicKey: string,
): Promise<Registration> {
  checkBeforeOpen((await loadElection(ctx, id)).state);
  const key = paperKeyHex(publicKey);
  return ctx.writer.submit(async (tx) => {
    checkBeforeOpen((await loadElection(ctx, id)).state, tx.get(`opened:${id}`) === true);
    const s = await stagedStationState(ctx, tx, id);
    if (s.printingKey) return sameOrConflict(s.printingKey, key, 'the printing key');
    const index = await appendStationEntry(ctx, tx, id, 'printing-key', { publicKey: key, time: ctx.now() });
    return { publicKey: key, index, created: true };
  });
}

/**
 * Registers polling station `station`'s device key.
 * @throws {ApiError} 404 for a station not in the manifest, 400 EVD_ERR_INVALID_DATA,
 *   409 EVD_ERR_WRONG_PHASE / EVD_ERR_CONFLICT
 */
export async function registerStationKey(
  ctx: ServerContext,
  id: string,
  station: string,
  publicKey: string,
): Promise<Registration> {
  const e = await loadElection(ctx, id);
  manifestStation(e, station);
  checkBeforeOpen(e.state);
  const key = paperKeyHex(publicKey);
  return ctx.writer.submit(async (tx) => {
    checkBeforeOpen((await loadElection(ctx, id)).state, tx.get(`opened:${id}`) === true);
    const s = await stagedStationState(ctx, tx, id);
    const known = s.keys.get(station);
    if (known) return sameOrConflict(known, key, `station "${station}"'s key`);
    if ([...s.keys.values()].some((k) => k.publicKey === key))
      throw new ApiError('EVD_ERR_CONFLICT', 'this key is registered for another station', 'publicKey');
    const index = await appendStationEntry(ctx, tx, id, 'station-key', {
      station,
      publicKey: key,
      time: ctx.now(),
    });
    return { publicKey: key, index, created: true };
  });
}

function sameOrConflict(known: Registered, key: string, what: string): Registration {
  if (known.publicKey !== key)
    throw new ApiError(
      'EVD_ERR_CONFLICT',
      `${what} is registered already (board entry ${known.index}); one key each`,
      'publicKey',
    );
  return { ...known, created: false };
}
