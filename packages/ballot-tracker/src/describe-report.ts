/**
 * The tracker's answer in words, for a voter reading a terminal (spec/tracker.md §3).
 * @module
 */
import type { TrackReport } from './track.js';

const STATES: Record<TrackReport['ballot']['state'], string> = {
  cast: 'cast — it is the ballot of its credential that counts',
  superseded: 'superseded — a later ballot of the same credential counts instead',
  challenged: 'challenged — opened to check the encryption; it does not count',
  cancelled: 'cancelled — its voter was checked in at a polling station, where paper counts instead',
  uncounted: 'NOT COUNTED — the board’s counting rule leaves it out',
};

const KEYS: Record<TrackReport['keySource'], string> = {
  'log-key': 'the key given with --log-key',
  receipt: 'the key kept in the receipt',
  server:
    'the key the server’s own setup entry names (NOT PINNED: give --log-key to check against a key you trust)',
};

/** Lines of text describing a report. */
export function describeReport(r: TrackReport): string {
  const b = r.ballot;
  const lines = [
    `Ballot ${r.code}`,
    `  election     ${r.electionId} at ${r.server}`,
    `  board entry  ${b.index} (${b.type}), ${new Date(b.time).toISOString()}`,
    `  state        ${STATES[b.state]}${b.supersededBy !== undefined ? ` by entry ${b.supersededBy}` : ''}`,
    ...(b.cancelledBy !== undefined
      ? [
          `  cancelled by entry ${b.cancelledBy} (cancellation${b.cancelledAt !== undefined ? `, station ${b.cancelledAt}` : ''})`,
        ]
      : []),
    ...(b.reason !== undefined ? [`  why          ${b.reason}`] : []),
    ...(r.serverStatus !== undefined ? [`  server says  ${r.serverStatus} (as its board does)`] : []),
    `  proved       in the signed tree head of ${r.treeHead.treeSize} entries (${new Date(r.treeHead.timestamp).toISOString()})`,
    `  log key      ${r.logPublicKey}, ${KEYS[r.keySource]}`,
  ];
  if (r.receiptTreeHead)
    lines.push(
      `  receipt      its head of ${r.receiptTreeHead.treeSize} entries is extended by the current one (consistency proved)`,
    );
  for (const h of r.keptTreeHeads ?? [])
    lines.push(`  kept head    of ${h.treeSize} entries is extended by the current one (consistency proved)`);
  return lines.join('\n');
}
