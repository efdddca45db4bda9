/**
 * `finalize`: checks every guardian's commitments and every verification statement, then writes
 * the election key file with K and H_E (spec/key-ceremony.md §6).
 * @module
 */
import { EXIT, TrusteeError } from '../errors.js';
import { readCeremony } from '../files/ceremony-file.js';
import { computeElectionKey, electionKeyJson } from '../files/election-key.js';
import { readAllPublic, readVerification } from '../files/guardian-files.js';
import { writeJsonFile } from '../files/json-file.js';
import type { CommandResult } from '../io.js';

export function finalizeCommand(o: { ceremony: string; public: string[]; verifications: string[]; out: string }): CommandResult {
  const c = readCeremony(o.ceremony);
  const pubs = readAllPublic(c, o.public);
  const missing = c.guardians.filter((g) => !pubs.has(g.x));
  if (missing.length) throw new TrusteeError(EXIT.USAGE, undefined, `no public file for ${missing.map((g) => g.id).join(', ')}`);
  const statements = new Map<number, ReturnType<typeof readVerification>>();
  for (const p of o.verifications) {
    const v = readVerification(c, p, pubs);
    statements.set(v.guardian.x, v);
  }
  const problems: string[] = [];
  for (const g of c.guardians) {
    const v = statements.get(g.x);
    if (!v) {
      problems.push(`${g.id} has not published a verification statement`);
      continue;
    }
    for (const x of v.complaints) problems.push(`${g.id} complains about ${c.guardians[x.accused - 1]?.id ?? x.accused} (${x.reason})`);
    const expected = c.guardians.filter((h) => h.x !== g.x).map((h) => h.x);
    if (!v.complaints.length && expected.some((x) => !v.confirmed.includes(x))) problems.push(`${g.id} has not confirmed every share`);
  }
  if (problems.length) {
    throw new TrusteeError(EXIT.PROTOCOL, undefined, `the ceremony cannot be finalized: ${problems.join('; ')}`);
  }
  const ek = computeElectionKey(c, pubs, o.ceremony);
  writeJsonFile(o.out, electionKeyJson(ek));
  return { ok: true, message: `joint key and H_E written; ceremony complete`, outputs: [o.out], extendedBaseHash: Buffer.from(ek.hE).toString('hex').toUpperCase() };
}
