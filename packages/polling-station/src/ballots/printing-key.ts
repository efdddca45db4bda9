/**
 * The election's ballot-printing key (spec/stations.md §2, §3.1): an Ed25519 key that signs the
 * QR code of every pre-printed ballot. Made once by the administrator's printing office, kept
 * encrypted at rest; its public key is registered on the board (`printing-key`) before opening.
 * @module
 */
import { generatePaperKey } from '@evident/e2e-crypto';
import { type OpenedKey, DEFAULT_SEALED_LOG_N, readSealedKey, writeSealedKey } from './sealed-key-file.js';

export const PRINTING_KEY_FORMAT = 'evident-station/printing-key';

/** Makes a fresh printing key and writes it, encrypted, to `path`; returns it. */
export function initPrintingKey(path: string, passphrase: string, logN = DEFAULT_SEALED_LOG_N): OpenedKey {
  const { secretKey } = generatePaperKey();
  return writeSealedKey(path, PRINTING_KEY_FORMAT, secretKey, passphrase, logN);
}

/** Opens the printing key file (see {@link readSealedKey} for the errors). */
export function openPrintingKey(path: string, passphrase: string): OpenedKey {
  return readSealedKey(path, PRINTING_KEY_FORMAT, passphrase);
}
