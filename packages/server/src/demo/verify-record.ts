/**
 * The demo's last step (`../demo.ts`, step 6): `evident-verify` on the exported record, its
 * report printed as it is; then the bulletin-board log checks L1–L4 from the verifier's library
 * when the command's report does not carry them.
 * @module
 */
import { spawn } from 'node:child_process';

/**
 * Verifies the record in `dir` with the compiled verifier `cli`.
 * @returns whether the record is valid (the command exited 0 and no log check failed)
 */
export async function verifyDemoRecord(cli: string, dir: string): Promise<boolean> {
  let verifyCode = 0;
  const report = await new Promise<string>((resolve) => {
    const p = spawn(process.execPath, [cli, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let o = '';
    p.stdout.on('data', (d: Buffer) => (o += d));
    p.on('close', (code) => {
      verifyCode = code ?? 1;
      resolve(o);
    });
  });
  process.stdout.write(report);
  let logValid = true;
  if (!/\bL1\b/.test(report)) {
    // the board-log checks, until evident-verify runs them itself
    const lib = (await import(new URL('../../../verifier-cli/dist/index.js', import.meta.url).href)) as {
      checkBoardLog(dir: string): Promise<
        {
          id: string;
          title: string;
          status: string;
          checked: number;
          failures: { check: string; location: string; message: string }[];
        }[]
      >;
    };
    for (const s of await lib.checkBoardLog(dir)) {
      console.log(
        `  ${s.status === 'passed' ? 'PASS' : s.status === 'failed' ? 'FAIL' : 'SKIP'}  ${s.id}  ${s.title} — ${s.checked} checked`,
      );
      for (const x of s.failures.slice(0, 5))
        console.log(`          ${x.check}  ${x.location}: ${x.message}`);
      logValid &&= s.status !== 'failed';
    }
  }
  return verifyCode === 0 && logValid;
}
