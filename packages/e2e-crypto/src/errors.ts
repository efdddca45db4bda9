/**
 * Typed errors for malformed or invalid input data.
 *
 * Misuse of an API (a wrong argument type, an impossible parameter) throws `TypeError` or
 * `RangeError` naming the parameter. Bad *data* decoded from outside — an encoding of the wrong
 * length, a value outside the group, a scalar ≥ q — throws {@link InvalidDataError}, which names
 * the field so that callers (the verifier, the server) can report it without a stack trace.
 * @module
 */

/** Machine-readable reasons for {@link InvalidDataError}. */
export type InvalidDataCode =
  | 'ENCODING' // not well-formed: bad hex, wrong length, not canonical
  | 'NOT_IN_GROUP' // decodes to a number or point that is not an element of the prime-order group
  | 'SCALAR_RANGE' // an integer that should be in Z_q is not
  | 'VALUE'; // another domain rule (for example a negative count)

/** Bad input data, with the name of the field that carries it. Never contains secrets. */
export class InvalidDataError extends Error {
  /** @param code - why the data is bad @param field - where it was found, e.g. `selections[3].alpha` */
  constructor(
    readonly code: InvalidDataCode,
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'InvalidDataError';
  }
}

/** True when `e` is an {@link InvalidDataError}. */
export function isInvalidData(e: unknown): e is InvalidDataError {
  return e instanceof InvalidDataError;
}
