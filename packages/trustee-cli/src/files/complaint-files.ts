/**
 * Files of the complaint procedure (EG 2.0 §3.2.2 "Share verification"; spec/key-ceremony.md
 * §5.1–5.2): a guardian's public answers to the complaints against it (the share P_i(ℓ) and the
 * nonce ξ_{i,ℓ} in the clear) and the verdicts anyone computes from them.
 * @module
 */
import type { ComplaintReason } from '@evident/e2e-crypto';
import { refuse } from '../errors.js';
import { type Ceremony, type GuardianId, checkSameCeremony, parseGuardian } from './ceremony-file.js';
import { FILE_VERSION, arr, hexScalar, inFile, int, obj, readJsonFile, scalar, str } from './json-file.js';

export const ANSWERS_FORMAT = 'evident-trustee/complaint-answers';
export const JUDGEMENT_FORMAT = 'evident-trustee/judgement';

/** One answer: the accused sender reveals P_i(ℓ) = y and ξ_{i,ℓ} for the accuser ℓ. */
export interface RevealedShare {
  readonly accuser: number;
  readonly reason: ComplaintReason;
  readonly y: bigint;
  readonly xi: bigint;
}

/** A parsed answers file: who answers (the accused) and its answers. */
export interface AnswersFile {
  readonly path: string;
  readonly guardian: GuardianId;
  readonly answers: readonly RevealedShare[];
}

/** Answers file JSON. */
export function answersJson(
  c: Ceremony,
  g: GuardianId,
  answers: readonly RevealedShare[],
): Record<string, unknown> {
  return {
    format: ANSWERS_FORMAT,
    version: FILE_VERSION,
    ceremonyId: c.id,
    guardian: { id: g.id, x: g.x },
    answers: answers.map((a) => ({
      accuser: a.accuser,
      reason: a.reason,
      share: hexScalar(a.y),
      nonce: hexScalar(a.xi),
    })),
  };
}

/**
 * Reads an answers file (schema, ceremony, guardian, accusers). The revealed values are not
 * judged here: that is `judgeComplaints` (a wrong value is a verdict, not an unreadable file).
 * @throws {TrusteeError} INVALID_FILE naming the file and field
 */
export function readAnswers(c: Ceremony, path: string): AnswersFile {
  const f = readJsonFile(path, ANSWERS_FORMAT);
  checkSameCeremony(c, f);
  const guardian = parseGuardian(c, path, f.data.guardian, 'guardian');
  const answers = inFile(path, () =>
    arr(f.data.answers, 'answers').map((v, t): RevealedShare => {
      const o = obj(v, `answers[${t}]`);
      const accuser = int(o.accuser, `answers[${t}].accuser`, 1);
      if (accuser > c.n || accuser === guardian.x)
        throw refuse(
          path,
          `guardian x=${accuser} cannot be an accuser of ${guardian.id}`,
          `answers[${t}].accuser`,
        );
      return {
        accuser,
        reason: str(o.reason, `answers[${t}].reason`) as ComplaintReason,
        y: scalar(c.G, o.share, `answers[${t}].share`),
        xi: scalar(c.G, o.nonce, `answers[${t}].nonce`),
      };
    }),
  );
  return { path, guardian, answers };
}

/** Revealed shares by `accused:accuser`. */
export function readAllAnswers(c: Ceremony, paths: readonly string[]): Map<string, RevealedShare[]> {
  const out = new Map<string, RevealedShare[]>();
  for (const p of paths) {
    const f = readAnswers(c, p);
    for (const a of f.answers) {
      const key = `${f.guardian.x}:${a.accuser}`;
      out.set(key, [...(out.get(key) ?? []), a]);
    }
  }
  return out;
}

/** The verdict on one complaint. */
export interface Verdict {
  readonly accuser: number;
  readonly accused: number;
  readonly reason: ComplaintReason;
  readonly verdict: 'DISMISSED' | 'SENDER_AT_FAULT' | 'UNANSWERED';
  readonly detail: string;
}

/** Judgement JSON: every verdict and the guardians disqualified. */
export function judgementJson(
  c: Ceremony,
  verdicts: readonly Verdict[],
  disqualified: readonly number[],
): Record<string, unknown> {
  const gid = (x: number): { id: string; x: number } => ({ id: c.guardians[x - 1]!.id, x });
  return {
    format: JUDGEMENT_FORMAT,
    version: FILE_VERSION,
    ceremonyId: c.id,
    verdicts: verdicts.map((v) => ({
      accuser: gid(v.accuser),
      accused: gid(v.accused),
      reason: v.reason,
      verdict: v.verdict,
      detail: v.detail,
    })),
    disqualified: disqualified.map(gid),
  };
}
