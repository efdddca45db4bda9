/**
 * Looking up a group profile by name (records name their profile).
 * @module
 */
import { eg4096 } from './eg-4096.js';
import type { Group, ProfileName } from './group.js';
import { ristretto } from './ristretto255.js';

/** Names of the profiles this library implements. */
export const PROFILE_NAMES: readonly ProfileName[] = ['eg-4096', 'ristretto255'];

/** A group of either profile (element type erased). */
export type AnyGroup = Group<bigint> | Group<import('./ristretto255.js').RistrettoPoint>;

/**
 * The profile with this name.
 * @throws {RangeError} for an unknown name
 */
export function groupByName(name: string): AnyGroup {
  if (name === 'eg-4096') return eg4096;
  if (name === 'ristretto255') return ristretto;
  throw new RangeError(`unknown group profile "${name}" (expected one of ${PROFILE_NAMES.join(', ')})`);
}
