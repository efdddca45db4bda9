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
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const fromSource = import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(new URL(`./browser/voter-app.${fromSource ? 'ts' : 'js'}`, import.meta.url));
/** The prebuilt bundle (next to this module in `dist/voter/`). */
export const BUNDLE_FILE = fileURLToPath(new URL('./voter.bundle.js', import.meta.url));

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

/**
 * Bundles the voter page's script with esbuild.
 * @returns the bundle (an ES module, minified)
 * @throws {Error} when esbuild is not installed or the bundle does not build
 */
export async function buildVoterBundle(): Promise<string> {
  return bundleWith(await import('esbuild'));
}

async function bundleWith(esbuild: typeof import('esbuild')): Promise<string> {
  const r = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'none',
    conditions: fromSource ? ['source'] : [],
    plugins: [recordCodecOnly],
    logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

let cached: Promise<string> | undefined;

/**
 * The bundle, built on first call (read from {@link BUNDLE_FILE} only when esbuild is not
 * installed) and kept. A failed build is not kept: the next call tries again.
 * @throws {Error} when the bundle does not build, or neither esbuild nor the prebuilt file is there
 */
export function voterBundle(): Promise<string> {
  cached ??= (async () => {
    let esbuild: typeof import('esbuild') | undefined;
    try {
      esbuild = await import('esbuild');
    } catch {
      if (existsSync(BUNDLE_FILE)) return readFileSync(BUNDLE_FILE, 'utf8');
      throw new Error(`the voter page needs esbuild (a dev dependency) or a prebuilt ${BUNDLE_FILE}`);
    }
    return bundleWith(esbuild);
  })().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

/**
 * Writes the prebuilt bundle (for a package installed without esbuild): the package's `prepack`
 * script calls it.
 */
export async function writeVoterBundle(): Promise<void> {
  writeFileSync(BUNDLE_FILE, await buildVoterBundle());
  process.stderr.write(`wrote ${BUNDLE_FILE}\n`);
}
