/**
 * The station's Ed25519 device key (spec/stations.md §2): made once by `evident-station init`,
 * kept in `<dir>/station-key.json` sealed under the station passphrase (scrypt + AES-256-GCM,
 * the public header — with the public key — as associated data; @evident/record's
 * `sealSecret`, the same primitive as the guardians' secret files). The public key is printed
 * for the administrator to register (`station-key` board entry).
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesEqual, fromHex, generatePaperKey, paperPublicKey, toHex, utf8Bytes } from '@evident/e2e-crypto';
import { openSealedSecret, sealSecret } from '@evident/record/sealed-secret';
import { StationError } from '../station-error.js';

export const STATION_KEY_FORMAT = 'evident-station/station-key';
export const STATION_KEY_VERSION = 1;
/** scrypt cost of the key file: 2^17 (128 MiB, under a second), as the guardians' files. */
export const STATION_KEY_LOG_N = 17;
/** Shortest station passphrase accepted. */
export const MIN_STATION_PASSPHRASE = 10;

/** The key file's path in a station directory. */
export const stationKeyPath = (dir: string): string => join(dir, 'station-key.json');

/** An opened station key. */
export interface StationKey {
  readonly secretKey: Uint8Array;
  /** 32 bytes */
  readonly publicKey: Uint8Array;
  /** upper-case hex, as registered */
  readonly publicKeyHex: string;
}

function header(publicKeyHex: string) {
  return { format: STATION_KEY_FORMAT, version: STATION_KEY_VERSION, publicKey: publicKeyHex };
}

/**
 * Makes the station key and writes it sealed (mode 0600). Refuses to overwrite an existing key.
 * @returns the public key, upper-case hex
 * @throws {StationError} when the file exists or the passphrase is too short
 */
export function initStationKey(dir: string, passphrase: string, logN = STATION_KEY_LOG_N): string {
  const path = stationKeyPath(dir);
  if (existsSync(path)) throw new StationError(1, `${path} exists: this station already has its key`);
  if ([...passphrase].length < MIN_STATION_PASSPHRASE)
    throw new StationError(
      2,
      `the station passphrase must have at least ${MIN_STATION_PASSPHRASE} characters`,
    );
  const { secretKey, publicKey } = generatePaperKey();
  const pub = toHex(publicKey);
  const sealed = sealSecret(header(pub), utf8Bytes(toHex(secretKey)), passphrase, logN);
  writeFileSync(path, JSON.stringify(sealed, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return pub;
}

/** The public key written in the key file's header (no passphrase needed), upper-case hex. */
export function readStationPublicKey(dir: string): string {
  const path = stationKeyPath(dir);
  const f = readKeyFile(path);
  return headerOf(f, path).publicKey;
}

function readKeyFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new StationError(1, `${path} is missing: run \`evident-station init\` first`);
  try {
    const f = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (typeof f !== 'object' || f === null || Array.isArray(f)) throw new Error('not a JSON object');
    return f as Record<string, unknown>;
  } catch (e) {
    throw new StationError(1, `${path}: ${(e as Error).message}`);
  }
}

function headerOf(f: Record<string, unknown>, path: string): ReturnType<typeof header> {
  if (f.format !== STATION_KEY_FORMAT || f.version !== STATION_KEY_VERSION)
    throw new StationError(
      1,
      `${path}: format: not a ${STATION_KEY_FORMAT} file of version ${STATION_KEY_VERSION}`,
    );
  if (typeof f.publicKey !== 'string' || !/^[0-9A-Fa-f]{64}$/.test(f.publicKey))
    throw new StationError(1, `${path}: publicKey: 32 bytes of hex expected`);
  return header(f.publicKey);
}

/**
 * Opens the station key.
 * @throws {StationError} naming the file: missing, malformed, wrong passphrase or changed
 */
export function openStationKey(dir: string, passphrase: string): StationKey {
  const path = stationKeyPath(dir);
  const f = readKeyFile(path);
  const h = headerOf(f, path);
  const opened = openSealedSecret(f, h, passphrase);
  if (!opened.ok) {
    if (opened.reason === 'malformed')
      throw new StationError(1, `${path}: ${opened.field}: ${opened.message}`);
    throw new StationError(1, `${path} cannot be opened: wrong passphrase, or the file was changed`);
  }
  const secretKey = fromHex(new TextDecoder().decode(opened.plaintext), 'secretKey');
  const publicKey = paperPublicKey(secretKey);
  if (!bytesEqual(publicKey, fromHex(h.publicKey, 'publicKey')))
    throw new StationError(1, `${path}: publicKey is not the sealed key's`);
  return { secretKey, publicKey, publicKeyHex: toHex(publicKey) };
}
