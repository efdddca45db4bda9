/**
 * Check 15.A (spec/verification.md §15): the ranked contests of a record are the manifest's.
 * Steps B, C, D, K verify each `ranked/<id>/` folder against the contest written in its own
 * `inputs.json`; nothing else ties that contest to the election. A server that swaps two
 * candidates' names there (and in `count.json`) would change who is elected with every proof
 * still valid, and one that drops a folder would drop a contest. So:
 *   - every folder under `ranked/` names a ranked contest of the manifest;
 *   - when the record has results (`tally.json`) and counts at least one cast ballot, every ranked
 *     contest of the manifest has its folder — every counted ballot carries a row for every
 *     ranked contest (5.E), so each of them was mixed; with no cast ballot nothing was mixed;
 *   - the `contest` of each folder's `inputs.json` equals the manifest's definition, field by field.
 * Works with or without a bulletin board. Step 15 also runs 15.B (./ranked-inputs-record.ts) on a
 * record without a board.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RankedContest } from '@evident/e2e-crypto';
import { LOG_FILE, TALLY_FILE, INPUTS_FILE, RANKED_DIR } from '@evident/record';
import { type StepResult, stepCollector } from '../report.js';
import type { InputsRows } from './inputs-rows.js';
import { checkInputsAgainstBallots } from './ranked-inputs-record.js';

/**
 * The paths at which two JSON values differ (`candidates[1]`, `seats`, `writeIns`), a missing key
 * counting as a difference.
 */
export function jsonDifferences(a: unknown, b: unknown, path = ''): string[] {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      out.push(...jsonDifferences(a[i], b[i], `${path}[${i}]`));
    return out;
  }
  if (isObj(a) && isObj(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => jsonDifferences(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return Object.is(a, b) ? [] : [path];
}

/** The contest folders under `ranked/`, sorted; none when the folder is absent. */
function contestFolders(dir: string): string[] {
  try {
    return readdirSync(join(dir, RANKED_DIR), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/**
 * Step 15 on the record in `dir`: check 15.A, and 15.B (./ranked-inputs-record.ts) when the
 * record has no bulletin board.
 * @param ranked - the manifest's ranked contests, in order
 * @param castBallots - the cast ballots the ballot pass counted
 * @param contestOf - the `contest` member of a folder's `inputs.json` as its ranked task read it
 *   (undefined: the file is read here, its value not a JSON object is B1's finding)
 * @param rowsOf - the ids and row digests of a folder's `inputs.json` as its ranked task made them,
 *   for 15.B (undefined: the file is read there)
 * @returns the step, or undefined when neither the manifest nor the record has a ranked contest
 */
export async function checkRankedDefinitions(
  dir: string,
  ranked: readonly RankedContest[],
  castBallots: number,
  contestOf?: (id: string) => { readonly value: unknown } | undefined,
  rowsOf?: (id: string) => { readonly rows: InputsRows | undefined } | undefined,
): Promise<StepResult | undefined> {
  const folders = contestFolders(dir);
  if (ranked.length === 0 && folders.length === 0) return undefined;
  const step = stepCollector('15', "Ranked contests are the manifest's");
  const byId = new Map(ranked.map((c) => [c.id, c]));
  for (const id of folders) {
    step.item();
    if (!byId.has(id))
      step.fail('15.A', `${RANKED_DIR}/${id}/`, `"${id}" is not a ranked contest of the manifest`);
  }
  const results = existsSync(join(dir, TALLY_FILE));
  if (results && castBallots > 0)
    for (const c of ranked)
      if (!folders.includes(c.id))
        step.fail(
          '15.A',
          `${RANKED_DIR}/${c.id}/`,
          `missing: the record has results and ${castBallots} cast ballot(s), each with a row for this contest`,
        );
  for (const id of folders) {
    const want = byId.get(id);
    if (!want) continue;
    const file = `${RANKED_DIR}/${id}/${INPUTS_FILE}`;
    let contest = contestOf?.(id)?.value;
    if (!contestOf?.(id))
      try {
        contest = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { contest?: unknown }).contest;
      } catch {
        continue; // B1 reports an unreadable inputs.json
      }
    for (const path of jsonDifferences(contest, want)) {
      const field = path === '' || path.startsWith('[') ? `contest${path}` : `contest.${path}`;
      const m = JSON.stringify(valueAt(want, path)) ?? 'nothing';
      step.fail('15.A', `${file} ${field}`, `differs from the manifest, whose contest "${id}" has ${m} here`);
    }
  }
  if (!existsSync(join(dir, LOG_FILE))) await checkInputsAgainstBallots(dir, step, ranked, rowsOf);
  return step.done();
}

/** The value of `v` at a path of {@link jsonDifferences}, for messages. */
function valueAt(v: unknown, path: string): unknown {
  let cur = v;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
