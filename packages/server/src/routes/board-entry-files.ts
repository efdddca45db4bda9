/**
 * `GET /elections/{id}/board/entries/{index}/files/{name}` (spec/server-api.md §7.5,
 * spec/mixnet.md §8.6, §8.9, §8.10): a file the store keeps for the board entry at `index`, which
 * names it by its SHA-256 — a mix stage's files (`mix-stage` of version 2), a ranked contest's
 * `decryptions.json` (`ranked-decryption` of version 2), a guardian's `partial.json` or
 * `response.json` content (the `ranked` uploads' entries of version 2). What a version-1 entry held
 * in the board, anyone can thus still read and hash. Streamed from the store a few chunks at a
 * time (memory O(chunk) whatever N); an adopted file never changes: `immutable`.
 * @module
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { DECRYPTIONS_FILE, STAGE_DIGEST_FILES, stageFileName, uploadContentFile } from '@evident/record';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { IMMUTABLE } from '../limits/cached-answer.js';
import { errorResponses, idSchema } from '../schemas.js';

/** The names a stored file of an entry can have. */
export const ENTRY_FILE_NAMES: readonly string[] = [
  ...STAGE_DIGEST_FILES.map(stageFileName),
  DECRYPTIONS_FILE,
  uploadContentFile('partial-decryption'),
  uploadContentFile('decryption-response'),
];
/** Chunks read from the store at a time. */
const CHUNKS_PER_READ = 4;

type Params = { electionId: string; index: number; name: string };

/** Registers the route. */
export function boardEntryFilesRoute(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: Params }>(
    '/elections/:electionId/board/entries/:index/files/:name',
    {
      schema: {
        tags: ['board'],
        summary: 'A file the board entry at index names by its SHA-256, as the store keeps it',
        params: {
          type: 'object',
          required: ['electionId', 'index', 'name'],
          additionalProperties: false,
          properties: {
            electionId: idSchema,
            index: { type: 'integer', minimum: 0, maximum: 2 ** 40 },
            name: { type: 'string', enum: [...ENTRY_FILE_NAMES] },
          },
        },
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const { electionId, index, name } = req.params;
      const read = (seq: number) => ctx.store.stageFileChunks(electionId, index, name, seq, CHUNKS_PER_READ);
      const first = await read(0);
      if (first.length === 0)
        throw new ApiError('EVD_ERR_NOT_FOUND', `board entry ${index} names no ${name}`, 'name');
      async function* chunks(): AsyncGenerator<Uint8Array> {
        let got = first;
        for (let seq = 0; ;) {
          yield* got;
          seq += got.length;
          if (got.length < CHUNKS_PER_READ) return;
          got = await read(seq);
        }
      }
      return reply
        .type(name.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/octet-stream')
        .header('cache-control', IMMUTABLE)
        .send(Readable.from(chunks()));
    },
  );
}
