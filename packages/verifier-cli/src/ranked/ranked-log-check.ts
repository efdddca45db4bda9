/**
 * Check L3.G of a record exported from a server (spec/bulletin-board.md §6, spec/mixnet.md §8.1,
 * §8.6): the ballots of each ranked contest's `inputs.json` are exactly the counted ballots of the
 * bulletin board — per credential the last cast ballot, not superseded, in log order — each with
 * the row its board entry holds. Without it, a server could mix other rows than the voters cast
 * (the ranked steps B–K check the chain from `inputs.json` on, not where it comes from).
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StepCollector } from '../report.js';
import { INPUTS_FILE, RANKED_DIR } from '@evident/record';
import type { InputsRows } from './inputs-rows.js';

/** A counted ballot of the board: its confirmation code and the digests of its ranked rows. */
export interface CountedBoardBallot {
  readonly code: string;
  /** digest of each ranked row (upper-case hex), in manifest order */
  readonly ranked?: readonly string[];
}

/** The board's counted ballots, made one at a time (a million of them are not kept as objects). */
export interface CountedBoardBallots {
  readonly length: number;
  at(i: number): CountedBoardBallot;
}

/**
 * L3.G for every ranked contest of the manifest.
 * @param contests - the ranked contest ids of the setup entry's manifest, in order
 * @param counted - the board's counted ballots in log order
 * @param rowsOf - the rows of a contest's `inputs.json` (./inputs-rows.ts), undefined when the
 *   file is not JSON (B1 reports it); called only when the file exists
 */
export function checkRankedInputs(
  dir: string,
  l3: StepCollector,
  contests: readonly string[],
  counted: CountedBoardBallots,
  rowsOf: (id: string) => InputsRows | undefined,
): void {
  contests.forEach((id, pos) => {
    const file = `${RANKED_DIR}/${id}/${INPUTS_FILE}`;
    if (!existsSync(join(dir, file))) {
      if (counted.length > 0 && existsSync(join(dir, RANKED_DIR)))
        l3.fail('L3.G', file, 'missing: the board has counted ballots for this ranked contest');
      return;
    }
    l3.item();
    const rows = rowsOf(id);
    if (!rows) return; // B1 reports it
    if (rows.kind !== 'rows' || rows.ids.length !== counted.length) {
      l3.fail(
        'L3.G',
        `${file} ballots`,
        `expected the ${counted.length} counted ballots of the board, in log order`,
      );
      return;
    }
    for (let i = 0; i < rows.ids.length; i++) {
      const code = rows.ids.at(i);
      const want = counted.at(i);
      if (code !== want.code)
        l3.fail(
          'L3.G',
          `${file} ballots[${i}].id`,
          `the board's counted ballot ${i} is ${want.code.slice(0, 16)}…`,
        );
      else if (want.ranked?.[pos] === undefined || rows.digests.at(i) !== want.ranked[pos])
        l3.fail(
          'L3.G',
          `${file} ballots[${i}]`,
          `differs from the row of ballot ${want.code.slice(0, 16)}… on the board`,
        );
    }
  });
}
