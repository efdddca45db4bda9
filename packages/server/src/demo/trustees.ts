/**
 * The guardians' part after the tally (`../demo.ts`, step 4), with the `evident-trustee` command
 * as each guardian would run it: a trustee token per guardian present; the ranked contests mixed
 * by k guardians in turn (`evident-trustee mix --server`, each verifying the chain so far before
 * its own stage; spec/server-api.md §7.5); then the two-round decryption over HTTP (§7.2) with
 * `evident-trustee decrypt --server`, each guardian checking its request and its challenge
 * against the signed board: partial decryptions, the challenge, the responses (every request
 * kind in one run per guardian and round, over one checked board); the last response publishes
 * the results.
 * @module
 */
import { writeFileSync } from 'node:fs';
import type { RankedContest } from '@evident/e2e-crypto';
import type { DemoEnv, Http } from './processes.js';

/**
 * Issues a trustee token to each guardian present (written to `<g>.token` for `--token-file`).
 * @param guardians - all guardians, in coordinate order (x = position + 1)
 * @returns guardian → token
 */
export async function trusteeTokens(
  d: DemoEnv,
  guardians: readonly string[],
  present: readonly string[],
): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const g of present) {
    const x = guardians.indexOf(g) + 1;
    const { token } = await d.http(
      'POST',
      '/admin/tokens',
      { role: 'trustee', label: `guardian ${g}`, guardian: x },
      d.admin,
    );
    tokens.set(g, token);
    writeFileSync(d.f(`${g}.token`), token, { mode: 0o600 });
  }
  return tokens;
}

/** Each ranked contest mixed by `mixers` in turn (contests in parallel). */
export async function mixRanked(
  d: DemoEnv,
  contests: readonly RankedContest[],
  mixers: readonly string[],
): Promise<void> {
  await Promise.all(
    contests.map(async (c) => {
      for (const g of mixers)
        await d.trustee([
          'mix',
          '--election',
          d.f('election-key.json'),
          '--secret',
          d.f(`${g}.secret.json`),
          '--guardian',
          g,
          '--server',
          d.base,
          '--election-id',
          d.id,
          '--contest',
          c.id,
          '--token-file',
          d.f(`${g}.token`),
          '-o',
          d.f(`${g}.${c.id}.stage.json`),
        ]);
    }),
  );
}

/**
 * The two rounds of the decryption by the guardians `present` (`absent` named in the progress line).
 * @returns the request kinds
 */
export async function decryptOverHttp(
  d: DemoEnv,
  present: readonly string[],
  absent: string,
): Promise<string[]> {
  const { id, http, f } = d;
  const kinds = ((await http('GET', `/elections/${id}/decryption`)).requests as { kind: string }[]).map(
    (r) => r.kind,
  );
  // the log key the guardians pin (in an election: published with the election, out of band)
  const logKey = String((await http('GET', `/elections/${id}/board/tree-head`)).logPublicKey);
  /**
   * `evident-trustee decrypt --server --kind all` (with `--respond` in round 2): one run per
   * guardian and round downloads the board once, checks its signed head under the pinned key,
   * recomputes every request from it (tally, challenged ballots, last mix stages), answers only
   * the board's challenge, and uploads one file per kind.
   */
  const decryptAndUpload = async (g: string, round: 'partials' | 'responses') => {
    await d.trustee([
      'decrypt',
      '--election',
      f('election-key.json'),
      '--secret',
      f(`${g}.secret.json`),
      '--server',
      d.base,
      '--election-id',
      id,
      '--kind',
      'all',
      '--log-key',
      logKey,
      '--token-file',
      f(`${g}.token`),
      ...(round === 'responses' ? ['--respond'] : []),
      '-o',
      f(`${g}.{kind}.${round === 'partials' ? 'partial' : 'response'}.json`),
    ]);
  };
  await Promise.all(present.map((g) => decryptAndUpload(g, 'partials')));
  const ch = await http('POST', `/elections/${id}/decryption/challenge`, undefined, d.admin);
  d.say(
    `round 1: partial decryptions of ${present.join(', ')} uploaded and checked (${absent} absent); challenge for ${ch.quorum.map((q: { id: string }) => q.id).join(', ')}`,
  );
  // round 2, guardians in parallel, each answering the challenge the board fixed; the last
  // upload starts the publication, which runs after its answer
  await Promise.all(present.map((g) => decryptAndUpload(g, 'responses')));
  await publicationEnds(http, id);
  return kinds;
}

/**
 * Waits for the publication the last response started (spec/server-api.md §7.2 step 4).
 * @throws {Error} with the server's code and message when it failed
 */
async function publicationEnds(http: Http, id: string): Promise<void> {
  for (;;) {
    const st = await http('GET', `/elections/${id}/decryption`);
    // `done` is in the store as soon as the publication's batch commits, a moment before the
    // node's own view of the board (the results) has it: wait for the job's end instead
    if (st.publishing === true) {
      await new Promise((ok) => setTimeout(ok, 200));
      continue;
    }
    if (st.done === true) return;
    const f = st.publishFailure as { code?: string; message?: string } | undefined;
    throw new Error(`the publication failed: ${f ? `${f.code}: ${f.message}` : 'it did not run'}`);
  }
}
