/**
 * Ballot QR codes (spec/stations.md §3): the text of each code, signed, and its image. Serials
 * are 16 bytes from the CSPRNG and are returned to the caller only to be printed: nothing here
 * stores them, so a handed-out ballot cannot be linked to its voter.
 * @module
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { toHex } from '@evident/e2e-crypto';
import { type BallotToken, type TokenChoice, encodeBallotQr, signBallotToken } from '@evident/record';
import QRCode from 'qrcode';

/** Error correction of every paper code: M (15 %), as the sheet's codes. */
export const BALLOT_QR_LEVEL = 'M';

/** A fresh serial: 16 CSPRNG bytes, upper-case hex. */
export function freshSerial(): string {
  return toHex(randomBytes(16));
}

/** Where a ballot belongs. */
export interface BallotPlace {
  readonly electionId: string;
  readonly station: string;
  readonly style: string;
}

/** The QR texts of `count` blank ballots, each signed by the printing key. */
export function blankBallotCodes(place: BallotPlace, printingSecretKey: Uint8Array, count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > 100_000)
    throw new RangeError('count: an integer from 1 to 100000');
  return Array.from({ length: count }, () => {
    const token: BallotToken = { kind: 'blank', ...place, serial: freshSerial() };
    return encodeBallotQr(signBallotToken(token, printingSecretKey));
  });
}

/** The QR text of a marking-device ballot carrying `choices`, signed by the station key. */
export function bmdBallotCode(
  place: BallotPlace,
  choices: readonly TokenChoice[],
  stationSecretKey: Uint8Array,
): string {
  const token: BallotToken = { kind: 'bmd', ...place, serial: freshSerial(), choices };
  return encodeBallotQr(signBallotToken(token, stationSecretKey));
}

/** A PNG of a ballot code at level M (byte mode), `scale` pixels per module. */
export function ballotQrPng(text: string, scale = 4): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: BALLOT_QR_LEVEL, margin: 4, scale });
}
