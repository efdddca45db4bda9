#!/usr/bin/env node
/**
 * `npm run demo [-- --out DIR] [-- --voters N]` (issue 5): the real thing, end to end, on this
 * machine. Starts `evident-server` on a fresh SQLite database (a real socket on 127.0.0.1), runs
 * a 3-of-5 key ceremony with the `evident-trustee` command (one process per step, passphrases
 * from the environment), creates the election from a manifest, issues credentials, opens, lets
 * simulated voters cast over HTTP (some revote, some challenge first) while a results stream
 * (SSE) watches, closes, tallies, has three guardians mix the ranked contests in turn with
 * `evident-trustee mix --server` (each verifying the chain before its own stage), has four
 * guardians decrypt over HTTP (guardian 5 absent), prints the ranked contests' round-by-round
 * tables, exports the record with `evident-server export` and verifies it with `evident-verify`.
 * `--out DIR` is the record folder; the database and the trustees' files stay in a temp folder
 * that is printed. `--vote-in-browser` issues one more credential, prints the voter page's
 * address (spec/server-api.md §5.5) and that credential's code, and waits for Enter before the
 * simulated voters start: a ballot cast from the page is then tallied, decrypted and verified
 * with the others (the figures in brackets, computed from the simulated voters, leave it out).
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  canonicalJsonString,
  countRankedContest,
  manifestBytes,
  toHex,
  type CountResult,
  type Group,
  type Manifest,
  type RankedContest,
} from '@evident/e2e-crypto';
import { sampleManifest } from '@evident/record';
import { ballotClient } from './client/ballot-client.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = {
  server: join(root, 'packages/server/dist/cli.js'),
  trustee: join(root, 'packages/trustee-cli/dist/cli.js'),
  verify: join(root, 'packages/verifier-cli/dist/cli.js'),
};
const args = process.argv.slice(2);
const arg = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const work = mkdtempSync(join(tmpdir(), 'evident-demo-'));
const out = arg('--out') ?? join(root, 'demo-output', new Date().toISOString().replace(/[:.]/g, '-'));
const VOTERS = Number(arg('--voters') ?? 200);
const BROWSER_VOTER = args.includes('--vote-in-browser') ? 'browser-voter' : undefined;
const GUARDIANS = ['alice', 'bob', 'carol', 'dave', 'erin'];
const ABSENT = 'erin';
const PASSPHRASE = toHex(randomBytes(16));
const ADMIN = 'evd_' + randomBytes(32).toString('base64url');
const ID = 'demo';
const t0 = performance.now();
const say = (s: string): void =>
  console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${s}`);

/** Runs a command to completion; rejects with its stderr on a non-zero exit. */
function runCli(script: string, argv: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [script, ...argv], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let o = '';
    let e = '';
    p.stdout.on('data', (d: Buffer) => (o += d));
    p.stderr.on('data', (d: Buffer) => (e += d));
    p.on('close', (code) =>
      code === 0
        ? resolve(o + e)
        : reject(new Error(`${script.split('/').slice(-3).join('/')} ${argv[0]} exited ${code}: ${e || o}`)),
    );
  });
}
const trustee = (argv: string[]): Promise<string> =>
  runCli(bin.trustee, argv, { EVIDENT_TRUSTEE_PASSPHRASE: PASSPHRASE });

/** Starts the server on a free port; resolves with its base URL once it listens. */
function startServer(db: string): Promise<{ url: string; proc: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [bin.server, '--db', db, '--port', '0', '--host', '127.0.0.1'], {
      env: { ...process.env, EVIDENT_ADMIN_TOKEN: ADMIN },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => {
      err += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (m) resolve({ url: m[1]!, proc });
    });
    proc.on('exit', (code) => reject(new Error(`evident-server exited ${code}: ${err}`)));
  });
}

let base = '';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function http(method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const r = await fetch(base + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${json?.code ?? ''} ${json?.message ?? text}`);
  return json;
}

/** Watches the results stream; keeps the last event of each kind. */
function watchResults(): { events: Map<string, number>; last: Map<string, unknown>; stop(): void } {
  const events = new Map<string, number>();
  const last = new Map<string, unknown>();
  const ac = new AbortController();
  void (async () => {
    try {
      const r = await fetch(`${base}/elections/${ID}/results/stream`, { signal: ac.signal });
      const dec = new TextDecoder();
      let buf = '';
      for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
        buf += dec.decode(chunk, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (ev && data) {
            events.set(ev, (events.get(ev) ?? 0) + 1);
            last.set(ev, JSON.parse(data));
          }
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return { events, last, stop: () => ac.abort() };
}

/** Prints a ranked contest's round-by-round table (spec/ranked-choice.md §4). */
function printCount(c: RankedContest, r: CountResult, matches: boolean): void {
  const method = r.method === 'stv' ? `STV, ${r.seats} seats, quota ${r.quota}` : 'instant-runoff';
  console.log(
    `\n  ${c.id} (${method}; ${r.validBallots} ballots with a preference) — elected: ${r.elected.join(', ')} ` +
      `[${matches ? 'equals' : 'DIFFERS FROM'} the count of the voters’ rankings]`,
  );
  const names = c.candidates;
  const w = Math.max(...names.map((n) => n.length), 9);
  console.log(
    `    ${'round'.padEnd(6)}${names.map((n) => n.padStart(w + 2)).join('')}${'exhausted'.padStart(w + 2)}  action`,
  );
  for (const round of r.rounds) {
    const cells = names.map((n) => (round.tallies[n] ?? '–').padStart(w + 2)).join('');
    const what = `${round.action} ${round.candidates.join(', ')}${round.transferValue ? ` (tv ${round.transferValue})` : ''}`;
    console.log(
      `    ${String(round.round).padEnd(6)}${cells}${String(round.exhausted).padStart(w + 2)}  ${what}`,
    );
  }
}

async function main(): Promise<number> {
  const tdir = join(work, 'trustees');
  mkdirSync(tdir, { recursive: true });
  const f = (name: string): string => join(tdir, name);
  console.log(
    `Evident demo: evident-server + evident-trustee (3 of 5) + ${VOTERS} online voters + evident-verify, ristretto255`,
  );
  console.log(`  work folder ${work}; record → ${out}`);

  const { url, proc } = await startServer(join(work, 'election.db'));
  base = url;
  say(`evident-server listening on ${url} (SQLite ${join(work, 'election.db')})`);
  try {
    // 1. the manifest and the key ceremony, one evident-trustee process per step
    const ranked: RankedContest[] = [
      {
        id: 'mayor',
        candidates: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Kurt Gödel'],
        ranks: 3,
        seats: 1,
      },
      {
        id: 'council',
        candidates: [
          'Emmy Noether',
          'John von Neumann',
          'Sophie Germain',
          'Srinivasa Ramanujan',
          'Hedy Lamarr',
        ],
        ranks: 2,
        seats: 2,
      },
    ];
    const manifest: Manifest = {
      ...sampleManifest({ districts: 2, contestsPerDistrict: 1, options: 3, voteLimit: 1 }),
      rankedContests: ranked,
    };
    writeFileSync(f('manifest.json'), manifestBytes(manifest)); // canonical bytes: H_M as the server computes it
    await trustee([
      'config',
      '--manifest',
      f('manifest.json'),
      '--guardians',
      GUARDIANS.join(','),
      '--quorum',
      '3',
      '-o',
      f('ceremony.json'),
    ]);
    const pubs = GUARDIANS.map((g) => f(`${g}.public.json`)).join(',');
    await Promise.all(
      GUARDIANS.map((g) =>
        trustee([
          'init',
          '--ceremony',
          f('ceremony.json'),
          '--guardian',
          g,
          '--kdf-cost',
          '14',
          '-o',
          f(`${g}.secret.json`),
        ]),
      ),
    );
    await Promise.all(
      GUARDIANS.map((g) =>
        trustee([
          'publish',
          '--ceremony',
          f('ceremony.json'),
          '--secret',
          f(`${g}.secret.json`),
          '-o',
          f(`${g}.public.json`),
        ]),
      ),
    );
    await Promise.all(
      GUARDIANS.map((g) =>
        trustee([
          'share',
          '--ceremony',
          f('ceremony.json'),
          '--secret',
          f(`${g}.secret.json`),
          '--public',
          pubs,
          '-o',
          f(`${g}.shares.json`),
        ]),
      ),
    );
    const shares = GUARDIANS.map((g) => f(`${g}.shares.json`)).join(',');
    await Promise.all(
      GUARDIANS.map((g) =>
        trustee([
          'verify',
          '--ceremony',
          f('ceremony.json'),
          '--secret',
          f(`${g}.secret.json`),
          '--public',
          pubs,
          '--shares',
          shares,
          '-o',
          f(`${g}.verification.json`),
        ]),
      ),
    );
    const verifications = GUARDIANS.map((g) => f(`${g}.verification.json`)).join(',');
    await trustee([
      'finalize',
      '--ceremony',
      f('ceremony.json'),
      '--public',
      pubs,
      '--verifications',
      verifications,
      '-o',
      f('election-key.json'),
    ]);
    say(
      'key ceremony done with evident-trustee: config, init, publish, share, verify, finalize (5 guardians, quorum 3)',
    );

    // 2. the election: create, import the ceremony, credentials, open
    // the server takes evident-trustee's election-key.json as it is, and re-verifies it
    const electionKey = JSON.parse(readFileSync(f('election-key.json'), 'utf8')) as Record<string, unknown>;
    await http(
      'POST',
      '/elections',
      { id: ID, profile: 'ristretto255', manifest, timeZone: 'Europe/Paris' },
      ADMIN,
    );
    const summary = await http('POST', `/elections/${ID}/key-ceremony`, { electionKey }, ADMIN);
    const voters = Array.from({ length: VOTERS }, (_, i) => `voter-${i + 1}`);
    const { issued } = await http(
      'POST',
      `/elections/${ID}/credentials`,
      { voters: BROWSER_VOTER ? [...voters, BROWSER_VOTER] : voters },
      ADMIN,
    );
    const codes = new Map<string, string>(
      (issued as { voterId: string; code: string }[]).map((x) => [x.voterId, x.code]),
    );
    await http('POST', `/elections/${ID}/open`, undefined, ADMIN);
    say(
      `election "${ID}" created, key ceremony imported (H_E ${String(summary.extendedBaseHash).slice(0, 16)}…), ${codes.size} credentials issued, open`,
    );

    if (BROWSER_VOTER) {
      // a human votes from the voter page: encrypted and signed in the browser
      say(
        `vote in your browser: ${url}/vote/${ID} (or ${url}/vote/${ID}?lang=fr) with the credential code ${codes.get(BROWSER_VOTER)}`,
      );
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      await rl.question('  press Enter here when you have voted (or challenged, then voted)… ');
      rl.close();
    }

    // 3. voting over HTTP, 8 voters at a time; a results stream watches
    const watcher = watchResults();
    const client = ballotClient({
      profile: 'ristretto255',
      manifest,
      jointKey: summary.jointKey,
      extendedBaseHash: summary.extendedBaseHash,
    });
    const G = client.ctx.G as Group<unknown>;
    const expected: Record<string, Record<string, number>> = {};
    for (const c of manifest.contests)
      expected[c.label] = Object.fromEntries(c.options.map((o) => [o.label, 0]));
    const stats = { cast: 0, revotes: 0, challenges: 0, opened: 0, receipts: 0 };
    const pick = (style: string) => {
      const st = manifest.ballotStyles.find((s) => s.label === style)!;
      const votes: Record<string, Record<string, number>> = {};
      for (const label of st.contests) {
        const c = manifest.contests.find((x) => x.label === label)!;
        votes[label] = { [c.options[Math.floor(Math.random() * c.options.length)]!.label]: 1 };
      }
      return { style, votes };
    };
    // rankings: each voter ranks 0..R candidates, favourites skewed so that the count needs rounds
    const weights = [5, 4, 3, 2, 1];
    const rank = (c: RankedContest): number[] => {
      const left = c.candidates.map((_, j) => j + 1);
      const out: number[] = [];
      const n = Math.floor(Math.random() * (c.ranks + 1)) || (Math.random() < 0.8 ? 1 : 0);
      while (out.length < n) {
        const total = left.reduce((a, j) => a + weights[j - 1]!, 0);
        let r = Math.random() * total;
        const t = left.findIndex((j) => (r -= weights[j - 1]!) < 0);
        out.push(left.splice(t < 0 ? left.length - 1 : t, 1)[0]!);
      }
      return out;
    };
    const lastRankings = new Map<string, Record<string, number[]>>();
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
        const ballot = pick(style);
        const rankings = Object.fromEntries(ranked.map((c) => [c.id, rank(c)]));
        const { previousCode } = await http('GET', `/elections/${ID}/chains/${credHex}`);
        const sub = client.submission(cred, ballot, previousCode, intent, rankings);
        if (intent === 'cast') lastRankings.set(voter, rankings);
        const receipt = await http(
          'POST',
          `/elections/${ID}/${intent === 'cast' ? 'ballots' : 'challenges'}`,
          { ballot: sub },
        );
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
            JSON.stringify(mine.map(({ contestId, ranks }) => ({ contestId, ranks }))) !==
              JSON.stringify(made)
          )
            throw new Error(`challenge of ${voter}: the ranked rows do not open to the rankings made`);
          stats.opened++;
        } else {
          if (last) stats.revotes++;
          stats.cast++;
          last = ballot;
        }
      }
      for (const [contest, marks] of Object.entries(last!.votes))
        for (const o of Object.keys(marks)) expected[contest]![o]!++;
    };
    let next = 0;
    const tv = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < voters.length) {
          const i = next++;
          await vote(voters[i]!, i);
        }
      }),
    );
    const secs = (performance.now() - tv) / 1000;
    say(
      `${stats.cast + stats.challenges} ballots over HTTP in ${secs.toFixed(1)} s (${((stats.cast + stats.challenges) / secs).toFixed(0)}/s): ${stats.cast} cast (${stats.revotes} revotes), ${stats.challenges} challenged (each one's ranked rows opened by its nonce to the voter's rankings: ${stats.opened}); every one answered with a receipt and an inclusion proof`,
    );

    // 4. close, tally, decryption by four guardians over HTTP
    await http('POST', `/elections/${ID}/close`, undefined, ADMIN);
    const tally = await http('POST', `/elections/${ID}/tally`, undefined, ADMIN);
    say(
      `closed and tallied: ${tally.castBallots} counted ballots aggregated; decryption requests: ${tally.requests.map((r: { kind: string; items: number }) => `${r.kind} (${r.items} items)`).join(', ')}`,
    );
    const present = GUARDIANS.filter((g) => g !== ABSENT);
    const tokens = new Map<string, string>();
    for (const g of present) {
      const x = GUARDIANS.indexOf(g) + 1;
      tokens.set(
        g,
        (await http('POST', '/admin/tokens', { role: 'trustee', label: `guardian ${g}`, guardian: x }, ADMIN))
          .token,
      );
      writeFileSync(f(`${g}.token`), tokens.get(g)!, { mode: 0o600 });
    }
    const ekFile = f('election-key.json');

    // 4b. the ranked contests: k guardians mix each in turn; each verifies the chain so far, then
    // shuffles and proves its own stage (evident-trustee mix --server fetches and uploads)
    const tm = performance.now();
    const mixers = present.slice(0, 3);
    await Promise.all(
      ranked.map(async (c) => {
        for (const g of mixers)
          await trustee([
            'mix',
            '--election',
            ekFile,
            '--guardian',
            g,
            '--server',
            base,
            '--election-id',
            ID,
            '--contest',
            c.id,
            '--token-file',
            f(`${g}.token`),
            '-o',
            f(`${g}.${c.id}.stage.json`),
          ]);
      }),
    );
    const mixStatus = await http('GET', `/elections/${ID}/ranked`);
    say(
      `ranked contests mixed in ${((performance.now() - tm) / 1000).toFixed(1)} s with evident-trustee mix: ` +
        (mixStatus.contests as { contestId: string; rows: number; stages: { id: string }[] }[])
          .map((c) => `${c.contestId} (${c.rows} rows; ${c.stages.map((st) => st.id).join(' → ')})`)
          .join(', ') +
        '; every stage’s proof of shuffle checked by the server and by the next mixer',
    );
    const kinds = ((await http('GET', `/elections/${ID}/decryption`)).requests as { kind: string }[]).map(
      (r) => r.kind,
    );
    for (const kind of kinds)
      writeFileSync(
        f(`${kind}.request.json`),
        JSON.stringify(await http('GET', `/elections/${ID}/decryption/${kind}/request`)),
      );
    await Promise.all(
      present.flatMap((g) =>
        kinds.map(async (kind) => {
          const o = f(`${g}.${kind}.partial.json`);
          await trustee([
            'decrypt',
            '--election',
            ekFile,
            '--secret',
            f(`${g}.secret.json`),
            '--request',
            f(`${kind}.request.json`),
            '-o',
            o,
          ]);
          await http(
            'POST',
            `/elections/${ID}/decryption/${kind}/partials`,
            JSON.parse(readFileSync(o, 'utf8')),
            tokens.get(g),
          );
        }),
      ),
    );
    const ch = await http('POST', `/elections/${ID}/decryption/challenge`, undefined, ADMIN);
    say(
      `round 1: partial decryptions of ${present.join(', ')} uploaded and checked (${ABSENT} absent); challenge for ${ch.quorum.map((q: { id: string }) => q.id).join(', ')}`,
    );
    for (const kind of kinds)
      writeFileSync(
        f(`${kind}.challenge.json`),
        JSON.stringify(await http('GET', `/elections/${ID}/decryption/${kind}/challenge`)),
      );
    // round 2, guardians in parallel (each records its answered sessions in its secret file, so
    // one guardian's two requests run one after the other); the last upload publishes
    await Promise.all(
      present.map(async (g) => {
        for (const kind of kinds) {
          const o = f(`${g}.${kind}.response.json`);
          await trustee([
            'decrypt',
            '--election',
            ekFile,
            '--secret',
            f(`${g}.secret.json`),
            '--request',
            f(`${kind}.request.json`),
            '--challenge',
            f(`${kind}.challenge.json`),
            '-o',
            o,
          ]);
          await http(
            'POST',
            `/elections/${ID}/decryption/${kind}/responses`,
            JSON.parse(readFileSync(o, 'utf8')),
            tokens.get(g),
          );
        }
      }),
    );
    const results = await http('GET', `/elections/${ID}/results`);
    say(`round 2: responses checked and combined; results published (state ${results.election.state})`);
    await new Promise((r) => setTimeout(r, 600)); // let the stream deliver the final event
    watcher.stop();
    say(
      `results stream: ${watcher.events.get('turnout') ?? 0} turnout updates, ${watcher.events.get('result') ?? 0} final result event`,
    );

    console.log(
      '\nResults (decrypted by the guardians; expected from the voters’ last cast ballots in brackets):',
    );
    if (BROWSER_VOTER)
      console.log('  (a ballot cast from the voter page is in the decrypted counts, not in the brackets)');
    let match = true;
    for (const c of results.results.contests as {
      label: string;
      selections: { label: string; value: number }[];
    }[]) {
      console.log(
        `  ${c.label}: ` +
          c.selections
            .map((s) => `${s.label.replace(`${c.label}-`, '')} ${s.value} [${expected[c.label]![s.label]}]`)
            .join(', '),
      );
      for (const s of c.selections) match &&= s.value === expected[c.label]![s.label];
    }
    console.log(
      `  turnout: ${results.turnout.counted} counted of ${results.turnout.credentials} credentials; ${results.turnout.superseded} superseded, ${results.turnout.challenged} challenged`,
    );
    // ranked contests: the published round-by-round tables, and the count of the voters' own rankings
    for (const c of ranked) {
      const published = (results.results.ranked as { contestId: string; result: CountResult }[]).find(
        (r) => r.contestId === c.id,
      )!.result;
      const rows = [...lastRankings.values()].map((r) =>
        Array.from({ length: c.ranks }, (_, i) => r[c.id]![i] ?? 0),
      );
      const mine = countRankedContest(c, rows);
      const same = canonicalJsonString(mine) === canonicalJsonString(published); // the board sorts keys
      if (!same)
        writeFileSync(f(`${c.id}.count-mismatch.json`), JSON.stringify({ mine, published }, null, 1));
      match &&= same;
      printCount(c, published, same);
    }

    // 5. export while the server runs, then stop it
    const exp = await runCli(bin.server, [
      'export',
      '--db',
      join(work, 'election.db'),
      '--election',
      ID,
      '--out',
      out,
    ]);
    say(exp.trim().replace(/^evident-server export: /, 'exported: '));
  } finally {
    proc.kill('SIGTERM');
  }

  // 6. evident-verify
  say(`running evident-verify ${out}`);
  let verifyCode = 0;
  const report = await new Promise<string>((resolve) => {
    const p = spawn(process.execPath, [bin.verify, out], { stdio: ['ignore', 'pipe', 'inherit'] });
    let o = '';
    p.stdout.on('data', (d: Buffer) => (o += d));
    p.on('close', (code) => {
      verifyCode = code ?? 1;
      resolve(o);
    });
  });
  process.stdout.write(report);
  let logValid = true;
  if (!/\bL1\b/.test(report)) {
    // the board-log checks, until evident-verify runs them itself
    const lib = (await import(new URL('../../verifier-cli/dist/index.js', import.meta.url).href)) as {
      checkBoardLog(dir: string): Promise<
        {
          id: string;
          title: string;
          status: string;
          checked: number;
          failures: { check: string; location: string; message: string }[];
        }[]
      >;
    };
    for (const s of await lib.checkBoardLog(out)) {
      console.log(
        `  ${s.status === 'passed' ? 'PASS' : s.status === 'failed' ? 'FAIL' : 'SKIP'}  ${s.id}  ${s.title} — ${s.checked} checked`,
      );
      for (const x of s.failures.slice(0, 5))
        console.log(`          ${x.check}  ${x.location}: ${x.message}`);
      logValid &&= s.status !== 'failed';
    }
  }
  const valid = verifyCode === 0 && logValid;
  console.log(valid ? '\nThe record is VALID.' : '\nThe record is INVALID.');
  say('demo finished');
  return valid ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`demo failed: ${e.message}`);
    process.exit(1);
  },
);
