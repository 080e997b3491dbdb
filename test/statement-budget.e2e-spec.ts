import { OutboxWorker } from '../src/outbox/outbox-worker';
import { auth, TestServer } from './support/harness';
import { castOf, engagementWith, type Cast } from './support/roadmap-steps';

/**
 * How many SQL statements a request costs (BEGIN and COMMIT count), with the outbox worker running
 * as in production: a budget, not a timing. Each statement is a round trip to the database; the
 * budgets are what the code needs now, so a change that adds a query per request fails here and
 * says which statements it sent.
 */
describe('statements per request', () => {
  let server: TestServer;
  let cast: Cast;
  let id: string;

  beforeAll(async () => {
    // The worker runs (nudged after each commit); its poll never falls due during the test.
    server = await TestServer.start({ OUTBOX_POLL_MS: '3600000' });
    cast = await castOf(server);
    id = await engagementWith(server, cast);
  });
  afterAll(() => server?.stop());

  const versionOf = async (): Promise<number> => (await server.http.get(`/api/engagements/${id}`).set(auth(cast.manager.token))).body.version;

  /** The statements of one request and of the outbox work its commit started. */
  async function cost(send: () => Promise<{ status: number }>, status: number): Promise<string[]> {
    const worker = server.app.get(OutboxWorker);
    await worker.settled();
    const { result, statements } = await server.statementsOf(async () => {
      const res = await send();
      await worker.settled();
      return res;
    });
    expect(result.status).toBe(status);
    return statements;
  }

  const withinBudget = (statements: string[], budget: number): void => {
    if (statements.length > budget) throw new Error(`${statements.length} statements, budget ${budget}:\n${statements.map((s) => s.slice(0, 160)).join('\n')}`);
  };

  it('an event with nothing to work out for the answer (PUT_ON_HOLD): 8 statements — the caller with the engagement and their roles in one read, one transaction, the city and members in one read — and 4 for the outbox dispatch it nudges', async () => {
    const version = await versionOf();
    const statements = await cost(() => server.http.post(`/api/engagements/${id}/events`).set(auth(cast.manager.token)).send({ type: 'PUT_ON_HOLD', expectedVersion: version }), 200);
    expect(statements.filter((s) => s === 'START TRANSACTION').length).toBe(2);
    withinBudget(statements, 12);
  });

  it('reading an engagement on hold: two statements', async () => {
    withinBudget(await cost(() => server.http.get(`/api/engagements/${id}`).set(auth(cast.coordinator.token)), 200), 2);
  });

  it('an event whose answer says why SUBMIT_FOR_REVIEW is blocked (RESUME): four more reads (tasks, values, targets, members), no more transactions', async () => {
    const version = await versionOf();
    const statements = await cost(() => server.http.post(`/api/engagements/${id}/events`).set(auth(cast.manager.token)).send({ type: 'RESUME', expectedVersion: version }), 200);
    expect(statements.filter((s) => s === 'START TRANSACTION').length).toBe(2);
    withinBudget(statements, 16);
  });

  it('reading an engagement in progress, with why its manager may not submit it yet: six statements', async () => {
    withinBudget(await cost(() => server.http.get(`/api/engagements/${id}`).set(auth(cast.manager.token)), 200), 6);
  });

  it('a refused event (stale version) writes nothing and costs no more than the read and the locked check', async () => {
    const version = await versionOf();
    const statements = await cost(() => server.http.post(`/api/engagements/${id}/events`).set(auth(cast.manager.token)).send({ type: 'PUT_ON_HOLD', expectedVersion: version - 1 }), 409);
    expect(statements.filter((s) => /^(INSERT|UPDATE|DELETE)/.test(s))).toEqual([]);
    withinBudget(statements, 4);
  });
});
