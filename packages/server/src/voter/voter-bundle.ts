/**
 * The voter page's script as one browser bundle (spec/server-api.md §5.5): `browser/voter-app.ts`
 * with `@evident/e2e-crypto`, the ballot client (client/ballot-client.ts) and the record's ballot
 * codec, bundled by esbuild.
 *
 * Built lazily, once per process, the first time the page asks for it (~0.3 s), so that
 * `tsc -b` stays the only build step: `npm test`, `npm run demo` and `evident-server` work on a
 * fresh clone. Run from `dist/` it bundles the compiled JavaScript (and e2e-crypto's `dist/`);
 * run from `src/` (vitest) it bundles the TypeScript sources through the `source` export
 * condition. Without esbuild (a production install without dev dependencies) it serves
 * `dist/voter/voter.bundle.js`, which {@link writeVoterBundle} writes (the package's `prepack`
 * script).
 * @module
 */
import type { Plugin } from 'esbuild';
import { browserBundle } from '../pages/browser-bundle.js';

const INNER = Symbol('inner');

/**
 * `@evident/record` → its `codec` module only: the package's index also exports the record
 * reader and writer and the JSON Schema loader (node:fs), which a browser has no use for.
 */
const recordCodecOnly: Plugin = {
  name: 'evident-record-codec',
  setup(build) {
    build.onResolve({ filter: /^@evident\/record$/ }, async (args) => {
      if (args.pluginData === INNER) return undefined;
      const r = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: INNER,
      });
      if (r.errors.length > 0) return { errors: r.errors };
      return { path: r.path.replace(/index\.(ts|js)$/, 'codec.$1') };
    });
  },
};

const bundle = browserBundle('voter page', import.meta.url, './browser/voter-app', './voter.bundle.js', [
  recordCodecOnly,
]);
/** The prebuilt bundle (next to this module in `dist/voter/`). */
export const BUNDLE_FILE = bundle.file;
/**
 * The bundle, built on first call (read from {@link BUNDLE_FILE} only when esbuild is not
 * installed) and kept. A failed build is not kept: the next call tries again.
 */
export const voterBundle = bundle.get;
/** Writes the prebuilt bundle (the package's `prepack` script). */
export const writeVoterBundle = bundle.write;
