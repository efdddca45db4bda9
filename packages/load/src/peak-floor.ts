/**
 * The floor of each read kind in the mixed peak (`npm run bench:peak`, ./peak.ts): the bytes the
 * server sent for each path the kind reads, served under the same paths by a bare `node:http` process (./floor-server.ts)
 * and offered the same rate by the same generator, right after the server's own probe of that
 * kind — so that the server's CPU per read is compared with what Node's HTTP and the sockets cost
 * in the same conditions (a same-run ratio, whatever else runs on the machine).
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSplitMsOf } from './proc-stats.js';

/** A running floor server. */
export interface FloorServer {
  readonly base: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Fetches the bytes of `base` + `path` (a read the floor then serves). */
export async function bytesOf(base: string, path: string): Promise<Buffer> {
  // identity: fetch would ask for br/gzip, and the server would compress every answer once for nothing
  const r = await fetch(base + path, {
    headers: { 'accept-encoding': 'identity' },
    signal: AbortSignal.timeout(30_000),
  });
  if (r.status !== 200) throw new Error(`peak floor: GET ${path} answered ${r.status}`);
  return Buffer.from(await r.arrayBuffer());
}

/** Starts a floor server in `dir` answering `GET <path>` with `bodies[path]`. */
export async function startFloor(
  dir: string,
  bodies: Readonly<Record<string, Buffer>>,
): Promise<FloorServer> {
  const files: Record<string, string> = {};
  for (const [i, [path, body]] of Object.entries(bodies).entries()) {
    files[path] = join(dir, `floor-${i}.json`);
    writeFileSync(files[path], body);
  }
  const list = join(dir, 'floor-bodies.json');
  writeFileSync(list, JSON.stringify(files));
  const script = fileURLToPath(new URL('./floor-server.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [script, list], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('peak floor: the floor server did not start')), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`peak floor: the floor server exited (${code})`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The floor's CPU per answered request of a probe: ms, and the kernel's share. */
export async function floorCost(
  floor: FloorServer,
  probe: () => Promise<{ ok: number }>,
): Promise<{ msPerRequest: number; systemShare: number }> {
  const a = cpuSplitMsOf(floor.pid);
  const { ok } = await probe();
  const b = cpuSplitMsOf(floor.pid);
  const user = b.user - a.user;
  const system = b.system - a.system;
  return {
    msPerRequest: (user + system) / Math.max(1, ok),
    systemShare: system / Math.max(1e-9, user + system),
  };
}
