/**
 * Coded API errors (spec/server-api.md §2). Every error response has the body
 * `{ statusCode, code, error, message, field? }` with a stable `EVD_ERR_…` code; bad input is
 * always a 4xx, never a 5xx.
 * @module
 */

/** Every code the API returns, with its HTTP status. */
export const ERROR_STATUS = {
  EVD_ERR_VALIDATION: 400, // body, params or query do not match the route's JSON Schema
  EVD_ERR_MALFORMED_JSON: 400, // the body is not JSON
  EVD_ERR_INVALID_DATA: 400, // well-typed but invalid: bad hex, not a group element, scalar ≥ q
  EVD_ERR_BAD_REQUEST: 400, // other malformed requests
  EVD_ERR_INVALID_MANIFEST: 400,
  EVD_ERR_INVALID_KEY_CEREMONY: 400, // the key-ceremony output does not verify or does not match
  EVD_ERR_INVALID_PROOF: 400, // a ballot proof does not verify
  EVD_ERR_INVALID_SIGNATURE: 400, // a credential's or a guardian's signature does not verify
  EVD_ERR_INVALID_BALLOT: 400, // ballot style, contests, confirmation code or nonce wrong
  EVD_ERR_INVALID_DECRYPTION: 400, // a partial decryption does not verify
  EVD_ERR_INVALID_SHUFFLE: 400, // a mix stage's proof of shuffle does not verify (spec/mixnet.md §5)
  EVD_ERR_INVALID_SCHEDULE: 400, // unknown time zone or malformed local time
  EVD_ERR_UNAUTHENTICATED: 401, // no or unknown bearer token
  EVD_ERR_IDENTITY: 401, // identity assertion missing or refused
  EVD_ERR_LOGIN_STATE: 400, // an eID login answer with no, an unknown, an expired or a used state
  EVD_ERR_LOGIN_FAILED: 401, // the identity provider refused the login, or its answer is refused
  EVD_ERR_LOGIN_TOKEN: 401, // the ID token is refused: signature, iss, aud, exp, iat, nonce, claim
  EVD_ERR_NOT_ON_ROLL: 403, // the person who logged in has no credential in this election
  EVD_ERR_FORBIDDEN: 403, // token lacks the role
  EVD_ERR_UNKNOWN_CREDENTIAL: 403, // the ballot's credential is not on the published list
  EVD_ERR_NOT_FOUND: 404,
  EVD_ERR_ILLEGAL_TRANSITION: 409, // lifecycle step not allowed in the current state
  EVD_ERR_WRONG_PHASE: 409, // e.g. casting while the election is not open
  EVD_ERR_CONFLICT: 409, // already exists
  EVD_ERR_REPLAY: 409, // ballot content already cast under another credential (Cortier–Smyth)
  EVD_ERR_MIX_ORDER: 409, // a mix stage that is not the next one, or a guardian mixing twice
  EVD_ERR_INVALID_SHEET: 400, // a tally sheet malformed or inconsistent (spec/stations.md §9)
  EVD_ERR_INVALID_SHEET_PARTS: 400, // scanned QR parts that do not assemble into one sheet
  EVD_ERR_INVALID_CVRS: 400, // a sheet's CVRs are not the ones it commits to
  EVD_ERR_UNREGISTERED_STATION: 403, // a station of the manifest without a registered key
  EVD_ERR_SHEET_CHAIN: 409, // a sheet that does not extend its station's chain of sheets
  EVD_ERR_TOO_EARLY: 409, // a sheet counted, or arriving, before the counting start
  EVD_ERR_CANCELLED: 409, // the credential was cancelled by a polling-station check-in (paper wins)
  EVD_ERR_HEAD_NOT_EXTENDED: 409, // a tree head signed by the log key that the log does not extend (a rollback or a fork)
  EVD_ERR_NOT_RENDERABLE: 409, // a report's PDF of a text its font cannot show (the other formats show it)
  EVD_ERR_REQUEST_TIMEOUT: 408, // the request did not arrive within requestTimeout
  EVD_ERR_BODY_TOO_LARGE: 413,
  EVD_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  EVD_ERR_RATE_LIMITED: 429,
  EVD_ERR_HEADERS_TOO_LARGE: 431,
  EVD_ERR_TOO_MANY_STREAMS: 429, // this client address has its cap of open event streams
  EVD_ERR_INTERNAL: 500, // a bug or a storage failure, never bad input
  EVD_ERR_UNAVAILABLE: 503, // shutting down, or the database is unreachable (with Retry-After)
  EVD_ERR_STREAMS_FULL: 503, // the server has its cap of open event streams
  EVD_ERR_BUSY: 503, // too many ballots wait for verification (with Retry-After): send the same ballot again
} as const;

/** An error code of the API. */
export type ErrorCode = keyof typeof ERROR_STATUS;

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An error that becomes a coded HTTP response. Messages never contain secrets. */
export class ApiError extends Error {
  readonly statusCode: number;
  /**
   * @param code - the `EVD_ERR_…` code (fixes the status)
   * @param message - human-readable, no secrets
   * @param field - the input field at fault, when there is one
   */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = ERROR_STATUS[code];
  }
}

/** The JSON body of an error response. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  error: string;
  message: string;
  field?: string;
}

/** The body for `err`. */
export function errorBody(code: ErrorCode, message: string, field?: string): ErrorBody {
  const statusCode = ERROR_STATUS[code];
  return { statusCode, code, error: REASON[statusCode] ?? 'Error', message, ...(field ? { field } : {}) };
}

/** JSON Schema of the error body, referenced by every route's 4xx responses. */
export const errorSchema = {
  $id: 'Error',
  type: 'object',
  required: ['statusCode', 'code', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
    error: { type: 'string' },
    message: { type: 'string' },
    field: { type: 'string' },
  },
} as const;
