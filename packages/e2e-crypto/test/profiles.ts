/** Both group profiles, with property-test run counts scaled to their speed. */
import { eg4096, ristretto, type Group } from '../src/index.js';

export interface ProfileCase {
  readonly G: Group<unknown>;
  /** fast-check runs for properties that exponentiate a few times */
  readonly runs: number;
}

export const PROFILES: readonly ProfileCase[] = [
  { G: ristretto as Group<unknown>, runs: 40 },
  { G: eg4096 as Group<unknown>, runs: 4 },
];
