/**
 * The complaint procedure of the key ceremony (EG 2.0 §3.2.2 "Share verification";
 * spec/key-ceremony.md §5.1–5.2): `answer-complaint` (the accused guardian reveals P_i(ℓ) and
 * ξ_{i,ℓ} for each complaint against it) and `judge` (anyone: the verdicts, from public files only).
 * @module
 */
import {
  type EncryptedShare,
  type GuardianCommitments,
  evaluatePolynomial,
  judgeComplaint,
  verifyShare,
} from '@evident/e2e-crypto';
import { EXIT, TrusteeError, refuse } from '../errors.js';
import { type Ceremony, readCeremony } from '../files/ceremony-file.js';
import {
  type RevealedShare,
  type Verdict,
  answersJson,
  judgementJson,
  readAllAnswers,
} from '../files/complaint-files.js';
import { type Verification, readAllPublic, readShares, readVerification } from '../files/guardian-files.js';
import { writeJsonFile } from '../files/json-file.js';
import type { CommandIO, CommandResult } from '../io.js';
import { coefficientsOf, openSecret, shareNonce } from './ceremony-commands.js';

/**
 * Reads verification statements (signatures checked), at most one per guardian.
 * @throws {TrusteeError} INVALID_FILE for a second statement of the same guardian
 */
export function readStatements(
  c: Ceremony,
  paths: readonly string[],
  pubs: ReadonlyMap<number, GuardianCommitments<unknown>>,
): Map<number, Verification> {
  const out = new Map<number, Verification>();
  for (const p of paths) {
    const v = readVerification(c, p, pubs);
    if (out.has(v.guardian.x))
      throw refuse(p, `is a second verification statement of ${v.guardian.id}: give only the latest one`);
    out.set(v.guardian.x, v);
  }
  return out;
}

/** Encrypted shares as published, by sender x then recipient x. */
export function readPublishedShares(
  c: Ceremony,
  paths: readonly string[],
): Map<number, Map<number, EncryptedShare<unknown>>> {
  const out = new Map<number, Map<number, EncryptedShare<unknown>>>();
  for (const p of paths) {
    const { from, shares } = readShares(c, p);
    if (out.has(from.x)) throw refuse(p, `is a second shares file from guardian ${from.id}`);
    out.set(from.x, shares);
  }
  return out;
}

/** What judging needs: everything public. */
export interface ComplaintEvidence {
  readonly pubs: ReadonlyMap<number, GuardianCommitments<unknown>>;
  readonly statements: ReadonlyMap<number, Verification>;
  /** the published shares files, by sender; a sender absent here published none */
  readonly published: ReadonlyMap<number, ReadonlyMap<number, EncryptedShare<unknown>>>;
  readonly answers: ReadonlyMap<string, readonly RevealedShare[]>;
}

/**
 * Judges every complaint of every statement (EG 2.0 §3.2.2): dismissed when one of the accused's
 * answers satisfies eq 21 and, if the accused published an encrypted share for the accuser,
 * re-encrypts to exactly that ciphertext with the revealed nonce (eq 14–19); otherwise the accused
 * is at fault (or has not answered). The verdict is `judgeComplaint`'s (e2e-crypto); the detail
 * says which check failed.
 * @returns the verdicts and the disqualified guardians (at fault or unanswered), sorted
 * @throws {TrusteeError} USAGE when a complaint about a published share is judged without the
 *   accused's shares file
 */
export function judgeComplaints(
  c: Ceremony,
  ev: ComplaintEvidence,
): { verdicts: Verdict[]; disqualified: number[] } {
  const name = (x: number): string => c.guardians[x - 1]!.id;
  const verdicts: Verdict[] = [];
  for (const [l, st] of [...ev.statements].sort((a, b) => a[0] - b[0])) {
    for (const { accused: i, reason } of st.complaints) {
      const senderPub = ev.pubs.get(i);
      const Kl = ev.pubs.get(l)?.commitments[0];
      if (!senderPub || Kl === undefined)
        throw new TrusteeError(EXIT.USAGE, undefined, `give the public files of ${name(i)} and ${name(l)}`);
      const sent = ev.published.get(i);
      if (!sent && reason !== 'MISSING') {
        throw new TrusteeError(
          EXIT.USAGE,
          undefined,
          `${name(l)} complains about the share ${name(i)} published (${reason}): give ${name(i)}'s shares file with --shares`,
        );
      }
      const published = sent?.get(l);
      const answers = ev.answers.get(`${i}:${l}`) ?? [];
      const base = { accuser: l, accused: i, reason };
      if (answers.length === 0) {
        verdicts.push({
          ...base,
          verdict: 'UNANSWERED',
          detail: `${name(i)} has not answered; without an answer ${name(i)} is disqualified`,
        });
        continue;
      }
      let detail = '';
      let dismissed = false;
      for (const a of answers) {
        const answer = { accused: i, accuser: l, y: a.y, xi: a.xi };
        const verdict = judgeComplaint(
          c.G,
          c.hP,
          { accuser: l, accused: i, reason },
          Kl,
          published,
          senderPub.commitments,
          answer,
        );
        if (verdict === 'DISMISSED') {
          dismissed = true;
          break;
        }
        detail = !verifyShare(c.G, senderPub.commitments, l, a.y)
          ? `the share ${name(i)} revealed does not match ${name(i)}'s commitments (eq 21)`
          : `the share and nonce ${name(i)} revealed do not reproduce the encrypted share ${name(i)} published for ${name(l)} (eq 14–19)`;
      }
      if (dismissed) {
        const how = published
          ? `re-encrypts to the published share and matches the commitments`
          : `matches the commitments (no encrypted share was published; it is public now)`;
        verdicts.push({
          ...base,
          verdict: 'DISMISSED',
          detail: `${name(i)}'s revealed share for ${name(l)} ${how}: ${name(l)} was wrong`,
        });
      } else verdicts.push({ ...base, verdict: 'SENDER_AT_FAULT', detail });
    }
  }
  const disqualified = [
    ...new Set(verdicts.filter((v) => v.verdict !== 'DISMISSED').map((v) => v.accused)),
  ].sort((a, b) => a - b);
  return { verdicts, disqualified };
}

/**
 * `answer-complaint`: reads the statements, and for each complaint against this guardian reveals
 * P_i(ℓ) and ξ_{i,ℓ} (re-derived from the nonce key, §4) in a public answers file.
 */
export async function answerComplaintCommand(
  o: { ceremony: string; secret: string; public: string[]; verifications: string[]; out: string },
  io: CommandIO,
): Promise<CommandResult> {
  const c = readCeremony(o.ceremony);
  const { secret } = await openSecret(c, o.secret, io);
  const pubs = readAllPublic(c, o.public);
  const me = secret.guardian;
  const coeffs = coefficientsOf(c, secret);
  const mine = pubs.get(me.x);
  if (!mine) throw new TrusteeError(EXIT.USAGE, undefined, `no public file given for ${me.id}`);
  if (!c.G.equals(mine.commitments[0], c.G.gExp(coeffs[0]!)))
    throw refuse(o.secret, `does not match the published key of ${me.id}`);
  const statements = readStatements(c, o.verifications, pubs);
  const answers: RevealedShare[] = [];
  for (const [l, st] of [...statements].sort((a, b) => a[0] - b[0])) {
    for (const cp of st.complaints) {
      if (cp.accused !== me.x) continue;
      answers.push({
        accuser: l,
        reason: cp.reason,
        y: evaluatePolynomial(c.G.q, coeffs, l),
        xi: shareNonce(c, secret, l),
      });
    }
  }
  const accusers = answers.map((a) => `${c.guardians[a.accuser - 1]!.id} (${a.reason})`);
  if (!answers.length)
    return {
      ok: true,
      message: `no complaint against ${me.id} in the statements given: nothing to reveal`,
      outputs: [],
      answered: [],
    };
  writeJsonFile(o.out, answersJson(c, me, answers));
  return {
    ok: true,
    message: `answered the complaints of ${accusers.join(', ')}: the shares sent to them are now public; publish ${o.out}`,
    outputs: [o.out],
    answered: answers.map((a) => c.guardians[a.accuser - 1]!.id),
  };
}

/** `judge`: the verdict on every complaint, from public files; optionally written as a judgement file. */
export function judgeCommand(o: {
  ceremony: string;
  public: string[];
  verifications: string[];
  shares?: string[];
  answers?: string[];
  out?: string;
}): CommandResult {
  const c = readCeremony(o.ceremony);
  const pubs = readAllPublic(c, o.public);
  const statements = readStatements(c, o.verifications, pubs);
  const published = readPublishedShares(c, o.shares ?? []);
  const answers = readAllAnswers(c, o.answers ?? []);
  const { verdicts, disqualified } = judgeComplaints(c, { pubs, statements, published, answers });
  if (o.out) writeJsonFile(o.out, judgementJson(c, verdicts, disqualified));
  const name = (x: number): string => c.guardians[x - 1]!.id;
  const lines = verdicts.map(
    (v) => `  ${name(v.accuser)} against ${name(v.accused)} (${v.reason}): ${v.verdict} — ${v.detail}`,
  );
  const json = {
    verdicts: verdicts.map((v) => ({
      accuser: name(v.accuser),
      accused: name(v.accused),
      reason: v.reason,
      verdict: v.verdict,
      detail: v.detail,
    })),
    disqualified: disqualified.map(name),
  };
  if (!verdicts.length)
    return {
      ok: true,
      message: 'no complaint: the ceremony can be finalized',
      outputs: o.out ? [o.out] : [],
      ...json,
    };
  if (!disqualified.length) {
    return {
      ok: true,
      message: `every complaint is dismissed; the accusers run verify again with --answers, then finalize:\n${lines.join('\n')}`,
      outputs: o.out ? [o.out] : [],
      ...json,
    };
  }
  return {
    ok: false,
    message: `disqualified: ${disqualified.map(name).join(', ')} — the ceremony must restart without them (a new ceremony.json with a replacement guardian, EG 2.0 §3.2.2):\n${lines.join('\n')}`,
    outputs: o.out ? [o.out] : [],
    ...json,
  };
}
