/**
 * Decryption commands (spec/key-ceremony.md §9–11): `decrypt` (a guardian's round 1, or round 2
 * with --challenge; ./decrypt-command.ts) and `combine` (the administrator: challenge from the partials, or the final
 * verified decryption from the responses).
 * @module
 */
import {
  type Ciphertext,
  type HashedCiphertext,
  combineRound1,
  combineRound2,
  contestDataContext,
  discreteLog,
  hashedDecrypt,
  publicKey,
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
  readChallenge,
  readPartial,
  readRequest,
  readResponse,
} from '../files/decryption-files.js';
import { type ElectionKey, keyShareCommitments, readElectionKey } from '../files/election-key.js';
import { FILE_VERSION, hexElement, writeJsonFile } from '../files/json-file.js';
import type { CommandIO, CommandResult } from '../io.js';
import { checkUploadSignature } from '../files/signing-key.js';

export { decryptCommand } from './decrypt-command.js';

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
