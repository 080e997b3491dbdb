import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { auth, TestServer } from './support/harness';
import { type Cast, castOf, engagementOf, engagementWith, passGate, sendEvent, settleCoreKpis, settleTasks } from './support/roadmap-steps';

/**
 * The dashboard in a real browser (headless Chromium through playwright-core): sign in through the
 * form, open the portfolio and an engagement in review, approve the gate from the page as each
 * seated approver and see the stage move; fail on any console error or page error. A screenshot of
 * each page goes to test-results/. Without Chromium the suite is skipped with a message, unless CI
 * is set: there it must run.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const MUST_RUN = !!process.env.CI && process.env.CI !== 'false';
const SHOTS = join(__dirname, '..', 'test-results', 'dashboard');

if (!HAVE_CHROMIUM && !MUST_RUN) {
  console.warn(`Browser test skipped: no Chromium at ${CHROMIUM} (install it, e.g. apt-get install chromium, or set CHROMIUM_PATH).`);
}

(HAVE_CHROMIUM || MUST_RUN ? describe : describe.skip)('dashboard in a browser (Chromium)', () => {
  let server: TestServer;
  let cast: Cast;
  let browser: Browser;
  let base: string;
  let id: string;
  let cityId: string;
  let otherCityId: string;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI is set but there is no Chromium at ${CHROMIUM}: the browser test must run in CI`);
    mkdirSync(SHOTS, { recursive: true });
    server = await TestServer.start();
    const listening = await server.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    cast = await castOf(server);

    // A second city with an approved Assessment gate, to compare with.
    const other = await engagementWith(server, cast, 'Bergen');
    otherCityId = ((await engagementOf(server, other, cast.manager.token)) as unknown as { cityId: string }).cityId;
    await settleCoreKpis(server, other, cast);
    await verifiedValue(other, 'EC-ICT-ICT-1C', 62);
    await passGate(server, other, cast, 'assessment');

    // The engagement the browser decides: Assessment submitted for review.
    id = await engagementWith(server, cast, 'Trondheim');
    cityId = ((await engagementOf(server, id, cast.manager.token)) as unknown as { cityId: string }).cityId;
    await settleCoreKpis(server, id, cast);
    await verifiedValue(id, 'EC-ICT-ICT-1C', 91);
    await verifiedValue(id, 'EC-ICT-ICT-2C', 40);
    await settleTasks(server, id, cast, 'assessment');
    const submitted = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(submitted.status).toBe(200);
    await marketplaceProject(other);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => {
    expect(problems).toEqual([]);
  });

  async function verifiedValue(engagementId: string, code: string, value: number): Promise<void> {
    const put = await server.http.put(`/api/engagements/${engagementId}/kpi-values/${code}`).set(auth(cast.contributor.token)).send({ value, year: 2025, source: 'Statistics office' });
    expect(put.status).toBe(200);
    const verified = await server.http.post(`/api/engagements/${engagementId}/kpi-values/${code}/verification`).set(auth(cast.verifier.token)).send({ decision: 'verified' });
    expect(verified.status).toBe(200);
  }

  async function marketplaceProject(engagementId: string): Promise<void> {
    const action = await server.http
      .post(`/api/engagements/${engagementId}/actions`)
      .set(auth(cast.manager.token))
      .send({ title: 'Public Wi-Fi in the centre', kpiCodes: ['EC-ICT-ICT-1C'], expectedValues: { 'EC-ICT-ICT-1C': 95 }, budget: 250000 });
    expect(action.status).toBe(201);
    const project = await server.http
      .post(`/api/engagements/${engagementId}/investment-projects`)
      .set(auth(cast.manager.token))
      .send({ title: 'Wi-Fi for every square', description: 'Open access points in the city centre.', actionIds: [action.body.id], amount: 250000, fundingSource: 'marketplace', published: true });
    expect(project.status).toBe(201);
  }

  /** A fresh browser context (no cookies), watched for console errors and page errors. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
    return page;
  }

  async function signIn(page: Page, email: string, password = 'password-123'): Promise<void> {
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    if (page.url() !== `${base}/`) throw new Error(`signing in ${email} ended on ${page.url()}: ${await page.locator('main').textContent()}`);
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  it('signs in through the form, reaches the skip link by keyboard, and shows the portfolio with the gate waiting', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    expect(page.url()).toBe(`${base}/login`);
    await shot(page, 'login');
    await signIn(page, cast.manager.email);
    await shot(page, 'portfolio');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main');
    const waiting = page.locator('#waiting + ul');
    await expect(waiting.getByRole('link', { name: /Trondheim/ }).count()).resolves.toBe(1);
    await page.context().close();
  });

  it('approves the Assessment gate from the engagement page, as each seated approver, and sees the stage move', async () => {
    for (const [n, person] of [cast.manager, cast.council, cast.partner].entries()) {
      const page = await newPage();
      await signIn(page, person.email);
      await page.goto(`${base}/engagements/${id}`);
      expect(await page.locator('#where').textContent()).toBe('Assessment, in review');
      if (n === 0) await shot(page, 'engagement-in-review');
      await page.getByRole('button', { name: 'Approve the Assessment stage' }).click();
      await page.waitForURL(`${base}/engagements/${id}`);
      const flash = await page.locator('.flash-success').textContent();
      if (n < 2) {
        expect(flash).toContain('your decision is recorded');
      } else {
        expect(flash).toContain('moved on to Design, in progress');
        expect(await page.locator('#where').textContent()).toBe('Design, in progress');
        expect(await page.locator('.stages li').first().textContent()).toContain('done');
        await shot(page, 'engagement');
      }
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${base}/login`);
      await page.context().close();
    }
    expect((await engagementOf(server, id, cast.manager.token)).stage).toBe('design');
  });

  it("shows the verifier's desk: the queue with a flagged value first, and the engagement's checks and evidence", async () => {
    const desk = await engagementWith(server, cast, 'Tromsø');
    for (const [code, value] of [['EC-I-WS-1C', 90], ['EC-I-WS-2C', 95], ['EC-I-WS-5C', 70], ['EC-ICT-ICT-1C', 64]] as const) {
      const put = await server.http.put(`/api/engagements/${desk}/kpi-values/${code}`).set(auth(cast.contributor.token)).send({ value, year: 2025, source: 'Water utility register', dataQuality: 'accurate_measurement' });
      expect(put.status).toBe(200);
    }
    const answer = await server.http
      .post(`/api/engagements/${desk}/kpi-values/EC-I-WS-2C/flags/potable-within-basic-water/answer`)
      .set(auth(cast.contributor.token))
      .send({ text: 'Basic water counts the 2021 connections; potable water the 2025 survey <b>not bold</b>' });
    expect(answer.status).toBe(201);
    const file = await server.http
      .post(`/api/engagements/${desk}/kpi-values/EC-I-WS-2C/evidence`)
      .set(auth(cast.contributor.token))
      .attach('file', Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), 'water-register-2025.pdf');
    expect(file.status).toBe(201);

    const page = await newPage();
    await signIn(page, cast.verifier.email);
    await page.getByRole('link', { name: 'Verification' }).click();
    await page.waitForURL(`${base}/verification`);
    expect(await page.locator('table.queue tbody tr').first().getAttribute('class')).toBe('flagged');
    await shot(page, 'verification');
    await page.goto(`${base}/engagements/${desk}#values`);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'water-register-2025.pdf' }).click();
    expect((await download).suggestedFilename()).toBe('water-register-2025.pdf');
    await shot(page, 'engagement-checks');
    // The KPI values and the data quality, at full size.
    const [top, bottom] = (await page.evaluate(`['values', 'gaps'].map((id) => document.getElementById(id).getBoundingClientRect().top + window.scrollY)`)) as number[];
    await page.screenshot({ path: join(SHOTS, 'engagement-checks-values.png'), fullPage: true, clip: { x: 0, y: top - 10, width: 1280, height: bottom - top } });
    await page.context().close();
  });

  it('shows the city profile, the comparison, the marketplace, and the published snapshot without signing in', async () => {
    const page = await newPage();
    await signIn(page, cast.manager.email);
    await page.goto(`${base}/cities/${cityId}`);
    expect(await page.locator('h1').textContent()).toBe('Trondheim');
    await expect(page.locator('svg.wheel').count()).resolves.toBe(1);
    await shot(page, 'city');
    await page.goto(`${base}/compare?cities=${cityId},${otherCityId}`);
    expect(await page.locator('#kpis').count()).toBe(1);
    await shot(page, 'compare');
    await page.goto(`${base}/marketplace`);
    expect(await page.getByRole('heading', { name: 'Wi-Fi for every square' }).count()).toBe(1);
    await shot(page, 'marketplace');
    await page.context().close();

    const published = await server.http.put(`/api/engagements/${id}/publication`).set(auth(cast.manager.token)).send({ published: true });
    expect(published.status).toBe(200);
    const anonymous = await newPage();
    const res = await anonymous.goto(`${base}/public/cities/${cityId}`);
    expect(res?.status()).toBe(200);
    expect(await anonymous.locator('h1').textContent()).toBe('Trondheim: verified snapshot');
    await shot(anonymous, 'public-snapshot');
    await anonymous.context().close();
  });
});
