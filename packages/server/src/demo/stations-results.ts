/**
 * The paper side of the demo's results (`../demo.ts`): the stations' effective sheets summed by
 * district and in total (`paper` of `GET …/results`), the combined result (`combined`: online +
 * paper), each beside what the voters marked (in brackets); the stations reported of expected;
 * and the cancellations (paper wins) counted on the board.
 * @module
 */
import { countedBallotsTracker } from '@evident/record';
import type { Http } from './processes.js';

type Counts = Record<string, Record<string, number>>;
interface Totals {
  readonly label: string;
  readonly selections: { label: string; value: number }[];
}

/** `label 3 [3], …` for one contest; whether every figure is the expected one. */
function line(c: Totals, expected: Counts): [string, boolean] {
  let same = true;
  const text = c.selections
    .map((s) => {
      const want = expected[c.label]?.[s.label] ?? 0;
      same &&= want === s.value;
      return `${s.label.replace(`${c.label}-`, '')} ${s.value} [${want}]`;
    })
    .join(', ');
  return [`${c.label}: ${text}`, same];
}

/**
 * Prints the paper and combined results.
 * @param results - the body of `GET /elections/{id}/results` (decrypted)
 * @param paper - contest → option → votes the paper voters marked
 * @param online - the same for the online ballots that count (cancelled ones left out)
 * @returns whether every figure equals the expected one and every station reported
 */
export function printPaperResults(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  results: any,
  paper: Counts,
  online: Counts,
  districtOf: (contest: string) => string | undefined,
): boolean {
  const p = results.paper;
  let match = p.stationsReported === p.stationsExpected && results.combined?.includesOnline === true;
  console.log(
    `\nPaper (the stations' effective tally sheets; ${p.stationsReported} of ${p.stationsExpected} stations reported; what the voters marked in brackets):`,
  );
  for (const dt of p.byDistrict as (Record<string, unknown> & { district: string; contests: Totals[] })[]) {
    const lines = dt.contests
      .filter((c) => c.label === 'national' || districtOf(c.label) === dt.district)
      .map((c) => line(c, {}));
    console.log(
      `  ${dt.district}: ${dt.stationsReported} stations, ${dt.ballots} ballots, ${dt.checkIns} voters checked in; ` +
        lines.map(([t]) => t.replace(/ \[0\]/g, '')).join('; '),
    );
  }
  for (const c of p.total.contests as Totals[]) {
    const [t, same] = line(c, paper);
    console.log(`  total ${t}`);
    match &&= same;
  }
  const combined: Counts = {};
  for (const [c, opts] of Object.entries(online))
    combined[c] = Object.fromEntries(Object.entries(opts).map(([o, n]) => [o, n + (paper[c]?.[o] ?? 0)]));
  console.log('Combined (online tally + paper; expected in brackets):');
  for (const c of results.combined.contests as Totals[]) {
    const [t, same] = line(c, combined);
    console.log(`  ${t}`);
    match &&= same;
  }
  return match;
}

/**
 * The cancellations on the board and the online ballots they leave out (the counted-ballots rule
 * of `@evident/record`, as the tally and the verifier apply it).
 */
export async function cancellationsOnBoard(
  http: Http,
  id: string,
): Promise<{ credentials: number; ballots: number }> {
  const rule = countedBallotsTracker();
  let credentials = 0;
  for (let start: number | undefined = 0; start !== undefined;) {
    const page = await http('GET', `/elections/${id}/board/entries?start=${start}`);
    for (const e of page.entries as { index: number; type: string; entry: string }[]) {
      if (e.type === 'cancellation') credentials++;
      if (['ballot', 'credentials', 'open', 'cancellation'].includes(e.type))
        rule.add({ index: e.index, type: e.type, fields: JSON.parse(e.entry) as Record<string, unknown> });
    }
    start = page.next;
  }
  const ballots = rule.result().uncounted.filter((u) => u.reason === 'cancelled').length;
  return { credentials, ballots };
}
