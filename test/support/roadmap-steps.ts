import { auth, TestServer } from './harness';

export type Person = { id: string; email: string; token: string };

/** The people of one engagement, each in their role. */
export interface Cast {
  manager: Person;
  coordinator: Person;
  contributor: Person;
  verifier: Person;
  council: Person; // approver, stakeholder group city_council
  partner: Person; // approver, stakeholder group funding_partner
  admin: Person;
}

export async function castOf(server: TestServer): Promise<Cast> {
  const me = await server.http.get('/api/me').set(auth(server.adminToken));
  return {
    manager: await server.person('programme_manager', 'Pat Manager'),
    coordinator: await server.person('member', 'Cora Coordinator'),
    contributor: await server.person('member', 'Dan Contributor'),
    verifier: await server.person('member', 'Vic Verifier'),
    council: await server.person('member', 'Cam Council'),
    partner: await server.person('member', 'Fay Funder'),
    admin: { id: me.body.id, email: me.body.email, token: server.adminToken },
  };
}

/** A new engagement with the whole cast as members. */
export async function engagementWith(server: TestServer, cast: Cast, cityName = 'Roadmap City'): Promise<string> {
  const cityId = await server.city(cast.manager.token, cityName);
  const { id } = await server.engagement(cast.manager.token, cityId);
  await server.member(cast.manager.token, id, cast.coordinator.id, 'city_coordinator');
  await server.member(cast.manager.token, id, cast.contributor.id, 'data_contributor');
  await server.member(cast.manager.token, id, cast.verifier.id, 'verifier');
  await server.member(cast.manager.token, id, cast.council.id, 'approver', 'city_council');
  await server.member(cast.manager.token, id, cast.partner.id, 'approver', 'funding_partner');
  return id;
}

export async function engagementOf(server: TestServer, id: string, token: string) {
  const res = await server.http.get(`/api/engagements/${id}`).set(auth(token));
  if (res.status !== 200) throw new Error(`GET engagement: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { version: number; stage: string; step: string | null; allowedEvents: string[]; blockedEvents: Record<string, { condition: string }[]> };
}

export async function sendEvent(server: TestServer, id: string, token: string, body: Record<string, unknown>) {
  const { version } = await engagementOf(server, id, token);
  return server.http.post(`/api/engagements/${id}/events`).set(auth(token)).send({ expectedVersion: version, ...body });
}

export async function decide(server: TestServer, id: string, token: string, decision: 'approve' | 'request_changes', comment?: string) {
  return server.http.post(`/api/engagements/${id}/approvals`).set(auth(token)).send({ decision, ...(comment ? { comment } : {}) });
}

/** Marks every required task of the current stage done, as the coordinator. */
export async function settleTasks(server: TestServer, id: string, cast: Cast, stage: string): Promise<void> {
  const tasks = (await server.http.get(`/api/engagements/${id}/tasks?stage=${stage}`).set(auth(cast.coordinator.token))).body as { id: string; required: boolean; status: string }[];
  for (const task of tasks.filter((t) => t.required && t.status !== 'done' && t.status !== 'waived')) {
    const res = await server.http.patch(`/api/engagements/${id}/tasks/${task.id}`).set(auth(cast.coordinator.token)).send({ status: 'done' });
    if (res.status !== 200) throw new Error(`settling task: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Every core KPI marked "not available" with a reason: the quickest way to satisfy the Assessment gate. */
export async function settleCoreKpis(server: TestServer, id: string, cast: Cast): Promise<void> {
  const kpis = (await server.http.get('/api/kpis?type=core').set(auth(cast.contributor.token))).body as { code: string }[];
  for (const kpi of kpis) {
    const res = await server.http
      .put(`/api/engagements/${id}/kpi-values/${kpi.code}`)
      .set(auth(cast.contributor.token))
      .send({ notAvailable: true, reason: 'Not collected in this cycle' });
    if (res.status !== 200) throw new Error(`marking ${kpi.code} not available: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Submits the current stage as the coordinator and has the council, the partner and the manager approve it. */
export async function passGate(server: TestServer, id: string, cast: Cast, stage: string): Promise<void> {
  await settleTasks(server, id, cast, stage);
  const submitted = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
  if (submitted.status !== 200) throw new Error(`submitting ${stage}: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  for (const person of [cast.council, cast.partner, cast.manager]) {
    const res = await decide(server, id, person.token, 'approve');
    if (res.status !== 200) throw new Error(`approving ${stage}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

type FlagItem = { code: string; dataPoint: string | null; rule: string };

/**
 * Verifies a KPI (or one data point) as the verifier, after the city answered its consistency errors
 * and with an acknowledgement of each warning: what a verifier does with a flagged value they accept.
 */
export async function verifyValue(server: TestServer, id: string, code: string, cast: Pick<Cast, 'verifier' | 'contributor'>, body: Record<string, unknown> = {}) {
  const url = `/api/engagements/${id}/kpi-values/${code}/verification`;
  let res = await server.http.post(url).set(auth(cast.verifier.token)).send({ decision: 'verified', ...body });
  if (res.status === 409 && res.body.code === 'FLAGS_UNANSWERED') {
    for (const flag of res.body.flags as FlagItem[]) {
      const answered = await server.http
        .post(`/api/engagements/${id}/kpi-values/${flag.code}/flags/${flag.rule}/answer`)
        .set(auth(cast.contributor.token))
        .send({ text: 'Checked with the data owner: the figure stands', ...(flag.dataPoint ? { dataPoint: flag.dataPoint } : {}) });
      if (answered.status !== 201) throw new Error(`answering ${flag.rule} on ${flag.code}: ${answered.status} ${JSON.stringify(answered.body)}`);
    }
    res = await server.http.post(url).set(auth(cast.verifier.token)).send({ decision: 'verified', ...body });
  }
  if (res.status === 409 && res.body.code === 'FLAGS_UNACKNOWLEDGED') {
    const acknowledgements = (res.body.flags as FlagItem[]).map((f) => ({ rule: f.rule, ...(f.dataPoint ? { dataPoint: f.dataPoint } : {}), comment: 'Confirmed against the source' }));
    res = await server.http.post(url).set(auth(cast.verifier.token)).send({ decision: 'verified', ...body, acknowledgements });
  }
  return res;
}
