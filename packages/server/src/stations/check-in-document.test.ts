/**
 * The identity document of a check-in as the station sends it (spec/stations.md §4:
 * `document: {type, last}`, the type and the number's last characters): taken, and listed to
 * officials; a document of another shape (a text, an unknown type, one character) is refused (400).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { injectCall, mustCall, setUpElection, type Call } from '../testing/local-election.js';
import { checkIn, registerStation, stationsManifest, type TestStation } from '../testing/station-election.js';

const ADMIN = 'evd_check-in-document-admin';

describe('check-in document', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;
  let p1: TestStation;
  let p2: TestStation;
  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = injectCall(app);
    const must = mustCall(call, ADMIN);
    await setUpElection(call, ADMIN, { open: false, voters: 1, manifest: stationsManifest() });
    p1 = await registerStation(must, 'e1', 'p1');
    p2 = await registerStation(must, 'e1', 'p2');
    await must('POST', '/elections/e1/roll', {
      voters: [
        { voterId: 'v1', station: 'p1', name: 'V 1' },
        { voterId: 'v1', station: 'p2', name: 'V 1' },
      ],
    });
    await must('POST', '/elections/e1/open');
  });
  afterAll(async () => app.close());

  it('takes {type, last} from the station and lists it to officials', async () => {
    const post = (st: TestStation, document: unknown) =>
      call(
        'POST',
        `/elections/e1/stations/${st.label}/check-ins`,
        { checkIns: [{ ...checkIn('v1'), document }] },
        st.token,
      );
    const r = await post(p1, { type: 'id-card', last: '47B' });
    expect([r.status, r.json.results?.[0]?.status]).toEqual([200, 'accepted']);
    const bad = await post(p2, { type: 'id-card', last: '47B', number: '123456789' });
    expect([bad.status, bad.json.code]).toEqual([400, 'EVD_ERR_VALIDATION']);
    for (const other of [
      'id-card:47B',
      { type: 'library-card', last: '47B' },
      { type: 'passport', last: '9' },
    ]) {
      const refused = await post(p2, other);
      expect([refused.status, refused.json.code]).toEqual([400, 'EVD_ERR_VALIDATION']);
    }
    expect((await post(p2, { type: 'passport', last: '09' })).status).toBe(200);
    const d = await call('GET', '/elections/e1/stations/duplicates', undefined, ADMIN);
    expect(d.json.duplicates[0].checkIns.map((x: { document: string }) => x.document)).toEqual([
      'id-card …47B',
      'passport …09',
    ]);
  });
});
