/**
 * The million-voter run (`npm run bench:scale`): server nodes as real
 * processes on one database, an election set up through the API (in-process key ceremony), the
 * credentials issued and published in batches, the ballots made by the bulk generator (a process
 * of its own, over the one worker pool), cast over HTTP spread over the nodes, the election
 * closed, tallied and decrypted by simulated guardians as the tests do, the record exported by
 * `evident-server export` and checked by `evident-verify` — the real CLIs. Each step is timed,
 * each process's peak memory read, the database and the record measured, and every figure
 * projected to 1,000,000 beside the measured one.
 * @module
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomScalar, ristretto, toHex } from '@evident/e2e-crypto';
import { closeAndDecrypt, mustCall, setUpElection, type ClientElection } from '@evident/server/testing';
import type { GenerateJob, GenerateSummary } from './ballot-generator.js';
import { castFile } from './cast-http.js';
import { fetchCall, issueAll } from './credentials.js';
import { splitProfiles } from '../cpu-profile.js';
import { databaseBytes, isPostgres, serverBin, startNode, stopNode, type ServerNode } from './nodes.js';
import { mib, project, projectDatabase, sig } from './projection.js';
import { runChild, sizeOnDisk } from './proc-watch.js';
import type { ScaleOptions, ScaleReport } from './scale-report.js';

export type { ScaleOptions, ScaleReport } from './scale-report.js';

const ADMIN = 'evd_scale-admin-0123456789abcdef01234567';
const ELECTION = 'scale';
/** A compiled file beside this module (from dist/ even when this module runs from src/, as in tests). */
const here = (f: string): string =>
  fileURLToPath(new URL(f, import.meta.url)).replace(/([/\\])src([/\\]scale[/\\])/, '$1dist$2');

/** ristretto255 exponentiations per second in this thread (variable base). */
export function rawExpRate(ms = 1000): number {
  const P = ristretto.gExp(randomScalar(ristretto.q));
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < ms) {
    ristretto.exp(P, randomScalar(ristretto.q));
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

/** The `evident-verify` command file. */
const verifyBin = (): string => here('../../../verifier-cli/bin/evident-verify.js');

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

/** The first node's CPU by category (cpu-profile.ts), ms per thread group, from its first ballot on. */
function profileOfNode(dir: string): Record<string, Record<string, number>> {
  const { main, workers } = splitProfiles(dir);
  const round = (m: Record<string, number>): Record<string, number> =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v)]));
  return { ...(main ? { main: round(main.ms) } : {}), ...(workers ? { workers: round(workers.ms) } : {}) };
}

/** The grouped commits of a node so far (`GET /metrics`: writer.commits, writer.jobs). */
async function writerStats(base: string): Promise<{ commits: number; jobs: number }> {
  const r = await fetchCall(base, 30_000)('GET', '/metrics', undefined, ADMIN);
  const w = (r.json as { writer?: { commits?: number; jobs?: number } } | undefined)?.writer;
  return { commits: w?.commits ?? NaN, jobs: w?.jobs ?? NaN };
}

/**
 * Runs the whole election once.
 * @throws {Error} when a step fails (the nodes are stopped and, unless `keep`, the folder removed)
 */
export async function runScale(o: ScaleOptions): Promise<ScaleReport> {
  const log = o.log ?? (() => undefined);
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'evident-scale-'));
  const db = o.db ?? join(dir, 'scale.db');
  const env = { EVIDENT_ADMIN_TOKEN: ADMIN, ...(o.env ?? {}) };
  const loadBefore = loadavg();
  const nodes: ServerNode[] = [];
  const notes: string[] = [];
  // each step's figures as soon as it ends, so that an interrupted run still tells them
  const step = (name: string, figures: object): void => log(`step ${name} ${JSON.stringify(figures)}`);
  try {
    const expRate = rawExpRate();
    log(
      `raw exponentiation rate ${expRate.toFixed(0)}/s; starting ${o.nodes} node(s) on ${isPostgres(db) ? 'PostgreSQL' : db}`,
    );
    // the first node alone creates the schema; the others then join it
    const prof = o.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', o.cpuProfDir] : [];
    nodes.push(await startNode(db, env, o.serverArgs, 60_000, prof));
    for (let i = 1; i < o.nodes; i++) nodes.push(await startNode(db, env, o.serverArgs));
    const admin = fetchCall(nodes[0]!.base);

    let t = performance.now();
    const el = await setUpElection(admin, ADMIN, {
      id: ELECTION,
      voters: 0,
      open: false,
      options: o.options,
    });
    const setupSeconds = seconds(t);
    const dbEmpty = databaseBytes(db);

    log(`issuing ${o.voters} credentials in batches of ${o.batch}…`);
    const cred = await issueAll(admin, ADMIN, ELECTION, o.voters, o.ballots, o.batch, log);
    const dbAfterCredentials = databaseBytes(db);
    const credRss = nodes.map((n) => n.memory.peak());
    step('credentials', {
      seconds: sig(cred.seconds),
      perSecond: sig(cred.credentialsPerSecond),
      batchSeconds: cred.batchSeconds.map(sig),
      serverPeakRssMB: credRss.map(mib),
      databaseMB: mib(dbAfterCredentials),
    });
    await mustCall(admin, ADMIN)('POST', `/elections/${ELECTION}/open`);

    log(`generating ${o.ballots} ballots…`);
    const G = el.client.ctx.G;
    const election: ClientElection = {
      profile: G.name,
      manifest: el.manifest,
      jointKey: toHex(G.encode(el.client.ctx.pk.K)),
      extendedBaseHash: toHex(el.client.ctx.hE),
    };
    const ballotsFile = join(dir, 'ballots.jsonl');
    const job: GenerateJob = {
      election,
      codes: cred.codes,
      out: ballotsFile,
      ...(o.generatorThreads !== undefined ? { threads: o.generatorThreads } : {}),
    };
    const jobFile = join(dir, 'generate-job.json');
    writeFileSync(jobFile, JSON.stringify(job));
    const gen = await runChild(process.execPath, [here('./generate-cli.js'), jobFile], {
      timeoutMs: 120_000 + o.ballots * 200,
    });
    if (gen.code !== 0)
      throw new Error(`the ballot generator failed (${gen.code}): ${gen.stderr.slice(-1000)}`);
    const generated = JSON.parse(gen.stdout) as GenerateSummary;
    step('generate', { ...generated, peakRssMB: mib(gen.peakRssBytes) });

    log(`casting ${o.ballots} ballots, ${o.concurrency} in flight over ${nodes.length} node(s)…`);
    const writer0 = await Promise.all(nodes.map((n) => writerStats(n.base)));
    const cpu0 = nodes.map((n) => n.cpuMs());
    const dbCpu0 = o.dbCpuMs?.() ?? NaN;
    const stmts0 = o.dbStatements?.();
    const cast = await castFile(
      nodes.map((n) => n.base),
      ELECTION,
      ballotsFile,
      { concurrency: o.concurrency, every: 10_000, progress: (k) => log(`cast: ${k} answered`) },
    );
    const castCpuMs = nodes.reduce((a, n, i) => a + n.cpuMs() - cpu0[i]!, 0);
    const castDbCpuMs = (o.dbCpuMs?.() ?? NaN) - dbCpu0;
    const stmts1 = o.dbStatements?.();
    const writer1 = await Promise.all(nodes.map((n) => writerStats(n.base)));
    const commits = writer1.map((w, i) => w.commits - writer0[i]!.commits);
    const jobs = writer1.map((w, i) => w.jobs - writer0[i]!.jobs);
    const allCommits = commits.reduce((a, c) => a + c, 0);
    const dbAfterCasting = databaseBytes(db);
    step('cast', {
      ...cast,
      serverCpuMsPerCast: sig(castCpuMs / Math.max(1, cast.acknowledged)),
      serverPeakRssMB: nodes.map((n) => mib(n.memory.peak())),
      databaseMB: mib(dbAfterCasting),
    });
    if (!o.keepBallots) rmSync(ballotsFile, { force: true });

    log('closing, tallying, decrypting (guardians 1 and 2 of 3)…');
    t = performance.now();
    await closeAndDecrypt(admin, ADMIN, el, 3, 2);
    const tallySeconds = seconds(t);
    const results = (await admin('GET', `/elections/${ELECTION}/results`)).json;
    const dbFinal = databaseBytes(db);
    step('tally', { seconds: sig(tallySeconds), databaseMB: mib(dbFinal) });
    const nodeRss = nodes.map((n) => n.memory.peak());
    for (const n of nodes.splice(0)) await stopNode(n);
    const profile = o.cpuProfDir ? profileOfNode(o.cpuProfDir) : undefined;

    log('exporting the record…');
    const record = join(dir, 'record');
    const exp = await runChild(
      process.execPath,
      [serverBin(), 'export', '--db', db, '--election', ELECTION, '--out', record],
      { env, timeoutMs: 600_000 + o.ballots * 50 },
    );
    if (exp.code !== 0)
      throw new Error(`evident-server export failed (${exp.code}): ${exp.stderr.slice(-1000)}`);
    const recordBytes = sizeOnDisk(record);
    step('export', {
      seconds: sig(exp.seconds),
      recordMB: mib(recordBytes),
      peakRssMB: mib(exp.peakRssBytes),
    });

    log('verifying the record with evident-verify…');
    const ver = await runChild(process.execPath, [verifyBin(), record, '--json'], {
      timeoutMs: 600_000 + o.ballots * 100,
    });
    let verdict: { valid?: boolean; counts?: Record<string, number>; failures?: number } = {};
    try {
      const r = JSON.parse(ver.stdout) as {
        valid: boolean;
        counts: Record<string, number>;
        steps: { failures?: unknown[] }[];
      };
      verdict = {
        valid: r.valid,
        counts: r.counts,
        failures: r.steps.reduce((a, s) => a + (s.failures?.length ?? 0), 0),
      };
    } catch {
      notes.push(`evident-verify printed no JSON report (exit ${ver.code}): ${ver.stderr.slice(-500)}`);
    }

    const votes = countVotes(results);
    const expected = expectedVotes(o.options, cast.acknowledged);
    const B = cast.acknowledged;
    const dbp = projectDatabase(dbEmpty, dbAfterCredentials, dbAfterCasting, o.voters, B);
    notes.push(
      `the machine is shared (${cpus().length} cores for everyone, other benchmarks may run): absolute figures are noisy; the ratios to the raw exponentiation rate, measured in this run, compare better`,
      "projections to 1,000,000 are linear in the count that drives each figure (credentials or ballots): an upper bound for steps with a fixed cost (the tally's is mostly fixed at small counts)",
      'memory is measured, not projected: the peak of a streaming step does not grow in proportion to the count, and a linear guess would mislead; compare the peaks of a --quick run and a full one',
      'each ballot is the first of its credential chain: its own encryption, range and contest proofs and credential signature (nothing replayed)',
    );
    if (isPostgres(db) && !Number.isFinite(dbFinal))
      notes.push('database size: psql not found, not measured');
    return {
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? '',
        node: process.version,
        loadavgBefore: loadBefore,
        loadavgAfter: loadavg(),
      },
      parameters: {
        voters: o.voters,
        ballots: o.ballots,
        nodes: o.nodes,
        db: isPostgres(db) ? 'postgres' : 'sqlite',
        concurrency: o.concurrency,
        options: o.options,
        batch: o.batch,
      },
      rawExpPerSecond: sig(expRate),
      setup: { seconds: sig(setupSeconds) },
      credentials: {
        issued: o.voters,
        published: cred.total,
        batches: cred.batches,
        seconds: sig(cred.seconds),
        perSecond: sig(cred.credentialsPerSecond),
        batchSeconds: cred.batchSeconds.map(sig),
        serverPeakRssMB: credRss.map(mib),
        projected1M: { seconds: sig(project(cred.seconds, o.voters)) },
      },
      generate: {
        ballots: generated.ballots,
        threads: generated.threads,
        seconds: sig(generated.seconds),
        ballotsPerSecond: sig(generated.ballotsPerSecond),
        ratioToRawExp: sig(generated.ballotsPerSecond / expRate),
        fileMB: mib(generated.bytes),
        peakRssMB: mib(gen.peakRssBytes),
        projected1M: {
          seconds: sig(project(generated.seconds, generated.ballots)),
          fileMB: mib(project(generated.bytes, generated.ballots)),
        },
      },
      cast: {
        sent: cast.sent,
        acknowledged: cast.acknowledged,
        statuses: cast.statuses,
        perNode: cast.perNode,
        seconds: sig(cast.seconds),
        castsPerSecond: sig(cast.castsPerSecond),
        ratioToRawExp: sig(cast.castsPerSecond / expRate),
        latencyMs: {
          p50: sig(cast.latencyMs.p50),
          p95: sig(cast.latencyMs.p95),
          p99: sig(cast.latencyMs.p99),
          max: sig(cast.latencyMs.max),
        },
        castsPerSecondPerNode: cast.perNode.map((k) => sig(k / cast.seconds)),
        serverCpuMsPerCast: sig(castCpuMs / Math.max(1, B)),
        databaseCpuMsPerCast: sig(castDbCpuMs / Math.max(1, B)),
        ...(stmts0 && stmts1
          ? {
              databaseStatements: {
                perCast: sig((stmts1.statements - stmts0.statements) / Math.max(1, B)),
                lockWaitMsMean: sig(
                  (stmts1.lockMs - stmts0.lockMs) / Math.max(1, stmts1.lockCalls - stmts0.lockCalls),
                ),
              },
            }
          : {}),
        commits: {
          perNode: commits,
          jobsPerCommit: jobs.map((j, i) => sig(j / Math.max(1, commits[i]!))),
          meanMsBetweenCommits: sig((cast.seconds * 1000) / Math.max(1, allCommits)),
        },
        serverPeakRssMB: nodeRss.map(mib),
        ...(profile ? { firstNodeProfile: profile } : {}),
        projected1M: { seconds: sig(project(cast.seconds, B)) },
      },
      tally: { seconds: sig(tallySeconds), projected1M: { seconds: sig(project(tallySeconds, B)) } },
      database: {
        emptyMB: mib(dbEmpty),
        afterCredentialsMB: mib(dbAfterCredentials),
        afterCastingMB: mib(dbAfterCasting),
        finalMB: mib(dbFinal),
        bytesPerCredential: sig(dbp.perCredential),
        bytesPerBallot: sig(dbp.perBallot),
        projected1M: { MB: mib(dbp.projected1M) },
      },
      export: {
        seconds: sig(exp.seconds),
        recordMB: mib(recordBytes),
        peakRssMB: mib(exp.peakRssBytes),
        projected1M: {
          seconds: sig(project(exp.seconds, B)),
          recordMB: mib(project(recordBytes, B)),
        },
      },
      verify: {
        exitCode: ver.code,
        valid: verdict.valid === true,
        failures: verdict.failures ?? NaN,
        counts: verdict.counts ?? {},
        seconds: sig(ver.seconds),
        ballotsPerSecond: sig(B / ver.seconds),
        ratioToRawExp: sig(B / ver.seconds / expRate),
        peakRssMB: mib(ver.peakRssBytes),
        projected1M: { seconds: sig(project(ver.seconds, B)) },
      },
      checks: {
        credentialsPublished: cred.total === o.voters,
        everyBallotAcknowledged: B === o.ballots && cast.sent === o.ballots,
        tallyCountsEveryBallot: votes.total === B,
        tallyMatchesChoices: JSON.stringify(votes.byOption) === JSON.stringify(expected),
        recordVerifies: ver.code === 0 && verdict.valid === true,
      },
      notes,
    };
  } finally {
    for (const n of nodes) await stopNode(n, 10_000).catch(() => undefined);
    if (o.keep) log(`kept ${dir}`);
    else if (!o.dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Votes per option of contest c1 in the published results, and their total. */
function countVotes(results: {
  results?: { contests?: { label: string; selections: { label: string; value: number }[] }[] };
}): { total: number; byOption: Record<string, number> } {
  const c1 = results.results?.contests?.find((c) => c.label === 'c1');
  const byOption: Record<string, number> = {};
  let total = 0;
  for (const s of c1?.selections ?? []) {
    byOption[s.label] = s.value;
    total += s.value;
  }
  return { total, byOption };
}

/** The votes per option when voter i (0-based) chose option i mod `options`, for `ballots` voters. */
function expectedVotes(options: number, ballots: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let j = 0; j < options; j++)
    out[`o${j + 1}`] = Math.floor(ballots / options) + (j < ballots % options ? 1 : 0);
  return out;
}
