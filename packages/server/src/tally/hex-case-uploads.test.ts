/**
 * Hex in either case on input (spec/server-api.md §1) beyond ballots: a key-ceremony output and
 * the guardians' decryption files sent in lower case are accepted, and the key ceremony is kept
 * in upper case (the record's encoding).
 */
import { type Group, type LocalCeremony } from '@evident/e2e-crypto';
import { expect, it } from 'vitest';
import { buildApp } from '../app.js';
import {
  castBallot,
  initializedJson,
  injectCall,
  mustCall,
  setUpElection,
} from '../testing/local-election.js';
import { simulatedGuardian } from '../testing/trustee-sim.js';
import { lowerHex } from '../testing/lower-hex.js';
import { publicationEnded } from '../testing/run-election.js';

const ADMIN = 'evd_hex-case-uploads-admin-0123456789';

it('accepts a lower-case key ceremony and lower-case decryption files', async () => {
  const app = await buildApp({ adminToken: ADMIN, rateLimit: false });
  try {
    const call = injectCall(app);
    const must = mustCall(call, ADMIN);
    const el = await setUpElection(call, ADMIN, { voters: 2 });
    const G = el.client.ctx.G as Group<unknown>;
    const ceremony = el.ceremony as LocalCeremony<unknown>;
    // the same ceremony imported, in lower case, into a second election with the same manifest
    await must('POST', '/elections', {
      id: 'e2',
      profile: 'ristretto255',
      manifest: el.manifest,
      timeZone: 'UTC',
    });
    const kc = await call(
      'POST',
      '/elections/e2/key-ceremony',
      {
        quorum: 2,
        initialized: lowerHex(initializedJson(G, ceremony)),
      },
      ADMIN,
    );
    expect([kc.status, kc.json.message]).toEqual([200, undefined]);
    const stored = JSON.parse((await app.evident.store.getElection('e2'))!.init!);
    expect(stored.guardians[0].commitments[0]).toBe(stored.guardians[0].commitments[0].toUpperCase());
    expect(stored.jointKey).toBe(stored.jointKey.toUpperCase());

    expect((await castBallot(call, el, 'voter-1', 'o1')).r.status).toBe(200);
    expect((await castBallot(call, el, 'voter-2', 'o2', 'challenge')).r.status).toBe(200);
    await must('POST', `/elections/${el.id}/close`);
    const { requests } = await must('POST', `/elections/${el.id}/tally`);
    const kinds = (requests as { kind: string }[]).map((r) => r.kind);
    const guardians = [1, 2].map((x) => simulatedGuardian(G, ceremony, x, 2));
    const files = new Map<string, Record<string, unknown>>();
    for (const kind of kinds)
      files.set(kind, await must('GET', `/elections/${el.id}/decryption/${kind}/request`));
    for (const g of guardians)
      for (const kind of kinds) {
        const r = await call(
          'POST',
          `/elections/${el.id}/decryption/${kind}/partials`,
          // a guardian writing lower case signs what it writes (spec/key-ceremony.md §13)
          g.sign('partial-decryption', files.get(kind)!, lowerHex(g.partial(files.get(kind)!)) as never),
          ADMIN,
        );
        expect([r.status, r.json.message]).toEqual([200, undefined]);
      }
    await must('POST', `/elections/${el.id}/decryption/challenge`);
    for (const g of guardians)
      for (const kind of kinds) {
        const ch = await must('GET', `/elections/${el.id}/decryption/${kind}/challenge`);
        const r = await call(
          'POST',
          `/elections/${el.id}/decryption/${kind}/responses`,
          g.sign('decryption-response', files.get(kind)!, lowerHex(g.respond(files.get(kind)!, ch)) as never),
          ADMIN,
        );
        expect([r.status, r.json.message]).toEqual([200, undefined]);
      }
    await publicationEnded(must, el.id);
    expect((await call('GET', `/elections/${el.id}`)).json.state).toBe('published');
  } finally {
    await app.close();
  }
});
