import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { EVENT_TYPES } from '../workflows/engagement.machine';
import { PERMISSION_KEY } from '../src/access/require-permission';
import { holds, mayHold, Permission, PERMISSIONS, Who } from '../src/access/permissions';
import { IS_PAGE_ROUTE, IS_PUBLIC } from '../src/common/principal';
import { ADMIN, auth, expectErrorShape, TestServer } from './support/harness';
import { signIn, type PageClient } from './support/pages';

/** One route of the running application, as its decorators describe it. */
interface Route {
  method: string;
  path: string;
  permission: Permission | undefined;
  isPublic: boolean;
  /** A dashboard page (@PageRoute()): called with the role's session cookie and CSRF token, never a bearer token. */
  isPage: boolean;
}

/** Every route of the application, read from the controllers' metadata (the same the router uses). */
function routesOf(server: TestServer): Route[] {
  const routes: Route[] = [];
  for (const module of server.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const classPublic = Reflect.getMetadata(IS_PUBLIC, controller) === true;
      const classPage = Reflect.getMetadata(IS_PAGE_ROUTE, controller) === true;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const full = ['', base, path].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/');
        routes.push({
          method,
          path: `/${full}`,
          permission: Reflect.getMetadata(PERMISSION_KEY, handler),
          isPublic: classPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true,
          isPage: classPage || Reflect.getMetadata(IS_PAGE_ROUTE, handler) === true,
        });
      }
    }
  }
  return routes;
}

type Person = { id: string; token: string; email: string };
type Role = { name: string; who: Who; person: Person; page?: PageClient };

const READ = PERMISSIONS['engagement.read'];

describe('permissions: every route × every role, both ways, as src/access/permissions.ts says', () => {
  let server: TestServer;
  let roles: Role[];
  let engagementId: string;
  let cityId: string;
  let taskIds: string[];
  let memberId: string;
  let actionId: string;
  let itemId: string;
  let businessCaseId: string;
  let projectId: string;
  let webhookId: string;
  let webhookOwnerId: string;
  let gateId: string;
  let evidenceId: string;
  let routes: Route[];

  beforeAll(async () => {
    server = await TestServer.start();
    const me = await server.http.get('/api/me').set(auth(server.adminToken));
    const admin = { id: me.body.id as string, token: server.adminToken, email: ADMIN.email };
    const staff = await server.person('programme_manager', 'Sam Staff');
    const manager = await server.person('programme_manager', 'Pat Manager');
    const people = {
      coordinator: await server.person('member', 'Cora Coordinator'),
      contributor: await server.person('member', 'Dan Contributor'),
      verifier: await server.person('member', 'Vic Verifier'),
      approver: await server.person('member', 'Cam Council'),
      observer: await server.person('member', 'Olga Observer'),
    };
    const outsider = await server.person('member', 'Otto Outsider');
    cityId = await server.city(manager.token, 'Permission City');
    engagementId = (await server.engagement(manager.token, cityId)).id;
    memberId = await server.member(manager.token, engagementId, people.coordinator.id, 'city_coordinator');
    await server.member(manager.token, engagementId, people.contributor.id, 'data_contributor');
    await server.member(manager.token, engagementId, people.verifier.id, 'verifier');
    await server.member(manager.token, engagementId, people.approver.id, 'approver', 'city_council');
    await server.member(manager.token, engagementId, people.observer.id, 'observer');
    const member = (name: keyof typeof people, role: Who['memberRoles'][number]): Role => ({
      name,
      who: { globalRole: 'member', isEngagementManager: false, memberRoles: [role] },
      person: people[name],
    });
    roles = [
      { name: 'admin', who: { globalRole: 'admin', isEngagementManager: false, memberRoles: [] }, person: admin },
      { name: 'programme staff, not on the engagement', who: { globalRole: 'programme_manager', isEngagementManager: false, memberRoles: [] }, person: staff },
      { name: "the engagement's manager", who: { globalRole: 'programme_manager', isEngagementManager: true, memberRoles: [] }, person: manager },
      member('coordinator', 'city_coordinator'),
      member('contributor', 'data_contributor'),
      member('verifier', 'verifier'),
      member('approver', 'approver'),
      member('observer', 'observer'),
      { name: 'a signed-in outsider', who: { globalRole: 'member', isEngagementManager: false, memberRoles: [] }, person: outsider },
    ];
    const tasks = await server.http.get(`/api/engagements/${engagementId}/tasks`).set(auth(manager.token));
    taskIds = tasks.body.map((t: { id: string }) => t.id);
    const action = await server.http
      .post(`/api/engagements/${engagementId}/actions`)
      .set(auth(manager.token))
      .send({ title: 'Public Wi-Fi', kpiCodes: ['EC-ICT-ICT-1C'], expectedValues: { 'EC-ICT-ICT-1C': 80 }, budget: 100 });
    actionId = action.body.id;
    const item = await server.http
      .post(`/api/engagements/${engagementId}/procurement-items`)
      .set(auth(manager.token))
      .send({ actionId, title: 'Tender', method: 'open_tender', estimatedCost: 50 });
    itemId = item.body.id;
    const businessCase = await server.http
      .post(`/api/engagements/${engagementId}/business-cases`)
      .set(auth(manager.token))
      .send({ title: 'Wi-Fi case', actionIds: [actionId], kpiCodes: ['EC-ICT-ICT-1C'], cost: 100, benefits: 20 });
    businessCaseId = businessCase.body.id;
    const project = await server.http
      .post(`/api/engagements/${engagementId}/investment-projects`)
      .set(auth(manager.token))
      .send({ title: 'Wi-Fi project', actionIds: [actionId], amount: 100, fundingSource: 'city_fund' });
    projectId = project.body.id;
    // A public address (an IP literal: no DNS needed); nothing is delivered while the worker is off.
    const webhook = await server.http
      .post('/api/webhooks')
      .set(auth(manager.token))
      .send({ url: 'https://93.184.216.34/hook', events: ['*'], secret: 'permission-secret-0123', engagementId });
    webhookId = webhook.body.id;
    webhookOwnerId = manager.id;
    // A closed gate (submitted, then sent back) for the gate decision record; the stage is in progress again.
    const kpis = await server.http.get('/api/kpis?type=core').set(auth(manager.token));
    for (const kpi of kpis.body as { code: string }[]) {
      await server.http.put(`/api/engagements/${engagementId}/kpi-values/${kpi.code}`).set(auth(people.contributor.token)).send({ notAvailable: true, reason: 'Not collected' });
    }
    for (const task of tasks.body.filter((t: { required: boolean; stage: string }) => t.required && t.stage === 'assessment')) {
      await server.http.patch(`/api/engagements/${engagementId}/tasks/${task.id}`).set(auth(people.coordinator.token)).send({ status: 'done' });
    }
    const { version } = (await server.http.get(`/api/engagements/${engagementId}`).set(auth(manager.token))).body;
    const submitted = await server.http.post(`/api/engagements/${engagementId}/events`).set(auth(people.coordinator.token)).send({ type: 'SUBMIT_FOR_REVIEW', expectedVersion: version });
    if (submitted.status !== 200) throw new Error(`submitting: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const sentBack = await server.http.post(`/api/engagements/${engagementId}/approvals`).set(auth(people.approver.token)).send({ decision: 'request_changes', comment: 'More detail' });
    if (sentBack.status !== 200) throw new Error(`requesting changes: ${sentBack.status} ${JSON.stringify(sentBack.body)}`);
    gateId = sentBack.body.gate.id;
    // A submitted value of the KPI the routes name, with an evidence file (the stage is in progress again).
    const resubmitted = await server.http.put(`/api/engagements/${engagementId}/kpi-values/EC-ICT-ICT-1C`).set(auth(people.contributor.token)).send({ value: 80, year: 2024, source: 'Statistics office' });
    if (resubmitted.status !== 200) throw new Error(`resubmitting: ${resubmitted.status} ${JSON.stringify(resubmitted.body)}`);
    const evidence = await server.http
      .post(`/api/engagements/${engagementId}/kpi-values/EC-ICT-ICT-1C/evidence`)
      .set(auth(people.contributor.token))
      .attach('file', Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), 'evidence.pdf');
    if (evidence.status !== 201) throw new Error(`attaching evidence: ${evidence.status} ${JSON.stringify(evidence.body)}`);
    evidenceId = evidence.body.id;
    // Signing out is walked last: it ends the role's session.
    routes = routesOf(server).sort((a, b) => Number(a.path === '/logout') - Number(b.path === '/logout'));
    for (const role of roles) role.page = await signIn(server, role.person.email, role.person.email === ADMIN.email ? ADMIN.password : undefined);
  });
  afterAll(() => server.stop());

  it('finds the routes, and every route that is not public names a permission of the table', () => {
    expect(routes.length).toBeGreaterThan(25);
    const unnamed = routes.filter((r) => !r.isPublic && !r.permission).map((r) => `${r.method} ${r.path}`);
    expect(unnamed).toEqual([]);
    for (const r of routes) if (r.permission) expect(PERMISSIONS[r.permission]).toBeDefined();
    expect(routes.filter((r) => r.permission && PERMISSIONS[r.permission].scope === 'engagement').every((r) => r.path.includes(':id'))).toBe(true);
  });

  /**
   * Writes carry a field no DTO knows: whoever passes the permission check gets 400 from validation
   * (which comes after it), so nothing is ever written and one engagement serves every role.
   */
  const call = (route: Route, role: Role) => {
    const token = role.person.token;
    const url = route.path
      .replace(':id', route.path.startsWith('/api/cities') || route.path.startsWith('/cities') ? cityId : route.path.startsWith('/api/webhooks') ? webhookId : engagementId)
      .replace(':taskId', taskIds[0])
      .replace(':memberId', memberId)
      .replace(':actionId', actionId)
      .replace(':itemId', itemId)
      .replace(':businessCaseId', businessCaseId)
      .replace(':projectId', projectId)
      .replace(':gateId', gateId)
      .replace(':code', 'EC-ICT-ICT-1C')
      .replace(':questionId', randomUUID())
      .replace(':measurementId', randomUUID())
      .replace(':evidenceId', evidenceId);
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    if (route.isPage) {
      // A page: the role's session; a form carries its CSRF token and a field no form knows.
      const page = server.http[method](url).set('Cookie', role.page!.cookie);
      return method === 'get' ? page : page.type('form').send({ _csrf: role.page!.csrf, notAField: '1' });
    }
    const req = server.http[method](method === 'get' ? url : `${url}?notAField=1`).set(auth(token));
    // The evidence upload reads multipart only (JSON is 415): a form with the field no DTO knows.
    if (route.path.endsWith('/evidence')) return req.field('notAField', '1');
    return method === 'get' ? req : req.send({ notAField: 1 });
  };

  it('answers each route, for each role, as the table says', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of routes) {
      if (!route.permission) continue;
      const rule = PERMISSIONS[route.permission];
      for (const role of roles) {
        const who: Who = rule.scope === 'global' ? { ...role.who, isEngagementManager: false, memberRoles: [] } : role.who;
        // The row a seesOnly route names: a webhook is seen by administrators and the one who registered it (the engagement's manager here).
        const reads = route.path.startsWith('/api/webhooks/:id') ? role.who.globalRole === 'admin' || role.person.id === webhookOwnerId : holds(READ, role.who);
        const expected =
          rule.scope === 'engagement' && !reads
            ? 404
            : !mayHold(rule, who)
              ? 403
              : // a global read of one row the caller may not see is 404 like any unknown id
                // (a write's unknown field is refused by validation first: 400, nothing written, the row never named)
                rule.seesOnly && route.path.includes(':id') && !reads
                ? route.method === 'GET' ? 404 : 400
                : route.method === 'GET'
                  ? 200
                  : route.isPage && route.path === '/logout'
                    ? 303
                    : 400;
        const res = await call(route, role);
        checked++;
        if (res.status !== expected) {
          wrong.push(`${route.method} ${route.path} (${route.permission}) as ${role.name}: ${res.status} ${res.body?.message ?? ''}, expected ${expected}`);
          continue;
        }
        // Pages answer HTML with the same status codes; the API its error shape.
        if (route.isPage) continue;
        if (expected === 403) expectErrorShape(res.body, 403, 'FORBIDDEN');
        if (expected === 404) expectErrorShape(res.body, 404);
        if (expected === 400) expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it('lets each role send exactly the roadmap events the workflow gives it (a stale version: nothing changes)', async () => {
    const wrong: string[] = [];
    for (const role of roles) {
      for (const type of EVENT_TYPES) {
        const res = await server.http
          .post(`/api/engagements/${engagementId}/events`)
          .set(auth(role.person.token))
          .send({ type, expectedVersion: 999_999, reason: 'because', comment: 'because' });
        const expected = !holds(READ, role.who) ? 404 : holds(PERMISSIONS['roadmap.event'], role.who, { event: type }) ? 409 : 403;
        if (res.status !== expected) wrong.push(`${type} as ${role.name}: ${res.status} ${res.body?.code ?? ''}, expected ${expected}`);
        else if (expected === 409) expect(res.body.code).toBe('STALE_VERSION');
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets a data contributor change a task assigned to them (status and note), no other task, and never assign', async () => {
    const [mine, other] = taskIds;
    const contributor = roles.find((r) => r.name === 'contributor')!.person;
    const manager = roles.find((r) => r.name === "the engagement's manager")!.person;
    const patch = (taskId: string, token: string, body: Record<string, unknown>) =>
      server.http.patch(`/api/engagements/${engagementId}/tasks/${taskId}`).set(auth(token)).send(body);
    expect((await patch(mine, manager.token, { assigneeId: contributor.id })).status).toBe(200);

    const own = await patch(mine, contributor.token, { status: 'in_progress', note: 'started' });
    expect(own.status).toBe(200);
    expect(own.body).toEqual(expect.objectContaining({ status: 'in_progress', assigneeId: contributor.id }));

    const notMine = await patch(other, contributor.token, { status: 'in_progress' });
    expect(notMine.status).toBe(403);
    expectErrorShape(notMine.body, 403, 'FORBIDDEN');
    expect(notMine.body.message).toContain('when the task is assigned to them');

    const assigning = await patch(mine, contributor.token, { dueDate: '2030-01-01' });
    expect(assigning.status).toBe(403);
    expect(assigning.body.message).toContain('may assign tasks and set due dates');
  });
});
