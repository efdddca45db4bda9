/**
 * A public page's script as one browser bundle: built by esbuild on first request and kept, like
 * the voter page's (voter/voter-bundle.ts, which says why); without esbuild, a prebuilt file
 * written by `write` (the package's `prepack` script). One definition for the voter page, the
 * results display and the tracker page.
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

/** A page's bundle. */
export interface BrowserBundle {
  /** the prebuilt bundle's path */
  readonly file: string;
  /**
   * The bundle, built on first call and kept (a failed build is not kept).
   * @throws {Error} when it does not build, or neither esbuild nor the prebuilt file is there
   */
  get(): Promise<string>;
  /** Writes the prebuilt bundle. */
  write(): Promise<void>;
}

/**
 * The bundle of `entry` (a path without extension, relative to `base`, the calling module's
 * `import.meta.url`), prebuilt as `prebuilt` next to that module; `page` names it in errors.
 */
export function browserBundle(
  page: string,
  base: string,
  entry: string,
  prebuilt: string,
  plugins: readonly Plugin[] = [],
): BrowserBundle {
  const fromSource = base.endsWith('.ts');
  const entryFile = fileURLToPath(new URL(`${entry}.${fromSource ? 'ts' : 'js'}`, base));
  const file = fileURLToPath(new URL(prebuilt, base));
  const bundleWith = async (esbuild: typeof import('esbuild')): Promise<string> => {
    const r = await esbuild.build({
      entryPoints: [entryFile],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: ['es2022'],
      minify: true,
      legalComments: 'none',
      conditions: fromSource ? ['source'] : [],
      plugins: [...plugins],
      logLevel: 'silent',
    });
    return r.outputFiles[0]!.text;
  };
  let cached: Promise<string> | undefined;
  const get = (): Promise<string> => {
    cached ??= (async () => {
      let esbuild: typeof import('esbuild') | undefined;
      try {
        esbuild = await import('esbuild');
      } catch {
        if (existsSync(file)) return readFileSync(file, 'utf8');
        throw new Error(`the ${page} needs esbuild (a dev dependency) or a prebuilt ${file}`);
      }
      return bundleWith(esbuild);
    })().catch((e: unknown) => {
      cached = undefined;
      throw e;
    });
    return cached;
  };
  const write = async (): Promise<void> => {
    writeFileSync(file, await bundleWith(await import('esbuild')));
    process.stderr.write(`wrote ${file}\n`);
  };
  return { file, get, write };
}
