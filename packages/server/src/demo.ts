#!/usr/bin/env node
/**
 * `npm run demo [-- OPTIONS]` (`--help` lists them): the real thing, end to end, on this
 * machine. Starts `evident-server` on a fresh SQLite database (a real socket on 127.0.0.1),
 * creates the election from a manifest (the server publishes it with its log key), runs a 3-of-5
 * key ceremony on that published manifest with the `evident-trustee` command (one process per
 * step, passphrases from the environment), imports it, issues credentials, opens, logs a few voters
 * of a second election that requires identity in through a real OpenID Connect provider on
 * loopback (`demo/oidc-voters.ts`), lets
 * simulated voters cast over HTTP (some revote, some challenge first) while a results stream
 * (SSE) watches; runs the manifest's twelve polling stations with `evident-station` (printing and
 * station keys registered, roll, counting start set a few seconds ahead in election-local time,
 * provisioning, check-ins that cancel online ballots, counting from BMD and hand-marked ballot
 * images, one station offline until after counting, one corrected sheet, one sheet delivered only
 * as photographed QR codes; `demo/stations-*.ts`), closes, tallies, has three guardians mix the ranked contests in turn with
 * `evident-trustee mix --server` (each verifying the chain before its own stage), has four
 * guardians decrypt over HTTP (guardian 5 absent), prints the ranked contests' round-by-round
 * tables, exports the record with `evident-server export` and verifies it with `evident-verify`.
 * `--out DIR` is the record folder (with each station's printed sheet in `DIR/stations/`); the database and the trustees' files are in a temp folder
 * that is printed, removed when the demo ends (kept with `--keep-work`, and after a failure, for
 * a look at what went wrong). `--vote-in-browser` issues one more credential, prints the voter page's
 * address (spec/server-api.md §5.5) and that credential's code, and waits for Enter before the
 * simulated voters start: a ballot cast from the page is then tallied, decrypted and verified
 * with the others (the figures in brackets, computed from the simulated voters, leave it out).
 * The voters' credential letters (PDF) go to `DIR/letters/`. `--serve` keeps the server running
 * at the end and prints the addresses of the display, the tracker and the report until Ctrl-C.
 * The steps are in `demo/`: key ceremony, voters, trustees, results, verification.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { toHex, type Manifest } from '@evident/e2e-crypto';
import { wallTime } from '@evident/polling-station';
import { ballotClient } from './client/ballot-client.js';
import { demoManifest, RANKED, runKeyCeremony } from './demo/key-ceremony.js';
import { demoHttp, runCli, watchResults, type DemoEnv } from './demo/processes.js';
import { printResults } from './demo/results.js';
import { serveUntilInterrupted } from './demo/serve.js';
import { decryptOverHttp, mixRanked, trusteeTokens } from './demo/trustees.js';
import { verifyDemoRecord } from './demo/verify-record.js';
import { countStations, countTooEarly, waitUntil } from './demo/stations-count.js';
import { deliverByPhotos, writeStationSheets } from './demo/stations-photo.js';
import { expectedPaper, paperWins, planStations, type DemoStation } from './demo/stations-plan.js';
import { runPollBooks, syncWithCli } from './demo/stations-poll.js';
import { cancellationsOnBoard, printPaperResults } from './demo/stations-results.js';
import { initStations, makePrintingKey, provisionStations, type StationKit } from './demo/stations-setup.js';
import { simulateVoters, withoutCancelled } from './demo/voters.js';
import { runEidVoters, startDemoIdp } from './demo/oidc-voters.js';
import { startServer } from './testing/http.js';
import { writeLetters } from './letters/letters-command.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = {
  server: join(root, 'packages/server/bin/evident-server.js'),
  trustee: join(root, 'packages/trustee-cli/bin/evident-trustee.js'),
  verify: join(root, 'packages/verifier-cli/bin/evident-verify.js'),
  station: join(root, 'packages/polling-station/bin/evident-station.js'),
};
const positive = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};
const opts = new Command()
  .name('demo')
  .description(
    'A whole election through the real evident-server on a temporary SQLite database, ' +
      'evident-trustee and evident-verify (`npm run demo -- OPTIONS`).',
  )
  .option('--out <dir>', 'the record folder (default demo-output/<time>)')
  .option('--voters <n>', 'simulated online voters', positive, 200)
  .option('--vote-in-browser', 'pause after opening so that you vote yourself on the voter page')
  .option('--serve', 'keep the server running at the end (display, tracker, report) until Ctrl-C')
  .option('--keep-work', 'keep the temporary folder (database, trustees’ files) at the end')
  .parse()
  .opts<{ out?: string; voters: number; voteInBrowser?: boolean; serve?: boolean; keepWork?: boolean }>();
const work = mkdtempSync(join(tmpdir(), 'evident-demo-'));
const out = opts.out ?? join(root, 'demo-output', new Date().toISOString().replace(/[:.]/g, '-'));
const VOTERS = opts.voters;
const BROWSER_VOTER = opts.voteInBrowser ? 'browser-voter' : undefined;
const GUARDIANS = ['alice', 'bob', 'carol', 'dave', 'erin'];
const ABSENT = 'erin';
const PASSPHRASE = toHex(randomBytes(16));
const ADMIN = 'evd_' + randomBytes(32).toString('base64url');
const ID = 'demo';
const TIME_ZONE = 'Europe/Paris';
const STATION_PASSPHRASE = `station ${toHex(randomBytes(12))}`;
const PRINTING_PASSPHRASE = `printing ${toHex(randomBytes(12))}`;
const t0 = performance.now();
const say = (s: string): void =>
  console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${s}`);
const trustee = (argv: string[]): Promise<string> =>
  runCli(bin.trustee, argv, { EVIDENT_TRUSTEE_PASSPHRASE: PASSPHRASE });
const station = (argv: string[]): Promise<string> =>
  runCli(bin.station, argv, {
    EVIDENT_STATION_PASSPHRASE: STATION_PASSPHRASE,
    EVIDENT_PRINTING_PASSPHRASE: PRINTING_PASSPHRASE,
  });
/**
 * How far ahead the counting start is set: provisioning (about as long as the stations' keys
 * took, `setupMs`) and online voting happen first.
 */
const countingLead = (voters: number, setupMs: number): number => 8_000 + 1.5 * setupMs + voters * 40;
const byRole = (stations: readonly DemoStation[], role: DemoStation['role']): DemoStation =>
  stations.find((s) => s.role === role)!;

async function main(): Promise<number> {
  const tdir = join(work, 'trustees');
  mkdirSync(tdir, { recursive: true });
  const f = (name: string): string => join(tdir, name);
  console.log(
    `Evident demo: evident-server + evident-trustee (3 of 5) + ${VOTERS} online voters + 12 polling stations (evident-station) + evident-verify, ristretto255`,
  );
  console.log(`  work folder ${work}; record → ${out}`);

  const eid = await startDemoIdp(); // voters' eID login: a real OpenID Connect provider on loopback
  const server = await startServer(
    bin.server,
    ['--db', join(work, 'election.db'), '--port', String(eid.serverPort), '--host', '127.0.0.1'],
    { EVIDENT_ADMIN_TOKEN: ADMIN, ...eid.env },
  );
  const url = server.base;
  const http = demoHttp(url);
  const d: DemoEnv = { id: ID, admin: ADMIN, base: url, http, f, trustee, say };
  say(`evident-server listening on ${url} (SQLite ${join(work, 'election.db')})`);
  try {
    // 1. the election from the manifest; the server publishes it with its log key
    // (`bulletinBoard`), and that published manifest is what the trustees hash
    const created = await http(
      'POST',
      '/elections',
      { id: ID, profile: 'ristretto255', manifest: demoManifest(), timeZone: TIME_ZONE },
      ADMIN,
    );
    const manifest = created.manifest as Manifest;

    // 2. the key ceremony, one evident-trustee process per step, then import, credentials, open
    await runKeyCeremony(manifest, GUARDIANS, 3, f, trustee);
    say(
      'key ceremony done with evident-trustee: config, init, publish, share, verify, finalize (5 guardians, quorum 3)',
    );
    // the server takes evident-trustee's election-key.json as it is, and re-verifies it
    const electionKey = JSON.parse(readFileSync(f('election-key.json'), 'utf8')) as Record<string, unknown>;
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

    // 2b. the polling stations: printing key, station keys and tokens, the roll; the counting
    // start a little ahead in election-local time; each station provisioned, its worker, its ballots
    const stations = planStations(manifest, voters, work);
    const sdir = join(work, 'stations');
    mkdirSync(sdir, { recursive: true });
    const ts = performance.now();
    const kit: StationKit = {
      d,
      cli: station,
      passphrase: STATION_PASSPHRASE,
      printing: await makePrintingKey(d, station, join(sdir, 'printing-key.json')),
      keys: new Map(),
    };
    await initStations(kit, stations);
    const countingAt = Math.ceil((Date.now() + countingLead(VOTERS, performance.now() - ts)) / 1000) * 1000;
    const countingStart = wallTime(countingAt, TIME_ZONE);
    await http('PUT', `/elections/${ID}/schedule`, { timeZone: TIME_ZONE, countingStart }, ADMIN);
    say(
      `COUNTING START set to ${countingStart} ${TIME_ZONE} (election-local time), ${((countingAt - Date.now()) / 1000).toFixed(0)} s from now: no station may count before it, and the server refuses any sheet before it`,
    );
    await provisionStations(kit, stations, PRINTING_PASSPHRASE);
    const roll = stations.reduce((n, s) => n + s.roll.length, 0);
    say(
      `${stations.length} polling stations in ${((performance.now() - ts) / 1000).toFixed(1)} s: printing key (evident-station printing-key init) and station keys (init) registered, station tokens, roll of ${roll} voters; each station provisioned with the pinned log key, a poll worker added, ${stations.length} ballot PDFs printed (${stations
        .filter((s) => s.viaCli)
        .map((s) => s.label)
        .join(', ')} with evident-station processes, the others through its library)`,
    );
    await http('POST', `/elections/${ID}/open`, undefined, ADMIN);
    say(
      `election "${ID}" created, key ceremony imported (H_E ${String(summary.extendedBaseHash).slice(0, 16)}…), ${codes.size} credentials issued, open`,
    );
    const cliStation = byRole(stations, 'cli');
    const early = await countTooEarly(kit, cliStation, countingAt);
    say(
      early
        ? `${cliStation.label}: evident-station count start before the counting start is refused: "${early}"`
        : `(the counting start passed while the stations were set up: this machine is slow; no early refusal to show)`,
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

    await runEidVoters(d, eid);

    // 3. voting over HTTP, 8 voters at a time; a results stream watches
    const watcher = watchResults(url, ID);
    const client = ballotClient({
      profile: 'ristretto255',
      manifest,
      jointKey: summary.jointKey,
      extendedBaseHash: summary.extendedBaseHash,
    });
    const tv = performance.now();
    const outcome = await simulateVoters(http, ID, manifest, client, voters, codes);
    const { stats } = outcome;
    const secs = (performance.now() - tv) / 1000;
    say(
      `${stats.cast + stats.challenges} ballots over HTTP in ${secs.toFixed(1)} s (${((stats.cast + stats.challenges) / secs).toFixed(0)}/s): ${stats.cast} cast (${stats.revotes} revotes), ${stats.challenges} challenged (each one's ranked rows opened by its nonce to the voter's rankings: ${stats.opened}); every one answered with a receipt and an inclusion proof`,
    );

    // 3b. the poll books: check-ins (paper wins over an online ballot), closings, sync
    const tp = performance.now();
    await runPollBooks(kit, stations);
    const checkIns = stations.reduce((n, s) => n + s.voters.length, 0);
    const offline = byRole(stations, 'offline');
    const cancelled = paperWins(stations);
    say(
      `poll books: ${checkIns} voters checked in at ${stations.length} stations in ${((performance.now() - tp) / 1000).toFixed(1)} s (${cliStation.label} with evident-station checkin, pollbook close, sync --once); ${cancelled.size} of them had voted online: their online ballots are cancelled (paper wins); ${offline.label} is offline and keeps its check-ins in its outbox`,
    );

    // 3c. counting from the counting start: ballots scanned from images, sheets signed and sent
    if (Date.now() < countingAt)
      say(
        `waiting ${((countingAt - Date.now()) / 1000).toFixed(1)} s for the counting start ${countingStart} ${TIME_ZONE}`,
      );
    await waitUntil(countingAt);
    const tc = performance.now();
    await countStations(kit, stations, join(sdir, 'sheets'));
    const bmd = stations.reduce((n, s) => n + s.voters.filter((v) => v.kind === 'bmd').length, 0);
    const corrected = byRole(stations, 'correct');
    say(
      `counted from ${countingStart} in ${((performance.now() - tc) / 1000).toFixed(1)} s: ${checkIns} paper ballots scanned from PNG images (${bmd} marking-device ballots, their choices in the QR code; ${checkIns - bmd} hand-marked, the blank ballot's code scanned and the marks entered); ${cliStation.label} with evident-station count start/scan/mark/finish and sheet make --out; ${corrected.label} found a ballot after its sheet: count reopen, sheet correct (sequence 2 supersedes 1)`,
    );
    const photo = byRole(stations, 'photo');
    const delivery = await deliverByPhotos(kit, photo);
    say(
      `${photo.label}'s sheet delivered only as photographs: its ${delivery.codes} QR code(s) photographed twice each (${delivery.flaws.join(', ')}; JPEG), read with evident-station sheet read (${delivery.beforeRead.split('\n').find((l) => /^(VALID|INVALID|INCOMPLETE)/.test(l)) ?? '?'}), sent as parts by the central office, read again against the server: ${
        delivery.afterRead
          .split('\n')
          .find((l) => /publication/.test(l))
          ?.trim() ?? '?'
      }`,
    );
    await syncWithCli(kit, offline);
    say(
      `${offline.label} back online after counting: evident-station sync --once delivered its check-ins, poll-book close and sheet`,
    );

    await http('POST', `/elections/${ID}/close`, undefined, ADMIN);
    const tally = await http('POST', `/elections/${ID}/tally`, undefined, ADMIN);
    say(
      `closed and tallied: ${tally.castBallots} counted ballots aggregated; decryption requests: ${tally.requests.map((r: { kind: string; items: number }) => `${r.kind} (${r.items} items)`).join(', ')}`,
    );
    const present = GUARDIANS.filter((g) => g !== ABSENT);
    await trusteeTokens(d, GUARDIANS, present);

    // 4b. the ranked contests: k guardians mix each in turn; each verifies the chain so far, then
    // shuffles and proves its own stage (evident-trustee mix --server fetches and uploads)
    const tm = performance.now();
    await mixRanked(d, RANKED, present.slice(0, 3));
    const mixStatus = await http('GET', `/elections/${ID}/ranked`);
    say(
      `ranked contests mixed in ${((performance.now() - tm) / 1000).toFixed(1)} s with evident-trustee mix: ` +
        (mixStatus.contests as { contestId: string; rows: number; stages: { id: string }[] }[])
          .map((c) => `${c.contestId} (${c.rows} rows; ${c.stages.map((st) => st.id).join(' → ')})`)
          .join(', ') +
        '; every stage’s proof of shuffle checked by the server and by the next mixer',
    );
    await decryptOverHttp(d, present, ABSENT);
    const results = await http('GET', `/elections/${ID}/results`);
    say(`round 2: responses checked and combined; results published (state ${results.election.state})`);
    await new Promise((r) => setTimeout(r, 600)); // let the stream deliver the final event
    watcher.stop();
    say(
      `results stream: ${watcher.events.get('turnout') ?? 0} turnout updates, ${watcher.events.get('result') ?? 0} final result event, ${watcher.events.get('station-sheet') ?? 0} station-sheet events (one per accepted tally sheet)`,
    );
    const online = withoutCancelled(outcome, cancelled);
    const onlineMatch = printResults(results, RANKED, online, f, BROWSER_VOTER !== undefined);
    const cancellations = await cancellationsOnBoard(http, ID);
    const districtOf = (c: string) => manifest.contests.find((x) => x.label === c)?.district;
    const paperMatch = printPaperResults(
      results,
      expectedPaper(manifest, stations),
      online.expected,
      districtOf,
    );
    console.log(
      `  cancellations: ${cancellations.credentials} credentials cancelled by a check-in, ${cancellations.ballots} online ballots not counted (paper wins); stations reported ${results.paper.stationsReported} of ${results.paper.stationsExpected}`,
    );
    if (!onlineMatch || !paperMatch) console.log('  SOME FIGURES DIFFER FROM THE EXPECTED ONES');

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
    const written = await writeStationSheets(stations, out);
    say(
      `${out}/stations/<station>/: each station's effective tally sheet as printed, sheet.pdf and its ${written} QR codes (sheet-<n>.png)`,
    );
    const letters = await writeLetters({
      electionId: ID,
      electionName: manifest.name.en ?? ID,
      issued: [...codes].map(([voterId, code]) => ({ voterId, code })),
      publicUrl: url,
      logPublicKey: summary.logPublicKey,
      out: join(out, 'letters'),
    });
    say(
      `${out}/letters/: ${letters.length} credential letters (PDF: code, voter page, tracker, log key and its QR code)`,
    );
  } catch (e) {
    // the server gone: its last words say why
    const exited = server.child.exitCode ?? server.child.signalCode;
    const last = server.stderr().trim().split('\n').slice(-6).join('\n  ');
    if (exited !== null || last)
      (e as Error).message += `\n  evident-server${exited !== null ? ` exited (${exited})` : ''}: ${last}`;
    server.child.kill('SIGTERM');
    throw e;
  } finally {
    if (!opts.serve) server.child.kill('SIGTERM');
    await eid.idp.close();
  }

  // 6. evident-verify
  say(`running evident-verify ${out}`);
  const valid = await verifyDemoRecord(bin.verify, out);
  console.log(valid ? '\nThe record is VALID.' : '\nThe record is INVALID.');
  say('demo finished');
  if (opts.serve)
    await serveUntilInterrupted(
      { base: url, id: ID, http, server: server.child, letters: join(out, 'letters') },
      say,
    );
  if (opts.keepWork) say(`work folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
  return valid ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    // a failed fetch says why only in its cause (refused, reset, timed out)
    const cause = e.cause instanceof Error ? ` (${e.cause.message})` : '';
    console.error(`demo failed: ${e.message}${cause}\n  work folder kept for a look: ${work}`);
    process.exit(1);
  },
);
