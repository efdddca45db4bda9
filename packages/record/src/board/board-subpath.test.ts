/**
 * `@evident/record/board` stays browser-safe: bundled for the browser, its graph holds no Node
 * module, no ajv, no fflate, no file of the record's reader or writer — what the tracker page
 * bundles. (A regression here would fail the page's build, or swell it.)
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('@evident/record/board', () => {
  it('bundles for the browser with nothing of Node, ajv or fflate in its graph', async () => {
    const r = await build({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      conditions: ['source'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs.some((p) => p.includes('record/src/board/ballot-state.ts'))).toBe(true);
    expect(
      inputs.filter((p) => /node:|\/ajv\/|\/fflate\/|record\/src\/(read|write|schemas|layout)\.ts/.test(p)),
    ).toEqual([]);
  });
});
