/**
 * The demo's polling stations (`../demo.ts`): every station of the manifest, its roll slice, the
 * voters who vote there and their ballots, and the part each station plays — one run by a poll
 * worker through the `evident-station` command, one that corrects its sheet, one offline until
 * after counting, one whose sheet reaches the central office only as photographed QR codes, the
 * others as plain stations (their bulk steps through the station library, to keep the demo short).
 * @module
 */
import { join } from 'node:path';
import type { Manifest } from '@evident/e2e-crypto';
import type { TokenChoice } from '@evident/record';

/** What a station does in the demo beyond the common path. */
export type StationRole = 'cli' | 'correct' | 'offline' | 'photo' | 'plain';

/** A voter who votes at a station. */
export interface PaperVoter {
  readonly voterId: string;
  /** also voted online (that ballot is cancelled when the check-in reaches the server) */
  readonly votedOnline: boolean;
  /** `bmd`: marked on the marking device, its choices in the QR; `hand`: a blank ballot marked by hand */
  readonly kind: 'bmd' | 'hand';
  readonly choices: readonly TokenChoice[];
}

/** One station of the demo. */
export interface DemoStation {
  readonly label: string;
  readonly district: string;
  readonly style: string;
  readonly role: StationRole;
  /** set up with `evident-station` processes (init, provision, worker add, ballots print); the
   * others through the library in this process (a process per step and station would add tens of
   * seconds on a small machine) */
  readonly viaCli: boolean;
  /** the station's data folder */
  readonly dir: string;
  readonly tokenFile: string;
  /** the poll worker's PIN file */
  readonly pinFile: string;
  /** the voters of its roll slice */
  readonly roll: readonly { voterId: string; name: string }[];
  readonly voters: readonly PaperVoter[];
}

/** The poll worker of every station, and her PIN. */
export const WORKER = 'ana';
export const WORKER_PIN = '493817';
/** Paper-only voters per station. */
const PAPER_ONLY = 5;
/** Stations by position in the manifest: the part each plays. */
const ROLES: Record<number, StationRole> = { 0: 'cli', 5: 'correct', 6: 'offline', 11: 'photo' };

/** A random choice in each contest of `style` (now and then a blank one). */
function paperChoices(manifest: Manifest, style: string, random: () => number): TokenChoice[] {
  const st = manifest.ballotStyles.find((s) => s.label === style)!;
  return st.contests.map((label) => {
    const c = manifest.contests.find((x) => x.label === label)!;
    const k = Math.floor(random() * (c.options.length + 0.5));
    return { contest: label, selected: k < c.options.length ? [c.options[k]!.label] : [] };
  });
}

/**
 * The stations: online voter i (whose ballot style is style i mod the number of styles, as the
 * simulated voters choose it) is on the roll of a station of that style, in turn; each station
 * adds {@link PAPER_ONLY} paper-only voters, and every other station one of its online voters
 * who also votes on paper.
 */
export function planStations(
  manifest: Manifest,
  onlineVoters: readonly string[],
  work: string,
  random: () => number = Math.random,
): DemoStation[] {
  const styles = manifest.ballotStyles.map((s) => s.label);
  const online = new Map<string, string[]>();
  onlineVoters.forEach((v, i) => {
    const style = styles[i % styles.length]!;
    const of = manifest.pollingStations.filter((s) => s.ballotStyle === style);
    if (of.length === 0) return;
    const st = of[Math.floor(i / styles.length) % of.length]!.label;
    online.set(st, [...(online.get(st) ?? []), v]);
  });
  return manifest.pollingStations.map((s, i) => {
    const dir = join(work, 'stations', s.label);
    const mine = online.get(s.label) ?? [];
    const paperOnly = Array.from({ length: PAPER_ONLY }, (_, k) => `${s.label}-voter-${k + 1}`);
    const both = i % 2 === 0 && mine.length > 0 ? [mine[0]!] : [];
    const voters = [...both, ...paperOnly].map((voterId, k) => ({
      voterId,
      votedOnline: both.includes(voterId),
      kind: k % 3 === 2 ? ('hand' as const) : ('bmd' as const),
      choices: paperChoices(manifest, s.ballotStyle, random),
    }));
    const role = ROLES[i] ?? 'plain';
    return {
      label: s.label,
      district: s.district,
      style: s.ballotStyle,
      role,
      viaCli: role === 'cli',
      dir,
      tokenFile: join(dir, '..', `${s.label}.token`),
      pinFile: join(dir, '..', `${s.label}.${WORKER}.pin`),
      roll: [...mine, ...paperOnly].map((voterId) => ({ voterId, name: `Voter ${voterId}` })),
      voters,
    };
  });
}

/** contest → option → paper votes the stations' voters marked. */
export function expectedPaper(manifest: Manifest, stations: readonly DemoStation[]) {
  const totals: Record<string, Record<string, number>> = {};
  for (const c of manifest.contests) totals[c.label] = Object.fromEntries(c.options.map((o) => [o.label, 0]));
  for (const s of stations)
    for (const v of s.voters) for (const c of v.choices) for (const o of c.selected) totals[c.contest]![o]!++;
  return totals;
}

/** The online voters who also voted on paper. */
export function paperWins(stations: readonly DemoStation[]): Set<string> {
  return new Set(stations.flatMap((s) => s.voters.filter((v) => v.votedOnline).map((v) => v.voterId)));
}
