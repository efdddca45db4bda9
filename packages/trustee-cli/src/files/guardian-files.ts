/**
 * Guardian-published files of the key ceremony: commitments with proofs, encrypted shares and
 * verification statements (spec/key-ceremony.md §3–5).
 * @module
 */
import {
  type ComplaintReason,
  type EncryptedShare,
  type Group,
  type GuardianCommitments,
  type SchnorrProof,
  H,
  domain,
  formatFinding,
  int4,
  proveSchnorr,
  verifyGuardianCommitments,
  verifySchnorr,
  toHex,
  utf8Bytes,
  lengthPrefixed,
  schnorrProofFromJson,
  schnorrProofToJson,
} from '@evident/e2e-crypto';
import { type GuardianPublic, parseSigningKey, signingKeyJson } from './signing-key.js';
import { refuse } from '../errors.js';
import { type Ceremony, type GuardianId, checkSameCeremony, parseGuardian } from './ceremony-file.js';
import {
  FILE_VERSION,
  arr,
  bytes,
  element,
  hexElement,
  inFile,
  int,
  obj,
  readJsonFile,
  str,
} from './json-file.js';

export const PUBLIC_FORMAT = 'evident-trustee/guardian-public';
export const SHARES_FORMAT = 'evident-trustee/shares';
export const VERIFICATION_FORMAT = 'evident-trustee/verification';

/** The JSON of a guardian's commitments and proofs, and its signing key (spec/key-ceremony.md §13). */
export function guardianPublicJson(
  c: Ceremony,
  g: GuardianId,
  gc: GuardianPublic<unknown>,
): Record<string, unknown> {
  return {
    format: PUBLIC_FORMAT,
    version: FILE_VERSION,
    ceremonyId: c.id,
    guardian: { id: g.id, x: g.x },
    commitments: gc.commitments.map((K) => hexElement(c.G, K)),
    proofs: gc.proofs.map((p) => schnorrProofToJson(c.G, p)),
    ...signingKeyJson(c, gc),
  };
}

/**
 * Parses guardian commitments (public file or election key entry) and runs Verification 2 and
 * check 2.E (the signing key and its binding proof).
 */
export function parseGuardianCommitments(
  c: Ceremony,
  file: string,
  d: Record<string, unknown>,
  field = '',
): { g: GuardianId; gc: GuardianPublic<unknown> } {
  const g = parseGuardian(c, file, d.guardian, `${field}guardian`);
  const gc = inFile(file, () => ({
    i: g.x,
    commitments: arr(d.commitments, `${field}commitments`).map((v, j) =>
      element(c.G, v, `${field}commitments[${j}]`),
    ),
    proofs: arr(d.proofs, `${field}proofs`).map((v, j) =>
      schnorrProofFromJson(c.G, v, `${field}proofs[${j}]`),
    ),
  }));
  const [f] = verifyGuardianCommitments(c.G, c.hP, gc, c.k);
  if (f) throw refuse(file, `guardian ${g.id}: Verification ${formatFinding(f)}`, `${field}${f.where}`);
  return { g, gc: { ...gc, ...parseSigningKey(c, file, d, g, gc.commitments[0], field) } };
}

/** Reads one guardian's public file. */
export function readGuardianPublic(
  c: Ceremony,
  path: string,
): { g: GuardianId; gc: GuardianPublic<unknown> } {
  const f = readJsonFile(path, PUBLIC_FORMAT);
  checkSameCeremony(c, f);
  return parseGuardianCommitments(c, path, f.data);
}

/** Reads all guardians' public files; exactly one per guardian of the ceremony. */
export function readAllPublic(c: Ceremony, paths: readonly string[]): Map<number, GuardianPublic<unknown>> {
  const out = new Map<number, GuardianPublic<unknown>>();
  for (const p of paths) {
    const { g, gc } = readGuardianPublic(c, p);
    if (out.has(g.x)) throw refuse(p, `is a second public file for guardian ${g.id}`);
    out.set(g.x, gc);
  }
  return out;
}

/** Shares file JSON: the sender's encrypted shares, one per other guardian. */
export function sharesJson(
  c: Ceremony,
  from: GuardianId,
  shares: Map<number, EncryptedShare<unknown>>,
): Record<string, unknown> {
  return {
    format: SHARES_FORMAT,
    version: FILE_VERSION,
    ceremonyId: c.id,
    from: { id: from.id, x: from.x },
    shares: [...shares].map(([to, s]) => ({
      to,
      c0: hexElement(c.G, s.c0),
      c1: toHex(s.c1),
      c2: toHex(s.c2),
    })),
  };
}

/** Reads a shares file: sender and the encrypted shares by recipient x. */
export function readShares(
  c: Ceremony,
  path: string,
): { from: GuardianId; shares: Map<number, EncryptedShare<unknown>> } {
  const f = readJsonFile(path, SHARES_FORMAT);
  checkSameCeremony(c, f);
  const from = parseGuardian(c, path, f.data.from, 'from');
  const shares = inFile(path, () => {
    const m = new Map<number, EncryptedShare<unknown>>();
    arr(f.data.shares, 'shares').forEach((v, t) => {
      const o = obj(v, `shares[${t}]`);
      const to = int(o.to, `shares[${t}].to`, 1);
      if (to > c.n || to === from.x || m.has(to))
        throw refuse(path, `share for guardian x=${to} is not expected`, `shares[${t}].to`);
      m.set(to, {
        c0: element(c.G, o.c0, `shares[${t}].c0`),
        c1: bytes(o.c1, `shares[${t}].c1`, 32),
        c2: bytes(o.c2, `shares[${t}].c2`, 32),
      });
    });
    return m;
  });
  return { from, shares };
}

/** A verification statement: which senders' shares guardian x confirmed, and its complaints. */
export interface Verification {
  readonly guardian: GuardianId;
  readonly confirmed: readonly number[];
  readonly complaints: readonly { accused: number; reason: ComplaintReason }[];
}

/**
 * The statement's signature: a Schnorr proof of knowledge of s_ℓ bound to the statement,
 * challenge H(H_P; 0x1E, ℓ, K_ℓ, h, statement) — an Evident extension (spec/key-ceremony.md §5).
 */
function statementChallenge(c: Ceremony, v: Verification, Kl: unknown) {
  const stmt = utf8Bytes(JSON.stringify([c.id, v.guardian.x, v.confirmed, v.complaints]));
  return (h: unknown): Uint8Array =>
    H(c.hP, domain(0x1e), int4(v.guardian.x), c.G.encode(Kl), c.G.encode(h), lengthPrefixed(stmt));
}

/** Signed verification statement JSON. */
export function verificationJson(c: Ceremony, v: Verification, sl: bigint): Record<string, unknown> {
  const Kl = c.G.gExp(sl);
  const sig = proveSchnorr(c.G, sl, statementChallenge(c, v, Kl));
  return {
    format: VERIFICATION_FORMAT,
    version: FILE_VERSION,
    ceremonyId: c.id,
    guardian: { id: v.guardian.id, x: v.guardian.x },
    confirmed: v.confirmed,
    complaints: v.complaints,
    signature: schnorrProofToJson(c.G, sig),
  };
}

/** Reads a statement and checks its signature against the guardian's key K_ℓ. */
export function readVerification(
  c: Ceremony,
  path: string,
  keys: ReadonlyMap<number, GuardianCommitments<unknown>>,
): Verification {
  const f = readJsonFile(path, VERIFICATION_FORMAT);
  checkSameCeremony(c, f);
  const guardian = parseGuardian(c, path, f.data.guardian, 'guardian');
  const { v, sig } = inFile(path, () => {
    const confirmed = arr(f.data.confirmed, 'confirmed').map((x, t) => int(x, `confirmed[${t}]`, 1));
    const complaints = arr(f.data.complaints, 'complaints').map((x, t) => {
      const o = obj(x, `complaints[${t}]`);
      const accused = int(o.accused, `complaints[${t}].accused`, 1);
      if (accused > c.n || accused === guardian.x)
        throw refuse(
          path,
          `guardian x=${accused} cannot be accused by ${guardian.id}`,
          `complaints[${t}].accused`,
        );
      return { accused, reason: str(o.reason, `complaints[${t}].reason`) as ComplaintReason };
    });
    return {
      v: { guardian, confirmed, complaints },
      sig: schnorrProofFromJson(c.G, f.data.signature, 'signature') as SchnorrProof<unknown>,
    };
  });
  const Kl = keys.get(guardian.x)?.commitments[0];
  if (Kl === undefined) throw refuse(path, `no public file was given for guardian ${guardian.id}`);
  if (!verifySchnorr(c.G, Kl, sig, statementChallenge(c, v, Kl)))
    throw refuse(path, 'signature does not verify (changed after signing?)', 'signature');
  return v;
}

/** Parses a scalar given as a hex string of the secret payload. */
export const secretScalar = (G: Group<unknown>, hex: string): bigint => BigInt('0x' + hex) % G.q;
