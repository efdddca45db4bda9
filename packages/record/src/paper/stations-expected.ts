/**
 * The stations a result waits for (spec/stations.md §11, spec/verification.md P9): the one
 * definition of "stations expected" for the server's results and the verifier's final result.
 * @module
 */

/**
 * Every station with a registered key (the stations taking part in the paper channel: a station
 * without one cannot deliver a sheet, and the tally waits only for keyed stations' poll books),
 * less those excluded on the board — unless their sheet came after all, which then counts.
 * @param registered the stations with a `station-key` entry
 * @param excluded the stations with a `station-exclusion` entry
 * @param reported the stations with an effective sheet
 * @returns the expected stations, in the order of `registered`
 */
export function stationsExpected(
  registered: Iterable<string>,
  excluded: ReadonlySet<string>,
  reported: ReadonlySet<string>,
): string[] {
  return [...new Set(registered)].filter((s) => !excluded.has(s) || reported.has(s));
}
