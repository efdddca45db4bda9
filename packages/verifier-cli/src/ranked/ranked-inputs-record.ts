/**
 * Check 15.B (spec/verification.md §15), for a record without a bulletin board: each ranked
 * contest's `inputs.json` lists exactly the record's cast ballots (state `cast` in the device
 * files), each once, by confirmation code, each with the row its ballot line carries for this
 * contest. The ballot lines' rows are bound by their confirmation codes (7.A/7.B); without this
 * check nothing would tie them to the rows that enter the mix. On a record with a board, L3.G
 * binds `inputs.json` to the board's counted ballots, and L3.B the ballot lines to the board.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RankedContest } from '@evident/e2e-crypto';
import { DEVICES_FILE, ballotFile, readJsonLines, INPUTS_FILE, RANKED_DIR } from '@evident/record';
import { hexDigestOf, type Collector, type Json } from '../log/log-summary.js';
import { type InputsRows, readInputsRows } from './inputs-rows.js';

/** The cast ballots of the record: confirmation code (upper case) → digest of each ranked row. */
async function castRows(dir: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  let devices: { label?: unknown }[] = [];
  try {
    const v = JSON.parse(readFileSync(join(dir, DEVICES_FILE), 'utf8')) as { devices?: unknown };
    if (Array.isArray(v.devices)) devices = v.devices as { label?: unknown }[];
  } catch {
    return out; // the record reader reports devices.json
  }
  for (const d of devices) {
    if (typeof d?.label !== 'string') continue;
    const file = ballotFile(d.label);
    if (!existsSync(join(dir, file))) continue; // 7.H reports it
    for await (const { text } of readJsonLines(join(dir, file))) {
      let b: Json;
      try {
        b = JSON.parse(text) as Json;
      } catch {
        continue; // 5.F reports it
      }
      if (b.state !== 'cast' || !Array.isArray(b.ranked)) continue;
      out.set(
        String(b.code).toUpperCase(),
        (b.ranked as unknown[]).map((r) => safeDigest(r)),
      );
    }
  }
  return out;
}

function safeDigest(v: unknown): string {
  try {
    return hexDigestOf(v);
  } catch {
    return 'not canonical JSON';
  }
}

/**
 * 15.B for every ranked contest of the manifest that has its folder.
 * @param contests - the manifest's ranked contests, in order (row i of a ballot line is contest i's)
 * @param rowsOf - the ids and row digests of a contest's `inputs.json` as its ranked task made them
 *   (./inputs-rows.ts; `rows` undefined: not JSON); without them the file is read here
 */
export async function checkInputsAgainstBallots(
  dir: string,
  step: Collector,
  contests: readonly RankedContest[],
  rowsOf?: (id: string) => { readonly rows: InputsRows | undefined } | undefined,
): Promise<void> {
  const present = contests
    .map((c, pos) => ({ c, pos, file: `${RANKED_DIR}/${c.id}/${INPUTS_FILE}` }))
    .filter((x) => existsSync(join(dir, x.file)));
  if (present.length === 0) return;
  const cast = await castRows(dir);
  for (const { c, pos, file } of present) {
    // the ids and row digests as the ranked task made them, else from the file (./inputs-rows.ts)
    const rows = (rowsOf?.(c.id) ?? { rows: readInputsRows(dir, c.id) }).rows;
    if (rows?.kind !== 'rows') continue; // not JSON, or no array of ballots: B1 reports it
    const seen = new Set<string>();
    for (let i = 0; i < rows.ids.length; i++) {
      const code = rows.ids.at(i)!;
      step.item();
      const want = cast.get(code);
      if (!want) step.fail('15.B', `${file} ballots[${i}].id`, 'is not a cast ballot of the record');
      else if (seen.has(code)) step.fail('15.B', `${file} ballots[${i}].id`, 'lists a cast ballot twice');
      else if (want[pos] !== rows.digests.at(i))
        step.fail('15.B', `${file} ballots[${i}]`, `differs from the row of ballot ${code.slice(0, 16)}…`);
      seen.add(code);
    }
    const missing = [...cast.keys()].filter((c) => !seen.has(c)).length;
    if (missing > 0)
      step.fail('15.B', `${file} ballots`, `${missing} cast ballot(s) of the record are missing`);
  }
}
