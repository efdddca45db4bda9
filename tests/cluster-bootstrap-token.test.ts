/**
 * The first start's administrator token on several nodes (spec/server-api.md §3, §6.6): two
 * nodes started at once on an empty store without `EVIDENT_ADMIN_TOKEN` store and print exactly
 * one token (written under the store's write lock); the other says that one exists. The printed
 * token is the only one, and works on both nodes. (The race itself, deterministically:
 * packages/server/src/auth/bootstrap-token.test.ts.)
 */
import { afterAll, expect, it } from 'vitest';
import { startNode } from '../packages/server/src/cluster/cluster-nodes.js';
import { httpCall, killServer, type ServerProcess } from '../packages/server/src/testing/http.js';
import { describeOnStores } from './support/cluster-stores.js';

/** No `EVIDENT_ADMIN_TOKEN`: an empty value is no setting (config.ts). */
const NO_TOKEN = { env: { EVIDENT_ADMIN_TOKEN: '' } };
const PRINTED = /administrator token \(shown once\): (evd_[A-Za-z0-9_-]+)/;
const EXISTS = /an administrator token exists already/;

describeOnStores('the first administrator token of nodes started at once', ({ db }) => {
  const nodes: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of nodes) await killServer(s, 5_000).catch(() => undefined);
  });

  it('one node stores and prints it, the other says it exists; it is the only token and works on all', async () => {
    nodes.push(...(await Promise.all([1, 2].map(() => startNode(db(), NO_TOKEN)))));
    const printed = nodes.map((n) => PRINTED.exec(n.stderr())?.[1]);
    const tokens = printed.filter((t) => t !== undefined);
    expect(tokens, nodes.map((n) => n.stderr()).join('\n---\n')).toHaveLength(1);
    expect(nodes.filter((n) => EXISTS.test(n.stderr()))).toHaveLength(nodes.length - 1);
    for (const n of nodes) {
      const r = await httpCall(n.base, 20_000)('GET', '/admin/tokens', undefined, tokens[0]);
      expect(r.status).toBe(200);
      expect(r.json.tokens.map((t: { role: string }) => t.role)).toEqual(['administrator']);
    }
  }, 90_000);
});
