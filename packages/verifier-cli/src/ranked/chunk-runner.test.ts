/** runChunks: every chunk's result handed over once, in chunk order, whatever order they end in. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChunkRunner, chunkRanges, runChunks } from './chunk-runner.js';

describe('runChunks', () => {
  it('property: results taken in chunk order when tasks end in any order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.nat({ max: 5 }), { minLength: 40, maxLength: 40 }),
        async (n, size, delays) => {
          let started = 0;
          const runner: ChunkRunner = {
            run: <R>(_name: string, task: unknown) => {
              const d = delays[started++ % delays.length]!;
              return new Promise<R>((ok) => setTimeout(() => ok(task as R), d));
            },
          };
          const taken: [number, number][] = [];
          await runChunks<[number, number]>(
            runner,
            'rankedRowsChunk',
            n,
            size,
            (a, b) => [a, b],
            (r) => taken.push(r),
          );
          expect(taken).toEqual(chunkRanges(n, size));
        },
      ),
      { numRuns: 60 },
    );
  });
});
