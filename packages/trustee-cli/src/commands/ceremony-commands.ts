/**
 * Key ceremony commands: `config` (administrator), `init`, `publish`, `share`, `verify`
 * (each guardian) — spec/key-ceremony.md §2–5.
 * @module
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from '@noble/hashes/utils.js';
import {
  type EncryptedShare,
  commitCoefficients,
  decryptShare,
  encryptShare,
  evaluatePolynomial,
  hashToScalar,
  hmacSha256,
  int4,
  keyShare,
  randomPolynomial,
  toHex,
  utf8Bytes,
  verifyShare,
  fromHex,
  manifestBytes,
  type ComplaintReason,
  type Manifest,
} from '@evident/e2e-crypto';
import { EXIT, TrusteeError, refuse } from '../errors.js';
import { type Ceremony, ceremonyJson, makeCeremony, readCeremony } from '../files/ceremony-file.js';
import {
  guardianPublicJson,
  readAllPublic,
  readShares,
  secretScalar,
  sharesJson,
  verificationJson,
} from '../files/guardian-files.js';
import { writeJsonFile, hexScalar } from '../files/json-file.js';
import { newSigningSecret, publishSigningKey } from '../files/signing-key.js';
import { readAllAnswers } from '../files/complaint-files.js';
import type { CommandIO, CommandResult } from '../io.js';
import { DEFAULT_LOG_N, type SecretFile, readSecret, writeSecret } from '../secret-store.js';

/**
 * `config`: writes ceremony.json from the manifest, the guardian names and the quorum. H_M is
 * hashed over the manifest's canonical JSON (RFC 8785, spec/record.md §3.2), as the server and
 * the election record do, so that the ceremony id equals the record's H_B.
 */
export function configCommand(o: {
  manifest: string;
  guardians: string[];
  quorum: number;
  group: string;
  out: string;
}): CommandResult {
  let text: string;
  try {
    text = readFileSync(o.manifest, 'utf8');
  } catch {
    throw refuse(o.manifest, 'cannot be read');
  }
  let manifest: Uint8Array;
  try {
    manifest = manifestBytes(JSON.parse(text) as Manifest);
  } catch (e) {
    throw refuse(
      o.manifest,
      e instanceof SyntaxError
        ? 'is not valid JSON'
        : 'holds a value canonical JSON excludes (only objects, arrays, strings, safe integers, booleans, null)',
    );
  }
  if (o.guardians.length < 1 || new Set(o.guardians).size !== o.guardians.length) {
    throw new TrusteeError(EXIT.USAGE, undefined, 'guardian names must be unique and non-empty');
  }
  if (!Number.isInteger(o.quorum) || o.quorum < 1 || o.quorum > o.guardians.length) {
    throw new TrusteeError(EXIT.USAGE, undefined, `quorum must be between 1 and ${o.guardians.length}`);
  }
  let c: Ceremony;
  try {
    c = makeCeremony(o.group, manifest, o.guardians, o.quorum);
  } catch (e) {
    throw new TrusteeError(EXIT.USAGE, undefined, (e as Error).message);
  }
  writeJsonFile(o.out, ceremonyJson(c));
  return {
    ok: true,
    message: `ceremony ${c.id.slice(0, 16)}…: ${c.n} guardians, quorum ${c.k}, ${c.G.name}`,
    outputs: [o.out],
    ceremonyId: c.id,
  };
}

/** Opens the secret file and checks it belongs to this ceremony. */
export async function openSecret(
  c: Ceremony,
  path: string,
  io: CommandIO,
): Promise<{ secret: SecretFile; passphrase: string }> {
  const passphrase = await io.passphrase(false);
  const secret = readSecret(path, passphrase);
  if (secret.ceremonyId !== c.id) throw refuse(path, 'belongs to another election', 'ceremonyId');
  const g = c.guardians[secret.guardian.x - 1];
  if (!g || g.id !== secret.guardian.id)
    throw refuse(path, `guardian "${secret.guardian.id}" is not a guardian of this ceremony`, 'guardian');
  return { secret, passphrase };
}

/** `init`: creates the guardian's polynomial and its encrypted secret file. */
export async function initCommand(
  o: { ceremony: string; guardian: string; out: string; kdfCost?: number },
  io: CommandIO,
): Promise<CommandResult> {
  const c = readCeremony(o.ceremony);
  const g = c.guardians.find((x) => x.id === o.guardian);
  if (!g) throw refuse(o.ceremony, `has no guardian named "${o.guardian}"`, 'guardians');
  const logN = o.kdfCost ?? DEFAULT_LOG_N;
  if (!Number.isInteger(logN) || logN < 10 || logN > 22)
    throw new TrusteeError(EXIT.USAGE, undefined, '--kdf-cost must be between 10 and 22');
  const passphrase = await io.passphrase(true);
  if (passphrase.length < 8)
    throw new TrusteeError(EXIT.USAGE, undefined, 'the passphrase must have at least 8 characters');
  const coefficients = randomPolynomial(c.G.q, c.k);
  writeSecret(
    o.out,
    {
      ceremonyId: c.id,
      guardian: g,
      logN,
      payload: {
        coefficients: coefficients.map(hexScalar),
        nonceKey: toHex(randomBytes(32)),
        signingKey: newSigningSecret(),
      },
    },
    passphrase,
  );
  return {
    ok: true,
    message: `guardian ${g.id} (x=${g.x}) created; keep ${o.out} and its passphrase safe`,
    outputs: [o.out],
  };
}

export const coefficientsOf = (c: Ceremony, s: SecretFile): bigint[] =>
  s.payload.coefficients.map((h) => secretScalar(c.G, h));

/** `publish`: the guardian's commitments K_{i,j} with Schnorr proofs. */
export async function publishCommand(
  o: { ceremony: string; secret: string; out: string },
  io: CommandIO,
): Promise<CommandResult> {
  const c = readCeremony(o.ceremony);
  const { secret } = await openSecret(c, o.secret, io);
  const coeffs = coefficientsOf(c, secret);
  const gc = commitCoefficients(c.G, c.hP, secret.guardian.x, coeffs);
  const signing = publishSigningKey(c, secret, coeffs[0]!);
  writeJsonFile(o.out, guardianPublicJson(c, secret.guardian, { ...gc, ...signing }));
  return {
    ok: true,
    message: `published ${c.k} commitments with proofs and the signing key of ${secret.guardian.id}`,
    outputs: [o.out],
  };
}

/** ξ_{i,ℓ}, derived from the guardian's nonce key so that a complaint can be answered later (§4, §5.1). */
export function shareNonce(c: Ceremony, s: SecretFile, l: number): bigint {
  return hashToScalar(
    c.G,
    hmacSha256(fromHex(s.payload.nonceKey), utf8Bytes('evident share nonce'), int4(l)),
  );
}

/** `share`: checks the others' public files (Verification 2) and encrypts P_i(ℓ) for each ℓ ≠ i. */
export async function shareCommand(
  o: { ceremony: string; secret: string; public: string[]; out: string },
  io: CommandIO,
): Promise<CommandResult> {
  const c = readCeremony(o.ceremony);
  const { secret } = await openSecret(c, o.secret, io);
  const pubs = readAllPublic(c, o.public);
  const coeffs = coefficientsOf(c, secret);
  const shares = new Map<number, EncryptedShare<unknown>>();
  const bar = io.progress('encrypting shares', c.n - 1);
  for (const g of c.guardians) {
    if (g.x === secret.guardian.x) continue;
    const pub = pubs.get(g.x);
    if (!pub) throw new TrusteeError(EXIT.USAGE, undefined, `no public file given for guardian ${g.id}`);
    const y = evaluatePolynomial(c.G.q, coeffs, g.x);
    shares.set(
      g.x,
      encryptShare(c.G, c.hP, secret.guardian.x, g.x, pub.commitments[0], y, shareNonce(c, secret, g.x)),
    );
    bar.tick();
  }
  bar.stop();
  writeJsonFile(o.out, sharesJson(c, secret.guardian, shares));
  return { ok: true, message: `encrypted shares for ${shares.size} guardians`, outputs: [o.out] };
}

/**
 * `verify`: decrypts the shares sent to this guardian and checks each against the sender's
 * commitments (eq 21). Writes a signed statement listing confirmations and complaints; when all
 * n−1 shares verify, stores them and P(i) in the secret file.
 */
export async function verifyCommand(
  o: {
    ceremony: string;
    secret: string;
    public: string[];
    shares: string[];
    answers?: string[];
    out: string;
  },
  io: CommandIO,
): Promise<CommandResult> {
  const c = readCeremony(o.ceremony);
  const { secret, passphrase } = await openSecret(c, o.secret, io);
  const pubs = readAllPublic(c, o.public);
  const me = secret.guardian;
  const coeffs = coefficientsOf(c, secret);
  const Kl = c.G.gExp(coeffs[0]!);
  const mine = pubs.get(me.x);
  if (mine && !c.G.equals(mine.commitments[0], Kl))
    throw refuse(o.secret, 'does not match the published key of this guardian');
  const received = new Map<number, bigint>();
  const complaints: { accused: number; reason: ComplaintReason }[] = [];
  const seen = new Set<number>();
  for (const path of o.shares) {
    const { from, shares } = readShares(c, path);
    if (from.x === me.x) continue; // our own file
    if (seen.has(from.x)) throw refuse(path, `is a second shares file from guardian ${from.id}`);
    seen.add(from.x);
    const ct = shares.get(me.x);
    const senderPub = pubs.get(from.x);
    if (!senderPub)
      throw new TrusteeError(EXIT.USAGE, undefined, `no public file given for guardian ${from.id}`);
    if (!ct) {
      complaints.push({ accused: from.x, reason: 'MISSING' });
      continue;
    }
    const y = decryptShare(c.G, c.hP, from.x, me.x, coeffs[0]!, Kl, ct);
    if (y === undefined) complaints.push({ accused: from.x, reason: 'MAC' });
    else if (!verifyShare(c.G, senderPub.commitments, me.x, y))
      complaints.push({ accused: from.x, reason: 'COMMITMENT' });
    else received.set(from.x, y);
  }
  for (const g of c.guardians) {
    if (g.x !== me.x && !seen.has(g.x)) complaints.push({ accused: g.x, reason: 'MISSING' });
  }
  // §5.1: a share the sender revealed in answer to a complaint, if it satisfies eq 21, replaces the bad one
  const revealed = readAllAnswers(c, o.answers ?? []);
  const fromAnswers: string[] = [];
  for (const cp of [...complaints]) {
    const commitments = pubs.get(cp.accused)?.commitments;
    const good =
      commitments &&
      (revealed.get(`${cp.accused}:${me.x}`) ?? []).find((a) => verifyShare(c.G, commitments, me.x, a.y));
    if (!good) continue;
    received.set(cp.accused, good.y);
    complaints.splice(complaints.indexOf(cp), 1);
    fromAnswers.push(c.guardians[cp.accused - 1]!.id);
  }
  complaints.sort((a, b) => a.accused - b.accused);
  const confirmed = [...received.keys()].sort((a, b) => a - b);
  writeJsonFile(o.out, verificationJson(c, { guardian: me, confirmed, complaints }, coeffs[0]!));
  if (complaints.length) {
    const names = complaints.map((x) => `${c.guardians[x.accused - 1]!.id} (${x.reason})`).join(', ');
    return {
      ok: false,
      message: `complaint against ${names}; publish ${o.out}: the accused answer with \`answer-complaint\`, then anyone runs \`judge\``,
      outputs: [o.out],
      complaints: complaints.map((x) => ({ accused: c.guardians[x.accused - 1]!.id, reason: x.reason })),
    };
  }
  const P = keyShare(c.G.q, [evaluatePolynomial(c.G.q, coeffs, me.x), ...received.values()]);
  secret.payload.receivedShares = Object.fromEntries(
    [...received].map(([x, y]) => [String(x), hexScalar(y)]),
  );
  secret.payload.keyShare = hexScalar(P);
  writeSecret(o.secret, secret, passphrase);
  const note = fromAnswers.length
    ? ` (${fromAnswers.join(', ')}: from the public answer to the complaint)`
    : '';
  return {
    ok: true,
    message: `all ${received.size} shares verified${note}; key share stored in ${o.secret}`,
    outputs: [o.out, o.secret],
  };
}
