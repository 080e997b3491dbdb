import { randomUUID } from 'node:crypto';
import { auth, expectErrorShape, TestServer } from './support/harness';
import { signIn, type PageClient } from './support/pages';
import { type Cast, castOf, engagementOf, engagementWith, passGate, settleCoreKpis } from './support/roadmap-steps';

/** A core KPI verified (the value the public may see) and an advanced one submitted, never verified. */
const VERIFIED = { code: 'EC-ICT-ICT-1C', value: 87.5 };
const UNVERIFIED = { code: 'EC-ICT-ICT-5A', value: 4321.5 };

describe('publication: the verified snapshot of the approved Assessment gate, and the public page', () => {
  let server: TestServer;
  let cast: Cast;
  let id: string;
  let cityId: string;
  let otherCityId: string;
  let manager: PageClient;

  const publish = (published: unknown, token = cast.manager.token) => server.http.put(`/api/engagements/${id}/publication`).set(auth(token)).send({ published });
  const publicPage = (city = cityId) => server.http.get(`/public/cities/${city}`);

  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
    id = await engagementWith(server, cast, 'Published City');
    cityId = ((await engagementOf(server, id, cast.manager.token)) as unknown as { cityId: string }).cityId;
    otherCityId = await server.city(cast.manager.token, 'Other City');
    await settleCoreKpis(server, id, cast);
    const put = await server.http.put(`/api/engagements/${id}/kpi-values/${VERIFIED.code}`).set(auth(cast.contributor.token)).send({ value: VERIFIED.value, year: 2025, source: 'Regulator' });
    expect(put.status).toBe(200);
    const verified = await server.http.post(`/api/engagements/${id}/kpi-values/${VERIFIED.code}/verification`).set(auth(cast.verifier.token)).send({ decision: 'verified' });
    expect(verified.status).toBe(200);
    const unverified = await server.http.put(`/api/engagements/${id}/kpi-values/${UNVERIFIED.code}`).set(auth(cast.contributor.token)).send({ value: UNVERIFIED.value, year: 2025, source: 'Guess' });
    expect(unverified.status).toBe(200);
    manager = await signIn(server, cast.manager.email);
  });
  afterAll(() => server.stop());

  it('answers 404 on the public page while nothing is published, for an unknown city, and for an id that is not a UUID', async () => {
    for (const res of [await publicPage(), await publicPage(randomUUID()), await publicPage('1 OR 1=1'), await publicPage('..%2F..%2Fetc')]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).not.toContain('Published City');
    }
  });

  it('refuses to publish before the Assessment gate is approved (409 NOT_VERIFIED), and refuses people who may not publish', async () => {
    const early = await publish(true);
    expect(early.status).toBe(409);
    expectErrorShape(early.body, 409, 'NOT_VERIFIED');
    for (const person of [cast.coordinator, cast.verifier, cast.council]) {
      const res = await publish(true, person.token);
      expect(res.status).toBe(403);
    }
    const outsider = await server.person('member', 'Otto');
    expect((await publish(true, outsider.token)).status).toBe(404);
    const bad = await publish('yes');
    expect(bad.status).toBe(400);
    expectErrorShape(bad.body, 400, 'VALIDATION_FAILED');
  });

  it('withdrawing what is not published changes nothing: no new version, no history row', async () => {
    const before = await engagementOf(server, id, cast.manager.token);
    const res = await publish(false);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ published: false, engagementVersion: before.version });
    const after = await engagementOf(server, id, cast.manager.token);
    expect(after.version).toBe(before.version);
    const history = await server.http.get(`/api/engagements/${id}/history?limit=1`).set(auth(cast.manager.token));
    expect(history.body[0].type).not.toBe('SNAPSHOT_WITHDRAWN');
  });

  it('publishes what the approval froze, verified values only; later changes do not reach it; withdrawn → 404 again', async () => {
    await passGate(server, id, cast, 'assessment');
    const before = await engagementOf(server, id, cast.manager.token);
    const res = await publish(true);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ engagementId: id, cityId, published: true, publicPath: `/public/cities/${cityId}`, engagementVersion: before.version + 1 }));
    const history = await server.http.get(`/api/engagements/${id}/history`).set(auth(cast.manager.token));
    expect(history.body.some((h: { type: string }) => h.type === 'SNAPSHOT_PUBLISHED')).toBe(true);

    const page = await publicPage();
    expect(page.status).toBe(200);
    expect(page.text).toContain('Published City: verified snapshot');
    expect(page.text).toContain('87.5');
    expect(page.text).not.toContain('4,321.5');
    expect(page.text).not.toContain('4321.5');
    expect(page.text).toContain('Not verified');
    expect(page.text).not.toContain('Regulator');
    expect(page.text).not.toContain('Guess');
    expect(page.text).not.toContain('Pat Manager');
    expect(page.text).not.toMatch(/_csrf|Sign out/);
    expect((await publicPage(otherCityId)).status).toBe(404);

    // A value changed after the approval (the Design stage) is not what was published.
    const later = await server.http.put(`/api/engagements/${id}/kpi-values/${UNVERIFIED.code}`).set(auth(cast.contributor.token)).send({ value: 1234.5, year: 2025, source: 'Later' });
    expect(later.status).toBe(200);
    expect((await publicPage()).text).not.toContain('1,234.5');

    const off = await publish(false);
    expect(off.status).toBe(200);
    expect(off.body.published).toBe(false);
    expect((await publicPage()).status).toBe(404);
  });

  it('publishes and withdraws from the engagement page too, with its CSRF token', async () => {
    const page = await server.http.get(`/engagements/${id}`).set('Cookie', manager.cookie);
    expect(page.text).toContain('Publish the verified snapshot');
    const forged = await server.http.post(`/engagements/${id}/publication`).set('Cookie', manager.cookie).type('form').send({ published: 'true' });
    expect(forged.status).toBe(403);
    expect((await publicPage()).status).toBe(404);
    const ok = await server.http.post(`/engagements/${id}/publication`).set('Cookie', manager.cookie).type('form').send({ published: 'true', _csrf: manager.csrf });
    expect(ok.status).toBe(303);
    expect((await publicPage()).status).toBe(200);
    const city = await server.http.get(`/cities/${cityId}`).set('Cookie', manager.cookie);
    expect(city.status).toBe(200);
    expect(city.text).toContain('Latest verified scorecard');
    expect(city.text).toContain(`/public/cities/${cityId}`);
    const compare = await server.http.get(`/compare?cities=${cityId},${otherCityId}`).set('Cookie', manager.cookie);
    expect(compare.status).toBe(200);
    expect(compare.text).toContain('87.5');
    expect(compare.text).not.toContain('4,321.5');
    for (const bad of ['x,y', cityId, `${cityId},not-a-uuid`, `${cityId},${cityId}`]) {
      const res = await server.http.get(`/compare?cities=${encodeURIComponent(bad)}`).set('Cookie', manager.cookie);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
    const market = await server.http.get('/marketplace').set('Cookie', manager.cookie);
    expect(market.status).toBe(200);
    expect(market.text).toContain('Investment marketplace');
  });
});
