/**
 * The QR code on a paper ballot (spec/stations.md §3): election, station, style and a random
 * serial, signed by the election's ballot-printing key (a pre-printed ballot, marked by hand) or
 * by the station's device key (a ballot printed by the marking device, whose QR code also
 * carries the choices). The one encoder and decoder for the printer, the marking device and the
 * station's scanner.
 *
 * Text in the QR code: `EVB1.` ∥ base64url(canonical JSON of the token) ∥ `.` ∥
 * base64url(64-byte Ed25519 signature), no padding.
 * @module
 */
import {
  type PaperSignedKind,
  canonicalJsonString,
  fromHex,
  signPaperStatement,
  toHex,
  verifyPaperStatement,
} from '@evident/e2e-crypto';

export const BALLOT_QR_PREFIX = 'EVB1.';

/** A contest's marks printed by the marking device. */
export interface TokenChoice {
  readonly contest: string;
  /** selected option labels, manifest order */
  readonly selected: readonly string[];
}

/** What the QR code carries. */
export interface BallotToken {
  /** `blank`: pre-printed, marked by hand; `bmd`: printed by the marking device with its choices */
  readonly kind: 'blank' | 'bmd';
  readonly electionId: string;
  readonly station: string;
  readonly style: string;
  /** 16 random bytes from the CSPRNG, upper-case hex; never recorded when the ballot is handed out */
  readonly serial: string;
  /** the marks (kind `bmd` only) */
  readonly choices?: readonly TokenChoice[];
}

/** A decoded QR code. */
export interface SignedBallotToken {
  readonly token: BallotToken;
  readonly signature: string;
}

/** Which statement signs a token of this kind. */
export function tokenSignedKind(token: BallotToken): PaperSignedKind {
  return token.kind === 'bmd' ? 'bmd-ballot' : 'paper-ballot';
}

/** Signs a token: the printing key's for `blank`, the station's for `bmd`. */
export function signBallotToken(token: BallotToken, secretKey: Uint8Array): SignedBallotToken {
  return { token, signature: signPaperStatement(secretKey, tokenSignedKind(token), token.electionId, token) };
}

/** Checks a token's signature with the key that must have signed it. */
export function verifyBallotToken(t: SignedBallotToken, publicKeyHex: string): boolean {
  return verifyPaperStatement(
    publicKeyHex,
    tokenSignedKind(t.token),
    t.token.electionId,
    t.token,
    t.signature,
  );
}

function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(s: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return undefined;
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** The QR code's text. */
export function encodeBallotQr(t: SignedBallotToken): string {
  const body = new TextEncoder().encode(canonicalJsonString(t.token));
  return `${BALLOT_QR_PREFIX}${base64url(body)}.${base64url(fromHex(t.signature, 'signature'))}`;
}

/** Why a QR text is not a ballot token. */
export class BallotQrError extends Error {}

const SERIAL = /^[0-9A-F]{32}$/;

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function checkToken(v: unknown): BallotToken {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BallotQrError('not a JSON object');
  const t = v as Record<string, unknown>;
  for (const f of ['electionId', 'station', 'style', 'serial'])
    if (typeof t[f] !== 'string' || (t[f] as string).length === 0) throw new BallotQrError(`missing ${f}`);
  if (!SERIAL.test(t.serial as string)) throw new BallotQrError('serial is not 32 upper-case hex digits');
  if (t.kind !== 'blank' && t.kind !== 'bmd') throw new BallotQrError('kind must be blank or bmd');
  const allowed = new Set(['kind', 'electionId', 'station', 'style', 'serial', 'choices']);
  for (const k of Object.keys(t)) if (!allowed.has(k)) throw new BallotQrError(`unknown field ${k}`);
  if (t.kind === 'blank' && t.choices !== undefined)
    throw new BallotQrError('a blank ballot carries no choices');
  if (t.kind === 'bmd') {
    const ok =
      Array.isArray(t.choices) &&
      t.choices.every(
        (c) =>
          typeof c === 'object' &&
          c !== null &&
          typeof (c as TokenChoice).contest === 'string' &&
          isStringArray((c as TokenChoice).selected) &&
          Object.keys(c).length === 2,
      );
    if (!ok) throw new BallotQrError('choices must be [{contest, selected}]');
  }
  return t as unknown as BallotToken;
}

/**
 * Decodes a QR code's text.
 * @throws {BallotQrError} naming what is wrong (not an Evident ballot code, bad encoding, bad field)
 */
export function decodeBallotQr(text: string): SignedBallotToken {
  if (!text.startsWith(BALLOT_QR_PREFIX)) throw new BallotQrError('not an Evident ballot code');
  const parts = text.slice(BALLOT_QR_PREFIX.length).split('.');
  if (parts.length !== 2) throw new BallotQrError('expected two dot-separated fields');
  const body = fromBase64url(parts[0]!);
  const sig = fromBase64url(parts[1]!);
  if (!body || !sig) throw new BallotQrError('not base64url');
  if (sig.length !== 64) throw new BallotQrError('the signature is not 64 bytes');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new BallotQrError('the token is not UTF-8 JSON');
  }
  const token = checkToken(json);
  // one encoding per token: a re-encoded (non-canonical) body is refused
  if (canonicalJsonString(token) !== new TextDecoder().decode(body))
    throw new BallotQrError('the token is not in canonical form');
  return { token, signature: toHex(sig) };
}
