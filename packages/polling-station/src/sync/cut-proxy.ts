/**
 * A TCP proxy on loopback that cuts connections on purpose (spec/stations.md §10 tests): for
 * each connection it forwards everything, or cuts the request half-way (the server never gets a
 * whole request, so nothing is committed), or forwards the whole request and cuts the answer
 * (the server committed, the station never hears it). The station must lose nothing and
 * duplicate nothing either way.
 * @module
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** What happens to one connection. */
export type CutMode = 'pass' | 'cut-before-commit' | 'cut-after-commit';

/** A running proxy. */
export interface CutProxy {
  readonly url: string;
  readonly port: number;
  /** connections by what was done to them */
  readonly counts: Record<CutMode, number>;
  close(): Promise<void>;
}

/**
 * Starts the proxy in front of `127.0.0.1:targetPort`.
 * @param decide - called once per connection
 */
export async function startCutProxy(targetPort: number, decide: () => CutMode): Promise<CutProxy> {
  const counts: Record<CutMode, number> = { pass: 0, 'cut-before-commit': 0, 'cut-after-commit': 0 };
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server: Server = createServer((client) => {
    const mode = decide();
    counts[mode]++;
    const upstream = connect(targetPort, '127.0.0.1');
    track(client);
    track(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    if (mode === 'cut-before-commit') {
      // half of the first chunk reaches the server: an incomplete request it cannot act on
      client.once('data', (chunk: Buffer) =>
        upstream.write(chunk.subarray(0, Math.max(1, chunk.length >> 1)), cut),
      );
      return;
    }
    client.on('data', (c: Buffer) => upstream.write(c));
    if (mode === 'cut-after-commit') {
      // the server answers only after committing: its first byte back means it is done
      upstream.once('data', cut);
      return;
    }
    upstream.on('data', (c: Buffer) => client.write(c));
    upstream.on('end', () => client.end());
    client.on('end', () => upstream.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((r) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => r());
      }),
  };
}
