/**
 * The shape of a ranked file read in parts (./ranked-scan.ts): its head (every member but the
 * large arrays) checked once, each chunk's elements with it, by the file's one schema
 * (@evident/record `rankedValueProblem`), the elements' indices in findings made absolute.
 * @module
 */
import { type FileProblem, type RankedFileName, rankedValueProblem } from '@evident/record';

/** The problem of `head` with `arrays` (elements first.. of each), indices made absolute. */
export function partsProblem(
  id: string,
  name: RankedFileName,
  head: Record<string, unknown>,
  arrays: Record<string, readonly unknown[]>,
  first = 0,
): FileProblem | undefined {
  const p = rankedValueProblem(id, name, { ...head, ...arrays });
  if (!p) return undefined;
  const names = Object.keys(arrays).join('|');
  const field = names
    ? p.field.replace(
        new RegExp(`^(${names})\\[(\\d+)\\]`),
        (_m, a: string, i: string) => `${a}[${first + Number(i)}]`,
      )
    : p.field;
  return { ...p, field };
}

/** The schema problem of inputs.json's head with ballots[first..] = `ballots`. */
export function inputsSchemaProblem(
  id: string,
  head: Record<string, unknown>,
  ballots: readonly unknown[],
  first: number,
): FileProblem | undefined {
  return partsProblem(id, 'inputs.json', head, { ballots }, first);
}
