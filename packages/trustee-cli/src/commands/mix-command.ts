/**
 * `mix`: a guardian's stage of a ranked contest's mix chain (spec/server-api.md §7.5,
 * spec/mixnet.md §3–5). It reads the mix so far — from a file (`--input`, carried by hand to an
 * offline machine) or from the server (`--server`, streamed to a file) — verifies it end to end
 * a value at a time (every ballot's proofs, every earlier stage's proof of shuffle, chained, by
 * the streamed verifier on files: spec/mixnet.md §8.7), shuffles the latest rows with a fresh
 * permutation and re-encryption nonces from its own CSPRNG, proves the shuffle (Terelius–
 * Wikström), writes the stage file and, with `--server`, uploads it. The witness (permutation and
 * nonces) lives only in memory and is gone when the command ends. The stage is signed with the
 * guardian's signing key from its secret file (spec/key-ceremony.md §13), so that nobody else can
 * upload a stage under its number; its key share is not used.
 * @module
 */
import { createReadStream, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type Group, publicKey } from '@evident/e2e-crypto';
import { type TaskRunner, createPool } from '@evident/e2e-crypto/mixnet-parallel';
import { EXIT, TrusteeError } from '../errors.js';
import { type ElectionKey, readElectionKey } from '../files/election-key.js';
import { contestSession } from '../files/mix-files.js';
import { type StreamedMix, verifyMixInputFile } from '../files/mix-input-stream.js';
import type { CommandIO, CommandResult } from '../io.js';
import { signingSecretOf } from '../files/signing-key.js';
import { fetchJson, fetchToFile, trusteeToken } from '../server-requests.js';
import { openSecret } from './ceremony-commands.js';
import { proveStageOnFiles, removeWorkDir, stageWorkDir } from './mix-stage-files.js';

/** Options of `mix`. */
export interface MixOptions {
  readonly election: string;
  /** this guardian's secret file: its signing key signs the stage */
  readonly secret: string;
  /** this guardian's name; when given, it must be the secret file's */
  readonly guardian?: string;
  readonly out: string;
  /** offline: the mix file (`GET …/ranked/{contest}/mix`) */
  readonly input?: string;
  /** online: the server's base URL, the election and the contest */
  readonly server?: string;
  readonly electionId?: string;
  readonly contest?: string;
  /** a file holding this guardian's trustee token (else $EVIDENT_TRUSTEE_TOKEN) */
  readonly tokenFile?: string;
  /** worker threads for shuffling and proving (default 0: this thread, the faster on 2 cores) */
  readonly threads?: number;
}

function tokenOf(o: MixOptions): string {
  const t = trusteeToken(o.tokenFile);
  if (t === undefined)
    throw new TrusteeError(
      EXIT.USAGE,
      undefined,
      '--server needs a trustee token: --token-file or EVIDENT_TRUSTEE_TOKEN',
    );
  return t;
}

/**
 * Reads the mix so far (file, or the server's answer streamed to `<work>/mix-input.json`) and
 * verifies it end to end a value at a time, into the files of `work` (../files/mix-input-stream.ts).
 */
async function readVerifiedMix(
  o: MixOptions,
  ek: ElectionKey,
  source: string,
  url: string | undefined,
  work: string,
  runner: TaskRunner,
  io: CommandIO,
): Promise<StreamedMix> {
  let file = o.input;
  if (file === undefined) {
    file = join(work, 'mix-input.json');
    await fetchToFile(url!, file);
  }
  io.info(`verifying the ballots and the stages of ${source}`);
  return verifyMixInputFile(ek, file, source, work, runner);
}

/** `mix --election election-key.json --guardian NAME (--input FILE | --server URL --election-id ID --contest C) -o FILE`. */
export async function mixCommand(o: MixOptions, io: CommandIO): Promise<CommandResult> {
  if ((o.input === undefined) === (o.server === undefined))
    throw new TrusteeError(
      EXIT.USAGE,
      undefined,
      'give either --input FILE or --server URL (with --election-id and --contest)',
    );
  if (o.server !== undefined && (!o.electionId || !o.contest))
    throw new TrusteeError(EXIT.USAGE, undefined, '--server needs --election-id and --contest');
  const ek = readElectionKey(o.election);
  if (o.guardian !== undefined && !ek.c.guardians.some((g) => g.id === o.guardian))
    throw new TrusteeError(
      EXIT.USAGE,
      o.election,
      `"${o.guardian}" is not a guardian of this ceremony (${ek.c.guardians.map((g) => g.id).join(', ')})`,
      'guardians',
    );
  const { secret } = await openSecret(ek.c, o.secret, io);
  const me = secret.guardian;
  if (o.guardian !== undefined && o.guardian !== me.id)
    throw new TrusteeError(EXIT.USAGE, o.secret, `is the secret file of ${me.id}, not of ${o.guardian}`);
  const signingSecret = signingSecretOf(ek.guardians, secret);
  const token = o.server !== undefined ? tokenOf(o) : undefined;
  const url =
    o.server !== undefined
      ? `${o.server.replace(/\/+$/, '')}/elections/${encodeURIComponent(o.electionId!)}/ranked/${encodeURIComponent(o.contest!)}/mix`
      : undefined;
  const source = o.input ?? url!;
  const threads = o.threads ?? 0;
  if (!Number.isSafeInteger(threads) || threads < 0 || threads > 256)
    throw new TrusteeError(EXIT.USAGE, undefined, '--threads must be an integer from 0 to 256');
  const G = ek.c.G as Group<unknown>;
  const work = stageWorkDir(o.out);
  const pool = await createPool(threads);
  let mix: StreamedMix;
  try {
    mix = await readVerifiedMix(o, ek, source, url, work, pool, io);
    if (mix.next >= mix.required)
      throw new TrusteeError(
        EXIT.PROTOCOL,
        source,
        `the mix of "${mix.contestId}" is complete (${mix.required} stages)`,
        'next',
      );
    if (mix.mixers.includes(me.x))
      throw new TrusteeError(EXIT.PROTOCOL, source, `${me.id} already mixed "${mix.contestId}"`, 'stages');
    io.info(
      `shuffling ${mix.N} rows of ${mix.w} ciphertexts and proving it (stage ${mix.next} of "${mix.contestId}")`,
    );
    const job = {
      G,
      pk: publicKey(G, ek.K),
      session: contestSession(ek.hE, mix.contestId),
      hE: ek.hE,
      head: { ceremonyId: ek.c.id, contestId: mix.contestId, stage: mix.next, guardian: me },
      signingSecret,
      runner: pool,
    };
    const dir = join(work, 'new-stage');
    mkdirSync(dir);
    await proveStageOnFiles(job, dir, mix.rowsPath, mix.N, mix.w, o.out);
  } finally {
    await pool.close();
    removeWorkDir(work);
  }
  const N = mix.N;
  const w = mix.w;
  let uploaded: unknown;
  if (url !== undefined) {
    // the stage file streamed from disk, not read into memory; sent again (a new stream) when the
    // connection closes under it: after a long proof the kept-alive connection of the GET may have
    // been closed by the server while this process was too busy to notice (a stage already
    // accepted is refused with its coded error, never accepted twice)
    const init = () =>
      ({
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(statSync(o.out).size),
          authorization: `Bearer ${token}`,
        },
        body: Readable.toWeb(createReadStream(o.out)),
        duplex: 'half',
      }) as unknown as RequestInit;
    uploaded = await fetchJson(url, init, 2);
  }
  return {
    ok: true,
    message:
      `stage ${mix.next} of "${mix.contestId}" by ${me.id}: ${N} rows × ${w} shuffled and proved, ` +
      `after verifying ${mix.ballots} ballots and ${mix.stages} earlier stage${mix.stages === 1 ? '' : 's'}` +
      (url !== undefined ? '; uploaded and accepted' : ''),
    outputs: [o.out],
    contestId: mix.contestId,
    stage: mix.next,
    rows: N,
    ...(uploaded !== undefined ? { server: uploaded } : {}),
  };
}
