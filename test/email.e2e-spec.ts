import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Clock } from '../src/clock/clock';
import { EmailChannel } from '../src/notifications/email-channel';
import { auth, expectErrorShape, TestServer } from './support/harness';
import { drainOutbox, inbox } from './support/outbox';
import { castOf, type Cast } from './support/roadmap-steps';

interface Received {
  to: string[];
  raw: string;
}

/** A mail server on 127.0.0.1 that keeps what it is sent. */
async function mailServer(): Promise<{
  url: string;
  received: Received[];
  refuse: { next: number };
  hang: { next: number; started: number };
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  const refuse = { next: 0 };
  const hang = { next: 0, started: 0 };
  const smtp = new SMTPServer({
    authOptional: true,
    closeTimeout: 200,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        if (hang.next > 0) {
          hang.next--;
          hang.started++;
          return; // never answers: the client gives up after its timeout
        }
        if (refuse.next > 0) {
          refuse.next--;
          return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
        }
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, refuse, hang, close: () => new Promise((resolve) => smtp.close(() => resolve())) };
}

/** The readable text of a MIME message: quoted-printable undone. */
const decoded = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

async function assignedEngagement(server: TestServer, cast: Cast): Promise<{ id: string; taskIds: string[] }> {
  const cityId = await server.city(cast.manager.token, 'Mail City');
  const { id } = await server.engagement(cast.manager.token, cityId, { title: '<b>Tom & Jerry</b> roadmap' });
  await server.member(cast.manager.token, id, cast.coordinator.id, 'city_coordinator');
  await server.member(cast.manager.token, id, cast.contributor.id, 'data_contributor');
  const tasks = (await server.http.get(`/api/engagements/${id}/tasks?stage=assessment`).set(auth(cast.manager.token))).body as { id: string }[];
  return { id, taskIds: tasks.map((t) => t.id) };
}

describe('e-mail notifications over SMTP, for those who chose them', () => {
  let smtp: Awaited<ReturnType<typeof mailServer>>;
  let server: TestServer;
  let cast: Cast;

  beforeAll(async () => {
    smtp = await mailServer();
    server = await TestServer.start({ SMTP_URL: smtp.url, MAIL_FROM: 'roadmap@u4ssc.test' });
    cast = await castOf(server);
  });
  afterAll(async () => {
    await server.stop();
    await smtp.close();
  });

  it('keeps each person\'s choice per notification type, and refuses a type or channel that is none', async () => {
    const prefs = () => server.http.get('/api/me/notification-preferences').set(auth(cast.contributor.token));
    expect((await prefs()).body.channels).toEqual(expect.objectContaining({ 'task.assigned': 'in_app', 'kpi.rejected': 'in_app' }));
    const put = (body: object) => server.http.put('/api/me/notification-preferences').set(auth(cast.contributor.token)).send(body);
    const set = await put({ channels: { 'task.assigned': 'email' } });
    expect(set.status).toBe(200);
    expect(set.body.channels).toEqual(expect.objectContaining({ 'task.assigned': 'email', 'kpi.rejected': 'in_app' }));
    expectErrorShape((await put({ channels: { 'task.eaten': 'email' } })).body, 400, 'VALIDATION_FAILED');
    expectErrorShape((await put({ channels: { 'task.assigned': 'pigeon' } })).body, 400, 'VALIDATION_FAILED');
    expectErrorShape((await put({ channels: 'email' })).body, 400, 'VALIDATION_FAILED');
    expect((await prefs()).body.channels['task.assigned']).toBe('email');
    // Another person's choices are their own.
    expect((await server.http.get('/api/me/notification-preferences').set(auth(cast.coordinator.token))).body.channels['task.assigned']).toBe('in_app');
  });

  it('sends an e-mail to whoever chose e-mail (HTML escaped, text plain), and in-app to everyone', async () => {
    const { id, taskIds } = await assignedEngagement(server, cast);
    for (const [taskId, person] of [[taskIds[0], cast.contributor], [taskIds[1], cast.coordinator]] as const) {
      expect((await server.http.patch(`/api/engagements/${id}/tasks/${taskId}`).set(auth(cast.manager.token)).send({ assigneeId: person.id })).status).toBe(200);
    }
    await drainOutbox(server);
    expect(smtp.received.map((m) => m.to)).toEqual([[cast.contributor.email.toLowerCase()]]);
    const mail = decoded(smtp.received[0].raw);
    expect(mail).toMatch(/^From: roadmap@u4ssc\.test/m);
    expect(mail).toContain('&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; roadmap'); // HTML part: escaped
    expect(mail).toContain('Hello Dan Contributor,');
    expect(mail).toContain('<b>Tom & Jerry</b> roadmap: the task "'); // text part: as typed
    expect(mail).not.toContain('<b>Tom & Jerry</b> roadmap</p>');
    expect((await inbox(server, cast.contributor.token)).map((n) => n.type)).toEqual(['task.assigned']);
    expect((await inbox(server, cast.coordinator.token)).map((n) => n.type)).toEqual(['task.assigned']);
    const deliveries = (await server.dataSource.query(
      `SELECT d.channel, d.status, d.attempts FROM outbox_delivery d JOIN outbox_message m ON m.id = d.message_id WHERE m.engagement_id = $1 ORDER BY d.channel, d.id`,
      [id],
    )) as { channel: string; status: string; attempts: number }[];
    expect(deliveries).toEqual([
      { channel: 'email', status: 'delivered', attempts: 1 },
      { channel: 'in_app', status: 'delivered', attempts: 1 },
      { channel: 'in_app', status: 'delivered', attempts: 1 },
    ]);
  });

  it('tries a refused e-mail again after the backoff, and records each attempt', async () => {
    const { id, taskIds } = await assignedEngagement(server, cast);
    smtp.refuse.next = 1;
    const sent = smtp.received.length;
    expect((await server.http.patch(`/api/engagements/${id}/tasks/${taskIds[0]}`).set(auth(cast.manager.token)).send({ assigneeId: cast.contributor.id })).status).toBe(200);
    const email = async () =>
      ((await server.dataSource.query(
        `SELECT d.id, d.status, d.attempts, d.last_error FROM outbox_delivery d JOIN outbox_message m ON m.id = d.message_id WHERE m.engagement_id = $1 AND d.channel = 'email'`,
        [id],
      )) as { id: string; status: string; attempts: number; last_error: string | null }[])[0];
    await drainOutbox(server);
    expect(await email()).toEqual(expect.objectContaining({ status: 'pending', attempts: 1, last_error: expect.stringContaining('Mailbox busy') }));
    await drainOutbox(server); // not due yet: the first retry waits 30 s (and up to 20 % more)
    expect((await email()).attempts).toBe(1);
    const clock = jest.spyOn(server.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 37_000));
    try {
      await drainOutbox(server);
    } finally {
      clock.mockRestore();
    }
    expect(await email()).toEqual(expect.objectContaining({ status: 'delivered', attempts: 2, last_error: null }));
    expect(smtp.received.length).toBe(sent + 1);
    const attempts = (await server.dataSource.query(`SELECT attempt, outcome, error FROM outbox_attempt WHERE delivery_id = $1 ORDER BY attempt`, [(await email()).id])) as {
      attempt: number;
      outcome: string;
    }[];
    expect(attempts).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'failed', error: expect.stringContaining('451') }),
      expect.objectContaining({ attempt: 2, outcome: 'delivered', error: null }),
    ]);
  });

  it('a mail server that hangs holds no database session: the API answers while the delivery waits', async () => {
    const { id, taskIds } = await assignedEngagement(server, cast);
    const channel = server.app.get(EmailChannel);
    const timeout = jest.replaceProperty(channel, 'timeoutMs', 4_000);
    smtp.hang.next = 1;
    try {
      expect((await server.http.patch(`/api/engagements/${id}/tasks/${taskIds[0]}`).set(auth(cast.manager.token)).send({ assigneeId: cast.contributor.id })).status).toBe(200);
      const drained = drainOutbox(server).then(() => 'delivery gave up' as const);
      while (smtp.hang.started === 0) await new Promise((r) => setTimeout(r, 20));
      // The mail is stuck at the server; reads and writes go through meanwhile (one session on the embedded database).
      const api = (async () => {
        for (let i = 0; i < 3; i++) {
          expect((await server.http.get(`/api/engagements/${id}`).set(auth(cast.manager.token))).status).toBe(200);
          expect((await server.http.patch(`/api/engagements/${id}/tasks/${taskIds[1]}`).set(auth(cast.manager.token)).send({ note: `note ${i}` })).status).toBe(200);
        }
        return 'api answered' as const;
      })();
      expect(await Promise.race([drained, api])).toBe('api answered');
      expect(await drained).toBe('delivery gave up');
    } finally {
      timeout.restore();
    }
    const [email] = (await server.dataSource.query(
      `SELECT d.status, d.last_error FROM outbox_delivery d JOIN outbox_message m ON m.id = d.message_id WHERE m.engagement_id = $1 AND d.channel = 'email'`,
      [id],
    )) as { status: string; last_error: string }[];
    expect(email).toEqual({ status: 'pending', last_error: 'no answer within 4000 ms' });
  });
});

describe('e-mail without a mail server', () => {
  let server: TestServer;

  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.stop());

  it('runs the same code and keeps the e-mail in the outbox as logged', async () => {
    const cast = await castOf(server);
    const { id, taskIds } = await assignedEngagement(server, cast);
    expect((await server.http.put('/api/me/notification-preferences').set(auth(cast.contributor.token)).send({ channels: { 'task.assigned': 'email' } })).status).toBe(200);
    expect((await server.http.patch(`/api/engagements/${id}/tasks/${taskIds[0]}`).set(auth(cast.manager.token)).send({ assigneeId: cast.contributor.id })).status).toBe(200);
    await drainOutbox(server);
    const [email] = (await server.dataSource.query(
      `SELECT d.status, a.outcome FROM outbox_delivery d JOIN outbox_message m ON m.id = d.message_id JOIN outbox_attempt a ON a.delivery_id = d.id
        WHERE m.engagement_id = $1 AND d.channel = 'email'`,
      [id],
    )) as { status: string; outcome: string }[];
    expect(email).toEqual({ status: 'logged', outcome: 'logged' });
  });
});
