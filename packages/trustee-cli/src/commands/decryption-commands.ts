/**
 * Decryption commands (spec/key-ceremony.md §9–11): `decrypt` (a guardian's round 1, or round 2
 * with --challenge) and `combine` (the administrator: challenge from the partials, or the final
 * verified decryption from the responses).
 * @module
 */
import {
  type Ciphertext,
  type HashedCiphertext,
  combineRound1,
  combineRound2,
  contestDataContext,
  decryptionUploadStatement,
  discreteLog,
  expectedGuardianChallenge,
  hashedDecrypt,
  partialDecrypt,
  publicKey,
  respondToChallenge,
  toHex,
  verifyContestDataDecryption,
  verifySelectionDecryption,
  chaumPedersenToJson,
} from '@evident/e2e-crypto';
import { EXIT, TrusteeError, refuse } from '../errors.js';
import {
  type DecryptionRequest,
  type PartialFile,
  RESULT_FORMAT,
  challengeJson,
  partialJson,
  readChallenge,
  readPartial,
  readRequest,
  readResponse,
  responseJson,
} from '../files/decryption-files.js';
import { type ElectionKey, keyShareCommitments, readElectionKey } from '../files/election-key.js';
import { secretScalar } from '../files/guardian-files.js';
import { FILE_VERSION, hexElement, writeJsonFile } from '../files/json-file.js';
import type { CommandIO, CommandResult } from '../io.js';
import type { SecretFile } from '../secret-store.js';

import { openSecret } from './ceremony-commands.js';
import { type DecryptOptions, decryptSources, uploadOutput } from './decrypt-sources.js';
import { checkDecryptionTargets } from '../checks/decryption-targets.js';
import {
  batchProofNonce,
  decryptionSession,
  fixedChallenge,
  rememberAnswer,
  sessionNonce,
} from '../checks/decryption-session.js';
import { checkUploadSignature, signingSecretOf, withSignature } from '../files/signing-key.js';

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

/**
 * `decrypt`: round 1 (partial decryptions) or, with `challenge` / `respond`, round 2 (responses).
 * The request is first checked against a record or the board (./decrypt-sources.ts,
 * ../checks/decryption-targets.ts); round 2 answers only the challenge the board fixed.
 */
export async function decryptCommand(o: DecryptOptions, io: CommandIO): Promise<CommandResult> {
  const ek = readElectionKey(o.election);
  const { G } = ek.c;
  const src = await decryptSources(o);
  const req = readRequest(ek.c, src.request);
  if (src.check) await checkDecryptionTargets(ek, src.request, req, src.check, io);
  const { secret, passphrase } = await openSecret(ek.c, o.secret, io);
  const Pi = keyShareOf(ek, secret);
  const ctx = { K: ek.K, hE: ek.hE };
  const me = secret.guardian;
  // the head the guardian checked against: compare it with the heads others see (a forked log
  // shows two heads of one size with different roots, both signed)
  const head = src.board && { treeSize: src.board.head.treeSize, rootHash: src.board.head.rootHash };
  const checked = head
    ? `; checked against the board at tree size ${head.treeSize}, root ${head.rootHash}`
    : src.check
      ? '; checked against the record'
      : ' (unchecked: not compared with a record or board)';
  if (!o.challenge && !o.respond) {
    const session = decryptionSession(secret, req, src.round);
    const bar = io.progress('partial decryption', req.items.length);
    const us = req.items.map((_, x) => sessionNonce(ek, secret, session, req, x));
    bar.tick(Math.floor(req.items.length / 2));
    const pds = partialDecrypt(
      G,
      ctx,
      me.x,
      Pi,
      req.items.map((it) => it.target),
      us,
      batchProofNonce(ek, secret, req, session),
    );
    bar.tick(req.items.length - Math.floor(req.items.length / 2));
    bar.stop();
    const json = signUpload(ek, secret, 'partial-decryption', req, partialJson(ek.c, req, me, session, pds));
    writeJsonFile(o.out, json);
    if (src.upload) await uploadOutput(src.upload, json);
    return {
      ok: true,
      message: `${pds.items.length} partial decryptions by ${me.id} (round ${src.round})${checked}${src.upload ? '; uploaded' : ''}`,
      outputs: [o.out],
      session,
      round: src.round,
      ...(head ? { treeHead: head } : {}),
    };
  }
  const fixed = fixedChallenge(req, o, src);
  const ch = readChallenge(ek.c, req, fixed.path);
  const session = ch.sessions.get(me.x);
  if (!session) throw refuse(fixed.path, `does not include guardian ${me.id} in its quorum`, 'quorum');
  if (session !== decryptionSession(secret, req, fixed.round))
    throw refuse(
      fixed.path,
      `names another session for ${me.id} than its round-${fixed.round} partial decryptions of this request`,
      'quorum',
    );
  const cs = req.items.map((it, x) => {
    const ci = expectedGuardianChallenge(G, ctx, it.target, ch.combined[x]!, ch.U, ek.c.k, me.x);
    if (ci === undefined) throw refuse(fixed.path, 'challenge cannot be recomputed', `items[${x}]`);
    return ci;
  });
  rememberAnswer(o.secret, secret, passphrase, session, ch.U, cs, fixed.path);
  const vs = cs.map((ci, x) => respondToChallenge(G.q, sessionNonce(ek, secret, session, req, x), ci, Pi));
  const json = signUpload(ek, secret, 'decryption-response', req, responseJson(ek.c, req, me, session, vs));
  writeJsonFile(o.out, json);
  if (src.upload) await uploadOutput(src.upload, json);
  const how = src.board
    ? `the board's challenge of round ${fixed.round}`
    : 'a challenge no board fixed (unchecked)';
  return {
    ok: true,
    message: `${vs.length} responses by ${me.id} to ${how}${head ? `; board at tree size ${head.treeSize}, root ${head.rootHash}` : ''}${src.upload ? '; uploaded' : ''}`,
    outputs: [o.out, ...(fixed.path !== o.challenge ? [fixed.path] : [])],
    round: fixed.round,
    ...(head ? { treeHead: head } : {}),
  };
}

function readPartials(
  ek: ElectionKey,
  req: DecryptionRequest,
  paths: readonly string[],
): Map<number, PartialFile> {
  const m = new Map<number, PartialFile>();
  for (const p of paths) {
    const pf = readPartial(ek.c, req, p);
    checkUploadSignature(ek.hE, ek.guardians, req, p, 'partial-decryption', pf.guardian.x);
    if (m.has(pf.guardian.x))
      throw refuse(p, `is a second partial decryption from guardian ${pf.guardian.id}`);
    m.set(pf.guardian.x, pf);
  }
  return m;
}

/**
 * `combine`: without `challenge`, checks the partial decryptions, leaves out (and names) bad
 * guardians and writes the challenge; with `challenge` and `responses`, checks the responses and
 * writes the verified decryption.
 */
export function combineCommand(
  o: {
    election: string;
    request: string;
    partials: string[];
    challenge?: string;
    responses?: string[];
    out: string;
  },
  io: CommandIO,
): CommandResult {
  const ek = readElectionKey(o.election);
  const { G } = ek.c;
  const req = readRequest(ek.c, o.request);
  const pfs = readPartials(ek, req, o.partials);
  const setup = { ctx: { K: ek.K, hE: ek.hE }, k: ek.c.k, keyShareCommitments: keyShareCommitments(ek) };
  const targets = req.items.map((it) => it.target);
  const partials = new Map([...pfs].map(([x, pf]) => [x, pf.partials]));
  const bar = io.progress('checking partial decryptions', 1);
  const r1 = combineRound1(G, setup, targets, partials);
  bar.tick();
  bar.stop();
  const name = (x: number): string => ek.c.guardians[x - 1]?.id ?? `x=${x}`;
  const excluded = r1.excluded.map((e) => ({ x: e.i, reason: e.reason }));
  const excludedText = excluded.map((e) => `${name(e.x)}: ${e.reason}`);
  if (!r1.ok) {
    throw new TrusteeError(
      EXIT.PROTOCOL,
      undefined,
      `no quorum: ${r1.reason}${excludedText.length ? ` (left out ${excludedText.join('; ')})` : ''}`,
    );
  }
  if (!o.challenge) {
    const sessions = new Map(r1.U.map((x) => [x, pfs.get(x)!.session]));
    writeJsonFile(
      o.out,
      challengeJson(ek.c, req, {
        U: [...r1.U],
        sessions,
        combined: r1.combined.map((cc) => ({ M: cc.M, a: cc.a, b: cc.b })),
        excluded,
      }),
    );
    const left = excludedText.length ? `; left out ${excludedText.join('; ')}` : '';
    return {
      ok: true,
      message: `challenge for guardians ${r1.U.map(name).join(', ')}${left}`,
      outputs: [o.out],
      quorum: r1.U.map(name),
      excluded: excludedText,
    };
  }
  const ch = readChallenge(ek.c, req, o.challenge);
  const same =
    ch.U.length === r1.U.length &&
    ch.U.every((x, t) => x === r1.U[t] && ch.sessions.get(x) === pfs.get(x)!.session) &&
    ch.combined.every(
      (cc, t) =>
        G.equals(cc.M, r1.combined[t]!.M) &&
        G.equals(cc.a, r1.combined[t]!.a) &&
        G.equals(cc.b, r1.combined[t]!.b),
    );
  if (!same) throw refuse(o.challenge, 'does not match the partial decryptions given');
  const responses = new Map<number, bigint[]>();
  for (const p of o.responses ?? []) {
    const r = readResponse(ek.c, req, p);
    checkUploadSignature(ek.hE, ek.guardians, req, p, 'decryption-response', r.guardian.x);
    if (ch.sessions.get(r.guardian.x) !== r.session)
      throw refuse(p, `answers another session than the challenge's for ${r.guardian.id}`, 'session');
    responses.set(r.guardian.x, r.vs);
  }
  const r2 = combineRound2(G, setup, targets, r1, partials, responses);
  if (!r2.ok) {
    const bad = r2.bad.map((b) => `${name(b.i)}: ${b.reason}`).join('; ');
    throw new TrusteeError(
      EXIT.PROTOCOL,
      undefined,
      `responses failed (${bad}); run round 1 again without them`,
    );
  }
  const pk = publicKey(G, ek.K);
  // kind `ranked`: a mixed row's write-in columns decrypt to name elements P, not K^σ
  // (spec/ranked-choice.md §2.4), so no column gets a discrete log: T is the plaintext element
  // and the count reads σ or the name from it (§3, spec/key-ceremony.md §11)
  const ranked = req.kind === 'ranked';
  const dlog =
    !ranked && req.items.some((it) => it.target.kind === 'selection')
      ? discreteLog(G, ek.K, req.maxValue)
      : undefined;
  const numbering = req.kind === 'tally' ? 'tally' : 'ballot';
  const items = req.items.map((it, x) => {
    const d = r2.decryptions[x]!;
    if (it.target.kind === 'selection') {
      const ct = it.target.ct as Ciphertext<unknown>;
      const T = G.div(ct.beta, d.M);
      const t = ranked ? undefined : dlog!(T);
      if (t === undefined && !ranked)
        throw new TrusteeError(
          EXIT.PROTOCOL,
          o.request,
          `item ${it.id}: value exceeds maxValue ${req.maxValue}`,
        );
      const chk = verifySelectionDecryption(
        G,
        setup.ctx,
        ct,
        { T, proof: d.proof, t },
        { numbering, Kpow: pk.pow },
      );
      if (chk.length > 0)
        throw new TrusteeError(
          EXIT.INTERNAL,
          undefined,
          `item ${it.id}: own check ${chk.map((f) => f.check).join(',')} failed`,
        );
      return {
        id: it.id,
        kind: 'selection',
        T: hexElement(G, T),
        ...(t !== undefined ? { t } : {}),
        proof: chaumPedersenToJson(G, d.proof),
      };
    }
    const ct = it.target.ct as HashedCiphertext<unknown>;
    const chk = verifyContestDataDecryption(G, setup.ctx, ct, { beta: d.M, proof: d.proof }, { numbering });
    if (chk.length > 0)
      throw new TrusteeError(
        EXIT.INTERNAL,
        undefined,
        `item ${it.id}: own check ${chk.map((f) => f.check).join(',')} failed`,
      );
    const data = hashedDecrypt(G, ek.hE, ek.K, ct, d.M, contestDataContext(it.contestIndex ?? 0));
    return {
      id: it.id,
      kind: 'contest-data',
      beta: hexElement(G, d.M),
      data: data ? toHex(data) : null,
      proof: chaumPedersenToJson(G, d.proof),
    };
  });
  writeJsonFile(o.out, {
    format: RESULT_FORMAT,
    version: FILE_VERSION,
    ceremonyId: ek.c.id,
    requestDigest: req.digest,
    kind: req.kind,
    quorum: r1.U.map((x) => ({ x, id: name(x) })),
    excluded: ch.excluded.map((e) => ({ x: e.x, id: name(e.x), reason: e.reason })),
    items,
  });
  return {
    ok: true,
    message: `${items.length} verified decryptions by ${r1.U.map(name).join(', ')}`,
    outputs: [o.out],
  };
}
