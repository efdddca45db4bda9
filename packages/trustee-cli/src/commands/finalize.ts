/**
 * `finalize`: checks every guardian's commitments and every verification statement, then writes
 * the election key file with K and H_E (spec/key-ceremony.md §6). A standing complaint blocks it;
 * with `--answers` (and `--shares`), complaints judged dismissed (§5.2) no longer do.
 * @module
 */
import { EXIT, TrusteeError } from '../errors.js';
import { readCeremony } from '../files/ceremony-file.js';
import { readAllAnswers } from '../files/complaint-files.js';
import { computeElectionKey, electionKeyJson } from '../files/election-key.js';
import { readAllPublic } from '../files/guardian-files.js';
import { writeJsonFile } from '../files/json-file.js';
import type { CommandResult } from '../io.js';
import { judgeComplaints, readPublishedShares, readStatements } from './complaint-commands.js';

export function finalizeCommand(o: {
  ceremony: string;
  public: string[];
  verifications: string[];
  shares?: string[];
  answers?: string[];
  out: string;
}): CommandResult {
  const c = readCeremony(o.ceremony);
  const pubs = readAllPublic(c, o.public);
  const missing = c.guardians.filter((g) => !pubs.has(g.x));
  if (missing.length)
    throw new TrusteeError(
      EXIT.USAGE,
      undefined,
      `no public file for ${missing.map((g) => g.id).join(', ')}`,
    );
  const statements = readStatements(c, o.verifications, pubs);
  const judged = o.answers?.length
    ? judgeComplaints(c, {
        pubs,
        statements,
        published: readPublishedShares(c, o.shares ?? []),
        answers: readAllAnswers(c, o.answers),
      })
    : undefined;
  const name = (x: number): string => c.guardians[x - 1]?.id ?? `x=${x}`;
  const problems: string[] = [];
  const dismissed: string[] = [];
  for (const g of c.guardians) {
    const v = statements.get(g.x);
    if (!v) {
      problems.push(`${g.id} has not published a verification statement`);
      continue;
    }
    const covered = new Set(v.confirmed);
    const before = problems.length;
    for (const x of v.complaints) {
      const verdict = judged?.verdicts.find((d) => d.accuser === g.x && d.accused === x.accused);
      if (verdict?.verdict === 'DISMISSED') {
        covered.add(x.accused);
        dismissed.push(`${g.id} against ${name(x.accused)}`);
      } else if (verdict)
        problems.push(
          `${g.id} complains about ${name(x.accused)} (${x.reason}): ${verdict.verdict}, ${name(x.accused)} is disqualified`,
        );
      else
        problems.push(
          `${g.id} complains about ${name(x.accused)} (${x.reason}): ${name(x.accused)} answers with answer-complaint, then run judge`,
        );
    }
    if (problems.length === before && c.guardians.some((h) => h.x !== g.x && !covered.has(h.x)))
      problems.push(`${g.id} has not confirmed every share`);
  }
  if (problems.length) {
    throw new TrusteeError(
      EXIT.PROTOCOL,
      undefined,
      `the ceremony cannot be finalized: ${problems.join('; ')}`,
    );
  }
  const ek = computeElectionKey(c, pubs, o.ceremony);
  writeJsonFile(o.out, electionKeyJson(ek));
  const note = dismissed.length
    ? ` (complaints dismissed: ${dismissed.join(', ')}; each accuser runs verify --answers to store its key share)`
    : '';
  return {
    ok: true,
    message: `joint key and H_E written; ceremony complete${note}`,
    outputs: [o.out],
    extendedBaseHash: Buffer.from(ek.hE).toString('hex').toUpperCase(),
  };
}
