/**
 * Confirmation codes chained per encrypting device (EG 2.0 §3.4.3 eq 59–61, Verification 7.D–7.G;
 * spec/record.md §5.4).
 *
 * Evident's B_aux,0 for a device is the UTF-8 of its label (unique in the election): the chain
 * starts at H_0 = H(H_E; 0x24, B_aux,0), ballot j uses B_aux,j = H_(j−1) ∥ B_aux,0, and the chain
 * is closed with H(H_E; 0x24, H_ℓ ∥ B_aux,0 ∥ "CLOSE").
 * @module
 */
import { utf8Bytes } from '../bytes.js';
import { chainClosingCode, chainedAux, chainInitialCode } from '../election/confirmation-code.js';

/** B_aux,0 of the device with this label. */
export function deviceAux0(deviceLabel: string): Uint8Array {
  return utf8Bytes(deviceLabel);
}

/** The state of one device's chain while ballots are encrypted on it. */
export interface DeviceChain {
  readonly device: string;
  /** B_aux,0. */
  readonly aux0: Uint8Array;
  /** H_0 (eq 59). */
  readonly initialCode: Uint8Array;
  /** The confirmation code of the last ballot, or H_0. */
  readonly lastCode: Uint8Array;
  /** Ballots chained so far. */
  readonly length: number;
  /** B_aux,j for the next ballot (eq 60). */
  nextAux(): Uint8Array;
  /** Records the confirmation code of the ballot just encrypted with {@link nextAux}. */
  append(code: Uint8Array): void;
  /** The closing hash (eq 61). */
  close(): Uint8Array;
}

/** Starts the chain of device `deviceLabel` (7.D). */
export function startDeviceChain(hE: Uint8Array, deviceLabel: string): DeviceChain {
  const aux0 = deviceAux0(deviceLabel);
  const initialCode = chainInitialCode(hE, aux0);
  let last = initialCode;
  let length = 0;
  return {
    device: deviceLabel,
    aux0,
    initialCode,
    get lastCode() {
      return last;
    },
    get length() {
      return length;
    },
    nextAux: () => chainedAux(last, aux0),
    append(code) {
      last = code;
      length++;
    },
    close: () => chainClosingCode(hE, last, aux0),
  };
}
