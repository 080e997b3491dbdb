import { auth, expectErrorShape, TestServer } from './support/harness';

type Person = { id: string; email: string; token: string };
type Row = Record<string, unknown>;
type Flag = { rule: string; severity: string; open: boolean; answer: Row | null; acknowledgement: Row | null; compared: Row[] };

const POTABLE = 'EC-I-WS-2C';
const BASIC = 'EC-I-WS-1C';
const SANITATION = 'EC-I-WS-5C';
const INTERNET = 'EC-ICT-ICT-1C';

/**
 * The verifier's desk: consistency flags hold back verification (an error until the city answers it,
 * a warning until a verifier acknowledges it), one queue across engagements, bulk verification.
 */
describe("The verifier's desk", () => {
  let server: TestServer;
  let manager: Person;
  let contributor: Person;
  let verifier: Person;
  let otherVerifier: Person;
  let cityId: string;

  beforeAll(async () => {
    server = await TestServer.start();
    manager = await server.person('programme_manager', 'Pat Manager');
    contributor = await server.person('member', 'Dana Contributor');
    verifier = await server.person('member', 'Vera Verifier');
    otherVerifier = await server.person('member', 'Walt Verifier');
    cityId = await server.city(manager.token, 'Deskville');
  });
  afterAll(() => server.stop());

  async function engagement(title: string, verifiers: Person[]): Promise<string> {
    const { id } = await server.engagement(manager.token, cityId, { title });
    await server.member(manager.token, id, contributor.id, 'data_contributor');
    for (const v of verifiers) await server.member(manager.token, id, v.id, 'verifier');
    return id;
  }
  const put = async (id: string, code: string, value: number) => {
    const res = await server.http.put(`/api/engagements/${id}/kpi-values/${code}`).set(auth(contributor.token)).send({ value, year: 2025, source: 'Utility register' });
    expect(res.status).toBe(200);
    return res.body as Row & { flags: Flag[] };
  };
  const decide = (id: string, code: string, token: string, body: Row) =>
    server.http.post(`/api/engagements/${id}/kpi-values/${code}/verification`).set(auth(token)).send(body);
  const valueOf = async (id: string, code: string) => {
    const res = await server.http.get(`/api/engagements/${id}/kpi-values?code=${code}`).set(auth(verifier.token));
    expect(res.status).toBe(200);
    return (res.body as (Row & { flags: Flag[]; history: Row[] })[])[0];
  };
  const queue = async (token: string, query = '') => {
    const res = await server.http.get(`/api/me/verification-queue${query}`).set(auth(token));
    expect(res.status).toBe(200);
    return res.body as (Row & { flags: Flag[] })[];
  };

  it('holds potable water above basic water until the city answers, and a warning until a verifier acknowledges it', async () => {
    const id = await engagement('Flags', [verifier]);
    await put(id, BASIC, 90);
    const potable = await put(id, POTABLE, 95);
    // The contributor sees the error as soon as they submit.
    expect(potable.flags).toEqual([expect.objectContaining({ rule: 'potable-within-basic-water', severity: 'error', open: true, answer: null })]);
    // Both sides of the relation carry it.
    expect((await valueOf(id, BASIC)).flags.map((f) => f.rule)).toEqual(['potable-within-basic-water']);

    const refused = await decide(id, POTABLE, verifier.token, { decision: 'verified' });
    expectErrorShape(refused.body, 409, 'FLAGS_UNANSWERED');
    expect(refused.body.message).toMatch(/answer/);
    // A verifier cannot acknowledge an error away.
    const ack = await server.http.post(`/api/engagements/${id}/kpi-values/${POTABLE}/flags/potable-within-basic-water/acknowledgement`).set(auth(verifier.token)).send({ comment: 'fine' });
    expectErrorShape(ack.body, 409, 'FLAG_IS_ERROR');
    // Nor can the verifier answer for the city.
    const verifierAnswer = await server.http.post(`/api/engagements/${id}/kpi-values/${POTABLE}/flags/potable-within-basic-water/answer`).set(auth(verifier.token)).send({ text: 'fine' });
    expect(verifierAnswer.status).toBe(403);
    // A flag the value does not carry is 404.
    const none = await server.http.post(`/api/engagements/${id}/kpi-values/${POTABLE}/flags/sanitation-typical-range/answer`).set(auth(contributor.token)).send({ text: 'x' });
    expectErrorShape(none.body, 404);

    const answered = await server.http
      .post(`/api/engagements/${id}/kpi-values/${POTABLE}/flags/potable-within-basic-water/answer`)
      .set(auth(contributor.token))
      .send({ text: 'Basic water counts connected households of 2021; potable water the 2025 survey' });
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ rule: 'potable-within-basic-water', open: false, answer: { by: contributor.id } });
    // The answer holds for both sides of the relation, and shows in the value's history.
    expect((await valueOf(id, BASIC)).flags[0].open).toBe(false);
    expect((await valueOf(id, POTABLE)).history.map((h) => h.type)).toContain('KPI_FLAG_ANSWERED');
    const verified = await decide(id, POTABLE, verifier.token, { decision: 'verified' });
    expect(verified.status).toBe(200);

    // Changed figures make a new flag: the old answer does not hold for them.
    await put(id, BASIC, 80);
    expect((await valueOf(id, BASIC)).flags[0]).toMatchObject({ open: true, answer: null });

    // A warning: sanitation below the 90 % the manual calls normal.
    await put(id, SANITATION, 70);
    const unacknowledged = await decide(id, SANITATION, verifier.token, { decision: 'verified' });
    expectErrorShape(unacknowledged.body, 409, 'FLAGS_UNACKNOWLEDGED');
    const blankComment = await decide(id, SANITATION, verifier.token, { decision: 'verified', acknowledgements: [{ rule: 'sanitation-typical-range', comment: '  ' }] });
    expectErrorShape(blankComment.body, 400);
    const wrongRule = await decide(id, SANITATION, verifier.token, { decision: 'verified', acknowledgements: [{ rule: 'potable-within-basic-water', comment: 'x' }] });
    expectErrorShape(wrongRule.body, 400);
    const withAck = await decide(id, SANITATION, verifier.token, {
      decision: 'verified',
      acknowledgements: [{ rule: 'sanitation-typical-range', comment: 'Informal settlements are not on the network: confirmed with the utility' }],
    });
    expect(withAck.status).toBe(200);
    const sanitation = await valueOf(id, SANITATION);
    expect(sanitation.status).toBe('verified');
    expect(sanitation.flags[0]).toMatchObject({ open: false, acknowledgement: { by: verifier.id, text: expect.stringContaining('Informal settlements') } });
    expect(sanitation.history.map((h) => h.type)).toEqual(expect.arrayContaining(['KPI_FLAG_ACKNOWLEDGED', 'KPI_VALUE_VERIFIED']));
    // A rejection is never held back by flags; a rejected figure is thrown out and flags nothing else.
    expect((await decide(id, BASIC, verifier.token, { decision: 'rejected', comment: 'Use the 2025 register' })).status).toBe(200);
    expect((await valueOf(id, POTABLE)).flags).toEqual([]);
  });

  it('asks for a new answer after a rejection, even for the same figures, and lets no submitter acknowledge their own warning', async () => {
    const id = await engagement('Resubmitted', [verifier, otherVerifier]);
    await put(id, BASIC, 90);
    await put(id, POTABLE, 95);
    const answer = (text: string) =>
      server.http.post(`/api/engagements/${id}/kpi-values/${POTABLE}/flags/potable-within-basic-water/answer`).set(auth(contributor.token)).send({ text });
    expect((await answer('Different years')).status).toBe(201);
    expect((await decide(id, POTABLE, verifier.token, { decision: 'rejected', comment: 'Not convincing: use the same year' })).status).toBe(200);
    await put(id, POTABLE, 95);
    expect((await valueOf(id, POTABLE)).flags[0]).toMatchObject({ open: true, answer: null });
    expectErrorShape((await decide(id, POTABLE, verifier.token, { decision: 'verified' })).body, 409, 'FLAGS_UNANSWERED');

    // Someone who submitted a value and became a verifier may not acknowledge its warning (four-eyes).
    const turncoat = await server.person('member', 'Tess Turncoat');
    const membership = await server.member(manager.token, id, turncoat.id, 'data_contributor');
    expect((await server.http.put(`/api/engagements/${id}/kpi-values/${SANITATION}`).set(auth(turncoat.token)).send({ value: 70, year: 2025, source: 'Census' })).status).toBe(200);
    expect((await server.http.delete(`/api/engagements/${id}/members/${membership}`).set(auth(manager.token))).status).toBeLessThan(300);
    await server.member(manager.token, id, turncoat.id, 'verifier');
    const own = await server.http.post(`/api/engagements/${id}/kpi-values/${SANITATION}/flags/sanitation-typical-range/acknowledgement`).set(auth(turncoat.token)).send({ comment: 'Mine, and fine' });
    expectErrorShape(own.body, 403, 'FOUR_EYES');
    expectErrorShape((await decide(id, SANITATION, otherVerifier.token, { decision: 'verified' })).body, 409, 'FLAGS_UNACKNOWLEDGED');
  });

  it("shows a verifier the values of their two engagements, flagged first, and nothing of a third; bulk-verifies the clean ones", async () => {
    const first = await engagement('Queue one', [verifier]);
    const second = await engagement('Queue two', [verifier, otherVerifier]);
    const third = await engagement('Queue three', [otherVerifier]);
    await put(first, INTERNET, 85);
    await put(second, INTERNET, 88);
    await put(second, BASIC, 90);
    await put(second, POTABLE, 95);
    await put(third, INTERNET, 80);

    const mine = (await queue(verifier.token)).filter((i) => [first, second, third].includes(i.engagementId as string));
    expect(new Set(mine.map((i) => i.engagementId))).toEqual(new Set([first, second]));
    expect(mine).toHaveLength(4);
    // Flagged first (both sides of the relation), then the oldest.
    expect(mine.slice(0, 2).map((i) => i.code).sort()).toEqual([BASIC, POTABLE].sort());
    expect(mine.slice(2).map((i) => i.engagementId)).toEqual([first, second]);
    expect(mine[0]).toMatchObject({ engagementId: second, dataPoint: null, submittedAt: expect.any(String), value: expect.any(Number) });

    // Filters: by engagement, by flag.
    expect((await queue(verifier.token, `?engagementId=${first}`)).map((i) => i.code)).toEqual([INTERNET]);
    const ours = (items: Row[]) => items.filter((i) => [first, second, third].includes(i.engagementId as string));
    expect(ours(await queue(verifier.token, '?flag=potable-within-basic-water')).map((i) => i.engagementId)).toEqual([second, second]);
    expect((await queue(verifier.token, `?flag=unflagged&engagementId=${second}`)).map((i) => i.code)).toEqual([INTERNET]);
    const badFlag = await server.http.get('/api/me/verification-queue?flag=no-such-rule').set(auth(verifier.token));
    expectErrorShape(badFlag.body, 400);
    // Pages.
    const page = await server.http.get('/api/me/verification-queue?limit=1').set(auth(verifier.token));
    expect(page.body).toHaveLength(1);
    const next = await server.http.get(`/api/me/verification-queue?limit=10&cursor=${page.headers['x-next-cursor']}`).set(auth(verifier.token));
    expect([...page.body, ...next.body].filter((i: Row) => [first, second].includes(i.engagementId as string))).toHaveLength(4);
    // The contributor verifies nothing: their queue is empty.
    expect(await queue(contributor.token)).toEqual([]);

    // Bulk: the clean value of the second engagement; the flagged ones are left for a verification of their own.
    const before = await server.http.get('/api/me/verification-queue/summary').set(auth(verifier.token));
    const bulkUrl = `/api/engagements/${second}/kpi-values/bulk-verification`;
    // Every unflagged value only as the engagement was when the verifier looked; an empty list is no "everything".
    expectErrorShape((await server.http.post(bulkUrl).set(auth(verifier.token)).send({})).body, 428, 'VERSION_REQUIRED');
    expectErrorShape((await server.http.post(bulkUrl).set(auth(verifier.token)).send({ items: [] })).body, 400);
    const seen = (await queue(verifier.token, `?engagementId=${second}`)).find((i) => i.code === INTERNET)!;
    // The city changes the figure after the verifier saw it: the listed item is refused, and so is everything at the old version.
    await put(second, INTERNET, 87);
    const stale = await server.http.post(bulkUrl).set(auth(verifier.token)).send({ items: [{ code: INTERNET, version: seen.version }] });
    expectErrorShape(stale.body, 409, 'STALE_ITEM');
    expectErrorShape((await server.http.post(bulkUrl).set(auth(verifier.token)).send({ expectedVersion: seen.engagementVersion })).body, 409, 'STALE_VERSION');
    const fresh = (await queue(verifier.token, `?engagementId=${second}`)).find((i) => i.code === INTERNET)!;
    expect(fresh.value).toBe(87);
    const bulk = await server.http.post(bulkUrl).set(auth(verifier.token)).send({ expectedVersion: fresh.engagementVersion });
    expect(bulk.status).toBe(200);
    expect(bulk.body.verified.map((v: Row) => v.code)).toEqual([INTERNET]);
    expect(bulk.body.skipped.map((s: Row) => s.reason)).toEqual(['flagged', 'flagged']);
    const listedFlagged = await server.http
      .post(`/api/engagements/${second}/kpi-values/bulk-verification`)
      .set(auth(verifier.token))
      .send({ items: [{ code: POTABLE, version: 1 }] });
    expectErrorShape(listedFlagged.body, 409, 'BULK_REFUSED');
    const nothing = await server.http.post(bulkUrl).set(auth(verifier.token)).send({ expectedVersion: bulk.body.engagementVersion });
    expectErrorShape(nothing.body, 409, 'NOTHING_TO_VERIFY');
    const history = await server.http.get(`/api/engagements/${second}/history`).set(auth(manager.token));
    expect(history.body.filter((h: Row) => h.type === 'KPI_VALUE_VERIFIED')).toHaveLength(1);

    // This week's count moved by one verification; the queue lost the value.
    const after = await server.http.get('/api/me/verification-queue/summary').set(auth(verifier.token));
    expect(after.body.verifiedThisWeek).toBe(before.body.verifiedThisWeek + 1);
    expect(after.body.rejectedThisWeek).toBe(before.body.rejectedThisWeek);
    expect((await queue(verifier.token, `?engagementId=${second}`)).map((i) => i.code).sort()).toEqual([BASIC, POTABLE].sort());
    expect(after.body.engagements.find((e: Row) => e.engagementId === second)).toMatchObject({ waiting: 2, flagged: 2 });
    // Someone who is not a verifier there may not bulk-verify (the contributor), and an outsider sees nothing of it.
    expect((await server.http.post(`/api/engagements/${third}/kpi-values/bulk-verification`).set(auth(verifier.token)).send({})).status).toBe(404);
  });
});
