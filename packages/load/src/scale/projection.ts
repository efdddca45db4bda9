/**
 * The projection of the scale run's figures to 1,000,000 voters and ballots: linear in the
 * count that drives each figure (time, bytes), which is what a cost per ballot or per
 * credential that stays flat gives; the per-batch times of the credentials and the database
 * growth per ballot are reported beside it so that a reader can see whether it stayed flat.
 * Memory is not projected (scale-run.ts says why).
 * @module
 */

/** The projection's target. */
export const MILLION = 1_000_000;

/** `value` measured over `count` items, projected to {@link MILLION}. */
export const project = (value: number, count: number): number =>
  count > 0 ? (value * MILLION) / count : NaN;

/** Bytes → MiB with one decimal. */
export const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

/** Rounds to 3 significant figures (NaN stays NaN): the figures are noisy beyond that. */
export function sig(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const p = 10 ** (2 - Math.floor(Math.log10(Math.abs(x))));
  return Math.round(x * p) / p;
}

/**
 * Database bytes at {@link MILLION} credentials and ballots, from the sizes measured empty, after
 * `voters` credentials and after `ballots` casts.
 */
export function projectDatabase(
  empty: number,
  afterCredentials: number,
  afterCasting: number,
  voters: number,
  ballots: number,
): { perCredential: number; perBallot: number; projected1M: number } {
  const perCredential = (afterCredentials - empty) / voters;
  const perBallot = (afterCasting - afterCredentials) / Math.max(1, ballots);
  return { perCredential, perBallot, projected1M: empty + (perCredential + perBallot) * MILLION };
}
