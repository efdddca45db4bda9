/**
 * Verifies an ElectionGuard 2.0 election record in egk's JSON layout: every verification step
 * of EG 2.0 §6.2 that applies, numbered as in the specification (spec/verification-eg2.md).
 *
 * Steps 1–4 and the record-wide checks run in this thread; ballots, challenged ballots and the
 * tally's decryptions are verified by worker threads on every core (pool.ts).
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stepCollector, type StepResult, type VerificationReport } from '../report.js';
import type { BallotSummary } from './ballot-checks.js';
import type { ChallengedSummary } from './challenged-checks.js';
import type { ContextData } from './context.js';
import { mergeLog, newLog, type FindingLog } from './findings.js';
import type { Job } from './jobs.js';
import { UnreadableRecordError } from './json-node.js';
import { acceleratedEg4096 } from './openssl-group.js';
import { defaultWorkers, runJobs, workersAvailable } from './pool.js';
import {
  checkAggregation,
  checkChain,
  checkChallengedBinding,
  checkDuplicates,
  checkElectionIds,
  checkTallyLabels,
} from './record-checks.js';
import {
  FILES,
  looksLikeEg2Record,
  readBallotChain,
  readConfig,
  readConstants,
  readDecrypted,
  readEncryptedTally,
  readInitialized,
  readLayout,
  readManifest,
} from './record-reader.js';
import type { Eg2Ciphertext } from './record-types.js';
import {
  checkElectionKey,
  checkExtendedBaseHash,
  checkGuardianKeys,
  checkParameters,
} from './setup-checks.js';

/** Options of {@link verifyElectionGuardRecord}. */
export interface Eg2VerifyOptions {
  /** Called after each ballot, challenged ballot and tally contest. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Worker threads; default every core (0 when running from TypeScript sources). */
  readonly workers?: number;
}

/** Titles of EG 2.0 Verifications 1–18. */
export const STEP_TITLES: Readonly<Record<string, string>> = {
  '1': 'Parameter validation',
  '2': 'Guardian public-key validation',
  '3': 'Election public-key validation',
  '4': 'Extended base hash validation',
  '5': 'Well-formedness of selection encryptions',
  '6': 'Adherence to vote limits',
  '7': 'Validation of confirmation codes',
  '8': 'Correctness of ballot aggregation',
  '9': 'Correctness of tally decryptions',
  '10': 'Validation of correct decryption of tallies',
  '11': 'Correctness of decryptions of contest data',
  '12': 'Correctness of decryptions for challenged ballots',
  '13': 'Validation of correct decryption of challenged ballots',
  '14': 'Correctness of contest data decryptions for challenged ballots',
  '15': 'Well-formedness of selection encryptions in pre-encrypted ballots',
  '16': 'Adherence to vote limits in pre-encrypted ballots',
  '17': 'Validation of confirmation codes in pre-encrypted ballots',
  '18': 'Validation of short codes in pre-encrypted ballots',
};

/**
 * True when `dir` holds an ElectionGuard 2.0 record in egk's JSON layout (constants.json,
 * election_config.json, manifest.json and election_initialized.json or encrypted_ballots/).
 */
export function isElectionGuardRecord(dir: string): boolean {
  return looksLikeEg2Record(dir);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Verifies the record in `dir`.
 * @returns the report: one entry per Verification 1–18, passed, failed (with the failing ballot,
 *   contest, selection or guardian) or skipped with the reason
 * @throws {UnreadableRecordError} (an `InvalidDataError`) when a file is missing or malformed
 *   or a field is missing or of the wrong type; the error names the file and the field
 */
export async function verifyElectionGuardRecord(
  dir: string,
  opts: Eg2VerifyOptions = {},
): Promise<VerificationReport> {
  const t0 = performance.now();
  const workers = Math.max(0, Math.floor(opts.workers ?? defaultWorkers()));
  // With workers, this thread does only a few dozen exponentiations: BigInt is cheaper than
  // building an OpenSSL context (~2 s).
  const G = acceleratedEg4096(undefined, workers === 0 || !workersAvailable());
  const constants = readConstants(dir);
  const manifest = readManifest(dir);
  const config = readConfig(dir);
  const init = readInitialized(dir);
  const layout = readLayout(dir);
  const encryptedTally = existsSync(join(dir, FILES.encryptedTally)) ? readEncryptedTally(dir) : undefined;
  const tally = existsSync(join(dir, FILES.tally)) ? readDecrypted(dir, FILES.tally) : undefined;
  const chains = new Map([...layout.chains].map(([device, file]) => [device, readBallotChain(dir, file)]));

  const log = newLog();
  checkParameters(G, constants, config, manifest, log);
  checkGuardianKeys(G, config, init, log);
  checkElectionKey(G, init, log);
  checkExtendedBaseHash(G, config, init, log);

  // Verifications 5–7.B, 9–14 per item, on every core
  const data: ContextData = {
    dir,
    K: init.jointPublicKey,
    hE: init.extendedBaseHash,
    contests: manifest.contests,
  };
  const lanes = Math.max(1, workers);
  const ballotFiles = [...layout.devices.values()].flat();
  const tallyContests = tally?.contests.map((c) => c.id) ?? [];
  const jobs: Job[] = [
    ...chunks(ballotFiles, Math.max(1, Math.min(25, Math.ceil(ballotFiles.length / (lanes * 4))))).map(
      (files): Job => ({ kind: 'ballots', files }),
    ),
    ...chunks(layout.challenged, Math.max(1, Math.ceil(layout.challenged.length / (lanes * 2)))).map(
      (files): Job => ({ kind: 'challenged', files }),
    ),
    ...chunks(tallyContests, Math.max(1, Math.ceil(tallyContests.length / (lanes * 2)))).map(
      (contests): Job => ({ kind: 'tally', file: FILES.tally, contests }),
    ),
  ];
  const total = ballotFiles.length + layout.challenged.length + tallyContests.length;
  let done = 0;
  opts.onProgress?.(0, total);
  const results = await runJobs(data, jobs, workers, () => opts.onProgress?.(++done, total));

  const ballots: BallotSummary[] = [];
  const challenged: ChallengedSummary[] = [];
  const aggregate = new Map<string, Eg2Ciphertext>();
  for (const r of results) {
    if (r.unreadable)
      throw new UnreadableRecordError(r.unreadable.file, r.unreadable.path, r.unreadable.detail);
    mergeLog(log, r.log);
    ballots.push(...r.ballots);
    challenged.push(...r.challenged);
    for (const [k, alpha, beta] of r.aggregate) {
      const acc = aggregate.get(k);
      aggregate.set(
        k,
        acc ? { alpha: G.mul(acc.alpha, alpha), beta: G.mul(acc.beta, beta) } : { alpha, beta },
      );
    }
  }

  // Record-wide checks
  checkElectionIds(
    init.extendedBaseHash,
    [
      ...ballots.map((b) => ({ where: `ballot ${b.ballotId} (${b.file})`, id: b.electionId })),
      ...challenged.map((d) => ({ where: d.file, id: d.electionId })),
      ...(tally ? [{ where: FILES.tally, id: toHexString(tally.electionId) }] : []),
      ...(encryptedTally
        ? [{ where: FILES.encryptedTally, id: toHexString(encryptedTally.electionId) }]
        : []),
    ],
    log,
  );
  checkDuplicates(ballots, log);
  if (config.chainConfirmationCodes) {
    for (const [device, files] of layout.devices) {
      const inFolder = new Set(files);
      checkChain(
        init.extendedBaseHash,
        config,
        device,
        chains.get(device),
        ballots.filter((b) => inFolder.has(b.file)),
        log,
      );
    }
  }
  if (encryptedTally || tally) checkAggregation(G, manifest, aggregate, ballots, encryptedTally, tally, log);
  if (tally) checkTallyLabels(manifest, tally, ballots, log);
  checkChallengedBinding(ballots, challenged, log);

  const steps = buildSteps(log, {
    ballots: ballots.length,
    tally: tally !== undefined,
    aggregation: tally !== undefined || encryptedTally !== undefined,
    tallyContestData: tally?.contests.some((c) => c.contestData !== undefined) ?? false,
    challenged: challenged.length + ballots.filter((b) => b.state === 'SPOILED').length,
    chained: config.chainConfirmationCodes,
    preencrypted: ballots.filter((b) => b.isPreencrypt).map((b) => b.ballotId),
  });
  return {
    format: 'electionguard-2.0',
    profile: 'eg-4096',
    recordPath: dir,
    valid: steps.every((s) => s.status !== 'failed'),
    steps,
    seconds: (performance.now() - t0) / 1000,
    counts: {
      guardians: init.guardians.length,
      contests: manifest.contests.length,
      options: manifest.contests.reduce((n, c) => n + c.options.length, 0),
      ballots: ballots.length,
      cast: ballots.filter((b) => b.state === 'CAST').length,
      challenged: challenged.length,
    },
  };
}

function toHexString(b: Uint8Array): string {
  return Buffer.from(b).toString('hex').toUpperCase();
}

interface Applicability {
  readonly ballots: number;
  readonly tally: boolean;
  readonly aggregation: boolean;
  readonly tallyContestData: boolean;
  readonly challenged: number;
  readonly chained: boolean;
  readonly preencrypted: readonly string[];
}

const FORM_NAMES: Readonly<Record<string, string>> = {
  egk: 'egk’s encoding',
  spec: 'the 2.0.0 encoding',
};

/** Notes saying which hash form each egk-specific check matched ("7.B in egk’s encoding: 11"). */
function formNotes(log: FindingLog, step: string): string[] {
  return Object.entries(log.forms)
    .filter(([k]) => k.startsWith(`${step}.`))
    .map(([k, n]) => {
      const [check, form] = k.split(':') as [string, string];
      return `${check} in ${FORM_NAMES[form] ?? form} (${n})`;
    });
}

/** Turns the findings into the report's steps 1–18, with skip reasons. */
function buildSteps(log: FindingLog, a: Applicability): StepResult[] {
  const skip: Record<string, string> = {};
  if (a.ballots === 0) for (const s of ['5', '6', '7']) skip[s] = 'the record has no encrypted ballots';
  if (!a.aggregation) skip['8'] = 'the record has no tally';
  if (!a.tally) for (const s of ['9', '10']) skip[s] = 'the record has no decrypted tally (tally.json)';
  if (!a.tallyContestData) {
    skip['11'] =
      'the decrypted tally holds no decrypted contest data (egk decrypts contest data of challenged ballots only)';
  }
  if (a.challenged === 0)
    for (const s of ['12', '13', '14']) skip[s] = 'the record has no challenged ballots';
  const extraNotes: Record<string, string[]> = {};
  if (!a.chained && a.ballots > 0)
    extraNotes['7'] = ['7.D–7.G not applicable: chain_confirmation_codes is false'];
  const preFindings = a.preencrypted.slice(0, 50);
  return Object.keys(STEP_TITLES).map((id) => {
    const c = stepCollector(id, STEP_TITLES[id]!);
    if (['15', '16', '17', '18'].includes(id)) {
      if (preFindings.length === 0) return c.skip('the record has no pre-encrypted ballots');
      for (const b of preFindings)
        c.fail(`${id}`, `ballot ${b}`, 'pre-encrypted ballots are not supported by this verifier');
      return c.done();
    }
    if (skip[id] !== undefined && !log.findings.some((f) => f.step === id)) return c.skip(skip[id]!);
    for (let i = 0; i < (log.checked[id] ?? 0); i++) c.item();
    for (const f of log.findings) if (f.step === id) c.fail(f.check, f.where, f.message);
    const notes = [...(extraNotes[id] ?? []), ...formNotes(log, id)];
    return c.done(notes.length > 0 ? notes.join('; ') : undefined);
  });
}
