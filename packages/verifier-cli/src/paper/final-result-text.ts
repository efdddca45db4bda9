/**
 * The final result (P9) as the human report prints it: per contest and option the total with
 * its online and paper parts, then the paper side by district and by station.
 * @module
 */
import type { FinalResult } from './final-result.js';

/** Lines of text, indented for the report. */
export function formatFinalResult(r: FinalResult): string[] {
  const lines = [
    `Final result (P9): ${r.onlineDecrypted ? 'online tally' : 'online tally not decrypted'} + ${r.stationsReported} of ${r.stationsExpected} station sheet(s)`,
  ];
  for (const c of r.contests) {
    const parts = c.options.map(
      (o) => `${o.option} ${o.total} (${o.online === null ? '–' : o.online} + ${o.paper})`,
    );
    lines.push(`  ${c.contest}: ${parts.join(', ')}`);
  }
  for (const d of r.byDistrict)
    lines.push(`  district ${d.district}: ${d.stationsReported} station(s), ${d.ballots} paper ballot(s)`);
  for (const s of r.byStation)
    lines.push(
      `  station ${s.station} (${s.district}): sheet ${s.sequence}, ${s.ballots} ballot(s)${s.recomputed ? '' : ', not recomputed from CVRs'}`,
    );
  return lines;
}
