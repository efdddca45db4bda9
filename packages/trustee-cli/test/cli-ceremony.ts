/** The init → publish → share steps of a CLI key ceremony, shared by the CLI tests. */

/** Runs one CLI command and returns its stdout, throwing on a non-zero exit. */
export type RunOk = (args: string[]) => Promise<string>;

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
