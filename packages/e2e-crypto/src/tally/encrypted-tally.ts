/**
 * Homomorphic aggregation of cast ballots (EG 2.0 §3.5 eq 62, Verification 8; spec/record.md §6).
 *
 * The encrypted tally holds, for every option of every contest of the manifest, the product
 * (A, B) of that option's ciphertexts over all cast ballots. Accumulators merge, so that worker
 * threads can each aggregate a share of the ballots.
 * @module
 */
import type { Ciphertext } from '../elgamal/elgamal.js';
import type { Group } from '../group/group.js';
import type { ManifestIndex } from '../manifest/check-manifest.js';

/** The aggregate of one option. */
export interface TallySelection<E> {
  readonly label: string;
  readonly ciphertext: Ciphertext<E>;
}

/** The aggregates of one contest, options in manifest order. */
export interface TallyContest<E> {
  readonly label: string;
  readonly index: number;
  readonly selections: readonly TallySelection<E>[];
}

/** The encrypted tally. */
export interface EncryptedTally<E> {
  /** Number of cast ballots aggregated. */
  readonly castBallots: number;
  /** Every contest of the manifest, in manifest order. */
  readonly contests: readonly TallyContest<E>[];
}

/** The part of a ballot that aggregation reads: contests by label, selections in option order. */
export interface AggregableBallot<E> {
  readonly contests: readonly {
    readonly label: string;
    readonly selections: readonly { readonly ciphertext: Ciphertext<E> }[];
  }[];
}

/** A running product of ciphertexts per option. */
export interface TallyAccumulator<E> {
  /** Multiplies in one cast ballot. @throws {RangeError} for an unknown contest or a wrong number of selections */
  add(ballot: AggregableBallot<E>): void;
  /** Multiplies in another accumulator's products (over the same manifest). */
  merge(other: EncryptedTally<E>): void;
  /** The tally so far. */
  result(): EncryptedTally<E>;
}

/** A new accumulator: every option starts at (1, 1), the encryption of 0 with nonce 0. */
export function createTallyAccumulator<E>(G: Group<E>, manifest: ManifestIndex): TallyAccumulator<E> {
  const alphas = new Map<string, E[]>();
  const betas = new Map<string, E[]>();
  for (const c of manifest.manifest.contests) {
    alphas.set(
      c.label,
      c.options.map(() => G.one),
    );
    betas.set(
      c.label,
      c.options.map(() => G.one),
    );
  }
  let cast = 0;
  const mulInto = (label: string, cts: readonly Ciphertext<E>[]): void => {
    const a = alphas.get(label);
    const b = betas.get(label);
    if (!a || !b) throw new RangeError(`tally: unknown contest "${label}"`);
    if (cts.length !== a.length) throw new RangeError(`tally: contest "${label}" has ${a.length} options`);
    for (let j = 0; j < a.length; j++) {
      a[j] = G.mul(a[j]!, cts[j]!.alpha);
      b[j] = G.mul(b[j]!, cts[j]!.beta);
    }
  };
  return {
    add(ballot) {
      for (const c of ballot.contests) {
        mulInto(
          c.label,
          c.selections.map((s) => s.ciphertext),
        );
      }
      cast++;
    },
    merge(other) {
      for (const c of other.contests) {
        mulInto(
          c.label,
          c.selections.map((s) => s.ciphertext),
        );
      }
      cast += other.castBallots;
    },
    result() {
      return {
        castBallots: cast,
        contests: manifest.manifest.contests.map((c, i) => ({
          label: c.label,
          index: i + 1,
          selections: c.options.map((o, j) => ({
            label: o.label,
            ciphertext: { alpha: alphas.get(c.label)![j]!, beta: betas.get(c.label)![j]! },
          })),
        })),
      };
    },
  };
}
