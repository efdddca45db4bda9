/**
 * Shared JSON Schemas of the API (spec/server-api.md). Registered once with `app.addSchema`
 * and referenced by `$ref`, so that the OpenAPI document carries them as components.
 * @module
 */

/** Uppercase or lowercase hex of bounded length. */
export const hex = (maxBytes: number) =>
  ({ type: 'string', pattern: '^[0-9a-fA-F]*$', maxLength: 2 * maxBytes }) as const;
/** Hex of exactly n bytes. */
export const hexN = (n: number) => ({ type: 'string', pattern: `^[0-9a-fA-F]{${2 * n}}$` }) as const;
/**
 * A body that is an evident-trustee file: a `$ref` to its schema in spec/schemas/trustee/
 * (registered by the app), so that a change to the format changes the server's validation too.
 */
export const trusteeFileRef = (
  name: 'election-key' | 'partial-decryption' | 'decryption-response' | 'mix-stage',
) => ({ $ref: `https://evident.example/spec/schemas/trustee/${name}.schema.json#` }) as const;
/** An election or token id. */
export const idSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } as const;

export const electionParams = {
  type: 'object',
  required: ['electionId'],
  properties: { electionId: idSchema },
  additionalProperties: false,
} as const;

/** A range proof in either form (elements up to 512 bytes for eg-4096). */
const rangeProof = {
  type: 'object',
  required: ['c', 'v'],
  additionalProperties: false,
  properties: {
    a: { type: 'array', maxItems: 64, items: hex(512) },
    b: { type: 'array', maxItems: 64, items: hex(512) },
    c: { type: 'array', maxItems: 64, items: hex(32) },
    v: { type: 'array', maxItems: 64, items: hex(32) },
  },
} as const;

/** A range proof of a rank position: up to m + W + 1 entries (spec/ranked-choice.md §2.2). */
const rankRangeProof = {
  ...rangeProof,
  properties: {
    a: { type: 'array', maxItems: 1025, items: hex(512) },
    b: { type: 'array', maxItems: 1025, items: hex(512) },
    c: { type: 'array', maxItems: 1025, items: hex(32) },
    v: { type: 'array', maxItems: 1025, items: hex(32) },
  },
} as const;

/** One ranked contest's encrypted row with its proofs (spec/ranked-choice.md §2, spec/mixnet.md §8.1). */
const rankedRow = {
  type: 'object',
  required: ['contestId', 'row', 'proofs'],
  additionalProperties: false,
  properties: {
    contestId: { type: 'string', maxLength: 128 },
    row: {
      type: 'array',
      maxItems: 4096,
      items: {
        type: 'object',
        required: ['alpha', 'beta'],
        additionalProperties: false,
        properties: { alpha: hex(512), beta: hex(512) },
      },
    },
    proofs: { type: 'array', maxItems: 1000, items: rankRangeProof },
    writeInProofs: {
      type: 'array',
      maxItems: 4096,
      items: {
        type: 'object',
        required: ['v'],
        additionalProperties: false,
        properties: { h: hex(512), c: hexN(32), v: hexN(32) },
      },
    },
  },
} as const;

/** The ballot a client submits (spec/server-api.md §5.1). */
export const submissionSchema = {
  $id: 'BallotSubmission',
  type: 'object',
  required: ['credential', 'ballot', 'signature'],
  additionalProperties: false,
  properties: {
    credential: hex(512),
    nonce: hexN(32),
    signature: {
      type: 'object',
      required: ['v'],
      additionalProperties: false,
      properties: { h: hex(512), c: hexN(32), v: hexN(32) },
    },
    ballot: {
      type: 'object',
      required: ['code', 'style', 'contests'],
      additionalProperties: false,
      properties: {
        code: hexN(32),
        style: { type: 'string', maxLength: 128 },
        contests: {
          type: 'array',
          maxItems: 256,
          items: {
            type: 'object',
            required: ['label', 'selections', 'proof', 'contestData'],
            additionalProperties: false,
            properties: {
              label: { type: 'string', maxLength: 128 },
              selections: {
                type: 'array',
                maxItems: 256,
                items: {
                  type: 'object',
                  required: ['alpha', 'beta', 'proof'],
                  additionalProperties: false,
                  properties: { alpha: hex(512), beta: hex(512), proof: rangeProof },
                },
              },
              proof: rangeProof,
              contestData: {
                type: 'object',
                required: ['c0', 'c1', 'c2'],
                additionalProperties: false,
                properties: { c0: hex(512), c1: hex(8192), c2: hexN(32) },
              },
            },
          },
        },
        ranked: { type: 'array', maxItems: 64, items: rankedRow },
      },
    },
  },
} as const;

/** A signed tree head (spec/bulletin-board.md §4). */
export const treeHeadSchema = {
  $id: 'TreeHead',
  type: 'object',
  required: ['logId', 'treeSize', 'timestamp', 'rootHash', 'signature'],
  properties: {
    logId: { type: 'string' },
    treeSize: { type: 'integer' },
    timestamp: { type: 'integer' },
    rootHash: { type: 'string' },
    signature: { type: 'string' },
  },
} as const;

/** A receipt (spec/server-api.md §5.4). */
export const receiptSchema = {
  $id: 'Receipt',
  type: 'object',
  required: [
    'electionId',
    'intent',
    'confirmationCode',
    'logIndex',
    'leafHash',
    'treeHead',
    'inclusionProof',
  ],
  properties: {
    electionId: { type: 'string' },
    intent: { type: 'string', enum: ['cast', 'challenge'] },
    confirmationCode: { type: 'string' },
    logIndex: { type: 'integer' },
    leafHash: { type: 'string' },
    treeHead: { $ref: 'TreeHead#' },
    inclusionProof: { type: 'array', items: { type: 'string' } },
    supersedes: { type: 'integer' },
    opened: {
      type: 'object',
      additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
    },
    /** challenges: the ranked rows opened by ξ_B (spec/ranked-choice.md §2.7) */
    openedRanked: {
      type: 'array',
      items: {
        type: 'object',
        required: ['contestId', 'ranks', 'writeIns'],
        properties: {
          contestId: { type: 'string' },
          ranks: { type: 'array', items: { type: 'integer' } },
          writeIns: { type: 'array', items: { type: ['string', 'null'] } },
        },
      },
    },
  },
} as const;

/** Summary of an election (spec/server-api.md §4). */
export const electionSchema = {
  $id: 'Election',
  type: 'object',
  required: ['id', 'state', 'profile', 'timeZone', 'treeSize'],
  properties: {
    id: { type: 'string' },
    state: { type: 'string' },
    profile: { type: 'string' },
    timeZone: { type: 'string' },
    closeAt: { type: 'string' },
    closeAtInstant: { type: 'integer' },
    countingStart: { type: 'string' },
    countingStartInstant: { type: 'integer' },
    requireIdentity: { type: 'boolean' },
    extendedBaseHash: { type: 'string' },
    jointKey: { type: 'string' },
    guardians: { type: 'integer' },
    quorum: { type: 'integer' },
    credentials: { type: 'integer' },
    ballots: {
      type: 'object',
      properties: {
        cast: { type: 'integer' },
        counted: { type: 'integer' },
        challenged: { type: 'integer' },
        superseded: { type: 'integer' },
      },
    },
    treeSize: { type: 'integer' },
    logPublicKey: { type: 'string' },
    /** Creation only: the manifest as published, with `bulletinBoard` (what the trustees hash). */
    manifest: { type: 'object', additionalProperties: true },
  },
} as const;

/** A JSON object of any shape (files the routes pass through as they are). */
export const anyObject = { type: 'object', additionalProperties: true } as const;

/** A decryption request as the tally and the last mix stage announce it (spec/server-api.md §7.2). */
export const requestSummarySchema = {
  type: 'object',
  properties: {
    kind: { type: 'string' },
    digest: { type: 'string' },
    items: { type: 'integer' },
    logIndex: { type: 'integer' },
  },
} as const;

/** 4xx responses every route may give. */
export const errorResponses = {
  400: { $ref: 'Error#' },
  401: { $ref: 'Error#' },
  403: { $ref: 'Error#' },
  404: { $ref: 'Error#' },
  409: { $ref: 'Error#' },
  413: { $ref: 'Error#' },
  415: { $ref: 'Error#' },
  429: { $ref: 'Error#' },
} as const;
