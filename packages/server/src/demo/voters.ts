/**
 * The demo's simulated voters (`../demo.ts`, step 3): each casts over HTTP with random choices
 * and skewed rankings (so that the ranked counts need several rounds); some challenge a ballot
 * first (and check that its nonce opens the ranked rows to the rankings they made,
 * spec/ranked-choice.md §2.7), some revote. Eight voters at a time. Returns what the decrypted
 * results must show: the counts of each voter's last cast ballot and its rankings.
 * @module
 */
import { toHex, type Group, type Manifest, type RankedContest } from '@evident/e2e-crypto';
import type { BallotClient } from '../client/ballot-client.js';
import type { Http } from './processes.js';

/** What the voters did, and what the results must show. */
export interface VotingOutcome {
  /** contest label → option label → votes of the last cast ballots. */
  readonly expected: Record<string, Record<string, number>>;
  /** voter → ranked contest id → the rankings of its last cast ballot. */
  readonly lastRankings: Map<string, Record<string, number[]>>;
  /** voter → contest label → option label → votes of its last cast ballot. */
  readonly lastVotes: Map<string, Record<string, Record<string, number>>>;
  readonly stats: { cast: number; revotes: number; challenges: number; opened: number; receipts: number };
}

/** Ballot weights of the candidates by position: favourites skewed so that the count needs rounds. */
const WEIGHTS = [5, 4, 3, 2, 1];

/** A random ranking of 0..R candidates of `c` (mostly at least one). */
function rank(c: RankedContest): number[] {
  const left = c.candidates.map((_, j) => j + 1);
  const out: number[] = [];
  const n = Math.floor(Math.random() * (c.ranks + 1)) || (Math.random() < 0.8 ? 1 : 0);
  while (out.length < n) {
    const total = left.reduce((a, j) => a + WEIGHTS[j - 1]!, 0);
    let r = Math.random() * total;
    const t = left.findIndex((j) => (r -= WEIGHTS[j - 1]!) < 0);
    out.push(left.splice(t < 0 ? left.length - 1 : t, 1)[0]!);
  }
  return out;
}

/** A random choice in every contest of `style`. */
function pick(manifest: Manifest, style: string) {
  const st = manifest.ballotStyles.find((s) => s.label === style)!;
  const votes: Record<string, Record<string, number>> = {};
  for (const label of st.contests) {
    const c = manifest.contests.find((x) => x.label === label)!;
    votes[label] = { [c.options[Math.floor(Math.random() * c.options.length)]!.label]: 1 };
  }
  return { style, votes };
}

/**
 * Lets `voters` vote: voter i challenges first when i mod 10 = 3, revotes when i mod 4 = 1.
 * @param codes - voter → credential code
 * @throws {Error} when a request fails or a challenge does not open to the rankings made
 */
export async function simulateVoters(
  http: Http,
  id: string,
  manifest: Manifest,
  client: BallotClient,
  voters: readonly string[],
  codes: ReadonlyMap<string, string>,
): Promise<VotingOutcome> {
  const G = client.ctx.G as Group<unknown>;
  const ranked = manifest.rankedContests ?? [];
  const expected: Record<string, Record<string, number>> = {};
  for (const c of manifest.contests)
    expected[c.label] = Object.fromEntries(c.options.map((o) => [o.label, 0]));
  const stats = { cast: 0, revotes: 0, challenges: 0, opened: 0, receipts: 0 };
  const lastRankings = new Map<string, Record<string, number[]>>();
  const lastVotes = new Map<string, Record<string, Record<string, number>>>();
  const vote = async (voter: string, i: number): Promise<void> => {
    const cred = client.credential(codes.get(voter)!);
    const credHex = toHex(G.encode(cred.S));
    const style = manifest.ballotStyles[i % manifest.ballotStyles.length]!.label;
    const plan: ('cast' | 'challenge')[] = [];
    if (i % 10 === 3) plan.push('challenge');
    plan.push('cast');
    if (i % 4 === 1) plan.push('cast'); // a revote: only the last cast ballot counts
    let last: ReturnType<typeof pick> | undefined;
    for (const intent of plan) {
      const ballot = pick(manifest, style);
      const rankings = Object.fromEntries(ranked.map((c) => [c.id, rank(c)]));
      const { previousCode } = await http('GET', `/elections/${id}/chains/${credHex}`);
      const sub = client.submission(cred, ballot, previousCode, intent, rankings);
      if (intent === 'cast') lastRankings.set(voter, rankings);
      const receipt = await http('POST', `/elections/${id}/${intent === 'cast' ? 'ballots' : 'challenges'}`, {
        ballot: sub,
      });
      stats.receipts += receipt.inclusionProof ? 1 : 0;
      if (intent === 'challenge') {
        stats.challenges++;
        // cast-as-intended: ξ_B opens the ranked rows (spec/ranked-choice.md §2.7); the voter's
        // client checks the server's opening against its own and against the rankings made
        const mine = client.openRanked(sub);
        const made = ranked.map((c) => {
          const r = rankings[c.id]!;
          return { contestId: c.id, ranks: Array.from({ length: c.ranks }, (_, k) => r[k] ?? 0) };
        });
        if (
          JSON.stringify(mine) !== JSON.stringify(receipt.openedRanked ?? []) ||
          JSON.stringify(mine.map(({ contestId, ranks }) => ({ contestId, ranks }))) !== JSON.stringify(made)
        )
          throw new Error(`challenge of ${voter}: the ranked rows do not open to the rankings made`);
        stats.opened++;
      } else {
        if (last) stats.revotes++;
        stats.cast++;
        last = ballot;
      }
    }
    lastVotes.set(voter, last!.votes);
    for (const [contest, marks] of Object.entries(last!.votes))
      for (const o of Object.keys(marks)) expected[contest]![o]!++;
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < voters.length) {
        const i = next++;
        await vote(voters[i]!, i);
      }
    }),
  );
  return { expected, lastRankings, lastVotes, stats };
}

/**
 * What the online results must show once the ballots of `cancelled` voters are left out (they
 * voted on paper too: the paper ballot wins, spec/stations.md §4).
 */
export function withoutCancelled(o: VotingOutcome, cancelled: ReadonlySet<string>): VotingOutcome {
  const expected = Object.fromEntries(
    Object.entries(o.expected).map(([c, opts]) => [c, { ...opts }]),
  ) as Record<string, Record<string, number>>;
  for (const v of cancelled)
    for (const [contest, marks] of Object.entries(o.lastVotes.get(v) ?? {}))
      for (const opt of Object.keys(marks)) expected[contest]![opt]!--;
  const keep = <T>(m: Map<string, T>) => new Map([...m].filter(([v]) => !cancelled.has(v)));
  return { ...o, expected, lastRankings: keep(o.lastRankings), lastVotes: keep(o.lastVotes) };
}
