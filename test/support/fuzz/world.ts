import { ADMIN, auth, TestServer } from '../harness';
import { Cast, castOf, engagementWith, passGate, settleCoreKpis } from '../roadmap-steps';
import { concatBytes } from './cases';

/** Who sends a fuzzed request. */
export type Identity = 'admin' | 'manager' | 'coordinator' | 'contributor' | 'verifier' | 'approver' | 'anonymous' | 'forged';
export const SIGNED_IN: readonly Exclude<Identity, 'anonymous' | 'forged'>[] = ['admin', 'manager', 'coordinator', 'contributor', 'verifier', 'approver'];

/** Real ids by kind, with a label each for reports ("engagement live"). */
export type Pools = Record<string, { id: string; label: string }[]>;

/** The seeded data the fuzz aims at: real ids so that requests get past "no such record" to the handlers. */
export interface World {
  tokens: Record<(typeof SIGNED_IN)[number], string>;
  pools: Pools;
  /** The KPI workbook as GET …/template.xlsx hands it out: the start of the workbook fuzz. */
  template: Buffer;
  /** How each signed-in identity signs in (the dashboard's sessions); the leaver signs out, again and again. */
  people: Record<(typeof SIGNED_IN)[number] | 'leaver', { email: string; password: string }>;
  /** The e-mail of a user who may be locked out by failed sign-ins (never one the fuzz signs in as). */
  victimEmail: string;
}

/** An advanced KPI in the lowest band (the Design gate wants an action for it). */
export const LOW = 'EC-ICT-WS-2A';
/** A core KPI. */
export const ICT = 'EC-ICT-ICT-1C';

/**
 * Seeds, through the API, one engagement taken into Financing with its plan, financing, targets,
 * questions and measurements ("live"), one fresh engagement in Assessment ("fresh"), a webhook,
 * and people to be deactivated or removed by the fuzz without harm (the "victims"): the people the
 * fuzz acts as are never among the ids it may deactivate or remove.
 */
export async function seedWorld(server: TestServer): Promise<World> {
  const cast: Cast = await castOf(server);
  const ok = async (what: string, res: { status: number; body: unknown }, want = [200, 201, 204]): Promise<Record<string, unknown>> => {
    if (!want.includes(res.status)) throw new Error(`seeding the fuzz world, ${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
    return res.body as Record<string, unknown>;
  };
  const as = (token: string) => ({
    get: (path: string) => server.http.get(path).set(auth(token)),
    post: (path: string, body: unknown) => server.http.post(path).set(auth(token)).send(body as object),
    put: (path: string, body: unknown) => server.http.put(path).set(auth(token)).send(body as object),
    patch: (path: string, body: unknown) => server.http.patch(path).set(auth(token)).send(body as object),
  });
  const manager = as(cast.manager.token);
  const coordinator = as(cast.coordinator.token);
  const contributor = as(cast.contributor.token);
  const verifier = as(cast.verifier.token);
  const admin = as(cast.admin.token);

  const live = await engagementWith(server, cast, 'Fuzz City');
  const e = (path: string) => `/api/engagements/${live}${path}`;
  await settleCoreKpis(server, live, cast);
  await ok('a value', await contributor.put(e(`/kpi-values/${ICT}`), { value: 50, year: 2020, source: 'Statistics office' }));
  await ok('its verification', await verifier.post(e(`/kpi-values/${ICT}/verification`), { decision: 'verified' }));
  await ok('a low value', await contributor.put(e(`/kpi-values/${LOW}`), { value: 10, year: 2024, source: 'Statistics office' }));
  const question = await ok('a question', await verifier.post(e(`/kpi-values/${LOW}/questions`), { text: 'Which households are counted?' }));
  await ok('its answer', await contributor.post(e(`/kpi-values/${LOW}/questions/${question.id}/answers`), { text: 'Primary residences only.' }));
  const evidence = await ok(
    'an evidence file',
    await server.http.post(e(`/kpi-values/${LOW}/evidence`)).set(auth(cast.contributor.token)).attach('file', Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), 'survey.pdf'),
  );
  const measurement = await ok('a measurement', await contributor.post(e('/measurements'), { code: ICT, value: 60, date: '2023-06-30', source: 'City survey' }));
  const measurement2 = await ok('a second measurement', await contributor.post(e('/measurements'), { code: LOW, value: 12, date: '2024-06-30', source: 'City survey' }));
  await passGate(server, live, cast, 'assessment');

  const wifi = await ok('an action', await coordinator.post(e('/actions'), {
    title: 'Public Wi-Fi in every district',
    kpiCodes: [LOW, ICT],
    expectedValues: { [LOW]: 60, [ICT]: 90 },
    budget: 5000,
    startDate: '2027-01-01',
    endDate: '2030-12-31',
    requiresProcurement: true,
  }));
  const skills = await ok('a second action', await coordinator.post(e('/actions'), { title: 'Digital skills for seniors', kpiCodes: [ICT], expectedValues: { [ICT]: 85 }, budget: 800 }));
  const spare = await ok('a third action', await coordinator.post(e('/actions'), { title: 'Open data portal', kpiCodes: [ICT], expectedValues: { [ICT]: 80 }, budget: 100 }));
  const item = await ok('a procurement item', await coordinator.post(e('/procurement-items'), { actionId: wifi.id, title: 'Wi-Fi tender', method: 'open_tender', estimatedCost: 4000 }));
  await ok('a target', await manager.put(e(`/targets/${ICT}`), { target: 95, justification: 'National broadband plan' }));
  await passGate(server, live, cast, 'design');

  const businessCase = await ok('a business case', await coordinator.post(e('/business-cases'), { title: 'Wi-Fi savings', actionIds: [wifi.id], kpiCodes: [ICT], cost: 1000, benefits: 300 }));
  const project = await ok('an investment project', await coordinator.post(e('/investment-projects'), {
    title: 'Digital city fund',
    allocations: [{ actionId: wifi.id, amount: 5000 }],
    fundingSource: 'city_fund',
    published: true,
  }));

  const fresh = await engagementWith(server, cast, 'Fresh Fuzz City');
  const victim = await server.person('member', 'Vera Victim');
  const victim2 = await server.person('member', 'Otto Victim');
  const leaver = await server.person('member', 'Lou Leaver');
  const member1 = await server.member(cast.manager.token, live, victim.id, 'observer');
  const member2 = await server.member(cast.manager.token, fresh, victim2.id, 'observer');
  const webhook = await ok('a webhook', await admin.post('/api/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['*'], secret: 'a-secret-of-sixteen-chars', engagementId: live }));

  const tasks = [
    ...((await manager.get(e('/tasks'))).body as { id: string }[]).slice(0, 4),
    ...((await manager.get(`/api/engagements/${fresh}/tasks`)).body as { id: string }[]).slice(0, 2),
  ];
  const gates = (await manager.get(e('/gates'))).body as { id: string; stage: string }[];
  const cities = (await admin.get('/api/cities')).body as { id: string; name: string }[];
  const historyPage = await manager.get(e('/history?limit=2'));
  const template = await server.http.get(e('/kpi-values/template.xlsx')).set(auth(cast.contributor.token)).buffer(true).parse((res, done) => {
    const chunks: Uint8Array[] = [];
    res.on('data', (c: Uint8Array) => chunks.push(c));
    res.on('end', () => done(null, concatBytes(chunks)));
  });
  await ok('the workbook', template);
  const notifications: { id: string; label: string }[] = [];
  for (const [who, token] of Object.entries({ manager: cast.manager.token, coordinator: cast.coordinator.token, contributor: cast.contributor.token })) {
    for (const n of ((await as(token).get('/api/me/notifications?limit=2')).body as { id: string }[]).slice(0, 2)) notifications.push({ id: n.id, label: `notification of the ${who}` });
  }
  const kpis = (await admin.get('/api/kpis')).body as { code: string; dataPoints?: { key: string }[] }[];
  const withPoints = kpis.find((k) => (k.dataPoints?.length ?? 0) > 1);

  const one = (id: unknown, label: string) => ({ id: String(id), label });
  return {
    tokens: {
      admin: cast.admin.token,
      manager: cast.manager.token,
      coordinator: cast.coordinator.token,
      contributor: cast.contributor.token,
      verifier: cast.verifier.token,
      approver: cast.council.token,
    },
    people: {
      admin: { email: ADMIN.email, password: ADMIN.password },
      manager: { email: cast.manager.email, password: 'password-123' },
      coordinator: { email: cast.coordinator.email, password: 'password-123' },
      contributor: { email: cast.contributor.email, password: 'password-123' },
      verifier: { email: cast.verifier.email, password: 'password-123' },
      approver: { email: cast.council.email, password: 'password-123' },
      leaver: { email: leaver.email, password: 'password-123' },
    },
    template: template.body as Buffer,
    victimEmail: victim.email,
    pools: {
      engagement: [one(live, 'engagement "live" (financing, with a plan)'), one(live, 'engagement "live" (financing, with a plan)'), one(fresh, 'engagement "fresh" (assessment)')],
      city: cities.map((c) => one(c.id, `city ${c.name}`)),
      user: [one(victim.id, 'user Vera Victim'), one(victim2.id, 'user Otto Victim'), one(cast.contributor.id, 'user contributor'), one(cast.partner.id, 'user partner')],
      victimUser: [one(victim.id, 'user Vera Victim'), one(victim2.id, 'user Otto Victim')],
      manager: [one(cast.manager.id, 'user manager')],
      webhook: [one(webhook.id, 'webhook')],
      member: [one(member1, 'membership of Vera Victim (live)'), one(member2, 'membership of Otto Victim (fresh)')],
      task: tasks.map((t, i) => one(t.id, `task ${i + 1}`)),
      action: [one(wifi.id, 'action Wi-Fi'), one(skills.id, 'action skills'), one(spare.id, 'action open data')],
      procurementItem: [one(item.id, 'procurement item')],
      businessCase: [one(businessCase.id, 'business case')],
      investmentProject: [one(project.id, 'investment project')],
      measurement: [one(measurement.id, 'measurement ICT'), one(measurement2.id, 'measurement LOW')],
      question: [one(question.id, 'question on LOW')],
      evidence: [one(evidence.id, 'evidence file of LOW')],
      gate: gates.map((g) => one(g.id, `gate ${g.stage}`)),
      notification: notifications,
      kpiCode: [ICT, LOW, withPoints?.code ?? 'EN-EN-AQ-1C', 'EC-ICT-ICT-4C', kpis[kpis.length - 1].code].map((c) => one(c, `KPI ${c}`)),
      dataPoint: (withPoints?.dataPoints ?? []).slice(0, 3).map((d) => one(d.key, `data point ${d.key}`)),
      cursor: [one(String(historyPage.headers['x-next-cursor'] ?? 'x'), 'a real cursor')],
    },
  };
}
