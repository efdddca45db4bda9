#!/usr/bin/env node
/**
 * The floor of a read (`npm run bench:peak`, ./peak-floor.ts): a bare `node:http` server that
 * answers `GET <path>` with bytes kept in memory — the very bytes the Evident server sent for that
 * path — and the headers a cached read carries (`Content-Type`, `Content-Length`,
 * `ETag`, `Cache-Control`), nothing else: no router, no validation, no hooks. Offered the same
 * load as the server by the same generator, its CPU per request is what Node's HTTP and the
 * sockets cost under the same conditions, whatever the machine's load.
 *
 * Usage: `node floor-server.js FILE` where FILE is a JSON object `{ request path: body file }`;
 * prints `{"port":N}` once listening on 127.0.0.1.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const bodies = new Map<string, { body: Buffer; headers: Record<string, string | number> }>();
for (const [name, file] of Object.entries(
  JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Record<string, string>,
)) {
  const body = readFileSync(file);
  bodies.set(name, {
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
      etag: '"0123456789abcdef0123456789abcdef"',
      'cache-control': 'no-cache',
    },
  });
}
const server = createServer({ keepAliveTimeout: 10_000 }, (req, res) => {
  const hit = bodies.get(req.url ?? '');
  if (!hit) {
    res.writeHead(404, { 'content-length': 0 });
    res.end();
    return;
  }
  res.writeHead(200, hit.headers);
  res.end(hit.body);
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(JSON.stringify({ port: typeof a === 'object' && a ? a.port : 0 }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
