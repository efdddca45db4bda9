/**
 * A contest's result as the results API shows it (spec/server-api.md §7.3, §12.3): its label and
 * each option's value — the shape of the decrypted online tally, of the paper totals and of
 * their sum — with its JSON Schema and the one way two results add up.
 * @module
 */

/** One option's value. */
export interface SelectionValue {
  readonly label: string;
  readonly value: number;
}

/** A contest: each option's value, in manifest order. */
export interface ContestResult {
  readonly label: string;
  readonly selections: readonly SelectionValue[];
}

/** The JSON Schema properties of a {@link ContestResult} (a paper total adds its own). */
export const contestResultProperties = {
  label: { type: 'string' },
  selections: {
    type: 'array',
    items: { type: 'object', properties: { label: { type: 'string' }, value: { type: 'integer' } } },
  },
} as const;

/** The JSON Schema of a list of {@link ContestResult}. */
export const contestResultsSchema = {
  type: 'array',
  items: { type: 'object', properties: contestResultProperties },
} as const;

/** `a`'s options, each plus the value of the option of the same label in `b` (0 if none). */
export function addSelections(
  a: readonly SelectionValue[],
  b: readonly SelectionValue[] | undefined,
): SelectionValue[] {
  return a.map((s) => ({
    label: s.label,
    value: s.value + (b?.find((x) => x.label === s.label)?.value ?? 0),
  }));
}

/** A copy with only the API's members (what a tally entry holds beside them is left out). */
export function contestResultOf(c: ContestResult): ContestResult {
  return { label: c.label, selections: c.selections.map((s) => ({ label: s.label, value: s.value })) };
}
