import { auth, TestServer } from './support/harness';
import { cookiesOf, csrfOf, signIn, type PageClient } from './support/pages';
import { type Cast, castOf, engagementOf, engagementWith, sendEvent, settleCoreKpis, settleTasks } from './support/roadmap-steps';

const SCRIPT = '<script>alert(1)</script>';

describe('dashboard: sessions, CSRF, pages on the same permissions as the API', () => {
  let server: TestServer;
  let cast: Cast;
  let id: string;
  let cityId: string;
  let manager: PageClient;

  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
    id = await engagementWith(server, cast, 'Page City');
    cityId = (await engagementOf(server, id, cast.manager.token) as unknown as { cityId: string }).cityId;
    manager = await signIn(server, cast.manager.email);
  });
  afterAll(() => server.stop());

  it('sends a visitor without a session to the sign-in page, with a local next only', async () => {
    const home = await server.http.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/login');
    const page = await server.http.get(`/engagements/${id}`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/login?next=${encodeURIComponent(`/engagements/${id}`)}`);
    const form = await server.http.get('/login?next=//evil.example/x');
    expect(form.status).toBe(200);
    expect(form.text).toContain('name="next" value="/"');
    expect(form.headers['content-type']).toMatch(/text\/html/);
  });

  it('signs in through the form: an HttpOnly, SameSite, Path=/ session cookie (not Secure over plain HTTP), then the portfolio', async () => {
    expect(manager.setCookie).toMatch(/^u4ssc_session=[A-Za-z0-9_-]{43}; /);
    expect(manager.setCookie).toContain('HttpOnly');
    expect(manager.setCookie).toMatch(/SameSite=(Lax|Strict)/);
    expect(manager.setCookie).toContain('Path=/');
    expect(manager.setCookie).not.toContain('Secure');
    const home = await server.http.get('/').set('Cookie', manager.cookie);
    expect(home.status).toBe(200);
    expect(home.text).toContain('<h1>Portfolio</h1>');
    expect(home.text).toContain('Page City');
    expect(home.headers['cache-control']).toBe('no-store');
  });

  it('refuses a wrong password on the form (401 page, no cookie), and a sign-in form without its token (403)', async () => {
    const form = await server.http.get('/login');
    const loginCookie = cookiesOf(form).map((c) => c.split(';')[0]).join('; ');
    const wrong = await server.http.post('/login').set('Cookie', loginCookie).type('form').send({ email: cast.manager.email, password: 'not-the-password', _csrf: csrfOf(form.text) });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('The e-mail address or the password is wrong.');
    expect(cookiesOf(wrong).some((c) => c.startsWith('u4ssc_session='))).toBe(false);
    const forged = await server.http.post('/login').type('form').send({ email: cast.manager.email, password: 'password-123' });
    expect(forged.status).toBe(403);
    expect(cookiesOf(forged).some((c) => c.startsWith('u4ssc_session='))).toBe(false);
    const otherToken = await server.http.post('/login').set('Cookie', loginCookie).type('form').send({ email: cast.manager.email, password: 'password-123', _csrf: 'x'.repeat(43) });
    expect(otherToken.status).toBe(403);
  });

  it('lists overdue tasks on the portfolio, and filters engagements by stage and city with a GET form', async () => {
    const tasks = (await server.http.get(`/api/engagements/${id}/tasks?stage=assessment`).set(auth(cast.manager.token))).body as { id: string; title: string }[];
    const late = await server.http.patch(`/api/engagements/${id}/tasks/${tasks[1].id}`).set(auth(cast.manager.token)).send({ dueDate: '2020-01-31', assigneeId: cast.coordinator.id });
    expect(late.status).toBe(200);
    const home = await server.http.get('/').set('Cookie', manager.cookie);
    const overdue = home.text.slice(home.text.indexOf('id="overdue"'), home.text.indexOf('id="engagements"'));
    expect(overdue).toContain(tasks[1].title);
    expect(overdue).toContain('31 Jan 2020');
    const otherCity = await server.city(cast.manager.token, 'Elsewhere');
    await server.engagement(cast.manager.token, otherCity, { title: 'Elsewhere roadmap' });
    const all = await server.http.get('/').set('Cookie', manager.cookie);
    expect(all.text).toContain('Elsewhere roadmap');
    const filtered = await server.http.get(`/?stage=assessment&cityId=${cityId}`).set('Cookie', manager.cookie);
    expect(filtered.status).toBe(200);
    expect(filtered.text).not.toContain('Elsewhere roadmap');
    expect(filtered.text).toContain(`<option value="${cityId}" selected>`);
    expect((await server.http.get('/?stage=nowhere').set('Cookie', manager.cookie)).status).toBe(400);
    expect((await server.http.get('/?stage=design').set('Cookie', manager.cookie)).text).toContain('No engagement matches these filters');
  });

  it('answers hostile bytes and oversized forms sent to a page with an HTML page, and the API with JSON', async () => {
    const nul = await server.http.get('/marketplace?x=%00').set('Cookie', manager.cookie).set('Accept', 'text/html');
    expect(nul.status).toBe(400);
    expect(nul.headers['content-type']).toMatch(/text\/html/);
    expect(nul.text).toContain('<h1>400 Bad Request</h1>');
    const big = await server.http.post('/login').set('Accept', 'text/html').type('form').send({ email: 'x'.repeat(40_000), password: 'p' });
    expect(big.status).toBe(413);
    expect(big.headers['content-type']).toMatch(/text\/html/);
    const api = await server.http.get('/api/kpis?x=%00').set(auth(cast.manager.token)).set('Accept', 'text/html');
    expect(api.status).toBe(400);
    expect(api.body.code).toBe('VALIDATION_FAILED');
  });

  it('never lets the session cookie authenticate the API, nor a bearer token a page', async () => {
    const api = await server.http.get('/api/me').set('Cookie', manager.cookie);
    expect(api.status).toBe(401);
    expect(api.body.code).toBe('UNAUTHORIZED');
    const list = await server.http.get('/api/engagements').set('Cookie', manager.cookie);
    expect(list.status).toBe(401);
    const page = await server.http.get('/').set(auth(cast.manager.token));
    expect(page.status).toBe(303);
  });

  it('shows an engagement page to its readers; an outsider and a bad id get a 404 page', async () => {
    const page = await server.http.get(`/engagements/${id}`).set('Cookie', manager.cookie);
    expect(page.status).toBe(200);
    for (const part of ['Progress', 'Checklist', 'Scorecard', 'Gap analysis', 'History', 'Benchmarking wheel']) expect(page.text).toContain(part);
    const outsider = await server.person('member', 'Otto Outsider');
    const otto = await signIn(server, outsider.email);
    const hidden = await server.http.get(`/engagements/${id}`).set('Cookie', otto.cookie);
    expect(hidden.status).toBe(404);
    expect(hidden.headers['content-type']).toMatch(/text\/html/);
    expect(hidden.text).not.toContain('Page City');
    expect((await server.http.get('/engagements/not-a-uuid').set('Cookie', otto.cookie)).status).toBe(404);
    expect((await server.http.get(`/cities/${cityId}`).set('Cookie', otto.cookie)).status).toBe(404);
  });

  it('shows what people typed as text: a <script> in a KPI value\'s source and notes and in a task note is escaped', async () => {
    const put = await server.http
      .put(`/api/engagements/${id}/kpi-values/EC-ICT-ICT-1C`)
      .set(auth(cast.contributor.token))
      .send({ value: 50, year: 2025, source: `Office ${SCRIPT}`, notes: `Note ${SCRIPT}` });
    expect(put.status).toBe(200);
    const tasks = (await server.http.get(`/api/engagements/${id}/tasks?stage=assessment`).set(auth(cast.coordinator.token))).body as { id: string }[];
    const patched = await server.http.patch(`/api/engagements/${id}/tasks/${tasks[0].id}`).set(auth(cast.coordinator.token)).send({ note: `Task ${SCRIPT}` });
    expect(patched.status).toBe(200);
    const page = await server.http.get(`/engagements/${id}`).set('Cookie', manager.cookie);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(SCRIPT);
    expect(page.text).toContain('Office &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).toContain('Note &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).toContain('Task &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toMatch(/<script(?![^>]*src=)/);
  });

  describe('a gate decided from the page', () => {
    let council: PageClient;

    beforeAll(async () => {
      await settleCoreKpis(server, id, cast);
      await settleTasks(server, id, cast, 'assessment');
      const submitted = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
      expect(submitted.status).toBe(200);
      council = await signIn(server, cast.council.email);
    });

    const approve = (client: PageClient, headers: Record<string, string> = {}, fields: Record<string, string> = {}) =>
      server.http
        .post(`/engagements/${id}/approvals`)
        .set('Cookie', client.cookie)
        .set(headers)
        .type('form')
        .send({ decision: 'approve', ...fields });

    it('refuses a cross-site post without the CSRF token, with a wrong one, or from another origin (403 page), and changes nothing', async () => {
      const before = await engagementOf(server, id, cast.manager.token);
      const page = await server.http.get(`/engagements/${id}`).set('Cookie', council.cookie);
      const token = csrfOf(page.text);
      expect(token).not.toBe('');
      const attempts = [
        await approve(council, { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }),
        await approve(council, {}, { _csrf: 'x'.repeat(43) }),
        await approve(council, {}, { _csrf: manager.csrf }),
        await approve(council, { Origin: 'https://evil.example' }, { _csrf: token }),
        await approve(council, { 'Sec-Fetch-Site': 'cross-site' }, { _csrf: token }),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.text).toContain('nothing was changed');
      }
      const after = await engagementOf(server, id, cast.manager.token);
      expect(after.version).toBe(before.version);
      const gates = await server.http.get(`/api/engagements/${id}/gates`).set(auth(cast.manager.token));
      expect(gates.body.find((g: { status: string }) => g.status === 'open').approvals).toEqual([]);
    });

    it('lists the gate as waiting on the portfolio for exactly those the engagement API lets APPROVE (seat holders, not the submitter)', async () => {
      const waitingFor = async (email: string): Promise<boolean> => {
        const client = email === cast.manager.email ? manager : await signIn(server, email);
        const home = await server.http.get('/').set('Cookie', client.cookie);
        expect(home.status).toBe(200);
        return home.text.slice(home.text.indexOf('id="waiting"'), home.text.indexOf('id="overdue"')).includes(`/engagements/${id}`);
      };
      const seen: Record<string, boolean> = {};
      for (const person of [cast.manager, cast.council, cast.partner, cast.coordinator, cast.verifier, cast.contributor]) {
        const allowed = (await engagementOf(server, id, person.token)).allowedEvents.includes('APPROVE');
        seen[person.email] = await waitingFor(person.email);
        expect(seen[person.email]).toBe(allowed);
      }
      expect(seen[cast.manager.email] && seen[cast.council.email] && seen[cast.partner.email]).toBe(true);
      expect(seen[cast.coordinator.email] || seen[cast.verifier.email] || seen[cast.contributor.email]).toBe(false);
    });

    it('records an approval from the page (303, then a message), shows a refusal in words with its status, and moves the stage when the quorum is met', async () => {
      const page = await server.http.get(`/engagements/${id}`).set('Cookie', council.cookie);
      expect(page.text).toContain('Approve the Assessment stage');
      const token = csrfOf(page.text);
      const res = await approve(council, { Origin: `http://${'127.0.0.1'}` }, { _csrf: token }).catch(() => null);
      // supertest's host is 127.0.0.1:<port>; an Origin without the port is another origin.
      expect(res?.status).toBe(403);
      const ok = await approve(council, { 'Sec-Fetch-Site': 'same-origin' }, { _csrf: token });
      expect(ok.status).toBe(303);
      expect(ok.headers.location).toBe(`/engagements/${id}`);
      const shown = await server.http.get(`/engagements/${id}`).set('Cookie', council.cookie);
      expect(shown.text).toContain('your decision is recorded');
      const again = await approve(council, {}, { _csrf: token });
      expect(again.status).toBe(409);
      expect(again.text).toContain('You have already decided on this gate');
      expect((await server.http.get(`/engagements/${id}`).set('Cookie', council.cookie)).text).not.toContain('your decision is recorded');

      for (const person of [cast.partner, cast.manager]) {
        const client = person === cast.manager ? manager : await signIn(server, person.email);
        const p = await server.http.get(`/engagements/${id}`).set('Cookie', client.cookie);
        const r = await approve(client, {}, { _csrf: csrfOf(p.text), expectedVersion: /name="expectedVersion" value="(\d+)"/.exec(p.text)?.[1] ?? '' });
        expect(r.status).toBe(303);
      }
      const after = await engagementOf(server, id, cast.manager.token);
      expect(after.stage).toBe('design');
      const finalPage = await server.http.get(`/engagements/${id}`).set('Cookie', manager.cookie);
      expect(finalPage.text).toContain('the engagement moved on to Design, in progress');
    });
  });

  it('shows the portfolio 50 engagements at a time, newest first, with a Next page link that keeps the filters', async () => {
    const many = await server.city(cast.manager.token, 'Many Roads');
    for (let i = 1; i <= 52; i++) await server.engagement(cast.manager.token, many, { title: `Road ${String(i).padStart(2, '0')}` });
    const titles = (html: string): string[] => [...html.matchAll(/>(Road \d\d)</g)].map((m) => m[1]);
    const first = await server.http.get(`/?cityId=${many}`).set('Cookie', manager.cookie);
    expect(first.status).toBe(200);
    expect(first.text).toContain('50 of 52 engagements');
    expect(titles(first.text)).toHaveLength(50);
    expect(titles(first.text)).toContain('Road 52');
    const decoded = (html: string): string => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    const next = /<a href="([^"]+)" rel="next">Next page<\/a>/.exec(decoded(first.text))?.[1];
    expect(next).toMatch(new RegExp(`^/\\?cityId=${many}&cursor=`));
    const second = await server.http.get(next!).set('Cookie', manager.cookie);
    expect(second.status).toBe(200);
    expect(titles(second.text).sort()).toEqual(['Road 01', 'Road 02']);
    expect(second.text).not.toContain('rel="next"');
    expect(decoded(second.text)).toContain(`<a href="/?cityId=${many}">First page</a>`);
    expect((await server.http.get('/?cursor=forged').set('Cookie', manager.cookie)).status).toBe(400);
  });

  describe("the verifier's desk in the pages", () => {
    const BASIC = 'EC-I-WS-1C';
    const POTABLE = 'EC-I-WS-2C';
    const SANITATION = 'EC-I-WS-5C';
    const HOSTILE = `Survey of 2025 <img src=x onerror=alert(1)>${SCRIPT}`;
    const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    let desk: string;
    let evidenceHref: string;

    const put = async (engagementId: string, code: string, value: number) => {
      const res = await server.http.put(`/api/engagements/${engagementId}/kpi-values/${code}`).set(auth(cast.contributor.token)).send({ value, year: 2025, source: 'Water utility' });
      expect(res.status).toBe(200);
    };

    beforeAll(async () => {
      desk = await engagementWith(server, cast, 'Deskburg');
      // Potable water above basic water: an error on both, answered by the city with hostile text; sanitation below its range: a warning, open.
      await put(desk, BASIC, 90);
      await put(desk, POTABLE, 95);
      await put(desk, SANITATION, 70);
      await put(desk, 'EC-ICT-ICT-1C', 64);
      const answered = await server.http.post(`/api/engagements/${desk}/kpi-values/${POTABLE}/flags/potable-within-basic-water/answer`).set(auth(cast.contributor.token)).send({ text: HOSTILE });
      expect(answered.status).toBe(201);
      const evidence = await server.http.post(`/api/engagements/${desk}/kpi-values/${POTABLE}/evidence`).set(auth(cast.contributor.token)).attach('file', PDF, 'water-register.pdf');
      expect(evidence.status).toBe(201);
      // An engagement where the verifier is not a verifier: nothing of it is theirs to see.
      const elsewhere = await server.engagement(cast.manager.token, await server.city(cast.manager.token, 'Not Mine City'), { title: 'Not my queue' });
      await server.member(cast.manager.token, elsewhere.id, cast.contributor.id, 'data_contributor');
      await server.member(cast.manager.token, elsewhere.id, cast.coordinator.id, 'verifier');
      await put(elsewhere.id, BASIC, 91);
    });

    it('shows a verifier their queue: the summary, flagged values first with their checks, nothing of another engagement; filters by flag', async () => {
      const vic = await signIn(server, cast.verifier.email);
      const page = await server.http.get('/verification').set('Cookie', vic.cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<a href="/verification" aria-current="page">Verification</a>');
      expect(page.text).toMatch(/<span class="big">\d+<\/span> waiting for you/);
      expect(page.text).not.toContain('Not my queue');
      const rows = page.text.slice(page.text.indexOf('<tbody>'), page.text.indexOf('</tbody>')).split('<tr').slice(1);
      const deskRows = rows.filter((r) => r.includes('Deskburg'));
      expect(deskRows).toHaveLength(4);
      // Flagged first: every flagged row comes before the first one without a flag.
      const firstClean = rows.findIndex((r) => !r.startsWith(' class="flagged"'));
      expect(firstClean).toBeGreaterThan(0);
      expect(deskRows.find((r) => r.includes('</span> Household Internet Access'))).toContain('No flag');
      expect(rows.slice(firstClean).some((r) => r.startsWith(' class="flagged"'))).toBe(false);
      expect(rows[0]).toContain('class="flagged"');
      const potable = deskRows.find((r) => r.includes('<span class="code">EC: I: WS: 2C</span> Potable Water Supply'))!;
            expect(potable).toContain('Answered by Dan Contributor');
      expect(potable).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;&lt;script&gt;');
      expect(potable).toMatch(/<td class="num">1<\/td>/);
      expect(deskRows.find((r) => r.includes('</span> Household Sanitation'))).toContain('>Warning</span>');
      expect(deskRows.find((r) => r.includes('</span> Household Sanitation'))).toContain('open: a verifier acknowledges it');
      expect(page.text).not.toContain(SCRIPT);
      expect(page.text).not.toMatch(/<script(?![^>]*src=)/);
      const warnings = await server.http.get(`/verification?flag=warning&engagementId=${desk}`).set('Cookie', vic.cookie);
      expect(warnings.status).toBe(200);
      expect(warnings.text).toContain('<option value="warning" selected>');
      expect(warnings.text).toContain('</span> Household Sanitation');
      expect(warnings.text).not.toContain('</span> Potable Water Supply');
      expect((await server.http.get('/verification?flag=no-such-rule').set('Cookie', vic.cookie)).status).toBe(400);
      expect((await server.http.get('/verification?cursor=forged').set('Cookie', vic.cookie)).status).toBe(400);
    });

    it('shows someone who verifies nothing an empty state', async () => {
      const council = await signIn(server, cast.council.email);
      const page = await server.http.get('/verification').set('Cookie', council.cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Nothing waits for your verification.');
      expect(page.text).toContain('<span class="big">0</span> waiting for you');
    });

    it('shows the checks, the evidence files and the data quality on the engagement page; the file downloads for a member, 404 for an outsider', async () => {
      const page = await server.http.get(`/engagements/${desk}`).set('Cookie', manager.cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<th scope="col">Checks</th>');
      expect(page.text).toContain('Potable Water Supply (95');
      expect(page.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
      expect(page.text).not.toContain(SCRIPT);
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).toContain('open: a verifier acknowledges it');
      expect(page.text).toContain('<h2 id="data-quality">Data quality</h2>');
      expect(page.text).toContain('Based on accurate measurements');
      evidenceHref = /<a href="(\/engagements\/[^"]+\/evidence\/[^"]+)" download>water-register\.pdf<\/a>/.exec(page.text)?.[1] ?? '';
      expect(evidenceHref).toMatch(new RegExp(`^/engagements/${desk}/kpi-values/${POTABLE}/evidence/[0-9a-f-]{36}$`));
      const contributor = await signIn(server, cast.contributor.email);
      const file = await server.http.get(evidenceHref).set('Cookie', contributor.cookie).buffer(true).parse((res, done) => {
        let bytes = '';
        res.setEncoding('latin1');
        res.on('data', (c: string) => (bytes += c));
        res.on('end', () => done(null, bytes));
      });
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['content-disposition']).toMatch(/^attachment; filename="water-register\.pdf"/);
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.headers['cache-control']).toBe('private, no-store');
      expect(file.body).toBe(PDF.toString('latin1'));
      const outsider = await signIn(server, (await server.person('member', 'Nosy Outsider')).email);
      const hidden = await server.http.get(evidenceHref).set('Cookie', outsider.cookie);
      expect(hidden.status).toBe(404);
      expect(hidden.headers['content-type']).toMatch(/text\/html/);
      // Without a session: to the sign-in page; with a bearer token only: the same.
      expect((await server.http.get(evidenceHref)).status).toBe(303);
      expect((await server.http.get(evidenceHref.replace(/[0-9a-f-]{36}$/, '00000000-0000-4000-8000-000000000000')).set('Cookie', manager.cookie)).status).toBe(404);
    });
  });

  it('ends the session on logout: the old cookie no longer opens a page', async () => {
    const client = await signIn(server, cast.verifier.email);
    const out = await server.http.post('/logout').set('Cookie', client.cookie).type('form').send({ _csrf: client.csrf });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect(cookiesOf(out).some((c) => /^u4ssc_session=;.*Max-Age=0/.test(c))).toBe(true);
    expect((await server.http.get('/').set('Cookie', client.cookie)).status).toBe(303);
    const noToken = await signIn(server, cast.verifier.email);
    expect((await server.http.post('/logout').set('Cookie', noToken.cookie).type('form').send({})).status).toBe(403);
    expect((await server.http.get('/').set('Cookie', noToken.cookie)).status).toBe(200);
  });

  it('keeps only the hash of the session id, and ends a session idle too long or past its absolute expiry', async () => {
    const client = await signIn(server, cast.coordinator.email);
    const raw = client.cookie.split('=')[1];
    const rows: { id_hash: string }[] = await server.dataSource.query(`SELECT id_hash FROM page_session`);
    expect(rows.some((r) => r.id_hash === raw)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
    const idle = await signIn(server, cast.coordinator.email);
    const old = await signIn(server, cast.coordinator.email);
    const hash = async (c: PageClient) => (await import('node:crypto')).createHash('sha256').update(c.cookie.split('=')[1]).digest('hex');
    await server.dataSource.query(`UPDATE page_session SET last_seen_at = now() - interval '31 minutes' WHERE id_hash = $1`, [await hash(idle)]);
    await server.dataSource.query(`UPDATE page_session SET created_at = now() - interval '9 hours', expires_at = now() - interval '1 minute' WHERE id_hash = $1`, [await hash(old)]);
    expect((await server.http.get('/').set('Cookie', idle.cookie)).status).toBe(303);
    expect((await server.http.get('/').set('Cookie', old.cookie)).status).toBe(303);
    expect((await server.http.get('/').set('Cookie', client.cookie)).status).toBe(200);
  });

  it('ends sessions when the user is deactivated or changes their password', async () => {
    const person = await server.person('member', 'Short Lived');
    const client = await signIn(server, person.email);
    expect((await server.http.get('/').set('Cookie', client.cookie)).status).toBe(200);
    const changed = await server.http.put('/api/me/password').set(auth(person.token)).send({ currentPassword: 'password-123', newPassword: 'another-long-password-9' });
    expect(changed.status).toBe(204);
    expect((await server.http.get('/').set('Cookie', client.cookie)).status).toBe(303);
    const again = await signIn(server, person.email, 'another-long-password-9');
    expect((await server.http.patch(`/api/users/${person.id}`).set(auth(server.adminToken)).send({ active: false })).status).toBe(200);
    expect((await server.http.get('/').set('Cookie', again.cookie)).status).toBe(303);
  });
});

describe('dashboard behind a TLS-terminating reverse proxy', () => {
  /** The login form through a proxy that says https: the browser's Origin is https://<host>. */
  async function signInViaProxy(server: TestServer, email: string) {
    const form = await server.http.get('/login').set('X-Forwarded-Proto', 'https');
    const loginCookie = cookiesOf(form).map((c) => c.split(';')[0]).join('; ');
    const host = 'roadmap.example.org';
    return server.http
      .post('/login')
      .set('Host', host)
      .set('Cookie', loginCookie)
      .set('X-Forwarded-Proto', 'https')
      .set('Origin', `https://${host}`)
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({ email, password: 'password-123', _csrf: csrfOf(form.text), next: '/' });
  }

  it('with TRUST_PROXY, signs in from an https page and marks the session cookie Secure', async () => {
    const server = await TestServer.start({ TRUST_PROXY: 'loopback' });
    try {
      const person = await server.person('programme_manager', 'Proxied Pat');
      const res = await signInViaProxy(server, person.email);
      expect(res.status).toBe(303);
      const session = cookiesOf(res).find((c) => c.startsWith('u4ssc_session=')) ?? '';
      expect(session).toContain('Secure');
      expect(session).toContain('HttpOnly');
    } finally {
      await server.stop();
    }
  });

  it('without TRUST_PROXY, a forwarded protocol is not believed: the https Origin is not this server (403)', async () => {
    const server = await TestServer.start();
    try {
      const person = await server.person('programme_manager', 'Direct Dee');
      const res = await signInViaProxy(server, person.email);
      expect(res.status).toBe(403);
    } finally {
      await server.stop();
    }
  });
});
