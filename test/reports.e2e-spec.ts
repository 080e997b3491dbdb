import { mkdirSync, writeFileSync } from 'node:fs';
import { get as httpGet, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { formatNumber, formatPercent, humanise } from '../src/rendering/format';
import { PDF_CONCURRENCY, PDF_PER_PERSON, PDF_QUEUE_LIMIT, PdfPrinter } from '../src/rendering/pdf-printer';
import { chromiumPath, describeWithChromium, pdfPages } from './support/chromium';
import { everyItemCsv } from './support/every-item';
import { auth, expectErrorShape, TestServer } from './support/harness';
import { type Cast, castOf, engagementWith, sendEvent, settleTasks, verifyValue } from './support/roadmap-steps';

/** What a person may type, and must see as text. */
const HOSTILE_CITY = 'Fjordby <script>alert("city")</script> & Co';
const HOSTILE_COMMENT = 'Approved <script>alert("comment")</script> with <b>thanks</b>';
const HOSTILE_SOURCE = 'Meter <img src=x onerror=alert(1)> readings';
/** One word as long as a source may be (1000 characters): the tables must still fit the page. */
const LONG_SOURCE = 'W'.repeat(990);

/** Run in the page (a string: the tests compile without the DOM's types): the tables whose right edge is past the page's width. */
const TABLES_PAST_THE_EDGE = `(() => {
  const width = document.documentElement.clientWidth;
  const overflowing = [...document.querySelectorAll('table')]
    .map((table) => ({ table: table.className || (table.querySelector('caption') || {}).textContent || 'table', right: table.getBoundingClientRect().right }))
    .filter((t) => t.right > width);
  return { overflowing, scrollWidth: document.documentElement.scrollWidth };
})()`;

/** Where the rendered reports are kept to look at (test-results/ is not committed). */
const OUT = join(__dirname, '..', 'test-results', 'reports');

type Kpi = { code: string; officialCode: string; name: string; type: 'core' | 'advanced'; dataPoints: { key: string }[] };

const binary = (res: NodeJS.ReadableStream, done: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Uint8Array[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(new Uint8Array(chunk)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * A fully reported engagement: every KPI item imported (reference year two years ago), every core
 * KPI verified, one advanced KPI left unverified, one rejected and one not available; the Assessment
 * gate passed (the council approving with a comment); an action plan targeting three KPIs, measured
 * twice since the baseline.
 */
async function reportedEngagement(server: TestServer, cast: Cast, cityName: string): Promise<{ id: string; kpis: Kpi[] }> {
  const id = await engagementWith(server, cast, cityName);
  const year = new Date().getUTCFullYear() - 2;
  const imported = await server.http
    .post(`/api/engagements/${id}/kpi-values/import`)
    .set(auth(cast.contributor.token))
    .set('Content-Type', 'text/csv')
    .send(everyItemCsv(year));
  if (imported.status !== 200) throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
  const kpis = (await server.http.get('/api/kpis').set(auth(cast.manager.token))).body as Kpi[];
  const advanced = kpis.filter((k) => k.type === 'advanced');
  const [unverified, rejected, notAvailable] = advanced;
  const na = await server.http
    .put(`/api/engagements/${id}/kpi-values/${notAvailable.code}`)
    .set(auth(cast.contributor.token))
    .send(notAvailable.dataPoints.length > 0 ? { notAvailable: true, reason: 'No survey <i>yet</i>', dataPoint: notAvailable.dataPoints[0].key } : { notAvailable: true, reason: 'No survey <i>yet</i>' });
  if (na.status !== 200) throw new Error(`not available: ${na.status} ${JSON.stringify(na.body)}`);
  for (const kpi of kpis) {
    if (kpi === unverified || kpi === notAvailable) continue;
    const res =
      kpi === rejected
        ? await server.http
            .post(`/api/engagements/${id}/kpi-values/${kpi.code}/verification`)
            .set(auth(cast.verifier.token))
            .send({ decision: 'rejected', comment: 'Source missing <script>alert("verifier")</script>' })
        : await verifyValue(server, id, kpi.code, cast);
    if (res.status !== 200) throw new Error(`verifying ${kpi.code}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  await settleTasks(server, id, cast, 'assessment');
  const submitted = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
  if (submitted.status !== 200) throw new Error(`submitting: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  for (const [person, comment] of [[cast.council, HOSTILE_COMMENT], [cast.partner, undefined], [cast.manager, undefined]] as const) {
    const res = await server.http.post(`/api/engagements/${id}/approvals`).set(auth(person.token)).send({ decision: 'approve', ...(comment ? { comment } : {}) });
    if (res.status !== 200) throw new Error(`approving: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const targeted = ['EC-ICT-ICT-1C', 'EC-ICT-ICT-2C', 'EN-EN-WS-1C'];
  const action = await server.http
    .post(`/api/engagements/${id}/actions`)
    .set(auth(cast.manager.token))
    .send({
      title: 'Broadband and clean energy',
      kpiCodes: targeted,
      expectedValues: Object.fromEntries(targeted.map((k) => [k, 90])),
      budget: 1000,
      startDate: `${year}-01-01`,
      endDate: '2030-12-31',
      requiresProcurement: false,
      status: 'in_progress',
    });
  if (action.status !== 201) throw new Error(`action: ${action.status} ${JSON.stringify(action.body)}`);
  const card = (await server.http.get(`/api/engagements/${id}/scorecard`).set(auth(cast.manager.token))).body as { kpis: { code: string; value: number }[] };
  for (const code of targeted) {
    const base = card.kpis.find((k) => k.code === code)!.value;
    for (const [date, factor] of [[`${year + 1}-06-30`, 1.05], [`${year + 1}-12-31`, 1.1]] as const) {
      const source = code === targeted[0] && factor === 1.1 ? LONG_SOURCE : HOSTILE_SOURCE;
      const res = await server.http
        .post(`/api/engagements/${id}/measurements`)
        .set(auth(cast.contributor.token))
        .send({ code, value: Math.min(100, Math.round(base * factor * 100) / 100), date, source });
      if (res.status !== 201) throw new Error(`measurement ${code}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
  return { id, kpis };
}

describe('reports: assessment, snapshot, gate record and monitoring, as HTML', () => {
  let server: TestServer;
  let cast: Cast;
  let id: string;
  let kpis: Kpi[];
  let gateId: string;
  const get = (path: string, token = cast.council.token) => server.http.get(`/api/engagements/${id}${path}`).set(auth(token));
  const html = async (path: string, token?: string): Promise<string> => {
    const res = await get(path, token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    return res.text;
  };
  const keep = (name: string, body: string | Buffer) => {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, name), typeof body === 'string' ? body : new Uint8Array(body));
  };

  beforeAll(async () => {
    server = await TestServer.start({ CHROMIUM_PATH: chromiumPath });
    cast = await castOf(server);
    ({ id, kpis } = await reportedEngagement(server, cast, HOSTILE_CITY));
    gateId = (await get('/gates')).body.find((g: { stage: string }) => g.stage === 'assessment').id;
  }, 180_000);
  afterAll(() => server.stop());

  it('the assessment report has the chapters of a U4SSC verification report and the engagement’s numbers', async () => {
    const page = await html('/reports/assessment');
    keep('assessment.html', page);
    for (const chapter of [
      'Introduction and verification background',
      'KPI reporting and verification summary',
      'KPI data points reporting and verification summary',
      'City performance against targets',
      'Verification results by dimension',
      'KPIs not reported',
      'KPIs not verified',
      'Data quality and consistency checks',
      'Next steps',
    ]) {
      expect(page).toMatch(new RegExp(`<h2 id="h-[a-z-]+">\\d\\. ${chapter}</h2>`));
    }
    const card = (await get('/scorecard')).body;
    const { core, advanced } = card.completeness;
    expect(page).toContain(`<span class="big">${core.reported + advanced.reported} / ${core.total + advanced.total}</span>KPIs reported`);
    expect(page).toContain(`<span class="big">${core.verified + advanced.verified} / ${core.total + advanced.total}</span>KPIs verified`);
    expect(page).toContain(`<th scope="row">Core</th><td class="num">${core.total}</td><td class="num">${core.reported}</td><td class="num">${core.verified}</td>`);
    const dpAll = core.dataPoints.reported + advanced.dataPoints.reported;
    expect(page).toContain(`<span class="big">${dpAll} / ${core.dataPoints.total + advanced.dataPoints.total}</span>data points reported`);
    for (const d of card.dimensions) {
      expect(page).toContain(`<th scope="row">${d.name}</th><td class="num">${formatPercent(d.percent, 'en-GB')}</td>`);
    }
    for (const s of card.subdimensions.slice(0, 3)) expect(page).toContain(`<th scope="row">${s.name.replace(/&/g, '&amp;')}</th><td class="num">${formatPercent(s.percent, 'en-GB')}</td>`);
    for (const s of card.sdgs.slice(0, 3)) expect(page).toContain(`<th scope="row">SDG ${s.name}</th><td class="num">${formatPercent(s.percent, 'en-GB')}</td>`);
    // Results tables: every item's value as the locale writes it.
    const item = card.kpis.find((k: { value: number | null; target: number | null }) => k.value !== null && k.target !== null && k.value > 1000) ?? card.kpis[0];
    expect(page).toContain(`<td class="num">${formatNumber(item.value, 'en-GB')}</td>`);
    expect(page).toContain('class="wheel"');
    expect(page).toContain('<table class="matrix">');
    // Not reported, not verified: the KPIs this engagement left so.
    const advancedKpis = kpis.filter((k) => k.type === 'advanced');
    const section = (from: string, to: string) => page.slice(page.indexOf(`id="${from}"`), page.indexOf(`id="${to}"`));
    expect(section('not-reported', 'not-verified')).toContain(advancedKpis[2].officialCode);
    expect(section('not-reported', 'not-verified')).toContain('No survey &lt;i&gt;yet&lt;/i&gt;');
    expect(section('not-verified', 'data-quality')).toContain(advancedKpis[0].officialCode);
    expect(section('not-verified', 'data-quality')).toContain(advancedKpis[1].officialCode);
    // Data quality: the six levels over the values reported, and each flag with the city's answer or the verifier's acknowledgement.
    const quality = section('data-quality', 'next-steps');
    expect(quality).toContain(`<tr><td>Not stated</td><td class="num">${card.dataQuality.reported}</td>`);
    expect(card.dataQuality.flags.flagged).toBeGreaterThan(0);
    expect(quality).toContain(`${card.dataQuality.flags.flagged} values were flagged`);
    expect(quality).toContain('Verifier: Confirmed against the source');
    expect(section('not-verified', 'next-steps')).toContain('Source missing &lt;script&gt;');
    // Next steps: the gap analysis, below-target gaps in its order, with the action on the gaps it addresses.
    const gaps = (await get('/gap-analysis')).body.filter((g: { band: string }) => g.band !== 'no_data');
    const next = page.slice(page.indexOf('id="next-steps"'));
    const positions = gaps.slice(0, 5).map((g: { code: string }) => next.indexOf(kpis.find((k) => k.code === g.code)!.officialCode));
    expect(positions.every((p: number) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    if (gaps.some((g: { actionIds: string[] }) => g.actionIds.length > 0)) expect(next).toContain('Action: Broadband and clean energy');
    // Who verified, and the gate.
    expect(page).toContain('Vic Verifier');
    expect(page).toContain('submitted by Cora Coordinator');
    expect(page).toContain('now in Design, in progress');
  });

  it('shows what people typed as text: a city name, a comment, a source, a reason', async () => {
    for (const path of ['/reports/assessment', '/reports/snapshot', '/reports/monitoring', `/reports/gates/${gateId}`]) {
      const page = await html(path);
      expect(page).not.toMatch(/<script|<img|<b>thanks|<i>yet/i);
      expect(page).toContain('Fjordby &lt;script&gt;alert(&quot;city&quot;)&lt;/script&gt; &amp; Co');
    }
    expect(await html(`/reports/gates/${gateId}`)).toContain('Approved &lt;script&gt;alert(&quot;comment&quot;)&lt;/script&gt; with &lt;b&gt;thanks&lt;/b&gt;');
    expect(await html('/reports/monitoring')).toContain('Meter &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; readings');
  });

  it('the city snapshot: the matrix coloured by band and the wheel', async () => {
    const page = await html('/reports/snapshot');
    keep('snapshot.html', page);
    const card = (await get('/scorecard')).body;
    for (const d of card.dimensions) expect(page).toMatch(new RegExp(`<th scope="row" class="band-${d.band} matrix-dimension"><span class="matrix-name">${d.name}</span>`));
    for (const s of card.subdimensions) expect(page).toContain(`<td class="band-${s.band} matrix-cell"><span class="matrix-name">${s.name.replace(/&/g, '&amp;')}</span>`);
    expect(page).toContain('Benchmarking wheel of Fjordby &lt;script&gt;');
  });

  it('the gate decision record: who submitted, who decided and when, the seats and who held them, criteria, frozen scorecards', async () => {
    const page = await html(`/reports/gates/${gateId}`);
    keep('gate-record.html', page);
    const gate = (await get('/gates')).body.find((g: { id: string }) => g.id === gateId);
    expect(page).toContain('Cora Coordinator, on');
    for (const name of ['Cam Council', 'Fay Funder', 'Pat Manager']) expect(page).toContain(name);
    expect(page).toContain('Stakeholder group “city_council”');
    expect(page).toContain('Stakeholder group “funding_partner”');
    expect(page).toContain('Programme manager');
    expect(page).toContain('Approved: the quorum was met');
    for (const c of gate.criteria.checked) expect(page).toContain(`<span class="code">${c}</span>`);
    expect(page).toContain('The scorecard frozen at submission');
    expect(page).toContain('The scorecard frozen at the decision');
    for (const d of gate.scorecardAtDecision.dimensions) expect(page).toContain(`<th scope="row">${d.name}</th><td class="num">${formatPercent(d.percent, 'en-GB')}</td>`);
    expect(page).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/); // names, not ids
  });

  it('the monitoring report: baseline, latest, progress, status and a trend line per targeted KPI', async () => {
    const page = await html('/reports/monitoring');
    keep('monitoring.html', page);
    const items = (await get('/monitoring')).body as { code: string; latest: { value: number }; baseline: { value: number }; status: string; progress: number }[];
    expect(items.length).toBe(3);
    for (const item of items) {
      const officialCode = kpis.find((k) => k.code === item.code)!.officialCode;
      const row = page.slice(page.indexOf(`<span class="code">${officialCode}</span>`));
      expect(row).toContain(formatNumber(item.baseline.value, 'en-GB'));
      expect(row).toContain(formatNumber(item.latest.value, 'en-GB'));
      expect(row).toContain(humanise(item.status));
    }
    expect((page.match(/<svg class="sparkline"/g) ?? []).length).toBe(3);
    expect(page).toContain('<polyline points="');
  });

  it('numbers and dates follow ?locale=', async () => {
    const page = await html('/reports/monitoring?locale=de-DE');
    const items = (await get('/monitoring')).body as { latest: { value: number } }[];
    expect(page).toContain(formatNumber(items[0].latest.value, 'de-DE'));
    expect(page).toMatch(/>\d+,\d+</); // a decimal comma (52,5)
    const card = (await get('/scorecard')).body as { kpis: { value: number | null }[] };
    const large = formatNumber(card.kpis.find((k) => (k.value ?? 0) >= 1000)!.value, 'de-DE');
    expect(large).toMatch(/^\d{1,3}(\.\d{3})+(,\d+)?$/); // 80.000: German digit grouping
    const assessment = await html('/reports/assessment?locale=de-DE');
    expect(assessment).toContain(`>${large}<`);
    // The locale writes numbers and dates; the pages are still in English.
    expect(page).toContain('<html lang="en">');
    expect(assessment).toContain('<html lang="en">');
    expect(await html('/reports/assessment?locale=ar')).toContain('<html lang="en">');
  });

  it('refuses a format it does not know (400 in the shared shape), an unknown gate (404), and someone who may not see the engagement (404)', async () => {
    const bad = await get('/reports/assessment?format=docx');
    expect(bad.status).toBe(400);
    expectErrorShape(bad.body, 400, 'VALIDATION_FAILED');
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('format');
    expect((await get('/reports/gates/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const outsider = await server.person('member', 'Otto Outsider');
    for (const path of ['/reports/assessment', '/reports/snapshot', '/reports/monitoring', `/reports/gates/${gateId}`, '/reports/assessment?format=pdf']) {
      const res = await get(path, outsider.token);
      expect(res.status).toBe(404);
      expectErrorShape(res.body, 404);
    }
  });

  describeWithChromium('as PDF (headless Chromium)', () => {
    const pdf = async (path: string, token = cast.council.token): Promise<Buffer> => {
      const res: Response = await server.http.get(`/api/engagements/${id}${path}`).set(auth(token)).buffer(true).parse(binary as never);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const body = res.body as Buffer;
      expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      return body;
    };

    it('prints each report; the assessment report runs to several pages, the snapshot to one', async () => {
      const assessment = await pdf('/reports/assessment?format=pdf');
      keep('assessment.pdf', assessment);
      expect(pdfPages(assessment)).toBeGreaterThan(5);
      const snapshot = await pdf('/reports/snapshot?format=pdf');
      keep('snapshot.pdf', snapshot);
      expect(pdfPages(snapshot)).toBe(1);
      // The city snapshot is one page by design (as U4SSC's); the other reports of a fully reported engagement run longer.
      const gateRecord = await pdf(`/reports/gates/${gateId}?format=pdf`);
      keep('gate-record.pdf', gateRecord);
      expect(pdfPages(gateRecord)).toBeGreaterThan(1);
      const monitoring = await pdf('/reports/monitoring?format=pdf');
      keep('monitoring.pdf', monitoring);
      expect(pdfPages(monitoring)).toBeGreaterThan(1);
    }, 120_000);

    it('every table fits the width of an A4 page, even with a source of one 990-letter word', async () => {
      // The printer's own Chromium, laid out as it prints: A4 less 12 mm margins is 703 CSS px wide.
      const browser = await server.app.get(PdfPrinter)['launched']();
      const context = await browser.newContext({ viewport: { width: 703, height: 1000 }, javaScriptEnabled: true });
      try {
        const page = await context.newPage();
        await page.emulateMedia({ media: 'print' });
        for (const path of ['/reports/assessment', '/reports/monitoring', '/reports/snapshot', `/reports/gates/${gateId}`]) {
          const text = await html(path);
          if (path === '/reports/monitoring') expect(text).toContain(LONG_SOURCE);
          await page.setContent(text);
          const { overflowing, scrollWidth } = (await page.evaluate(TABLES_PAST_THE_EDGE)) as { overflowing: unknown[]; scrollWidth: number };
          expect({ path, overflowing }).toEqual({ path, overflowing: [] });
          expect(scrollWidth).toBeLessThanOrEqual(703);
        }
      } finally {
        await context.close();
      }
    }, 120_000);

    it('launches the browser again when it died', async () => {
      const printer = server.app.get(PdfPrinter);
      expect(printer.warm).toBe(true);
      const browser = await printer['browser'];
      await browser!.close();
      expect(pdfPages(await pdf('/reports/snapshot?format=pdf'))).toBe(1);
      expect(printer.warm).toBe(true);
    }, 120_000);

    it('prints several at once (two at a time, the rest queued)', async () => {
      const people = [cast.council, cast.partner, cast.coordinator, cast.verifier];
      const all = await Promise.all(people.map((person) => pdf('/reports/snapshot?format=pdf', person.token)));
      expect(all.every((p) => pdfPages(p) === 1)).toBe(true);
    }, 120_000);

    it(`one person has at most ${PDF_PER_PERSON} PDFs printing or waiting: one more answers 503 PDF_BUSY with Retry-After`, async () => {
      const asks = Array.from({ length: PDF_PER_PERSON + 1 }, () =>
        server.http.get(`/api/engagements/${id}/reports/assessment?format=pdf`).set(auth(cast.contributor.token)).buffer(true).parse(binary as never),
      );
      const answers = await Promise.all(asks);
      const refused = answers.filter((r) => r.status === 503);
      expect(refused).toHaveLength(1);
      expect(JSON.parse((refused[0].body as Buffer).toString('utf8'))).toMatchObject({ statusCode: 503, code: 'PDF_BUSY' });
      expect(refused[0].headers['retry-after']).toMatch(/^\d+$/);
      expect(answers.filter((r) => r.status === 200)).toHaveLength(PDF_PER_PERSON);
      // Someone else is not held up by it.
      expect(pdfPages(await pdf('/reports/snapshot?format=pdf', cast.partner.token))).toBe(1);
    }, 120_000);

    it('requests whose client went away give up their place and their render: the next PDF prints', async () => {
      const printer = server.app.get(PdfPrinter);
      const observers = await Promise.all(
        [1, 2, 3, 4, 5].map(async (n) => {
          const person = await server.person('member', `Olga Observer ${n}`);
          await server.member(cast.manager.token, id, person.id, 'observer');
          return person;
        }),
      );
      const httpServer = server.app.getHttpServer() as Server;
      if (!httpServer.listening) await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
      const { port } = httpServer.address() as AddressInfo;
      // Enough dropped requests to fill every slot and the whole line, as a reader could.
      const capacity = PDF_CONCURRENCY + PDF_QUEUE_LIMIT;
      const dropped = observers.flatMap((person) =>
        Array.from({ length: capacity / observers.length }, () => {
          const ask = httpGet({ host: '127.0.0.1', port, path: `/api/engagements/${id}/reports/assessment?format=pdf`, headers: auth(person.token) });
          ask.on('error', () => undefined);
          return ask;
        }),
      );
      const state = () => ({ running: printer['running'] as number, waiting: (printer['waiting'] as unknown[]).length });
      for (let waited = 0; state().running + state().waiting < capacity && waited < 200; waited++) await new Promise((r) => setTimeout(r, 50));
      expect(state()).toEqual({ running: PDF_CONCURRENCY, waiting: PDF_QUEUE_LIMIT });
      for (const ask of dropped) ask.destroy();
      // The line empties and the renders stop well before ten renders could have finished.
      const started = Date.now();
      while ((state().running > 0 || state().waiting > 0) && Date.now() - started < 3_000) await new Promise((r) => setTimeout(r, 20));
      expect(state()).toEqual({ running: 0, waiting: 0 });
      const browser = await printer['browser'];
      expect(browser!.contexts()).toHaveLength(0);
      // The same people, and anyone else, print again at once.
      expect(pdfPages(await pdf('/reports/snapshot?format=pdf', observers[0].token))).toBe(1);
      expect(pdfPages(await pdf('/reports/snapshot?format=pdf'))).toBe(1);
    }, 120_000);
  });
});

describe('reports without a browser', () => {
  let server: TestServer;
  let id: string;

  beforeAll(async () => {
    server = await TestServer.start({ CHROMIUM_PATH: '/nonexistent/chromium' });
    const cityId = await server.city(server.adminToken, 'Nobrowser');
    id = (await server.engagement(server.adminToken, cityId)).id;
  });
  afterAll(() => server.stop());

  it('answers PDF with 503 PDF_UNAVAILABLE saying how to install one; HTML still works', async () => {
    const res = await server.http.get(`/api/engagements/${id}/reports/assessment?format=pdf`).set(auth(server.adminToken));
    expect(res.status).toBe(503);
    expectErrorShape(res.body, 503, 'PDF_UNAVAILABLE');
    expect(res.body.message).toContain('apt-get install chromium');
    expect(res.body.message).toContain('CHROMIUM_PATH');
    const page = await server.http.get(`/api/engagements/${id}/reports/assessment`).set(auth(server.adminToken));
    expect(page.status).toBe(200);
    expect(page.text).toContain('KPIs not reported');
  });
});
