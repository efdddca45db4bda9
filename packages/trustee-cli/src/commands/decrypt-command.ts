/**
 * `decrypt` (spec/key-ceremony.md §9–10): a guardian's round 1 (partial decryptions) or round 2
 * (responses to the challenge the board fixed), for one request kind or — `--kind all` or a list,
 * with a board — for several in one run: the board is read and its signed head checked once,
 * every kind's request is then compared with what that one view justifies (§9.7), and only when
 * every kind holds is anything decrypted. A refusal names the kind and the entry or item.
 * @module
 */
import {
  decryptionUploadStatement,
  expectedGuardianChallenge,
  partialDecrypt,
  respondToChallenge,
} from '@evident/e2e-crypto';
import { EXIT, TrusteeError, refuse } from '../errors.js';
import {
  type DecryptionRequest,
  partialJson,
  readChallenge,
  readRequest,
  responseJson,
} from '../files/decryption-files.js';
import { type ElectionKey, keyShareCommitments, readElectionKey } from '../files/election-key.js';
import { secretScalar } from '../files/guardian-files.js';
import { writeJsonFile } from '../files/json-file.js';
import type { CommandIO, CommandResult } from '../io.js';
import type { SecretFile } from '../secret-store.js';
import { openSecret } from './ceremony-commands.js';
import { type DecryptJob, type DecryptOptions, decryptJobs, uploadOutput } from './decrypt-sources.js';
import { checkDecryptionTargets } from '../checks/decryption-targets.js';
import { checkRequestDigest } from '../checks/board-challenge.js';
import { checkedBefore, writeCheckedNote } from '../checks/checked-note.js';
import {
  batchProofNonce,
  decryptionSession,
  fixedChallenge,
  rememberAnswer,
  sessionNonce,
} from '../checks/decryption-session.js';
import { signingSecretOf, withSignature } from '../files/signing-key.js';

/** The upload signed with the guardian's signing key (spec/key-ceremony.md §13). */
function signUpload(
  ek: ElectionKey,
  s: SecretFile,
  kind: 'partial-decryption' | 'decryption-response',
  req: DecryptionRequest,
  file: Record<string, unknown>,
): Record<string, unknown> {
  const statement = decryptionUploadStatement(ek.hE, kind, req.kind, s.guardian.x, file);
  return withSignature(file, signingSecretOf(ek.guardians, s), statement);
}

function keyShareOf(ek: ElectionKey, s: SecretFile): bigint {
  if (!s.payload.keyShare)
    throw new TrusteeError(
      EXIT.PROTOCOL,
      s.path,
      'holds no key share yet: run `verify` with every guardian’s shares first',
    );
  const Pi = secretScalar(ek.c.G, s.payload.keyShare);
  const Ki = keyShareCommitments(ek).get(s.guardian.x);
  if (!ek.c.G.equals(ek.c.G.gExp(Pi), Ki))
    throw refuse(s.path, 'key share does not match the election key file (another election?)');
  return Pi;
}

/** A refusal of one kind among several, its message naming the kind (one kind: as it is). */
function ofKind(e: unknown, job: DecryptJob, several: boolean): unknown {
  if (!several || !(e instanceof TrusteeError)) return e;
  return new TrusteeError(e.exitCode, e.file, `kind "${job.kind}": ${e.message}`, e.field);
}

/** What one kind's answer needs besides its job: the key, the opened secret and its key share. */
interface Guardian {
  readonly ek: ElectionKey;
  readonly secret: SecretFile;
  readonly passphrase: string;
  readonly Pi: bigint;
}

/** Round 1 of one kind: the partial decryptions, signed, written and uploaded. */
async function partials(
  o: DecryptOptions,
  job: DecryptJob,
  req: DecryptionRequest,
  g: Guardian,
  io: CommandIO,
) {
  const { ek, secret } = g;
  const { src } = job;
  const session = decryptionSession(secret, req, src.round);
  const bar = io.progress(`partial decryption${job.kind ? ` (${job.kind})` : ''}`, req.items.length);
  const us = req.items.map((_, x) => sessionNonce(ek, secret, session, req, x));
  bar.tick(Math.floor(req.items.length / 2));
  const pds = partialDecrypt(
    ek.c.G,
    { K: ek.K, hE: ek.hE },
    secret.guardian.x,
    g.Pi,
    req.items.map((it) => it.target),
    us,
    batchProofNonce(ek, secret, req, session),
  );
  bar.tick(req.items.length - Math.floor(req.items.length / 2));
  bar.stop();
  const json = signUpload(
    ek,
    secret,
    'partial-decryption',
    req,
    partialJson(ek.c, req, secret.guardian, session, pds),
  );
  writeJsonFile(job.out, json);
  if (src.upload) await uploadOutput(src.upload, json);
  return { n: pds.items.length, session, outputs: [job.out] };
}

/** Round 2 of one kind: the responses to the board's (or the given) challenge. */
async function responses(o: DecryptOptions, job: DecryptJob, req: DecryptionRequest, g: Guardian) {
  const { ek, secret } = g;
  const { G } = ek.c;
  const { src } = job;
  const me = secret.guardian;
  const fixed = fixedChallenge(req, { ...o, out: job.out }, src);
  const ch = readChallenge(ek.c, req, fixed.path);
  const session = ch.sessions.get(me.x);
  if (!session) throw refuse(fixed.path, `does not include guardian ${me.id} in its quorum`, 'quorum');
  if (session !== decryptionSession(secret, req, fixed.round))
    throw refuse(
      fixed.path,
      `names another session for ${me.id} than its round-${fixed.round} partial decryptions of this request`,
      'quorum',
    );
  const ctx = { K: ek.K, hE: ek.hE };
  const cs = req.items.map((it, x) => {
    const ci = expectedGuardianChallenge(G, ctx, it.target, ch.combined[x]!, ch.U, ek.c.k, me.x);
    if (ci === undefined) throw refuse(fixed.path, 'challenge cannot be recomputed', `items[${x}]`);
    return ci;
  });
  rememberAnswer(o.secret, secret, g.passphrase, session, ch.U, cs, fixed.path);
  const vs = cs.map((ci, x) => respondToChallenge(G.q, sessionNonce(ek, secret, session, req, x), ci, g.Pi));
  const json = signUpload(ek, secret, 'decryption-response', req, responseJson(ek.c, req, me, session, vs));
  writeJsonFile(job.out, json);
  if (src.upload) await uploadOutput(src.upload, json);
  return {
    n: vs.length,
    round: fixed.round,
    outputs: [job.out, ...(fixed.path !== o.challenge ? [fixed.path] : [])],
  };
}

/** How a kind's answer was checked, for its message. */
function checkedText(job: DecryptJob, round2: boolean): string {
  const { src } = job;
  const head = src.board?.head;
  if (round2)
    return `${src.board ? `the board's challenge of round ${src.round}` : 'a challenge no board fixed (unchecked)'}${head ? `; board at tree size ${head.treeSize}, root ${head.rootHash}` : ''}`;
  return head
    ? `; checked against the board at tree size ${head.treeSize}, root ${head.rootHash}`
    : src.check
      ? '; checked against the record'
      : ' (unchecked: not compared with a record or board)';
}

/**
 * `decrypt`: round 1 (partial decryptions) or, with `challenge` / `respond`, round 2 (responses),
 * for each kind of the run. Every kind's request is first checked against the record or the board
 * (./decrypt-sources.ts, ../checks/decryption-targets.ts); round 2 answers only the challenge the
 * board fixed.
 */
export async function decryptCommand(o: DecryptOptions, io: CommandIO): Promise<CommandResult> {
  const ek = readElectionKey(o.election);
  const jobs = await decryptJobs(o);
  const several = jobs.length > 1;
  const { secret, passphrase } = await openSecret(ek.c, o.secret, io);
  const round2 = Boolean(o.challenge || o.respond);
  // every kind checked before anything is decrypted: one refusal stops the whole run; round 2
  // skips the recomputation only where round 1's note proves this board extends the one checked
  const reqs: DecryptionRequest[] = [];
  const reused: (number | undefined)[] = [];
  for (const job of jobs) {
    try {
      const req = readRequest(ek.c, job.src.request);
      const { board, check } = job.src;
      if (board) checkRequestDigest(board, req.kind, req.digest, job.src.request);
      const before = round2 && board ? checkedBefore(o.secret, secret, req, board) : undefined;
      if (check && before === undefined) await checkDecryptionTargets(ek, job.src.request, req, check, io);
      reqs.push(req);
      reused.push(before);
    } catch (e) {
      throw ofKind(e, job, several);
    }
  }
  const g: Guardian = { ek, secret, passphrase, Pi: keyShareOf(ek, secret) };
  if (!round2)
    jobs.forEach((job, t) => job.src.board && writeCheckedNote(o.secret, secret, reqs[t]!, job.src.board));
  const me = secret.guardian.id;
  const done: { job: DecryptJob; message: string; outputs: string[]; round: number; session?: string }[] = [];
  for (const [t, job] of jobs.entries()) {
    try {
      const up = job.src.upload ? '; uploaded' : '';
      if (round2) {
        const r = await responses(o, job, reqs[t]!, g);
        const at = reused[t];
        const how =
          at === undefined
            ? ''
            : `; its items as checked in round 1 at tree size ${at}, the board since extended by decryption entries only`;
        done.push({
          job,
          outputs: r.outputs,
          round: r.round,
          message: `${r.n} responses by ${me} to ${checkedText(job, true)}${how}${up}`,
        });
      } else {
        const r = await partials(o, job, reqs[t]!, g, io);
        done.push({
          job,
          outputs: r.outputs,
          round: job.src.round,
          session: r.session,
          message: `${r.n} partial decryptions by ${me} (round ${job.src.round})${checkedText(job, false)}${up}`,
        });
      }
    } catch (e) {
      throw ofKind(e, job, several);
    }
  }
  // the head the guardian checked against: compare it with the heads others see (a forked log
  // shows two heads of one size with different roots, both signed)
  const h = jobs[0]!.src.board?.head;
  const treeHead = h && { treeSize: h.treeSize, rootHash: h.rootHash };
  if (!several) {
    const [d] = done;
    return {
      ok: true,
      message: d!.message,
      outputs: d!.outputs,
      ...(d!.session ? { session: d!.session } : {}),
      round: d!.round,
      ...(treeHead ? { treeHead } : {}),
    };
  }
  return {
    ok: true,
    message: done.map((d) => `${d.job.kind}: ${d.message}`).join('\n'),
    outputs: done.flatMap((d) => d.outputs),
    kinds: done.map((d) => ({
      kind: d.job.kind,
      round: d.round,
      outputs: d.outputs,
      ...(d.session ? { session: d.session } : {}),
    })),
    ...(treeHead ? { treeHead } : {}),
  };
}
