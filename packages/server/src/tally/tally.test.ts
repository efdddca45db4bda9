/**
 * The end of the lifecycle through `app.inject()`: close → tally → trustees upload partial
 * decryptions and responses over HTTP (one guardian absent, a bad partial refused naming its
 * guardian, a trustee token bound to its guardian) → results published; nothing before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { simulatedGuardian } from '../testing/trustee-sim.js';
import {
  castBallot,
  injectCall,
  mustCall,
  setUpElection,
  type Call,
  type Intent,
  type LocalElection,
} from '../testing/local-election.js';
import { publicationEnded } from '../testing/run-election.js';

const ADMIN = 'evd_tally-admin';
type App = Awaited<ReturnType<typeof buildApp>>;

describe('tally, trustee decryption over HTTP, results', () => {
  let app: App;
  let call: Call;
  let el: LocalElection;
  const trusteeTokens = new Map<number, string>();

  async function cast(voter: string, option: string, intent: Intent = 'cast') {
    const { r } = await castBallot(call, el, voter, option, intent);
    expect(r.status).toBe(200);
    return r.json;
  }

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: 6, n: 3, k: 2 });
    await cast('voter-1', 'o1');
    await cast('voter-2', 'o2');
    await cast('voter-3', 'o1');
    await cast('voter-3', 'o3'); // revote: o3 counts
    await cast('voter-4', 'o2', 'challenge');
    await cast('voter-4', 'o2');
    await cast('voter-5', 'o5', 'challenge'); // never cast
    for (const x of [1, 2, 3]) {
      const r = await call(
        'POST',
        '/admin/tokens',
        { role: 'trustee', label: `guardian ${x}`, guardian: x },
        ADMIN,
      );
      expect(r.status).toBe(201);
      trusteeTokens.set(x, r.json.token);
    }
  });
  afterAll(async () => app.close());

  it('refuses to tally an open election and a trustee token without a guardian', async () => {
    let r = await call('POST', `/elections/${el.id}/tally`, undefined, ADMIN);
    expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_ILLEGAL_TRANSITION']);
    r = await call('POST', '/admin/tokens', { role: 'trustee', label: 'no guardian' }, ADMIN);
    expect([r.status, r.json.code]).toEqual([400, 'EVD_ERR_VALIDATION']);
    r = await call('GET', `/elections/${el.id}/results`);
    expect(r.status).toBe(200);
    expect(r.json.turnout).toMatchObject({ cast: 5, counted: 4, challenged: 2, superseded: 1 });
    expect(r.json.results).toBeUndefined();
  });

  it('tallies, decrypts with a quorum over HTTP and publishes the result', async () => {
    expect((await call('POST', `/elections/${el.id}/close`, undefined, ADMIN)).status).toBe(200);
    const t = await call('POST', `/elections/${el.id}/tally`, undefined, ADMIN);
    expect(t.status).toBe(200);
    expect(t.json.castBallots).toBe(4);
    expect(t.json.challengedBallots).toBe(2);
    expect(t.json.requests.map((r: { kind: string }) => r.kind)).toEqual(['tally', 'challenged-ballots']);
    const G = el.client.ctx.G;
    const guardians = [1, 2, 3].map((x) => simulatedGuardian(G, el.ceremony, x, 2));
    const kinds = ['tally', 'challenged-ballots'] as const;
    const requests = new Map<string, Record<string, unknown>>();
    for (const kind of kinds)
      requests.set(kind, (await call('GET', `/elections/${el.id}/decryption/${kind}/request`)).json);
    expect(requests.get('tally')!.format).toBe('evident-trustee/decryption-request');

    // a partial with a wrong M is refused and names its guardian; nothing is written
    const size0 = (await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead.treeSize;
    const bad = guardians[1]!.partial(requests.get('tally')!) as { items: { M: string }[] };
    bad.items[0]!.M = (
      guardians[0]!.partial(requests.get('tally')!) as { items: { M: string }[] }
    ).items[0]!.M;
    let r = await call(
      'POST',
      `/elections/${el.id}/decryption/tally/partials`,
      guardians[1]!.sign('partial-decryption', requests.get('tally')!, bad),
      trusteeTokens.get(2),
    );
    expect([r.status, r.json.code]).toEqual([400, 'EVD_ERR_INVALID_DECRYPTION']);
    expect(r.json.message).toContain('guardian-2');
    expect((await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead.treeSize).toBe(size0);
    // a trustee token uploads for its own guardian only
    r = await call(
      'POST',
      `/elections/${el.id}/decryption/tally/partials`,
      guardians[0]!.partial(requests.get('tally')!),
      trusteeTokens.get(2),
    );
    expect([r.status, r.json.code]).toEqual([403, 'EVD_ERR_FORBIDDEN']);
    // guardian signatures (spec/key-ceremony.md §13): the administrator's token, or a file whose
    // signature is not its guardian's, cannot put a partial under a guardian's number
    const as3 = guardians[0]!.partial(requests.get('tally')!) as Record<string, unknown>;
    const forged = guardians[0]!.sign('partial-decryption', requests.get('tally')!, {
      ...as3,
      guardian: { id: 'guardian-3', x: 3 },
    });
    for (const token of [ADMIN, trusteeTokens.get(3)]) {
      r = await call('POST', `/elections/${el.id}/decryption/tally/partials`, forged, token);
      expect([r.status, r.json.code, r.json.field]).toEqual([
        400,
        'EVD_ERR_INVALID_SIGNATURE',
        'partial.signature',
      ]);
    }
    const { signature: _sig, ...unsigned } = guardians[2]!.partial(requests.get('tally')!);
    r = await call('POST', `/elections/${el.id}/decryption/tally/partials`, unsigned, trusteeTokens.get(3));
    expect([r.status, r.json.code]).toEqual([400, 'EVD_ERR_VALIDATION']);
    expect((await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead.treeSize).toBe(size0);

    // guardian 3 is absent; 1 and 2 upload (2 again, honestly)
    for (const g of guardians.slice(0, 2)) {
      for (const kind of kinds) {
        r = await call(
          'POST',
          `/elections/${el.id}/decryption/${kind}/partials`,
          g.partial(requests.get(kind)!),
          trusteeTokens.get(g.x),
        );
        expect(r.status).toBe(200);
      }
    }
    r = await call('POST', `/elections/${el.id}/decryption/challenge`, undefined, ADMIN);
    expect(r.status).toBe(200);
    expect(r.json.quorum.map((q: { x: number }) => q.x)).toEqual([1, 2]);
    expect((await call('GET', `/elections/${el.id}/results`)).json.results).toBeUndefined();

    // a wrong response is refused and names its guardian
    const chT = (await call('GET', `/elections/${el.id}/decryption/tally/challenge`)).json;
    const wrong = guardians[0]!.respond(requests.get('tally')!, chT) as { responses: string[] };
    wrong.responses[0] = wrong.responses[1]!;
    const resigned = guardians[0]!.sign('decryption-response', requests.get('tally')!, wrong);
    r = await call('POST', `/elections/${el.id}/decryption/tally/responses`, wrong, trusteeTokens.get(1));
    expect([r.status, r.json.code, r.json.field]).toEqual([
      400,
      'EVD_ERR_INVALID_SIGNATURE',
      'response.signature',
    ]);
    r = await call('POST', `/elections/${el.id}/decryption/tally/responses`, resigned, trusteeTokens.get(1));
    expect([r.status, r.json.code]).toEqual([400, 'EVD_ERR_INVALID_DECRYPTION']);
    expect(r.json.message).toContain('guardian-1');

    let publishing = false;
    for (const g of guardians.slice(0, 2)) {
      for (const kind of kinds) {
        const ch = (await call('GET', `/elections/${el.id}/decryption/${kind}/challenge`)).json;
        r = await call(
          'POST',
          `/elections/${el.id}/decryption/${kind}/responses`,
          g.respond(requests.get(kind)!, ch),
          trusteeTokens.get(g.x),
        );
        expect(r.status).toBe(200);
        publishing = r.json.publishing;
      }
    }
    // the last response is answered before the publication, which runs after it
    expect(publishing).toBe(true);
    expect((await publicationEnded(mustCall(call, ADMIN), el.id)).done).toBe(true);
    const res = await call('GET', `/elections/${el.id}/results`);
    expect(res.json.election.state).toBe('published');
    expect(res.json.results.contests[0].selections.map((s: { value: number }) => s.value)).toEqual([
      1, 2, 1, 0, 0,
    ]);
    expect(res.json.results.quorum.map((q: { x: number }) => q.x)).toEqual([1, 2]);
    const size = res.json.treeSize;
    const tail = (
      await call('GET', `/elections/${el.id}/board/entries?start=${size - 4}&limit=4`)
    ).json.entries.map((e: { type: string }) => e.type);
    expect(tail).toEqual(['tally-decryption', 'challenged-decryption', 'challenged-decryption', 'publish']);
    // the published challenged decryptions open to what the voters chose
    const ch = (
      await call('GET', `/elections/${el.id}/board/entries?start=${size - 3}&limit=2`)
    ).json.entries.map((e: { entry: string }) =>
      JSON.parse(e.entry).decryption.contests[0].selections.map((s: { value: number }) => s.value),
    );
    expect(ch).toEqual([
      [0, 1, 0, 0, 0],
      [0, 0, 0, 0, 1],
    ]);
    r = await call('POST', `/elections/${el.id}/decryption/challenge`, undefined, ADMIN);
    expect(r.status).toBe(409);
  });

  it('starts a new round when a guardian of the quorum does not answer', async () => {
    const el2 = await setUpElection(call, ADMIN, { id: 'e2', voters: 2, n: 3, k: 2 });
    const G = el2.client.ctx.G;
    expect((await castBallot(call, el2, 'voter-1', 'o4')).r.status).toBe(200);
    await call('POST', '/elections/e2/close', undefined, ADMIN);
    expect((await call('POST', '/elections/e2/tally', undefined, ADMIN)).status).toBe(200);
    const req = (await call('GET', '/elections/e2/decryption/tally/request')).json;
    let gs = [1, 2, 3].map((x) => simulatedGuardian(G, el2.ceremony, x, 2));
    // only one guardian: no quorum
    expect(
      (await call('POST', '/elections/e2/decryption/tally/partials', gs[0]!.partial(req), ADMIN)).status,
    ).toBe(200);
    let r = await call('POST', '/elections/e2/decryption/challenge', undefined, ADMIN);
    expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_WRONG_PHASE']);
    expect(
      (await call('POST', '/elections/e2/decryption/tally/partials', gs[1]!.partial(req), ADMIN)).status,
    ).toBe(200);
    expect((await call('POST', '/elections/e2/decryption/challenge', undefined, ADMIN)).status).toBe(200);
    // guardian 2 vanishes after round 1: restart with 1 and 3
    const ch = (await call('GET', '/elections/e2/decryption/tally/challenge')).json;
    r = await call('POST', '/elections/e2/decryption/tally/responses', gs[0]!.respond(req, ch), ADMIN);
    expect([r.status, r.json.publishing]).toEqual([200, false]);
    r = await call('POST', '/elections/e2/decryption/restart', { reason: 'guardian-2 unreachable' }, ADMIN);
    expect(r.json.round).toBe(2);
    gs = [1, 2, 3].map((x) => simulatedGuardian(G, el2.ceremony, x, 2));
    for (const g of [gs[0]!, gs[2]!])
      expect(
        (await call('POST', '/elections/e2/decryption/tally/partials', g.partial(req), ADMIN)).status,
      ).toBe(200);
    expect(
      (await call('POST', '/elections/e2/decryption/challenge', undefined, ADMIN)).json.quorum.map(
        (q: { x: number }) => q.x,
      ),
    ).toEqual([1, 3]);
    const ch2 = (await call('GET', '/elections/e2/decryption/tally/challenge')).json;
    // a response to the old round's challenge is refused
    r = await call('POST', '/elections/e2/decryption/tally/responses', gs[0]!.respond(req, ch), ADMIN);
    expect(r.status).toBe(400);
    for (const g of [gs[0]!, gs[2]!])
      r = await call('POST', '/elections/e2/decryption/tally/responses', g.respond(req, ch2), ADMIN);
    expect(r.json.publishing).toBe(true);
    expect((await publicationEnded(mustCall(call, ADMIN), 'e2')).done).toBe(true);
    const res = (await call('GET', '/elections/e2/results')).json;
    expect(res.results.contests[0].selections.map((s: { value: number }) => s.value)).toEqual([
      0, 0, 0, 1, 0,
    ]);
  });

  it("imports the key ceremony as evident-trustee's election-key.json", async () => {
    const { simpleManifest } = await import('../testing/local-election.js');
    const { electionKeyFile } = await import('../testing/election-key-file.js');
    const { baseHash, manifestDigest, parameterBaseHash, ristretto, runLocalCeremony } =
      await import('@evident/e2e-crypto');
    const G = ristretto;
    const created = await call(
      'POST',
      '/elections',
      { id: 'e3', profile: 'ristretto255', manifest: simpleManifest(3), timeZone: 'UTC' },
      ADMIN,
    );
    expect(created.status).toBe(201);
    const manifest = created.json.manifest; // as published, with the board's key: what trustees hash
    const hP = parameterBaseHash(G);
    const hM = manifestDigest(hP, manifest);
    const hB = baseHash(hP, hM, 3, 2);
    // the whole file, as `finalize` writes it: the route validates it by its spec schema
    const electionKey = electionKeyFile(G, runLocalCeremony(G, hP, hB, 3, 2), { hP, hM, hB }, 2);
    let r = await call(
      'POST',
      '/elections/e3/key-ceremony',
      { electionKey: { ...electionKey, quorum: 3 } },
      ADMIN,
    );
    expect([r.status, r.json.code]).toEqual([400, 'EVD_ERR_INVALID_KEY_CEREMONY']);
    // 2.E: no signing key — which the file's schema requires —, or guardian 1 given guardian 2's
    // signing key (its proof binds K_2)
    const keys = electionKey.guardianKeys;
    const withKeys = (gk: typeof keys) => ({ electionKey: { ...electionKey, guardianKeys: gk } });
    const { signingKey: _k, signingKeyProof: _p, ...bare } = keys[0]!;
    r = await call('POST', '/elections/e3/key-ceremony', withKeys([bare as never, ...keys.slice(1)]), ADMIN);
    expect([r.status, r.json.code, r.json.field]).toEqual([
      400,
      'EVD_ERR_VALIDATION',
      'body.electionKey.guardianKeys.0.signingKey',
    ]);
    const swapped = { ...keys[0]!, signingKey: keys[1]!.signingKey };
    r = await call('POST', '/elections/e3/key-ceremony', withKeys([swapped, ...keys.slice(1)]), ADMIN);
    expect([r.status, r.json.code, r.json.field]).toEqual([
      400,
      'EVD_ERR_INVALID_KEY_CEREMONY',
      'initialized.guardians[0].signingKeyProof',
    ]);
    // a file that is not the whole election-key.json is refused by its schema, naming the field
    const { version: _v, ...unversioned } = electionKey;
    r = await call('POST', '/elections/e3/key-ceremony', { electionKey: unversioned }, ADMIN);
    expect([r.status, r.json.code, r.json.field]).toEqual([
      400,
      'EVD_ERR_VALIDATION',
      'body.electionKey.version',
    ]);
    r = await call('POST', '/elections/e3/key-ceremony', { electionKey }, ADMIN);
    expect(r.status).toBe(200);
    expect([r.json.state, r.json.quorum, r.json.jointKey]).toEqual([
      'keys-imported',
      2,
      electionKey.jointPublicKey,
    ]);
  });
});
