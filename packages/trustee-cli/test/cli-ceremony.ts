/** The CLI key ceremony and in-process CLI runners, shared by the CLI tests. */
import { writeFileSync } from 'node:fs';
import { run, silentIO } from '../src/index.js';

/** Runs one CLI command and returns its stdout, throwing on a non-zero exit. */
export type RunOk = (args: string[]) => Promise<string>;
/** Runs one CLI command and returns its exit code and output. */
export type RunCli = (
  args: string[],
  passphrase?: string,
) => Promise<{ code: number; out: string; err: string }>;

/** In-process runners of `evident-trustee` whose passphrase prompt answers `passphrase`. */
export function cliRunner(passphrase: string): { cli: RunCli; ok: RunOk } {
  const cli: RunCli = async (args, pass = passphrase) => {
    let out = '';
    let err = '';
    const code = await run(args, { out: (s) => (out += s), err: (s) => (err += s) }, silentIO(pass));
    return { code, out, err };
  };
  const ok: RunOk = async (args) => {
    const r = await cli(args);
    if (r.code !== 0) throw new Error(`${args[0]} failed (${r.code}): ${r.err}${r.out}`);
    return r.out;
  };
  return { cli, ok };
}

/**
 * A whole ceremony: `config` for `manifest` (an object, written to manifest.json as given, or
 * pretty-printed with `pretty`), then init/publish/share, verify and finalize for every guardian.
 * @returns the path of election-key.json
 */
export async function fullCeremony(
  ok: RunOk,
  f: (name: string) => string,
  manifest: unknown,
  names: readonly string[],
  quorum: number,
  pretty = false,
): Promise<string> {
  writeFileSync(f('manifest.json'), pretty ? JSON.stringify(manifest, null, 2) : JSON.stringify(manifest));
  const ceremony = f('ceremony.json');
  await ok(
    [
      'config',
      '--manifest',
      f('manifest.json'),
      '--guardians',
      names.join(','),
      '--quorum',
      String(quorum),
    ].concat(['-o', ceremony]),
  );
  await initPublishShare(ok, f, ceremony, names);
  const pubs = names.map((n) => f(`${n}.public.json`)).join(',');
  const shares = names.map((n) => f(`${n}.shares.json`)).join(',');
  for (const n of names)
    await ok(
      ['verify', '--ceremony', ceremony, '--secret', f(`${n}.secret.json`), '--public', pubs].concat([
        '--shares',
        shares,
        '-o',
        f(`${n}.verification.json`),
      ]),
    );
  const verifications = names.map((n) => f(`${n}.verification.json`)).join(',');
  await ok([
    'finalize',
    '--ceremony',
    ceremony,
    '--public',
    pubs,
    '--verifications',
    verifications,
    '-o',
    f('election-key.json'),
  ]);
  return f('election-key.json');
}

/**
 * Every guardian in `names` creates its secret file, publishes its commitments and writes the
 * encrypted shares for the others (files `<name>.secret.json`, `.public.json`, `.shares.json`).
 */
export async function initPublishShare(
  ok: RunOk,
  f: (name: string) => string,
  ceremony: string,
  names: readonly string[],
): Promise<void> {
  const pubs = names.map((n) => f(`${n}.public.json`)).join(',');
  for (const n of names)
    await ok([
      'init',
      '--ceremony',
      ceremony,
      '--guardian',
      n,
      '--kdf-cost',
      '10',
      '-o',
      f(`${n}.secret.json`),
    ]);
  for (const n of names)
    await ok([
      'publish',
      '--ceremony',
      ceremony,
      '--secret',
      f(`${n}.secret.json`),
      '-o',
      f(`${n}.public.json`),
    ]);
  for (const n of names)
    await ok([
      'share',
      '--ceremony',
      ceremony,
      '--secret',
      f(`${n}.secret.json`),
      '--public',
      pubs,
      '-o',
      f(`${n}.shares.json`),
    ]);
}
