/**
 * The guardians' decryption uploads as the server reads them (spec/server-api.md §7.2): the
 * partial decryptions of round 1 and the responses of round 2, decoded by @evident/record's codecs
 * (the ones `evident-trustee` reads and writes them with; the routes validate the bodies with the
 * same schemas) and bound to the current request, every refusal a coded error naming the field.
 * The server never sees a key share: everything here is public.
 * @module
 */
import { isInvalidData } from '@evident/e2e-crypto';
import {
  type DecryptionRequest,
  type PartialFile,
  type ResponseFile,
  decodePartial,
  decodeResponse,
  requestBindingProblem,
} from '@evident/record';
import type { Group } from '@evident/e2e-crypto';
import { ApiError } from '../errors.js';

/** Runs a decoder, naming `prefix` in the field of its refusal. */
function decoded<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isInvalidData(e)) throw new ApiError('EVD_ERR_INVALID_DATA', e.message, `${prefix}.${e.field}`);
    throw e;
  }
}

function checkBinding(
  json: Record<string, unknown>,
  req: DecryptionRequest<unknown>,
  prefix: string,
  list?: 'items' | 'responses',
): void {
  const problem = requestBindingProblem(json, req, list);
  if (problem)
    throw new ApiError('EVD_ERR_INVALID_DECRYPTION', problem.message, `${prefix}.${problem.where}`);
}

/**
 * Reads a guardian's round-1 file (`<g>.partial.json`) for `req`.
 * @throws {ApiError} EVD_ERR_INVALID_DECRYPTION for another ceremony, request or item count,
 *   EVD_ERR_INVALID_DATA for an undecodable value, naming the field
 */
export function readPartialUpload<E>(
  G: Group<E>,
  req: DecryptionRequest<E>,
  json: Record<string, unknown>,
  field = 'partial',
): PartialFile<E> {
  checkBinding(json, req as DecryptionRequest<unknown>, field);
  return decoded(field, () => decodePartial(G, json));
}

/**
 * Reads a guardian's round-2 file (`<g>.response.json`) for `req`: every response a scalar < q.
 * @throws {ApiError} as {@link readPartialUpload}
 */
export function readResponseUpload(
  G: Group<unknown>,
  req: DecryptionRequest<unknown>,
  json: Record<string, unknown>,
  field = 'response',
): ResponseFile {
  checkBinding(json, req, field, 'responses');
  return decoded(field, () => decodeResponse(G, json));
}
