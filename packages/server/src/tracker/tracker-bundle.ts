/**
 * The ballot tracker page's script as one browser bundle (spec/tracker.md §6): built by esbuild
 * on first request and kept, like the voter page's (voter/voter-bundle.ts, which says why);
 * without esbuild, `dist/tracker/tracker.bundle.js` written by {@link writeTrackerBundle} (the
 * package's `prepack` script).
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fromSource = import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(new URL(`./browser/tracker-app.${fromSource ? 'ts' : 'js'}`, import.meta.url));
/** The prebuilt bundle (next to this module in `dist/tracker/`). */
export const TRACKER_BUNDLE_FILE = fileURLToPath(new URL('./tracker.bundle.js', import.meta.url));

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
    logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

let cached: Promise<string> | undefined;

/**
 * The bundle, built on first call and kept (a failed build is not kept).
 * @throws {Error} when it does not build, or neither esbuild nor the prebuilt file is there
 */
export function trackerBundle(): Promise<string> {
  cached ??= (async () => {
    let esbuild: typeof import('esbuild') | undefined;
    try {
      esbuild = await import('esbuild');
    } catch {
      if (existsSync(TRACKER_BUNDLE_FILE)) return readFileSync(TRACKER_BUNDLE_FILE, 'utf8');
      throw new Error(
        `the tracker page needs esbuild (a dev dependency) or a prebuilt ${TRACKER_BUNDLE_FILE}`,
      );
    }
    return bundleWith(esbuild);
  })().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

/** Writes the prebuilt bundle (the package's `prepack` script). */
export async function writeTrackerBundle(): Promise<void> {
  writeFileSync(TRACKER_BUNDLE_FILE, await bundleWith(await import('esbuild')));
  process.stderr.write(`wrote ${TRACKER_BUNDLE_FILE}\n`);
}
